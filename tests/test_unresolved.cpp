// Evidence before verdicts (issue 13 part B): the lexical mention search, the `unresolved`
// verdict, escapes marking unread findings incomplete, and per-file coverage.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "analyzer/core/driver.h"
#include "analyzer/core/mentions.h"
#include "analyzer/frontend.h"
#include "reports/findings.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::TempTree;

namespace {

std::map<std::string, std::vector<Mention>> mentions_of(std::string_view rel, std::string_view text,
                                                         const std::vector<std::string>& names) {
  std::map<std::string, std::vector<Mention>> out;
  find_mentions_in(rel, text, names, out);
  return out;
}

}  // namespace

TEST_CASE("mentions: string arguments name their call, comments and bare look-alikes do not count", "[unresolved]") {
  auto m = mentions_of("cfg.py",
                       "# APP_COMMENTED is only in a comment\n"
                       "PORT = config(\"APP_PORT\", default=8080)\n"
                       "debug = settings.app_debug\n"
                       "use(app_plain)\n"
                       "x = f(1, \"APP_SECOND\")\n",
                       {"APP_COMMENTED", "APP_PORT", "APP_DEBUG", "APP_PLAIN", "APP_SECOND"});
  CHECK(m.count("APP_COMMENTED") == 0);
  REQUIRE(m["APP_PORT"].size() == 1);
  CHECK(m["APP_PORT"][0].line == 2);
  CHECK(m["APP_PORT"][0].column == 16);
  CHECK(m["APP_PORT"][0].context == "string");
  CHECK(m["APP_PORT"][0].callee == "config");
  CHECK(m["APP_PORT"][0].arg_index == 0);
  REQUIRE(m["APP_DEBUG"].size() == 1);  // another case, but an attribute: a settings field
  CHECK(m["APP_DEBUG"][0].context == "member");
  CHECK(m["APP_DEBUG"][0].line == 3);
  CHECK(m["APP_PLAIN"].empty());  // another case, as a bare identifier: a look-alike, not evidence
  REQUIRE(m["APP_SECOND"].size() == 1);
  CHECK(m["APP_SECOND"][0].callee == "f");
  CHECK(m["APP_SECOND"][0].arg_index == 1);
}

TEST_CASE("mentions: Go struct tags, block comments and JS template strings", "[unresolved]") {
  auto go = mentions_of("c.go",
                        "package c\n/* APP_OLD was removed */\ntype C struct {\n\tPort int `env:\"APP_PORT\"`\n}\n",
                        {"APP_OLD", "APP_PORT"});
  CHECK(go.count("APP_OLD") == 0);
  REQUIRE(go["APP_PORT"].size() == 1);
  CHECK(go["APP_PORT"][0].context == "tag");
  CHECK(go["APP_PORT"][0].line == 4);
  auto ts = mentions_of("a.ts", "const k = `APP_TPL`;\n// APP_GONE\nenv.APP_MEMBER;\n", {"APP_TPL", "APP_GONE", "APP_MEMBER"});
  CHECK(ts["APP_TPL"].size() == 1);
  CHECK(ts.count("APP_GONE") == 0);
  REQUIRE(ts["APP_MEMBER"].size() == 1);
  CHECK(ts["APP_MEMBER"][0].context == "member");
}

