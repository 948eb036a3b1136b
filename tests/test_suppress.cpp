// Inline suppressions `envdrift: ignore[kind]` in all three languages (`//` and `#` comments, on
// the read's line or the line above), and the --verbose note for a comment that suppresses nothing.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "analyzer/core/driver.h"
#include "tests/support.h"

using envdrift::test::run_envdrift;
using envdrift::test::TempTree;

namespace {

const char* kDocs =
    "# Env\n\n| Variable | Default | Description |\n|---|---|---|\n"
    "| `PORT` | `8080` | listen port |\n";

using Found = std::set<std::pair<std::string, std::string>>;  // (kind, name)

Found check_findings(const TempTree& t) {
  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json"});
  INFO(r.out << r.err);
  Found out;
  auto j = nlohmann::json::parse(r.out);
  for (const auto& f : j["findings"]) out.emplace(f["kind"].get<std::string>(), f["name"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("TypeScript: // envdrift: ignore[kind] on the line or the line above", "[suppress]") {
  TempTree t;
  t.write("docs/env.md", kDocs);
  t.write("src/a.ts",
          "const a = process.env.SAME_LINE; // envdrift: ignore[undocumented]\n"
          "// envdrift: ignore[undocumented]\n"
          "const b = process.env.LINE_ABOVE;\n"
          "const c = process.env.OTHER_KIND; // envdrift: ignore[unread]\n"
          "const p = process.env.PORT ?? '9090'; // envdrift: ignore[default_mismatch]\n"
          "const d = process.env.NOT_SUPPRESSED;\n");
  CHECK(check_findings(t) == Found{{"undocumented", "NOT_SUPPRESSED"}, {"undocumented", "OTHER_KIND"}});
}

TEST_CASE("Python: # envdrift: ignore[kind] on the line or the line above", "[suppress]") {
  TempTree t;
  t.write("docs/env.md", kDocs);
  t.write("app.py",
          "import os\n"
          "a = os.getenv('SAME_LINE')  # envdrift: ignore[undocumented]\n"
          "# envdrift: ignore\n"
          "b = os.environ['LINE_ABOVE']\n"
          "p = os.getenv('PORT', '9090')  # envdrift: ignore[dynamic]\n"
          "c = os.getenv('NOT_SUPPRESSED')\n");
  CHECK(check_findings(t) == Found{{"undocumented", "NOT_SUPPRESSED"}, {"default_mismatch", "PORT"}});
}

TEST_CASE("Go: // envdrift: ignore[kind] on the line or the line above", "[suppress]") {
  TempTree t;
  t.write("docs/env.md", kDocs);
  t.write("main.go",
          "package main\n\nimport \"os\"\n\nfunc main() {\n"
          "\t_ = os.Getenv(\"SAME_LINE\") // envdrift: ignore[undocumented]\n"
          "\t// envdrift: ignore[undocumented, default_mismatch]\n"
          "\t_ = os.Getenv(\"LINE_ABOVE\")\n"
          "\t_ = os.Getenv(\"PORT\")\n"
          "\t_ = os.Getenv(\"NOT_SUPPRESSED\")\n"
          "}\n");
  CHECK(check_findings(t) == Found{{"undocumented", "NOT_SUPPRESSED"}});
}

TEST_CASE("the scan lists every suppression comment with its file and line", "[suppress]") {
  TempTree t;
  t.write("a.py", "import os\n# envdrift: ignore[unread, undocumented]\nx = os.getenv('A')\n");
  t.write("b.ts", "const b = process.env.B; // envdrift: ignore\n");
  envdrift::ScanOptions so;
  so.root = t.path();
  so.paths = {t.path()};
  auto r = envdrift::scan(so);
  REQUIRE(r.suppressions.size() == 2);
  CHECK(r.suppressions[0].file == "a.py");
  CHECK(r.suppressions[0].line == 2);
  CHECK(r.suppressions[0].kinds == std::vector<std::string>{"unread", "undocumented"});
  CHECK(r.suppressions[1].file == "b.ts");
  CHECK(r.suppressions[1].line == 1);
  CHECK(r.suppressions[1].kinds == std::vector<std::string>{""});
}

TEST_CASE("verbose mode notes a suppression that suppresses nothing", "[suppress]") {
  TempTree t;
  t.write("docs/env.md", kDocs);
  t.write("src/a.ts",
          "const a = process.env.UNDOC; // envdrift: ignore[undocumented]\n"
          "const p = process.env.PORT; // envdrift: ignore[undocumented]\n"
          "\n"
          "// envdrift: ignore\n"
          "const q = 1;\n");
  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--verbose"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("src/a.ts:2: note: suppression `envdrift: ignore[undocumented]` suppresses nothing; delete it\n") !=
        std::string::npos);
  CHECK(r.out.find("src/a.ts:4: note: suppression `envdrift: ignore` suppresses nothing; delete it\n") !=
        std::string::npos);
  CHECK(r.out.find("src/a.ts:1: note") == std::string::npos);  // that one is used
  auto quiet = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md")});
  CHECK(quiet.out.find("suppresses nothing") == std::string::npos);
}
