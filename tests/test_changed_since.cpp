// --changed-since REF in a temporary git repository built by the test: only findings in files
// changed since REF, unread findings for reads removed in the range, doc-line changes.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "cli/changed_since.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::TempTree;

namespace {

const char* kDocs =
    "# Env\n\n| Variable | Default | Description |\n|---|---|---|\n"
    "| `DOCUMENTED_VAR` | — | read |\n"
    "| `LEGACY_URL` | — | read until the change |\n"
    "| `NEVER_READ` | — | never read, before or after |\n";

std::string git(const TempTree& t, const std::string& args) {
  return "git -C '" + t.path() + "' -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false " + args +
         " >/dev/null 2>&1";
}

void commit_all(const TempTree& t, const std::string& message) {
  REQUIRE(run_shell(git(t, "add -A")) == 0);
  REQUIRE(run_shell(git(t, "commit -q -m '" + message + "'")) == 0);
}

// The committed project: app.ts reads two documented vars, old.ts an undocumented one.
void committed_project(const TempTree& t) {
  REQUIRE(run_shell(git(t, "init -q")) == 0);
  t.write("docs/env.md", kDocs);
  t.write("src/app.ts", "const a = process.env.DOCUMENTED_VAR;\nconst b = process.env.LEGACY_URL;\n");
  t.write("src/old.ts", "export const x = process.env.UNDOC_OLD;\n");
  commit_all(t, "base");
}

using Found = std::set<std::pair<std::string, std::string>>;  // (kind, name)

Found findings_of(const std::string& json_text) {
  Found out;
  auto j = nlohmann::json::parse(json_text);
  for (const auto& f : j["findings"]) out.emplace(f["kind"].get<std::string>(), f["name"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("changed-since keeps findings of changed files and reads removed in the range", "[changed-since]") {
  TempTree t;
  committed_project(t);
  // Remove the last read of LEGACY_URL, add an undocumented read; a new untracked Python file.
  t.write("src/app.ts", "const a = process.env.DOCUMENTED_VAR;\nconst c = process.env.NEW_UNDOC;\n");
  t.write("tools/job.py", "import os\nos.environ.get('PY_NEW')\n");

  auto all = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json"});
  INFO(all.out << all.err);
  CHECK(findings_of(all.out) == Found{{"undocumented", "NEW_UNDOC"}, {"undocumented", "PY_NEW"},
                                      {"undocumented", "UNDOC_OLD"}, {"unread", "LEGACY_URL"},
                                      {"unread", "NEVER_READ"}});

  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json",
                         "--changed-since", "HEAD"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(findings_of(r.out) == Found{{"undocumented", "NEW_UNDOC"}, {"undocumented", "PY_NEW"},
                                    {"unread", "LEGACY_URL"}});
  CHECK(nlohmann::json::parse(r.out)["changed_since"] == "HEAD");

  auto text = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--changed-since", "HEAD"});
  CHECK(text.out.find("; only files changed since HEAD\n") != std::string::npos);

  // Once committed, nothing changed since HEAD: a clean run.
  commit_all(t, "change");
  auto clean = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json",
                             "--changed-since", "HEAD"});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(findings_of(clean.out).empty());
  // ...and HEAD~1 is the whole range again.
  auto range = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json",
                             "--changed-since", "HEAD~1"});
  CHECK(findings_of(range.out) == Found{{"undocumented", "NEW_UNDOC"}, {"undocumented", "PY_NEW"},
                                        {"unread", "LEGACY_URL"}});
}

