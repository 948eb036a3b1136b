// Registry readers: Markdown/MDX tables and components, .env.example files, JSON/YAML, and
// read_registry_file. Fixtures live in fixtures/registry/; prose shapes are in test_registry_prose.cpp.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/registry_support.h"

using namespace envdrift;
using namespace envdrift::test;


TEST_CASE("seed 000 page: Env Var tables and ParamField entries in MDX", "[registry][markdown][seed]") {
  Registry r = load("kaireon_env.mdx");
  CHECK(r.file == "docs/kaireon_env.mdx");
  // Front matter, the quick-start code block, the `NODE_ENV | What changes` table and the
  // `Variable | Rotation strategy` table hold no documented variables.
  CHECK(names_of(r) ==
        Strings{"DATABASE_URL", "PG_POOL_MAX", "RLS_AUTO_ENABLE", "NEXTAUTH_URL", "JWT_SIGNING_SECRET",
                "MFA_ENFORCEMENT_DISABLED", "CONNECTOR_ENCRYPTION_KEY", "CONNECTOR_ENCRYPTION_KEY_VERSION",
                "CORS_ALLOWED_ORIGINS", "CSP_POLICY", "PORT", "REDIS_URL", "SLOW_API_THRESHOLD_MS",
                "UPSTASH_REDIS_REST_URL", "EVENT_PUBLISHER", "MSK_REGION", "KINESIS_STREAM_NAME", "AI_PROVIDER",
                "AI_MODEL", "AI_API_KEY", "ML_WORKER_URL", "ONNX_INLINE_BYTES_LIMIT", "ATTRIBUTION_TIMEOUT_MS",
                "APPROVAL_MAX_AGE_HOURS", "KAIREON_LICENSE_PRIVATE_KEY", "WORKER_INPROCESS", "_SEED_FROM_WORKER",
                "OUTBOX_POLL_INTERVAL_MS", "CRON_TOKEN", "DRAIN_QUEUES_TOKEN", "CRON_ALLOWED_IPS",
                "GEO_RESOLVE_ENDPOINT", "VECTOR_EMBED_ENDPOINT", "DATABASE_URL", "ML_WORKER_PORT", "TEST_API_KEY",
                "VITEST", "AI_SIDEBAR_ENABLED", "AI_RATE_LIMIT_PER_MINUTE"});

  SECTION("table rows") {
    const auto& db = entry(r, "DATABASE_URL");
    CHECK(db.line == 35);
    CHECK(db.file == "docs/kaireon_env.mdx");
    CHECK(db.section == Strings{"Reference", "Database and migrations"});
    CHECK(db.section_path() == "Reference > Database and migrations");
    check_no_default(db);
    CHECK(db.required);  // "Required in all tiers."
    CHECK(db.description == "PostgreSQL connection string. Required in all tiers.");
    check_default(entry(r, "PG_POOL_MAX"), "`50`", "50");
    check_default(entry(r, "RLS_AUTO_ENABLE"), "enabled (skipped only when `\"false\"`)", "enabled", false);
    check_default(entry(r, "NEXTAUTH_URL"), "`https://playground.kaireonai.com`", "https://playground.kaireonai.com");
    CHECK(entry(r, "NEXTAUTH_URL").line == 43);
  }
  SECTION("defaults in prose and with notes") {
    const auto& key = entry(r, "CONNECTOR_ENCRYPTION_KEY");
    check_no_default(key);  // "— (required in prod)"
    CHECK(key.required);
    check_no_default(entry(r, "CORS_ALLOWED_ORIGINS"));  // "— (deny all cross-origin)"
    CHECK_FALSE(entry(r, "CORS_ALLOWED_ORIGINS").required);
    check_default(entry(r, "CSP_POLICY"), "computed default", "computed default", false);
    check_default(entry(r, "ONNX_INLINE_BYTES_LIMIT"), "`10485760` (10 MB)", "10485760");
    check_default(entry(r, "APPROVAL_MAX_AGE_HOURS"), "`168` (7 days)", "168");
    check_default(entry(r, "WORKER_INPROCESS"), "`1` (legacy default, may change to `0` in a future release)", "1");
    check_default(entry(r, "DRAIN_QUEUES_TOKEN"), "(falls back to `CRON_SECRET` then `CRON_TOKEN`)",
                  "falls back to `CRON_SECRET` then `CRON_TOKEN`", false);
    check_default(entry(r, "CRON_ALLOWED_IPS"), "(off — token-only auth)", "off — token-only auth", false);
  }
  SECTION("a table right after a paragraph line is still a table") {
    const auto& ev = entry(r, "EVENT_PUBLISHER");
    CHECK(ev.line == 76);
    CHECK(ev.section == Strings{"Reference", "Event publisher (Kafka / MSK / EventBridge / Kinesis / Redpanda)"});
    check_default(ev, "`redis`", "redis");
  }
  SECTION("ParamField entries") {
    const auto& provider = entry(r, "AI_PROVIDER");
    CHECK(provider.line == 84);
    CHECK(provider.section == Strings{"Reference", "AI providers"});
    check_default(provider, "google", "google");
    CHECK(provider.description ==
          "Provider selector. Acceptable values: google, anthropic, openai, ollama, lm_studio, bedrock.");
    check_default(entry(r, "AI_MODEL"), "gemini-2.5-flash", "gemini-2.5-flash");
    check_no_default(entry(r, "AI_API_KEY"));
    check_default(entry(r, "OUTBOX_POLL_INTERVAL_MS"), "2000", "2000");
    const auto& port = entry(r, "PORT");
    CHECK(port.line == 56);
    CHECK(port.section == Strings{"Reference", "Network, CORS, and CSP"});
    check_no_default(port);
  }
  SECTION("flags from descriptions and section headings") {
    CHECK(entry(r, "MFA_ENFORCEMENT_DISABLED").test_only);  // "Test-only flag."
    CHECK(entry(r, "TEST_API_KEY").test_only);              // under "### Test-only"
    CHECK(entry(r, "VITEST").test_only);
    CHECK_FALSE(entry(r, "AI_API_KEY").test_only);
    CHECK(entry(r, "UPSTASH_REDIS_REST_URL").reserved);
    CHECK(entry(r, "_SEED_FROM_WORKER").reserved);
    CHECK(entry(r, "AI_SIDEBAR_ENABLED").reserved);
    CHECK(entry(r, "AI_SIDEBAR_ENABLED").section == Strings{"Configuration", "Honest limits"});
    CHECK_FALSE(entry(r, "REDIS_URL").reserved);
    CHECK(entry(r, "CRON_TOKEN").deprecated);
    CHECK_FALSE(entry(r, "DRAIN_QUEUES_TOKEN").deprecated);
  }
  SECTION("the same name in two sections gives two entries") {
    REQUIRE(count_of(r, "DATABASE_URL") == 2);
    const auto& ml = entry(r, "DATABASE_URL", 1);
    CHECK(ml.line == 153);
    CHECK(ml.section == Strings{"Reference", "Python ml-worker"});
    check_default(ml, "`postgresql://localhost:5432/kaireon`", "postgresql://localhost:5432/kaireon");
  }
  SECTION("a names-only table is reported, not read") {
    CHECK(count_of(r, "CONNECTOR_ENCRYPTION_KEY") == 1);
    bool noted = false;
    for (const auto& d : r.diagnostics)
      noted = noted || (d.line == 175 && d.severity == Diagnostic::Severity::Note);
    CHECK(noted);
  }
}

