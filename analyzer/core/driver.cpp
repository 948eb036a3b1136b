#include "analyzer/core/driver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <thread>

#include <fmt/format.h>

#include "analyzer/core/cache.h"
#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/discovery.h"
#include "analyzer/core/idents.h"
#include "analyzer/core/io.h"
#include "analyzer/core/resolve/project.h"
#include "analyzer/core/suppress.h"
#include "analyzer/frontend.h"

namespace envdrift {

namespace {

// A lone CR (classic Mac line ends) becomes LF: tree-sitter counts rows by LF only, so such a file
// was one long line 1 (reads and syntax errors all "at line 1"). One byte for one byte, so
// offsets and columns are unchanged; a CRLF pair is left alone.
void lone_cr_to_lf(std::string& text) {
  for (size_t i = text.find('\r'); i != std::string::npos; i = text.find('\r', i + 1))
    if (i + 1 == text.size() || text[i + 1] != '\n') text[i] = '\n';
}

bool looks_binary(std::string_view text) {
  return text.substr(0, 8192).find('\0') != std::string_view::npos;
}

bool passes_prefilter(const FrontendDescriptor& fe, std::string_view text) {
  if (fe.prefilter.empty()) return true;
  return fe.needles->any(text);
}

struct FileOutcome {
  FileResult result;
  bool parsed = false;           // analyzed: parsed now, or its result taken from the cache
  bool from_cache = false;
  bool prefiltered_out = false;  // read fine, but no prefilter needle: a candidate for pass 2
  bool deferred = false;         // a cache entry that needs the tree fingerprint to be trusted
  bool uses_project = false;     // the extraction looked at other files of the tree
  uint64_t hash = 0;             // XXH3-64 of the bytes read (cache::kUnreadable); only with the cache
  bool have_stat = false;        // `stat` describes the file (read fine, cache on)
  bool not_read = false;         // its stat data matched the cache's: outcome known without reading
  cache::FileStat stat;
  std::vector<SuppressionComment> suppressions;
  // A file pass 1 read and the prefilter skipped keeps its (CR-normalised) bytes while the
  // budget lasts: a symbol round that brings it analyzes them instead of reading, checking and
  // hashing the file again. So does a file parsed in part, without a cache.
  std::optional<std::string> kept_text;
  // The identifier hashes a symbol round asks of it were not taken (no cache records them, and
  // its bytes are kept): the skipped file's, or those of the statements a partial parse left
  // out (result.unparsed_ranges). A round searches the kept bytes instead (idents.h RunSearch).
  bool idents_pending = false;
};

// What is left of ScanOptions::kept_text_budget (shared by the workers).
struct TextBudget {
  std::atomic<size_t> left;
  explicit TextBudget(size_t bytes) : left(bytes) {}
  bool take(size_t n) {
    size_t have = left.load(std::memory_order_relaxed);
    while (have >= n)
      if (left.compare_exchange_weak(have, have - n, std::memory_order_relaxed)) return true;
    return false;
  }
  void give(size_t n) { left.fetch_add(n, std::memory_order_relaxed); }
};

// What the workers may use of the cache (read-only while a pass runs).
struct CacheView {
  bool enabled = false;            // hash what is read (the cache is written after the scan)
  const cache::Cache* loaded = nullptr;
  bool fingerprint_known = false;  // false during pass 1: every file must be read first
  bool fingerprint_matches = false;
};

// The cached result of `f` when it can be trusted. Sets `deferred` when only the tree
// fingerprint, not known yet, can tell.
// `round`: asked by a symbol round for a symbol the file mentions. A partial parse is seeded by
// its round's symbols (analyzer/core/partial.h), which are the same only on an unchanged tree.
bool take_cached(const DiscoveredFile& f, const CacheView& cv, FileOutcome& out, bool round = false) {
  if (cv.loaded == nullptr) return false;
  auto it = cv.loaded->entries.find(f.rel);
  if (it == cv.loaded->entries.end() || it->second.hash != out.hash) return false;
  const cache::Entry& e = it->second;
  if ((e.uses_project || (round && e.result.partial)) && !(cv.fingerprint_known && cv.fingerprint_matches)) {
    out.deferred = !cv.fingerprint_known;
    return false;
  }
  out.parsed = out.from_cache = true;
  out.uses_project = e.uses_project;
  out.result = e.result;
  out.suppressions = e.suppressions;
  return true;
}

std::string bad_utf8_note(uint64_t at) { return fmt::format("not valid UTF-8 (byte offset {}); file skipped", at); }

std::string minified_note(uint64_t line_length) {
  return fmt::format("minified or generated code (a {}-byte line); not analyzed ([scope] generated, or name the file to analyze it)",
                     line_length);
}

// Pass 1 on a file the cache says is unchanged by its stat data: its outcome without reading
// it. False when the file must be read after all (then `out` is untouched).
bool unchanged_by_stat(const DiscoveredFile& f, const CacheView& cv, FileOutcome& out) {
  auto it = cv.loaded->files.find(f.rel);
  if (it == cv.loaded->files.end()) return false;
  struct stat st {};
  if (::stat(f.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  cache::FileStat now = it->second;
  cache::fill_stat(st, now);
  if (!cache::stat_unchanged(it->second, now, cv.loaded->started_ns)) return false;
  FileOutcome o;
  o.hash = now.hash;
  o.stat = now;
  o.have_stat = true;
  o.not_read = true;
  switch (now.kind) {
    case cache::FileStat::Kind::Binary:
      o.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, "binary file skipped"});
      break;
    case cache::FileStat::Kind::BadUtf8:
      o.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, bad_utf8_note(now.bad_utf8_at)});
      break;
    case cache::FileStat::Kind::Minified:
      if (f.named) return false;  // named explicitly now: read and analyze it
      o.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, minified_note(now.bad_utf8_at)});
      break;
    case cache::FileStat::Kind::PrefilterMiss:
      o.prefiltered_out = true;
      break;
    case cache::FileStat::Kind::PrefilterHit:
      if (!take_cached(f, cv, o) && !o.deferred) return false;
      break;
  }
  out = std::move(o);
  return true;
}

