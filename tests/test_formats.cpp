// The CI formats (issue 7): markdown (PR comment), sarif (code scanning), github (workflow
// annotations) and rdjsonl (reviewdog), rendered from hand-made Reports and from
// `envdrift check fixtures/demo`. The markdown snapshot lives in tests/snapshots/; regenerate it
// after a deliberate change with
//   ENVDRIFT_UPDATE_SNAPSHOTS=1 build/tests/envdrift_tests "[formats]"
// SARIF output is validated against the 2.1.0 schema (tests/data/sarif-2.1.0.json) by the SARIF
// multitool from tests/sarif/ (installed by scripts/dev.sh with `npm ci`).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "reports/locations.h"
#include "reports/reporter.h"
#include "reports/reporters.h"
#include "support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::check_snapshot;
using envdrift::test::source_dir;
using json = nlohmann::json;

namespace {

using Strings = std::vector<std::string>;

std::string demo() { return source_dir() + "/fixtures/demo"; }

// A demo path as the CI formats write it: relative to the repository holding the demo
// ("fixtures/demo/services/..." in a git checkout; relative to the cwd without one).
std::string demo_path(const std::string& rel) { return path_prefix(repository_root(demo()), demo()) + rel; }

std::string render(const Report& report, const std::string& format) {
  ReporterOptions options;
  auto reporter = make_reporter(format, options);
  REQUIRE(reporter != nullptr);
  std::ostringstream out;
  reporter->write(report, out);
  return out.str();
}

Strings lines_of(const std::string& text) {
  Strings out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// ---------------------------------------------------------------------------------------------
// A hand-made check report: every kind, a known finding from the baseline and one from an allow
// entry, and two stale entries.

Finding finding(FindingKind k, std::string name, std::string service, std::string message) {
  Finding f;
  f.kind = k;
  f.name = std::move(name);
  f.service = std::move(service);
  f.message = std::move(message);
  return f;
}

FindingCode code_at(std::string file, int line, int column, std::optional<DefaultValue> def = std::nullopt) {
  return FindingCode{std::move(file), line, column, std::move(def), {}, 0, 0};
}

FindingDoc doc_at(int line, std::optional<DefaultValue> def = std::nullopt) {
  return FindingDoc{"docs/env-vars.md", line, std::move(def), "Environment Variables > API service"};
}

Report sample_report() {
  Report report;
  report.command = "check";
  report.root = "/abs/demo";
  report.has_registry = true;
  Finding undocumented = finding(FindingKind::Undocumented, "SESSION_COOKIE_NAME", "api",
                                 "read by api but not documented in docs/env-vars.md");
  undocumented.code = {code_at("services/api/src/config.ts", 10, 22), code_at("services/api/src/session.ts", 4, 9)};
  Finding unread = finding(FindingKind::Unread, "RATE_LIMIT_PER_MINUTE", "api",
                           "documented under \"Environment Variables > API service\" but not read by api");
  unread.doc = doc_at(14);
  Finding mismatch = finding(FindingKind::DefaultMismatch, "REQUEST_TIMEOUT_MS", "api",
                             "documented default \"30000\" but code falls back to \"15000\"");
  mismatch.doc = doc_at(13, DefaultValue{"30000 (30 s)", "30000", true});
  mismatch.code = {code_at("services/api/src/config.ts", 7, 28, DefaultValue{"15_000", "15000", true})};
  Finding topic = finding(FindingKind::DefaultMismatch, "KAFKA_TOPIC", "ingest",
                          "documented default \"security.events\" but code falls back to \"aisoc.raw_events\"");
  topic.doc = doc_at(120, DefaultValue{"security.events", "security.events", true});
  topic.code = {code_at("services/ingest/internal/config/config.go", 140, 17,
                        DefaultValue{"\"aisoc.raw_events\"", "aisoc.raw_events", true})};
  topic.known = true;
  topic.known_reason = "baseline";
  Finding dynamic = finding(FindingKind::Dynamic, "FEATURE_", "api",
                            "variable name is computed at run time: `FEATURE_${flag.toUpperCase()}` (known prefix "
                            "\"FEATURE_\")");
  dynamic.code = {code_at("services/api/src/config.ts", 16, 10)};
  dynamic.known = true;
  dynamic.known_reason = "feature flags are documented as a family";
  Finding duplicate = finding(FindingKind::Duplicate, "RATE_LIMIT_PER_MINUTE", "",
                              "documented twice under \"Environment Variables > API service\" (first at "
                              "docs/env-vars.md:14)");
  duplicate.doc = doc_at(15);
  report.findings = {undocumented, unread, mismatch, topic, dynamic, duplicate};
  report.stale = {StaleEntry{"baseline", FindingKind::Undocumented, "OLD_FLAG", "api", ""},
                  StaleEntry{"allow", FindingKind::Unread, "LEGACY_URL", "", "kept for the v1 clients"}};
  report.diagnostics = {{Diagnostic::Severity::Warning, "services/api/src/legacy.js", 12, "syntax error"}};
  report.summary.files_scanned = 5;
  // Coverage per service and one escape: every human format states them (issue 13, B2/B3).
  ServiceCoverage api;
  api.service = "api";
  api.candidates = 9;
  api.resolved = 7;
  api.dynamic = 1;
  api.unresolved = 1;
  api.escapes = 1;
  api.unresolved_at = {code_at("services/api/src/flags.ts", 3, 1)};
  ServiceCoverage ingest;
  ingest.service = "ingest";
  ingest.candidates = 4;
  ingest.resolved = 4;
  report.coverage = {api, ingest};
  EnvEscape x;
  x.file = "services/api/src/boot.ts";
  x.line = 5;
  x.column = 11;
  x.message = "process.env escapes into configure()";
  x.service = "api";
  report.escapes = {x};
  summarize(report);
  report.summary.reads = 7;
  report.summary.variables_read = 5;
  return report;
}

// n undocumented findings with long messages, for the comment-size limit.
Report huge_report(size_t n) {
  Report report;
  report.command = "check";
  report.root = "/abs/huge";
  report.has_registry = true;
  for (size_t i = 0; i < n; ++i) {
    Finding f = finding(i % 3 == 0 ? FindingKind::Unread : FindingKind::Undocumented, "VARIABLE_NUMBER_" + std::to_string(i),
                        "svc" + std::to_string(i % 4),
                        "read by a service but not documented in docs/env-vars.md, which is a fairly long message");
    if (f.kind == FindingKind::Unread) {
      f.doc = doc_at(static_cast<int>(i) + 1);
    } else {
      f.code = {code_at("services/svc/src/module_" + std::to_string(i) + ".ts", 3, 5)};
    }
    report.findings.push_back(std::move(f));
  }
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.kind == FindingKind::Undocumented && b.kind != a.kind; });
  summarize(report);
  return report;
}

}  // namespace

