// `envdrift docs`: marker regions, the generated table, the diff, and the subcommand end to end.
// Fixtures live in fixtures/docs/.
#include <catch2/catch.hpp>

#include <filesystem>
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

std::string fixture(const std::string& name) { return read_text(test::source_dir() + "/fixtures/docs/" + name); }

EnvRead read_of(const std::string& name, const std::string& file, int line, std::optional<DefaultValue> d = std::nullopt,
                ReadKind kind = ReadKind::Direct) {
  EnvRead r;
  r.name = name;
  r.file = file;
  r.line = line;
  r.kind = kind;
  r.default_value = std::move(d);
  return r;
}

std::vector<ServiceSpec> two_services() {
  return {ServiceSpec{"ingest", {"services/ingest"}, "Ingest service"}, ServiceSpec{"web", {"apps/web"}, "Web app"}};
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

const char* kConfig = R"(registry = ["docs/env.md"]
[[service]]
name = "ingest"
roots = ["services/ingest"]
doc_section = "Ingest service"
[[service]]
name = "web"
roots = ["apps/web"]
doc_section = "Web app"
)";

const char* kIngestPy = "import os\n"
                        "TOPIC = os.getenv(\"KAFKA_TOPIC\", \"aisoc.raw_events\")\n"
                        "WORKERS = int(os.getenv(\"WORKERS\", \"4\"))\n";
const char* kWebTs = "export const port = process.env.APP_PORT ?? \"3000\";\n"
                     "export const key = process.env.API_KEY;\n";

// The expected env.md after `docs --write` on the tree above.
const char* kWrittenMd = R"(# Configuration

Hand-written intro. Trailing spaces here stay:   

## Ingest service

<!-- envdrift:begin section=ingest -->
| Variable | Default | Read by | Description |
| --- | --- | --- | --- |
| `KAFKA_TOPIC` | `aisoc.raw_events` | `services/ingest/config.py` | Topic the ingest service publishes to. |
| `WORKERS` | `4` | `services/ingest/config.py` | |
<!-- envdrift:end -->

## Web app

<!-- envdrift:begin section="web" -->
| Variable | Default | Read by | Description |
| --- | --- | --- | --- |
| `API_KEY` | — | `apps/web/config.ts` | |
| `APP_PORT` | `3000` | `apps/web/config.ts` | |
<!-- envdrift:end -->

Footer text.
)";

void make_tree(const TempTree& t, const std::string& page_name, const std::string& page) {
  std::string cfg = replace_all(kConfig, "docs/env.md", "docs/" + page_name);
  t.write(".envdrift.toml", cfg);
  t.write("services/ingest/config.py", kIngestPy);
  t.write("apps/web/config.ts", kWebTs);
  t.write("docs/" + page_name, page);
}

}  // namespace

TEST_CASE("marker regions: sections, heading path, lines and offsets", "[docs]") {
  std::string text = fixture("env.md");
  auto regions = find_docs_regions(text);
  REQUIRE(regions.size() == 2);
  CHECK(regions[0].section == "ingest");
  CHECK(regions[0].begin_line == 7);
  CHECK(regions[0].end_line == 12);
  CHECK(regions[0].headings == std::vector<std::string>{"Configuration", "Ingest service"});
  CHECK(text.substr(regions[0].content_begin, 10) == "| Variable");
  CHECK(text.substr(regions[0].content_end, 19) == "<!-- envdrift:end -");
  CHECK(regions[1].section == "web");
  CHECK(regions[1].begin_line == 16);
  CHECK(regions[1].content_begin == regions[1].content_end);  // empty region
  CHECK(regions[1].headings == std::vector<std::string>{"Configuration", "Web app"});

  auto mdx = find_docs_regions(fixture("env.mdx"));
  REQUIRE(mdx.size() == 1);
  CHECK(mdx[0].section.empty());
  CHECK(mdx[0].begin_line == 9);
  CHECK(mdx[0].headings == std::vector<std::string>{"Ingest service"});

  CHECK(find_docs_regions(fixture("no_markers.md")).empty());
  // markers inside fenced code are examples, not markers
  CHECK(find_docs_regions("```md\n<!-- envdrift:begin -->\n```\n").empty());
  // `[section=NAME]` bracket form
  CHECK(find_docs_regions("<!-- envdrift:begin [section=Web app] -->\n<!-- envdrift:end -->\n")[0].section == "Web app");
}