TEST_CASE("seed 001 page: per-service Variable tables, multi-name rows, legacy aliases", "[registry][markdown][seed]") {
  Registry r = load("aisoc_env.md");
  CHECK(names_of(r) ==
        Strings{"APP_NAME", "ENV", "ENVIRONMENT", "DEBUG", "LOG_LEVEL", "SECRET_KEY", "ACCESS_TOKEN_EXPIRE_MINUTES",
                "AISOC_TRUSTED_PROXIES", "AISOC_AUDIT_MAX_CHANGES_BYTES", "OIDC_ISSUER", "OIDC_SCOPES", "OIDC_PKCE",
                "OPENSEARCH_URL", "NEO4J_PASSWORD", "CLICKHOUSE_HOST", "CLICKHOUSE_PORT", "CLICKHOUSE_DATABASE",
                "CLICKHOUSE_USER", "CLICKHOUSE_PASSWORD", "AISOC_CORS_ORIGINS", "CORS_ORIGINS", "AISOC_DEMO_BANNER",
                "AISOC_DISABLE_KAFKA", "AISOC_DISABLE_CLICKHOUSE", "AISOC_DISABLE_OPENSEARCH", "AISOC_DISABLE_NEO4J",
                "AISOC_DISABLE_QDRANT", "OPENAI_API_KEY", "DATABASE_URL", "API_SERVICE_URL", "API_URL",
                "REALTIME_INTERNAL_TOKEN", "INTERNAL_TOKEN", "ATTCK_DATA_PATH", "JAEGER_HOST", "JAEGER_PORT",
                "AISOC_URL", "AISOC_API_URL", "AISOC_TIMEOUT_MS", "HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS",
                "KAFKA_TOPIC", "JWT_SECRET", "SHODAN_CACHE_EXPIRY_SECS", "DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS",
                "ANOMALY_THRESHOLD", "PORT", "AISOC_CORS_ORIGINS", "CORS_ORIGINS"});

  SECTION("section paths follow h1 > h2 > h3") {
    const auto& app = entry(r, "APP_NAME");
    CHECK(app.line == 15);
    CHECK(app.section == Strings{"Environment Variables", "API service (services/api)", "Application"});
    check_default(app, "`AiSOC API`", "AiSOC API");
    CHECK(entry(r, "HTTP_PORT").section == Strings{"Environment Variables", "Ingest service (services/ingest)"});
  }
  SECTION("`ENV` / `ENVIRONMENT`: two entries sharing the row's default") {
    const auto& env = entry(r, "ENV");
    const auto& environment = entry(r, "ENVIRONMENT");
    CHECK(env.line == 16);
    CHECK(environment.line == 16);
    check_default(env, "`development`", "development");
    check_default(environment, "`development`", "development");
    CHECK(env.aliases.empty());
    check_default(entry(r, "API_SERVICE_URL"), "`http://api:8000`", "http://api:8000");
    check_default(entry(r, "API_URL"), "`http://api:8000`", "http://api:8000");
    check_no_default(entry(r, "REALTIME_INTERNAL_TOKEN"));
    check_no_default(entry(r, "INTERNAL_TOKEN"));
  }
  SECTION("slash-aligned defaults give each name its own default") {
    check_default(entry(r, "CLICKHOUSE_HOST"), "`localhost`", "localhost");
    check_default(entry(r, "CLICKHOUSE_PORT"), "`9000`", "9000");
    check_default(entry(r, "CLICKHOUSE_DATABASE"), "`aisoc`", "aisoc");
    check_default(entry(r, "CLICKHOUSE_USER"), "`default`", "default");
    check_no_default(entry(r, "CLICKHOUSE_PASSWORD"));
    CHECK(entry(r, "CLICKHOUSE_PASSWORD").line == 48);
    check_default(entry(r, "JAEGER_HOST"), "`localhost`", "localhost");
    check_default(entry(r, "JAEGER_PORT"), "`6831`", "6831");
  }
  SECTION("a single default for several names applies to each") {
    for (const char* n : {"AISOC_DISABLE_KAFKA", "AISOC_DISABLE_CLICKHOUSE", "AISOC_DISABLE_OPENSEARCH",
                          "AISOC_DISABLE_NEO4J", "AISOC_DISABLE_QDRANT"})
      check_default(entry(r, n), "`false`", "false");
  }
  SECTION("no-default markers and prose defaults") {
    check_default(entry(r, "AISOC_TRUSTED_PROXIES"), "_empty_", "");
    check_no_default(entry(r, "OIDC_ISSUER"));
    check_default(entry(r, "AISOC_CORS_ORIGINS"), "(uses service default)", "uses service default", false);
    check_default(entry(r, "AISOC_API_URL"), "falls back to `AISOC_URL`", "falls back to `AISOC_URL`", false);
    check_default(entry(r, "ANOMALY_THRESHOLD"), "`3.0`", "3");
    check_default(entry(r, "AISOC_DEMO_BANNER"), "`Demo data resets daily at 00:00 UTC. All write actions are disabled.`",
                  "Demo data resets daily at 00:00 UTC. All write actions are disabled.");
  }
  SECTION("required from the description") {
    CHECK(entry(r, "SECRET_KEY").required);      // "**Required in production.**"
    CHECK(entry(r, "OPENAI_API_KEY").required);  // "**Required.**"
    CHECK_FALSE(entry(r, "DEBUG").required);
  }
  SECTION("Legacy alias column") {
    const auto& db = entry(r, "DATABASE_URL", 1);
    CHECK(db.line == 100);
    CHECK(db.section == Strings{"Environment Variables", "UEBA service (services/ueba)"});
    CHECK(db.aliases == Strings{"UEBA_DATABASE_URL"});
    check_default(db, "`postgresql+asyncpg://aisoc:aisoc@localhost:5432/aisoc`",
                  "postgresql+asyncpg://aisoc:aisoc@localhost:5432/aisoc");
    CHECK(entry(r, "PORT").aliases == Strings{"UEBA_PORT"});
    check_default(entry(r, "PORT"), "`8004`", "8004");
    CHECK(entry(r, "DATABASE_URL", 0).aliases.empty());
  }
  SECTION("a table without a Default column documents names with no stated default") {
    const auto& cors = entry(r, "AISOC_CORS_ORIGINS", 1);
    CHECK(cors.line == 113);
    CHECK(cors.section == Strings{"Environment Variables", "CORS configuration", "Variables"});
    CHECK_FALSE(cors.default_value.has_value());
    CHECK_FALSE(cors.default_stated);
    CHECK(cors.description == "Comma-separated allow-list. Set this in every environment.");
  }
  SECTION("code blocks are not documentation") {
    CHECK(count_of(r, "SECRET_KEY") == 1);
    CHECK(count_of(r, "ACCESS_TOKEN_EXPIRE_MINUTES") == 1);
  }
}