TEST_CASE("make_reporter knows every CI format", "[formats]") {
  for (const char* f : {"markdown", "sarif", "github", "rdjsonl", "html"}) {
    INFO(f);
    CHECK(make_reporter(f, {}) != nullptr);
  }
  CHECK(make_reporter("Markdown", {}) == nullptr);
}

// ---------------------------------------------------------------------------------------------
// markdown

TEST_CASE("markdown on the demo: marker, verdict, kind x service table, one details per kind", "[formats][markdown]") {
  auto r = run_envdrift({"check", demo(), "--format", "markdown"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  Strings lines = lines_of(r.out);
  REQUIRE(lines.size() > 10);
  CHECK(lines[0] == "<!-- envdrift-report -->");
  // the dynamic read does not fail the check, so it is not in the red count (issue 16)
  CHECK(lines[1] == "### envdrift: ❌ 6 new findings: 1 undocumented, 1 unread, 3 default mismatches, 1 wrong section; "
                    "ℹ️ 1 informational: 1 dynamic");
  CHECK(contains(r.out, "| Kind | New | agent | api | worker |\n| --- | ---: | ---: | ---: | ---: |\n"));
  CHECK(contains(r.out, "| default_mismatch | 3 | 1 | 1 | 1 |\n"));
  CHECK(contains(r.out, "| wrong_section | 1 | 0 | 0 | 1 |\n"));
  CHECK_FALSE(contains(r.out, "| duplicate |"));  // no duplicates on the demo page
  CHECK(count_of(r.out, "<details>") == 5);
  CHECK(count_of(r.out, "</details>") == 5);
  CHECK(contains(r.out, "<details><summary><b>default_mismatch</b> (3)</summary>"));
  CHECK(contains(r.out, "<details><summary><b>dynamic</b> (1): informational, not failing</summary>"));
  CHECK(contains(r.out, "| `SESSION_COOKIE_NAME` | api | `" + demo_path("services/api/src/config.ts#L10") +
                            "` | read by api but not documented in docs/env-vars.md |\n"));
  CHECK(contains(r.out, "| `REQUEST_TIMEOUT_MS` | api | `" + demo_path("services/api/src/config.ts#L7") + "` | `" +
                            demo_path("docs/env-vars.md#L13") + "` | `\"30000\"` | `\"15000\"` |\n"));
  CHECK(contains(r.out, "| `RATE_LIMIT_PER_MINUTE` | api | `" + demo_path("docs/env-vars.md#L14") + "` |"));
  CHECK(lines.back() == "<sub>envdrift 0.1.0 · 20 reads of 17 variables in 5 files</sub>");
}

TEST_CASE("markdown snapshot with known findings and stale entries", "[formats][markdown][snapshot]") {
  check_snapshot("check.md", "tests/test_formats.cpp sample_report(), markdown", render(sample_report(), "markdown"));
}

TEST_CASE("markdown and HTML state coverage per service and the escapes", "[formats][markdown][html]") {
  std::string md = render(sample_report(), "markdown");
  CHECK(md.find("\n- coverage api: 78% of 9 candidate sites resolved, 1 dynamic, 1 unresolved (first "
                "services/api/src/flags.ts:3), 1 escape: unread findings may be incomplete\n") != std::string::npos);
  CHECK(md.find("\n- coverage ingest: 100% of 4 candidate sites resolved\n") != std::string::npos);
  CHECK(md.find("\n- services/api/src/boot.ts:5: escape: process.env escapes into configure()\n") != std::string::npos);
  std::string html = render(sample_report(), "html");
  CHECK(html.find("<ul id=\"coverage\" class=\"meta\">\n<li>coverage api: 78% of 9 candidate sites resolved") != std::string::npos);
  CHECK(html.find("<li class=\"escape\">services/api/src/boot.ts:5: escape: process.env escapes into configure()</li>") !=
        std::string::npos);
}

TEST_CASE("markdown: known findings are listed apart and never counted as new", "[formats][markdown]") {
  std::string md = render(sample_report(), "markdown");
  CHECK(contains(md, "### envdrift: ❌ 4 new findings: 1 undocumented, 1 unread, 1 default mismatch, 1 duplicate (2 "
                     "known, not counted)\n"));
  CHECK(contains(md, "| default_mismatch | 1 | 1 |"));
  CHECK(contains(md, "| dynamic | 0 | 1 |"));
  CHECK(contains(md, "<details><summary><b>known</b> (2): accepted by the baseline or an allow entry"));
  CHECK(contains(md, "| default_mismatch | `KAFKA_TOPIC` | ingest | `services/ingest/internal/config/config.go#L140` | "
                     "baseline |\n"));
  CHECK(contains(md, "| dynamic | `FEATURE_` | api | `services/api/src/config.ts#L16` | feature flags are documented "
                     "as a family |\n"));
  CHECK(contains(md, "<details><summary><b>stale</b> (2)"));
  CHECK(contains(md, "| baseline | undocumented | `OLD_FLAG` | api | — |\n"));
  CHECK(contains(md, "| allow | unread | `LEGACY_URL` | — | kept for the v1 clients |\n"));
  // The known KAFKA_TOPIC is not in the default_mismatch section.
  size_t section = md.find("<b>default_mismatch</b> (1)");
  REQUIRE(section != std::string::npos);
  CHECK(md.find("KAFKA_TOPIC", section) > md.find("</details>", section));
}

TEST_CASE("markdown names the --changed-since scope and scan errors", "[formats][markdown]") {
  Report report = sample_report();
  report.changed_since = "origin/main";
  report.diagnostics.push_back({Diagnostic::Severity::Error, "services/x.py", 0, "file could not be read"});
  std::string md = render(report, "markdown");
  CHECK(contains(md, "(2 known, not counted)\n\nOnly drift in files changed since `origin/main`.\n\n> ⚠️ 1 error while "
                     "scanning: the result may be incomplete"));
}

TEST_CASE("markdown: a clean run says so", "[formats][markdown]") {
  Report report;
  report.command = "check";
  report.has_registry = true;
  report.summary.files_scanned = 2;
  std::string md = render(report, "markdown");
  CHECK(lines_of(md)[1] == "### envdrift: ✅ no new environment-variable drift");
  CHECK_FALSE(contains(md, "<details>"));
}

TEST_CASE("markdown escapes table breakers and HTML in messages", "[formats][markdown]") {
  Report report;
  report.command = "check";
  report.has_registry = true;
  Finding f = finding(FindingKind::Undocumented, "A|B", "", "evil | message </details><script>x</script>\nline two");
  f.code = {code_at("src/a b.ts", 3, 1)};
  report.findings = {f};
  summarize(report);
  std::string md = render(report, "markdown");
  CHECK(contains(md, "| `A\\|B` | — | `src/a b.ts#L3` | evil \\| message &lt;/details&gt;&lt;script&gt;x&lt;/script&gt; "
                     "line two |\n"));
  CHECK(count_of(md, "</details>") == 1);
}

TEST_CASE("markdown stays under GitHub's comment limit and counts what it cut", "[formats][markdown]") {
  Report report = huge_report(5000);
  std::string md = render(report, "markdown");
  CHECK(md.size() <= 65536);
  CHECK(md.size() > 60000);  // it used the room it had
  CHECK(lines_of(md)[0] == "<!-- envdrift-report -->");
  CHECK(contains(md, "### envdrift: ❌ 5000 new findings: 3333 undocumented, 1667 unread\n"));
  // Every finding is either a row or counted in the note.
  size_t rows = count_of(md, "| `VARIABLE_NUMBER_");
  std::string marker = "> ⚠️ Truncated to fit GitHub's 65,536-character comment limit: ";
  size_t at = md.find(marker);
  REQUIRE(at != std::string::npos);
  size_t cut = std::stoul(md.substr(at + marker.size()));
  CHECK(rows + cut == 5000);
  CHECK(contains(md, std::to_string(cut) + " findings not shown ("));
  // both kinds keep rows: the room is shared, not taken by the first section
  CHECK(count_of(md, "| `VARIABLE_NUMBER_") > 400);
  CHECK(contains(md, "<details><summary><b>undocumented</b> (3333)</summary>"));
  CHECK(contains(md, "<details><summary><b>unread</b> (1667)</summary>"));
  CHECK(contains(md, " undocumented, "));
  CHECK(contains(md, " unread). The full list"));
  CHECK(count_of(md, "<details>") == count_of(md, "</details>"));
  CHECK(md.substr(md.size() - 7) == "</sub>\n");
}

TEST_CASE("markdown: a small kind is never pushed out by a huge one", "[formats][markdown]") {
  Report report = huge_report(4000);
  Finding mm = finding(FindingKind::DefaultMismatch, "ONLY_MISMATCH", "svc1", "documented default \"1\" but code falls back to \"2\"");
  mm.doc = doc_at(5, DefaultValue{"1", "1", true});
  mm.code = {code_at("src/x.ts", 9, 3, DefaultValue{"2", "2", true})};
  report.findings.push_back(mm);
  summarize(report);
  std::string md = render(report, "markdown");
  CHECK(md.size() <= 65536);
  CHECK(contains(md, "| `ONLY_MISMATCH` | svc1 | `src/x.ts#L9` | `docs/env-vars.md#L5` | `\"1\"` | `\"2\"` |\n"));
  CHECK_FALSE(contains(md, "default mismatch)"));
}

// ---------------------------------------------------------------------------------------------
// sarif

namespace {

const json* rule_by_id(const json& run, const std::string& id) {
  for (const auto& r : run["tool"]["driver"]["rules"])
    if (r["id"] == id) return &r;
  return nullptr;
}

const json* result_for(const json& run, const std::string& rule, const std::string& name) {
  for (const auto& r : run["results"])
    if (r["ruleId"] == rule && r["properties"]["variable"] == name) return &r;
  return nullptr;
}

std::string multitool() {
  return source_dir() + "/tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
}

// Schema errors the SARIF multitool finds in `sarif` (its `validate` command writes them as a
// SARIF log of its own; JSON10xx results are schema violations).
std::vector<std::string> sarif_schema_errors(const std::string& sarif) {
  envdrift::test::TempTree tmp;
  std::string in = tmp.write("report.sarif", sarif);
  std::string out = tmp.abs("validation.sarif");
  // Invariant globalization: the .NET tool then needs no libicu on the machine.
  std::string cmd = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 '" + multitool() + "' validate '" + in + "' -o '" + out + "' -j '" + source_dir() +
                    "/tests/data/sarif-2.1.0.json' > '" + tmp.abs("log.txt") + "' 2>&1";
  int rc = envdrift::test::run_shell(cmd);
  INFO(envdrift::test::read_text(tmp.abs("log.txt")));
  REQUIRE(rc == 0);
  json log = json::parse(envdrift::test::read_text(out));
  std::vector<std::string> errors;
  for (const auto& r : log["runs"][0]["results"]) {
    if (r.value("level", "warning") != "error") continue;
    errors.push_back(r["ruleId"].get<std::string>() + " " + r["message"].dump());
  }
  return errors;
}

bool have_multitool() {
  if (std::filesystem::exists(multitool())) return true;
  const char* skip = std::getenv("ENVDRIFT_NO_SARIF_VALIDATOR");
  if (skip != nullptr && std::string(skip) == "1") return false;
  FAIL("the SARIF multitool is missing: run `bash scripts/dev.sh build` (npm ci in tests/sarif), or set "
       "ENVDRIFT_NO_SARIF_VALIDATOR=1 to skip the schema validation");
  return false;
}

}  // namespace

TEST_CASE("sarif on the demo: rules, relative locations, regions, fingerprints", "[formats][sarif]") {
  auto r = run_envdrift({"check", demo(), "--format", "sarif"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json log = json::parse(r.out);
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const json& run = log["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "envdrift");
  REQUIRE(run["tool"]["driver"]["rules"].size() == 7);
  Strings ids;
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    ids.push_back(rule["id"]);
    CHECK(rule["help"]["text"].get<std::string>().size() > 40);
    CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
  }
  CHECK(ids == Strings{"envdrift/undocumented", "envdrift/unread", "envdrift/default-mismatch", "envdrift/dynamic",
                       "envdrift/wrong-section", "envdrift/duplicate", "envdrift/unresolved"});
  // SRCROOT is the repository holding the demo (its work tree root), not the config's directory
  std::string base = run["originalUriBaseIds"]["SRCROOT"]["uri"];
  CHECK(base == "file://" + repository_root(demo()) + "/");
  REQUIRE(run["results"].size() == 7);

  // undocumented at the code location
  const json* und = result_for(run, "envdrift/undocumented", "SESSION_COOKIE_NAME");
  REQUIRE(und != nullptr);
  CHECK((*und)["ruleIndex"] == 0);
  CHECK((*und)["level"] == "error");
  const json& loc = (*und)["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"] == json{{"uri", demo_path("services/api/src/config.ts")}, {"uriBaseId", "SRCROOT"}});
  // `process.env.SESSION_COOKIE_NAME`: the read's expression, end exclusive
  CHECK(loc["region"] == json{{"startLine", 10}, {"startColumn", 22}, {"endLine", 10}, {"endColumn", 53}});
  CHECK((*und)["partialFingerprints"]["envdriftFinding/v1"] == "undocumented:api:SESSION_COOKIE_NAME");

  // unread at the docs location
  const json* unread = result_for(run, "envdrift/unread", "RATE_LIMIT_PER_MINUTE");
  REQUIRE(unread != nullptr);
  CHECK((*unread)["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == demo_path("docs/env-vars.md"));
  CHECK((*unread)["locations"][0]["physicalLocation"]["region"]["startLine"] == 14);

  // default_mismatch at the code location, the docs entry as related location, both defaults said
  const json* mm = result_for(run, "envdrift/default-mismatch", "REQUEST_TIMEOUT_MS");
  REQUIRE(mm != nullptr);
  CHECK((*mm)["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == demo_path("services/api/src/config.ts"));
  CHECK((*mm)["locations"][0]["physicalLocation"]["region"]["startLine"] == 7);
  CHECK((*mm)["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == demo_path("docs/env-vars.md"));
  CHECK((*mm)["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 13);
  CHECK((*mm)["message"]["text"] == "REQUEST_TIMEOUT_MS: documented default \"30000\" but code falls back to \"15000\" "
                                    "(documented \"30000\", code \"15000\").");

  // dynamic at the code location, as a note
  const json* dyn = result_for(run, "envdrift/dynamic", "FEATURE_");
  REQUIRE(dyn != nullptr);
  CHECK((*dyn)["level"] == "note");
  CHECK((*dyn)["locations"][0]["physicalLocation"]["region"]["startLine"] == 16);
  CHECK(rule_by_id(run, "envdrift/dynamic") != nullptr);
}

TEST_CASE("sarif snapshot with known findings and stale entries", "[formats][sarif][snapshot]") {
  check_snapshot("check.sarif", "tests/test_formats.cpp sample_report(), sarif", render(sample_report(), "sarif"));
}

TEST_CASE("sarif fingerprints ignore the line, and docs-side findings sit on the docs entry", "[formats][sarif]") {
  Report a = sample_report();
  Report b = sample_report();
  for (auto& f : b.findings) {
    for (auto& c : f.code) c.line += 30;
    if (f.doc) f.doc->line += 2;
  }
  json ja = json::parse(render(a, "sarif")), jb = json::parse(render(b, "sarif"));
  REQUIRE(ja["runs"][0]["results"].size() == 6);
  for (size_t i = 0; i < 6; ++i) {
    CHECK(ja["runs"][0]["results"][i]["partialFingerprints"] == jb["runs"][0]["results"][i]["partialFingerprints"]);
    CHECK(ja["runs"][0]["results"][i]["locations"] != jb["runs"][0]["results"][i]["locations"]);
  }
  const json& dup = ja["runs"][0]["results"][5];
  CHECK(dup["ruleId"] == "envdrift/duplicate");
  CHECK(dup["locations"][0]["physicalLocation"]["region"]["startLine"] == 15);
  CHECK(dup["partialFingerprints"]["envdriftFinding/v1"] == "duplicate::RATE_LIMIT_PER_MINUTE");
}

TEST_CASE("sarif: known findings carry baselineState or a suppression, stale entries are listed", "[formats][sarif]") {
  json run = json::parse(render(sample_report(), "sarif"))["runs"][0];
  const json& results = run["results"];
  CHECK(results[0]["baselineState"] == "new");
  CHECK(results[3]["properties"]["variable"] == "KAFKA_TOPIC");
  CHECK(results[3]["baselineState"] == "unchanged");
  CHECK_FALSE(results[3].contains("suppressions"));
  CHECK(results[4]["suppressions"] ==
        json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", "feature flags are documented as a family"}}}));
  REQUIRE(run["properties"]["staleEntries"].size() == 2);
  CHECK(run["properties"]["staleEntries"][1] == json{{"origin", "allow"},
                                                     {"kind", "unread"},
                                                     {"name", "LEGACY_URL"},
                                                     {"service", ""},
                                                     {"reason", "kept for the v1 clients"}});
  // the undocumented finding's second read is a related location
  CHECK(results[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "services/api/src/session.ts");
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "warning");
}

TEST_CASE("sarif paths are percent-encoded relative URIs", "[formats][sarif]") {
  Report report;
  report.command = "check";
  report.root = "/abs/my repo";
  report.has_registry = true;
  Finding f = finding(FindingKind::Undocumented, "X", "", "read but not documented");
  f.code = {code_at("src/a b#c%.ts", 2, 0)};
  report.findings = {f};
  json run = json::parse(render(report, "sarif"))["runs"][0];
  CHECK(run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///abs/my%20repo/");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/a%20b%23c%25.ts");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["region"] == json{{"startLine", 2}});
}

TEST_CASE("sarif validates against the SARIF 2.1.0 schema", "[formats][sarif][schema]") {
  if (!have_multitool()) return;
  // The validator is live: a broken log is rejected.
  std::vector<std::string> broken = sarif_schema_errors(
      R"({"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"level":"severe"}]}]})");
  CHECK(broken.size() >= 3);

  auto demo_run = run_envdrift({"check", demo(), "--format", "sarif"});
  std::vector<std::string> errors = sarif_schema_errors(demo_run.out);
  CAPTURE(errors);
  CHECK(errors.empty());
  errors = sarif_schema_errors(render(sample_report(), "sarif"));
  CAPTURE(errors);
  CHECK(errors.empty());
}

// ---------------------------------------------------------------------------------------------
// github and rdjsonl

TEST_CASE("github workflow-command escaping", "[formats][github]") {
  CHECK(github_escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b");
  CHECK(github_escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae");
}

TEST_CASE("github annotations on the demo", "[formats][github]") {
  auto r = run_envdrift({"check", demo(), "--format", "github"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  Strings lines = lines_of(r.out);
  REQUIRE(lines.size() == 8);
  std::string config_ts = github_escape_property(demo_path("services/api/src/config.ts"));
  CHECK(lines[0] == "::error file=" + config_ts + ",line=10,endLine=10,col=22,endColumn=53,title=envdrift undocumented%3A "
                    "SESSION_COOKIE_NAME::read by api but not documented in docs/env-vars.md");
  CHECK(lines[1] == "::error file=" + github_escape_property(demo_path("docs/env-vars.md")) +
                        ",line=14,title=envdrift unread%3A RATE_LIMIT_PER_MINUTE::documented under \"Environment "
                        "Variables > API service (services/api)\" but not read by api");
  CHECK(lines[2].rfind("::error file=" + github_escape_property(demo_path("services/agent/src/config.cpp")) +
                           ",line=20,",
                       0) == 0);
  CHECK(contains(lines[2], ",title=envdrift default_mismatch%3A AGENT_FLUSH_INTERVAL_S::"));
  CHECK(lines[3].rfind("::error file=" + config_ts + ",line=7,endLine=7,col=28,", 0) == 0);
  CHECK(contains(lines[3], ",title=envdrift default_mismatch%3A REQUEST_TIMEOUT_MS::"));
  CHECK(contains(lines[3], "(docs: " + demo_path("docs/env-vars.md") + ":13)"));
  CHECK(lines[5].rfind("::notice file=" + config_ts + ",line=16,", 0) == 0);  // dynamic: informational
  CHECK(lines[7] == "envdrift: 7 new findings (6 failing, 1 informational)");
}

TEST_CASE("github: known findings grouped, stale entries as notices, properties escaped", "[formats][github]") {
  Report report = sample_report();
  report.findings[0].code[0].file = "src/we,ird:name.ts";
  report.findings[0].message = "line one\nline two 50%";
  std::string out = render(report, "github");
  CHECK(contains(out, "::error file=src/we%2Cird%3Aname.ts,line=10,col=22,title=envdrift undocumented%3A "
                      "SESSION_COOKIE_NAME::line one%0Aline two 50%25 (also read at 1 other place)\n"));
  CHECK(count_of(out, "::error ") == 4);  // undocumented, unread, default mismatch, duplicate: all fail
  CHECK(count_of(out, "title=envdrift duplicate%3A RATE_LIMIT_PER_MINUTE::") == 1);
  CHECK(contains(out, "::group::envdrift: 2 known findings (baseline / allow, not counted)\n"
                      "known (baseline) default_mismatch services/ingest/internal/config/config.go:140  KAFKA_TOPIC  "));
  CHECK(contains(out, "::endgroup::\n"));
  CHECK(contains(out, "::notice title=envdrift stale allow entry::allow entry unread LEGACY_URL matches no finding any "
                      "more: delete it\n"));
  CHECK(lines_of(out).back() == "envdrift: 4 new findings (4 failing), 2 known");
}

TEST_CASE("github: a plain line never starts a workflow command", "[formats][github]") {
  Report report = sample_report();
  report.findings[3].name = "::set-env name=X::1";
  std::string out = render(report, "github");
  for (const auto& line : lines_of(out)) {
    if (line.rfind("::", 0) != 0) continue;
    bool known_command = line.rfind("::warning ", 0) == 0 || line.rfind("::notice ", 0) == 0 ||
                         line.rfind("::error ", 0) == 0 || line.rfind("::group::", 0) == 0 || line == "::endgroup::";
    INFO(line);
    CHECK(known_command);
  }
  CHECK(contains(out, ": :set-env name=X: :1"));
}

TEST_CASE("rdjsonl on the demo: one reviewdog diagnostic per finding", "[formats][rdjsonl]") {
  auto r = run_envdrift({"check", demo(), "--format", "rdjsonl"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  Strings lines = lines_of(r.out);
  REQUIRE(lines.size() == 7);
  json first = json::parse(lines[0]);
  CHECK(first == json{{"message", "SESSION_COOKIE_NAME: read by api but not documented in docs/env-vars.md"},
                      {"location",
                       {{"path", demo_path("services/api/src/config.ts")},
                        {"range", {{"start", {{"line", 10}, {"column", 22}}}, {"end", {{"line", 10}, {"column", 53}}}}}}},
                      {"severity", "ERROR"},
                      {"source", {{"name", "envdrift"}, {"url", project_uri()}}},
                      {"code", {{"value", "undocumented"}, {"url", rule_help_uri(FindingKind::Undocumented)}}}});
  json unread = json::parse(lines[1]);
  CHECK(unread["location"]["path"] == demo_path("docs/env-vars.md"));
  CHECK(unread["location"]["range"]["start"] == json{{"line", 14}});
  CHECK(json::parse(lines[5])["severity"] == "INFO");  // dynamic
}

TEST_CASE("rdjsonl marks known findings as INFO with their reason", "[formats][rdjsonl]") {
  Strings lines = lines_of(render(sample_report(), "rdjsonl"));
  REQUIRE(lines.size() == 6);
  json topic = json::parse(lines[3]);
  CHECK(topic["severity"] == "INFO");
  CHECK(topic["message"].get<std::string>().rfind("known (baseline): KAFKA_TOPIC: documented default", 0) == 0);
  CHECK(json::parse(lines[0])["severity"] == "ERROR");
}