TEST_CASE("unbalanced markers are errors with the line", "[docs]") {
  auto message_of = [](const std::string& text) {
    try {
      find_docs_regions(text);
    } catch (const DocsError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(message_of("a\n<!-- envdrift:begin -->\nx\n") == "2: envdrift:begin without a matching envdrift:end");
  CHECK(message_of("<!-- envdrift:end -->\n") == "1: envdrift:end without a matching envdrift:begin");
  CHECK(message_of("<!-- envdrift:begin -->\n{/* envdrift:begin */}\n") ==
        "2: envdrift:begin inside the region opened at line 1 (missing envdrift:end)");
}

TEST_CASE("existing descriptions are found by the name and Description headers", "[docs]") {
  auto d = existing_descriptions(
      "| Config | Env Var | Description |\n|---|---|---|\n| a | `A` / `B\\_X` | first `x \\| y` |\n| b | C | |\n");
  using P = std::pair<std::string, std::string>;
  CHECK(d == std::vector<P>{{"A", "first `x \\| y`"}, {"B_X", "first `x \\| y`"}, {"C", ""}});
  CHECK(existing_descriptions("| Variable | Default |\n|---|---|\n| `A` | 1 |\n").empty());
}

TEST_CASE("rows: the region's service, sorted, first default, distinct files", "[docs]") {
  std::vector<EnvRead> reads = {
      read_of("WORKERS", "services/ingest/b.py", 3, DefaultValue{"\"4\"", "4", true}),
      read_of("WORKERS", "services/ingest/a.py", 9),
      read_of("WORKERS", "services/ingest/a.py", 12, DefaultValue{"\"8\"", "8", true}),
      read_of("KAFKA_", "services/ingest/a.py", 1, std::nullopt, ReadKind::Dynamic),
      read_of("POOL", "services/ingest/a.py", 2, DefaultValue{"os.cpu_count()", "", false}),
      read_of("EMPTY", "services/ingest/a.py", 4, DefaultValue{"\"\"", "", true}),
      read_of("APP_PORT", "apps/web/x.ts", 1, DefaultValue{"\"3000\"", "3000", true}),
  };
  DocsRegion ingest;
  ingest.section = "ingest";
  auto rows = rows_for_region(ingest, reads, two_services());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].name == "EMPTY");
  CHECK(rows[0].default_cell == "`\"\"`");
  CHECK(rows[1].name == "POOL");
  CHECK(rows[1].default_cell == "computed: `os.cpu_count()`");
  CHECK(rows[2].name == "WORKERS");
  CHECK(rows[2].default_cell == "`8`");  // a.py:12 comes before b.py:3
  CHECK(rows[2].read_by == std::vector<std::string>{"services/ingest/a.py", "services/ingest/b.py"});

  DocsRegion by_heading;  // no section=: the innermost heading a doc_section prefixes
  by_heading.headings = {"Environment", "Web app (apps/web)"};
  auto web = rows_for_region(by_heading, reads, two_services());
  REQUIRE(web.size() == 1);
  CHECK(web[0].name == "APP_PORT");

  DocsRegion shared;  // a heading no service claims: every read
  shared.headings = {"CORS"};
  CHECK(rows_for_region(shared, reads, two_services()).size() == 4);
  CHECK(rows_for_region(ingest, reads, {}).size() == 4);  // no services: the whole tree

  DocsRegion unknown;
  unknown.section = "billing";
  unknown.begin_line = 5;
  std::string message;
  try {
    rows_for_region(unknown, reads, two_services());
  } catch (const DocsError& e) {
    message = e.message;
  }
  CHECK(message == "5: section=\"billing\" matches no [[service]] name or doc_section (services: ingest, web)");
}

TEST_CASE("regenerate: bytes outside markers kept, CRLF kept, columns configurable", "[docs]") {
  auto rows = [](const DocsRegion&) {
    return std::vector<DocsRow>{{"B", "—", {"b.py"}, {}, {}}, {"A", "`1`", {"a.py", "c.py"}, {}, {}}};
  };
  std::string page = "intro  \n<!-- envdrift:begin -->\n| Name | Description |\n|-|-|\n| `A` | kept |\n<!-- envdrift:end -->\ntail";
  CHECK(regenerate_docs(page, default_docs_columns(), rows) ==
        "intro  \n<!-- envdrift:begin -->\n| Variable | Default | Read by | Description |\n| --- | --- | --- | --- |\n"
        "| `A` | `1` | `a.py`, `c.py` | kept |\n| `B` | — | `b.py` | |\n<!-- envdrift:end -->\ntail");

  std::string crlf = replace_all(page, "\n", "\r\n");
  std::string out = regenerate_docs(crlf, {DocsColumn::Name, DocsColumn::Description}, rows);
  CHECK(out == "intro  \r\n<!-- envdrift:begin -->\r\n| Variable | Description |\r\n| --- | --- |\r\n"
               "| `A` | kept |\r\n| `B` | |\r\n<!-- envdrift:end -->\r\ntail");
  CHECK(regenerate_docs(out, {DocsColumn::Name, DocsColumn::Description}, rows) == out);  // idempotent
}

TEST_CASE("unified diff of a stale page", "[docs]") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "p.md").empty());
  CHECK(unified_diff("1\n2\n3\n4\n5\nold\n7\n", "1\n2\n3\n4\n5\nnew\nadded\n7\n", "docs/p.md") ==
        "--- a/docs/p.md\n+++ b/docs/p.md\n@@ -3,5 +3,6 @@\n 3\n 4\n 5\n-old\n+new\n+added\n 7\n");
  CHECK(unified_diff("x\n", "", "p") == "--- a/p\n+++ b/p\n@@ -1,1 +0,0 @@\n-x\n");
}

