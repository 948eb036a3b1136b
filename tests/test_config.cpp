// .envdrift.toml parsing: every key of SPEC section 2, and clear errors with the line.
#include <catch2/catch.hpp>

#include "cli/config.h"
#include "tests/support.h"

using namespace envdrift;

TEST_CASE("a full config is parsed", "[config]") {
  Config c = parse_config(R"(
registry = ["docs/env-vars.md", ".env.example"]
include  = ["services/**"]
exclude  = ["**/tests/**"]
fail_on  = ["undocumented", "dynamic"]

[[service]]
name = "ingest"
roots = ["services/ingest/", "./libs/ingest"]
doc_section = "Ingest service"

[ignore]
names = ["NODE_ENV", "VITEST"]
)", "/repo/.envdrift.toml");
  CHECK(c.dir == "/repo");
  CHECK(c.registry == std::vector<std::string>{"docs/env-vars.md", ".env.example"});
  CHECK(c.include == std::vector<std::string>{"services/**"});
  CHECK(c.exclude == std::vector<std::string>{"**/tests/**"});
  REQUIRE(c.services.size() == 1);
  CHECK(c.services[0].name == "ingest");
  CHECK(c.services[0].roots == std::vector<std::string>{"services/ingest", "libs/ingest"});
  CHECK(c.services[0].doc_section == "Ingest service");
  CHECK(c.ignore_names == std::vector<std::string>{"NODE_ENV", "VITEST"});
  CHECK(c.fail_on == std::vector<FindingKind>{FindingKind::Undocumented, FindingKind::Dynamic});
}

TEST_CASE("config errors name the file and line", "[config]") {
  auto message = [](const std::string& text) {
    try {
      parse_config(text, "/r/.envdrift.toml");
    } catch (const ConfigError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(message("registry = [\"a.md\"\ninclude = 3\n").rfind("/r/.envdrift.toml:2:", 0) == 0);
  CHECK(message("registry = [\"a.md\"\ninclude = 3\n").find("invalid TOML") != std::string::npos);
  CHECK(message("\nregisty = [\"a.md\"]\n") == "/r/.envdrift.toml:2:1: unknown key `registy`");
  CHECK(message("include = [1]\n").find("`include` must be a list of strings") != std::string::npos);
  CHECK(message("[[service]]\nroots = [\"a\"]\n").find("needs a non-empty `name`") != std::string::npos);
  CHECK(message("[[service]]\nname = \"a\"\nroot = [\"a\"]\n") == "/r/.envdrift.toml:3:1: unknown key `root` in [[service]]");
  CHECK(message("fail_on = [\"nope\"]\n").find("unknown finding kind `nope`") != std::string::npos);
  CHECK(message("\ntemplate_values = \"maybe\"\n") == "/r/.envdrift.toml:2:19: `template_values` must be \"examples\" or \"defaults\"");
}

TEST_CASE("template_values says whether .env template values are defaults", "[config]") {
  CHECK_FALSE(parse_config("", "/r/.envdrift.toml").template_values_are_defaults);
  CHECK_FALSE(parse_config("template_values = \"examples\"\n", "/r/.envdrift.toml").template_values_are_defaults);
  CHECK(parse_config("template_values = \"defaults\"\n", "/r/.envdrift.toml").template_values_are_defaults);
}

TEST_CASE("the config is found upward from the first path", "[config]") {
  envdrift::test::TempTree t;
  t.write(".envdrift.toml", "registry = []\n");
  t.write("services/api/src/a.ts", "");
  auto found = find_config(t.abs("services/api/src/a.ts"));
  REQUIRE(found);
  CHECK(*found == t.abs(".envdrift.toml"));
  CHECK(find_config(t.abs("services/api")) == found);
}

TEST_CASE("[docs] columns choose the generated table's columns", "[config][docs]") {
  Config c = parse_config("[docs]\ncolumns = [\"name\", \"default\", \"description\"]\n", "/repo/.envdrift.toml");
  CHECK(c.docs_columns == std::vector<DocsColumn>{DocsColumn::Name, DocsColumn::Default, DocsColumn::Description});
  CHECK(parse_config("", "/repo/.envdrift.toml").docs_columns.empty());
  auto error_of = [](const std::string& text) {
    try {
      parse_config(text, "/r/.envdrift.toml");
    } catch (const ConfigError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(error_of("[docs]\ncolumns = [\"name\", \"owner\"]\n") ==
        "/r/.envdrift.toml:2:11: unknown docs column `owner` (expected name, default, read_by, description)");
  CHECK(error_of("[docs]\ncolumn = [\"name\"]\n") == "/r/.envdrift.toml:2:1: unknown key `column` in [docs]");
  CHECK(error_of("docs = 3\n") == "/r/.envdrift.toml:1:8: `docs` must be a table: [docs]");
}

TEST_CASE("[[allow]] entries: name and reason required, kind and service optional", "[config][baseline]") {
  Config c = parse_config(R"([[allow]]
name = "LEGACY_URL"
kind = "unread"
reason = "kept for the v1 clients"

[[allow]]
name = "DEBUG_SQL"
service = "api"
reason = "local debugging only"
)", "/repo/.envdrift.toml");
  REQUIRE(c.allow.size() == 2);
  CHECK(c.allow[0].name == "LEGACY_URL");
  CHECK(c.allow[0].kind == FindingKind::Unread);
  CHECK_FALSE(c.allow[0].service.has_value());
  CHECK(c.allow[0].reason == "kept for the v1 clients");
  CHECK(c.allow[1].name == "DEBUG_SQL");
  CHECK_FALSE(c.allow[1].kind.has_value());
  CHECK(c.allow[1].service == std::optional<std::string>("api"));
  CHECK(c.allow[1].reason == "local debugging only");
  CHECK(parse_config("", "/repo/.envdrift.toml").allow.empty());
}

TEST_CASE("[[allow]] errors name the file, line and column", "[config][baseline]") {
  auto error_of = [](const std::string& text) {
    try {
      parse_config(text, "/r/.envdrift.toml");
    } catch (const ConfigError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(error_of("\n[[allow]]\nname = \"X\"\n") == "/r/.envdrift.toml:2:1: [[allow]] `X` needs a `reason`");
  CHECK(error_of("[[allow]]\nreason = \"why\"\n") == "/r/.envdrift.toml:1:1: [[allow]] needs a `name`");
  CHECK(error_of("[[allow]]\nname = \"X\"\nreason = \"  \"\n") ==
        "/r/.envdrift.toml:3:10: `reason` in [[allow]] `X` must be a non-empty string");
  CHECK(error_of("[[allow]]\nname = \"X\"\nkind = \"typo\"\nreason = \"r\"\n") ==
        "/r/.envdrift.toml:3:8: unknown finding kind `typo` in [[allow]]");
  CHECK(error_of("[[allow]]\nname = \"X\"\nreason = \"r\"\nwhy = 1\n") ==
        "/r/.envdrift.toml:4:1: unknown key `why` in [[allow]]");
  CHECK(error_of("allow = 3\n") == "/r/.envdrift.toml:1:9: `allow` must be an array of tables: [[allow]]");
}
