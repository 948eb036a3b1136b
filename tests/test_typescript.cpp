// TypeScript/JavaScript frontend behaviour the fixture format cannot express: deep input,
// syntax errors, dynamic-read details, raw default text, language tags.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "analyzer/core/driver.h"
#include "analyzer/typescript/embedded.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::find_read;
using envdrift::test::repeat;

TEST_CASE("10,000-deep nesting is walked without recursion", "[typescript]") {
  SECTION("parentheses") {
    std::string src = "const x = " + repeat("(", 10000) + "process.env.DEEP_PARENS ?? \"d\"" + repeat(")", 10000) + ";\n";
    FileResult r = analyze_text("deep.ts", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_PARENS");
    REQUIRE(r.reads[0].default_value);
    CHECK(r.reads[0].default_value->value == "d");
  }
  SECTION("calls and arrays") {
    std::string src = "f(" + repeat("g([", 10000) + "process.env.DEEP_CALL" + repeat("])", 10000) + ");\n";
    FileResult r = analyze_text("deep.js", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_CALL");
    CHECK(r.reads[0].line == 1);
  }
  SECTION("a 10,000-long || chain") {
    std::string src = "const v = ";
    for (int i = 0; i < 10000; ++i) src += "process.env.V" + std::to_string(i) + " || ";
    src += "\"x\";\n";
    FileResult r = analyze_text("chain.ts", src);
    REQUIRE(r.reads.size() == 10000);
    // The climb is capped, so the reads near the fallback get it (and the scan stays linear).
    const EnvRead* last = find_read(r, "V9999");
    REQUIRE(last != nullptr);
    REQUIRE(last->default_value);
    CHECK(last->default_value->value == "x");
  }
}

TEST_CASE("a syntax error keeps the reads of the well-formed parts", "[typescript]") {
  std::string src =
      "const a = process.env.BEFORE_ERROR ?? \"b\";\n"
      "const b = (;\n"
      "function broken( {\n"
      "const c = process.env.AFTER_ERROR;\n";
  FileResult r = analyze_text("broken.ts", src);
  const EnvRead* before = find_read(r, "BEFORE_ERROR");
  REQUIRE(before != nullptr);
  CHECK(before->line == 1);
  REQUIRE(before->default_value);
  CHECK(before->default_value->value == "b");
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Warning);
  CHECK(r.diagnostics[0].line == 2);
}

TEST_CASE("dynamic reads carry the unresolved expression and the known suffix", "[typescript]") {
  FileResult r = analyze_text("dyn.ts",
                              "const a = process.env[`${svc}_URL`];\n"
                              "const b = process.env[\"A_\" + x + \"_B\"];\n"
                              "const c = process.env[`KAFKA_${topic}`];\n");
  REQUIRE(r.reads.size() == 3);
  for (const auto& read : r.reads) CHECK(read.kind == ReadKind::Dynamic);
  CHECK(r.reads[0].name == "");
  CHECK(r.reads[0].dynamic_suffix == "_URL");
  CHECK(r.reads[0].dynamic_expr == "`${svc}_URL`");
  CHECK(r.reads[1].name == "A_");
  CHECK(r.reads[1].dynamic_suffix == "_B");
  CHECK(r.reads[1].dynamic_expr == "\"A_\" + x + \"_B\"");
  CHECK(r.reads[2].name == "KAFKA_");
  CHECK(r.reads[2].dynamic_suffix == "");
  CHECK(r.reads[2].column == 11);
}

TEST_CASE("defaults keep their source text, and computed ones are not comparable", "[typescript]") {
  FileResult r = analyze_text("defaults.ts",
                              "const a = process.env.QUOTED ?? 'single';\n"
                              "const b = Number(process.env.SEPARATED ?? 20_000);\n"
                              "const c = process.env.TIMEOUT ?? DEFAULT_TIMEOUT_MS;\n"
                              "const d = process.env.NONE ?? undefined;\n");
  const EnvRead* a = find_read(r, "QUOTED");
  REQUIRE((a && a->default_value));
  CHECK(a->default_value->raw == "'single'");
  CHECK(a->default_value->value == "single");
  CHECK(a->default_value->comparable);
  const EnvRead* b = find_read(r, "SEPARATED");
  REQUIRE((b && b->default_value));
  CHECK(b->default_value->raw == "20_000");
  CHECK(b->default_value->value == "20000");
  const EnvRead* c = find_read(r, "TIMEOUT");
  REQUIRE((c && c->default_value));
  CHECK(c->default_value->raw == "DEFAULT_TIMEOUT_MS");
  CHECK(c->default_value->value == "DEFAULT_TIMEOUT_MS");
  CHECK_FALSE(c->default_value->comparable);
  const EnvRead* d = find_read(r, "NONE");
  REQUIRE(d != nullptr);
  CHECK_FALSE(d->default_value);
}

TEST_CASE("the three grammars tag reads with their language", "[typescript]") {
  const std::string src = "const x = process.env.LANG_TAG;\n";
  struct Case {
    const char* path;
    Language lang;
  };
  for (auto c : {Case{"a.ts", Language::TypeScript}, Case{"a.mts", Language::TypeScript},
                 Case{"a.tsx", Language::Tsx}, Case{"a.js", Language::JavaScript},
                 Case{"a.cjs", Language::JavaScript}, Case{"a.jsx", Language::JavaScript}}) {
    INFO(c.path);
    FileResult r = analyze_text(c.path, src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].language == c.lang);
    CHECK(r.reads[0].file == c.path);
    CHECK(r.reads[0].column == 11);
  }
  CHECK(analyze_text("types.d.ts", src).reads.empty());
}

