#include "analyzer/frontend.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#ifdef ENVDRIFT_HAVE_CPP
#include "analyzer/cpp/cpp.h"
#endif
#include "analyzer/go/go.h"
#include "analyzer/go/library_table.h"
#include "analyzer/go/statements.h"
#include "analyzer/python/python.h"
#include "analyzer/python/statements.h"
#include "analyzer/typescript/embedded.h"
#include "analyzer/typescript/libraries.h"
#include "analyzer/typescript/statements.h"
#include "analyzer/typescript/typescript.h"

extern "C" {
const TSLanguage* tree_sitter_typescript();
const TSLanguage* tree_sitter_tsx();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_go();
}

namespace envdrift {

const std::vector<FrontendDescriptor>& frontends() {
  // One line per grammar. The three JS-family grammars share one frontend (extract_typescript):
  // TypeScript adds type syntax, TSX adds JSX; the env-read shapes are the same.
  // The JS family's env objects (candidate sites for coverage).
  static const std::vector<std::string_view> kJsApis{"process.env", "import.meta.env", "Deno.env", "Bun.env"};
  // Needles: "env" and the config libraries' own names (analyzer/typescript/libraries.h).
  static const std::vector<std::string_view> kJsNeedles = [] {
    std::vector<std::string_view> v{"env", "Env", "ENV"};
    for (auto n : js::library_prefilter_needles()) v.push_back(n);
    return v;
  }();
  static std::vector<FrontendDescriptor> kFrontends{
      {"typescript", Language::TypeScript, {".ts", ".mts", ".cts"}, {".d.ts", ".d.mts", ".d.cts"},
       tree_sitter_typescript, "//", kJsNeedles, kJsApis, extract_typescript, nullptr, nullptr,
       js::top_level_statements, &js::keywords()},
      {"tsx", Language::Tsx, {".tsx"}, {}, tree_sitter_tsx, "//", kJsNeedles, kJsApis, extract_typescript, nullptr,
       nullptr, js::top_level_statements, &js::keywords()},
      {"javascript", Language::JavaScript, {".js", ".jsx", ".mjs", ".cjs"}, {}, tree_sitter_javascript,
       "//", kJsNeedles, kJsApis, extract_typescript, nullptr, nullptr, js::top_level_statements, &js::keywords()},
      // Components and pages: their `<script>` elements (Astro: and the frontmatter), as TypeScript.
      {"vue", Language::TypeScript, {".vue", ".svelte"}, {}, tree_sitter_typescript, "//", kJsNeedles, kJsApis,
       extract_typescript, nullptr, js::script_element_ranges},
      {"astro", Language::TypeScript, {".astro"}, {}, tree_sitter_typescript, "//", kJsNeedles, kJsApis,
       extract_typescript, nullptr, js::astro_ranges},
      {"python", Language::Python, {".py", ".pyi"}, {}, tree_sitter_python, "#",
       {"environ", "getenv", "BaseSettings", "pydantic_settings", "decouple", "dynaconf", "envvar"}, {"environ", "getenv"}, extract_python, nullptr, nullptr, py::top_level_statements, &py::keywords()},
      {"go", Language::Go, {".go"}, {}, tree_sitter_go, "//",
       go::library_needles(),  // the os functions and every library row (analyzer/go/library_table.h)
       {"os.Getenv", "os.LookupEnv", "os.ExpandEnv", "os.Environ", "syscall.Getenv"}, extract_go, nullptr, nullptr,
       go::top_level_statements, &go::keywords()},
#ifdef ENVDRIFT_HAVE_CPP
      // libclang parses these itself (analyzer/cpp); headers are parsed as C++, the superset.
      {"c", Language::C, {".c"}, {}, nullptr, "//", cpp::prefilter_needles(), cpp::candidate_tokens(), nullptr,
       cpp::analyze_file},
      {"cpp", Language::Cpp, {".cc", ".cpp", ".cxx", ".c++", ".h", ".hh", ".hpp", ".hxx"}, {}, nullptr, "//",
       cpp::prefilter_needles(), cpp::candidate_tokens(), nullptr, cpp::analyze_file},
#endif
  };
  static const bool kNeedlesBuilt = [] {
    for (auto& fe : kFrontends) {
      fe.needles = std::make_shared<const NeedleSet>(fe.prefilter);
      fe.candidate_needles = std::make_shared<const NeedleSet>(fe.candidate_tokens);
    }
    return true;
  }();
  (void)kNeedlesBuilt;
  return kFrontends;
}

namespace {
bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}
}  // namespace