// Pass 2 on an unchanged tree (its fingerprint matched the cache's): a file pass 1 knew unchanged
// by its stat data, and that the previous scan parsed in pass 2, is brought in by the same
// symbols again (the cache holds exactly the files a scan parsed), so its entry is its outcome
// without reading it. False when the file must go through process_file.
bool reuse_pass2_entry(const DiscoveredFile& f, const CacheView& cv, FileOutcome& o) {
  if (cv.loaded == nullptr || !cv.fingerprint_matches || !o.not_read) return false;
  auto it = cv.loaded->entries.find(f.rel);
  if (it == cv.loaded->entries.end() || it->second.hash != o.hash) return false;
  const cache::Entry& e = it->second;
  o.prefiltered_out = false;
  o.parsed = o.from_cache = true;
  o.uses_project = e.uses_project;
  o.result = e.result;
  o.suppressions = e.suppressions;
  return true;
}

// Whether `text` mentions one of a symbol round's symbols (none in pass 1: `symbols` null).
bool mentions_symbol(std::string_view text, const std::vector<std::string>* symbols) {
  return symbols != nullptr && std::any_of(symbols->begin(), symbols->end(), [&](const std::string& s) {
           return text.find(s) != std::string_view::npos;
         });
}

// A file read and checked: its reads, from the cache or parsed now. `budgeted`: the budget
// already counts its bytes (they were kept); without a cache a partial parse keeps them (while
// the budget lasts) for the symbol rounds, which then search them instead of hashes.
FileOutcome analyze_read(const DiscoveredFile& f, TSParser* parser, const std::vector<std::string>* symbols,
                         const CacheView& cv, SourceFile src, FileOutcome out, bool hit, TextBudget& budget,
                         bool budgeted) {
  // A symbol round brings the file for a symbol it mentions (a file the prefilter skipped, or
  // one whose partial parse left the mention out): its partial parse is seeded by the symbols too.
  bool mentions = hit ? mentions_symbol(src.text, symbols) : true;
  const size_t size = src.text.size();
  if (take_cached(f, cv, out, mentions) || out.deferred) {
    if (budgeted) budget.give(size);
    return out;
  }
  out.parsed = true;
  bool keep = !cv.enabled && (budgeted || budget.take(size));
  budgeted = budgeted || keep;
  uint64_t lookups = resolve::project_lookups();
  out.result = analyze_source(*f.frontend, src, parser, true, mentions ? symbols : nullptr, keep);
  out.uses_project = resolve::project_lookups() != lookups;
  // A read a frontend reports in another file (a settings field declared in a base's module)
  // takes no suppression from this file's comments; those the frontend itself set stay.
  std::vector<size_t> own(out.result.reads.size());
  for (size_t i = 0; i < own.size(); ++i) own[i] = out.result.reads[i].suppressions.size();
  out.suppressions = attach_suppressions(src.text, f.frontend->line_comment, out.result.reads);
  for (size_t i = 0; i < own.size(); ++i)
    if (out.result.reads[i].file != f.rel) out.result.reads[i].suppressions.resize(own[i]);
  for (auto& c : out.suppressions) c.file = f.rel;
  if (keep && out.result.partial) {
    out.kept_text = std::move(src.text);
    out.idents_pending = true;
  } else if (budgeted) {
    budget.give(size);
  }
  return out;
}

