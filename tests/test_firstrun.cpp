// The first run (issue 16, part 6): `init`, "did you mean", `explain` without a registry, shell
// completions and the man page generated from the CLI definition, `--color` and NO_COLOR.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/color.h"
#include "cli/completions.h"
#include "cli/init.h"
#include "cli/suggest.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::read_text;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::TempTree;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string binary() { return ENVDRIFT_BINARY; }

// The demo tree without its config, each service marked by a manifest, plus look-alikes init
// must not take: a test fixture page, a real .env, a dependency folder with a manifest.
void demo_without_config(const TempTree& t) {
  fs::copy(test::source_dir() + "/fixtures/demo", t.path(), fs::copy_options::recursive);
  fs::remove(t.abs(".envdrift.toml"));
  t.write("services/api/package.json", "{\"name\": \"api\"}\n");
  t.write("services/worker/pyproject.toml", "[project]\nname = \"worker\"\n");
  t.write("services/ingest/go.mod", "module example.com/ingest\n");
  t.write("tests/fixtures/env.md", "| Variable | Default |\n|---|---|\n| `FIXTURE_ONLY` | `1` |\n");
  t.write(".env", "SECRET_TOKEN=abc\n");
  t.write("node_modules/left-pad/package.json", "{}\n");
}

struct EnvVar {  // set (or unset) an environment variable for one scope
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value != nullptr) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~EnvVar() {
    if (had_) ::setenv(name_.c_str(), old_.c_str(), 1);
    else ::unsetenv(name_.c_str());
  }
  std::string name_, old_;
  bool had_ = false;
};

const char* kDemoConfig = R"toml(# envdrift configuration, written by `envdrift init`: edit it freely (README, "Configuration").
# Paths are relative to the directory of this file.

# The registry: the pages that document the variables (Markdown/MDX docs pages,
# .env.example-style files, JSON/YAML registries).
#   docs/env-vars.md: 17 variables
registry = ["docs/env-vars.md"]

# Files to scan and to leave out (globs relative to this directory), on top of .gitignore and
# the built-in excludes (node_modules, .venv, ...).
# include = ["services/**"]
# exclude = ["**/testdata/**"]

# One [[service]] per deployable unit: drift is reported per service, and a variable read by
# one service but documented only under another's section is `wrong_section`. doc_section is
# the registry heading (a text prefix) the service is documented under; a section no service
# claims is shared by all.

# found services/agent/CMakeLists.txt
[[service]]
name = "agent"
roots = ["services/agent"]
doc_section = "Agent service (services/agent)"

# found services/api/package.json
[[service]]
name = "api"
roots = ["services/api"]
doc_section = "API service (services/api)"

# found services/ingest/go.mod
[[service]]
name = "ingest"
roots = ["services/ingest"]
doc_section = "Ingest service (services/ingest)"

# found services/worker/pyproject.toml
[[service]]
name = "worker"
roots = ["services/worker"]
doc_section = "Worker service (services/worker)"

# Variables the platform or a framework sets, never reported as undocumented.
[ignore]
names = []

# The finding kinds that make `envdrift check` exit 1 (these are the default):
# fail_on = ["undocumented", "unread", "default_mismatch", "wrong_section", "duplicate"]
)toml";

}  // namespace

// ---- init ----

TEST_CASE("init detects the registry page and the services, writes a commented config that check uses", "[init][cli]") {
  TempTree t;
  demo_without_config(t);
  auto r = run_envdrift({"init", t.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == "envdrift: wrote " + t.path() + "/.envdrift.toml\n"
                 "  registry docs/env-vars.md (17 variables)\n"
      "  service agent: services/agent, documented under \"Agent service (services/agent)\"\n"
                 "  service api: services/api, documented under \"API service (services/api)\"\n"
                 "  service ingest: services/ingest, documented under \"Ingest service (services/ingest)\"\n"
                 "  service worker: services/worker, documented under \"Worker service (services/worker)\"\n"
                 "next: envdrift check " + t.path() + "\n");
  CHECK(read_text(t.abs(".envdrift.toml")) == kDemoConfig);

  // The written config drives check to the demo's planted findings.
  auto check = run_envdrift({"check", t.path(), "--format", "json"});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "\"undocumented\": 2"));  // SESSION_COOKIE_NAME, and NODE_ENV (ignore is empty)
  CHECK(contains(check.out, "\"wrong_section\": 1"));
}

