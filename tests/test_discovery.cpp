// File discovery: globs, .gitignore, built-in excludes, symlink loops, binary / non-UTF-8 /
// unreadable files, and the parallel driver's determinism.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "analyzer/core/discovery.h"
#include "analyzer/core/driver.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::diagnostic_for;
using envdrift::test::scan_options;
using envdrift::test::TempTree;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> rels(const Discovery& d) {
  std::vector<std::string> out;
  for (auto& f : d.files) out.push_back(f.rel);
  return out;
}
}  // namespace

TEST_CASE("glob_match: ** crosses directories, * stays in a segment", "[discovery]") {
  CHECK(glob_match("services/**", "services/api/src/a.ts"));
  CHECK(glob_match("**/node_modules/**", "node_modules/x/index.js"));
  CHECK(glob_match("**/node_modules/**", "apps/web/node_modules/x/index.js"));
  CHECK(glob_match("**/*_test.go", "svc/internal/config_test.go"));
  CHECK(glob_match("**/*_test.go", "config_test.go"));
  CHECK_FALSE(glob_match("**/*_test.go", "svc/config.go"));
  CHECK(glob_match("*.py", "a.py"));
  CHECK_FALSE(glob_match("*.py", "pkg/a.py"));
  CHECK(glob_match("pkg/*.py", "pkg/a.py"));
  CHECK(glob_match("apps/*/src/**", "apps/web/src/x/y.ts"));
  CHECK_FALSE(glob_match("apps/*/src/**", "apps/web/lib/y.ts"));
  CHECK(glob_match("a/**/b/*.ts", "a/x/y/b/c.ts"));
  CHECK(glob_match("a/**/b/*.ts", "a/b/c.ts"));
  CHECK(glob_match("tests/", "tests/a/b.py"));
  CHECK(glob_match("?.ts", "a.ts"));
  CHECK_FALSE(glob_match("?.ts", "ab.ts"));
  // The literal-run pre-check (every run between `*`, `?` and `/` must occur in the path) rejects
  // early but never wrongly: a run present elsewhere in the path still goes to the full match.
  CHECK_FALSE(glob_match("**/dist/**", "distro/dist.ts"));
  CHECK(glob_match("**/dist/**", "web/dist/a.js"));
  CHECK(glob_match("/src/", "src/a.ts"));
  CHECK(glob_match("**/*.min.js", "a/b.min.js"));
  CHECK_FALSE(glob_match("**/*.min.js", "a/min.b.js"));
}

TEST_CASE("discovery picks source files by extension and skips built-in and configured excludes", "[discovery]") {
  TempTree t;
  t.write("svc/a.ts", "");
  t.write("svc/b.d.ts", "");
  t.write("svc/c.py", "");
  t.write("svc/d.go", "");
  t.write("svc/d_test.go", "");
  t.write("svc/README.md", "");
  t.write("node_modules/x/index.js", "");
  t.write("svc/.venv/lib/site.py", "");
  t.write("svc/generated/gen.ts", "");
  ScanOptions o = scan_options(t);
  o.exclude = {"**/generated/**"};
  // A Go test file is dev code (classified by the CLI), not excluded.
  CHECK(rels(discover(o)) == std::vector<std::string>{"svc/a.ts", "svc/c.py", "svc/d.go", "svc/d_test.go"});
  o.include = {"**/*.py"};
  CHECK(rels(discover(o)) == std::vector<std::string>{"svc/c.py"});
}

TEST_CASE("discovery honours .gitignore inside a git repository", "[discovery]") {
  TempTree t;
  REQUIRE(envdrift::test::run_shell("git init -q " + t.path()) == 0);
  t.write(".gitignore", "out/\n*.gen.ts\n");
  t.write("src/a.ts", "");
  t.write("src/b.gen.ts", "");
  t.write("out/bundle.js", "");
  ScanOptions o = scan_options(t);
  CHECK(rels(discover(o)) == std::vector<std::string>{"src/a.ts"});
  o.use_gitignore = false;
  CHECK(rels(discover(o)) == std::vector<std::string>{"out/bundle.js", "src/a.ts", "src/b.gen.ts"});
}

TEST_CASE("a symlink loop is detected and walked once", "[discovery]") {
  TempTree t;
  t.write("a/x.py", "import os\nos.getenv('X')\n");
  fs::create_directory_symlink(t.abs("a"), t.abs("a/loop"));
  Discovery d = discover(scan_options(t));
  CHECK(rels(d) == std::vector<std::string>{"a/x.py"});
  bool noted = false;
  for (auto& diag : d.diagnostics) noted = noted || diag.message.find("symlink loop") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("binary and non-UTF-8 files are skipped with a note, and an unreadable file is an error", "[discovery]") {
  TempTree t;
  t.write("ok.py", "import os\nos.getenv(\"OK\")\n");
  t.write("bin.py", std::string("import os\0\x01\x02os.getenv(\"BIN\")\n", 30));
  t.write("latin1.py", "import os\n# caf\xe9\nos.getenv(\"LATIN\")\n");
  fs::create_symlink(t.abs("missing-target.py"), t.abs("dangling.py"));
  ScanResult r = scan(scan_options(t));
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "OK");
  CHECK(r.files_scanned == 4);
  auto find = [&](const std::string& file) -> const Diagnostic* {
    for (auto& d : r.diagnostics)
      if (d.file == file) return &d;
    return nullptr;
  };
  REQUIRE(find("bin.py") != nullptr);
  CHECK(find("bin.py")->severity == Diagnostic::Severity::Note);
  CHECK(find("bin.py")->message == "binary file skipped");
  REQUIRE(find("latin1.py") != nullptr);
  CHECK(find("latin1.py")->severity == Diagnostic::Severity::Note);
  CHECK(find("latin1.py")->message.find("not valid UTF-8") != std::string::npos);
  REQUIRE(find("dangling.py") != nullptr);
  CHECK(find("dangling.py")->severity == Diagnostic::Severity::Error);
  CHECK(find("dangling.py")->message.find("cannot read file") != std::string::npos);
}

TEST_CASE("the parallel driver gives the same result for any number of jobs", "[discovery]") {
  TempTree t;
  for (int i = 0; i < 40; ++i) {
    t.write("p/m" + std::to_string(i) + ".py", "import os\nA = os.getenv(\"V" + std::to_string(i) + "\", \"d\")\n");
  }
  ScanOptions o = scan_options(t);
  o.jobs = 1;
  ScanResult one = scan(o);
  o.jobs = 4;
  ScanResult four = scan(o);
  REQUIRE(one.reads.size() == 40);
  REQUIRE(four.reads.size() == 40);
  for (size_t i = 0; i < 40; ++i) {
    CHECK(one.reads[i].name == four.reads[i].name);
    CHECK(one.reads[i].file == four.reads[i].file);
  }
  CHECK(one.reads[0].file == "p/m0.py");
  CHECK(one.reads[0].line == 2);
}

TEST_CASE("suppression comments attach to the read's line or the line above", "[discovery]") {
  FileResult r = analyze_text("s.py",
                              "import os\n"
                              "a = os.getenv(\"A\")  # envdrift: ignore[undocumented]\n"
                              "# envdrift: ignore\n"
                              "b = os.getenv(\"B\")\n"
                              "c = os.getenv(\"C\")\n");
  REQUIRE(r.reads.size() == 3);
  CHECK(r.reads[0].suppressions == std::vector<std::string>{"undocumented"});
  CHECK(r.reads[1].suppressions == std::vector<std::string>{""});
  CHECK(r.reads[2].suppressions.empty());
}
