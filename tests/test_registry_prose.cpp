// Registry readers on prose shapes: attribute lines and lists under a heading, group rows,
// defaults stated in prose, and malformed input. Fixtures live in fixtures/registry/.
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

TEST_CASE("attribute lines under a heading, variable lists, group rows, defaults in descriptions",
          "[registry][markdown][attributes]") {
  Registry r = load("attribute_lists.md");
  CHECK(names_of(r) == Strings{"INTRO_VAR", "APP_LOG_LEVEL", "APP_LOG_FORMAT", "APP_LOG_FILE", "APP_OTLP_ENDPOINT",
                               "APP_SAMPLE_RATE", "APP_PORT", "APP_HOST", "APP_BACKLOG", "APP_TLS_CERT",
                               "APP_WORKERS", "APP_GRACE_SECONDS", "SMTP_HOST", "SMTP_PORT", "OAUTH_CLIENT_ID",
                               "MAIL_MAX_SIZE", "MAIL_BUFFER", "MAIL_RETENTION", "MAIL_PROVIDER", "MAIL_LEVEL"});
  const Strings logging{"Configuration", "Logging"};

  SECTION("`- Name:` / `- Default:` / `- Required:` bullets: the bullet's name wins over the heading") {
    const auto& level = entry(r, "APP_LOG_LEVEL");  // ### Log level
    CHECK(level.line == 11);
    CHECK(level.section == logging);
    CHECK(level.aliases.empty());  // "Log level" is not a name
    check_default(level, "`info`", "info");
    CHECK(level.required);
    CHECK_FALSE(level.deprecated);
    CHECK(level.description == "How much the service logs.");
    const auto& format = entry(r, "APP_LOG_FORMAT");  // ### LOG_FORMAT, - Env:, - **Default:**, - Deprecated
    CHECK(format.line == 19);
    CHECK(format.section == logging);
    CHECK(format.aliases == Strings{"LOG_FORMAT"});  // the heading is itself a name: an alias
    check_default(format, "`json`", "json");
    CHECK(format.deprecated);
    CHECK_FALSE(format.required);
    CHECK(count_of(r, "LOG_FORMAT") == 0);
  }
  SECTION("several Name bullets under one heading are one entry with aliases") {
    const auto& file = entry(r, "APP_LOG_FILE");
    CHECK(file.line == 25);
    CHECK(file.aliases == Strings{"LOG_FILE", "APP_LOGFILE"});
    check_no_default(file);  // "Default: none"
    CHECK_FALSE(file.required);  // "Required: no"
    CHECK(count_of(r, "LOG_FILE") == 0);
    CHECK(count_of(r, "APP_LOGFILE") == 0);
  }
  SECTION("a definition list names the variable and its attributes") {
    const auto& otlp = entry(r, "APP_OTLP_ENDPOINT");
    CHECK(otlp.line == 34);
    CHECK(otlp.section == logging);
    CHECK(otlp.aliases.empty());
    check_default(otlp, "`http://localhost:4317`", "http://localhost:4317");
    CHECK(otlp.deprecated);
  }
  SECTION("a heading variable takes its default from a Default bullet") {
    const auto& rate = entry(r, "APP_SAMPLE_RATE");
    CHECK(rate.line == 47);
    check_default(rate, "`0.5`", "0.5");
    CHECK(rate.description == "Sampling ratio for traces.");
    CHECK(rate.aliases.empty());
    CHECK(count_of(r, "Not") == 0);  // "- Name: the telemetry exporter" names nothing
  }
  SECTION("list items that start with a name are entries") {
    const Strings server{"Configuration", "Server"};
    const auto& port = entry(r, "APP_PORT");
    CHECK(port.line == 55);
    CHECK(port.section == server);
    CHECK(port.description == "port to listen on (default: `8080`)");
    check_default(port, "`8080`", "8080");
    const auto& host = entry(r, "APP_HOST");  // **APP_HOST**: ... Defaults to 0.0.0.0.
    CHECK(host.line == 56);
    CHECK(host.description == "interface to bind. Defaults to 0.0.0.0.");
    check_default(host, "0.0.0.0", "0.0.0.0");
    const auto& backlog = entry(r, "APP_BACKLOG");  // nested attribute bullets
    CHECK(backlog.line == 57);
    check_default(backlog, "`128`", "128");
    CHECK(backlog.aliases == Strings{"BACKLOG"});
    check_no_default(entry(r, "APP_TLS_CERT"));  // "no default."
    check_default(entry(r, "APP_WORKERS"), "`4`", "4");
    const auto& grace = entry(r, "APP_GRACE_SECONDS");  // an ordered list
    CHECK(grace.line == 66);
    check_default(grace, "30", "30");
    CHECK(entry(r, "INTRO_VAR").section.empty());  // before the first heading
    check_default(entry(r, "INTRO_VAR"), "`intro`", "intro");
  }
  SECTION("list items that do not start with a name followed by a separator are prose") {
    CHECK(count_of(r, "DATABASE_URL") == 0);    // "`DATABASE_URL` must be set"
    CHECK(count_of(r, "NOTE") == 0);            // **NOTE**: bold needs an underscore, as in headings
    CHECK(count_of(r, "lower_case_var") == 0);  // names are upper-case
  }
  SECTION("group-header rows label the rows below them; non-name cells are noted") {
    CHECK(count_of(r, "SMTP") == 0);
    CHECK(count_of(r, "OAUTH") == 0);
    const auto& host = entry(r, "SMTP_HOST");
    CHECK(host.line == 73);
    CHECK(host.section == Strings{"Configuration", "Mail", "SMTP"});
    check_default(host, "`localhost`", "localhost");  // "Defaults to" in the description cell
    check_default(entry(r, "SMTP_PORT"), "25", "25");   // "(default: 25)"
    const auto& client = entry(r, "OAUTH_CLIENT_ID");   // after `| **OAUTH** |` spanning the table
    CHECK(client.section == Strings{"Configuration", "Mail", "OAUTH"});
    CHECK_FALSE(client.default_value.has_value());
    CHECK_FALSE(client.default_stated);
    CHECK(entry(r, "MAIL_MAX_SIZE").section == Strings{"Configuration", "Mail", "Limits"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Note);
    CHECK(r.diagnostics[0].line == 77);
    CHECK(r.diagnostics[0].message == "row 6: `Cloud provider keys` is not a variable name, skipped");
  }
  SECTION("default cells: separators, escapes, notes, prose") {
    check_default(entry(r, "MAIL_MAX_SIZE"), "25,000", "25000");
    check_default(entry(r, "MAIL_BUFFER"), "4 \\* 1024", "4096");
    check_default(entry(r, "MAIL_RETENTION"), "604800 (1 week)", "604800");
    check_default(entry(r, "MAIL_PROVIDER"), "Provider default", "Provider default", false);
    check_default(entry(r, "MAIL_LEVEL"), "`info`", "info");
  }
}

TEST_CASE("heading-per-variable page: defaults stated in varied prose", "[registry][markdown][defaults]") {
  Registry r = load("heading_defaults.md");
  REQUIRE(r.variables.size() == 36);
  struct Expected {
    const char* name;
    const char* raw;    // nullptr: no default stated
    const char* value;  // nullptr with raw: "no default" stated
    bool comparable;
  };
  const Expected expected[] = {
      {"SVC_DB_TYPE", "`h2`", "h2", true},
      {"SVC_DB_HOST", "`localhost`", "localhost", true},
      {"SVC_DB_PORT", "5432", "5432", true},
      {"SVC_DB_POOL", "`10`", "10", true},
      {"SVC_LOG_LEVEL", "`info`", "info", true},
      {"SVC_LOG_FORMAT", "`text`", "text", true},
      {"SVC_LOG_COLOR", "`auto`", "auto", true},
      {"SVC_TIMEZONE", "`UTC`", "UTC", true},
      {"SVC_SITE_URL", "`http://localhost:3000`", "http://localhost:3000", true},
      {"SVC_CACHE_TTL", "`300`", "300", true},
      {"SVC_CACHE_SIZE", "`5 * 1024`", "5120", true},
      {"SVC_CACHE_DIR", "`/var/cache/svc`", "/var/cache/svc", true},
      {"SVC_MAX_UPLOAD", "`25,000`", "25000", true},
      {"SVC_WORKERS", "the number of CPUs", "the number of CPUs", false},
      {"SVC_QUEUE", "`jobs`", "jobs", true},
      {"SVC_RETRIES", "`3`", "3", true},
      {"SVC_BACKOFF_MS", "`60 * 1000`", "60000", true},
      {"SVC_TLS", "`False`", "false", true},
      {"SVC_TOKEN_PREFIX", "`\"\"`", "", true},
      {"SVC_REGION", "`eu-west-1`", "eu-west-1", true},
      {"SVC_TRACE_RATIO", "`0.1`", "0.1", true},
      {"SVC_METRICS_PORT", "`9090`", "9090", true},
      {"SVC_SESSION_SECRET", "", nullptr, true},  // "There is no default."
      {"SVC_ADMIN_EMAIL", "", nullptr, true},     // "Default: none"
      {"SVC_SMTP_URL", nullptr, nullptr, true},
      {"SVC_FEATURE_FLAGS", nullptr, nullptr, true},  // "Set `beta` to try new features."
      {"SVC_PLUGIN_DIR", nullptr, nullptr, true},     // "overrides the default plugin search path"
      {"SVC_DEBUG", nullptr, nullptr, true},          // "Set to `true` to log request bodies."
      {"SVC_LOCALE", "en", "en", true},
      {"SVC_THEME", "`light` (can be changed per user)", "light", true},
      {"SVC_KEEPALIVE", "`75`", "75", true},
      {"SVC_SHUTDOWN_GRACE", "30", "30", true},  // an indented block
      {"SVC_CORS_ORIGINS", "the site URL", "the site URL", false},
      {"SVC_HEALTH_PATH", "`\"/healthz\"`", "/healthz", true},
      {"SVC_INSTANCE_ID", "Built-in ID", "Built-in ID", false},
      {"SVC_RATE_LIMIT", "1,200", "1200", true},
  };
  int stated = 0, extracted = 0;
  for (size_t k = 0; k < std::size(expected); ++k) {
    const Expected& e = expected[k];
    const DocVariable& v = r.variables[k];
    INFO(e.name);
    REQUIRE(v.name == e.name);
    CHECK(v.section == Strings{"Environment variables", "Core"});
    if (e.raw == nullptr) {  // nothing stated: nothing invented
      CHECK_FALSE(v.default_value.has_value());
      CHECK_FALSE(v.default_stated);
      continue;
    }
    ++stated;
    if (e.value == nullptr) {
      check_no_default(v);
      extracted += !v.default_value && v.default_stated;
      continue;
    }
    check_default(v, e.raw, e.value, e.comparable);
    extracted += v.default_value && v.default_value->raw == e.raw && v.default_value->value == e.value;
  }
  CHECK(stated == 32);
  CHECK(extracted * 100 >= stated * 90);  // the bar: at least 90% of stated defaults
  CHECK(extracted == stated);
  CHECK(entry(r, "SVC_DB_TYPE").description == "The application database type.");
  CHECK(entry(r, "SVC_SMTP_URL").required);
  CHECK(entry(r, "SVC_LOCALE").line == 128);
  CHECK(r.diagnostics.empty());
}

TEST_CASE("attribute lines and list items on malformed input", "[registry][markdown][attributes]") {
  SECTION("unclosed markup and empty attributes name nothing") {
    std::string page =
        "# Vars\n\n- `UNCLOSED_CODE — x\n- **UNCLOSED_BOLD: x\n- Name:\n- Default: `1`\n\n: `ORPHAN_DEFINITION`\n\n"
        "### Only a default\n\n- Default: `2`\n";
    Registry r = read_markdown_registry(page, "env.md");
    CHECK(r.variables.empty());
    // No entry, so the page falls back to the names it mentions (never unread), with a note.
    std::vector<std::string> mentioned;
    for (const auto& m : r.mentioned) mentioned.push_back(m.name);
    CHECK(mentioned == Strings{"UNCLOSED_CODE", "UNCLOSED_BOLD", "ORPHAN_DEFINITION"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Note);
  }
  SECTION("deeply nested lists are walked without recursion") {
    std::string page = "# Vars\n\n";
    for (int depth = 0; depth < 5000; ++depth) page += std::string(static_cast<size_t>(depth) * 2, ' ') + "- x\n";
    page += "\n- `DEEP_AFTER` — after the nesting (default: `1`)\n";
    Registry r = read_markdown_registry(page, "env.md");
    REQUIRE(names_of(r) == Strings{"DEEP_AFTER"});
    check_default(r.variables[0], "`1`", "1");
  }
  SECTION("a table row with a prose name cell is noted with its row number") {
    Registry r = read_markdown_registry(
        "| Variable | Default |\n|---|---|\n| `A_VAR` | `1` |\n| see [the list](#x) | - |\n", "env.md");
    CHECK(names_of(r) == Strings{"A_VAR"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].line == 4);
    CHECK(r.diagnostics[0].message == "row 2: `see the list` is not a variable name, skipped");
  }
}

TEST_CASE("a page with no entries: the names it mentions, in prose, code spans and code blocks", "[registry][markdown]") {
  std::string page =
      "# Storage\n"                                              // 1
      "\n"                                                       // 2
      "Set `ATHENS_STORAGE_TYPE` to choose a backend; HTTP and JSON are not names.\n"  // 3
      "\n"                                                       // 4
      "```toml\n"                                                // 5
      "# Env override: ATHENS_DISK_STORAGE_ROOT\n"               // 6
      "StorageType = \"memory\" # ATHENS_STORAGE_TYPE again\n"   // 7
      "```\n"                                                    // 8
      "    --debug, -d   enable debug logging [$NTFY_DEBUG]\n"   // 9
      "Not names: _LEADING, TRAILING_, DOUBLE__SCORE, lower_case, A1.\n";  // 10
  Registry r = read_markdown_registry(page, "docs/storage.md");
  CHECK(r.variables.empty());
  REQUIRE(r.mentioned.size() == 3);
  CHECK(r.mentioned[0].name == "ATHENS_STORAGE_TYPE");
  CHECK(r.mentioned[0].line == 3);
  CHECK(r.mentioned[1].name == "ATHENS_DISK_STORAGE_ROOT");
  CHECK(r.mentioned[1].line == 6);
  CHECK(r.mentioned[2].name == "NTFY_DEBUG");
  CHECK(r.mentioned[2].line == 9);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Note);
  CHECK(r.diagnostics[0].line == 3);
  CHECK(r.diagnostics[0].message.find("the 3 names the page mentions count as documented") != std::string::npos);

  SECTION("a page with entries keeps only its entries") {
    Registry t = read_markdown_registry("| Variable | Default |\n|---|---|\n| `PORT` | `80` |\n\nSee also `OTHER_NAME`.\n",
                                        "docs/env.md");
    CHECK(t.variables.size() == 1);
    CHECK(t.mentioned.empty());
  }
  SECTION("a page that names nothing still warns") {
    Registry t = read_markdown_registry("# Config\n\nNothing to see.\n", "docs/env.md");
    CHECK(t.mentioned.empty());
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(t.diagnostics[0].severity == Diagnostic::Severity::Warning);
  }
}
