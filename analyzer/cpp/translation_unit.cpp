#include "analyzer/cpp/translation_unit.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzer/core/resolve/project.h"
#include "analyzer/cpp/prelude.h"

namespace envdrift::cpp {

namespace fs = std::filesystem;

namespace {

// One index per thread (the driver parses in parallel; a CXIndex is not shared across threads).
struct ThreadIndex {
  CXIndex index = clang_createIndex(0, 0);
  ~ThreadIndex() { clang_disposeIndex(index); }
};

CXIndex thread_index() {
  thread_local ThreadIndex idx;
  return idx.index;
}

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

bool is_header(std::string_view rel) {
  for (auto e : {".h", ".hh", ".hpp", ".hxx"})
    if (ends_with(rel, e)) return true;
  return false;
}

// Split a compile command's `command` string the way a POSIX shell would (quotes, backslashes).
std::vector<std::string> split_command(std::string_view cmd) {
  std::vector<std::string> out;
  std::string cur;
  bool have = false;
  char quote = 0;
  for (size_t i = 0; i < cmd.size(); ++i) {
    char c = cmd[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < cmd.size()) cur += cmd[++i];
      else cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      have = true;
    } else if (c == '\\' && i + 1 < cmd.size()) {
      cur += cmd[++i];
      have = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (have) out.push_back(std::move(cur));
      cur.clear();
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push_back(std::move(cur));
  return out;
}

// What the analyzer keeps of a compile command: the flags that change what the preprocessor and
// the parser see (include paths made absolute, macros, the standard, forced includes, the
// language). Optimisation, warnings and output flags do not matter to reads.
std::vector<std::string> useful_flags(const std::vector<std::string>& args, const std::string& dir) {
  std::vector<std::string> out;
  auto abs = [&](const std::string& p) { return fs::path(p).is_absolute() ? p : (fs::path(dir) / p).lexically_normal().string(); };
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto with_value = [&](std::string_view flag, bool path) -> bool {
      if (a == flag && i + 1 < args.size()) {
        out.emplace_back(flag);
        out.push_back(path ? abs(args[++i]) : args[++i]);
        return true;
      }
      if (a.size() > flag.size() && a.compare(0, flag.size(), flag) == 0) {
        out.emplace_back(flag);
        std::string v = a.substr(flag.size());
        out.push_back(path ? abs(v) : v);
        return true;
      }
      return false;
    };
    if (with_value("-I", true) || with_value("-iquote", true) || with_value("-D", false) || with_value("-U", false)) continue;
    if (a == "-isystem" && i + 1 < args.size()) {  // the tree's own system dirs: searched like -I
      out.emplace_back("-I");
      out.push_back(abs(args[++i]));
      continue;
    }
    if (a == "-include" && i + 1 < args.size()) {
      out.emplace_back("-include");
      out.push_back(abs(args[++i]));
      continue;
    }
    if (a.rfind("-std=", 0) == 0) out.push_back(a);
  }
  return out;
}

// compile_commands.json of the tree (at the root or in build/): absolute file path -> flags.
struct CompileDb {
  std::map<std::string, std::vector<std::string>> flags;
};

std::shared_ptr<const CompileDb> load_compile_db(const std::string& root) {
  auto db = std::make_shared<CompileDb>();
  if (root.empty()) return db;
  for (const char* where : {"compile_commands.json", "build/compile_commands.json"}) {
    std::ifstream in(fs::path(root) / where);
    if (!in) continue;
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_array()) continue;
    for (const auto& e : j) {
      if (!e.is_object() || !e.contains("file") || !e["file"].is_string()) continue;
      std::string dir = e.contains("directory") && e["directory"].is_string() ? e["directory"].get<std::string>() : root;
      if (!fs::path(dir).is_absolute()) dir = (fs::path(root) / dir).lexically_normal().string();
      std::vector<std::string> args;
      if (e.contains("arguments") && e["arguments"].is_array()) {
        for (const auto& a : e["arguments"])
          if (a.is_string()) args.push_back(a.get<std::string>());
      } else if (e.contains("command") && e["command"].is_string()) {
        args = split_command(e["command"].get<std::string>());
      }
      std::string file = e["file"].get<std::string>();
      fs::path p = fs::path(file).is_absolute() ? fs::path(file) : fs::path(dir) / file;
      std::error_code ec;
      fs::path canon = fs::weakly_canonical(p, ec);
      db->flags[(ec ? p.lexically_normal() : canon).string()] = useful_flags(args, dir);
    }
    break;
  }
  return db;
}

// The directories of the tree a quoted or angled include may be relative to: each directory
// holding a header, and its parents up to the root (`#include "agent/config.h"` with the header in
// include/agent/). Capped: a tree of thousands of header directories searches the nearest ones.
struct IncludeDirs {
  std::vector<std::string> dirs;  // absolute
};

std::shared_ptr<const IncludeDirs> tree_include_dirs(const resolve::Project& project) {
  auto out = std::make_shared<IncludeDirs>();
  std::set<std::string> seen;
  fs::path root = project.root().empty() ? fs::current_path() : fs::path(project.root());
  for (const auto& [rel, path] : project.files()) {
    if (!is_header(rel)) continue;
    fs::path d = fs::path(rel).parent_path();
    // The header's directory and one level up (the `agent/config.h` form).
    for (int up = 0; up < 2 && !d.empty(); ++up, d = d.parent_path())
      if (seen.insert(d.generic_string()).second && out->dirs.size() < 128) out->dirs.push_back((root / d).string());
  }
  return out;
}

}  // namespace