// A symbol round on a file the prefilter skipped: analyzed when it mentions one of the symbols.
// `keep`: its text came from pass 1's budget, and stays kept for a later round.
FileOutcome analyze_skipped(const DiscoveredFile& f, TSParser* parser, const std::vector<std::string>* symbols,
                            const CacheView& cv, SourceFile src, FileOutcome out, bool keep, TextBudget& budget) {
  if (!mentions_symbol(src.text, symbols)) {
    out.prefiltered_out = true;  // a later round may bring a symbol it mentions
    if (keep) out.kept_text = std::move(src.text);
    return out;
  }
  out.idents_pending = false;
  return analyze_read(f, parser, symbols, cv, std::move(src), std::move(out), false, budget, keep);
}

// Pass 1 (`symbols` null): parse files that pass the frontend's byte prefilter. Pass 2: parse a
// file the prefilter skipped when it mentions a read symbol another file declared; `before` is
// its pass-1 outcome, whose kept text (if any) is used instead of reading the file again.
FileOutcome process_file(const DiscoveredFile& f, TSParser* parser, const std::vector<std::string>* symbols,
                         const CacheView& cv, size_t max_file_size, TextBudget& budget, FileOutcome* before = nullptr) {
  FileOutcome out;
  if (symbols == nullptr && cv.loaded != nullptr && unchanged_by_stat(f, cv, out)) return out;
  SourceFile src{f.path, f.rel, f.frontend->language, {}};
  if (before != nullptr && before->kept_text) {
    // Read and checked before (skipped by the prefilter, or parsed in part): the same bytes,
    // hash and stat data again.
    src.text = std::move(*before->kept_text);
    before->kept_text.reset();
    out.hash = before->hash;
    out.have_stat = before->have_stat;
    out.stat = std::move(before->stat);
    if (!before->prefiltered_out) return analyze_read(f, parser, symbols, cv, std::move(src), std::move(out), true, budget, true);
    out.idents_pending = before->idents_pending;
    return analyze_skipped(f, parser, symbols, cv, std::move(src), std::move(out), true, budget);
  }
  ReadResult rd = read_regular_file(f.path, src.text, max_file_size);
  const struct stat& st = rd.st;
  if (!rd.ok()) {
    out.hash = cache::kUnreadable;
    if (rd.status == ReadStatus::NotRegular) {
      out.result.diagnostics.push_back({Diagnostic::Severity::Warning, f.rel, 0, fmt::format("skipped: {}", rd.error)});
    } else if (rd.status == ReadStatus::TooLarge) {
      out.result.diagnostics.push_back({Diagnostic::Severity::Warning, f.rel, 0,
                                        fmt::format("skipped: {} (raise `max_file_size` to analyze it)", rd.error)});
    } else {
      out.result.diagnostics.push_back({Diagnostic::Severity::Error, f.rel, 0,
                                        fmt::format("cannot read file: {}; its reads are missing from the report", rd.error)});
    }
    return out;
  }
  if (cv.enabled) {
    out.hash = cache::hash_bytes(src.text);
    out.have_stat = true;
    cache::fill_stat(st, out.stat);
    out.stat.hash = out.hash;
  }
  if (looks_binary(src.text)) {
    out.stat.kind = cache::FileStat::Kind::Binary;
    out.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, "binary file skipped"});
    return out;
  }
  if (size_t bad = invalid_utf8_at(src.text); bad != std::string_view::npos) {
    out.stat.kind = cache::FileStat::Kind::BadUtf8;
    out.stat.bad_utf8_at = bad;
    out.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, bad_utf8_note(bad)});
    return out;
  }
  lone_cr_to_lf(src.text);  // before the minified check: a lone-CR file is not one long line
  if (size_t long_line = f.named ? 0 : minified_line_length(src.text); long_line != 0) {
    out.stat.kind = cache::FileStat::Kind::Minified;
    out.stat.bad_utf8_at = long_line;
    out.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, minified_note(long_line)});
    return out;
  }
  bool hit = passes_prefilter(*f.frontend, src.text);
  out.stat.kind = hit ? cache::FileStat::Kind::PrefilterHit : cache::FileStat::Kind::PrefilterMiss;
  if (!hit) {
    // What pass 2 asks of a skipped file, answered now (and cached) so it is not read again for
    // it; without a cache, a file whose bytes are kept is asked by them instead.
    bool keep = symbols == nullptr && budget.take(src.text.size());
    if (keep && !cv.enabled)
      out.idents_pending = true;
    else
      out.stat.idents = identifier_hashes(src.text);
    if (symbols == nullptr) {
      if (keep) out.kept_text = std::move(src.text);
      out.prefiltered_out = true;  // a later round may bring a symbol it mentions
      return out;
    }
    return analyze_skipped(f, parser, symbols, cv, std::move(src), std::move(out), false, budget);
  }
  return analyze_read(f, parser, symbols, cv, std::move(src), std::move(out), true, budget, false);
}

