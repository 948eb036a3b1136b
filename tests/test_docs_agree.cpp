// Generated tables agree with the page (issue 16, part 7): ignored names are left out, a name
// written by hand in a shared section is not repeated in a service table, names documented
// together stay in one row, and `docs --insert` adds marker regions to a page without any.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/docs_command.h"
#include "registry/docs_writer.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::read_text;
using envdrift::test::run_envdrift;
using envdrift::test::TempTree;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

const char* kServices = R"(registry = ["docs/env.md"]
[[service]]
name = "api"
roots = ["api"]
doc_section = "API"
[[service]]
name = "web"
roots = ["web"]
doc_section = "Web"
)";

}  // namespace

TEST_CASE("docs: [ignore] names and `envdrift: ignore` comments are left out of the tables", "[docs][cli]") {
  TempTree t;
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n[ignore]\nnames = [\"NODE_ENV\"]\n");
  t.write("app.ts", "export const a = process.env.NODE_ENV;\nexport const b = process.env.PORT ?? \"80\";\n"
                    "export const c = process.env.CI;\n");
  t.write("docs/env.md", "# Env\n\n<!-- envdrift: ignore CI -->\n\n<!-- envdrift:begin -->\n<!-- envdrift:end -->\n");
  auto r = run_envdrift({"docs", "--write", t.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) ==
        "# Env\n\n<!-- envdrift: ignore CI -->\n\n<!-- envdrift:begin -->\n"
        "| Variable | Default | Read by | Description |\n| --- | --- | --- | --- |\n"
        "| `PORT` | `80` | `app.ts` | |\n<!-- envdrift:end -->\n");
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);
}

TEST_CASE("docs: a name written in a shared section is not repeated in a service table", "[docs][cli]") {
  TempTree t;
  t.write(".envdrift.toml", kServices);
  t.write("api/config.py", "import os\nORIGINS = os.getenv(\"CORS_ORIGINS\", \"*\")\nPORT = os.getenv(\"API_PORT\", \"8080\")\n");
  t.write("web/config.ts", "export const o = process.env.CORS_ORIGINS;\nexport const u = process.env.LEGACY_ORIGINS;\n"
                           "export const p = process.env.WEB_PORT;\n");
  const std::string page =
      "# Configuration\n\n## CORS (shared)\n\n| Variable | Aliases | Default | Description |\n|---|---|---|---|\n"
      "| `CORS_ORIGINS` | `LEGACY_ORIGINS` | `*` | Allowed origins |\n\n"
      "## API\n\n<!-- envdrift:begin -->\n<!-- envdrift:end -->\n\n"
      "## Web\n\n<!-- envdrift:begin section=web -->\n<!-- envdrift:end -->\n";
  t.write("docs/env.md", page);
  auto r = run_envdrift({"docs", "--write", t.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const std::string want =
      "# Configuration\n\n## CORS (shared)\n\n| Variable | Aliases | Default | Description |\n|---|---|---|---|\n"
      "| `CORS_ORIGINS` | `LEGACY_ORIGINS` | `*` | Allowed origins |\n\n"
      "## API\n\n<!-- envdrift:begin -->\n| Variable | Default | Read by | Description |\n| --- | --- | --- | --- |\n"
      "| `API_PORT` | `8080` | `api/config.py` | |\n<!-- envdrift:end -->\n\n"
      "## Web\n\n<!-- envdrift:begin section=web -->\n| Variable | Default | Read by | Description |\n"
      "| --- | --- | --- | --- |\n| `WEB_PORT` | — | `web/config.ts` | |\n<!-- envdrift:end -->\n";
  CHECK(read_text(t.abs("docs/env.md")) == want);
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);  // stable
  auto check = run_envdrift({"check", t.path()});
  INFO(check.out);
  CHECK(check.exit_code == 0);  // the page the tables make has no drift

  // Rows generated in another region are no reason to leave a name out (no ping-pong between
  // two regions): a shared generated region lists what it reads, and so does the service's.
  t.write("docs/env.md", "# C\n\n## Everything\n\n<!-- envdrift:begin -->\n<!-- envdrift:end -->\n\n"
                         "## Web\n\n<!-- envdrift:begin section=web -->\n<!-- envdrift:end -->\n");
  REQUIRE(run_envdrift({"docs", "--write", t.path()}).exit_code == 0);
  std::string once = read_text(t.abs("docs/env.md"));
  CHECK(contains(once, "## Web\n\n<!-- envdrift:begin section=web -->\n| Variable | Default | Read by | Description |\n"
                       "| --- | --- | --- | --- |\n| `CORS_ORIGINS` | — | `web/config.ts` | |\n"));
  REQUIRE(run_envdrift({"docs", "--write", t.path()}).exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) == once);
}