TEST_CASE("init refuses to overwrite without --force, bad input exits 2 and writes nothing", "[init][cli]") {
  TempTree t;
  demo_without_config(t);
  t.write(".envdrift.toml", "# mine\n");
  auto again = run_envdrift({"init", t.path()});
  CHECK(again.exit_code == 2);
  CHECK(again.out.empty());
  CHECK(again.err == "envdrift: error: " + t.path() + "/.envdrift.toml already exists; pass --force to overwrite it\n");
  CHECK(read_text(t.abs(".envdrift.toml")) == "# mine\n");

  auto forced = run_envdrift({"init", "--force", t.path()});
  CHECK(forced.exit_code == 0);
  CHECK(read_text(t.abs(".envdrift.toml")) == kDemoConfig);

  TempTree u;
  u.write("app.py", "import os\nPORT = os.getenv(\"PORT\", \"8080\")\n");
  auto txt = run_envdrift({"init", u.path(), "--docs-skeleton", u.abs("docs/env.txt")});
  CHECK(txt.exit_code == 2);
  CHECK(txt.err == "envdrift: error: --docs-skeleton " + u.abs("docs/env.txt") +
                       ": the page must be Markdown (.md) or MDX (.mdx)\n");
  auto base = run_envdrift({"init", u.path(), "--baseline"});
  CHECK(base.exit_code == 2);
  CHECK(base.err == "envdrift: error: --baseline needs a registry to diff against and none was found: name one in "
                    ".envdrift.toml first, or create one with --docs-skeleton PATH\n");
  CHECK_FALSE(fs::exists(u.abs(".envdrift.toml")));
  CHECK_FALSE(fs::exists(u.abs(".envdrift-baseline.json")));

  auto missing = run_envdrift({"init", u.abs("nope")});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "Directory does not exist"));
}

TEST_CASE("init without a registry says so in the config, --docs-skeleton writes a page check accepts", "[init][cli]") {
  TempTree t;
  t.write("app.py", "import os\nPORT = os.getenv(\"PORT\", \"8080\")\nDEBUG = os.environ.get(\"DEBUG\")\n");
  auto bare = run_envdrift({"init", t.path()});
  CHECK(bare.exit_code == 0);
  std::string cfg = read_text(t.abs(".envdrift.toml"));
  CHECK(contains(cfg, "# None was found: name the page that documents your variables"));
  CHECK(contains(cfg, "\n# registry = [\"docs/env.md\"]\n"));
  CHECK(contains(bare.out, "  registry: none found (see the comment in the file)\n  services: the whole tree is one service\n"));

  auto sk = run_envdrift({"init", "--force", t.path(), "--docs-skeleton", t.abs("docs/env.md"), "--baseline"});
  INFO(sk.err);
  CHECK(sk.exit_code == 0);
  CHECK(contains(read_text(t.abs(".envdrift.toml")), "\nregistry = [\"docs/env.md\"]\n"));
  CHECK(read_text(t.abs("docs/env.md")) ==
        "# Environment variables\n"
        "\n"
        "Every environment variable the code reads. The tables between the `envdrift` markers are\n"
        "generated from the code by `envdrift docs --write` (name, default, the files that read it);\n"
        "write each variable's description in its Description cell, it is kept. Everything outside\n"
        "the markers is yours. `envdrift docs --check` fails when a table is stale.\n"
        "\n"
        "## Variables\n"
        "\n"
        "<!-- envdrift:begin -->\n"
        "| Variable | Default | Read by | Description |\n"
        "| --- | --- | --- | --- |\n"
        "| `DEBUG` | — | `app.py` | |\n"
        "| `PORT` | `8080` | `app.py` | |\n"
        "<!-- envdrift:end -->\n");
  CHECK(sk.out == "envdrift: wrote " + t.path() + "/.envdrift.toml\n"
                  "  services: the whole tree is one service\n"
                  "envdrift: wrote " + t.abs("docs/env.md") + " (tables generated from the code; add descriptions)\n"
                  "envdrift: wrote " + t.path() + "/.envdrift-baseline.json (today's findings, accepted)\n"
                  "next: envdrift check --baseline " + t.path() + "/.envdrift-baseline.json " + t.path() + "\n");
  CHECK(run_envdrift({"docs", "--check", t.path()}).exit_code == 0);
  CHECK(run_envdrift({"check", t.path()}).exit_code == 0);
  CHECK(run_envdrift({"check", t.path(), "--baseline", t.abs(".envdrift-baseline.json")}).exit_code == 0);
}

