// The main file's reads, and the frontend's entry point (see cpp.h).
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

#include <algorithm>
#include <set>
#include <tuple>

#include "analyzer/core/normalize.h"
#include "analyzer/cpp/analyzer.h"
#include "analyzer/cpp/cpp.h"
#include "analyzer/cpp/helper_index.h"
#include "analyzer/cpp/translation_unit.h"

namespace envdrift::cpp {

namespace {

// The known ends of an unresolved name built with `+` (`std::string("APP_") + key + "_URL"`).
void known_parts(Analyzer& a, int expr, std::string& prefix, std::string& suffix) {
  const Ast& ast = a.ast();
  auto operands = [&](int n) -> std::vector<int> {
    n = a.peel(n);
    if (ast.kind(n) != CXCursor_CallExpr || ast.spelling(n) != "operator+") return {};
    std::vector<int> out;
    for (int k : ast.expr_children(n)) {
      int s = ast.strip(k);
      if (ast.kind(s) == CXCursor_DeclRefExpr && ast.spelling(s) == "operator+") continue;
      out.push_back(k);
    }
    return out.size() == 2 ? out : std::vector<int>{};
  };
  auto ops = operands(expr);
  if (ops.empty()) return;
  Value right = a.value(ops[1], 0);
  if (right.type == Value::Type::Str) suffix = right.text;
  int left = ops[0];
  for (int guard = 0; guard < kMaxDepth; ++guard) {  // down the left spine
    Value v = a.value(left, 0);
    if (v.type == Value::Type::Str) {
      prefix = v.text;
      return;
    }
    auto inner = operands(left);
    if (inner.empty()) return;
    left = inner[0];
  }
}

bool read_less(const EnvRead& x, const EnvRead& y) {
  return std::tie(x.line, x.column, x.name) < std::tie(y.line, y.column, y.name);
}

}  // namespace

void Analyzer::extract(FileResult& out) {
  std::set<std::tuple<int, int, std::string>> seen;  // GNU `?:` shows its condition several times
  const auto& nodes = ast_.nodes();
  for (int k = 0; k < static_cast<int>(nodes.size()); ++k) {
    if (nodes[static_cast<size_t>(k)].kind != CXCursor_CallExpr || !ast_.in_main_file(k)) continue;
    auto s = site(k, 0);
    if (!s) continue;
    auto args = call_args(k);
    int arg = name_node(*s, args);
    if (arg < 0 && s->name_arg != kThisParam) continue;
    Value nv = site_name(*s, args, 0);
    if (s->helper != nullptr) nv = resolve::with_affixes(nv, *s->helper);  // `env("PORT")` reads APP_PORT
    auto alts = resolve::alternatives(nv);
    // A table's terminator (`{ NULL, ... }`, `{ nullptr, ... }`) names nothing: a null pointer
    // alternative (NULL is `0` once its casts are stripped) is no read.
    if (alts.size() > 1 && std::any_of(alts.begin(), alts.end(), [](const Value& v) { return v.type == Value::Type::Str; }))
      std::erase_if(alts, [](const Value& v) {
        return v.type == Value::Type::Null || (v.type == Value::Type::Num && v.text == "0");
      });
    // A helper's own read of its parameter (as it is, or with text around it, or the member of
    // its object) is summarized; its call sites are the reads.
    auto of_helper_param = [&] {
      int fn = enclosing_function(k);
      auto h = fn >= 0 ? summary(fn, 0) : nullptr;
      if (std::any_of(alts.begin(), alts.end(), [](const Value& v) { return v.type == Value::Type::Param; }))
        return std::none_of(alts.begin(), alts.end(), [](const Value& v) { return v.param == kThisParam; }) ||
               (h != nullptr && h->name_param == kThisParam);
      if (nv.type == Value::Type::Str || nv.type == Value::Type::Set || arg < 0) return false;
      return h != nullptr && h->name_param != kThisParam && !affixes_of_param(*s, args, fn, h->name_param, 0).empty();
    };
    if (of_helper_param()) {
      out.handled_lines.push_back(ast_.line(k));
      continue;
    }
    DefaultOut d = site_default(*s, 0);
    std::optional<DefaultValue> def = d.value;
    if (d.param >= 0) def = computed_default(ast_.text(args.size() > static_cast<size_t>(s->default_arg) && s->default_arg >= 0 ? args[static_cast<size_t>(s->default_arg)] : (arg >= 0 ? arg : k)));
    int line = ast_.line(k), col = ast_.column(k);
    auto base = [&](std::string name, ReadKind kind) {
      EnvRead r;
      r.name = std::move(name);
      r.file = src_.rel;
      r.line = line;
      r.column = col;
      r.language = src_.language;
      r.kind = kind;
      r.default_value = def;
      if (s->helper != nullptr) {
        r.kind = ReadKind::Helper;
        r.via.push_back(ViaStep{s->helper->file, s->helper->line, "helper " + s->helper->name});
      }
      return r;
    };
    bool resolved = nv.type != Value::Type::Unknown && !alts.empty() &&
                    std::all_of(alts.begin(), alts.end(), [](const Value& v) { return v.type == Value::Type::Str; });
    // The names of a helper that take its fallback, when only some do.
    std::set<std::string> defaulted;
    if (s->helper != nullptr && !s->helper->defaulted_affixes.empty()) {
      HelperSummary only;
      only.name_affixes = s->helper->defaulted_affixes;
      for (const Value& a : resolve::alternatives(resolve::with_affixes(site_name(*s, args, 0), only)))
        if (a.type == Value::Type::Str) defaulted.insert(a.text);
    }
    if (resolved) {
      for (auto& v : alts) {
        if (!seen.emplace(line, col, v.text).second) continue;
        EnvRead r = base(v.text, v.kind);
        if (s->helper != nullptr && !s->helper->defaulted_affixes.empty() && defaulted.count(v.text) == 0) r.default_value.reset();
        r.via.insert(r.via.end(), v.via.begin(), v.via.end());
        resolve::trim_via(r.via);
        out.reads.push_back(std::move(r));
      }
      continue;
    }
    std::string prefix, suffix;
    if (arg >= 0) known_parts(*this, arg, prefix, suffix);
    if (s->helper != nullptr && !s->helper->name_affixes.empty()) {  // what the helper adds around every name
      auto [before, after] = resolve::common_affixes(s->helper->name_affixes);
      prefix = before + prefix;
      suffix += after;
    }
    if (!seen.emplace(line, col, "\x01" + prefix).second) continue;
    EnvRead r = base(prefix, ReadKind::Dynamic);
    r.kind = ReadKind::Dynamic;
    r.dynamic_expr = clip_source(ast_.text(arg >= 0 ? arg : k));
    r.dynamic_suffix = suffix;
    out.reads.push_back(std::move(r));
  }
  std::sort(out.reads.begin(), out.reads.end(), read_less);
}

void Analyzer::escapes(FileResult& out) {
  // The env API as a value (`configure(std::getenv)`, `Getter g = getenv;`) and `environ`: reads
  // made through them are out of sight, so the service's `unread` findings may be incomplete.
  const auto& nodes = ast_.nodes();
  for (int k = 0; k < static_cast<int>(nodes.size()); ++k) {
    if (nodes[static_cast<size_t>(k)].kind != CXCursor_DeclRefExpr || !ast_.in_main_file(k)) continue;
    CXCursor ref = clang_getCursorReferenced(nodes[static_cast<size_t>(k)].cursor);
    // The first declaration decides (a file may declare `extern char** environ;` again).
    if (clang_Cursor_isNull(ref) != 0 ||
        clang_Location_isInSystemHeader(clang_getCursorLocation(clang_getCanonicalCursor(ref))) == 0)
      continue;
    std::string name = ast_.spelling(k);
    bool env_object = name == "environ";
    if (!env_object && !is_api_function(name)) continue;
    int top = k;
    for (int p = ast_.parent(top); p >= 0 && ast_.strip(p) == k; p = ast_.parent(p)) top = p;
    int parent = ast_.parent(top);
    std::string message;
    if (ast_.kind(parent) == CXCursor_CallExpr) {
      auto kids = ast_.expr_children(parent);
      if (!kids.empty() && kids[0] == top) continue;  // the callee of a call: a read or a write
      message = fmt::format("{} escapes into {}()", name, ast_.spelling(parent));
    } else {
      message = env_object ? "environ is walked here; the names it reads are not followed"
                           : fmt::format("{} is stored where the analyzer cannot follow it", name);
    }
    EnvEscape e;
    e.file = src_.rel;
    e.line = ast_.line(k);
    e.column = ast_.column(k);
    e.language = src_.language;
    e.message = std::move(message);
    out.escapes.push_back(std::move(e));
  }
}

void Analyzer::main_file_helpers(std::map<std::string, std::shared_ptr<const HelperSummary>>& out) {
  const auto& nodes = ast_.nodes();
  for (int k = 0; k < static_cast<int>(nodes.size()); ++k) {
    CXCursorKind kind = nodes[static_cast<size_t>(k)].kind;
    if (!is_function(kind) || kind == CXCursor_LambdaExpr || !ast_.in_main_file(k)) continue;
    if (clang_isCursorDefinition(nodes[static_cast<size_t>(k)].cursor) == 0) continue;
    if (auto h = summary(k, 0)) out[ast_.usr(k)] = h;
  }
}

const std::vector<std::string_view>& prefilter_needles() {
  static const std::vector<std::string_view> k{"getenv", "qEnvironmentVariable", "_dupenv_s", "environ"};
  return k;
}

namespace {

// ENVDRIFT_CPP_PARSE_TIMES=FILE: append `path<TAB>ms` per file (bench/run.sh reports the median).
void record_time(const SourceFile& src, std::chrono::steady_clock::time_point started) {
  const char* path = std::getenv("ENVDRIFT_CPP_PARSE_TIMES");
  if (path == nullptr || *path == '\0') return;
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string line = fmt::format("{}\t{:.2f}\n", src.rel, ms);
  int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t n = ::write(fd, line.data(), line.size());  // one append: lines of threads do not mix
  (void)n;
  ::close(fd);
}

}  // namespace

FileResult analyze_file(const SourceFile& src) {
  FileResult out;
  if (std::string error; !load_libclang(&error)) {
    out.diagnostics.push_back({Diagnostic::Severity::Error, src.rel, 0, error + "; the file's reads are missing from the report"});
    return out;
  }
  auto started = std::chrono::steady_clock::now();
  TranslationUnit tu(src.path, src.rel, src.text);
  if (!tu.ok()) {
    out.diagnostics.push_back({Diagnostic::Severity::Error, src.rel, 0, "libclang could not parse the file; its reads are missing from the report"});
    return out;
  }
  Ast ast(tu.get(), src.text);
  Analyzer a(ast, src, external_helpers());
  a.extract(out);
  a.escapes(out);
  // Reads in blocks the preprocessor left out (`#ifdef ZSTD_MULTITHREAD`): a second parse with
  // those blocks' conditions turned on contributes the reads that lie inside them.
  auto skipped = tu.skipped_lines();
  if (!skipped.empty()) {
    auto flags = flags_for_skipped(src.text, skipped, candidate_tokens());
    if (!flags.empty()) {
      TranslationUnit tu2(src.path, src.rel, src.text, flags);
      if (tu2.ok()) {
        Ast ast2(tu2.get(), src.text);
        Analyzer a2(ast2, src, external_helpers());
        FileResult more;
        a2.extract(more);
        std::set<std::tuple<int, int, std::string>> have;
        for (const auto& r : out.reads) have.emplace(r.line, r.column, r.name);
        for (auto& r : more.reads) {
          bool inside = std::any_of(skipped.begin(), skipped.end(), [&](const auto& s) { return r.line >= s.first && r.line <= s.second; });
          if (inside && have.emplace(r.line, r.column, r.name).second) out.reads.push_back(std::move(r));
        }
        for (int l : more.handled_lines) out.handled_lines.push_back(l);
        std::sort(out.reads.begin(), out.reads.end(), read_less);
      }
    }
  }
  // Helpers defined here make reads where other files call them: the driver parses those files
  // even when they mention no env API.
  std::map<std::string, std::shared_ptr<const HelperSummary>> mine;
  a.main_file_helpers(mine);
  std::set<std::string> names;
  for (const auto& [usr, h] : mine) names.insert(h->name);
  out.read_symbols.assign(names.begin(), names.end());
  std::sort(out.handled_lines.begin(), out.handled_lines.end());
  out.handled_lines.erase(std::unique(out.handled_lines.begin(), out.handled_lines.end()), out.handled_lines.end());
  if (auto line = tu.syntax_error_line())
    out.diagnostics.push_back({Diagnostic::Severity::Warning, src.rel, *line,
                               fmt::format("syntax error at line {}; reads in the well-formed parts were kept", *line)});
  record_time(src, started);
  return out;
}

}  // namespace envdrift::cpp
