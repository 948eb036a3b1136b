// Issue 16, points 3 and 5: the CI formats in a monorepo whose .envdrift.toml lives in
// `backend/` (paths relative to the git work tree root, fingerprints unchanged), and ruff-style
// command-line control (--fail-on, --exit-zero, --select, --ignore, ::error / ::notice, end
// positions, helpUri, links). The subdirectory snapshots live in tests/snapshots/subdir.*;
// regenerate them after a deliberate change with
//   ENVDRIFT_UPDATE_SNAPSHOTS=1 build/tests/envdrift_tests "[formats]"
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/config.h"
#include "reports/locations.h"
#include "reports/policy.h"
#include "support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::check_snapshot;
using envdrift::test::source_dir;
using envdrift::test::TempTree;
using json = nlohmann::json;

namespace {

using Strings = std::vector<std::string>;

Strings lines_of(const std::string& text) {
  Strings out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// The GitHub Actions variables that turn links on: cleared for the test's lifetime (the suite
// may itself run in Actions), and restored afterwards.
class GithubEnv {
 public:
  GithubEnv() {
    for (const char* n : kNames) {
      const char* v = std::getenv(n);
      saved_.push_back(v == nullptr ? std::nullopt : std::optional<std::string>(v));
      ::unsetenv(n);
    }
  }
  ~GithubEnv() {
    for (size_t i = 0; i < saved_.size(); ++i) {
      if (saved_[i]) {
        ::setenv(kNames[i], saved_[i]->c_str(), 1);
      } else {
        ::unsetenv(kNames[i]);
      }
    }
  }
  void set(const std::string& server, const std::string& repo, const std::string& sha) const {
    ::setenv("GITHUB_SERVER_URL", server.c_str(), 1);
    ::setenv("GITHUB_REPOSITORY", repo.c_str(), 1);
    ::setenv("GITHUB_SHA", sha.c_str(), 1);
  }

 private:
  static constexpr const char* kNames[3] = {"GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"};
  std::vector<std::optional<std::string>> saved_;
};

// A monorepo: the config, the code and the docs page of the backend live in backend/, the repo
// root holds a frontend that is not scanned. Findings: SECRET_KEY undocumented, OLD_VAR unread,
// PORT default_mismatch, LOG_LEVEL a case-only default_mismatch (informational), FEATURE_
// dynamic (not in fail_on).
struct Monorepo {
  TempTree tree;
  explicit Monorepo(bool git = true) {
    tree.write("frontend/package.json", "{}\n");
    tree.write("backend/.envdrift.toml", "registry = [\"docs/env.md\"]\n");
    tree.write("backend/app/settings.py",
               "import os\n"
               "\n"
               "DATABASE_URL = os.environ[\"DATABASE_URL\"]\n"
               "PORT = os.getenv(\"PORT\", \"8000\")\n"
               "SECRET = os.getenv(\"SECRET_KEY\")\n"
               "LOG_LEVEL = os.getenv(\"LOG_LEVEL\", \"INFO\")\n"
               "\n"
               "\n"
               "def flag():  # `name` is no parameter: a name computed at run time\n"
               "    return os.getenv(\"FEATURE_\" + name)\n");
    tree.write("backend/docs/env.md",
               "# Backend environment\n"
               "\n"
               "| Variable | Default | Description |\n"
               "|---|---|---|\n"
               "| `DATABASE_URL` | — | Postgres DSN |\n"
               "| `PORT` | `8080` | HTTP port |\n"
               "| `LOG_LEVEL` | `info` | Log level |\n"
               "| `OLD_VAR` | — | No longer read |\n");
    if (git) REQUIRE(envdrift::test::run_shell("git init -q '" + tree.path() + "'") == 0);
  }
  std::string root() const { return tree.path(); }
  std::string backend() const { return tree.abs("backend"); }
  // Output with the temporary directory and the version made stable.
  std::string stable(const std::string& text) const {
    return replace_all(replace_all(text, tree.path(), "/REPO"), std::string("envdrift ") + ENVDRIFT_VERSION,
                       "envdrift VERSION");
  }
};

// The lines of an HTML page a snapshot pins: the verdict, the coverage list and the findings
// table (the inline CSS and script are pinned by test_html.cpp's browser test, not here).
std::string html_core(const std::string& html) {
  std::string out;
  bool in_table = false;
  for (const auto& line : lines_of(html)) {
    if (contains(line, "id=\"verdict\"") || contains(line, "<li")) out += line + "\n";
    if (contains(line, "<table id=\"findings\"")) in_table = true;
    if (in_table) out += line + "\n";
    if (in_table && line == "</table>") in_table = false;
  }
  return out;
}

const char* const kLinkBase = "https://github.com/acme/shop/blob/0123abc/";

}  // namespace

TEST_CASE("default fail kinds agree between the config and the reports", "[formats][policy]") {
  CHECK(default_fail_on() == default_fail_kinds());
}

TEST_CASE("CI paths: repository root, prefix, links", "[formats][paths]") {
  Monorepo repo;
  CHECK(repository_root(repo.backend()) == repo.root());
  CHECK(repository_root(repo.backend() + "/app") == repo.root());
  CHECK(path_prefix(repo.root(), repo.backend()) == "backend/");
  CHECK(path_prefix(repo.root(), repo.root()) == "");
  CHECK(path_prefix(repo.backend(), repo.root()) == "");  // not inside: paths stay scan-root-relative
  CHECK(path_prefix(repo.root() + "/", repo.backend() + "/app/") == "backend/app/");

  GithubEnv env;
  CHECK(link_base("") == "");
  env.set("https://github.example.com/", "acme/shop", "abc123");
  CHECK(link_base("") == "https://github.example.com/acme/shop/blob/abc123/");
  CHECK(link_base("https://gitlab.example.com/acme/shop/-/blob/main") == "https://gitlab.example.com/acme/shop/-/blob/main/");

  LocationStyle style{"backend/", repo.root(), "https://h/o/r/blob/s/"};
  CHECK(style.path("app/a b.py") == "backend/app/a b.py");
  CHECK(style.path("") == "");
  CHECK(style.link("app/a b.py", 7) == "https://h/o/r/blob/s/backend/app/a%20b.py#L7");
  CHECK(style.link("docs/env.md", 0) == "https://h/o/r/blob/s/backend/docs/env.md");
  CHECK(LocationStyle{}.link("x.py", 1) == "");
}

TEST_CASE("CI paths: outside a git repository they are relative to the current directory", "[formats][paths]") {
  Monorepo repo(/*git=*/false);
  std::string cwd = std::filesystem::current_path().generic_string();
  if (repository_root(repo.backend()) != cwd) {
    WARN("the temporary directory is inside a git repository: the fallback cannot be tested here");
    return;
  }
  GithubEnv env;
  auto r = run_envdrift({"check", "backend", "--format", "github"}, repo.root());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "::error file=backend/app/settings.py,line=5,"));
  // run from backend/ itself: the cwd is the base, no prefix
  r = run_envdrift({"check", ".", "--format", "github"}, repo.backend());
  CHECK(contains(r.out, "::error file=app/settings.py,line=5,"));
}