TEST_CASE("a presence ternary is one read, at the condition", "[typescript]") {
  FileResult r = analyze_text("t.ts", "const a = process.env.X\n  ? process.env.X\n  : \"d\";\n");
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].line == 1);
  CHECK(r.reads[0].column == 11);
  REQUIRE(r.reads[0].default_value);
  CHECK(r.reads[0].default_value->raw == "\"d\"");
}

TEST_CASE("resolution stays bounded on deep and long input", "[typescript][resolve]") {
  SECTION("a 10,000-deep name expression of constants is dynamic, not a crash") {
    std::string src = "const A = \"A\";\nconst x = process.env[" + repeat("(A + ", 10000) + "A" + repeat(")", 10000) + "];\n";
    FileResult r = analyze_text("deep_name.ts", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);
  }
  SECTION("a chain of 2,000 constants each naming the previous one") {
    std::string src = "const C0 = \"CHAIN_END\";\n";
    for (int i = 1; i < 2000; ++i) src += "const C" + std::to_string(i) + " = C" + std::to_string(i - 1) + ";\n";
    src += "const v = process.env[C1999];\nconst w = process.env[C3];\n";
    FileResult r = analyze_text("chain_consts.ts", src);
    REQUIRE(r.reads.size() == 2);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);  // past the evaluation depth
    CHECK(r.reads[1].name == "CHAIN_END");
    CHECK(r.reads[1].kind == ReadKind::Constant);
    CHECK(r.reads[1].via.size() == 4);
  }
  SECTION("wrappers of wrappers, 200 deep") {
    std::string src = "function h0(k: string, d: string) { return process.env[k] ?? d; }\n";
    for (int i = 1; i < 200; ++i)
      src += "function h" + std::to_string(i) + "(k: string, d: string) { return h" + std::to_string(i - 1) + "(k, d); }\n";
    src += "h3(\"WRAPPED\", \"w\");\nh199(\"TOO_DEEP\", \"t\");\n";
    FileResult r = analyze_text("wrappers.ts", src);
    const EnvRead* wrapped = find_read(r, "WRAPPED");
    REQUIRE(wrapped != nullptr);
    CHECK(wrapped->kind == ReadKind::Helper);
    REQUIRE(wrapped->default_value);
    CHECK(wrapped->default_value->value == "w");
    CHECK(wrapped->via.back().label == "helper h3");
  }
  SECTION("a loop over a record's keys") {
    FileResult r = analyze_text("keys.ts",
                                "const DEFAULTS = { LOG_LEVEL: \"info\", PORT: 8080 };\n"
                                "for (const k in DEFAULTS) { const v = process.env[k]; }\n"
                                "for (const [k, d] of Object.entries(DEFAULTS)) { process.env[k]; }\n");
    REQUIRE(r.reads.size() == 3);
    CHECK(r.reads[0].name == "LOG_LEVEL");
    CHECK(r.reads[0].kind == ReadKind::Map);
    CHECK(r.reads[1].name == "PORT");
    CHECK(r.reads[2].kind == ReadKind::Dynamic);  // Object.entries is not modelled
  }
}

// One predicate (parameter_declares_env) decides for the name collection, the evaluator and the
// cross-file export whether a parameter is the environment by its own syntax: its type or an
// env-object default, not any text that happens to contain ".env".
TEST_CASE("a parameter typed or defaulted as the environment is read as it, by its syntax only", "[typescript]") {
  FileResult r = analyze_text("params.ts",
                              "export function typed(env: NodeJS.ProcessEnv) { return env.A_TYPED; }\n"
                              "export function partial(env: Partial<ProcessEnv>) { return env.B_PARTIAL; }\n"
                              "export function typeOf(env: typeof process.env) { return env.C_TYPEOF; }\n"
                              "export function defaulted(env = process.env) { return env.D_DEFAULT; }\n"
                              "export function meta(env = import.meta.env) { return env.E_META; }\n"
                              "const config = { env: { F_NOT_ENV: 1 } };\n"
                              "export function notEnv(opts = config.env) { return opts.F_NOT_ENV; }\n"
                              "export function named(env: Environment) { return env.G_NOT_ENV; }\n");
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(read.name + ":" + std::to_string(read.line));
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"A_TYPED:1", "B_PARTIAL:2", "C_TYPEOF:3", "D_DEFAULT:4", "E_META:5"});
}

// The script ranges of components and pages (analyzer/typescript/embedded.cpp): what is code.
TEST_CASE("script element ranges skip comments, src scripts, data types and keep positions", "[typescript][embedded]") {
  using envdrift::js::script_element_ranges;
  std::string text =
      "<!-- <script>commented()</script> -->\n"       // 0: markup comment: text
      "<script src=\"a.js\" />\n"                       // 1: self-closing
      "<script type=\"application/json\">{}</script>\n"  // 2: data
      "<script setup lang=\"ts\" generic=\"T extends Map<string, number>\">\n"  // 3
      "const a = 1\n"                                     // 4
      "</script>\n"                                       // 5
      "<scripts>no</scripts><script>b()";                 // 6: unclosed: to the end
  auto ranges = script_element_ranges(text);
  REQUIRE(ranges.size() == 2);
  CHECK(ranges[0].start_point.row == 3);
  CHECK(text.substr(ranges[0].start_byte, ranges[0].end_byte - ranges[0].start_byte) == "\nconst a = 1\n");
  CHECK(ranges[1].start_point.row == 6);
  CHECK(ranges[1].start_point.column == 29);
  CHECK(text.substr(ranges[1].start_byte) == "b()");
  CHECK(envdrift::js::astro_ranges("---\nconst x = 1\n---\n<p/>").size() == 1);
  CHECK(envdrift::js::astro_ranges("<p>---</p>").empty());
}
