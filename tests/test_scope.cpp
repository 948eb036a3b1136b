// Scope and attribution (issue 14 parts 3-5): dev code (tests, tool configs, scripts) is listed
// but never judged, generated code is never analyzed, reads outside every service belong to no
// service, and service roots may be globs.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "analyzer/core/discovery.h"
#include "analyzer/core/scope.h"
#include "cli/config.h"
#include "reports/findings.h"
#include "reports/format_helpers.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::TempTree;
using Strings = std::vector<std::string>;

namespace {

std::string fixture() { return envdrift::test::source_dir() + "/fixtures/scope"; }

EnvRead read(std::string name, std::string file, int line, std::string service = "", bool dev = false) {
  EnvRead r;
  r.name = std::move(name);
  r.file = std::move(file);
  r.line = line;
  r.service = std::move(service);
  r.dev = dev;
  return r;
}

EnvRead with_default(EnvRead r, std::string value) {
  r.default_value = DefaultValue{value, value, true};
  return r;
}

Registry registry(std::vector<DocVariable> vars) {
  Registry reg;
  reg.file = "docs/env.md";
  reg.variables = std::move(vars);
  return reg;
}

DocVariable doc(std::string name, std::vector<std::string> section, int line, std::optional<std::string> def = {}) {
  DocVariable v;
  v.name = std::move(name);
  v.file = "docs/env.md";
  v.line = line;
  v.section = std::move(section);
  if (def) {
    v.default_stated = true;
    v.default_value = DefaultValue{*def, *def, true};
  }
  return v;
}

std::string describe(const Finding& f) {
  std::string s = std::string(finding_kind_name(f.kind)) + " " + f.name + " [" + finding_group(f) + "]";
  if (!f.code.empty()) s += " " + f.code.front().file + ":" + std::to_string(f.code.front().line);
  return s;
}

Strings describe_all(const std::vector<Finding>& fs) {
  Strings out;
  for (const auto& f : fs) out.push_back(describe(f));
  return out;
}

}  // namespace

TEST_CASE("the default dev and generated globs classify tests, tool configs, scripts and bundles", "[scope]") {
  ScopeRules rules;
  for (const char* dev : {"src/__tests__/a.ts", "tests/test_api.py", "pkg/api/api_test.go", "app/conftest.py",
                          "web/login.spec.ts", "web/a.test.tsx", "e2e/flow.ts", "web/playwright.config.ts",
                          "vite.config.mjs", "web/next.config.js", "scripts/seed.py", "pkg/testdata/x.go",
                          "test_settings.py", "packages/e2e_tests/setup/start.ts", "apps/web/e2e-tests/a.ts",
                          "packages/benchmarks/src/index.ts", "crates/x/benches/b.rs"}) {
    INFO(dev);
    CHECK(rules.is_dev(dev));
  }
  for (const char* product : {"src/config.ts", "app/settings.py", "pkg/api/api.go", "src/testing.ts", "src/contest.py",
                              "src/test_utils/x.ts", "src/benchmark.ts", "pkg/bench/bench.go"}) {
    INFO(product);
    CHECK_FALSE(rules.is_dev(product));
  }
  for (const char* gen : {"web/static/js/app.js", "dist/index.js", "vendor/github.com/x/y.go",
                          "public/vue.min.js", "api/v1/service.pb.go"}) {
    INFO(gen);
    CHECK(rules.is_generated(gen));
  }
  CHECK_FALSE(rules.is_generated("src/builder.ts"));
  CHECK_FALSE(rules.is_generated("pkg/build/version.go"));  // a Go package named build
  CHECK_FALSE(rules.is_generated("src/static.ts"));
}

TEST_CASE("a minified file is recognised by one long line among few", "[scope]") {
  CHECK(minified_line_length(std::string(6000, 'a')) == 6000);
  CHECK(minified_line_length("/*! v1 */\n" + std::string(7000, 'b') + "\n") == 7000);
  CHECK(minified_line_length(std::string(4000, 'a')) == 0);  // short
  std::string normal;
  for (int i = 0; i < 40; ++i) normal += "const x = 1;\n";
  CHECK(minified_line_length(normal + std::string(9000, 'c')) == 0);  // a long line in a normal file
  CHECK(minified_line_length("") == 0);
}