TEST_CASE("changed-since: a file moved unchanged brings no findings, a file moved and edited does", "[changed-since]") {
  TempTree t;
  committed_project(t);
  // old.ts (reads the undocumented UNDOC_OLD) moves, staged and unstaged: nothing is new.
  REQUIRE(run_shell(git(t, "mv src/old.ts src/moved.ts")) == 0);
  REQUIRE(run_shell("mv '" + t.abs("src/app.ts") + "' '" + t.abs("src/main.ts") + "'") == 0);
  Changes c = collect_changes(t.path(), "HEAD");
  CHECK(c.files.empty());
  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json",
                         "--changed-since", "HEAD"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(findings_of(r.out).empty());

  // Moved and edited: the file counts as changed (its findings are listed), only the edited line
  // is added, and the old path's reads at REF are compared (LEGACY_URL's read went away).
  REQUIRE(run_shell(git(t, "mv src/moved.ts src/old.ts")) == 0);
  REQUIRE(run_shell("mv '" + t.abs("src/main.ts") + "' '" + t.abs("src/app.ts") + "'") == 0);
  std::string body;
  for (int i = 0; i < 20; ++i) body += "export function f" + std::to_string(i) + "(a: number): number { return a + " + std::to_string(i) + "; }\n";
  t.write("src/big.ts", "const b = process.env.LEGACY_URL;\n" + body);
  commit_all(t, "a bigger file");
  REQUIRE(run_shell("rm '" + t.abs("src/big.ts") + "'") == 0);
  t.write("src/renamed.ts", "const b = process.env.LEGACY;\n" + body);
  REQUIRE(run_shell("sed -i 's/LEGACY_URL/LEGACY_OTHER/' '" + t.abs("src/app.ts") + "'") == 0);
  Changes edited = collect_changes(t.path(), "HEAD");
  CHECK(edited.files == std::set<std::string>{"src/app.ts", "src/big.ts", "src/renamed.ts"});
  CHECK(edited.new_files.empty());
  CHECK(edited.added_lines["src/renamed.ts"] == std::set<int>{1});
  CHECK(edited.names_read_at_ref.count("LEGACY_URL") == 1);
  auto e = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json",
                         "--changed-since", "HEAD"});
  INFO(e.out << e.err);
  CHECK(findings_of(e.out) == Found{{"undocumented", "LEGACY"}, {"undocumented", "LEGACY_OTHER"}, {"unread", "LEGACY_URL"}});
}

TEST_CASE("changed-since keeps doc-side findings whose doc line changed", "[changed-since]") {
  TempTree t;
  committed_project(t);
  std::string docs = kDocs;
  docs.replace(docs.find("never read, before or after"), 27, "still never read");
  t.write("docs/env.md", docs);
  Changes c = collect_changes(t.path(), "HEAD");
  CHECK(c.files == std::set<std::string>{"docs/env.md"});
  CHECK(c.added_lines["docs/env.md"] == std::set<int>{7});
  CHECK(c.names_read_at_ref.empty());  // no source file changed

  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json",
                         "--changed-since", "HEAD"});
  INFO(r.out << r.err);
  CHECK(findings_of(r.out) == Found{{"unread", "NEVER_READ"}});
}

TEST_CASE("changes are read from the object database relative to a sub-directory root", "[changed-since]") {
  TempTree t;
  REQUIRE(run_shell(git(t, "init -q")) == 0);
  t.write("svc/src/a.go", "package a\nimport \"os\"\nvar P = os.Getenv(\"GO_PORT\")\n");
  t.write("svc/src/b.py", "import os\nos.environ['PY_KEY']\n");
  t.write("README.md", "x\n");
  commit_all(t, "base");
  t.write("svc/src/a.go", "package a\n");
  REQUIRE(run_shell("rm '" + t.abs("svc/src/b.py") + "'") == 0);  // a deleted file's reads count too
  t.write("README.md", "y\n");  // outside the root: not a changed file of the scan
  Changes c = collect_changes(t.abs("svc"), "HEAD");
  CHECK(c.files == std::set<std::string>{"src/a.go", "src/b.py"});
  CHECK(c.names_read_at_ref == std::set<std::string>{"GO_PORT", "PY_KEY"});
  CHECK(c.new_files.empty());
}

TEST_CASE("changed-since: a bad REF or no repository exits 2", "[changed-since]") {
  TempTree t;
  t.write("docs/env.md", kDocs);
  t.write("src/app.ts", "const a = process.env.DOCUMENTED_VAR;\n");
  auto no_repo = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--changed-since", "HEAD"});
  CHECK(no_repo.exit_code == 2);
  CHECK(no_repo.err.find("is not inside a git repository") != std::string::npos);

  REQUIRE(run_shell(git(t, "init -q")) == 0);
  commit_all(t, "base");
  auto bad_ref = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--changed-since", "no-such-ref"});
  CHECK(bad_ref.exit_code == 2);
  CHECK(bad_ref.err.find("unknown revision `no-such-ref`") != std::string::npos);
  CHECK_THROWS_AS(collect_changes(t.path(), "no-such-ref"), ChangedSinceError);
}