TEST_CASE("name cells, default cells and table shapes", "[registry][markdown]") {
  Registry r = load("markup_cases.md");

  SECTION("the name column is found by header, wherever it is") {
    const auto& port = entry(r, "APP_PORT");
    CHECK(port.line == 9);
    CHECK(port.section == Strings{"Configuration reference", "Server options"});
    CHECK(port.description == "Listen port");
    check_default(port, "`8080`", "8080");
    CHECK(count_of(r, "server.port") == 0);
  }
  SECTION("markup around names") {
    const auto& host = entry(r, "APP_HOST");  // APP_HOST<super>*</super>
    CHECK(host.line == 10);
    CHECK(host.required);
    check_no_default(host);
    check_default(entry(r, "APP_TLS"), "`True`", "true");  // APP_TLS <br/> :icon: v2.0.0
    check_default(entry(r, "POSTGRES_HOST"), "`localhost`", "localhost");  // POSTGRES\_HOST
    check_no_default(entry(r, "POSTGRES_USER"));                         // **POSTGRES_USER**, "-"
    check_default(entry(r, "POOL_SIZE"), "`5_000`", "5000");            // [POOL_SIZE](#pool-size)
    check_no_default(entry(r, "DOLLAR_NAME"));                           // `$DOLLAR_NAME`, "Not set"
  }
  SECTION("several names per cell") {
    check_default(entry(r, "A_ONE"), "`1`", "1");  // `A_ONE`, `A_TWO` | `1`<br/>`2`
    check_default(entry(r, "A_TWO"), "`2`", "2");
    check_default(entry(r, "B_ONE"), "`x`", "x");  // `B_ONE`<br/>`B_TWO` | `x`
    check_default(entry(r, "B_TWO"), "`x`", "x");
    CHECK(entry(r, "B_TWO").line == 21);
  }
  SECTION("cells that are not names") {
    CHECK(count_of(r, "KAFKA_") == 0);
    CHECK(count_of(r, "KAFKA") == 0);
    CHECK(count_of(r, "Cloud") == 0);
    CHECK(count_of(r, "none") == 0);
    CHECK(count_of(r, "NOT_A_NAME_COLUMN") == 0);  // `Setting | Value`: no name column
    CHECK(count_of(r, "ROTATED_KEY") == 0);        // `Variable | Rotation strategy`
    CHECK(count_of(r, "IN_CODE_FENCE") == 0);
  }
  SECTION("default cells") {
    check_default(entry(r, "D_EMPTY"), "_empty_", "");
    check_no_default(entry(r, "D_NONE"));
    check_default(entry(r, "D_RANDOM"), "Random", "Random", false);
    check_default(entry(r, "D_READ"), "*Read description*", "*Read description*", false);
    check_default(entry(r, "D_PORT"), "0 (Random Port)", "0");
    check_default(entry(r, "D_FALLBACK"), "(falls back to `A` then `B`)", "falls back to `A` then `B`", false);
    check_default(entry(r, "D_SIZE"), "10485760 (10 MB)", "10485760");
    check_default(entry(r, "D_QUOTED"), "`\"\"`", "");
    check_default(entry(r, "D_PIPE"), "`a|b`", "a|b");
    check_default(entry(r, "D_MIXED"), "`10` in prod, `1` in dev", "10 in prod, 1 in dev", false);
  }
  SECTION("flags") {
    const auto& old = entry(r, "OLD_TIMEOUT");
    CHECK(old.section == Strings{"Configuration reference", "Deprecated settings"});
    CHECK(old.deprecated);
    CHECK_FALSE(entry(r, "APP_TLS").deprecated);
    const auto& req = entry(r, "K_REQUIRED");  // `Key | Required | Description`
    CHECK(req.required);
    CHECK_FALSE(req.default_stated);
    CHECK_FALSE(entry(r, "K_OPTIONAL").required);
    CHECK(entry(r, "K_OPTIONAL").reserved);
  }
  SECTION("a table inside a blockquote") {
    const auto& q = entry(r, "QUOTED_VAR");
    CHECK(q.line == 57);
    check_default(q, "`q`", "q");
  }
  SECTION("Legacy alias cell with several names; the same name twice on a page") {
    const auto& renamed = entry(r, "NEW_NAME");
    CHECK(renamed.aliases == Strings{"OLD_NAME", "OLDER_NAME"});
    check_default(renamed, "`v`", "v");
    REQUIRE(count_of(r, "APP_PORT") == 2);
    CHECK(entry(r, "APP_PORT", 1).line == 76);
    check_default(entry(r, "APP_PORT", 1), "`9090`", "9090");
    CHECK(entry(r, "APP_PORT", 1).aliases.empty());
  }
  SECTION("ignore comments") { CHECK(r.ignored == Strings{"LEGACY_A", "LEGACY_B"}); }
  SECTION("one heading per variable") {
    const auto& redis = entry(r, "APP_REDIS");  // #### `APP_REDIS=<url>` {#APP_REDIS}
    CHECK(redis.line == 80);
    CHECK(redis.section == Strings{"Configuration reference", "Heading-style entries"});
    CHECK(redis.description == "Redis connection URL. Defaults to `redis://localhost:6379`.");
    check_default(redis, "`redis://localhost:6379`", "redis://localhost:6379");
    const auto& workers = entry(r, "APP_WORKERS");  // "Default is 5."
    CHECK(workers.section == Strings{"Configuration reference", "Heading-style entries"});
    check_default(workers, "5", "5");
    check_default(entry(r, "APP_MODE"), "`auto`", "auto");  // "`auto` (default)"
    check_no_default(entry(r, "APP_SECRET"));                // "There is no default."
    CHECK_FALSE(entry(r, "APP_LABEL").default_value.has_value());
    CHECK_FALSE(entry(r, "APP_LABEL").default_stated);
    CHECK(count_of(r, "Troubleshooting") == 0);
    CHECK(count_of(r, "new") == 0);                 // #### `new Error(message)`
    CHECK(count_of(r, "lower_case_heading") == 0);  // headings name upper-case variables only
    check_default(entry(r, "APP_TIMEOUT_MS"), "`3000`", "3000");  // "Defaults to `3000` when unset."
    check_default(entry(r, "APP_REGION"), "the region of the host, else `us-east-1`",
                  "the region of the host, else us-east-1", false);
  }
  SECTION("lower-case names count only under an explicit env header") {
    const auto& proxy = entry(r, "http_proxy");
    CHECK(proxy.line == 124);
    CHECK(proxy.section == Strings{"Configuration reference", "Lower-case names"});
    CHECK(count_of(r, "timeout") == 0);
  }
}