TEST_CASE("config in a subdirectory: every CI format writes repository-relative paths", "[formats][paths][snapshot]") {
  Monorepo repo;
  GithubEnv env;
  struct Case {
    const char* format;
    const char* snapshot;
  };
  for (Case c : {Case{"sarif", "subdir.sarif"}, Case{"github", "subdir.github"}, Case{"rdjsonl", "subdir.rdjsonl"},
                 Case{"markdown", "subdir.md"}, Case{"html", "subdir.html"}}) {
    INFO(c.format);
    // The same output whether envdrift runs from the repository root or from backend/.
    auto from_root = run_envdrift({"check", "backend", "--format", c.format, "--link-base", kLinkBase}, repo.root());
    auto from_backend = run_envdrift({"check", "--format", c.format, "--link-base", kLinkBase}, repo.backend());
    INFO(from_root.err);
    CHECK(from_root.exit_code == 1);
    CHECK(from_backend.exit_code == 1);
    CHECK(from_root.out == from_backend.out);
    std::string out = repo.stable(from_root.out);
    if (std::string(c.format) == "html") out = html_core(out);
    check_snapshot(c.snapshot, std::string("tests/test_formats_ci.cpp Monorepo, check backend --format ") + c.format, out);
    CHECK_FALSE(contains(out, "\"app/settings.py"));
    CHECK_FALSE(contains(out, "file=app/"));
    CHECK_FALSE(contains(out, "`app/"));
  }
  // text and json stay relative to the scan root (the config's directory), as SPEC section 5 says.
  auto text = run_envdrift({"check", "backend"}, repo.root());
  CHECK(contains(text.out, "app/settings.py:5"));
  CHECK_FALSE(contains(text.out, "backend/app/settings.py"));
  json j = json::parse(run_envdrift({"check", "backend", "--format", "json"}, repo.root()).out);
  CHECK(j["findings"][0]["code"][0]["file"] == "app/settings.py");
}