TEST_CASE("check on fixtures/scope: dev and generated code are not judged, outside reads are their own group",
          "[scope][cli]") {
  auto r = run_envdrift({"check", fixture(), "--format", "json", "--no-cache"});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // MIGRATE_BATCH and LOG_LEVEL; the dev-only unread alone would not fail
  auto j = nlohmann::json::parse(r.out);
  Strings findings;
  for (const auto& f : j["findings"]) {
    std::string s = f["kind"].get<std::string>() + " " + f["name"].get<std::string>() + " [" +
                    f["service"].get<std::string>() + (f.value("outside", false) ? "outside" : "") + "]";
    if (!f["code"].empty()) s += " " + f["code"][0]["file"].get<std::string>() + ":" + std::to_string(f["code"][0]["line"].get<int>());
    findings.push_back(s);
  }
  CHECK(findings == Strings{"undocumented MIGRATE_BATCH [outside] tools/migrate/main.go:8",
                            "unread API_TEST_TOKEN [api]",
                            "default_mismatch LOG_LEVEL [outside] tools/migrate/main.go:9"});
  std::string unread = j["findings"][1]["message"];
  CHECK(unread.find("only dev code reads it (services/api/src/__tests__/config.test.ts:3), so this is informational") !=
        std::string::npos);
  CHECK(j["findings"][1]["dev_only"] == true);
  CHECK(j["outside_services"] == nlohmann::json::parse(R"([{"dir": "tools", "reads": 3}])"));

  std::map<std::string, std::string> scope;  // file:line NAME -> scope
  for (const auto& rd : j["reads"])
    scope[rd["file"].get<std::string>() + ":" + std::to_string(rd["line"].get<int>()) + " " + rd["name"].get<std::string>()] =
        rd["scope"];
  CHECK(scope.at("services/api/src/__tests__/config.test.ts:4 CI") == "dev");
  CHECK(scope.at("services/api/vite.config.ts:2 VITE_DEV_PORT") == "dev");
  CHECK(scope.at("e2e/login.spec.ts:2 E2E_BASE_URL") == "dev");
  CHECK(scope.at("scripts/seed.py:4 SEED_COUNT") == "dev");
  CHECK(scope.at("tools/codegen/gen.ts:2 CODEGEN_OUT") == "dev");  // [scope] extend_dev
  CHECK(scope.at("services/api/src/config.ts:2 API_PORT") == "product");
  CHECK(scope.at("tools/migrate/main.go:7 API_PORT") == "product");
  for (const char* gone : {"DIST_ONLY_VAR", "VENDORED_VAR", "MINIFIED_VAR"}) {
    INFO(gone);
    CHECK(r.out.find(gone) == std::string::npos);
  }
  Strings notes;
  for (const auto& d : j["diagnostics"]) notes.push_back(d["file"].get<std::string>() + ": " + d["message"].get<std::string>());
  CHECK(notes == Strings{
                     "services/api/dist/: generated or vendored code ([scope] generated); directory not analyzed",
                     "services/api/public/app.js: minified or generated code (a 12210-byte line); not analyzed "
                     "([scope] generated, or name the file to analyze it)",
                     "services/api/public/vendor/: generated or vendored code ([scope] generated); directory not analyzed"});
  // billing's glob root claims services/billing/
  for (const auto& rd : j["reads"])
    if (rd["file"] == "services/billing/app/settings.py") CHECK(rd["service"] == "billing");
}

