// [[helper]] declarations (SPEC section 2): parsed with clear errors, and a wrapper outside the
// tree that the config declares is a read at each call (TypeScript here; the Python and Go
// frontends have their own tests of the same declarations).
#include <catch2/catch.hpp>

#include <map>

#include <nlohmann/json.hpp>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/driver.h"
#include "cli/config.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::describe_reads;
using envdrift::test::TempTree;

namespace {

std::string config_error(const std::string& text) {
  try {
    parse_config(text, "/r/.envdrift.toml");
  } catch (const ConfigError& e) {
    return e.message;
  }
  return "";
}

}  // namespace

TEST_CASE("[[helper]] tables are parsed", "[declared_helpers][config]") {
  Config c = parse_config(R"(
[[helper]]
language = "python"
function = "settings.get_env"
name_arg = 0
default_arg = 1

[[helper]]
language = "typescript"
function = "@acme/env.loadEnv"
env_object = true
)", "/repo/.envdrift.toml");
  REQUIRE(c.helpers.size() == 2);
  CHECK(c.helpers[0].language == Language::Python);
  CHECK(c.helpers[0].function == "settings.get_env");
  CHECK(c.helpers[0].name_arg == 0);
  CHECK(c.helpers[0].default_arg == 1);
  CHECK_FALSE(c.helpers[0].env_object);
  CHECK(c.helpers[0].origin == ".envdrift.toml:2");
  CHECK(c.helpers[1].language == Language::TypeScript);
  CHECK(c.helpers[1].env_object);
  CHECK(c.helpers[1].name_arg == -1);
}

TEST_CASE("[[helper]] errors name the line and what is wrong", "[declared_helpers][config]") {
  CHECK(config_error("[[helper]]\nfunction = \"f\"\nname_arg = 0\n") ==
        "/r/.envdrift.toml:1:1: [[helper]] needs a `language` (typescript, javascript, python, go, c, cpp)");
  CHECK(config_error("[[helper]]\nlanguage = \"ruby\"\nfunction = \"f\"\nname_arg = 0\n") ==
        "/r/.envdrift.toml:2:12: unknown language `ruby` in [[helper]] (expected typescript, javascript, python, go, c, cpp)");
  CHECK(config_error("[[helper]]\nlanguage = \"go\"\nname_arg = 0\n") ==
        "/r/.envdrift.toml:1:1: [[helper]] needs a non-empty `function` (its qualified name)");
  CHECK(config_error("[[helper]]\nlanguage = \"go\"\nfunction = \"cfg.Get\"\n") ==
        "/r/.envdrift.toml:1:1: [[helper]] `cfg.Get` needs `name_arg` (or `env_object = true`)");
  CHECK(config_error("[[helper]]\nlanguage = \"go\"\nfunction = \"cfg.Get\"\nname_arg = -1\n") ==
        "/r/.envdrift.toml:4:12: `name_arg` in [[helper]] must be an argument index (0, 1, ...)");
  CHECK(config_error("[[helper]]\nlanguage = \"go\"\nfunction = \"cfg.Get\"\nname_arg = 0\ndefault_arg = 0\n") ==
        "/r/.envdrift.toml:1:1: [[helper]] `cfg.Get`: `default_arg` and `name_arg` are the same argument");
  CHECK(config_error("[[helper]]\nlanguage = \"go\"\nfunction = \"cfg.Env\"\nenv_object = true\nname_arg = 0\n") ==
        "/r/.envdrift.toml:1:1: [[helper]] `cfg.Env`: `env_object = true` takes no `name_arg`/`default_arg`");
  CHECK(config_error("[[helper]]\nlanguage = \"go\"\nfunction = \"f\"\nname_arg = 0\nnames = 1\n") ==
        "/r/.envdrift.toml:5:1: unknown key `names` in [[helper]]");
  CHECK(config_error("helper = 3\n") == "/r/.envdrift.toml:1:10: `helper` must be an array of tables: [[helper]]");
}