TEST_CASE("config in a subdirectory: SARIF is rooted at the repository and fingerprints are unchanged",
          "[formats][paths][sarif]") {
  Monorepo repo;
  GithubEnv env;
  json run = json::parse(run_envdrift({"check", "backend", "--format", "sarif"}, repo.root()).out)["runs"][0];
  CHECK(run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + repo.root() + "/");
  Strings uris, fingerprints;
  for (const auto& r : run["results"]) {
    uris.push_back(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]);
    fingerprints.push_back(r["partialFingerprints"]["envdriftFinding/v1"]);
  }
  CHECK(uris == Strings{"backend/app/settings.py", "backend/docs/env.md", "backend/app/settings.py",
                        "backend/app/settings.py", "backend/app/settings.py"});
  // kind + service + name: the path is no part of it, so moving the config keeps every alert.
  CHECK(fingerprints == Strings{"undocumented::SECRET_KEY", "unread::OLD_VAR", "default_mismatch::LOG_LEVEL",
                                "default_mismatch::PORT", "dynamic::FEATURE_"});

  // A baseline written from the JSON report matches every SARIF result of the same tree.
  std::string baseline = repo.tree.abs("baseline.json");
  REQUIRE(run_envdrift({"check", "backend", "--write-baseline", baseline}, repo.root()).exit_code == 0);
  auto again = run_envdrift({"check", "backend", "--format", "sarif", "--baseline", baseline}, repo.root());
  CHECK(again.exit_code == 0);
  json run2 = json::parse(again.out)["runs"][0];
  REQUIRE(run2["results"].size() == 5);
  for (const auto& r : run2["results"]) CHECK(r["baselineState"] == "unchanged");
}

TEST_CASE("github: ::error for failing kinds, ::notice for informational ones, end positions", "[formats][github]") {
  Monorepo repo;
  GithubEnv env;
  auto r = run_envdrift({"check", "backend", "--format", "github"}, repo.root());
  CHECK(r.exit_code == 1);
  Strings lines = lines_of(r.out);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        "::error file=backend/app/settings.py,line=5,endLine=5,col=10,endColumn=33,title=envdrift undocumented%3A "
        "SECRET_KEY::read but not documented in docs/env.md");
  CHECK(lines[1].rfind("::error file=backend/docs/env.md,line=8,title=envdrift unread%3A OLD_VAR::", 0) == 0);
  // case-only mismatch and dynamic read: informational, never ::error
  CHECK(lines[2].rfind("::notice file=backend/app/settings.py,line=6,", 0) == 0);
  CHECK(lines[3].rfind("::error file=backend/app/settings.py,line=4,endLine=4,", 0) == 0);
  CHECK(contains(lines[3], "(docs: backend/docs/env.md:6)"));
  CHECK(lines[4].rfind("::notice file=backend/app/settings.py,line=10,", 0) == 0);
  CHECK(lines[5] == "envdrift: 5 new findings (3 failing, 2 informational)");

  // --exit-zero: the same findings, nothing fails: ::warning, exit 0
  r = run_envdrift({"check", "backend", "--format", "github", "--exit-zero"}, repo.root());
  CHECK(r.exit_code == 0);
  CHECK(lines_of(r.out)[0].rfind("::warning file=backend/app/settings.py,line=5,", 0) == 0);
  CHECK(lines_of(r.out)[2].rfind("::notice ", 0) == 0);
  CHECK(lines_of(r.out).back() == "envdrift: 5 new findings (3 not failing (--exit-zero), 2 informational)");
}