std::vector<std::string> parse_arguments(const std::string& path, const std::string& rel) {
  bool c = ends_with(rel, ".c");
  std::vector<std::string> args;
  std::vector<std::string> db_flags;
  bool from_db = false;
  if (resolve::Project* project = resolve::current_project()) {
    auto db = project->shared<CompileDb>("cpp/compile_commands", [&] { return load_compile_db(project->root()); });
    if (db != nullptr && !db->flags.empty()) {
      std::error_code ec;
      fs::path canon = fs::weakly_canonical(fs::absolute(path, ec), ec);
      if (auto it = db->flags.find(canon.string()); it != db->flags.end()) {
        db_flags = it->second;
        from_db = true;
      }
    }
    if (!from_db) {
      auto dirs = project->shared<IncludeDirs>("cpp/include_dirs", [&] { return tree_include_dirs(*project); });
      if (dirs != nullptr)
        for (const auto& d : dirs->dirs) {
          db_flags.emplace_back("-I");
          db_flags.push_back(d);
        }
    }
  }
  args.emplace_back("-x");
  args.emplace_back(c ? "c" : "c++");
  bool has_std = std::any_of(db_flags.begin(), db_flags.end(), [](const std::string& a) { return a.rfind("-std=", 0) == 0; });
  if (!has_std) args.emplace_back(c ? "-std=gnu17" : "-std=gnu++20");
  // The prelude replaces the system headers (prelude.h); every error counts, none stops parsing.
  for (const char* a : {"-nostdinc", "-nostdinc++", "-w", "-ferror-limit=0", "-fno-spell-checking", "-isystem"}) args.emplace_back(a);
  args.emplace_back(kPreludeDir);
  args.emplace_back("-include");
  args.emplace_back(kPreludePath);
  args.insert(args.end(), db_flags.begin(), db_flags.end());
  return args;
}

TranslationUnit::TranslationUnit(const std::string& path, const std::string& rel, std::string_view text,
                                 const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = parse_arguments(path, rel);
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& a : args) argv.push_back(a.c_str());
  std::string_view prelude = prelude_text();
  CXUnsavedFile unsaved[2] = {
      {path.c_str(), text.data(), static_cast<unsigned long>(text.size())},
      {kPreludePath, prelude.data(), static_cast<unsigned long>(prelude.size())},
  };
  unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord;
  CXErrorCode rc = clang_parseTranslationUnit2(thread_index(), path.c_str(), argv.data(), static_cast<int>(argv.size()),
                                               unsaved, 2, options, &tu_);
  if (rc != CXError_Success) tu_ = nullptr;
}