TEST_CASE("init: services one level below a parent, MDX skeleton with a table per service", "[init][cli]") {
  TempTree t;
  t.write("apps/web/package.json", "{}\n");
  t.write("apps/web/src/config.ts", "export const port = process.env.WEB_PORT ?? \"3000\";\n");
  t.write("services/billing/requirements.txt", "flask\n");
  t.write("services/billing/app.py", "import os\nKEY = os.environ[\"STRIPE_KEY\"]\n");
  t.write("services/README.md", "services\n");
  auto r = run_envdrift({"init", t.path(), "--docs-skeleton", t.abs("docs/env.mdx")});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  std::string cfg = read_text(t.abs(".envdrift.toml"));
  CHECK(contains(cfg, "# found apps/web/package.json\n[[service]]\nname = \"web\"\nroots = [\"apps/web\"]\ndoc_section = \"web\"\n"));
  CHECK(contains(cfg, "# found services/billing/requirements.txt\n[[service]]\nname = \"billing\"\n"
                      "roots = [\"services/billing\"]\ndoc_section = \"billing\"\n"));
  std::string page = read_text(t.abs("docs/env.mdx"));
  CHECK(contains(page, "## web\n\n{/* envdrift:begin section=web */}\n| Variable | Default | Read by | Description |\n"
                       "| --- | --- | --- | --- |\n| `WEB_PORT` | `3000` | `apps/web/src/config.ts` | |\n{/* envdrift:end */}\n"));
  CHECK(contains(page, "## billing\n\n{/* envdrift:begin section=billing */}\n"));
  CHECK(contains(page, "| `STRIPE_KEY` | — | `services/billing/app.py` | |\n"));
  CHECK(run_envdrift({"check", t.path()}).exit_code == 0);
}

TEST_CASE("init detection: templates and structured registries, never a real .env", "[init]") {
  TempTree t;
  t.write(".env", "SECRET=1\n");
  t.write(".env.local", "SECRET=1\n");
  t.write(".env.example", "# Port\nPORT=8080\nDEBUG=\n");
  t.write("deploy/env.yaml", "- name: QUEUE_URL\n  default: amqp://localhost\n");
  t.write("docs/configuration.md", "# Config\n\n| Variable | Default |\n|---|---|\n| `LOG_LEVEL` | `info` |\n");
  t.write("docs/changelog.md", "| Variable | Default |\n|---|---|\n| `OLD` | `1` |\n");
  t.write("docs/settings.md", "| Name | Description |\n|---|---|\n| foo | bar |\n");  // not env names
  Detection d = detect_project(t.path());
  std::vector<std::string> found;
  for (const auto& r : d.registries) found.push_back(r.path + ":" + std::to_string(r.variables));
  CHECK(found == std::vector<std::string>{".env.example:2", "deploy/env.yaml:1", "docs/configuration.md:1"});
  CHECK(d.services.empty());
}

TEST_CASE("init detection: services under parents, not in docs sites, code packages or archived versions", "[init]") {
  TempTree t;
  t.write("package.json", "{\"workspaces\": [\"packages/*\"]}\n");  // a workspace root: services below it
  t.write("packages/api/package.json", "{}\n");
  t.write("packages/web/package.json", "{}\n");
  t.write("packages/README.md", "the packages\n");
  t.write("worker/pyproject.toml", "[project]\n");
  t.write("docs/package.json", "{}\n");                       // a docs site
  t.write("examples/demo/package.json", "{}\n");              // an example
  t.write("app/__init__.py", "\n");                            // a package of code...
  t.write("app/views/setup.py", "\n");                         // ...whose subdirectory is not a service
  t.write("tests/e2e/package.json", "{}\n");                   // dev code
  t.write("docs/env.md", "| Variable | Default |\n|---|---|\n| `PORT` | `80` |\n");
  t.write("docs/versioned_docs/version-1.2/env.md", "| Variable | Default |\n|---|---|\n| `OLD_PORT` | `80` |\n");
  Detection d = detect_project(t.path());
  std::vector<std::string> services;
  for (const auto& s : d.services) services.push_back(s.name + "=" + s.root);
  CHECK(services == std::vector<std::string>{"api=packages/api", "web=packages/web", "worker=worker"});
  REQUIRE(d.registries.size() == 1);
  CHECK(d.registries[0].path == "docs/env.md");
}

