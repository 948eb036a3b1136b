// Default normalization (SPEC section 4): the docs side (normalize_doc_default) and the code
// side (normalize_code_value), and how the two compare.
#include <catch2/catch.hpp>

#include <string>

#include "analyzer/core/normalize.h"

using namespace envdrift;

namespace {

void check_value(const std::string& cell, const std::string& value, bool comparable = true) {
  INFO("cell: " << cell);
  auto d = normalize_doc_default(cell);
  REQUIRE(d.has_value());
  CHECK(d->value == value);
  CHECK(d->comparable == comparable);
}

void check_none(const std::string& cell) {
  INFO("cell: " << cell);
  CHECK_FALSE(normalize_doc_default(cell).has_value());
}

}  // namespace

TEST_CASE("doc defaults: no-default markers", "[normalize]") {
  for (const char* cell : {"", "   ", "—", "–", "-", "--", "None", "none", "(none)", "Not set", "not set", "unset",
                           "N/A", "null", "_none_", "*none*", "— (required in prod)", "— (deny all cross-origin)",
                           "Required", "**Required**", "(required)",
                           // a language's null literal in a code span (healthchecks: "Default: `None`")
                           "`None`", "`null`", "`nil`", "`undefined`"})
    check_none(cell);
}

TEST_CASE("doc defaults: empty strings", "[normalize]") {
  check_value("_empty_", "");
  check_value("empty", "");
  check_value("(empty)", "");
  check_value("`\"\"`", "");
  check_value("\"\"", "");
  check_value("''", "");
}

TEST_CASE("doc defaults: literals, code spans, quotes and trailing notes", "[normalize]") {
  check_value("`localhost`", "localhost");
  check_value("\"quoted\"", "quoted");
  check_value("**bold**", "bold");
  check_value("10485760 (10 MB)", "10485760");
  check_value("`10485760` (10 MB)", "10485760");
  check_value("168 (7 days)", "168");
  check_value("0 (Random Port)", "0");
  check_value("`1` (legacy default, may change to `0` in a future release)", "1");
  check_value("enabled (skipped only when \"false\")", "enabled", false);  // a state, not a value
  check_value("`f(x)`", "f(x)");                // parentheses inside a code span stay
  check_value("`auto` (dev)", "auto");
  check_value("`-`", "-");                       // a literal dash in a code span is a value
  check_value("`none`", "none");                 // a lower-case word in a code span is a value (a level)
}

TEST_CASE("doc defaults: numbers and booleans fold", "[normalize]") {
  check_value("5000", "5000");
  check_value("`5_000`", "5000");
  check_value("5e3", "5000");
  check_value("3.0", "3");
  check_value("0.1.0", "0.1.0");
  check_value("True", "true");
  check_value("`FALSE`", "false");
  auto a = normalize_doc_default("`5_000`");
  auto b = normalize_doc_default("5e3");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(defaults_equal(*a, *b));
  auto c = normalize_doc_default("5001");
  REQUIRE(c);
  CHECK_FALSE(defaults_equal(*a, *c));
}

TEST_CASE("doc defaults: prose is kept but not comparable", "[normalize]") {
  check_value("computed default", "computed default", false);
  check_value("Random", "Random", false);
  check_value("*Read description*", "*Read description*", false);
  check_value("(falls back to A then B)", "falls back to A then B", false);
  check_value("(uses service default)", "uses service default", false);
  check_value("(off — token-only auth)", "off — token-only auth", false);
  check_value("falls back to `AISOC_URL`", "falls back to `AISOC_URL`", false);
  check_value("request-time fallback", "request-time fallback", false);
  check_value("`10` in prod, `1` in dev", "10 in prod, 1 in dev", false);
  check_value("Provider default", "Provider default", false);
  check_value("Disabled", "Disabled", false);
  check_value("(current dir)", "current dir", false);
  check_value("see below", "see below", false);
  check_value("Built-in ID", "Built-in ID", false);
  check_value("**Provider default**", "Provider default", false);
  auto prose = normalize_doc_default("computed default");
  REQUIRE(prose);
  CHECK(prose->raw == "computed default");
  auto literal = normalize_doc_default("  `8080`  ");
  REQUIRE(literal);
  CHECK(literal->raw == "`8080`");
}

TEST_CASE("doc defaults: several words are prose, one token or a list is a literal", "[normalize]") {
  check_value("the region of the host", "the region of the host", false);
  check_value("GET, POST", "GET, POST");  // a list of tokens
  check_value("a,b,c", "a,b,c");
  check_value("`AiSOC API`", "AiSOC API");  // words in a code span are one literal
  check_value("\"two words\"", "two words");
  check_value("0 (Random Port)", "0");        // the literal before the note is comparable
  check_value("604800 (1 week)", "604800");
}

TEST_CASE("doc defaults: Markdown escapes are undone outside code spans", "[normalize]") {
  check_value("POSTGRES\\_HOST", "POSTGRES_HOST");
  check_value("4 \\* 1024", "4096");
  check_value("`a\\_b`", "a\\_b");  // a code span keeps its backslash
  auto d = normalize_doc_default("4 \\* 1024");
  REQUIRE(d);
  CHECK(d->raw == "4 \\* 1024");
}