// Where this scan's cache lives, or "" with `note` saying why there is none.
std::string cache_location(const ScanOptions& options, std::string& note) {
  std::string dir = cache::cache_dir(options.cache_dir);
  if (dir.empty()) {
    note = "cache off: no cache directory ($ENVDRIFT_CACHE_DIR, $XDG_CACHE_HOME and $HOME are unset)";
    return {};
  }
  std::vector<std::string> scanned{options.root};
  scanned.insert(scanned.end(), options.paths.begin(), options.paths.end());
  for (const auto& p : scanned) {
    std::error_code ec;
    if (!p.empty() && std::filesystem::is_directory(p, ec) && cache::inside(dir, p)) {
      note = fmt::format("cache off: the cache directory {} is inside the scanned tree", dir);
      return {};
    }
  }
  return cache::cache_file(dir, options.root);
}

bool read_less(const EnvRead& a, const EnvRead& b) {
  return std::tie(a.file, a.line, a.column, a.name) < std::tie(b.file, b.line, b.column, b.name);
}

// Write this scan's results when they differ from what was loaded (`loaded` null: nothing
// usable was). Failures only leave a note: the cache is an optimization.
void save_cache(const Discovery& disc, const std::vector<FileOutcome>& outcomes, uint64_t fingerprint,
                int64_t started_ns, const cache::Cache* loaded, const std::string& key, ScanResult& result) {
  size_t analyzed = 0, stats = 0;
  bool changed = loaded == nullptr || loaded->fingerprint != fingerprint;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const FileOutcome& o = outcomes[i];
    if (o.parsed) {
      ++analyzed;
      if (!o.from_cache) changed = true;
    }
    if (!o.have_stat || changed) continue;
    ++stats;
    auto it = loaded->files.find(disc.files[i].rel);
    if (it == loaded->files.end() || !(it->second == o.stat)) {
      changed = true;
    } else if (!cache::stat_unchanged(o.stat, o.stat, loaded->started_ns) &&
               cache::stat_unchanged(o.stat, o.stat, started_ns)) {
      changed = true;  // too recent to trust last time, not now: record it with this scan's start
    }
  }
  if (!changed && analyzed == loaded->entries.size() && stats == loaded->files.size()) return;
  cache::Cache next;
  next.fingerprint = fingerprint;
  next.started_ns = started_ns;
  next.entries.reserve(analyzed);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const FileOutcome& o = outcomes[i];
    if (o.parsed && o.result.transient) continue;  // a timeout under load must not persist
    if (o.have_stat) next.files[disc.files[i].rel] = o.stat;
    if (o.parsed) next.entries[disc.files[i].rel] = cache::Entry{o.hash, o.uses_project, o.result, o.suppressions};
  }
  std::string error;
  if (!cache::save(result.cache_file, key, next, error)) result.cache_note = fmt::format("cache not written: {}", error);
}

}  // namespace