TEST_CASE("MDX components, comments and tags", "[registry][markdown][mdx]") {
  Registry r = load("mdx_cases.mdx");
  CHECK(names_of(r) == Strings{"MULTI_LINE", "SELF_CLOSING", "EXPR_STRING", "EMPTY_DEFAULT", "DASH_DEFAULT",
                               "RESPONSE_NAME", "QUERY_NAME", "ACCORDION_VAR", "TAB_VAR"});
  const auto& multi = entry(r, "MULTI_LINE");
  CHECK(multi.line == 12);
  CHECK(multi.required);
  CHECK(multi.description == "Spans several lines.");
  CHECK(multi.section == Strings{"Settings"});
  check_default(multi, "multi", "multi");
  check_default(entry(r, "SELF_CLOSING"), "3000", "3000");
  CHECK(entry(r, "SELF_CLOSING").description.empty());
  check_default(entry(r, "EXPR_STRING"), "\"hello\"", "hello");
  CHECK(entry(r, "EXPR_STRING").description == "Inline description.");
  check_default(entry(r, "EMPTY_DEFAULT"), "\"\"", "");
  check_no_default(entry(r, "DASH_DEFAULT"));
  CHECK(entry(r, "DASH_DEFAULT").deprecated);
  check_default(entry(r, "RESPONSE_NAME"), "r", "r");
  check_default(entry(r, "QUERY_NAME"), "q", "q");
  const auto& acc = entry(r, "ACCORDION_VAR");  // indented table inside <Accordion>
  CHECK(acc.line == 50);
  CHECK(acc.section == Strings{"Settings", "Inside components"});
  check_default(acc, "`acc`", "acc");
  CHECK(entry(r, "TAB_VAR").line == 57);  // table directly after `<Tab title="Cache">`
  CHECK(r.ignored == Strings{"INTERNAL_ONLY"});
  REQUIRE(r.diagnostics.size() == 1);  // path="config.port" is not an env name
  CHECK(r.diagnostics[0].line == 41);
}