TEST_CASE("rdjsonl and SARIF: end positions, severities from the policy, rule docs", "[formats][rdjsonl][sarif]") {
  Monorepo repo;
  GithubEnv env;
  Strings lines = lines_of(run_envdrift({"check", "backend", "--format", "rdjsonl"}, repo.root()).out);
  REQUIRE(lines.size() == 5);
  json first = json::parse(lines[0]);
  json range{{"start", {{"line", 5}, {"column", 10}}}, {"end", {{"line", 5}, {"column", 33}}}};
  CHECK(first["location"] == json{{"path", "backend/app/settings.py"}, {"range", range}});
  CHECK(first["severity"] == "ERROR");
  CHECK(first["code"] == json{{"value", "undocumented"}, {"url", rule_help_uri(FindingKind::Undocumented)}});
  CHECK(json::parse(lines[2])["severity"] == "INFO");  // case-only default_mismatch
  CHECK(json::parse(lines[4])["severity"] == "INFO");  // dynamic

  json run = json::parse(run_envdrift({"check", "backend", "--format", "sarif"}, repo.root()).out)["runs"][0];
  CHECK(run["tool"]["driver"]["informationUri"] == project_uri());
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    INFO(rule["id"]);
    CHECK(rule["helpUri"].get<std::string>().find("#findings") != std::string::npos);
  }
  CHECK(run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "error");
  CHECK(run["tool"]["driver"]["rules"][3]["defaultConfiguration"]["level"] == "note");  // dynamic
  const json& und = run["results"][0];
  CHECK(und["level"] == "error");
  CHECK(und["locations"][0]["physicalLocation"]["region"] ==
        json{{"startLine", 5}, {"startColumn", 10}, {"endLine", 5}, {"endColumn", 33}});
  CHECK(run["results"][2]["level"] == "note");  // case-only
  CHECK(run["results"][4]["level"] == "note");  // dynamic
}

TEST_CASE("check --fail-on decides the exit code and every format's verdict", "[formats][policy]") {
  Monorepo repo;
  GithubEnv env;
  // Only dynamic findings fail: FEATURE_ makes it exit 1.
  auto r = run_envdrift({"check", "backend", "--fail-on", "dynamic", "--format", "github"}, repo.root());
  CHECK(r.exit_code == 1);
  CHECK(lines_of(r.out)[0].rfind("::notice file=backend/app/settings.py,line=5,", 0) == 0);
  CHECK(lines_of(r.out)[4].rfind("::error file=backend/app/settings.py,line=10,", 0) == 0);
  // A kind with no finding: exit 0, and the markdown comment is not red.
  r = run_envdrift({"check", "backend", "--fail-on", "duplicate,wrong_section", "--format", "markdown"}, repo.root());
  CHECK(r.exit_code == 0);
  CHECK(lines_of(r.out)[1] == "### envdrift: ✅ no failing environment-variable drift; ℹ️ 5 informational: 1 "
                              "undocumented, 1 unread, 2 default mismatches, 1 dynamic");
  CHECK_FALSE(contains(r.out, "❌"));
  r = run_envdrift({"check", "backend", "--fail-on", "duplicate", "--format", "html"}, repo.root());
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "<p id=\"verdict\" class=\"verdict clean\">No failing drift, 5 informational</p>"));
  CHECK_FALSE(contains(r.out, "data-level=\"fails\""));
  // repeated and comma-separated, the SARIF spelling accepted
  r = run_envdrift({"check", "backend", "--fail-on", "unread", "--fail-on", "default-mismatch"}, repo.root());
  CHECK(r.exit_code == 1);
  // The default (the config's fail_on): the markdown verdict counts only failing findings.
  r = run_envdrift({"check", "backend", "--format", "markdown"}, repo.root());
  CHECK(r.exit_code == 1);
  CHECK(lines_of(r.out)[1] == "### envdrift: ❌ 3 new findings: 1 undocumented, 1 unread, 1 default mismatch; ℹ️ 2 "
                              "informational: 1 default mismatch, 1 dynamic");
  // --exit-zero: exit 0, a warning verdict, never ❌ or red
  r = run_envdrift({"check", "backend", "--format", "markdown", "--exit-zero"}, repo.root());
  CHECK(r.exit_code == 0);
  CHECK(lines_of(r.out)[1].rfind("### envdrift: ⚠️ 3 new findings, not failing (--exit-zero): ", 0) == 0);
  r = run_envdrift({"check", "backend", "--format", "html", "--exit-zero"}, repo.root());
  CHECK(contains(r.out, "class=\"verdict warn\">3 new findings, not failing (--exit-zero), 2 informational</p>"));
}

