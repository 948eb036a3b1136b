#include "analyzer/core/driver.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "analyzer/core/discovery.h"
#include "analyzer/core/resolve/project.h"
#include "analyzer/core/suppress.h"
#include "analyzer/frontend.h"

namespace envdrift {

namespace {

bool read_whole_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return false;
  }
  out = std::move(ss).str();
  return true;
}

bool looks_binary(std::string_view text) {
  return text.substr(0, 8192).find('\0') != std::string_view::npos;
}

// Offset of the first invalid UTF-8 sequence, or npos.
size_t invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool passes_prefilter(const FrontendDescriptor& fe, std::string_view text) {
  if (fe.prefilter.empty()) return true;
  return std::any_of(fe.prefilter.begin(), fe.prefilter.end(),
                     [&](std::string_view needle) { return text.find(needle) != std::string_view::npos; });
}

struct FileOutcome {
  FileResult result;
  bool parsed = false;
  bool prefiltered_out = false;  // read fine, but no prefilter needle: a candidate for pass 2
  std::vector<SuppressionComment> suppressions;
};

// Pass 1 (`symbols` null): parse files that pass the frontend's byte prefilter. Pass 2: parse a
// file the prefilter skipped when it mentions a read symbol another file declared.
FileOutcome process_file(const DiscoveredFile& f, TSParser* parser, const std::vector<std::string>* symbols) {
  FileOutcome out;
  SourceFile src{f.path, f.rel, f.frontend->language, {}};
  std::string error;
  if (!read_whole_file(f.path, src.text, error)) {
    out.result.diagnostics.push_back({Diagnostic::Severity::Error, f.rel, 0,
                                      fmt::format("cannot read file: {}; its reads are missing from the report", error)});
    return out;
  }
  if (looks_binary(src.text)) {
    out.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0, "binary file skipped"});
    return out;
  }
  if (size_t bad = invalid_utf8_at(src.text); bad != std::string_view::npos) {
    out.result.diagnostics.push_back({Diagnostic::Severity::Note, f.rel, 0,
                                      fmt::format("not valid UTF-8 (byte offset {}); file skipped", bad)});
    return out;
  }
  if (symbols == nullptr) {
    if (!passes_prefilter(*f.frontend, src.text)) {
      out.prefiltered_out = true;
      return out;
    }
  } else if (!std::any_of(symbols->begin(), symbols->end(),
                          [&](const std::string& s) { return src.text.find(s) != std::string::npos; })) {
    out.prefiltered_out = true;  // a later round may bring a symbol it mentions
    return out;
  }
  out.parsed = true;
  out.result = analyze_source(*f.frontend, src, parser);
  out.suppressions = attach_suppressions(src.text, f.frontend->line_comment, out.result.reads);
  for (auto& c : out.suppressions) c.file = f.rel;
  return out;
}

bool read_less(const EnvRead& a, const EnvRead& b) {
  return std::tie(a.file, a.line, a.column, a.name) < std::tie(b.file, b.line, b.column, b.name);
}

}  // namespace

ScanResult scan(const ScanOptions& options) {
  ScanResult result;
  Discovery disc = discover(options);
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
  // Runs process_file over `todo` (indices into disc.files) on all workers.
  auto run_pass = [&](const std::vector<size_t>& todo, const std::vector<std::string>* symbols) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      resolve::ProjectScope scope(&project);
      TSParser* parser = ts_parser_new();  // one parser per thread, reused across files
      for (size_t k = next++; k < todo.size(); k = next++) outcomes[todo[k]] = process_file(disc.files[todo[k]], parser, symbols);
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
  // Files the prefilter skipped are parsed after all when they mention a helper / settings class
  // / wrapper declared elsewhere; repeated while new symbols turn up (wrappers of wrappers).
  std::set<std::string> seen_symbols;
  std::vector<size_t> from = todo;
  for (int round = 0; round < 8; ++round) {
    std::vector<std::string> fresh;
    for (size_t i : from)
      for (auto& sym : outcomes[i].result.read_symbols)
        if (sym.size() >= 3 && seen_symbols.insert(sym).second) fresh.push_back(sym);
    if (fresh.empty()) break;
    std::vector<size_t> again;
    for (size_t i = 0; i < outcomes.size(); ++i)
      if (outcomes[i].prefiltered_out) again.push_back(i);
    if (again.empty()) break;
    run_pass(again, &fresh);
    from = again;
  }

  for (auto& o : outcomes) {
    if (o.parsed) ++result.files_parsed;
    for (auto& r : o.result.reads) result.reads.push_back(std::move(r));
    for (auto& d : o.result.diagnostics) result.diagnostics.push_back(std::move(d));
    for (auto& c : o.suppressions) result.suppressions.push_back(std::move(c));
  }
  result.files_scanned = disc.files.size();
  std::sort(result.reads.begin(), result.reads.end(), read_less);
  std::sort(result.suppressions.begin(), result.suppressions.end(), [](const SuppressionComment& a, const SuppressionComment& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  return result;
}

FileResult analyze_text(std::string_view rel, std::string text) {
  const FrontendDescriptor* fe = frontend_for_path(rel);
  if (fe == nullptr) return {};
  SourceFile src{std::string(rel), std::string(rel), fe->language, std::move(text)};
  TSParser* parser = ts_parser_new();
  FileResult r = analyze_source(*fe, src, parser);
  ts_parser_delete(parser);
  attach_suppressions(src.text, fe->line_comment, r.reads);
  std::sort(r.reads.begin(), r.reads.end(), read_less);
  return r;
}

}  // namespace envdrift
