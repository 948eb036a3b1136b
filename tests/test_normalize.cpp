// Docs-side default normalization (SPEC section 4): normalize_doc_default.
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
                           "Required", "**Required**", "(required)"})
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
  check_value("enabled (skipped only when \"false\")", "enabled");
  check_value("`f(x)`", "f(x)");                // parentheses inside a code span stay
  check_value("`auto` (dev)", "auto");
  check_value("`-`", "-");                       // a literal dash in a code span is a value
  check_value("`None`", "None");
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
  auto prose = normalize_doc_default("computed default");
  REQUIRE(prose);
  CHECK(prose->raw == "computed default");
  auto literal = normalize_doc_default("  `8080`  ");
  REQUIRE(literal);
  CHECK(literal->raw == "`8080`");
}