TEST_CASE("Markdown reader on text: line endings, BOM, empty pages", "[registry][markdown]") {
  SECTION("CRLF and a UTF-8 BOM") {
    std::string page =
        "\xEF\xBB\xBF# Vars\r\n\r\n| Variable | Default | Description |\r\n|---|---|---|\r\n| `CRLF_VAR` | `1` | x |\r\n";
    Registry r = read_markdown_registry(page, "env.md");
    REQUIRE(r.variables.size() == 1);
    CHECK(r.variables[0].name == "CRLF_VAR");
    CHECK(r.variables[0].line == 5);
    CHECK(r.variables[0].section == Strings{"Vars"});
    check_default(r.variables[0], "`1`", "1");
  }
  SECTION("a page with nothing documented warns") {
    Registry r = read_markdown_registry("# Title\n\nJust prose.\n", "env.md");
    CHECK(r.variables.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Warning);
  }
  SECTION("setext headings and tables in list items") {
    std::string page = "Vars\n====\n\n- item\n\n  | Env | Default | Description |\n  |---|---|---|\n  | `LIST_VAR` | — | x |\n";
    Registry r = read_markdown_registry(page, "env.md");
    REQUIRE(r.variables.size() == 1);
    CHECK(r.variables[0].name == "LIST_VAR");
    CHECK(r.variables[0].line == 8);
    CHECK(r.variables[0].section == Strings{"Vars"});
    check_no_default(r.variables[0]);
  }
  SECTION("HTML wrappers directly around a table") {
    std::string page =
        "# X\n\n<details>\n<summary>Advanced settings</summary>\n| Variable | Default | Description |\n"
        "|---|---|---|\n| `DETAILS_VAR` | `1` | In a details block |\n</details>\n";
    Registry r = read_markdown_registry(page, "env.md");
    REQUIRE(r.variables.size() == 1);
    CHECK(r.variables[0].name == "DETAILS_VAR");
    CHECK(r.variables[0].line == 7);
  }
  SECTION("deeply nested input does not overflow") {
    std::string deep(50000, '>');
    deep += " | Variable | Default |\n";
    std::string brackets(50000, '[');
    std::string page = deep + "\n| Variable | Default |\n|---|---|\n| `X` " + brackets + " | 1 |\n";
    Registry r = read_markdown_registry(page, "env.md");
    CHECK(count_of(r, "X") == 1);
  }
}

