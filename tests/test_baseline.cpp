// Baselines and [[allow]]: known findings, stale entries, --write-baseline, and their rendering.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reports/baseline.h"
#include "reports/reporter.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::TempTree;

namespace {

Finding make(FindingKind kind, const std::string& name, const std::string& service = "") {
  Finding f;
  f.kind = kind;
  f.name = name;
  f.service = service;
  f.message = "m";
  f.code.push_back(FindingCode{"src/a.ts", 3, 1, std::nullopt, {}, 0, 0});
  return f;
}

Report two_findings() {
  Report r;
  r.command = "check";
  r.has_registry = true;
  r.findings = {make(FindingKind::Undocumented, "NEW_FLAG", "api"), make(FindingKind::Unread, "OLD_URL")};
  return r;
}

std::string render(const Report& report, const std::string& format) {
  ReporterOptions ro;
  ro.tool_version = "0.1.0";
  std::ostringstream ss;
  make_reporter(format, ro)->write(report, ss);
  return ss.str();
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// A tiny project: two reads, one documented, one not; one documented variable never read.
void write_project(const TempTree& t) {
  t.write("src/app.ts", "const a = process.env.DOCUMENTED_VAR;\nconst b = process.env.NEW_FLAG;\n");
  t.write("docs/env.md", "# Env\n\n| Variable | Default | Description |\n|---|---|---|\n"
                         "| `DOCUMENTED_VAR` | — | read |\n| `OLD_URL` | — | never read |\n");
}

}  // namespace

TEST_CASE("a baseline is the findings of a JSON report, by fingerprint", "[baseline]") {
  auto entries = parse_baseline(R"({"findings": [
      {"kind": "undocumented", "name": "NEW_FLAG", "service": "api", "code": []},
      {"kind": "unread", "name": "OLD_URL", "service": ""},
      {"kind": "unread", "name": "OLD_URL", "service": ""}]})",
                                "b.json");
  REQUIRE(entries.size() == 2);  // duplicates collapse
  CHECK(entries[0].kind == FindingKind::Undocumented);
  CHECK(entries[0].name == "NEW_FLAG");
  CHECK(entries[0].service == "api");
  CHECK(entries[1].kind == FindingKind::Unread);
  CHECK(entries[1].service.empty());
}

