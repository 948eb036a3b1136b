// Hostile inputs on disk (issue 18): a FIFO, a device behind a symlink, an oversized file, a
// directory the scan may not list and a pathological glob must neither hang, exhaust memory nor
// leave a silent hole in the result.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <string>

#include "analyzer/core/cache.h"
#include "analyzer/core/driver.h"
#include "analyzer/core/io.h"
#include "cli/config.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::TempTree;
namespace fs = std::filesystem;

namespace {

ScanOptions opts(const TempTree& t) {
  ScanOptions o;
  o.root = t.path();
  o.paths = {t.path()};
  return o;
}

const Diagnostic* diagnostic_for(const ScanResult& r, const std::string& file) {
  for (auto& d : r.diagnostics)
    if (d.file == file) return &d;
  return nullptr;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("read_regular_file refuses FIFOs, devices and directories without blocking", "[io]") {
  TempTree t;
  REQUIRE(::mkfifo(t.abs("pipe.ts").c_str(), 0644) == 0);
  fs::create_symlink("/dev/zero", t.abs("zero.py"));
  fs::create_directory(t.abs("dir.go"));
  std::string out;
  ReadResult fifo = read_regular_file(t.abs("pipe.ts"), out);
  CHECK(fifo.status == ReadStatus::NotRegular);
  CHECK(fifo.error == "is a FIFO (named pipe)");
  ReadResult zero = read_regular_file(t.abs("zero.py"), out);
  CHECK(zero.status == ReadStatus::NotRegular);
  CHECK(zero.error == "is a character device");
  CHECK(out.empty());
  ReadResult dir = read_regular_file(t.abs("dir.go"), out);
  CHECK(dir.status == ReadStatus::NotRegular);
  CHECK(dir.error == "is a directory");
  ReadResult missing = read_regular_file(t.abs("nope.py"), out);
  CHECK(missing.status == ReadStatus::NotFound);
  CHECK(missing.error == "No such file or directory");
}

TEST_CASE("read_regular_file enforces the size cap before reading", "[io]") {
  TempTree t;
  t.write("big.py", std::string(5000, 'x'));
  std::string out;
  ReadResult r = read_regular_file(t.abs("big.py"), out, 4096);
  CHECK(r.status == ReadStatus::TooLarge);
  CHECK(r.error == "4 KiB, over the 4 KiB cap");
  CHECK(out.empty());
  ReadResult ok = read_regular_file(t.abs("big.py"), out, 5000);
  CHECK(ok.ok());
  CHECK(out.size() == 5000);
  CHECK(human_size(16u << 20) == "16 MiB");
  CHECK(human_size(3u << 19) == "1.5 MiB");
  CHECK(human_size(100) == "100 bytes");
}

TEST_CASE("scan: a FIFO and a /dev/zero symlink with source names are skipped with a warning", "[io][discovery]") {
  TempTree t;
  t.write("ok.py", "import os\nos.getenv(\"OK\")\n");
  REQUIRE(::mkfifo(t.abs("pipe.ts").c_str(), 0644) == 0);
  fs::create_symlink("/dev/zero", t.abs("zero.py"));
  ScanResult r = scan(opts(t));  // must return: a blocking open of the FIFO would hang here
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "OK");
  const Diagnostic* zero = diagnostic_for(r, "zero.py");
  REQUIRE(zero != nullptr);
  CHECK(zero->severity == Diagnostic::Severity::Warning);
  CHECK(zero->message == "skipped: is a character device");
  if (const Diagnostic* pipe = diagnostic_for(r, "pipe.ts")) {  // discovery may not list it at all
    CHECK(pipe->severity == Diagnostic::Severity::Warning);
    CHECK(pipe->message == "skipped: is a FIFO (named pipe)");
  }
}

TEST_CASE("scan: a source file over max_file_size is skipped with a warning naming the setting", "[io][discovery]") {
  TempTree t;
  t.write("small.py", "import os\nos.getenv(\"SMALL\")\n");
  t.write("huge.py", "import os\nos.getenv(\"HUGE\")\n" + std::string(3000, '#') + "\n");
  ScanOptions o = opts(t);
  o.max_file_size = 2048;
  ScanResult r = scan(o);
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "SMALL");
  const Diagnostic* d = diagnostic_for(r, "huge.py");
  REQUIRE(d != nullptr);
  CHECK(d->severity == Diagnostic::Severity::Warning);
  CHECK(d->message == "skipped: 2 KiB, over the 2 KiB cap (raise `max_file_size` to analyze it)");
}

TEST_CASE("max_file_size in the config: bytes or a unit, and a clear error otherwise", "[io][config]") {
  CHECK(parse_config("max_file_size = 1000\n", "/x/.envdrift.toml").max_file_size == 1000);
  CHECK(parse_config("max_file_size = \"32 MiB\"\n", "/x/.envdrift.toml").max_file_size == (32u << 20));
  CHECK(parse_config("max_file_size = \"512KiB\"\n", "/x/.envdrift.toml").max_file_size == 512u * 1024);
  CHECK(parse_config("", "/x/.envdrift.toml").max_file_size == kDefaultMaxFileSize);
  for (const char* bad : {"max_file_size = 0\n", "max_file_size = -4\n", "max_file_size = \"lots\"\n",
                          "max_file_size = \"12 parsecs\"\n", "max_file_size = true\n"}) {
    try {
      parse_config(bad, "/x/.envdrift.toml");
      FAIL("accepted: " << bad);
    } catch (const ConfigError& e) {
      CHECK(e.message == "/x/.envdrift.toml:1:17: `max_file_size` must be a positive number of bytes or a size such as \"32 MiB\"");
    }
  }
}