TEST_CASE("docs: names documented in one row stay in one row, aliases in an Aliases column", "[docs][cli]") {
  TempTree t;
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n");
  t.write("a.py", "import os\nA = os.getenv(\"AISOC_CORS_ORIGINS\", \"x\")\nB = os.getenv(\"CORS_ORIGINS\", \"x\")\n"
                  "C = os.getenv(\"REDIS_ADDR\")\n");
  t.write("docs/env.md",
          "# Env\n\n<!-- envdrift:begin -->\n| Variable | Aliases | Description |\n|---|---|---|\n"
          "| `AISOC_CORS_ORIGINS` / `CORS_ORIGINS` | | the first name wins |\n"
          "| `REDIS_URL` | `REDIS_ADDR` | Redis |\n<!-- envdrift:end -->\n");
  auto r = run_envdrift({"docs", "--write", t.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const std::string want =
      "# Env\n\n<!-- envdrift:begin -->\n| Variable | Aliases | Default | Read by | Description |\n"
      "| --- | --- | --- | --- | --- |\n"
      "| `AISOC_CORS_ORIGINS` / `CORS_ORIGINS` | | `x` | `a.py` | the first name wins |\n"
      "| `REDIS_URL` | `REDIS_ADDR` | — | `a.py` | Redis |\n<!-- envdrift:end -->\n";
  CHECK(read_text(t.abs("docs/env.md")) == want);
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);
  CHECK(run_envdrift({"check", t.path()}).exit_code == 0);

  // A name of the row no longer read leaves the row; with configured columns and no `aliases`
  // column, the aliases join the name cell.
  t.write("a.py", "import os\nA = os.getenv(\"AISOC_CORS_ORIGINS\", \"x\")\nC = os.getenv(\"REDIS_ADDR\")\n");
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n[docs]\ncolumns = [\"name\", \"description\"]\n");
  REQUIRE(run_envdrift({"docs", "--write", t.path()}).exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) ==
        "# Env\n\n<!-- envdrift:begin -->\n| Variable | Description |\n| --- | --- |\n"
        "| `AISOC_CORS_ORIGINS` | the first name wins |\n| `REDIS_URL` / `REDIS_ADDR` | Redis |\n<!-- envdrift:end -->\n");
}

TEST_CASE("insert_docs_regions: at the end, after a heading's section, MDX, CRLF, unknown heading", "[docs]") {
  std::vector<NewRegion> two{{"API", "api"}, {"Web app", "Web app"}};
  CHECK(insert_docs_regions("# Config\n\nIntro.\n", false, two, "") ==
        "# Config\n\nIntro.\n\n## API\n\n<!-- envdrift:begin section=api -->\n<!-- envdrift:end -->\n\n"
        "## Web app\n\n<!-- envdrift:begin section=\"Web app\" -->\n<!-- envdrift:end -->\n");
  CHECK(insert_docs_regions("Intro without newline", true, {{"", ""}}, "") ==
        "Intro without newline\n\n{/* envdrift:begin */}\n{/* envdrift:end */}\n");
  const std::string page = "# T\n\n## Setup\n\nRun it.\n\n### Details\n\nMore.\n\n## FAQ\n\nQ.\n";
  CHECK(insert_docs_regions(page, false, {{"", ""}}, "setup") ==
        "# T\n\n## Setup\n\nRun it.\n\n### Details\n\nMore.\n\n<!-- envdrift:begin -->\n<!-- envdrift:end -->\n\n"
        "## FAQ\n\nQ.\n");
  CHECK(insert_docs_regions(page, false, {{"API", "api"}}, "FAQ") ==
        page + "\n### API\n\n<!-- envdrift:begin section=api -->\n<!-- envdrift:end -->\n");
  CHECK(insert_docs_regions("# T\r\n\r\n## A\r\n", false, {{"", ""}}, "") ==
        "# T\r\n\r\n## A\r\n\r\n<!-- envdrift:begin -->\r\n<!-- envdrift:end -->\r\n");
  // A heading inside a code fence is not a heading.
  CHECK(insert_docs_regions("# T\n```\n## Fake\n```\n", false, {{"", ""}}, "") ==
        "# T\n```\n## Fake\n```\n\n<!-- envdrift:begin -->\n<!-- envdrift:end -->\n");
  std::string message;
  try {
    insert_docs_regions(page, false, {{"", ""}}, "Install");
  } catch (const DocsError& e) {
    message = e.message;
  }
  CHECK(message == " no heading \"Install\" to insert the table after (headings: \"T\", \"Setup\", \"Details\", \"FAQ\")");
}