TEST_CASE("malformed baselines are clear errors", "[baseline]") {
  auto error_of = [](const std::string& text) {
    try {
      parse_baseline(text, "b.json");
    } catch (const BaselineError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(error_of("{not json") == "b.json: not a JSON report (invalid JSON)");
  CHECK(error_of("{\"reads\": []}") == "b.json: not a `check --format json` report (no `findings` array)");
  CHECK(error_of("{\"findings\": [{\"name\": \"X\"}]}") == "b.json: findings[0] has no `kind`");
  CHECK(error_of("{\"findings\": [{\"kind\": \"nope\", \"name\": \"X\"}]}") == "b.json: findings[0] has an unknown kind `nope`");
  CHECK_THROWS_AS(load_baseline("/nonexistent/baseline.json"), BaselineError);
}

TEST_CASE("baseline entries make findings known, and unmatched entries are stale", "[baseline]") {
  Report r = two_findings();
  apply_baseline(r, {{FindingKind::Undocumented, "NEW_FLAG", "api"},
                     {FindingKind::Undocumented, "NEW_FLAG", ""},  // other service: no match
                     {FindingKind::Dynamic, "GONE_", "worker"}});
  CHECK(r.findings[0].known);
  CHECK(r.findings[0].known_reason == "baseline");
  CHECK_FALSE(r.findings[1].known);
  REQUIRE(r.stale.size() == 2);
  CHECK(r.stale[0].origin == "baseline");
  CHECK(r.stale[0].name == "NEW_FLAG");
  CHECK(r.stale[0].service.empty());
  CHECK(r.stale[1].kind == FindingKind::Dynamic);
  CHECK(r.stale[1].name == "GONE_");
  summarize(r);
  CHECK(r.summary.undocumented == 0);
  CHECK(r.summary.unread == 1);
  CHECK(r.summary.known == 1);
}

TEST_CASE("allow entries match name, optional kind and service, and keep their reason", "[baseline]") {
  Report r = two_findings();
  AllowEntry any_kind{"OLD_URL", std::nullopt, std::nullopt, "kept for v1 clients"};
  AllowEntry wrong_kind{"NEW_FLAG", FindingKind::Unread, std::nullopt, "nope"};
  AllowEntry wrong_service{"NEW_FLAG", std::nullopt, std::string("worker"), "nope"};
  apply_allow(r, {any_kind, wrong_kind, wrong_service});
  CHECK_FALSE(r.findings[0].known);
  CHECK(r.findings[1].known);
  CHECK(r.findings[1].known_reason == "kept for v1 clients");
  REQUIRE(r.stale.size() == 2);
  CHECK(r.stale[0].origin == "allow");
  CHECK(r.stale[0].kind == FindingKind::Unread);
  CHECK_FALSE(r.stale[0].any_kind);
  CHECK(r.stale[0].reason == "nope");
  CHECK(r.stale[1].any_kind);
  CHECK(r.stale[1].service == "worker");
  // An allowed finding that is also in the baseline keeps the allow reason; the entry is not stale.
  apply_baseline(r, {{FindingKind::Unread, "OLD_URL", ""}});
  CHECK(r.findings[1].known_reason == "kept for v1 clients");
  CHECK(r.stale.size() == 2);
}

TEST_CASE("text and json render known findings apart and list stale entries", "[baseline][reports]") {
  Report r = two_findings();
  apply_allow(r, {{"OLD_URL", std::nullopt, std::nullopt, "kept for v1 clients"}});
  apply_baseline(r, {{FindingKind::Duplicate, "TWICE", ""}});
  summarize(r);
  std::string text = render(r, "text");
  INFO(text);
  CHECK(contains(text, "undocumented (1)\n  api (1)\n    src/a.ts:3  NEW_FLAG  m\n"));
  CHECK(contains(text, "known (baseline/allowed) (1)\n  src/a.ts:3  OLD_URL  m  [unread: kept for v1 clients]\n"));
  CHECK(contains(text, "stale (1): entries that match no finding any more; delete them\n  baseline  duplicate  TWICE\n"));
  CHECK_FALSE(contains(text, "unread (1)"));
  CHECK(contains(text, "; 1 undocumented, 0 unread, 0 default mismatches, 0 dynamic (1 known, not counted), 1 stale entry\n"));

  auto j = nlohmann::json::parse(render(r, "json"));
  CHECK(j["findings"][0]["known"] == false);
  CHECK_FALSE(j["findings"][0].contains("known_reason"));
  CHECK(j["findings"][1]["known"] == true);
  CHECK(j["findings"][1]["known_reason"] == "kept for v1 clients");
  CHECK(j["summary"]["known"] == 1);
  CHECK(j["summary"]["unread"] == 0);
  CHECK(j["summary"]["undocumented"] == 1);
  REQUIRE(j["stale"].size() == 1);
  CHECK(j["stale"][0] == nlohmann::json{{"origin", "baseline"}, {"kind", "duplicate"}, {"name", "TWICE"},
                                        {"service", ""}, {"reason", ""}});
}

TEST_CASE("check --write-baseline then --baseline: only new findings count", "[baseline][cli]") {
  TempTree t;
  write_project(t);
  auto first = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--write-baseline",
                             t.abs("baseline.json")});
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);  // writing a baseline accepts the current drift
  auto saved = nlohmann::json::parse(envdrift::test::read_text(t.abs("baseline.json")));
  REQUIRE(saved["findings"].size() == 2);

  auto same = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--baseline", t.abs("baseline.json")});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);
  CHECK(contains(same.out, "known (baseline/allowed) (2)"));
  CHECK(contains(same.out, "0 undocumented, 0 unread"));

  // New drift counts; drift that went away leaves a stale entry behind.
  t.write("src/app.ts", "const a = process.env.DOCUMENTED_VAR;\nconst c = process.env.BRAND_NEW;\n");
  auto next = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--baseline",
                            t.abs("baseline.json"), "--format", "json"});
  INFO(next.out << next.err);
  CHECK(next.exit_code == 1);
  auto j = nlohmann::json::parse(next.out);
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["name"] == "BRAND_NEW");
  CHECK(j["findings"][0]["known"] == false);
  CHECK(j["findings"][1]["name"] == "OLD_URL");
  CHECK(j["findings"][1]["known"] == true);
  REQUIRE(j["stale"].size() == 1);
  CHECK(j["stale"][0]["name"] == "NEW_FLAG");
  CHECK(j["stale"][0]["kind"] == "undocumented");
  CHECK(j["summary"]["undocumented"] == 1);
  CHECK(j["summary"]["known"] == 1);
}

TEST_CASE("a missing or malformed baseline exits 2 with a clear error", "[baseline][cli]") {
  TempTree t;
  write_project(t);
  t.write("bad.json", "{\"reads\": []}");
  auto missing = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--baseline", t.abs("nope.json")});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "nope.json: cannot read the baseline file"));
  auto bad = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--baseline", t.abs("bad.json")});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "bad.json: not a `check --format json` report (no `findings` array)"));
}

TEST_CASE("[[allow]] in the config accepts findings, and an unmatched entry is stale", "[baseline][cli]") {
  TempTree t;
  write_project(t);
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n\n"
                            "[[allow]]\nname = \"NEW_FLAG\"\nkind = \"undocumented\"\nreason = \"rolled out next sprint\"\n\n"
                            "[[allow]]\nname = \"OLD_URL\"\nreason = \"read by the v1 gateway\"\n\n"
                            "[[allow]]\nname = \"GONE\"\nreason = \"long gone\"\n");
  auto r = run_envdrift({"check", t.path()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "NEW_FLAG  read but not documented in docs/env.md"));
  CHECK(contains(r.out, "[undocumented: rolled out next sprint]"));
  CHECK(contains(r.out, "[unread: read by the v1 gateway]"));
  CHECK(contains(r.out, "  allow  any kind  GONE  reason: long gone\n"));

  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n[[allow]]\nname = \"NEW_FLAG\"\n");
  auto bad = run_envdrift({"check", t.path()});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, ".envdrift.toml:2:1: [[allow]] `NEW_FLAG` needs a `reason`"));
}