TEST_CASE("a documented name read through a wrapper outside the tree is unresolved, not unread", "[unresolved][e2e]") {
  // The mutation: `get_setting` comes from a package that is not in the tree, so the analyzer
  // cannot see that it reads the environment.
  TempTree t;
  t.write("app/settings.py",
          "import os\n"
          "from corelib import get_setting\n"
          "\n"
          "HOST = os.getenv(\"APP_HOST\", \"localhost\")\n"
          "TOKEN = get_setting(\"APP_TOKEN\")\n");
  t.write("docs/env-vars.md",
          "# Env\n\n| Variable | Default |\n|---|---|\n| `APP_HOST` | `localhost` |\n| `APP_TOKEN` | — |\n"
          "| `APP_GONE` | — |\n");
  auto r = envdrift::test::run_envdrift({"check", "--no-cache", "--format", "json", "--registry",
                                         t.abs("docs/env-vars.md"), t.path()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);  // APP_GONE is really unread
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> kinds;
  for (const auto& f : j["findings"]) kinds[f["name"].get<std::string>()] = f["kind"].get<std::string>();
  CHECK(kinds == std::map<std::string, std::string>{{"APP_TOKEN", "unresolved"}, {"APP_GONE", "unread"}});
  for (const auto& f : j["findings"]) {
    if (f["name"] != "APP_TOKEN") continue;
    REQUIRE(f["code"].size() == 1);
    CHECK(f["code"][0]["file"] == "app/settings.py");
    CHECK(f["code"][0]["line"] == 5);
    CHECK(f["code"][0]["note"] == "string argument 0 of get_setting()");
  }
  CHECK(j["summary"]["unresolved"] == 1);
  CHECK(j["summary"]["unread"] == 1);
  // Coverage: the one env API site (line 4) resolved.
  REQUIRE(j["coverage"].size() == 1);
  CHECK(j["coverage"][0]["candidates"] == 1);
  CHECK(j["coverage"][0]["resolved"] == 1);

  // Only the unresolved finding left: informational, exit 0.
  t.write("docs/env-vars.md", "# Env\n\n| Variable | Default |\n|---|---|\n| `APP_HOST` | `localhost` |\n| `APP_TOKEN` | — |\n");
  auto r2 = envdrift::test::run_envdrift({"check", "--no-cache", "--registry", t.abs("docs/env-vars.md"), t.path()});
  INFO(r2.out << r2.err);
  CHECK(r2.exit_code == 0);
  CHECK(r2.out.find("unresolved (1)") != std::string::npos);
  CHECK(r2.out.find("app/settings.py:5  APP_TOKEN  documented, and named in the code (string argument 0 of "
                    "get_setting() at app/settings.py:5), but no read of it was resolved") != std::string::npos);
}

TEST_CASE("escapes mark the unread findings of their service incomplete", "[unresolved]") {
  Registry reg;
  reg.file = "docs/env.md";
  DocVariable v;
  v.name = "APP_GONE";
  v.file = "docs/env.md";
  v.line = 3;
  reg.variables.push_back(v);
  DiffOptions opt;
  EnvEscape x;
  x.file = "src/a.ts";
  x.line = 7;
  x.message = "process.env escapes into configure()";
  opt.escapes.push_back(x);
  auto findings = diff({}, {reg}, opt);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::Unread);
  CHECK(findings[0].incomplete);
  CHECK(findings[0].message ==
        "documented but never read (may be incomplete: the env object escapes the analysis at 1 place, first src/a.ts:7)");
}

TEST_CASE("coverage: candidate lines resolved by reads, via steps and handled lines", "[unresolved]") {
  FileResult a;
  a.candidate_lines = {2, 4, 6, 8};
  EnvRead direct;
  direct.name = "A";
  direct.file = "a.ts";
  direct.line = 2;
  a.reads.push_back(direct);
  EnvRead dyn = direct;
  dyn.kind = ReadKind::Dynamic;
  dyn.line = 8;
  a.reads.push_back(dyn);
  a.handled_lines = {6};
  FileResult b;  // a helper's body in b.ts line 3, credited by a read's via step
  b.candidate_lines = {3};
  EnvRead through = direct;  // a.ts:2 read through the helper whose body is b.ts:3
  through.via.push_back(ViaStep{"b.ts", 3, "helper getEnv"});
  a.reads.push_back(through);
  auto cov = compute_coverage({{"a.ts", &a}, {"b.ts", &b}});
  REQUIRE(cov.size() == 2);
  CHECK(cov[0].file == "a.ts");
  CHECK(cov[0].candidates == 4);
  CHECK(cov[0].resolved == 2);
  CHECK(cov[0].dynamic == 1);
  CHECK(cov[0].unresolved == 1);
  CHECK(cov[0].unresolved_lines == std::vector<int>{4});
  CHECK(cov[1].resolved == 1);
}

TEST_CASE("coverage: a candidate site is an env API name as a whole identifier", "[unresolved]") {
  const FrontendDescriptor* py = frontend_for_path("settings.py");
  REQUIRE(py != nullptr);
  auto lines = candidate_lines(*py,
                               "import os\n"
                               "A = os.environ[\"A\"]\n"            // 2: a mention
                               "env = JinjaEnvironment()\n"          // 3: `environ` inside a longer name
                               "def run(environment: str): pass\n"   // 4: the same
                               "B = os.getenv(\"B\")\n"              // 5: a mention
                               "C = my_getenv(\"C\")\n");            // 6: another function
  CHECK(lines == std::vector<int>{2, 5});
  const FrontendDescriptor* ts = frontend_for_path("a.ts");
  REQUIRE(ts != nullptr);
  CHECK(candidate_lines(*ts, "const a = process.env.A;\nconst b = myprocess.env.B;\nconst c = process.envelope;\n") ==
        std::vector<int>{1});
}

