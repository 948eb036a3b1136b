// Resolution across files (fixtures/resolve/<scenario>/): scan() a whole tree and assert every
// read with its name, file, line, default, kind and via chain.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/core/driver.h"
#include "analyzer/core/resolve/value.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::describe_read;
using envdrift::test::describe_reads;
using envdrift::test::scan_resolve_fixture;

TEST_CASE("constants, maps, enums, helpers and env wrappers resolve across files", "[resolve]") {
  ScanResult r = scan_resolve_fixture("cross_file");
  CHECK(r.diagnostics.empty());
  std::vector<std::string> expected{
      "src/app.ts:5 AI_PROVIDER map [map AI_ENV.provider @src/config/keys.ts:2]",
      "src/app.ts:9 RANKER_ENDPOINT map [loop ENDPOINTS @src/app.ts:9] [map ENDPOINTS[1].name @src/config/keys.ts:7]",
      "src/app.ts:9 SEARCH_ENDPOINT map [loop ENDPOINTS @src/app.ts:9] [map ENDPOINTS[0].name @src/config/keys.ts:7]",
      "src/app.ts:12 PRIMARY_REGION map [map Region.Primary @src/config/keys.ts:12]",
      "src/app.ts:13 REQUEST_TIMEOUT_MS direct default=20000",
      "src/app.ts:14 OUTBOX_POLL_INTERVAL_MS helper default=2000 [helper positiveIntEnv @src/config/helpers.ts:1]",
      "src/app.ts:15 BETA_ENABLED helper [helper readFlag @src/config/helpers.ts:7]",
      "src/app.ts:18 DB_URL direct default=",
      "src/app.ts:19 ENABLE_UPDATES direct default=true",
      "src/app.ts:19 TELEMETRY direct default=true",
  };
  CHECK(describe_reads(r) == expected);
}

TEST_CASE("files without an env API are parsed when they call a helper declared elsewhere", "[resolve]") {
  // app.ts / ports.ts / server.ts mention no env API (the byte prefilter skips them); the driver
  // parses them in later rounds because they name `setting` and then `portOf`.
  ScanResult r = scan_resolve_fixture("prefiltered_callers");
  CHECK(r.diagnostics.empty());
  std::vector<std::string> expected{
      "app.ts:3 REGION helper default=eu-west-1 [helper setting @lib/settings.ts:2]",
      "server.ts:3 SERVER_PORT helper default=80 [helper portOf @lib/ports.ts:4]",
  };
  CHECK(describe_reads(r) == expected);
  CHECK(r.files_scanned == 5);
  CHECK(r.files_parsed == 4);  // unrelated.ts never is
}

