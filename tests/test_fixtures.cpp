// The one generic fixture runner (see fixtures/README.md for the annotation syntax).
//
// Discovers every file under fixtures/patterns/ at run time, analyzes it, and matches the reads
// against the file's own `expect:` annotations both ways: Missing (annotated, not read), Noisy
// (read, not annotated), Wrong (default / kind / column / via differ).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/core/driver.h"
#include "analyzer/core/normalize.h"
#include "analyzer/frontend.h"

namespace fs = std::filesystem;
using namespace envdrift;

namespace {

struct Expectation {
  std::string file;  // fixture-relative path of the file holding the annotation
  int line = 0;
  std::string name;
  bool todo = false;
  // default: "absent" (must have none), "computed" (present, not comparable), or a value.
  enum class Def { Absent, Computed, Value } def = Def::Absent;
  std::string def_value;
  std::string kind = "direct";
  int col = 0;
  std::string via;
  bool used = false;
};

std::string fmt_line(int line) { return "line " + std::to_string(line) + ": "; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Split an annotation body into words; `key="a b"` keeps the quoted value together.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  bool had_quote = false;
  for (char c : s) {
    if (c == '"') {
      quoted = !quoted;
      had_quote = true;
      continue;
    }
    if (!quoted && (c == ' ' || c == '\t')) {
      if (!cur.empty() || had_quote) out.push_back(cur);
      cur.clear();
      had_quote = false;
      continue;
    }
    cur += c;
  }
  if (!cur.empty() || had_quote) out.push_back(cur);
  return out;
}

// Parse the annotations of one comment body ("expect: A default=1 expect: B"). Appends to `out`.
void parse_annotations(std::string_view body, int line, std::vector<Expectation>& out,
                       std::vector<std::string>& errors) {
  auto ws = words(body);
  Expectation* cur = nullptr;
  for (size_t i = 0; i < ws.size(); ++i) {
    const std::string& w = ws[i];
    if (w == "expect:" || w == "todo-expect:") {
      if (i + 1 >= ws.size()) {
        errors.push_back(fmt_line(line) + "annotation without a name");
        break;
      }
      out.push_back({});
      cur = &out.back();
      cur->line = line;
      cur->todo = (w == "todo-expect:");
      cur->name = ws[++i];
      if (cur->name == "?") cur->name.clear();
      continue;
    }
    if (w == "expect-escape") {
      out.push_back({});
      cur = nullptr;  // free text after it is a remark
      out.back().line = line;
      out.back().kind = "escape";
      continue;
    }
    if (w == "expect-none" || cur == nullptr) {
      cur = nullptr;
      continue;  // free text after expect-none is a remark
    }
    auto eq = w.find('=');
    if (eq == std::string::npos) {
      cur = nullptr;  // free text ends the annotation
      continue;
    }
    std::string key = w.substr(0, eq), val = w.substr(eq + 1);
    if (key == "default") {
      if (val == "computed") {
        cur->def = Expectation::Def::Computed;
      } else {
        cur->def = Expectation::Def::Value;
        cur->def_value = val;
      }
    } else if (key == "kind") {
      cur->kind = val;
    } else if (key == "col") {
      cur->col = std::stoi(val);
    } else if (key == "via") {
      cur->via = val;
    } else {
      errors.push_back(fmt_line(line) + "unknown annotation key '" + key + "'");
    }
  }
}

// Where does the comment start on this line? npos when there is no annotation comment. The
// marker must be followed by an annotation keyword, so `"http://x"` is not mistaken for one.
size_t annotation_start(std::string_view line, std::string_view marker) {
  for (size_t pos = line.find(marker); pos != std::string_view::npos; pos = line.find(marker, pos + 1)) {
    std::string_view rest = trim(line.substr(pos + marker.size()));
    if (starts_with(rest, "expect:") || starts_with(rest, "todo-expect:") || starts_with(rest, "expect-none") ||
        starts_with(rest, "expect-escape"))
      return pos;
  }
  return std::string_view::npos;
}

std::vector<Expectation> parse_fixture(std::string_view text, std::string_view marker,
                                       std::vector<std::string>& errors) {
  std::vector<Expectation> out;
  std::vector<Expectation> pending;  // standalone annotations waiting for their code line
  int lineno = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++lineno;
    size_t c = annotation_start(line, marker);
    bool standalone = c != std::string_view::npos && trim(line.substr(0, c)).empty();
    if (c != std::string_view::npos) {
      std::vector<Expectation> here;
      parse_annotations(line.substr(c + marker.size()), lineno, here, errors);
      if (standalone) {
        pending.insert(pending.end(), here.begin(), here.end());
      } else {
        for (auto& e : here) out.push_back(e);
        for (auto& e : pending) {
          e.line = lineno;
          out.push_back(e);
        }
        pending.clear();
      }
    } else if (!trim(line).empty() && !pending.empty()) {
      for (auto& e : pending) {
        e.line = lineno;
        out.push_back(e);
      }
      pending.clear();
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  if (!pending.empty()) errors.push_back("annotations at the end of the file apply to no line");
  return out;
}

std::string describe(const EnvRead& r) {
  std::string s = "line " + std::to_string(r.line) + ":" + std::to_string(r.column) + " " +
                  (r.name.empty() ? "?" : r.name) + " kind=" + std::string(read_kind_name(r.kind));
  if (r.default_value) {
    s += r.default_value->comparable ? " default=\"" + r.default_value->value + "\""
                                     : " default=computed(" + r.default_value->raw + ")";
  }
  for (auto& v : r.via) s += " via[" + v.label + "]";
  return s;
}

// A fixture is a file directly under patterns/<language>/, or a directory there: a multi-file
// tree scanned as a whole (imports, base classes and helpers across modules), with the
// annotations in each of its files.
std::vector<fs::path> fixture_files() {
  std::vector<fs::path> files;
  fs::path dir = fs::path(ENVDRIFT_SOURCE_DIR) / "fixtures" / "patterns";
  if (!fs::exists(dir)) return files;
  for (auto& lang : fs::directory_iterator(dir)) {
    if (!lang.is_directory()) continue;
#ifndef ENVDRIFT_HAVE_CPP
    if (lang.path().filename() == "cpp") continue;  // built without the C/C++ frontend
#endif
    for (auto& e : fs::directory_iterator(lang.path())) {
      if (e.is_directory() || (e.is_regular_file() && frontend_for_path(e.path().string()) != nullptr))
        files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool is_syntax_error_fixture(const fs::path& p) {
  return p.filename().string().find("syntax_error") != std::string::npos;
}

// Match the reads against the expectations (both ways) and collect the problems.
void match_reads(const std::vector<EnvRead>& reads, const std::vector<EnvEscape>& escapes,
                 std::vector<Expectation>& expectations, std::vector<std::string>& problems,
                 std::vector<std::string>& todos) {
  for (const EnvEscape& x : escapes) {
    auto it = std::find_if(expectations.begin(), expectations.end(), [&](const Expectation& e) {
      return !e.used && e.kind == "escape" && e.file == x.file && e.line == x.line;
    });
    if (it == expectations.end()) problems.push_back("Noisy escape: " + x.file + ":" + std::to_string(x.line) + " " + x.message);
    else it->used = true;
  }
  for (const EnvRead& r : reads) {
    // Prefer an exact match, then any expectation with the same file, line and name.
    Expectation* match = nullptr;
    for (auto& e : expectations) {
      if (e.used || e.kind == "escape" || e.file != r.file || e.line != r.line || e.name != r.name) continue;
      match = &e;
      if (e.kind == read_kind_name(r.kind)) break;
    }
    if (match == nullptr) {
      problems.push_back("Noisy: " + r.file + " " + describe(r));
      continue;
    }
    match->used = true;
    std::string why;
    if (match->kind != read_kind_name(r.kind)) why += " kind (expected " + match->kind + ")";
    switch (match->def) {
      case Expectation::Def::Absent:
        if (r.default_value) why += " default (expected none)";
        break;
      case Expectation::Def::Computed:
        if (!r.default_value || r.default_value->comparable) why += " default (expected computed)";
        break;
      case Expectation::Def::Value:
        if (!r.default_value || !r.default_value->comparable ||
            r.default_value->value != normalize_code_value(match->def_value))
          why += " default (expected \"" + match->def_value + "\")";
        break;
    }
    if (match->col != 0 && match->col != r.column) why += " column (expected " + std::to_string(match->col) + ")";
    if (!match->via.empty()) {
      bool found = std::any_of(r.via.begin(), r.via.end(),
                               [&](const ViaStep& v) { return v.label.find(match->via) != std::string::npos; });
      if (!found) why += " via (expected a step containing '" + match->via + "')";
    }
    if (!why.empty()) {
      if (match->todo) todos.push_back(r.file + ": " + describe(r) + " —" + why);
      else problems.push_back("Wrong" + why + ": " + r.file + " " + describe(r));
    } else if (match->todo) {
      problems.push_back("todo-expect now passes, make it expect: " + r.file + " " + describe(r));
    }
  }
  for (auto& e : expectations) {
    if (e.used) continue;
    if (e.kind == "escape") {
      problems.push_back("Missing escape: " + e.file + " line " + std::to_string(e.line));
      continue;
    }
    std::string msg = e.file + " line " + std::to_string(e.line) + " " + (e.name.empty() ? "?" : e.name) +
                      " kind=" + e.kind;
    if (e.todo) todos.push_back("Missing (todo) " + msg);
    else problems.push_back("Missing: " + msg);
  }
}

// Check one single-file fixture; returns the problems (empty = pass) and appends known gaps to
// `todos`.
std::vector<std::string> check_file_fixture(const fs::path& path, std::vector<std::string>& todos) {
  std::vector<std::string> problems;
  const FrontendDescriptor* fe = frontend_for_path(path.string());
  std::string text = read_file(path);
  auto expectations = parse_fixture(text, fe->line_comment, problems);
  std::string rel = fs::relative(path, fs::path(ENVDRIFT_SOURCE_DIR) / "fixtures").generic_string();
  for (auto& e : expectations) e.file = rel;
  FileResult result = analyze_text(rel, text);
  bool expect_errors = is_syntax_error_fixture(path);
  for (auto& d : result.diagnostics) {
    if (!expect_errors || d.severity != Diagnostic::Severity::Warning)
      problems.push_back("unexpected diagnostic: line " + std::to_string(d.line) + ": " + d.message);
  }
  if (expect_errors && result.diagnostics.empty()) problems.push_back("expected a syntax-error diagnostic");
  match_reads(result.reads, result.escapes, expectations, problems, todos);
  return problems;
}

// Check one multi-file fixture: scan the directory as a tree; paths are relative to it.
std::vector<std::string> check_tree_fixture(const fs::path& dir, std::vector<std::string>& todos) {
  std::vector<std::string> problems;
  std::vector<Expectation> expectations;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const FrontendDescriptor* fe = frontend_for_path(e.path().string());
    if (fe == nullptr) continue;
    std::vector<std::string> errors;
    auto here = parse_fixture(read_file(e.path()), fe->line_comment, errors);
    std::string rel = fs::relative(e.path(), dir).generic_string();
    for (auto& x : errors) problems.push_back(rel + ": " + x);
    for (auto& x : here) {
      x.file = rel;
      expectations.push_back(std::move(x));
    }
  }
  ScanOptions o;
  o.root = dir.string();
  o.paths = {o.root};
  o.use_gitignore = false;
  ScanResult result = scan(o);
  for (auto& d : result.diagnostics)
    problems.push_back("unexpected diagnostic: " + d.file + ":" + std::to_string(d.line) + ": " + d.message);
  match_reads(result.reads, result.escapes, expectations, problems, todos);
  return problems;
}

std::vector<std::string> check_fixture(const fs::path& path, std::vector<std::string>& todos) {
  return fs::is_directory(path) ? check_tree_fixture(path, todos) : check_file_fixture(path, todos);
}

}  // namespace

TEST_CASE("every annotated fixture matches its expectations", "[fixtures]") {
  auto files = fixture_files();
  REQUIRE_FALSE(files.empty());
  std::vector<std::string> todos;
  for (const auto& f : files) {
    DYNAMIC_SECTION(f.filename().string()) {
      auto problems = check_fixture(f, todos);
      std::string all;
      for (auto& p : problems) all += "\n  " + p;
      INFO(f.generic_string() << all);
      CHECK(problems.empty());
    }
  }
  for (auto& t : todos) WARN("known gap (todo-expect): " << t);
}

TEST_CASE("every frontend has pattern fixtures", "[fixtures]") {
  auto files = fixture_files();
  std::vector<std::string_view> langs{"typescript", "python", "go"};
#ifdef ENVDRIFT_HAVE_CPP
  langs.push_back("cpp");
#endif
  for (std::string_view lang : langs) {
    INFO(lang);
    bool any = std::any_of(files.begin(), files.end(), [&](const fs::path& p) {
      return p.generic_string().find("/patterns/" + std::string(lang) + "/") != std::string::npos;
    });
    CHECK(any);
  }
}

TEST_CASE("the annotation parser reads its own syntax", "[fixtures]") {
  std::vector<std::string> errors;
  auto ex = parse_fixture("x = 1\n# expect: A default=\"a b\" kind=helper via=getEnv\n\ny = f()  # expect: B expect: C default=5\n# todo-expect: D\nz\n", "#", errors);
  REQUIRE(errors.empty());
  REQUIRE(ex.size() == 4);
  CHECK(ex[0].name == "B");
  CHECK(ex[0].line == 4);
  CHECK(ex[1].name == "C");
  CHECK(ex[1].def_value == "5");
  CHECK(ex[2].name == "A");
  CHECK(ex[2].line == 4);
  CHECK(ex[2].def_value == "a b");
  CHECK(ex[2].kind == "helper");
  CHECK(ex[2].via == "getEnv");
  CHECK(ex[3].name == "D");
  CHECK(ex[3].todo);
  CHECK(ex[3].line == 6);
  CHECK(annotation_start("u = \"http://x\"  // expect: X", "//") == 16);
  CHECK(annotation_start("u = \"http://x\"", "//") == std::string_view::npos);
}