const FrontendDescriptor* frontend_for_path(std::string_view path) {
  for (const auto& fe : frontends()) {
    for (auto skip : fe.skip_suffixes)
      if (ends_with(path, skip)) return nullptr;
    for (auto ext : fe.extensions)
      if (ends_with(path, ext)) return &fe;
  }
  return nullptr;
}

namespace {
bool partial_parsing_off() {
  const char* v = std::getenv("ENVDRIFT_FULL_PARSE");
  return v != nullptr && *v != '\0' && std::string_view(v) != "0";
}
}  // namespace

FileResult analyze_source(const FrontendDescriptor& fe, const SourceFile& src, TSParser* parser, bool partial,
                          const std::vector<std::string>* symbols, bool defer_unparsed) {
  FileResult out;
  if (fe.grammar == nullptr) {  // a frontend with its own parser
    out = fe.analyze(src);
    out.candidate_lines = candidate_lines(fe, src.text);
    return out;
  }
  if (!ts_parser_set_language(parser, fe.grammar())) {
    out.diagnostics.push_back({Diagnostic::Severity::Error, src.rel, 0,
                               fmt::format("the {} grammar could not be loaded", fe.name)});
    return out;
  }
  // Give up on a single file after 10 s of parsing instead of hanging the scan
  // (ENVDRIFT_PARSE_TIMEOUT_MS overrides it: tests, very slow machines).
  uint64_t timeout_us = 10'000'000;
  if (const char* ms = std::getenv("ENVDRIFT_PARSE_TIMEOUT_MS"); ms != nullptr && *ms != '\0')
    timeout_us = std::max<uint64_t>(1, std::strtoull(ms, nullptr, 10) * 1000);
  ts_parser_set_timeout_micros(parser, timeout_us);
  std::vector<TSRange> ranges;
  if (fe.embedded != nullptr) {
    ranges = fe.embedded(src.text);
    if (ranges.empty()) return out;  // markup only
    ts_parser_set_included_ranges(parser, ranges.data(), static_cast<uint32_t>(ranges.size()));
  }
  PartialPlan plan;
  partial = partial && fe.embedded == nullptr && fe.statements != nullptr && fe.keywords != nullptr &&
            !partial_parsing_off();
  if (partial) {
    if (symbols == nullptr) {
      partial = plan_partial(src.text, fe.statements, *fe.needles, *fe.keywords, plan, 0.75, !defer_unparsed);
    } else {
      NeedleSet seeds = *fe.needles;
      seeds.add(*symbols);
      partial = plan_partial(src.text, fe.statements, seeds, *fe.keywords, plan, 0.75, !defer_unparsed);
    }
  }
  if (partial) ts_parser_set_included_ranges(parser, plan.ranges.data(), static_cast<uint32_t>(plan.ranges.size()));
  TSTree* tree = ts_parser_parse_string(parser, nullptr, src.text.data(), static_cast<uint32_t>(src.text.size()));
  if (fe.embedded != nullptr || partial) ts_parser_set_included_ranges(parser, nullptr, 0);  // the whole file again
  if (partial && (tree == nullptr || ts_node_has_error(ts_tree_root_node(tree)))) {
    // The statements did not parse cleanly on their own (or a cut was wrong): the whole file.
    if (tree != nullptr) ts_tree_delete(tree);
    ts_parser_reset(parser);
    partial = false;
    tree = ts_parser_parse_string(parser, nullptr, src.text.data(), static_cast<uint32_t>(src.text.size()));
  }
  if (partial) {
    out.partial = true;
    out.unparsed_idents = std::move(plan.unparsed_idents);
    out.unparsed_ranges = std::move(plan.unparsed_ranges);
  }
  if (tree == nullptr) {
    ts_parser_reset(parser);
    out.transient = true;
    out.diagnostics.push_back({Diagnostic::Severity::Error, src.rel, 0,
                               "parsing timed out; the file's reads are missing from the report"});
    return out;
  }
  out.candidate_lines = candidate_lines(fe, src.text);
  if (!ranges.empty())  // markup's lines are no candidate sites
    std::erase_if(out.candidate_lines, [&](int line) {
      return std::none_of(ranges.begin(), ranges.end(), [&](const TSRange& r) {
        return line >= static_cast<int>(r.start_point.row) + 1 && line <= static_cast<int>(r.end_point.row) + 1;
      });
    });
  TSNode root = ts_tree_root_node(tree);
  ParsedFile pf{src, root};
  {
    FlatTree flat(root);  // the extraction's walks over this tree scan it (core/syntax.h)
    FlatTreeScope flat_scope(&flat);
    fe.extract(pf, out);
  }
  if (ts_node_has_error(root)) {
    auto errs = syntax_errors(root, 1);
    int line = errs.empty() ? 1 : static_cast<int>(errs[0].row) + 1;
    out.diagnostics.push_back({Diagnostic::Severity::Warning, src.rel, line,
                               fmt::format("syntax error at line {}; reads in the well-formed parts were kept", line)});
  }
  ts_tree_delete(tree);
  return out;
}