TEST_CASE(".env.example reader", "[registry][dotenv]") {
  Registry r = load("app.env.example");
  CHECK(names_of(r) == Strings{"SECRET_KEY", "ACCESS_TOKEN_EXPIRE_MINUTES", "DATABASE_URL", "APP_NAME", "APP_GREETING",
                               "LOG_LEVEL", "DEBUG", "EMPTY_VALUE", "QUOTED_EMPTY", "PLACEHOLDER", "API_KEY",
                               "REALTIME_INTERNAL_TOKEN", "OPTIONAL_FLAG", "CORS_ORIGINS", "MULTILINE", "JWT_SECRET",
                               "JWT_SECRET"});
  SECTION("values are defaults, quotes stripped") {
    const auto& minutes = entry(r, "ACCESS_TOKEN_EXPIRE_MINUTES");
    CHECK(minutes.line == 7);
    CHECK(minutes.section == Strings{"API"});
    check_default(minutes, "30", "30");
    check_default(entry(r, "DATABASE_URL"), "postgresql+asyncpg://aisoc:changeme@localhost:5432/aisoc",
                  "postgresql+asyncpg://aisoc:changeme@localhost:5432/aisoc");  // export KEY=value
    check_default(entry(r, "APP_NAME"), "AiSOC API", "AiSOC API");
    check_default(entry(r, "APP_GREETING"), "single quoted # not a comment", "single quoted # not a comment");
    check_default(entry(r, "LOG_LEVEL"), "info", "info");
    CHECK(entry(r, "LOG_LEVEL").description == "inline comment");
    check_default(entry(r, "DEBUG"), "False", "false");
    check_default(entry(r, "MULTILINE"), "line one\nline two", "line one\nline two");
  }
  SECTION("empty values have no default; placeholders are not comparable") {
    check_no_default(entry(r, "EMPTY_VALUE"));
    check_no_default(entry(r, "QUOTED_EMPTY"));
    check_default(entry(r, "SECRET_KEY"), "$(openssl rand -hex 32)", "$(openssl rand -hex 32)", false);
    check_default(entry(r, "PLACEHOLDER"), "<random 32+ char string>", "<random 32+ char string>", false);
    check_default(entry(r, "API_KEY"), "sk-...", "sk-...", false);
  }
  SECTION("commented-out keys count, prose comments do not") {
    const auto& token = entry(r, "REALTIME_INTERNAL_TOKEN");
    CHECK(token.line == 20);
    CHECK(token.section == Strings{"Realtime"});
    CHECK(token.description == "Set this to the realtime service's token.");
    check_default(token, "${INTERNAL_TOKEN}", "${INTERNAL_TOKEN}", false);
    check_default(entry(r, "OPTIONAL_FLAG"), "true", "true");
    CHECK(count_of(r, "lower_case") == 0);
    CHECK(count_of(r, "Set") == 0);
  }
  SECTION("flags, duplicates, ignores, diagnostics") {
    CHECK(entry(r, "SECRET_KEY").required);
    CHECK(entry(r, "CORS_ORIGINS").deprecated);
    CHECK(entry(r, "JWT_SECRET", 1).line == 30);
    check_default(entry(r, "JWT_SECRET", 1), "dup", "dup");
    CHECK(r.ignored == Strings{"SKIPPED_NAME"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].line == 28);
  }
}

TEST_CASE("read_registry_file picks the reader by name and reports unreadable files", "[registry][file]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("envdrift_registry_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  };
  const std::string dotenv = "A_KEY=1\n";
  const std::string markdown = "| Variable | Default |\n|---|---|\n| `MD_KEY` | `2` |\n";

  SECTION("dotenv names") {
    for (const char* name : {".env.example", ".env.sample", ".env.template", ".env", "prod.env", "svc.env.example",
                             ".env.local.example", "env.example"}) {
      INFO(name);
      Registry r = read_registry_file(write(name, dotenv), name);
      REQUIRE(r.variables.size() == 1);
      CHECK(r.variables[0].name == "A_KEY");
      CHECK(r.file == name);
    }
  }
  SECTION("Markdown names") {
    for (const char* name : {"env.md", "ENV.MDX", "vars.markdown"}) {
      INFO(name);
      Registry r = read_registry_file(write(name, markdown), name);
      REQUIRE(r.variables.size() == 1);
      CHECK(r.variables[0].name == "MD_KEY");
    }
  }
  SECTION("errors") {
    std::string missing = (dir / "nope.md").string();
    try {
      read_registry_file(missing, "nope.md");
      FAIL("no error for a missing file");
    } catch (const RegistryError& e) {
      CHECK(e.message == "cannot read registry file " + missing + ": No such file or directory");
    }
    CHECK_THROWS_AS(read_registry_file(write("vars.txt", dotenv), "vars.txt"), RegistryError);
    CHECK_THROWS_AS(read_registry_file(dir.string(), "dir"), RegistryError);
  }
  fs::remove_all(dir);
}

