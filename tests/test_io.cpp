// Hostile inputs on disk (issue 18): a FIFO, a device behind a symlink, an oversized file, a
// directory the scan may not list and a pathological glob must neither hang, exhaust memory nor
// leave a silent hole in the result.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "analyzer/core/cache.h"
#include "analyzer/core/driver.h"
#include "analyzer/core/io.h"
#include "cli/config.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::diagnostic_for;
using envdrift::test::scan_options;
using envdrift::test::TempTree;
namespace fs = std::filesystem;

namespace {



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
  ScanResult r = scan(scan_options(t));  // must return: a blocking open of the FIFO would hang here
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
  ScanOptions o = scan_options(t);
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
    ScanOptions o = scan_options(t);
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
  ScanResult r = scan(scan_options(t));
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

TEST_CASE("a file with lone CR line ends has real line numbers", "[io]") {
  // Before: tree-sitter counts rows by LF only, so every read and syntax error was "at line 1".
  FileResult r = analyze_text("a.py", "import os\rA = os.getenv(\"A\")\rdef f(:\r  pass\r");
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].line == 2);
  CHECK(r.reads[0].column == 5);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].line == 3);
  CHECK(r.diagnostics[0].message == "syntax error at line 3; reads in the well-formed parts were kept");
  FileResult crlf = analyze_text("b.ts", "const x = 1;\r\nconst a = process.env.A;\r\n");
  REQUIRE(crlf.reads.size() == 1);
  CHECK(crlf.reads[0].line == 2);
}

TEST_CASE("control characters in file names are escaped in every report", "[io][cli]") {
  TempTree t;
  t.write(".env.example", "A=\n");
  t.write("evil\x1b[31m\nb.py", "import os\nos.getenv(\"UNDOC\")\n");
  t.write("a.py", "import os\nos.getenv(\"A\")\n");
  auto r = run_envdrift({"check", t.path(), "--no-cache"});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "evil\\x1b[31m\\x0ab.py:2"));
  CHECK_FALSE(contains(r.out, "\x1b"));
  auto j = run_envdrift({"scan", t.path(), "--no-cache", "--format", "json"});
  CHECK(contains(j.out, "evil\\\\x1b[31m\\\\x0ab.py"));  // JSON escapes the backslash once more
}

TEST_CASE("paths that cannot be scanned say why, never \"does not exist\"", "[io][cli]") {
  auto dev = run_envdrift({"check", "/dev/null"});
  CHECK(dev.exit_code == 2);
  CHECK(dev.err == "envdrift: error: not a directory or a regular file: /dev/null\n");
  TempTree t;
  t.write("a.py", "import os\nos.getenv('A')\n");
  auto cfg_dir = run_envdrift({"scan", t.path(), "--config", t.path()});
  CHECK(cfg_dir.exit_code == 2);
  CHECK(cfg_dir.err == "envdrift: error: " + t.path() + ": cannot read the config file: is a directory\n");
  auto cfg_dev = run_envdrift({"scan", t.path(), "--config", "/dev/null"});
  CHECK(cfg_dev.exit_code == 2);
  CHECK(cfg_dev.err == "envdrift: error: /dev/null: cannot read the config file: is a character device\n");
  auto missing = run_envdrift({"scan", t.abs("nope")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "envdrift: error: path does not exist: " + t.abs("nope") + "\n");
  // EACCES as an unprivileged user: a file under a directory it may not search.
  REQUIRE(::chmod(t.path().c_str(), 0700) == 0);
  std::string out = t.path() + ".out";
  std::string run_as = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  int rc = run_shell(run_as + ENVDRIFT_BINARY + " scan " + t.abs("a.py") + " --no-cache > " + out + " 2>&1");
  std::string text = test::read_text(out);
  fs::remove(out);
  CHECK(rc == 2);
  CHECK(text == "envdrift: error: cannot access path " + t.abs("a.py") + ": Permission denied\n");
}

TEST_CASE("service roots outside the tree and a service declared twice are config errors", "[io][config]") {
  auto error_of = [](const std::string& text) {
    try {
      parse_config(text, "/x/.envdrift.toml");
    } catch (const ConfigError& e) {
      return e.message;
    }
    return std::string("accepted");
  };
  CHECK(error_of("[[service]]\nname = \"a\"\nroots = [\"../other\"]\n") ==
        "/x/.envdrift.toml:1:1: [[service]] `a`: root `../other` is outside the scan root (roots are relative to the "
        "directory of .envdrift.toml)");
  CHECK(error_of("[[service]]\nname = \"a\"\nroots = [\"/srv/a\"]\n").find("root `/srv/a` is outside the scan root") !=
        std::string::npos);
  CHECK(error_of("[[service]]\nname = \"a\"\nroots = [\"a\"]\n[[service]]\nname = \"a\"\nroots = [\"b\"]\n") ==
        "/x/.envdrift.toml:4:1: [[service]] `a` is declared twice");
  CHECK(error_of("[[service]]\nname = \"a\"\nroots = [\"svc/../a\"]\n") == "accepted");
}

TEST_CASE("a parse that timed out is reported and not cached", "[io][cache]") {
  TempTree t, cache_dir;
  std::string big = "import os\nA = os.getenv(\"A\")\n";
  // Every statement uses `A`, which the read declares: partial parsing keeps them all (analyzer/core/partial.h).
  for (int i = 0; i < 20000; ++i) big += "x" + std::to_string(i) + " = [A, 2, (3, 4), {5: 6}]\n";
  t.write("a.py", big);
  ScanOptions o = scan_options(t);
  o.use_cache = true;
  o.cache_dir = cache_dir.path();
  ::setenv("ENVDRIFT_PARSE_TIMEOUT_MS", "0", 1);  // 1 µs: any real file times out
  ScanResult slow = scan(o);
  ::unsetenv("ENVDRIFT_PARSE_TIMEOUT_MS");
  CHECK(slow.reads.empty());
  const Diagnostic* d = diagnostic_for(slow, "a.py");
  REQUIRE(d != nullptr);
  CHECK(d->severity == Diagnostic::Severity::Error);
  CHECK(d->message == "parsing timed out; the file's reads are missing from the report");
  ScanResult again = scan(o);  // before: the timeout came back from the cache on every run
  REQUIRE(again.reads.size() == 1);
  CHECK(again.reads[0].name == "A");
  CHECK(again.files_from_cache == 0);
}

namespace {

// The byte-by-byte definition invalid_utf8_at must keep.
size_t invalid_utf8_reference(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace

TEST_CASE("invalid_utf8_at agrees with the byte-by-byte definition at every offset", "[io]") {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces{"a", "abcdefgh", "é", "€", "😀", "\x80", "\xc3", "\xe2\x82", "\xf0\x9f\x98",
                                        "\xff", "\n", "0123456789abcdef"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    INFO(s.size() << " bytes");
    REQUIRE(invalid_utf8_at(s) == invalid_utf8_reference(s));
  }
  // A bad byte at every position of a long ASCII text, and at its very end.
  std::string ascii(100, 'x');
  for (size_t at = 0; at < ascii.size(); ++at) {
    std::string s = ascii;
    s[at] = '\x80';
    CHECK(invalid_utf8_at(s) == at);
    s[at] = '\xc3';  // a lead byte cut short, or followed by ASCII
    CHECK(invalid_utf8_at(s) == at);
  }
  CHECK(invalid_utf8_at(ascii) == std::string_view::npos);
  CHECK(invalid_utf8_at(ascii + "é") == std::string_view::npos);
  CHECK(invalid_utf8_at("") == std::string_view::npos);
}