// ---- did you mean ----

TEST_CASE("edit distance and the nearest word", "[suggest]") {
  CHECK(edit_distance("check", "check") == 0);
  CHECK(edit_distance("chekc", "check") == 1);  // a transposition is one edit
  CHECK(edit_distance("chek", "check") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  std::vector<std::string> commands{"scan", "check", "explain", "docs", "init", "completions", "man"};
  CHECK(nearest("chek", commands) == std::optional<std::string>("check"));
  CHECK(nearest("dosc", commands) == std::optional<std::string>("docs"));
  CHECK(nearest("compl", commands) == std::optional<std::string>("completions"));  // a unique prefix
  CHECK(nearest("frobnicate", commands) == std::nullopt);
  CHECK(nearest("c", commands) == std::nullopt);  // a prefix of two commands, and 1 edit from none
  CHECK(nearest("--formt", {"--format", "--config"}) == std::optional<std::string>("--format"));
}

TEST_CASE("unknown commands and options suggest the nearest, exit 2", "[suggest][cli]") {
  auto cmd = run_envdrift({"chek", "."});
  CHECK(cmd.exit_code == 2);
  CHECK(cmd.out.empty());
  CHECK(cmd.err == "envdrift: error: unknown command `chek` (did you mean `check`?)\nRun with --help for more information.\n");

  auto none = run_envdrift({"frobnicate"});
  CHECK(none.exit_code == 2);
  CHECK(none.err == "envdrift: error: unknown command `frobnicate`; the commands are scan, check, explain, docs, init, "
                    "completions, man\nRun with --help for more information.\n");

  std::string demo = test::source_dir() + "/fixtures/demo";
  auto opt = run_envdrift({"check", "--formt", "json", demo});
  CHECK(opt.exit_code == 2);
  CHECK(opt.err == "envdrift: error: unknown option `--formt` for `envdrift check` (did you mean `--format`?)\n"
                   "Run with --help for more information.\n");
  auto after_flag = run_envdrift({"check", "--verbose", "--formt", "json", demo});  // a flag takes no value
  CHECK(after_flag.err == opt.err);
  auto single = run_envdrift({"check", "-format", "json", demo});
  CHECK(single.err == "envdrift: error: unknown option `-format` for `envdrift check` (did you mean `--format`?)\n"
                      "Run with --help for more information.\n");
  auto flag = run_envdrift({"docs", "--writ", demo});
  CHECK(flag.err == "envdrift: error: unknown option `--writ` for `envdrift docs` (did you mean `--write`?)\n"
                    "Run with --help for more information.\n");
  auto far = run_envdrift({"scan", "--zzzzzz", demo});
  CHECK(far.exit_code == 2);
  CHECK(far.err == "envdrift: error: unknown option `--zzzzzz` for `envdrift scan`; see `envdrift scan --help`\n"
                   "Run with --help for more information.\n");
  // An option the command does not have, though another command does.
  auto other = run_envdrift({"scan", "--baseline", "x.json", demo});
  CHECK(other.err == "envdrift: error: unknown option `--baseline` for `envdrift scan`; see `envdrift scan --help`\n"
                     "Run with --help for more information.\n");

  // A value outside the choices: the nearest choice; other bad values keep CLI11's message.
  auto value = run_envdrift({"check", "--format", "jsn", demo});
  CHECK(value.exit_code == 2);
  CHECK(value.err.rfind("envdrift: error: invalid value `jsn` for `--format` (did you mean `json`?); expected one of "
                        "text, json, ", 0) == 0);
  auto color = run_envdrift({"scan", "--color=sometimes", demo});
  CHECK(color.err == "envdrift: error: invalid value `sometimes` for `--color`; expected one of auto, always, never\n"
                     "Run with --help for more information.\n");
  auto missing = run_envdrift({"check", "--history", "/nonexistent/dir", "--format", "html", demo});
  CHECK(missing.exit_code == 2);
  CHECK_FALSE(contains(missing.err, "did you mean"));
  CHECK(contains(missing.err, "/nonexistent/dir"));
  CHECK(run_envdrift({"check", "-qv", demo}).exit_code == 1);
  CHECK(run_envdrift({"check", "--format=json", "-q", demo}).exit_code == 1);
}

// ---- explain without a registry ----

TEST_CASE("explain works without a registry: not documented, reads still listed", "[explain][cli]") {
  TempTree t;
  t.write("app.py", "import os\nPORT = os.getenv(\"PORT\", \"8080\")\n");
  auto r = run_envdrift({"explain", "PORT", "--path", t.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "PORT\n  read 1 time\n  app.py:2:8  PORT [direct] default \"8080\"\n"
                 "  not documented: no registry configured (pass --registry FILE or set `registry` in .envdrift.toml)\n");
  auto j = run_envdrift({"explain", "PORT", "--path", t.path(), "--format", "json"});
  CHECK(j.exit_code == 0);
  CHECK(contains(j.out, "\"registry_found\": false"));
  auto unknown = run_envdrift({"explain", "NOPE", "--path", t.path()});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.out == "NOPE\n  read 0 times\n  not documented: no registry configured (pass --registry FILE or set "
                       "`registry` in .envdrift.toml)\n");
  // A registry that is configured but missing is still an error.
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n");
  auto broken = run_envdrift({"explain", "PORT", "--path", t.path()});
  CHECK(broken.exit_code == 2);
  CHECK(contains(broken.err, "docs/env.md"));
}

// ---- colour ----

TEST_CASE("colour: --color beats NO_COLOR, auto needs a terminal and an empty or unset NO_COLOR", "[color]") {
  ColorMode m = ColorMode::Never;
  CHECK(parse_color_mode("always", m));
  CHECK(m == ColorMode::Always);
  CHECK_FALSE(parse_color_mode("yes", m));
  CHECK(decide_color(ColorMode::Auto, true, nullptr));
  CHECK(decide_color(ColorMode::Auto, true, ""));  // no-color.org: only a non-empty value disables
  CHECK_FALSE(decide_color(ColorMode::Auto, true, "1"));
  CHECK_FALSE(decide_color(ColorMode::Auto, true, "0"));  // any non-empty value
  CHECK_FALSE(decide_color(ColorMode::Auto, false, nullptr));
  CHECK(decide_color(ColorMode::Always, false, "1"));
  CHECK_FALSE(decide_color(ColorMode::Never, true, nullptr));
}

TEST_CASE("colour end to end: --color always/never, NO_COLOR on a terminal", "[color][cli]") {
  TempTree t;
  t.write("app.py", "import os\nPORT = os.getenv(\"PORT\", \"8080\")\n");
  {
    EnvVar nc("NO_COLOR", "1");
    auto always = run_envdrift({"scan", t.path(), "--color", "always"});
    CHECK(contains(always.out, "\x1b[1mPORT\x1b[0m"));
  }
  auto never = run_envdrift({"scan", t.path(), "--color", "never"});
  CHECK_FALSE(contains(never.out, "\x1b["));
  auto piped = run_envdrift({"scan", t.path()});  // auto, stdout is a pipe
  CHECK_FALSE(contains(piped.out, "\x1b["));
  auto bad = run_envdrift({"scan", t.path(), "--color", "sometimes"});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "sometimes"));

  // On a terminal (script(1) gives the command a pty): auto colours unless NO_COLOR is non-empty.
  std::string cmd = "script -qec '" + binary() + " scan " + t.path() + "' /dev/null > ";
  REQUIRE(run_shell("NO_COLOR= " + cmd + t.abs("empty.txt")) == 0);
  REQUIRE(run_shell("NO_COLOR=1 " + cmd + t.abs("set.txt")) == 0);
  REQUIRE(run_shell("env -u NO_COLOR " + cmd + t.abs("unset.txt")) == 0);
  CHECK(contains(read_text(t.abs("empty.txt")), "\x1b[1mPORT\x1b[0m"));
  CHECK(contains(read_text(t.abs("unset.txt")), "\x1b[1mPORT\x1b[0m"));
  CHECK_FALSE(contains(read_text(t.abs("set.txt")), "\x1b["));
  CHECK(contains(read_text(t.abs("set.txt")), "PORT"));
}