TEST_CASE("check --select and --ignore filter every format", "[formats][policy]") {
  Monorepo repo;
  GithubEnv env;
  auto r = run_envdrift({"check", "backend", "--select", "undocumented,unread", "--format", "json"}, repo.root());
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["kind"] == "undocumented");
  CHECK(j["findings"][1]["kind"] == "unread");
  CHECK(j["summary"]["default_mismatch"] == 0);
  for (const char* format : {"text", "markdown", "sarif", "github", "rdjsonl", "html"}) {
    INFO(format);
    auto out = run_envdrift({"check", "backend", "--ignore", "undocumented,unread,default_mismatch", "--format", format},
                            repo.root());
    CHECK(out.exit_code == 0);  // only the dynamic read is left, and it does not fail
    CHECK_FALSE(contains(out.out, "SECRET_KEY"));
    CHECK_FALSE(contains(out.out, "OLD_VAR"));
    CHECK(contains(out.out, "FEATURE_"));
  }
  // --select all --ignore dynamic
  r = run_envdrift({"check", "backend", "--select", "all", "--ignore", "dynamic", "--format", "rdjsonl"}, repo.root());
  CHECK(lines_of(r.out).size() == 4);
}

TEST_CASE("unknown kinds in --fail-on, --select and --ignore are usage errors", "[formats][policy]") {
  Monorepo repo;
  for (const char* option : {"--fail-on", "--select", "--ignore"}) {
    INFO(option);
    auto r = run_envdrift({"check", "backend", option, "undocumented,undocumneted"}, repo.root());
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == std::string("envdrift: error: ") + option +
                       ": unknown finding kind `undocumneted` (known: undocumented, unread, default_mismatch, dynamic, "
                       "wrong_section, duplicate, unresolved, or all)\n");
  }
  CHECK_THROWS_AS(parse_kind_list({"unread", "nope"}, "--select"), KindListError);
  CHECK(parse_kind_list({"unread, default-mismatch", "unread", ""}, "--select") ==
        std::vector<FindingKind>{FindingKind::Unread, FindingKind::DefaultMismatch});
}

TEST_CASE("markdown and html link locations to the blob when GitHub's variables are set", "[formats][links]") {
  Monorepo repo;
  GithubEnv env;
  auto plain = run_envdrift({"check", "backend", "--format", "markdown"}, repo.root());
  CHECK(contains(plain.out, "| `SECRET_KEY` | — | `backend/app/settings.py#L5` |"));
  CHECK_FALSE(contains(plain.out, "](https://"));

  env.set("https://github.com", "acme/shop", "0123abc");
  auto md = run_envdrift({"check", "backend", "--format", "markdown"}, repo.root());
  CHECK(contains(md.out, "| `SECRET_KEY` | — | [`backend/app/settings.py#L5`](https://github.com/acme/shop/blob/0123abc/"
                         "backend/app/settings.py#L5) |"));
  auto html = run_envdrift({"check", "backend", "--format", "html"}, repo.root());
  CHECK(contains(html.out, "<a href=\"https://github.com/acme/shop/blob/0123abc/backend/docs/env.md#L8\">"
                           "backend/docs/env.md:8</a>"));
  // --link-base wins over the environment
  md = run_envdrift({"check", "backend", "--format", "markdown", "--link-base", "https://example.com/src"}, repo.root());
  CHECK(contains(md.out, "](https://example.com/src/backend/app/settings.py#L5)"));
}