TEST_CASE("text output groups outside reads under \"outside services\" and names their directories", "[scope][cli]") {
  auto r = run_envdrift({"check", fixture(), "--no-cache"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("undocumented (1)\n  outside services (1)\n    tools/migrate/main.go:8  MIGRATE_BATCH  read outside every "
                   "service but not documented in docs/env.md\n") != std::string::npos);
  CHECK(r.out.find("outside services: 3 reads in tools (3): declare them as [[service]] roots or [scope] dev\n") !=
        std::string::npos);
  auto md = run_envdrift({"check", fixture(), "--no-cache", "--format", "markdown"});
  CHECK(md.out.find("| Kind | New | api | outside services |") != std::string::npos);
  CHECK(md.out.find("| `MIGRATE_BATCH` | outside services |") != std::string::npos);
  auto html = run_envdrift({"check", fixture(), "--no-cache", "--format", "html"});
  CHECK(html.out.find("<tr data-service=\"outside\"><td>outside services</td>") != std::string::npos);
  CHECK(html.out.find("<li class=\"outside\">outside services: 3 reads in tools (3)") != std::string::npos);
  auto sarif = run_envdrift({"check", fixture(), "--no-cache", "--format", "sarif"});
  CHECK(sarif.out.find("\"outsideServices\": true") != std::string::npos);
}

TEST_CASE("a generated file is analyzed when named on the command line or from a generated start directory",
          "[scope][cli]") {
  auto one = run_envdrift({"scan", fixture() + "/services/api/public/app.js", "--no-cache"});
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("MINIFIED_VAR") != std::string::npos);
  auto dir = run_envdrift({"scan", fixture() + "/services/api/dist", "--no-cache"});
  CHECK(dir.exit_code == 0);
  CHECK(dir.out.find("DIST_ONLY_VAR") != std::string::npos);
}

TEST_CASE("a literal include entry overrides the generated globs, a wildcard one does not", "[scope][discovery]") {
  TempTree t;
  t.write("dist/config.js", "process.env.A\n");
  t.write("dist/other.js", "process.env.B\n");
  t.write("src/a.ts", "process.env.C\n");
  ScanOptions o;
  o.root = t.path();
  o.paths = {t.path()};
  o.use_gitignore = false;
  auto rels = [&] {
    Strings out;
    for (const auto& f : discover(o).files) out.push_back(f.rel);
    return out;
  };
  CHECK(rels() == Strings{"src/a.ts"});
  o.include = {"dist/config.js", "src/**"};
  CHECK(rels() == Strings{"dist/config.js", "src/a.ts"});
  o.include = {"**/*.js"};
  CHECK(rels().empty());
  o.include = {};
  o.scope.generated = {};  // [scope] generated = []: nothing is generated
  CHECK(rels() == Strings{"dist/config.js", "dist/other.js", "src/a.ts"});
}

TEST_CASE("diff: dev reads are never undocumented, dynamic or compared, and do not count as reading", "[scope][diff]") {
  std::vector<EnvRead> reads{read("PORT", "src/a.ts", 1), with_default(read("PORT", "tests/a.test.ts", 2, "", true), "1"),
                             read("CI", "tests/a.test.ts", 3, "", true), read("TOKEN", "tests/a.test.ts", 4, "", true)};
  EnvRead dyn = read("X_", "tests/a.test.ts", 5, "", true);
  dyn.kind = ReadKind::Dynamic;
  reads.push_back(dyn);
  auto reg = registry({doc("PORT", {"Env"}, 3, "8080"), doc("TOKEN", {"Env"}, 4), doc("X_ONE", {"Env"}, 5)});
  DiffOptions opt;
  auto fs = diff(reads, {reg}, opt);
  CHECK(describe_all(fs) == Strings{"unread TOKEN [(shared)]", "unread X_ONE [(shared)]"});
  CHECK(fs[0].message == "documented but never read; only dev code reads it (tests/a.test.ts:4), so this is informational");
  CHECK(fs[0].dev_only);
  CHECK_FALSE(fs[1].dev_only);
  CHECK(fs[1].message == "documented but never read");
  opt.check_dev = true;  // [scope] check_dev = true: dev reads are ordinary reads
  CHECK(describe_all(diff(reads, {reg}, opt)) ==
        Strings{"undocumented CI [(shared)] tests/a.test.ts:3", "default_mismatch PORT [(shared)] tests/a.test.ts:2",
                "dynamic X_ [(shared)] tests/a.test.ts:5"});
}