TEST_CASE("the kaireon-like platform: every documented read resolved, reserved keys unread", "[resolve][e2e]") {
  const std::string dir = envdrift::test::source_dir() + "/fixtures/kaireon-like";
  auto r = envdrift::test::run_envdrift({"check", "--format", "json"}, dir);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);  // drift: the planted default mismatch
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["summary"]["dynamic"] == 0);
  CHECK(j["summary"]["undocumented"] == 0);
  // The two reserved keys are named in the AI_ENV map but read nowhere: the analyzer cannot tell
  // whether some code it does not follow reads them, so they are `unresolved`, never `unread`.
  CHECK(j["summary"]["unread"] == 0);
  CHECK(j["summary"]["unresolved"] == 2);
  CHECK(j["summary"]["default_mismatch"] == 1);

  std::map<std::string, std::string> kinds;  // name -> kind of its reads
  for (const auto& read : j["reads"]) kinds[read["name"].get<std::string>()] = read["kind"].get<std::string>();
  std::map<std::string, std::string> expected{
      {"AI_PROVIDER", "map"},           {"AI_MODEL", "map"},
      {"AI_API_KEY", "map"},            {"AI_BASE_URL", "map"},
      {"GEO_RESOLVE_ENDPOINT", "map"},  {"LANGUAGE_DETECT_ENDPOINT", "map"},
      {"SENTIMENT_SCORE_ENDPOINT", "map"}, {"VECTOR_EMBED_ENDPOINT", "map"},
      {"OUTBOX_POLL_INTERVAL_MS", "helper"}, {"OUTBOX_SHUTDOWN_DRAIN_TIMEOUT_MS", "helper"},
      {"OUTBOX_LIVENESS_FILE", "direct"}, {"DATABASE_URL", "direct"},
      {"PG_POOL_MAX", "direct"},        {"NEGOTIATION_GLOBAL_KILL", "direct"},
      {"ALLOW_UNSIGNED_WEBHOOKS", "direct"}, {"NODE_ENV", "direct"},
  };
  CHECK(kinds == expected);

  INFO(j["findings"].dump(2));
  std::string all = j["findings"].dump();
  CHECK(all.find("AI_SIDEBAR_ENABLED") != std::string::npos);
  CHECK(all.find("AI_RATE_LIMIT_PER_MINUTE") != std::string::npos);
  CHECK(all.find("OUTBOX_SHUTDOWN_DRAIN_TIMEOUT_MS") != std::string::npos);
  std::map<std::string, std::string> unresolved;  // name -> "file:line" of its first mention
  for (const auto& f : j["findings"]) {
    if (f["kind"] != "unresolved") continue;
    unresolved[f["name"].get<std::string>()] =
        f["code"][0]["file"].get<std::string>() + ":" + std::to_string(f["code"][0]["line"].get<int>());
    CHECK(f["code"][0]["note"] == "string literal");
  }
  CHECK(unresolved == std::map<std::string, std::string>{
                          {"AI_SIDEBAR_ENABLED", "platform/src/lib/ai/env-keys.ts:8"},
                          {"AI_RATE_LIMIT_PER_MINUTE", "platform/src/lib/ai/env-keys.ts:9"}});

  auto ex = envdrift::test::run_envdrift({"explain", "AI_PROVIDER"}, dir);
  CHECK(ex.exit_code == 0);
  CHECK(ex.out.find("map AI_ENV.provider") != std::string::npos);
  CHECK(ex.out.find("platform/src/lib/ai/env-keys.ts:2") != std::string::npos);
  CHECK(ex.out.find("platform/src/lib/ai/provider.ts:12") != std::string::npos);
}

