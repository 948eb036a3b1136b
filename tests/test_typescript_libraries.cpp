// The TypeScript config-library tables (analyzer/typescript/libraries.h): their rows refer to
// each other consistently, and deep convict schemas are walked without recursion.
#include <catch2/catch.hpp>

#include <string>

#include "analyzer/core/driver.h"
#include "analyzer/typescript/libraries.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::find_read;
using envdrift::test::repeat;

namespace {
bool has_value(std::string_view id) {
  for (const auto& v : js::library_values())
    if (v.id == id) return true;
  return false;
}
}  // namespace

TEST_CASE("library rows name library values that exist", "[typescript][libraries]") {
  for (const auto& r : js::library_reads()) {
    INFO(std::string(r.object) + "." + std::string(r.method));
    CHECK(has_value(r.object));
  }
  for (const auto& f : js::library_factories()) {
    INFO(std::string(f.object) + "." + std::string(f.method));
    CHECK(has_value(f.object));
    CHECK(has_value(f.result));
  }
}

TEST_CASE("a 5,000-deep convict schema is walked with an explicit stack", "[typescript][libraries]") {
  std::string src = "const convict = require(\"convict\");\nconvict(" + repeat("{ a: ", 5000) +
                    "{ p: { default: 1, env: \"DEEP_CONVICT\" } }" + repeat(" }", 5000) + ");\n";
  FileResult r = analyze_text("deep.js", src);
  // Past the depth bound the schema is not followed: no read, and no crash.
  CHECK(find_read(r, "DEEP_CONVICT") == nullptr);
  std::string shallow = "const convict = require(\"convict\");\nconvict({ a: { b: { p: { default: 1, env: \"SHALLOW\" } } } });\n";
  FileResult s = analyze_text("shallow.js", shallow);
  const EnvRead* read = find_read(s, "SHALLOW");
  REQUIRE(read != nullptr);
  CHECK(read->kind == ReadKind::Schema);
  REQUIRE(read->default_value);
  CHECK(read->default_value->value == "1");
}