std::vector<int> candidate_lines(const FrontendDescriptor& fe, std::string_view text) {
  std::vector<size_t> hits;
  // A mention is the token as a whole identifier (chain): `os.environ[`, not `environment` or
  // `JinjaEnvironment`, nor `my_getenv`.
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
  // Where a token starts, as a whole word (in text order).
  if (fe.candidate_needles != nullptr)
    fe.candidate_needles->each(text, [&](size_t pos) {
      if (pos > 0 && ident(text[pos - 1])) return pos + 1;
      for (std::string_view token : fe.candidate_tokens) {
        size_t end = pos + token.size();
        if (token.empty() || text.compare(pos, token.size(), token) != 0 || (end < text.size() && ident(text[end])))
          continue;
        hits.push_back(pos);
        break;
      }
      return pos + 1;
    });
  std::vector<int> lines;
  std::string_view marker = fe.line_comment;
  int line = 1;
  size_t at = 0;        // every byte before `at` has been looked at
  char quote = 0;       // the quote the scan is inside of on this line (0 = none)
  bool comment = false; // the scan passed the line-comment marker outside quotes on this line
  bool block = false;   // the scan is inside a `/* */` comment opened on this line
  bool star = false;    // the line starts with `*` (a block comment's continuation)
  bool fresh = true;    // no non-blank byte yet on this line
  for (size_t pos : hits) {
    // One incremental pass over the bytes up to the hit: linear however many hits a line has.
    for (; at < pos; ++at) {
      char c = text[at];
      if (c == '\n') {
        ++line;
        quote = 0;
        comment = star = block = false;
        fresh = true;
        continue;
      }
      if (fresh && c != ' ' && c != '\t') {
        fresh = false;
        star = c == '*';
      }
      if (comment) continue;
      if (block) {  // inside a one-line `/* ... */` of a `//` language
        if (c == '*' && at + 1 < text.size() && text[at + 1] == '/') {
          block = false;
          ++at;
        }
        continue;
      }
      if (quote != 0) {
        if (c == '\\' && at + 1 < pos) ++at;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (!marker.empty() && text.substr(at, marker.size()) == marker) {
        comment = true;
      } else if (marker == "//" && c == '/' && at + 1 < text.size() && text[at + 1] == '*') {
        block = true;
        ++at;
      }
    }
    if (!lines.empty() && lines.back() == line) continue;
    // A mention after the line-comment marker, on a `*` continuation line of a block comment,
    // or inside a one-line string literal is prose, not a site.
    if (comment || block || star || quote != 0) continue;  // in a comment or a string literal: prose
    lines.push_back(line);
  }
  return lines;
}

}  // namespace envdrift