ScanResult scan(const ScanOptions& options) {
  const int64_t started_ns = cache::now_ns();  // before any file is read (the cache's racy rule)
  ScanResult result;
  CacheView cv;
  cache::Cache loaded;
  bool loaded_ok = false;
  std::string cache_key;
  // The cache is loaded on another thread while the tree is walked (neither needs the other).
  std::thread cache_loader;
  if (options.use_cache) {
    result.cache_file = cache_location(options, result.cache_note);
    if (!result.cache_file.empty()) {
      cv.enabled = true;
      // Reads depend on the declared helpers: another [[helper]] table is another cache.
      cache_key = cache::cache_key(options.root, options.cache_salt + "|" + declared_helpers_fingerprint(options.helpers));
      cache_loader = std::thread([&] { loaded_ok = cache::load(result.cache_file, cache_key, loaded); });  // unusable = empty
      cv.loaded = &loaded;
    }
  }
  Discovery disc = discover(options);
  if (cache_loader.joinable()) cache_loader.join();
  result.diagnostics = std::move(disc.diagnostics);
  result.source_files = disc.files.size();

  // Reads may resolve through other files of the tree (imports of constants, maps, helpers):
  // the project loads those modules on demand.
  std::vector<std::pair<std::string, std::string>> modules;
  modules.reserve(disc.files.size());
  for (const auto& f : disc.files) modules.emplace_back(f.rel, f.path);
  resolve::Project project(std::move(modules));

  std::vector<FileOutcome> outcomes(disc.files.size());
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, std::max<size_t>(1, disc.files.size()));
  std::atomic<size_t> reread{0};  // files the symbol rounds analyze again (not known by their stat data)
  std::atomic<size_t> partial_again{0};  // of them, files parsed in part before
  TextBudget budget(options.kept_text_budget);
  // Runs process_file over `todo` (indices into disc.files) on all workers; `runs`: a symbol
  // round's search for its symbols in the kept bytes of files whose hashes were not taken.
  auto run_pass = [&](const std::vector<size_t>& todo, const std::vector<std::string>* symbols,
                      const RunSearch* runs = nullptr) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      resolve::ProjectScope scope(&project);
      DeclaredHelpersScope helpers_scope(&options.helpers);
      TSParser* parser = ts_parser_new();  // one parser per thread, reused across files
      for (size_t k = next++; k < todo.size(); k = next++) {
        size_t i = todo[k];
        if (runs != nullptr && outcomes[i].idents_pending) {
          const FileOutcome& o = outcomes[i];
          bool may = o.prefiltered_out ? runs->any_mentioned(*o.kept_text)
                                       : runs->any_mentioned(*o.kept_text, o.result.unparsed_ranges);
          if (!may) continue;  // mentions none of the symbols: stays as it was
        }
        if (symbols != nullptr && outcomes[i].parsed && outcomes[i].result.partial) ++partial_again;
        if (symbols != nullptr && reuse_pass2_entry(disc.files[i], cv, outcomes[i])) continue;
        if (symbols != nullptr) ++reread;
        outcomes[i] = process_file(disc.files[i], parser, symbols, cv, options.max_file_size, budget,
                                   symbols != nullptr ? &outcomes[i] : nullptr);
      }
      ts_parser_delete(parser);
    };
    unsigned n = std::min<unsigned>(jobs, std::max<size_t>(1, todo.size()));
    if (n <= 1) {
      worker();
      return;
    }
    std::vector<std::thread> threads;
    threads.reserve(n);
    for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  };
  std::vector<size_t> todo(disc.files.size());
  for (size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  run_pass(todo, nullptr);
  // Every file was hashed (read, or known unchanged by its stat data): the tree fingerprint
  // decides the entries that depend on other files.
  uint64_t fingerprint = 0;
  if (cv.enabled) {
    std::vector<std::pair<std::string, uint64_t>> hashes;
    hashes.reserve(disc.files.size());
    for (size_t i = 0; i < disc.files.size(); ++i) hashes.emplace_back(disc.files[i].rel, outcomes[i].hash);
    fingerprint = cache::tree_fingerprint(options.root, hashes, &disc.config_listing);
    cv.fingerprint_known = true;
    cv.fingerprint_matches = fingerprint != 0 && fingerprint == loaded.fingerprint;
    std::vector<size_t> deferred;
    for (size_t i = 0; i < outcomes.size(); ++i)
      if (outcomes[i].deferred) deferred.push_back(i);
    if (cv.fingerprint_matches) {  // their hashes matched in pass 1: the entries hold
      for (size_t i : deferred) {
        FileOutcome& o = outcomes[i];
        const cache::Entry& e = loaded.entries.at(disc.files[i].rel);
        o.deferred = false;
        o.parsed = o.from_cache = o.uses_project = true;
        o.result = e.result;
        o.suppressions = e.suppressions;
      }
    } else if (!deferred.empty()) {
      run_pass(deferred, nullptr);  // read and parsed again
    }
  }
  // Files the prefilter skipped are parsed after all when they mention a helper / settings class
  // / wrapper declared elsewhere; repeated while new symbols turn up (wrappers of wrappers).
  std::set<std::string> seen_symbols;
  std::vector<size_t> from = todo;
  // The [[helper]] declarations are such symbols from the start: a file that calls one and
  // mentions no env API is still parsed.
  std::vector<std::string> declared;
  for (const DeclaredHelper& h : options.helpers) {
    std::string last = h.function.substr(h.function.rfind('.') + 1);
    if (seen_symbols.insert(last).second) declared.push_back(last);
  }
  for (int round = 0; round < 8; ++round) {
    std::vector<std::string> fresh = round == 0 ? declared : std::vector<std::string>{};
    for (size_t i : from)
      for (auto& sym : outcomes[i].result.read_symbols)
        if (sym.size() >= 3 && seen_symbols.insert(sym).second) fresh.push_back(sym);
    if (fresh.empty()) break;
    // Only the skipped files whose identifiers may name a fresh symbol are read again (those
    // without hashes are asked by the workers, through their kept bytes).
    std::vector<size_t> again;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].idents_pending) {
        again.push_back(i);
        continue;
      }
      // A skipped file, or the statements a partial parse left out (analyzer/core/partial.h).
      const std::vector<uint32_t>* idents = outcomes[i].prefiltered_out ? &outcomes[i].stat.idents
                                            : outcomes[i].parsed && outcomes[i].result.partial
                                                ? &outcomes[i].result.unparsed_idents
                                                : nullptr;
      if (idents != nullptr &&
          std::any_of(fresh.begin(), fresh.end(), [&](const std::string& s) { return may_mention(*idents, s); }))
        again.push_back(i);
    }
    if (again.empty()) break;
    RunSearch runs(fresh);
    run_pass(again, &fresh, &runs);
    from = again;
  }

  result.files_reread = reread;
  result.files_partial_again = partial_again;
  if (cv.enabled) save_cache(disc, outcomes, fingerprint, started_ns, loaded_ok ? &loaded : nullptr, cache_key, result);

  {
    std::vector<std::pair<std::string, const FileResult*>> parsed;
    for (size_t i = 0; i < outcomes.size(); ++i)
      if (outcomes[i].parsed) parsed.emplace_back(disc.files[i].rel, &outcomes[i].result);
    result.coverage = compute_coverage(parsed);
  }
  result.runtime_files = std::move(disc.runtime_files);
  result.outside_include = std::move(disc.outside_include);
  result.files.reserve(disc.files.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    FileOutcome& o = outcomes[i];
    result.files.emplace_back(disc.files[i].rel, disc.files[i].path);
    if (o.parsed) ++result.files_parsed;
    if (o.parsed && o.result.partial) ++result.files_partial;
    if (o.from_cache) ++result.files_from_cache;
    if (o.not_read) ++result.files_not_read;
    for (auto& r : o.result.reads) result.reads.push_back(std::move(r));
    for (auto& d : o.result.diagnostics) result.diagnostics.push_back(std::move(d));
    for (auto& c : o.suppressions) result.suppressions.push_back(std::move(c));
    for (auto& x : o.result.escapes) result.escapes.push_back(std::move(x));
  }
  std::sort(result.escapes.begin(), result.escapes.end(), [](const EnvEscape& a, const EnvEscape& b) {
    return std::tie(a.file, a.line, a.column, a.message) < std::tie(b.file, b.line, b.column, b.message);
  });
  result.files_scanned = disc.files.size();
  std::sort(result.reads.begin(), result.reads.end(), read_less);
  std::sort(result.suppressions.begin(), result.suppressions.end(), [](const SuppressionComment& a, const SuppressionComment& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  return result;
}

std::vector<FileCoverage> compute_coverage(const std::vector<std::pair<std::string, const FileResult*>>& results) {
  // Lines some read's chain passes through, by file: a helper's body, an alias, a constant map.
  std::unordered_map<std::string, std::set<int>> via_lines;
  for (const auto& [rel, fr] : results)
    for (const auto& r : fr->reads)
      for (const auto& v : r.via) via_lines[v.file].insert(v.line);
  std::vector<FileCoverage> out;
  for (const auto& [rel, fr] : results) {
    enum State : uint8_t { Unresolved, Escaped, Dynamic, Resolved };
    std::map<int, State> lines;  // candidate line -> the best that became of it
    auto mark = [&](int line, State s) {
      auto [it, fresh] = lines.try_emplace(line, s);
      if (!fresh && it->second < s) it->second = s;
    };
    for (int l : fr->candidate_lines) mark(l, Unresolved);
    for (const auto& r : fr->reads)
      if (r.file == rel) mark(r.line, r.kind == ReadKind::Dynamic ? Dynamic : Resolved);  // not another file's line
    for (const auto& x : fr->escapes)
      if (lines.count(x.line) != 0) mark(x.line, Escaped);
    if (auto it = via_lines.find(rel); it != via_lines.end())
      for (int l : it->second)
        if (lines.count(l) != 0) mark(l, Resolved);
    for (int l : fr->handled_lines)
      if (lines.count(l) != 0) mark(l, Resolved);
    if (lines.empty()) continue;
    FileCoverage c;
    c.file = rel;
    for (const auto& [line, s] : lines) {
      ++c.candidates;
      switch (s) {
        case Resolved: ++c.resolved; break;
        case Dynamic: ++c.dynamic; break;
        case Escaped: ++c.escaped; break;
        case Unresolved:
          ++c.unresolved;
          if (c.unresolved_lines.size() < 20) c.unresolved_lines.push_back(line);
          break;
      }
    }
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const FileCoverage& a, const FileCoverage& b) { return a.file < b.file; });
  return out;
}

FileResult analyze_text(std::string_view rel, std::string text) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr) return {};
  SourceFile src{std::string(rel), std::string(rel), fe->language, std::move(text)};
  lone_cr_to_lf(src.text);
  TSParser* parser = ts_parser_new();
  FileResult r = analyze_source(*fe, src, parser, true);
  ts_parser_delete(parser);
  attach_suppressions(src.text, fe->line_comment, r.reads);
  std::sort(r.reads.begin(), r.reads.end(), read_less);
  return r;
}

}  // namespace envdrift