TEST_CASE("docs --insert adds the regions to a page without markers, then the tables", "[docs][cli]") {
  TempTree t;
  t.write(".envdrift.toml", kServices);
  t.write("api/config.py", "import os\nPORT = os.getenv(\"API_PORT\", \"8080\")\n");
  t.write("web/config.ts", "export const p = process.env.WEB_PORT;\n");
  const std::string page = "# Configuration\n\nHand-written.\n\n## Deploying\n\nSteps.\n";
  t.write("docs/env.md", page);

  auto plain = run_envdrift({"docs", "--write", t.path()});
  CHECK(plain.exit_code == 2);
  CHECK(contains(plain.err, "or add them with `envdrift docs --write --insert`"));

  auto check = run_envdrift({"docs", "--check", "--insert", t.path()});  // shows the diff, writes nothing
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "+<!-- envdrift:begin section=api -->\n"));
  CHECK(read_text(t.abs("docs/env.md")) == page);

  auto bad = run_envdrift({"docs", "--write", "--insert-after", "Install", t.path()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "envdrift: error: docs/env.md: no heading \"Install\" to insert the table after (headings: "
                   "\"Configuration\", \"Deploying\")\n");
  CHECK(read_text(t.abs("docs/env.md")) == page);

  auto w = run_envdrift({"docs", "--write", "--insert", t.path()});
  INFO(w.err);
  CHECK(w.exit_code == 0);
  CHECK(w.err == "envdrift: updated docs/env.md\n");
  const std::string want = page +
                           "\n## API\n\n<!-- envdrift:begin section=api -->\n| Variable | Default | Read by | Description |\n"
                           "| --- | --- | --- | --- |\n| `API_PORT` | `8080` | `api/config.py` | |\n<!-- envdrift:end -->\n\n"
                           "## Web\n\n<!-- envdrift:begin section=web -->\n| Variable | Default | Read by | Description |\n"
                           "| --- | --- | --- | --- |\n| `WEB_PORT` | — | `web/config.ts` | |\n<!-- envdrift:end -->\n";
  CHECK(read_text(t.abs("docs/env.md")) == want);
  // A page with regions: --insert adds nothing more.
  CHECK(run_envdrift({"docs", "--write", "--insert", t.path()}).exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) == want);
  CHECK(run_envdrift({"check", t.path()}).exit_code == 0);

  // Without services: one region for the whole tree, at the end of the named heading's section.
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n");
  t.write("docs/env.md", "# Configuration\n\nHand-written.\n\n## Deploying\n\nSteps.\n\n## FAQ\n\nNone.\n");
  REQUIRE(run_envdrift({"docs", "--write", "--insert-after", "configuration", t.path()}).exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) ==
        "# Configuration\n\nHand-written.\n\n## Deploying\n\nSteps.\n\n## FAQ\n\nNone.\n\n<!-- envdrift:begin -->\n"
        "| Variable | Default | Read by | Description |\n| --- | --- | --- | --- |\n"
        "| `API_PORT` | `8080` | `api/config.py` | |\n| `WEB_PORT` | — | `web/config.ts` | |\n<!-- envdrift:end -->\n");
}