// ---- completions and man page ----

TEST_CASE("completions and man page come from the CLI11 definition", "[completions]") {
  CLI::App app{"toy: a test tool", "toy"};
  app.set_version_flag("--version", "toy 1");
  std::string mode, out, dir;
  std::vector<std::string> files;
  bool loud = false;
  CLI::App* frob = app.add_subcommand("frob", "Frobnicate [things]: it's fine");
  frob->add_option("--mode", mode, "The mode")->check(CLI::IsMember({"fast", "slow"}));
  frob->add_option("--out,-o", out, "Output file");
  frob->add_option("--into", dir, "A directory")->check(CLI::ExistingDirectory);
  frob->add_flag("--loud", loud, "Shout");
  frob->add_option("FILE", files, "Inputs");
  CliModel m = describe_cli(app);
  REQUIRE(m.commands.size() == 1);
  REQUIRE(m.commands[0].positionals.size() == 1);
  CHECK(m.commands[0].positionals[0].repeatable);
  CHECK(m.commands[0].positionals[0].kind == ValueKind::File);

  std::string bash = bash_completion(m);
  CHECK(contains(bash, "                COMPREPLY=($(compgen -W \"frob\" -- \"$cur\"))\n"));
  CHECK(contains(bash, "                --mode) COMPREPLY=($(compgen -W \"fast slow\" -- \"$cur\")); return 0 ;;\n"));
  CHECK(contains(bash, "                --out|-o) COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n"));
  CHECK(contains(bash, "                --into) COMPREPLY=($(compgen -d -- \"$cur\")); return 0 ;;\n"));
  CHECK(contains(bash, "COMPREPLY=($(compgen -W \"--help -h --mode --out -o --into --loud\" -- \"$cur\"))"));
  CHECK(contains(bash, "complete -o filenames -F _toy toy\n"));

  std::string zsh = zsh_completion(m);
  CHECK(contains(zsh, "    'frob:Frobnicate [things]\\: it'\\''s fine'\n"));
  CHECK(contains(zsh, "'--mode=[The mode]:text:(fast slow)'"));
  CHECK(contains(zsh, "'(--out -o)'{--out=,-o+}'[Output file]:text:_files'"));
  CHECK(contains(zsh, "'--into=[A directory]:text:_files -/'"));
  CHECK(contains(zsh, "'*:file:_files'"));

  std::string fish = fish_completion(m);
  CHECK(contains(fish, "complete -c toy -n __fish_use_subcommand -a frob -d 'Frobnicate [things]: it\\'s fine'\n"));
  CHECK(contains(fish, "complete -c toy -n '__fish_seen_subcommand_from frob' -l mode -x -a 'fast slow' -d 'The mode'\n"));
  CHECK(contains(fish, "complete -c toy -n '__fish_seen_subcommand_from frob' -s o -l out -r -F -d 'Output file'\n"));
  CHECK(contains(fish, "complete -c toy -n '__fish_seen_subcommand_from frob' -l loud -d 'Shout'\n"));

  std::string man = man_page(m, "1.0");
  CHECK(man.rfind(".\\\" Generated by `toy man`", 0) == 0);
  CHECK(contains(man, ".TH TOY 1 \"\" \"toy 1.0\" \"User Commands\"\n.SH NAME\ntoy \\- a test tool\n"));
  CHECK(contains(man, ".SS frob\n\\fBtoy frob\\fR [\\fIoptions\\fR] [\\fIFILE\\fR...]\n.PP\nFrobnicate [things]: it's fine\n"));
  CHECK(contains(man, ".TP\n\\fB\\-\\-mode\\fR \\fIfast|slow\\fR\nThe mode\n"));
  CHECK(contains(man, ".TP\n\\fB\\-\\-out\\fR, \\fB\\-o\\fR \\fITEXT\\fR\nOutput file\n"));
}