TranslationUnit::~TranslationUnit() {
  if (tu_ != nullptr) clang_disposeTranslationUnit(tu_);
}

std::vector<std::pair<int, int>> TranslationUnit::skipped_lines() const {
  std::vector<std::pair<int, int>> out;
  if (tu_ == nullptr) return out;
  CXString name = clang_getTranslationUnitSpelling(tu_);
  CXFile main = clang_getFile(tu_, clang_getCString(name));
  clang_disposeString(name);
  if (main == nullptr) return out;
  CXSourceRangeList* ranges = clang_getSkippedRanges(tu_, main);
  if (ranges == nullptr) return out;
  for (unsigned i = 0; i < ranges->count; ++i) {
    unsigned a = 0, b = 0;
    clang_getExpansionLocation(clang_getRangeStart(ranges->ranges[i]), nullptr, &a, nullptr, nullptr);
    clang_getExpansionLocation(clang_getRangeEnd(ranges->ranges[i]), nullptr, &b, nullptr, nullptr);
    out.emplace_back(static_cast<int>(a), static_cast<int>(b));
  }
  clang_disposeSourceRangeList(ranges);
  return out;
}

std::vector<std::string> flags_for_skipped(std::string_view text, const std::vector<std::pair<int, int>>& skipped,
                                           const std::vector<std::string_view>& needles) {
  // Line starts, once.
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  auto line_text = [&](int l) -> std::string_view {
    if (l < 1 || static_cast<size_t>(l) > starts.size()) return {};
    size_t b = starts[static_cast<size_t>(l - 1)];
    size_t e = static_cast<size_t>(l) < starts.size() ? starts[static_cast<size_t>(l)] : text.size();
    return text.substr(b, e - b);
  };
  std::set<std::string> flags;
  for (auto [first, last] : skipped) {
    if (first < 1 || last < first) continue;
    size_t b = starts[std::min(static_cast<size_t>(first - 1), starts.size() - 1)];
    size_t e = static_cast<size_t>(last) < starts.size() ? starts[static_cast<size_t>(last)] : text.size();
    std::string_view block = text.substr(b, e - b);
    if (std::none_of(needles.begin(), needles.end(), [&](std::string_view n) { return block.find(n) != std::string_view::npos; }))
      continue;
    // The directive that opened the block (`# ifdef X`, `#if defined(X) && Y`, `#elif X`), and
    // those of the blocks nested in it that hold a mention themselves (`#ifdef USE_THREADS` …
    // `#ifdef DEBUGBUILD` … getenv): the first parse reports only the outer range, and a nested
    // block without one (`#ifdef __VMS` around an #include) is better left as it is.
    auto directive = [&](int l) -> std::string_view {  // the text after `#`, or "" when no directive
      std::string_view d = line_text(l);
      size_t h = d.find_first_not_of(" \t");
      if (h == std::string_view::npos || d[h] != '#') return {};
      return d.substr(h + 1);
    };
    auto keyword = [](std::string_view d) {
      size_t a = d.find_first_not_of(" \t");
      if (a == std::string_view::npos) return std::string_view();
      size_t b = a;
      while (b < d.size() && std::isalpha(static_cast<unsigned char>(d[b])) != 0) ++b;
      return d.substr(a, b - a);
    };
    auto add_flags = [&](std::string_view d) {
      // The words, each with whether a `!` negates it (`!defined(X)`, `!X`).
      std::vector<std::pair<std::string, bool>> words;
      std::string cur;
      bool negated = false;
      for (char c : d) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_') {
          cur += c;
          continue;
        }
        if (!cur.empty()) {
          words.emplace_back(cur, negated);
          negated = negated && cur == "defined";  // `!defined(X)`: the `!` goes on to X
        }
        cur.clear();
        if (c == '!') negated = true;
        else if (c != ' ' && c != '\t' && c != '(') negated = false;
        if (c == '/') break;  // a trailing comment
      }
      if (!cur.empty()) words.emplace_back(cur, negated);
      if (words.size() < 2) return;
      const std::string& kw = words[0].first;
      if (kw == "ifndef") {
        flags.insert("-U" + words[1].first);
      } else if (kw == "ifdef" || kw == "if" || kw == "elif") {
        for (size_t i = 1; i < words.size(); ++i) {
          const auto& [w, neg] = words[i];
          if (w != "defined" && std::isdigit(static_cast<unsigned char>(w[0])) == 0) flags.insert((neg ? "-U" : "-D") + w);
        }
      }
    };
    if (keyword(directive(first)) == "else") {
      // An #else branch: on when its #ifdef X / #ifndef X is off. Find that directive, back over
      // the nested blocks.
      int depth = 0;
      for (int l = first - 1; l >= 1; --l) {
        std::string_view kw = keyword(directive(l));
        if (kw == "endif") ++depth;
        else if ((kw == "if" || kw == "ifdef" || kw == "ifndef") && depth-- == 0) {
          std::string_view d = directive(l);
          std::string_view rest = d.substr(d.find(kw) + kw.size());
          size_t a = rest.find_first_not_of(" \t");
          rest = a == std::string_view::npos ? std::string_view() : rest.substr(a);
          std::string_view name = rest.substr(0, rest.find_first_of(" \t/\r\n"));
          bool ident = !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0 &&
                       std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
          if (ident && kw == "ifdef") flags.insert("-U" + std::string(name));
          if (ident && kw == "ifndef") flags.insert("-D" + std::string(name));
          break;
        } else if (kw == "elif" && depth == 0) {
          break;  // after an #elif chain: not worked out
        }
      }
    } else {
      add_flags(directive(first));
    }
    auto holds_mention = [&](int from, int to) {  // lines [from, to)
      if (from >= to) return false;
      size_t fb = starts[std::min(static_cast<size_t>(from - 1), starts.size() - 1)];
      size_t fe = static_cast<size_t>(to - 1) < starts.size() ? starts[static_cast<size_t>(to - 1)] : text.size();
      std::string_view part = text.substr(fb, fe - fb);
      return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return part.find(n) != std::string_view::npos; });
    };
    // The nested branches still open: the line of the directive opening each, -1 for an #else
    // branch (never turned on).
    std::vector<int> open;
    for (int l = first + 1; l <= last; ++l) {
      std::string_view kw = keyword(directive(l));
      if (kw.empty()) continue;
      if ((kw == "elif" || kw == "else" || kw == "endif") && !open.empty()) {  // a branch ends here
        int from = open.back();
        open.pop_back();
        if (from >= 0 && holds_mention(from + 1, l)) add_flags(directive(from));
      }
      if (kw == "if" || kw == "ifdef" || kw == "ifndef" || kw == "elif") open.push_back(l);
      else if (kw == "else") open.push_back(-1);
    }
  }
  return {flags.begin(), flags.end()};
}

std::optional<int> TranslationUnit::syntax_error_line() const {
  if (tu_ == nullptr) return std::nullopt;
  unsigned n = clang_getNumDiagnostics(tu_);
  for (unsigned i = 0; i < n; ++i) {
    CXDiagnostic d = clang_getDiagnostic(tu_, i);
    CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    CXString cat = clang_getDiagnosticCategoryText(d);
    std::string category = clang_getCString(cat) != nullptr ? clang_getCString(cat) : "";
    clang_disposeString(cat);
    CXSourceLocation loc = clang_getDiagnosticLocation(d);
    unsigned line = 0;
    clang_getExpansionLocation(loc, nullptr, &line, nullptr, nullptr);
    bool main = clang_Location_isFromMainFile(loc) != 0;
    clang_disposeDiagnostic(d);
    // Parse issues only: missing headers and undeclared names are the price of the prelude.
    if (sev >= CXDiagnostic_Error && main && category == "Parse Issue") return static_cast<int>(line);
  }
  return std::nullopt;
}

}  // namespace envdrift::cpp