TEST_CASE("the constant-value core folds, indexes and iterates", "[resolve]") {
  using resolve::Value;
  // Numeric folding with separators: 10 * 1024 * 1024, 20_000.
  Value mb = resolve::binary("*", resolve::binary("*", Value::num("10"), Value::num("1024")), Value::num("1024"));
  CHECK(mb.type == Value::Type::Num);
  CHECK(mb.text == "10485760");
  CHECK(resolve::number_text("20_000") == std::optional<std::string>("20000"));
  CHECK(resolve::binary("/", Value::num("1"), Value::num("0")).type == Value::Type::Unknown);
  CHECK(resolve::negate(Value::num("5")).text == "-5");

  // Concatenation keeps the provenance of both sides and the stronger kind.
  Value prefix = Value::str("APP_");
  resolve::add_step(prefix, ViaStep{"a.ts", 1, "constant PREFIX"}, ReadKind::Constant);
  Value name = resolve::binary("+", prefix, Value::str("PORT"));
  CHECK(name.text == "APP_PORT");
  CHECK(name.kind == ReadKind::Constant);
  REQUIRE(name.via.size() == 1);
  CHECK(name.via[0].label == "constant PREFIX");

  // A record bound to a name: member access is a map step.
  Value rec;
  rec.type = Value::Type::Record;
  rec.fields = {{"provider", Value::str("AI_PROVIDER")}, {"model", Value::str("AI_MODEL")}};
  rec.origin = "AI_ENV";
  rec.origin_file = "keys.ts";
  rec.origin_line = 3;
  Value p = resolve::member(rec, "provider");
  CHECK(p.text == "AI_PROVIDER");
  CHECK(p.kind == ReadKind::Map);
  REQUIRE(p.via.size() == 1);
  CHECK(p.via[0].label == "map AI_ENV.provider");
  CHECK(p.via[0].line == 3);
  CHECK(resolve::member(rec, "missing").type == Value::Type::Unknown);

  // A loop over an array of records: `e.name` is the set of the names.
  Value arr;
  arr.type = Value::Type::Array;
  for (const char* n : {"A_ENDPOINT", "B_ENDPOINT"}) {
    Value e;
    e.type = Value::Type::Record;
    e.fields = {{"name", Value::str(n)}};
    arr.items.push_back(e);
  }
  arr.origin = "ENDPOINTS";
  auto names = resolve::alternatives(resolve::member(resolve::elements(arr), "name"));
  REQUIRE(names.size() == 2);
  CHECK(names[0].text == "A_ENDPOINT");
  CHECK(names[1].text == "B_ENDPOINT");
  CHECK(names[1].via.back().label == "map ENDPOINTS[1].name");

  // Sets combine by cross product: `${env}_${key}`.
  Value envs;
  envs.type = Value::Type::Set;
  envs.items = {Value::str("DEV"), Value::str("PROD")};
  auto combos = resolve::alternatives(resolve::binary("+", envs, Value::str("_URL")));
  REQUIRE(combos.size() == 2);
  CHECK(combos[1].text == "PROD_URL");

  // A record keys loop (`for (const k in OBJ)`), and too large a loop stays unresolved.
  CHECK(resolve::alternatives(resolve::elements(rec)).size() == 2);
  Value big;
  big.type = Value::Type::Array;
  big.items.assign(resolve::kMaxAlternatives + 1, Value::str("X"));
  CHECK(resolve::elements(big).type == Value::Type::Unknown);
}

TEST_CASE("an import cycle and a self-referencing constant resolve to nothing, not a hang", "[resolve]") {
  ScanResult r = scan_resolve_fixture("import_cycle");
  std::vector<std::string> expected{
      "a.ts:3 B_NAME constant [constant A_KEY @a.ts:2] [constant B_KEY @b.ts:2]",
      "a.ts:4 ? dynamic",
  };
  CHECK(describe_reads(r) == expected);
}

TEST_CASE("CommonJS require / module.exports resolve like imports", "[resolve]") {
  ScanResult r = scan_resolve_fixture("commonjs");
  std::vector<std::string> expected{
      "worker.cjs:2 QUEUE_BROKER_URL map [map QUEUE_KEYS.broker @keys.js:1]",
      "worker.cjs:3 QUEUE_RETRIES helper default=3 [helper readInt @keys.js:2]",
  };
  CHECK(describe_reads(r) == expected);
}

TEST_CASE("imported wrappers of process.env: spread, Object.freeze, node:process", "[resolve]") {
  ScanResult r = scan_resolve_fixture("env_wrappers");
  std::vector<std::string> expected{
      "use.ts:7 SPREAD_URL direct default=http://s",
      "use.ts:8 FROZEN_TOKEN direct",
      "use.ts:9 NODE_PROCESS_PORT direct",
  };
  CHECK(describe_reads(r) == expected);
}

TEST_CASE("namespace imports and required modules expose the module's exports", "[resolve]") {
  ScanResult r = scan_resolve_fixture("namespace_import");
  std::vector<std::string> expected{
      "app.ts:3 NS_AI_PROVIDER map [map AI_ENV.provider @keys.ts:1]",
      "app.ts:4 NS_TOKEN constant [constant TOKEN_KEY @keys.ts:2]",
      "app.ts:5 NS_TOKEN constant [constant TOKEN_KEY @keys.ts:2]",
  };
  CHECK(describe_reads(r) == expected);
}