TEST_CASE("envdrift completions: bash completes commands, options and values", "[completions][cli]") {
  TempTree t;
  auto r = run_envdrift({"completions", "bash", "-o", t.abs("envdrift.bash")});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  std::string script = read_text(t.abs("envdrift.bash"));
  CHECK(script == run_envdrift({"completions", "bash"}).out);
  CHECK(run_shell("bash -n " + t.abs("envdrift.bash")) == 0);
  auto complete = [&](const std::string& words, int cword) {
    t.write("run.sh", "source " + t.abs("envdrift.bash") + "\nCOMP_WORDS=(" + words + ")\nCOMP_CWORD=" +
                          std::to_string(cword) + "\n_envdrift\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
    REQUIRE(run_shell("bash " + t.abs("run.sh") + " > " + t.abs("reply.txt")) == 0);
    return read_text(t.abs("reply.txt"));
  };
  CHECK(complete("envdrift ch", 1) == "check\n");
  CHECK(complete("envdrift co", 1) == "completions\n");
  CHECK(complete("envdrift check --form", 2) == "--format\n");
  CHECK(complete("envdrift check --format j", 3) == "json\n");
  CHECK(complete("envdrift completions z", 2) == "zsh\n");
  CHECK(complete("envdrift docs --insert-a", 2) == "--insert-after\n");
  CHECK(complete("envdrift init --docs", 2) == "--docs-skeleton\n");
  CHECK(complete("envdrift scan --col", 2) == "--color\n");
  CHECK(complete("envdrift scan --color a", 3) == "auto\nalways\n");
  CHECK(complete("envdrift check -q --for", 3) == "--format\n");  // a flag takes no value
}

TEST_CASE("envdrift completions: zsh and fish scripts load and complete", "[completions][cli]") {
  TempTree t;
  REQUIRE(run_envdrift({"completions", "zsh", "-o", t.abs("_envdrift")}).exit_code == 0);
  REQUIRE(run_envdrift({"completions", "fish", "-o", t.abs("envdrift.fish")}).exit_code == 0);
  CHECK(read_text(t.abs("_envdrift")).rfind("#compdef envdrift\n", 0) == 0);
  CHECK(run_shell("zsh -n " + t.abs("_envdrift")) == 0);
  CHECK(run_shell("zsh -c 'autoload -U compinit; compinit -u -D; source " + t.abs("_envdrift") +
                  "; print -r -- $_comps[envdrift]' > " + t.abs("zsh.txt")) == 0);
  CHECK(read_text(t.abs("zsh.txt")) == "_envdrift\n");
  CHECK(run_shell("fish --no-execute " + t.abs("envdrift.fish")) == 0);
  CHECK(run_shell("fish -c 'source " + t.abs("envdrift.fish") + "; complete -C \"envdrift che\"; complete -C \"envdrift check --format ma\"' > " +
                  t.abs("fish.txt")) == 0);
  CHECK(read_text(t.abs("fish.txt")) == "check\tDiff reads against the registry; exit 1 on drift\nmarkdown\tOutput format: text, json, markdown, sarif, github, rdjsonl or html\n");

  auto bad = run_envdrift({"completions", "powershell"});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "powershell"));
}