TEST_CASE("docs --write then --check round trip, idempotent, descriptions preserved", "[docs][cli]") {
  TempTree t;
  make_tree(t, "env.md", fixture("env.md"));
  auto check0 = run_envdrift({"docs", "--check", t.path()});
  CHECK(check0.exit_code == 1);
  CHECK(check0.out.rfind("--- a/docs/env.md\n+++ b/docs/env.md\n@@ ", 0) == 0);
  CHECK(check0.out.find("-| `REMOVED_VAR` | — | `gone.go` | This row disappears. |\n") != std::string::npos);
  CHECK(check0.out.find("+| `WORKERS` | `4` | `services/ingest/config.py` | |\n") != std::string::npos);
  CHECK(read_text(t.abs("docs/env.md")) == fixture("env.md"));  // --check writes nothing

  auto shown = run_envdrift({"docs", "--stdout", t.path()});
  CHECK(shown.exit_code == 0);
  CHECK(shown.out == kWrittenMd);
  CHECK(read_text(t.abs("docs/env.md")) == fixture("env.md"));

  auto w1 = run_envdrift({"docs", "--write", t.path()});
  CHECK(w1.exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) == kWrittenMd);
  auto w2 = run_envdrift({"docs", "--write", t.path()});
  CHECK(w2.exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) == kWrittenMd);
  auto check1 = run_envdrift({"docs", "--check", t.path()});
  CHECK(check1.exit_code == 0);
  CHECK(check1.out.empty());
  CHECK_FALSE(std::filesystem::exists(t.abs("docs/env.md.envdrift-tmp")));
}

TEST_CASE("docs --write on a page that is a symlink writes its target and keeps the link", "[docs][cli]") {
  // Before: the rename replaced the link with a regular file, left the target stale and said
  // the page was updated.
  namespace fs = std::filesystem;
  TempTree t;
  make_tree(t, "env.md", fixture("env.md"));
  t.write("shared/env-real.md", fixture("env.md"));
  fs::remove(t.abs("docs/env.md"));
  fs::create_symlink("../shared/env-real.md", t.abs("docs/env.md"));
  auto w = run_envdrift({"docs", "--write", t.path()});
  CHECK(w.exit_code == 0);
  CHECK(fs::is_symlink(t.abs("docs/env.md")));
  CHECK(read_text(t.abs("shared/env-real.md")) == kWrittenMd);
  CHECK(w.err == "envdrift: updated shared/env-real.md (through the symlink docs/env.md)\n");
  CHECK_FALSE(fs::exists(t.abs("shared/env-real.md.envdrift-tmp")));
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);
}

TEST_CASE("docs on a CRLF page keeps CRLF", "[docs][cli]") {
  TempTree t;
  make_tree(t, "env.md", replace_all(fixture("env.md"), "\n", "\r\n"));
  CHECK(run_envdrift({"docs", "--write", t.path()}).exit_code == 0);
  CHECK(read_text(t.abs("docs/env.md")) == replace_all(kWrittenMd, "\n", "\r\n"));
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);
}

TEST_CASE("docs on an MDX page with {/* */} markers", "[docs][cli]") {
  TempTree t;
  make_tree(t, "env.mdx", fixture("env.mdx"));
  CHECK(run_envdrift({"docs", "--write", t.path()}).exit_code == 0);
  std::string want = replace_all(fixture("env.mdx"), "| `KAFKA_TOPIC` | `x` | `a.go` |",
                                 "| `KAFKA_TOPIC` | `aisoc.raw_events` | `services/ingest/config.py` |");
  want = replace_all(want, "{/* envdrift:end */}",
                     "| `WORKERS` | `4` | `services/ingest/config.py` | |\n{/* envdrift:end */}");
  CHECK(read_text(t.abs("docs/env.mdx")) == want);
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);
}

TEST_CASE("docs: missing markers, unknown section and configured columns", "[docs][cli]") {
  TempTree t;
  make_tree(t, "env.md", fixture("no_markers.md"));
  auto r = run_envdrift({"docs", "--write", t.path()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no envdrift markers in docs/env.md") != std::string::npos);
  CHECK(r.err.find("<!-- envdrift:begin section=NAME -->") != std::string::npos);
  CHECK(read_text(t.abs("docs/env.md")) == fixture("no_markers.md"));

  t.write("docs/env.md", "<!-- envdrift:begin section=billing -->\n<!-- envdrift:end -->\n");
  auto u = run_envdrift({"docs", "--check", t.path()});
  CHECK(u.exit_code == 2);
  CHECK(u.err.find("docs/env.md:1: section=\"billing\" matches no [[service]]") != std::string::npos);

  t.write("docs/env.md", "<!-- envdrift:begin section=web -->\n<!-- envdrift:end -->\n");
  t.write(".envdrift.toml", std::string(kConfig) + "[docs]\ncolumns = [\"name\", \"read_by\"]\n");
  auto s = run_envdrift({"docs", "--stdout", t.path()});
  CHECK(s.exit_code == 0);
  CHECK(s.out == "<!-- envdrift:begin section=web -->\n| Variable | Read by |\n| --- | --- |\n"
                 "| `API_KEY` | `apps/web/config.ts` |\n| `APP_PORT` | `apps/web/config.ts` |\n<!-- envdrift:end -->\n");
}