TEST_CASE("doc defaults: thousands separators fold, lists stay lists", "[normalize]") {
  check_value("25,000", "25000");
  check_value("1,048,576", "1048576");
  check_value("-1,000.5", "-1000.5");
  check_value("`25,000`", "25000");
  check_value("1,2,3", "1,2,3");
  check_value("1,0000", "1,0000");
  check_value("1000,000", "1000,000");
  check_value("25,00", "25,00");
  check_value("0,001", "0,001");
}

TEST_CASE("doc defaults: constant integer arithmetic folds in one pass", "[normalize]") {
  check_value("5 * 1024", "5120");
  check_value("`10 * 1024 * 1024`", "10485760");
  check_value("60 * 60 * 24", "86400");
  check_value("60*60", "3600");
  check_value("1024 * 1024 + 1", "1048577");
  check_value("2 + 3 * 4", "14");           // `*` binds tighter
  check_value("100 - 10 * 2 - 1", "79");    // left to right
  check_value("1_000 * 2", "2000");
  check_value("2024-01-02", "2024-01-02");  // `-` without spaces: a date, not 2021
  check_value("5 *", "5 *", false);         // incomplete: words
  check_value("5 / 2", "5 / 2", false);     // no division
  check_value("(5 * 2)", "5 * 2", false);   // no parentheses: a parenthetical note
  // Overflow is not folded.
  check_value("`9223372036854775807 * 2`", "9223372036854775807 * 2");
  check_value("`9223372036854775807 + 1`", "9223372036854775807 + 1");
  check_value("`-9223372036854775807 - 2`", "-9223372036854775807 - 2");
}

TEST_CASE("code defaults: numbers, booleans and empty strings normalize like the docs", "[normalize]") {
  CHECK(normalize_code_value("5_000") == "5000");
  CHECK(normalize_code_value("5e3") == "5000");
  CHECK(normalize_code_value("1.0") == "1");
  CHECK(normalize_code_value("0x10") == "16");
  CHECK(normalize_code_value("True") == "true");
  CHECK(normalize_code_value("FALSE") == "false");
  CHECK(normalize_code_value("") == "");
  CHECK(normalize_code_value("0755") == "0755");
  CHECK(normalize_code_value("INFO") == "INFO");  // case is kept: a case-only difference is its own finding
  auto code = [](const char* raw, const char* value) { return DefaultValue{raw, normalize_code_value(value), true}; };
  auto doc = [](const char* cell) {
    auto d = normalize_doc_default(cell);
    REQUIRE(d);
    return *d;
  };
  CHECK(defaults_equal(doc("1.0"), code("1", "1")));
  CHECK(defaults_equal(doc("5e3"), code("5_000", "5_000")));
  CHECK(defaults_equal(doc("25,000"), code("25000", "25000")));
  CHECK(defaults_equal(doc("5 * 1024"), code("5 * 1024", "5120")));
  CHECK(defaults_equal(doc("True"), code("false", "FALSE")) == false);
  CHECK(defaults_equal(doc("TRUE"), code("true", "true")));
  CHECK(defaults_equal(doc("`\"\"`"), code("\"\"", "")));
  CHECK(defaults_equal(doc("''"), code("''", "")));
  CHECK(defaults_equal(doc("_empty_"), code("\"\"", "")));
  CHECK(defaults_equal(doc("empty string"), code("\"\"", "")));
  CHECK_FALSE(defaults_equal(doc("`x`"), code("\"\"", "")));
  // One boolean spelled two ways: a bool helper's "NO" is the documented `false`.
  CHECK(defaults_equal(doc("false"), code("\"NO\"", "NO")));
  CHECK(defaults_equal(doc("`true`"), code("\"yes\"", "yes")));
  CHECK(defaults_equal(doc("off"), code("\"0\"", "0")));
  CHECK_FALSE(defaults_equal(doc("false"), code("\"yes\"", "yes")));
  // One comma-separated list spaced two ways (mathesar's ALLOWED_HOSTS), not two lists.
  CHECK(defaults_equal(doc("`.localhost,127.0.0.1,[::1]`"), code("'.localhost, 127.0.0.1, [::1]'", ".localhost, 127.0.0.1, [::1]")));
  CHECK_FALSE(defaults_equal(doc("`a,b`"), code("'a, c'", "a, c")));
  CHECK_FALSE(defaults_equal(doc("0"), code("\"1\"", "1")));  // numbers, not booleans
  // A Markdown autolink is its URL.
  CHECK(defaults_equal(doc("\"<http://localhost:9998>\""), code("\"http://localhost:9998\"", "http://localhost:9998")));
  CHECK(doc("<https://x.example/a>").value == "https://x.example/a");
  CHECK(doc("<int>").comparable == true);  // not a URL: stays as written
  CHECK(doc("<int>").value == "<int>");
}

TEST_CASE("defaults that differ only in letter case", "[normalize]") {
  DefaultValue doc_info{"`info`", "info", true}, code_info{"\"INFO\"", "INFO", true};
  CHECK_FALSE(defaults_equal(doc_info, code_info));
  CHECK(defaults_differ_only_in_case(doc_info, code_info));
  CHECK_FALSE(defaults_differ_only_in_case(doc_info, doc_info));  // equal is not a difference
  CHECK_FALSE(defaults_differ_only_in_case(doc_info, DefaultValue{"\"warn\"", "warn", true}));
  CHECK_FALSE(defaults_differ_only_in_case(DefaultValue{"x", "Info", false}, code_info));  // prose
}