TEST_CASE("JSON registry: name, default, description, service, aliases, flags, lines", "[registry][structured]") {
  Registry r = load("structured.json");
  CHECK(names_of(r) == Strings{"KAFKA_TOPIC", "APP_PORT", "DEBUG", "API_TOKEN", "LOG_LEVEL"});
  const auto& topic = entry(r, "KAFKA_TOPIC");
  check_default(topic, "security.events", "security.events");
  CHECK(topic.section == Strings{"Ingest service"});
  CHECK(topic.description == "Topic the ingest service publishes to.");
  CHECK(topic.line == 3);
  CHECK(topic.file == "docs/structured.json");
  const auto& port = entry(r, "APP_PORT");
  check_default(port, "8080", "8080");
  CHECK(port.required);
  CHECK(port.line == 5);
  const auto& debug = entry(r, "DEBUG");
  check_default(debug, "false", "false");
  CHECK(debug.aliases == Strings{"APP_DEBUG"});
  CHECK(debug.deprecated);
  CHECK_FALSE(debug.required);
  check_no_default(entry(r, "API_TOKEN"));
  CHECK_FALSE(entry(r, "LOG_LEVEL").default_stated);  // no `default` key: unknown
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].message == "registry entry without a string `name`; skipped");

  Registry bad = read_json_registry("{\"variables\": [", "x.json");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].severity == Diagnostic::Severity::Error);
  CHECK(bad.diagnostics[0].message.rfind("invalid JSON registry", 0) == 0);
}

TEST_CASE("YAML registry: a list of entries and a map keyed by name", "[registry][structured]") {
  Registry r = load("structured.yaml");
  CHECK(names_of(r) == Strings{"KAFKA_TOPIC", "APP_PORT", "DEBUG", "API_TOKEN", "LOG_LEVEL", "EMPTY_STRING"});
  const auto& topic = entry(r, "KAFKA_TOPIC");
  check_default(topic, "security.events", "security.events");
  CHECK(topic.section == Strings{"Ingest service"});
  CHECK(topic.description == "Topic the ingest service publishes to.");
  CHECK(topic.line == 2);
  check_default(entry(r, "APP_PORT"), "8080", "8080");
  CHECK(entry(r, "APP_PORT").required);
  CHECK(entry(r, "APP_PORT").line == 6);
  const auto& debug = entry(r, "DEBUG");
  check_default(debug, "False", "false");
  CHECK(debug.aliases == Strings{"APP_DEBUG"});
  CHECK(debug.deprecated);
  check_no_default(entry(r, "API_TOKEN"));
  CHECK_FALSE(entry(r, "LOG_LEVEL").default_stated);
  check_default(entry(r, "EMPTY_STRING"), "", "");
  CHECK(r.diagnostics.empty());

  Registry m = load("structured_map.yml");
  CHECK(names_of(m) == Strings{"APP_PORT", "REDIS_URL", "API_TOKEN"});
  check_default(entry(m, "APP_PORT"), "8080", "8080");
  CHECK(entry(m, "APP_PORT").line == 1);
  check_default(entry(m, "REDIS_URL"), "redis://localhost:6379", "redis://localhost:6379");
  CHECK(entry(m, "REDIS_URL").description == "Cache connection.");
  CHECK(entry(m, "REDIS_URL").line == 3);
  check_no_default(entry(m, "API_TOKEN"));

  Registry bad = read_yaml_registry("- name: [unclosed\n", "x.yaml");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].message.rfind("invalid YAML registry", 0) == 0);
}

TEST_CASE("JSON/YAML registry list items that are not entries are skipped with a warning on their line", "[registry][structured]") {
  // Before: null, a number or a string in the list became nameless entries (unread + duplicate,
  // exit 1, no warning), and every JSON diagnostic said line 0.
  Registry j = read_json_registry("{\n \"variables\": [\n  {\"name\": \"A\"},\n  null,\n  5,\n  \"B_X\",\n  \"not a name!\",\n"
                                  "  {\"default\": 1}\n ]\n}\n",
                                  "x.json");
  CHECK(names_of(j) == Strings{"A", "B_X"});
  CHECK(entry(j, "A").line == 3);
  CHECK(entry(j, "B_X").line == 6);
  CHECK_FALSE(entry(j, "B_X").default_stated);
  REQUIRE(j.diagnostics.size() == 4);
  CHECK(j.diagnostics[0].line == 4);
  CHECK(j.diagnostics[0].message == "registry list item is null, not an entry with a `name`; skipped");
  CHECK(j.diagnostics[1].line == 5);
  CHECK(j.diagnostics[1].message == "registry list item is a number, not an entry with a `name`; skipped");
  CHECK(j.diagnostics[2].line == 7);
  CHECK(j.diagnostics[2].message == "registry list item is a string, not an entry with a `name`; skipped");
  CHECK(j.diagnostics[3].line == 8);
  CHECK(j.diagnostics[3].message == "registry entry without a string `name`; skipped");

  Registry top = read_json_registry("[\n  null,\n  {\n    \"default\": \"x\",\n    \"name\": \"C\"\n  }\n]\n", "x.json");
  CHECK(names_of(top) == Strings{"C"});
  CHECK(entry(top, "C").line == 5);  // the line of its name
  REQUIRE(top.diagnostics.size() == 1);
  CHECK(top.diagnostics[0].line == 2);

  Registry map = read_json_registry("{\n  \"A\": \"1\",\n  \"B\": [1]\n}\n", "x.json");
  CHECK(names_of(map) == Strings{"A"});
  CHECK(entry(map, "A").line == 2);
  REQUIRE(map.diagnostics.size() == 1);
  CHECK(map.diagnostics[0].line == 3);
  CHECK(map.diagnostics[0].message == "registry entry `B` is a list; skipped");

  Registry bad = read_json_registry("{\n  \"variables\": [\n    {\"name\": }\n", "x.json");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].line == 3);

  Registry y = read_yaml_registry("variables:\n  - name: A\n  - null\n  - 5\n  - B_X\n  - ~\n", "x.yaml");
  CHECK(names_of(y) == Strings{"A", "B_X"});
  REQUIRE(y.diagnostics.size() == 3);
  CHECK(y.diagnostics[0].line == 3);
  CHECK(y.diagnostics[0].message == "registry list item is null, not an entry with a `name`; skipped");
  CHECK(y.diagnostics[1].line == 4);
  CHECK(y.diagnostics[1].message == "registry list item is a scalar, not an entry with a `name`; skipped");
  CHECK(y.diagnostics[2].line == 6);
}

