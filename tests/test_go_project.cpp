// The go frontend across files and packages (fixtures/resolve/go_*/) and end to end on the
// aisoc-like platform's ingest service: scan() whole trees and assert every read with its file,
// line, name, kind, default and via chain.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/core/driver.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::describe_read;
using envdrift::test::describe_reads;
using envdrift::test::scan_resolve_fixture;

TEST_CASE("go: constants, helpers and slices resolve across the files of a package and across packages", "[go]") {
  ScanResult r = scan_resolve_fixture("go_packages");
  CHECK(r.diagnostics.empty());
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(describe_read(read));
  std::vector<std::string> expected{
      // `names.Prefix` of another package of the module, found through go.mod's module path
      "cmd/server/main.go:12 SVC_MODE constant [constant Prefix @pkg/names/names.go:3]",
      // config.go has no env API: parsed because it calls getEnv, declared in env.go
      "internal/config/config.go:17 HTTP_PORT helper default=8080 [helper getEnv @internal/config/env.go:5]",
      // a constant of a sibling file of the package
      "internal/config/config.go:18 KAFKA_TOPIC helper default=security.events [helper getEnv @internal/config/env.go:5] "
      "[constant KeyTopic @internal/config/keys.go:3]",
      // a helper of another package, with a computed default folded from a sibling constant
      "internal/config/config.go:19 MAX_BODY_BYTES helper default=10485760 [helper GetInt @pkg/envutil/envutil.go:9]",
      // name and default both constants of another package
      "internal/config/config.go:20 SVC_LISTEN helper default=:8080 [helper getEnv @internal/config/env.go:5] "
      "[constant ListenKey @pkg/names/names.go:6] [constant Prefix @pkg/names/names.go:3]",
      // a loop over a slice variable of a sibling file: one read per element
      "internal/config/config.go:23 OTEL_ENDPOINT helper default= [helper getEnv @internal/config/env.go:5] "
      "[loop tracingKeys @internal/config/config.go:22] [map tracingKeys[0] @internal/config/keys.go:7]",
      "internal/config/config.go:23 OTEL_SERVICE_NAME helper default= [helper getEnv @internal/config/env.go:5] "
      "[loop tracingKeys @internal/config/config.go:22] [map tracingKeys[1] @internal/config/keys.go:7]",
  };
  CHECK(got == expected);
  CHECK(r.files_scanned == 7);
  CHECK(r.files_parsed == 4);  // keys.go and names.go are only loaded on demand, unrelated.go never
}

TEST_CASE("go: a package without go.mod still resolves within its own directory", "[go]") {
  envdrift::test::TempTree t;
  t.write("svc/env.go", "package svc\n\nimport \"os\"\n\nfunc env(k, d string) string {\n\tif v := os.Getenv(k); v != \"\" {\n\t\treturn v\n\t}\n\treturn d\n}\n");
  t.write("svc/main.go", "package svc\n\nimport \"example.com/nowhere/names\"\n\nvar port = env(\"PORT\", defaultPort)\nvar other = env(names.Key, \"x\")\n");
  t.write("svc/consts.go", "package svc\n\nconst defaultPort = 8000 + 80\n");
  ScanOptions o;
  o.root = t.path();
  o.paths = {t.path()};
  o.use_gitignore = false;
  ScanResult r = scan(o);
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(describe_read(read));
  std::vector<std::string> expected{
      "svc/main.go:5 PORT helper default=8080 [helper env @svc/env.go:5]",
      // an import outside the scanned module: the name is not known
      "svc/main.go:6 ? dynamic default=x [helper env @svc/env.go:5]",
  };
  CHECK(got == expected);
}