TEST_CASE("envdrift man: a roff page groff renders without warnings, every command in it", "[completions][cli]") {
  TempTree t;
  auto r = run_envdrift({"man", "-o", t.abs("envdrift.1")});
  REQUIRE(r.exit_code == 0);
  std::string page = read_text(t.abs("envdrift.1"));
  for (const char* c : {"scan", "check", "explain", "docs", "init", "completions", "man"})
    CHECK(contains(page, std::string(".SS ") + c + "\n"));
  CHECK(contains(page, "\\fB\\-\\-format\\fR \\fItext|json|markdown|sarif|github|rdjsonl|html\\fR"));
  CHECK(contains(page, ".SH EXIT STATUS\n"));
  CHECK(contains(page, "\\fBenvdrift init\\fR [\\fIoptions\\fR] [\\fIDIR\\fR]\n"));          // optional
  CHECK(contains(page, "\\fBenvdrift explain\\fR [\\fIoptions\\fR] \\fINAME\\fR\n"));        // required
  CHECK(contains(page, "\\fBenvdrift completions\\fR [\\fIoptions\\fR] \\fIbash|zsh|fish\\fR\n"));
  CHECK(contains(page, "NO_COLOR"));
  REQUIRE(run_shell("groff -man -Tutf8 -ww -z " + t.abs("envdrift.1") + " 2> " + t.abs("warnings.txt")) == 0);
  CHECK(read_text(t.abs("warnings.txt")).empty());
}

TEST_CASE("the build generated the completions and the man page under build/share", "[completions][cli]") {
  fs::path share = fs::path(binary()).parent_path().parent_path() / "share";
  CHECK(read_text((share / "bash-completion/completions/envdrift").string()) == run_envdrift({"completions", "bash"}).out);
  CHECK(read_text((share / "zsh/site-functions/_envdrift").string()) == run_envdrift({"completions", "zsh"}).out);
  CHECK(read_text((share / "fish/vendor_completions.d/envdrift.fish").string()) == run_envdrift({"completions", "fish"}).out);
  CHECK(read_text((share / "man/man1/envdrift.1").string()) == run_envdrift({"man"}).out);
}