TEST_CASE("a directory the scan may not list is an error (exit 3), never a silent hole", "[io][cli]") {
  TempTree t;
  t.write(".env.example", "A=\nB=\n");
  t.write("a.py", "import os\nos.getenv('A')\n");
  t.write("locked/b.py", "import os\nos.getenv('B')\n");
  REQUIRE(::chmod(t.path().c_str(), 0755) == 0);
  REQUIRE(::chmod(t.abs("locked").c_str(), 0) == 0);
  // Root lists any directory whatever its bits: run envdrift as nobody when the tests run as root.
  std::string out = t.path() + ".out";
  std::string run_as = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  int rc = run_shell(run_as + ENVDRIFT_BINARY + " check " + t.path() + " --no-cache > " + out + " 2>&1");
  REQUIRE(::chmod(t.abs("locked").c_str(), 0755) == 0);
  std::string text = test::read_text(out);
  fs::remove(out);
  CHECK(rc == 3);
  CHECK(contains(text, "locked"));
  CHECK(contains(text, "cannot list directory: Permission denied; its reads are missing from the report"));
}

TEST_CASE("glob_match is linear in the number of ** segments", "[io][discovery]") {
  std::string pattern;
  for (int i = 0; i < 60; ++i) pattern += "**/";
  pattern += "x";
  std::string path;
  for (int i = 0; i < 200; ++i) path += "d/";
  path += "y";
  CHECK_FALSE(glob_match(pattern, path));  // a backtracking matcher never returns here
  CHECK(glob_match(pattern, path.substr(0, path.size() - 1) + "x"));
  CHECK(glob_match("a/**/b/**/c.py", "a/x/y/b/c.py"));
  CHECK(glob_match("**", "a/b"));
  CHECK_FALSE(glob_match("a/**/b", "a/x"));
}

TEST_CASE("a cache file that is a FIFO or a /dev/zero symlink is ignored, not read", "[io][cache]") {
  for (bool fifo : {true, false}) {
    TempTree t, cache_dir;
    t.write("a.py", "import os\nos.getenv(\"A\")\n");
    ScanOptions o = opts(t);
    o.use_cache = true;
    o.cache_dir = cache_dir.path();
    std::string file = cache::cache_file(cache_dir.path(), t.path());
    if (fifo) REQUIRE(::mkfifo(file.c_str(), 0644) == 0);
    else fs::create_symlink("/dev/zero", file);
    ScanResult r = scan(o);  // before: blocked forever on the FIFO, or read /dev/zero until memory ran out
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "A");
    CHECK(r.files_from_cache == 0);
    ScanResult again = scan(o);  // the cache was written over the special file
    CHECK(again.files_from_cache + again.files_not_read == 1);
  }
}

TEST_CASE("a .gitignore pattern with many ** is not handed to libgit2: that file is not applied, with a warning",
          "[io][discovery]") {
  // Before: libgit2's matcher is exponential in `**`; 12 of them on a 30-deep tree took minutes.
  TempTree t;
  REQUIRE(run_shell("git init -q " + t.path()) == 0);
  t.write(".gitignore", "skipped.py\n");
  std::string deep = "svc";
  for (int i = 0; i < 30; ++i) deep += "/d" + std::to_string(i);
  t.write(deep + "/a.py", "import os\nos.getenv(\"DEEP\")\n");
  t.write("skipped.py", "import os\nos.getenv(\"ROOT_RULE\")\n");      // the root .gitignore applies outside svc/
  t.write("svc/skipped.py", "import os\nos.getenv(\"UNDER_SVC\")\n");  // no rule applies under svc/
  t.write("svc/local.py", "import os\nos.getenv(\"LOCAL_RULE\")\n");
  std::string pattern;
  for (int i = 0; i < 12; ++i) pattern += "**/";
  t.write("svc/.gitignore", "# generated\nlocal.py\n" + pattern + "zz\n");
  ScanResult r = scan(opts(t));
  std::vector<std::string> names;
  for (const auto& read : r.reads) names.push_back(read.name);
  CHECK(names == std::vector<std::string>{"DEEP", "LOCAL_RULE", "UNDER_SVC"});
  const Diagnostic* d = diagnostic_for(r, "svc/.gitignore");
  REQUIRE(d != nullptr);
  CHECK(d->severity == Diagnostic::Severity::Warning);
  CHECK(d->line == 3);
  CHECK(d->message == "a pattern with 12 `**` is too costly to match (libgit2 is exponential in them; at most 3); "
                      "no ignore rules are applied under svc/, so files they would ignore are scanned");
}