TEST_CASE("declared helpers match by dotted suffix, most specific first", "[declared_helpers]") {
  std::vector<DeclaredHelper> hs(3);
  hs[0] = {Language::Python, "get_env", 0, -1, false, "c:1"};
  hs[1] = {Language::Python, "settings.get_env", 0, 1, false, "c:5"};
  hs[2] = {Language::TypeScript, "cfg.get", 0, -1, false, "c:9"};
  DeclaredHelpersScope scope(&hs);
  CHECK(find_declared_helper(Language::Python, "app.settings.get_env") == &hs[1]);
  CHECK(find_declared_helper(Language::Python, "other.get_env") == &hs[0]);
  CHECK(find_declared_helper(Language::Python, "forget_env") == nullptr);  // not at a dot
  CHECK(find_declared_helper(Language::Go, "get_env") == nullptr);         // another language
  CHECK(find_declared_helper(Language::Tsx, "cfg.get") == &hs[2]);         // the JS family
  auto s = declared_helper_summary(hs[1]);
  CHECK(s->name == "settings.get_env");
  CHECK(s->file == "c");
  CHECK(s->line == 5);
  CHECK(s->default_param == 1);
}

TEST_CASE("a TypeScript wrapper from a package is a read once declared", "[declared_helpers][typescript]") {
  TempTree t;
  t.write("src/app.ts",
          "import { readSetting } from \"@acme/config\";\n"
          "import * as envlib from \"@acme/env\";\n"
          "import { other } from \"@acme/config\";\n"
          "export const token = readSetting(\"APP_TOKEN\", \"dev-token\");\n"
          "const vars = envlib.load();\n"
          "export const mode = vars.APP_MODE ?? \"prod\";\n"
          "export const notRead = other(\"NOT_A_READ\");\n");
  ScanOptions o;
  o.root = t.path();
  o.paths = {t.path()};
  o.use_gitignore = false;
  CHECK(describe_reads(scan(o)).empty());  // without declarations: nothing to see
  o.helpers = {{Language::TypeScript, "@acme/config.readSetting", 0, 1, false, ".envdrift.toml:3"},
               {Language::TypeScript, "@acme/env.load", -1, -1, true, ".envdrift.toml:8"}};
  ScanResult r = scan(o);
  CHECK(describe_reads(r) == std::vector<std::string>{
                                 "src/app.ts:4 APP_TOKEN helper default=dev-token [helper @acme/config.readSetting @.envdrift.toml:3]",
                                 "src/app.ts:6 APP_MODE direct default=prod",
                             });
}

TEST_CASE("the unresolved message prints the [[helper]] that resolves it, and declaring it does", "[declared_helpers][e2e]") {
  TempTree t;
  t.write("src/app.ts",
          "import { readSetting } from \"@acme/config\";\n"
          "export const host = process.env.APP_HOST ?? \"localhost\";\n"
          "export const token = readSetting(\"APP_TOKEN\");\n");
  t.write("docs/env-vars.md", "# Env\n\n| Variable | Default |\n|---|---|\n| `APP_HOST` | `localhost` |\n| `APP_TOKEN` | — |\n");
  auto r = envdrift::test::run_envdrift({"check", "--no-cache", "--registry", t.abs("docs/env-vars.md"), t.path()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("if readSetting() reads it, declare [[helper]] language = \"typescript\" function = \"readSetting\" name_arg = 0") !=
        std::string::npos);
  t.write(".envdrift.toml", "registry = [\"docs/env-vars.md\"]\n\n[[helper]]\nlanguage = \"typescript\"\nfunction = \"readSetting\"\nname_arg = 0\n");
  auto r2 = envdrift::test::run_envdrift({"check", "--no-cache", "--format", "json", t.path()});
  INFO(r2.out << r2.err);
  CHECK(r2.exit_code == 0);
  auto j = nlohmann::json::parse(r2.out);
  CHECK(j["findings"].empty());
  CHECK(j["summary"]["reads"] == 2);
}