TEST_CASE("the aisoc-like platform: the ingest service's planted drift, exactly", "[go][aisoc]") {
  const std::string dir = envdrift::test::source_dir() + "/fixtures/aisoc-like";
  auto r = envdrift::test::run_envdrift({"check", "--format", "json"}, dir);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);

  std::set<std::string> findings;  // "kind NAME"
  for (const auto& f : j["findings"])
    if (f.value("service", "") == "ingest") findings.insert(f["kind"].get<std::string>() + " " + f["name"].get<std::string>());
  std::set<std::string> expected{
      "default_mismatch KAFKA_TOPIC",
      "unread METRICS_PORT",
      "undocumented TENANT_HEADER_KEY",
  };
  CHECK(findings == expected);
  for (const auto& f : j["findings"]) {
    if (f["name"] != "KAFKA_TOPIC" || f.value("service", "") != "ingest") continue;
    CHECK(f["doc"]["default"] == "security.events");
    CHECK(f["code"][0]["default"] == "aisoc.raw_events");
    CHECK(f["code"][0]["file"] == "services/ingest/internal/config/config.go");
    CHECK(f["code"][0]["line"] == 36);
  }

  // Every read of the service: "file:line NAME" -> "kind default via-labels".
  std::map<std::string, std::string> reads;
  for (const auto& rd : j["reads"]) {
    if (rd.value("service", "") != "ingest") continue;
    std::string v = rd["kind"].get<std::string>() + " " + (rd["default"].is_null() ? "-" : rd["default"]["value"].get<std::string>());
    for (const auto& step : rd["via"]) v += " [" + step["label"].get<std::string>() + " " + step["file"].get<std::string>() + ":" + std::to_string(step["line"].get<int>()) + "]";
    reads[rd["file"].get<std::string>() + ":" + std::to_string(rd["line"].get<int>()) + " " + rd["name"].get<std::string>()] = v;
  }
  const std::string cfg = "services/ingest/internal/config/config.go:";
  const std::string get_env = " [helper getEnv " + cfg + "50]";
  const std::string util = "services/ingest/internal/envutil/envutil.go:";
  std::map<std::string, std::string> expected_reads{
      {cfg + "34 HTTP_PORT", "helper 8080" + get_env},
      {cfg + "35 KAFKA_BOOTSTRAP_SERVERS", "helper localhost:9092 [helper getEnvFallback " + cfg + "71]"},
      {cfg + "35 KAFKA_BROKERS", "helper localhost:9092 [helper getEnvFallback " + cfg + "71]"},
      {cfg + "36 KAFKA_TOPIC", "helper aisoc.raw_events" + get_env},
      {cfg + "37 REDIS_ADDR", "helper localhost:6379" + get_env},
      {cfg + "38 DATABASE_DSN", "helper postgres://aisoc:aisoc@localhost:5432/aisoc?sslmode=disable" + get_env},
      {cfg + "39 MAX_BATCH_SIZE", "helper 1000 [helper getEnvInt " + cfg + "58]"},
      {cfg + "40 MAX_BODY_BYTES", "helper 10485760 [helper getEnvInt " + cfg + "58]"},
      {cfg + "41 WORKER_COUNT", "helper 4 [helper GetInt " + util + "13]"},
      {cfg + "42 TENANT_HEADER_KEY", "helper X-AiSOC-Tenant" + get_env},
      {cfg + "43 JWT_SECRET", "direct -"},
      {cfg + "44 SHODAN_ENRICH_ENABLED", "helper false" + get_env},
      {cfg + "45 SHODAN_CACHE_EXPIRY_SECS", "helper 86400 [helper getEnvInt " + cfg + "58]"},
      {cfg + "46 AISOC_CORS_ORIGINS", "helper http://localhost:3000,http://localhost:3001 [helper Fallback " + util + "26]"},
      {cfg + "46 CORS_ORIGINS", "helper http://localhost:3000,http://localhost:3001 [helper Fallback " + util + "26]"},
      // main.go names no env API: parsed because it calls GetInt, a helper of another package
      {"services/ingest/cmd/ingest/main.go:14 SHUTDOWN_GRACE_SECS", "helper 15 [helper GetInt " + util + "13]"},
  };
  CHECK(reads == expected_reads);
}

TEST_CASE("go: a chain of wrappers across 400 packages is cut at the depth cap, not the stack", "[go]") {
  envdrift::test::TempTree t;
  t.write("go.mod", "module example.com/c\n");
  const int n = 400;
  t.write("p0/w.go", "package p0\n\nimport \"os\"\n\nfunc Wrap(k string) string { return os.Getenv(k) }\n");
  for (int p = 1; p < n; ++p) {
    std::string prev = "p" + std::to_string(p - 1);
    t.write("p" + std::to_string(p) + "/w.go", "package p" + std::to_string(p) + "\n\nimport \"example.com/c/" + prev +
                                                   "\"\n\nfunc Wrap(k string) string { return " + prev + ".Wrap(k) }\n");
  }
  t.write("main/m.go", "package main\n\nimport (\n\t\"example.com/c/p399\"\n\t\"example.com/c/p3\"\n)\n\n"
                       "var a = p399.Wrap(\"TOO_DEEP\")\nvar b = p3.Wrap(\"SHALLOW\")\n");
  ScanOptions o;
  o.root = t.path();
  o.paths = {t.path()};
  o.use_gitignore = false;
  ScanResult r = scan(o);
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(describe_read(read));
  // The wrapper files are parsed too (they mention Wrap); their calls are helper bodies, not reads.
  CHECK(std::count_if(got.begin(), got.end(), [](const std::string& s) { return s.find("SHALLOW") != std::string::npos; }) == 1);
  CHECK(std::find(got.begin(), got.end(), "main/m.go:9 SHALLOW helper [helper Wrap @p3/w.go:5]") != got.end());
  CHECK(r.files_scanned == static_cast<size_t>(n + 1));
}