TEST_CASE("diff: reads outside every service are compared with shared entries only", "[scope][diff]") {
  DiffOptions opt;
  opt.services = {ServiceSpec{"api", {"services/api"}, "API"}};
  auto reg = registry({doc("LOG_LEVEL", {"Shared"}, 3, "info"), doc("API_PORT", {"API"}, 7, "8080")});
  std::vector<EnvRead> reads{
      with_default(read("API_PORT", "tools/x.go", 1), "9999"),   // only API documents it: no finding
      with_default(read("LOG_LEVEL", "tools/x.go", 2), "debug"),  // shared: compared
      read("NEW_ONE", "tools/x.go", 3),                           // undocumented, outside
      with_default(read("LOG_LEVEL", "services/api/a.ts", 4, "api"), "info"),
  };
  auto fs = diff(reads, {reg}, opt);
  // API_PORT is read outside services only: that counts as read (a library the service imports)
  CHECK(describe_all(fs) == Strings{"undocumented NEW_ONE [outside services] tools/x.go:3",
                                    "default_mismatch LOG_LEVEL [outside services] tools/x.go:2"});
  CHECK(fs[0].outside);
  CHECK(fs[0].message == "read outside every service but not documented in docs/env.md");
  CHECK(fs[1].message == "documented default \"info\" but code falls back to \"debug\" (read outside every service)");
  CHECK(finding_fingerprint(fs[0]) == "undocumented::NEW_ONE");  // baselines keep matching
}

TEST_CASE("outside_directories names the shortest directory that holds no service root", "[scope]") {
  std::vector<ServiceSpec> services{ServiceSpec{"api", {"services/api"}, ""}};
  std::vector<EnvRead> reads{read("A", "services/billing/app/x.py", 1), read("B", "services/billing/y.py", 1),
                             read("C", "tools/migrate/main.go", 1), read("D", "main.go", 1),
                             read("E", "services/api/a.ts", 1, "api"), read("F", "scripts/s.py", 1, "", true)};
  auto dirs = outside_directories(reads, services);
  REQUIRE(dirs.size() == 3);
  CHECK(dirs[0].dir == "services/billing");
  CHECK(dirs[0].reads == 2);
  CHECK(dirs[1].dir == ".");
  CHECK(dirs[2].dir == "tools");
  CHECK(outside_directories(reads, {}).empty());
  CHECK(outside_sentence(dirs) ==
        "outside services: 4 reads in services/billing (2), . (1), tools (1): declare them as [[service]] roots or [scope] dev");
}

TEST_CASE("service roots may be globs", "[scope]") {
  std::vector<ServiceSpec> services{ServiceSpec{"apps", {"apps/*/server"}, ""}, ServiceSpec{"web", {"apps/web"}, ""},
                                    ServiceSpec{"billing", {"services/bill*"}, ""}};
  CHECK(service_for_file(services, "apps/shop/server/main.ts") == "apps");
  CHECK(service_for_file(services, "apps/shop/client/main.ts").empty());
  CHECK(service_for_file(services, "apps/web/server/x.ts") == "apps");  // the longer root wins
  CHECK(service_for_file(services, "apps/web/src/x.ts") == "web");
  CHECK(service_for_file(services, "services/billing/x.py") == "billing");
  CHECK(service_for_file(services, "services/billing-eu/x.py") == "billing");
  CHECK(service_for_file(services, "services/api/x.py").empty());
}

TEST_CASE("[scope] in the config: replace, extend, check_dev, and clear errors", "[scope][config]") {
  Config c = parse_config("[scope]\ndev = [\"qa/**\"]\nextend_generated = [\"**/*.gen.ts\"]\ncheck_dev = true\n",
                          "/r/.envdrift.toml");
  CHECK(c.scope.dev == Strings{"qa/**"});
  CHECK(c.scope.check_dev);
  CHECK(c.scope.is_generated("src/a.gen.ts"));
  CHECK(c.scope.is_generated("dist/a.js"));  // defaults kept
  CHECK_FALSE(parse_config("", "/r/.envdrift.toml").scope.check_dev);
  auto error = [](const std::string& text) {
    try {
      parse_config(text, "/r/.envdrift.toml");
    } catch (const ConfigError& e) {
      return e.message;
    }
    return std::string();
  };
  CHECK(error("[scope]\ndevs = []\n").find("/r/.envdrift.toml:2:1: unknown key `devs` in [scope]") == 0);
  CHECK(error("[scope]\ncheck_dev = \"yes\"\n") == "/r/.envdrift.toml:2:13: `check_dev` in [scope] must be true or false");
  CHECK(error("scope = 1\n").find("`scope` must be a table") != std::string::npos);
}

