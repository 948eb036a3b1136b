// The python frontend across files (fixtures/resolve/python_*/) and end to end on the
// aisoc-like platform (fixtures/aisoc-like): scan() whole trees and assert every read with its
// file, line, name, kind, default and via chain.
#include <catch2/catch.hpp>

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

TEST_CASE("python: constants, maps, helpers and settings bases resolve across modules and packages", "[python]") {
  ScanResult r = scan_resolve_fixture("python_cross_module");
  CHECK(r.diagnostics.empty());
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(describe_read(read));
  std::vector<std::string> expected{
      // a file without any env API: parsed because it calls a helper another file declares
      "app/flags.py:3 BETA_ENABLED helper default=false [helper get_bool @pkg/core/helpers.py:4]",
      // `from pkg import ENV_KEYS` through the `__init__.py` re-export; `import pkg.keys as k`
      "app/main.py:8 AI_PROVIDER map [map ENV_KEYS.provider @pkg/keys.py:2]",
      "app/main.py:9 AI_MODEL map default=gpt [map ENV_KEYS.model @pkg/keys.py:2]",
      // an absolute import resolved under `src/`
      "app/main.py:10 CLOUD_REGION constant [constant REGION_KEY @src/lib/names.py:1]",
      // a settings subclass of a base class declared in another module: the base's env_prefix
      "app/settings.py:5 SVC_PORT settings default=8000 [settings AppConfig @app/settings.py:4]",
      // `import pkg.keys` then `pkg.keys.PREFIX`; `from pkg.keys import *`
      "app/star.py:6 SVC_DOTTED constant [constant PREFIX @pkg/keys.py:1]",
      "app/star.py:7 SVC_STAR constant [constant PREFIX @pkg/keys.py:1]",
      "pkg/core/base.py:7 SVC_LOG_LEVEL settings default=info [settings BaseConfig @pkg/core/base.py:4]",
      // `from ..keys import PREFIX`, `from . import helpers`
      "pkg/core/relative.py:6 SVC_MODE constant default=fast [constant PREFIX @pkg/keys.py:1]",
      "pkg/core/relative.py:7 REL_FLAG helper default=true [helper get_bool @pkg/core/helpers.py:4]",
      // `from ..core import helpers as h2`: a submodule the package's `__init__.py` does not bind
      "pkg/core/relative.py:11 PARENT_PKG_FLAG helper default=false [helper get_bool @pkg/core/helpers.py:4]",
  };
  CHECK(got == expected);
  CHECK(r.files_scanned == 12);
  CHECK(r.files_parsed < r.files_scanned);  // app/unrelated.py (and the empty __init__) never are
}

TEST_CASE("the aisoc-like platform: the python services' planted drift, exactly", "[python][aisoc]") {
  const std::string dir = envdrift::test::source_dir() + "/fixtures/aisoc-like";
  auto r = envdrift::test::run_envdrift({"check", "--format", "json"}, dir);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  const std::set<std::string> python_services{"api", "ueba", "honeytokens"};

  std::set<std::string> findings;  // "kind service NAME"
  for (const auto& f : j["findings"]) {
    std::string service = f.value("service", "");
    if (python_services.count(service)) findings.insert(f["kind"].get<std::string>() + " " + service + " " + f["name"].get<std::string>());
  }
  std::set<std::string> expected{
      "undocumented api RATE_LIMIT_PER_MINUTE",
      "unread api ALGORITHM",
      "default_mismatch api ACCESS_TOKEN_EXPIRE_MINUTES",
      "undocumented ueba MAX_EVENTS_PER_ENTITY",
      "undocumented ueba UEBA_MAX_EVENTS_PER_ENTITY",
      "unread ueba PEER_GROUP_MIN_SIZE",
      "default_mismatch ueba ANOMALY_THRESHOLD",
      "undocumented honeytokens HONEYTOKEN_MAX_TOKENS_PER_TENANT",
      "unread honeytokens HONEYTOKEN_OTEL_ENDPOINT",
      "default_mismatch honeytokens HONEYTOKEN_ALERT_WEBHOOK_SECRET",
  };
  CHECK(findings == expected);

  // The secret that used to default to `changeme` now defaults to empty.
  for (const auto& f : j["findings"]) {
    if (f["name"] != "HONEYTOKEN_ALERT_WEBHOOK_SECRET") continue;
    CHECK(f["doc"]["default"] == "changeme");
    CHECK(f["code"][0]["default"] == "");
    CHECK(f["code"][0]["file"] == "services/honeytokens/app/core/config.py");
    CHECK(f["code"][0]["line"] == 13);
  }

  // Reads of the python services: settings fields at their line, the UEBA_ aliases built by the
  // `_env` helper, the vendored CORS helper's alias chain with its shared default.
  std::map<std::string, std::string> reads;  // "service file:line NAME" -> "kind default"
  for (const auto& rd : j["reads"]) {
    std::string service = rd.value("service", "");
    if (!python_services.count(service)) continue;
    std::string dflt = rd["default"].is_null() ? "-" : rd["default"]["value"].get<std::string>();
    reads[service + " " + rd["file"].get<std::string>() + ":" + std::to_string(rd["line"].get<int>()) + " " +
          rd["name"].get<std::string>()] = rd["kind"].get<std::string>() + " " + dflt;
  }
  CHECK(reads.size() == 12 + 2 + 26 + 2 + 8 + 2);  // api fields (ENV/ENVIRONMENT: 2) + cors, ueba x2 + cors, honeytokens + cors
  const std::string cors_default = "http://localhost:3000,http://localhost:3001";
  for (const std::string svc : {"api", "ueba", "honeytokens"}) {
    std::string cors = svc + " services/" + svc + "/app/core/cors.py:8 ";
    CHECK(reads[cors + "AISOC_CORS_ORIGINS"] == "direct " + cors_default);
    CHECK(reads[cors + "CORS_ORIGINS"] == "direct " + cors_default);
  }
  CHECK(reads["api services/api/app/core/config.py:11 ENV"] == "settings development");
  CHECK(reads["api services/api/app/core/config.py:11 ENVIRONMENT"] == "settings development");
  CHECK(reads["api services/api/app/core/config.py:12 DEBUG"] == "settings false");
  CHECK(reads["ueba services/ueba/app/core/config.py:14 DATABASE_URL"] == "settings postgresql+asyncpg://aisoc:aisoc@localhost:5432/aisoc");
  CHECK(reads["ueba services/ueba/app/core/config.py:14 UEBA_DATABASE_URL"] == "settings postgresql+asyncpg://aisoc:aisoc@localhost:5432/aisoc");
  CHECK(reads["ueba services/ueba/app/core/config.py:23 UEBA_ANOMALY_THRESHOLD"] == "settings 2.5");
  CHECK(reads["ueba services/ueba/app/core/config.py:25 MAX_EVENTS_PER_ENTITY"] == "settings 10000");
  CHECK(reads["honeytokens services/honeytokens/app/core/config.py:11 HONEYTOKEN_ALERT_WEBHOOK_URL"] == "settings -");
  CHECK(reads["honeytokens services/honeytokens/app/core/config.py:18 HONEYTOKEN_PORT"] == "settings 8005");
}