TEST_CASE("coverage: a helper body whose name is the parameter and Vite's own keys are resolved", "[unresolved]") {
  TempTree t;
  t.write("src/env.ts",
          "export function need(key: string) {\n"
          "  const v = process.env[key];\n"
          "  if (!v) throw new Error(key);\n"
          "  return v;\n"
          "}\n"
          "export const dev = import.meta.env.DEV;\n"
          "export const url = need(\"API_URL\");\n");
  t.write("app.py",
          "import os\n"
          "def get(name):\n"
          "    value = os.environ.get(name)\n"
          "    return value\n"
          "X = get(\"X\")\n");
  ScanResult r = scan(test::scan_options(t));
  const auto& cov = r.coverage;
  REQUIRE(cov.size() == 2);
  for (const auto& c : cov) {
    INFO(c.file);
    CHECK(c.unresolved == 0);
    CHECK(c.resolved == c.candidates);
  }
}

// Variables a service's scripts and manifests consume (`${PORT:-8000}` in an s6 `run` script, a
// compose file's `environment:`, `ENV` in a Dockerfile) are documented but read by no analyzed
// code: evidence, so `unresolved`, never `unread`. On the corpus this turned 21 false `unread`
// findings of 8 trees into `unresolved` ones. Comments, files that are no script (no `#!`), and
// another letter case are no evidence.
TEST_CASE("a documented name only a script, Dockerfile, compose file or code outside include names is unresolved", "[unresolved][e2e]") {
  TempTree t;
  t.write("src/app.py", "import os\nHOST = os.getenv(\"APP_HOST\")\n");
  t.write("docker/rootfs/svc-web/run", "#!/usr/bin/with-contenv bash\nexec gunicorn -b \"${APP_BIND}:${APP_PORT:-8000}\"\n");
  t.write("docker/Dockerfile", "FROM python:3.12\n# APP_COMMENTED is only in a comment\nENV APP_WORKERS=2\n");
  t.write("docker-compose.yml", "services:\n  db:\n    environment:\n      POSTGRES_DB: app\n");
  t.write("NOTES", "APP_NOTES_ONLY is mentioned in a file that is no script\n");
  t.write("scripts/up.sh", "echo app_lower_case\n");
  t.write("tools/seed.py", "import os\nprint(os.environ[\"APP_SEED\"])\n");  // outside `include`
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\ninclude = [\"src/**\"]\n");
  std::string page = "# Env\n\n| Variable | Default |\n|---|---|\n";
  for (const char* n : {"APP_HOST", "APP_BIND", "APP_PORT", "APP_WORKERS", "POSTGRES_DB", "APP_COMMENTED", "APP_NOTES_ONLY", "APP_LOWER_CASE", "APP_SEED"})
    page += std::string("| `") + n + "` | — |\n";
  t.write("docs/env.md", page);
  auto r = envdrift::test::run_envdrift({"check", "--no-cache", "--format", "json", t.path()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> kinds, notes, where;
  for (const auto& f : j["findings"]) {
    std::string name = f["name"];
    kinds[name] = f["kind"];
    if (f["kind"] == "unresolved") {
      notes[name] = f["code"][0]["note"];
      where[name] = f["code"][0]["file"].get<std::string>() + ":" + std::to_string(f["code"][0]["line"].get<int>());
    }
  }
  CHECK(kinds == std::map<std::string, std::string>{{"APP_BIND", "unresolved"},       {"APP_PORT", "unresolved"},
                                                    {"APP_WORKERS", "unresolved"},    {"POSTGRES_DB", "unresolved"},
                                                    {"APP_COMMENTED", "unread"},      {"APP_NOTES_ONLY", "unread"},
                                                    {"APP_LOWER_CASE", "unread"},     {"APP_SEED", "unresolved"}});
  CHECK(notes["APP_SEED"] == "named in a source file outside `include`");
  CHECK(where["APP_SEED"] == "tools/seed.py:2");
  CHECK(notes["APP_PORT"] == "named in a script");  // no extension: a script by its `#!`
  CHECK(where["APP_PORT"] == "docker/rootfs/svc-web/run:2");
  CHECK(notes["APP_WORKERS"] == "named in a Dockerfile");
  CHECK(where["APP_WORKERS"] == "docker/Dockerfile:3");
  CHECK(notes["POSTGRES_DB"] == "named in a compose file");
  for (const auto& f : j["findings"])
    if (f["name"] == "POSTGRES_DB")
      CHECK(f["message"] == "documented and read by no analyzed code, but named in a compose file (docker-compose.yml:4) "
                            "that may read it when the service is built or run");
}