TEST_CASE("a documented variable only dev code reads does not fail check, unless check_dev", "[scope][cli]") {
  TempTree t;
  t.write("docs/env.md", "# Env\n\n| Name | Description |\n| --- | --- |\n| `PORT` | port |\n| `E2E_URL` | e2e base |\n");
  t.write("src/app.ts", "export const port = process.env.PORT;\n");
  t.write("e2e/a.spec.ts", "const u = process.env.E2E_URL;\nconst ci = process.env.CI;\n");
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n");
  auto r = run_envdrift({"check", t.path(), "--no-cache"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("E2E_URL  documented but never read; only dev code reads it (e2e/a.spec.ts:1), so this is "
                   "informational") != std::string::npos);
  CHECK(r.out.find("CI") == std::string::npos);
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n[scope]\ncheck_dev = true\n");
  auto strict = run_envdrift({"check", t.path(), "--no-cache"});
  CHECK(strict.exit_code == 1);
  CHECK(strict.out.find("e2e/a.spec.ts:2  CI  read but not documented") != std::string::npos);
  CHECK(strict.out.find("E2E_URL") == std::string::npos);
}

TEST_CASE("a read made only because dev code asks for it is dev", "[scope]") {
  // athens: a test's envconfig.Process("", &anon) reads the tags of a struct declared in
  // product code; the read sits at the tag, its chain passes through the test.
  ScopeRules rules;
  EnvRead r = read("TIMEOUT", "pkg/config/timeout.go", 7);
  r.via = {ViaStep{"pkg/config/timeout.go", 7, "tag envconfig TimeoutConf.Timeout"}};
  CHECK_FALSE(rules.is_dev_read(r));
  r.via.push_back(ViaStep{"pkg/config/config_test.go", 684, "envconfig.Process prefix "});
  CHECK(rules.is_dev_read(r));
  CHECK(rules.is_dev_read(read("X", "e2e/a.ts", 1)));
}

// A documented name that only a test reads is informational (dev_only). But when product code
// names it where no read was resolved (here a call of a function defined out of sight), the
// verdict is `unresolved` with that evidence, and the dev read is named beside it: the test's own
// file never counts as the evidence.
TEST_CASE("a dev-read name that product code names but no read resolves is unresolved, not dev-only unread", "[scope][cli]") {
  envdrift::test::TempTree t;
  t.write("docs/env.md", "# Env\n\n| Name | Description |\n|---|---|\n| `CACHE_FAIL_STARTS` | test knob |\n| `ONLY_IN_TESTS` | knob |\n");
  t.write("src/app.py", "from vendor import knob\n\nfail_starts = knob(\"CACHE_FAIL_STARTS\")\n");
  t.write("tests/test_app.py", "import os\n\nA = os.getenv(\"CACHE_FAIL_STARTS\")\nB = os.getenv(\"ONLY_IN_TESTS\")\n");
  auto r = run_envdrift({"check", t.path(), "--registry", t.path() + "/docs/env.md", "--format", "json", "--no-cache"});
  INFO(r.out << r.err);
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& f : j["findings"]) by_name[f["name"].get<std::string>()] = f;
  REQUIRE(by_name.count("CACHE_FAIL_STARTS") == 1);
  const auto& f = by_name["CACHE_FAIL_STARTS"];
  CHECK(f["kind"] == "unresolved");
  CHECK(f.value("dev_only", false) == false);
  REQUIRE(f["code"].size() == 1);
  CHECK(f["code"][0]["file"] == "src/app.py");
  CHECK(f["code"][0]["line"] == 3);
  CHECK(f["message"].get<std::string>().find("; dev code reads it (tests/test_app.py:3)") != std::string::npos);
  REQUIRE(by_name.count("ONLY_IN_TESTS") == 1);  // named only by the test that reads it
  CHECK(by_name["ONLY_IN_TESTS"]["kind"] == "unread");
  CHECK(by_name["ONLY_IN_TESTS"]["dev_only"] == true);
}