TEST_CASE("a YAML registry nested too deep is a clear error, not \"bad file\"", "[registry][structured]") {
  Registry r = read_yaml_registry("a: " + std::string(5000, '[') + std::string(5000, ']') + "\n", "x.yaml");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Error);
  CHECK(r.diagnostics[0].message == "invalid YAML registry: nested deeper than 500 levels");
  CHECK(r.diagnostics[0].line == 1);
  Registry j = read_json_registry("{\"A\": " + std::string(5000, '[') + std::string(5000, ']') + "}", "x.json");
  REQUIRE(j.diagnostics.size() == 1);  // nlohmann parses iteratively; the value is a list
  CHECK(j.diagnostics[0].message == "registry entry `A` is a list; skipped");
}

TEST_CASE(".env.template is a dotenv registry, and commented keys count", "[registry][dotenv]") {
  Registry r = load(".env.template");
  CHECK(names_of(r) == Strings{"APP_PORT", "REDIS_URL", "API_TOKEN"});
  check_default(entry(r, "APP_PORT"), "8080", "8080");
  check_default(entry(r, "REDIS_URL"), "redis://localhost:6379", "redis://localhost:6379");
  CHECK(entry(r, "REDIS_URL").line == 3);
  check_no_default(entry(r, "API_TOKEN"));
}

// Headings with an attribute list (Python-Markdown's attr_list and kramdown write `{: #ID }`,
// Pandoc `{#ID .class}`) and a parenthesised remark: healthchecks' 101-heading configuration page
// yielded 5 entries before, mathesar's `` ### `POSTGRES_PORT` (optional) `` none.
TEST_CASE("variable headings with attribute lists and parenthesised remarks", "[registry][markdown]") {
  std::string page =
      "# Server Configuration\n\n"
      "## `ADMINS` {: #ADMINS }\n\nDefault: `\"\"` (empty string)\n\nA list of addresses.\n\n"
      "## `DB_PASSWORD_FILE` {: #DB_PASSWORD_FILE }\n\nDefault: `None`\n\nA file holding the password.\n\n"
      "### `POSTGRES_PORT` (optional)\n\nDefault: `5432`\n\n"
      "## `CACHE_URL` {#cache-url .env}\n\nWhere the cache is.\n\n"
      "## Using `ADMINS` (with care)\n\nNot a variable heading.\n";
  Registry r = envdrift::read_markdown_registry(page, "env.md");
  std::vector<std::string> names;
  for (const auto& v : r.variables) names.push_back(v.name);
  CHECK(names == std::vector<std::string>{"ADMINS", "DB_PASSWORD_FILE", "POSTGRES_PORT", "CACHE_URL"});
  REQUIRE(r.variables.size() == 4);
  CHECK(r.variables[0].line == 3);
  REQUIRE(r.variables[0].default_value);
  CHECK(r.variables[0].default_value->value.empty());
  REQUIRE(r.variables[2].default_value);
  CHECK(r.variables[2].default_value->value == "5432");
}

// A heading whose code span gives the name and then the syntax of its value, man-page style
// (curl's docs/cmdline-opts/_ENVIRONMENT.md): the name is the first word. A lower-case name is
// taken there only with an underscore; a word followed by anything but a placeholder is not a name.
TEST_CASE("variable headings naming the value's syntax after the name", "[registry][markdown]") {
  std::string page =
      "# ENVIRONMENT\n\n"
      "## `http_proxy [protocol://]<host>[:port]`\n\nSets the proxy for HTTP.\n\n"
      "## `NO_PROXY <comma-separated list of hosts/domains>`\n\nHosts not to proxy.\n\n"
      "## `CURL_HOME <directory>`\n\nThe home directory.\n\n"
      "## `SHELL`\n\nUsed on VMS.\n\n"
      "## `[url-protocol]_PROXY [protocol://]<host>[:port]`\n\nA family of names: not one variable.\n\n"
      "## `login <user>`\n\nA command, not a variable.\n\n"
      "## `RETRIES then more words`\n\nNot a syntax: not a variable heading.\n";
  Registry r = envdrift::read_markdown_registry(page, "env.md");
  std::vector<std::string> names;
  for (const auto& v : r.variables) names.push_back(v.name);
  CHECK(names == std::vector<std::string>{"http_proxy", "NO_PROXY", "CURL_HOME", "SHELL"});
  REQUIRE(r.variables.size() == 4);
  CHECK(r.variables[1].line == 7);
}
