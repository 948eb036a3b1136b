// The content-hash result cache (SPEC section 7): a re-run of an unchanged tree parses nothing,
// an edit re-parses what it must (the file, and the files that resolve through it), a broken
// cache is ignored, `--no-cache` writes nothing, and the cache never lands in the scanned tree.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/core/cache.h"
#include "analyzer/core/discovery.h"
#include "analyzer/core/driver.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::describe_reads;
using envdrift::test::run_envdrift;
using envdrift::test::TempTree;

namespace fs = std::filesystem;

namespace {

// A copy of fixtures/resolve/<scenario> in a temporary tree.
void copy_fixture(const std::string& scenario, const TempTree& tree) {
  fs::copy(envdrift::test::source_dir() + "/fixtures/resolve/" + scenario, tree.path(), fs::copy_options::recursive);
}

ScanOptions options_for(const TempTree& tree, const TempTree& cache_dir, bool use_cache = true) {
  ScanOptions o;
  o.root = tree.path();
  o.paths = {tree.path()};
  o.use_gitignore = false;
  o.use_cache = use_cache;
  o.cache_dir = cache_dir.path();
  o.cache_salt = "envdrift test";
  return o;
}

// Every file below `dir`, relative to it, sorted.
std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    out.push_back(fs::relative(it->path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> describe_diagnostics(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics)
    out.push_back(std::string(severity_name(d.severity)) + " " + d.file + ":" + std::to_string(d.line) + " " + d.message);
  return out;
}

std::vector<std::string> describe_suppressions(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.suppressions) {
    std::string s = c.file + ":" + std::to_string(c.line);
    for (const auto& k : c.kinds) s += " [" + k + "]";
    out.push_back(s);
  }
  return out;
}

// The cached scan must say exactly what a scan without the cache says.
void check_same_as_uncached(const ScanResult& warm, const TempTree& tree, const TempTree& cache_dir) {
  ScanResult cold = scan(options_for(tree, cache_dir, false));
  CHECK(describe_reads(warm) == describe_reads(cold));
  CHECK(describe_diagnostics(warm) == describe_diagnostics(cold));
  CHECK(describe_suppressions(warm) == describe_suppressions(cold));
  CHECK(warm.files_parsed == cold.files_parsed);
  CHECK(warm.files_scanned == cold.files_scanned);
}

std::string replace_in(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = envdrift::test::read_text(path);
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(path, std::ios::binary) << text;
  return text;
}

}  // namespace

TEST_CASE("a second scan of an unchanged tree takes every result from the cache", "[cache]") {
  TempTree tree, cache_dir;
  copy_fixture("cross_file", tree);
  tree.write("src/ignored.ts", "// envdrift: ignore[direct]\nexport const x = process.env.SUPPRESSED_VAR;\n");
  tree.write("src/blob.ts", std::string("\0\1\2binary", 9));
  ScanOptions o = options_for(tree, cache_dir);

  ScanResult first = scan(o);
  CHECK(first.files_from_cache == 0);
  CHECK(first.files_parsed == 6);  // every text file mentions `env` / `Env` / `ENV`; blob.ts is binary
  REQUIRE(!first.cache_file.empty());
  CHECK(first.cache_note.empty());
  CHECK(fs::is_regular_file(first.cache_file));
  CHECK(fs::path(first.cache_file).parent_path() == fs::path(cache_dir.path()));

  ScanResult second = scan(o);
  CHECK(second.files_parsed == 6);
  CHECK(second.files_from_cache == 6);  // parsed nothing
  CHECK(describe_reads(second) == describe_reads(first));
  CHECK(describe_diagnostics(second) == describe_diagnostics(first));
  CHECK(describe_diagnostics(second) == std::vector<std::string>{"note src/blob.ts:0 binary file skipped"});
  CHECK(describe_suppressions(second) == std::vector<std::string>{"src/ignored.ts:1 [direct]"});
  REQUIRE(second.reads.size() == first.reads.size());
  for (size_t i = 0; i < first.reads.size(); ++i) {
    CHECK(second.reads[i].column == first.reads[i].column);
    CHECK(second.reads[i].suppressions == first.reads[i].suppressions);
    CHECK(second.reads[i].language == first.reads[i].language);
  }
  check_same_as_uncached(second, tree, cache_dir);
}

TEST_CASE("editing a file that uses no other file re-parses that file only", "[cache]") {
  TempTree tree, cache_dir;
  tree.write("a.ts", "export const a = process.env.ALPHA;\n");
  tree.write("b.py", "import os\nB = os.getenv(\"BETA\", \"1\")\n");
  tree.write("c.go", "package main\n\nimport \"os\"\n\nvar C = os.Getenv(\"GAMMA\")\n");
  ScanOptions o = options_for(tree, cache_dir);
  CHECK(scan(o).files_from_cache == 0);

  tree.write("b.py", "import os\nB = os.getenv(\"BETA_RENAMED\", \"2\")\n");
  ScanResult r = scan(o);
  CHECK(r.files_parsed == 3);
  CHECK(r.files_from_cache == 2);
  CHECK(describe_reads(r) == std::vector<std::string>{"a.ts:1 ALPHA direct", "b.py:2 BETA_RENAMED direct default=2",
                                                      "c.go:5 GAMMA direct"});
  check_same_as_uncached(r, tree, cache_dir);

  // A new file, and a removed one.
  tree.write("d.ts", "export const d = process.env.DELTA;\n");
  fs::remove(tree.abs("a.ts"));
  r = scan(o);
  CHECK(r.files_parsed == 3);
  CHECK(r.files_from_cache == 2);
  CHECK(describe_reads(r) == std::vector<std::string>{"b.py:2 BETA_RENAMED direct default=2", "c.go:5 GAMMA direct",
                                                      "d.ts:1 DELTA direct"});
}

TEST_CASE("editing a module another file resolves through invalidates the dependent file", "[cache]") {
  TempTree tree, cache_dir;
  copy_fixture("cross_file", tree);
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult first = scan(o);
  auto has = [](const ScanResult& r, const std::string& line) {
    auto d = describe_reads(r);
    return std::find(d.begin(), d.end(), line) != d.end();
  };
  REQUIRE(has(first, "src/app.ts:5 AI_PROVIDER map [map AI_ENV.provider @src/config/keys.ts:2]"));
  REQUIRE(has(first, "src/app.ts:13 REQUEST_TIMEOUT_MS direct default=20000"));

  // keys.ts is never parsed for itself (no env API): app.ts's entry must still go stale.
  replace_in(tree.abs("src/config/keys.ts"), "provider: \"AI_PROVIDER\"", "provider: \"AI_VENDOR\"");
  replace_in(tree.abs("src/config/keys.ts"), "DEFAULT_TIMEOUT_MS = 20_000", "DEFAULT_TIMEOUT_MS = 45_000");
  ScanResult r = scan(o);
  CHECK(r.files_from_cache < r.files_parsed);
  CHECK(has(r, "src/app.ts:5 AI_VENDOR map [map AI_ENV.provider @src/config/keys.ts:2]"));
  CHECK(has(r, "src/app.ts:13 REQUEST_TIMEOUT_MS direct default=45000"));
  CHECK_FALSE(has(r, "src/app.ts:5 AI_PROVIDER map [map AI_ENV.provider @src/config/keys.ts:2]"));
  check_same_as_uncached(r, tree, cache_dir);

  // The re-run after that is warm again.
  ScanResult again = scan(o);
  CHECK(again.files_from_cache == again.files_parsed);
  CHECK(describe_reads(again) == describe_reads(r));
}

TEST_CASE("a module that appears later resolves a read the cache had as unresolved", "[cache]") {
  TempTree tree, cache_dir;
  tree.write("app.ts", "import { KEY } from \"./names\";\nexport const v = process.env[KEY];\n");
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult first = scan(o);
  REQUIRE(first.reads.size() == 1);
  CHECK(first.reads[0].kind == ReadKind::Dynamic);

  tree.write("names.ts", "export const KEY = \"LATE_NAME\";\n");
  ScanResult r = scan(o);
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "LATE_NAME");
  CHECK(r.reads[0].kind == ReadKind::Constant);
  check_same_as_uncached(r, tree, cache_dir);
}

TEST_CASE("tsconfig paths and go.mod take part in the tree fingerprint", "[cache]") {
  TempTree tree, cache_dir;
  tree.write("tsconfig.json", R"({"compilerOptions": {"baseUrl": ".", "paths": {"@cfg/*": ["one/*"]}}})");
  tree.write("one/keys.ts", "export const KEY = \"FROM_ONE\";\n");
  tree.write("two/keys.ts", "export const KEY = \"FROM_TWO\";\n");
  tree.write("app.ts", "import { KEY } from \"@cfg/keys\";\nexport const v = process.env[KEY];\n");
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult first = scan(o);
  REQUIRE(first.reads.size() == 1);
  CHECK(first.reads[0].name == "FROM_ONE");

  tree.write("tsconfig.json", R"({"compilerOptions": {"baseUrl": ".", "paths": {"@cfg/*": ["two/*"]}}})");
  ScanResult r = scan(o);
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "FROM_TWO");
  check_same_as_uncached(r, tree, cache_dir);
}

TEST_CASE("the tree fingerprint from discovery's listing equals the one probing every directory", "[cache]") {
  TempTree tree, cache_dir;
  tree.write("go.mod", "module example.com/x\n");
  tree.write("web/tsconfig.json", "{}\n");
  tree.write("web/src/app.ts", "export const a = process.env.A;\n");
  tree.write("web/src/deep/jsconfig.json", "{\"compilerOptions\": {}}\n");
  tree.write("web/src/deep/b.ts", "export const b = 1;\n");
  tree.write("svc/go.mod/keep.txt", "a directory named go.mod\n");
  tree.write("svc/main.go", "package main\n");
  tree.write("lonely/tsconfig.json", "{}\n");  // no source file at or below it: not part of it
  ScanOptions o = options_for(tree, cache_dir, false);
  Discovery disc = discover(o);
  std::vector<std::pair<std::string, uint64_t>> files;
  for (const auto& f : disc.files) files.emplace_back(f.rel, 7);
  REQUIRE(files.size() == 3);
  CHECK(disc.config_listing.listed_dirs.count("") == 1);
  CHECK(disc.config_listing.listed_dirs.count("web/src/deep/") == 1);
  CHECK(disc.config_listing.seen.count("svc/go.mod") == 1);
  CHECK(disc.config_listing.seen.count("web/src/deep/jsconfig.json") == 1);
  uint64_t probed = cache::tree_fingerprint(tree.path(), files);
  CHECK(cache::tree_fingerprint(tree.path(), files, &disc.config_listing) == probed);
  // A config the listing did not see in a directory it listed is not opened: the listing is
  // what the scan saw, so a scan after a new config has a new listing (below) and fingerprint.
  tree.write("web/src/tsconfig.json", "{}\n");
  CHECK(cache::tree_fingerprint(tree.path(), files, &disc.config_listing) == probed);
  Discovery again = discover(o);
  uint64_t changed = cache::tree_fingerprint(tree.path(), files, &again.config_listing);
  CHECK(changed != probed);
  CHECK(changed == cache::tree_fingerprint(tree.path(), files));
}

TEST_CASE("a tsconfig.json added below the root invalidates the entries resolved through it", "[cache]") {
  TempTree tree, cache_dir;
  tree.write("one/keys.ts", "export const KEY = \"FROM_ONE\";\n");
  tree.write("web/app.ts", "import { KEY } from \"@cfg/keys\";\nexport const v = process.env[KEY];\n");
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult first = scan(o);
  CHECK(first.reads.size() == 1);  // the import does not resolve: dynamic
  tree.write("web/tsconfig.json", R"({"compilerOptions": {"baseUrl": "..", "paths": {"@cfg/*": ["one/*"]}}})");
  ScanResult r = scan(o);
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "FROM_ONE");
  check_same_as_uncached(r, tree, cache_dir);
}

TEST_CASE("a changed go.mod module path invalidates the files importing through it", "[cache]") {
  TempTree tree, cache_dir;
  copy_fixture("go_packages", tree);
  ScanOptions o = options_for(tree, cache_dir);
  const std::string resolved = "cmd/server/main.go:12 SVC_MODE constant [constant Prefix @pkg/names/names.go:3]";
  auto d = describe_reads(scan(o));
  REQUIRE(std::find(d.begin(), d.end(), resolved) != d.end());

  replace_in(tree.abs("go.mod"), "module example.com/svc", "module example.com/renamed");
  ScanResult r = scan(o);
  d = describe_reads(r);
  CHECK(std::find(d.begin(), d.end(), resolved) == d.end());  // the import no longer names a tree package
  check_same_as_uncached(r, tree, cache_dir);
}

TEST_CASE("files the prefilter skipped are replayed from the cache in the symbol rounds", "[cache]") {
  TempTree tree, cache_dir;
  copy_fixture("prefiltered_callers", tree);
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult first = scan(o);
  std::vector<std::string> expected{
      "app.ts:3 REGION helper default=eu-west-1 [helper setting @lib/settings.ts:2]",
      "server.ts:3 SERVER_PORT helper default=80 [helper portOf @lib/ports.ts:4]",
  };
  CHECK(describe_reads(first) == expected);
  // Pass 2 reads again only the skipped files that name a fresh symbol: app.ts and lib/ports.ts
  // for `setting`, then server.ts for `portOf`; never unrelated.ts.
  CHECK(first.files_reread == 3);
  ScanResult second = scan(o);
  CHECK(describe_reads(second) == expected);
  CHECK(second.files_parsed == 4);
  CHECK(second.files_from_cache == 4);
  CHECK(second.files_reread == 3);

  // The helper renamed: its callers are no longer parsed at all.
  replace_in(tree.abs("lib/settings.ts"), "export function setting(", "export function readSetting(");
  ScanResult r = scan(o);
  CHECK(describe_reads(r).empty());
  check_same_as_uncached(r, tree, cache_dir);
}

// Pass 1 keeps the bytes of the files the prefilter skipped (within a budget) and the symbol
// rounds analyze those instead of reading the files again: with the budget spent by nobody,
// by one file or by all, the same reads, the same files looked at again, and a cache that
// replays the same (the stat data it records, identifier hashes included, are the same).
TEST_CASE("symbol rounds analyze pass 1's kept bytes the same as the files read again", "[cache]") {
  for (size_t budget : {size_t{0}, size_t{200}, size_t{256} << 20}) {
    INFO("budget " << budget);
    TempTree tree, cache_dir;
    copy_fixture("prefiltered_callers", tree);
    ScanOptions o = options_for(tree, cache_dir, false);
    o.kept_text_budget = budget;
    ScanResult r = scan(o);
    CHECK(describe_reads(r) == std::vector<std::string>{
                                   "app.ts:3 REGION helper default=eu-west-1 [helper setting @lib/settings.ts:2]",
                                   "server.ts:3 SERVER_PORT helper default=80 [helper portOf @lib/ports.ts:4]"});
    CHECK(r.files_reread == 3);
    o.use_cache = true;
    ScanResult cold = scan(o);
    CHECK(describe_reads(cold) == describe_reads(r));
    // An edit that declares nothing new: the rounds run on the cache's identifier hashes of the
    // files pass 1 knew unchanged, and on kept bytes or reads for the rest.
    replace_in(tree.abs("server.ts"), "SERVER_PORT", "SERVER_PORT_2");
    ScanResult edited = scan(o);
    CHECK(describe_reads(edited) == std::vector<std::string>{
                                        "app.ts:3 REGION helper default=eu-west-1 [helper setting @lib/settings.ts:2]",
                                        "server.ts:3 SERVER_PORT_2 helper default=80 [helper portOf @lib/ports.ts:4]"});
    check_same_as_uncached(edited, tree, cache_dir);
  }
}

// Pass 2 on an unchanged tree (the fingerprint matches): a caller the previous scan parsed in
// pass 2 takes its entry without being read again, like the files of pass 1.
TEST_CASE("an unchanged tree's symbol-round files are not read again either", "[cache]") {
  TempTree tree, cache_dir;
  copy_fixture("prefiltered_callers", tree);
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult fresh = scan(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));  // out of the racy window
  ScanResult first = scan(o);
  ScanResult second = scan(o);
  CHECK(describe_reads(second) == describe_reads(fresh));
  CHECK(first.files_reread == 3);
  CHECK(second.files_reread == 0);  // the symbol rounds took them by their stat data
  CHECK(second.files_parsed == 4);
  CHECK(second.files_from_cache == 4);
  CHECK(second.files_not_read == second.source_files);  // app.ts, lib/ports.ts, server.ts included
  // A caller edited: the tree changed, so the symbol rounds read their files again (only the
  // two files pass 1 skipped by their stat data stay unread: lib/settings.ts, unrelated.ts).
  replace_in(tree.abs("server.ts"), "SERVER_PORT", "SERVER_PORT_2");
  ScanResult edited = scan(o);
  CHECK(edited.files_not_read == 2);
  CHECK(describe_reads(edited) == std::vector<std::string>{
                                      "app.ts:3 REGION helper default=eu-west-1 [helper setting @lib/settings.ts:2]",
                                      "server.ts:3 SERVER_PORT_2 helper default=80 [helper portOf @lib/ports.ts:4]"});
  check_same_as_uncached(edited, tree, cache_dir);
}

TEST_CASE("files whose stat data are unchanged and old enough are not read again", "[cache]") {
  TempTree tree, cache_dir;
  tree.write("a.ts", "export const a = process.env.ALPHA;\n");
  tree.write("b.py", "import os\nB = os.getenv(\"BETA\", \"1\")\n");
  tree.write("c.go", "package main\n\nfunc main() {}\n");  // no env API: prefiltered out
  tree.write("d.ts", std::string("\0\1binary", 8));
  tree.write("e.py", "x = '\xff'\n");  // not UTF-8
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult fresh = scan(o);  // written just now: too recent for stat data to be trusted
  CHECK(fresh.files_not_read == 0);
  CHECK(scan(o).files_not_read == 0);

  // The "racy" window: a write within two seconds of the scan that recorded it is re-read.
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  ScanResult first = scan(o);  // records stat data older than its start: trusted from now on
  CHECK(first.files_not_read == 0);
  ScanResult second = scan(o);
  CHECK(second.files_not_read == 5);
  CHECK(second.files_from_cache == 2);
  CHECK(describe_reads(second) == describe_reads(fresh));
  CHECK(describe_diagnostics(second) == describe_diagnostics(fresh));
  CHECK(describe_diagnostics(second).size() == 2);
  check_same_as_uncached(second, tree, cache_dir);

  // Same size, and the old mtime put back: the ctime still tells.
  const auto mtime = fs::last_write_time(tree.abs("a.ts"));
  tree.write("a.ts", "export const a = process.env.OMEGA;\n");
  fs::last_write_time(tree.abs("a.ts"), mtime);
  ScanResult edited = scan(o);
  CHECK(edited.files_not_read == 4);
  CHECK(describe_reads(edited) == std::vector<std::string>{"a.ts:1 OMEGA direct", "b.py:2 BETA direct default=1"});
  // c.go gets an env read: its prefilter outcome changes with it.
  tree.write("c.go", "package main\n\nimport \"os\"\n\nvar C = os.Getenv(\"GAMMA\")\n");
  ScanResult go = scan(o);
  CHECK(describe_reads(go) == std::vector<std::string>{"a.ts:1 OMEGA direct", "b.py:2 BETA direct default=1",
                                                       "c.go:5 GAMMA direct"});
  check_same_as_uncached(go, tree, cache_dir);
}

TEST_CASE("a corrupt, truncated or foreign cache file is ignored and rewritten", "[cache]") {
  TempTree tree, cache_dir;
  copy_fixture("cross_file", tree);
  ScanOptions o = options_for(tree, cache_dir);
  ScanResult first = scan(o);
  const std::string file = first.cache_file;
  const std::string good = envdrift::test::read_text(file);
  REQUIRE(good.size() > 100);

  auto rescan_from = [&](const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    ScanResult r = scan(o);
    CHECK(r.files_from_cache == 0);
    CHECK(describe_reads(r) == describe_reads(first));
    CHECK(scan(o).files_from_cache == first.files_parsed);  // rewritten
  };
  rescan_from("");
  rescan_from("not a cache at all");
  rescan_from(good.substr(0, good.size() / 2));
  std::string flipped = good;
  flipped[flipped.size() - 20] ^= 0x5a;
  rescan_from(flipped);

  // Another version (or build) of envdrift: not trusted.
  ScanOptions other = o;
  other.cache_salt = "envdrift other";
  ScanResult r = scan(other);
  CHECK(r.files_from_cache == 0);
  CHECK(describe_reads(r) == describe_reads(first));
  // ... and that run rewrote it for itself: the first salt no longer matches either.
  CHECK(scan(o).files_from_cache == 0);
  CHECK(scan(o).files_from_cache == first.files_parsed);
}

TEST_CASE("the cache file format rejects every truncation and foreign key", "[cache]") {
  cache::Cache c;
  c.fingerprint = 42;
  cache::Entry e;
  e.hash = cache::hash_bytes("x");
  e.uses_project = true;
  EnvRead read;
  read.name = "PORT";
  read.file = "a.ts";
  read.line = 3;
  read.column = 7;
  read.language = Language::Go;
  read.kind = ReadKind::Helper;
  read.default_value = DefaultValue{"\"80\"", "80", true};
  read.via = {{"lib.ts", 2, "helper port"}};
  read.dynamic_expr = "k";
  read.suppressions = {"", "direct"};
  e.result.reads = {read};
  e.result.diagnostics = {{Diagnostic::Severity::Warning, "a.ts", 9, "syntax error"}};
  e.result.read_symbols = {"port"};
  e.suppressions = {{"a.ts", 2, {"direct"}}};
  c.entries["a.ts"] = e;
  c.entries["b.py"] = cache::Entry{};

  std::string bytes = cache::serialize("key", c);
  cache::Cache back;
  REQUIRE(cache::deserialize(bytes, "key", back));
  CHECK(back.fingerprint == 42);
  REQUIRE(back.entries.size() == 2);
  const cache::Entry& a = back.entries.at("a.ts");
  CHECK(a.hash == e.hash);
  CHECK(a.uses_project);
  REQUIRE(a.result.reads.size() == 1);
  const EnvRead& r = a.result.reads[0];
  CHECK(std::tie(r.name, r.file, r.line, r.column, r.dynamic_expr, r.suppressions) ==
        std::tie(read.name, read.file, read.line, read.column, read.dynamic_expr, read.suppressions));
  CHECK(r.language == Language::Go);
  CHECK(r.kind == ReadKind::Helper);
  REQUIRE(r.default_value);
  CHECK(r.default_value->raw == "\"80\"");
  REQUIRE(r.via.size() == 1);
  CHECK(r.via[0].label == "helper port");
  CHECK(a.result.diagnostics.at(0).message == "syntax error");
  CHECK(a.result.read_symbols == std::vector<std::string>{"port"});
  CHECK(a.suppressions.at(0).kinds == std::vector<std::string>{"direct"});
  CHECK(cache::serialize("key", back) == bytes);

  CHECK_FALSE(cache::deserialize(bytes, "other key", back));
  CHECK(back.entries.empty());
  for (size_t n = 0; n < bytes.size(); ++n) {
    INFO("truncated to " << n << " bytes");
    CHECK_FALSE(cache::deserialize(std::string_view(bytes).substr(0, n), "key", back));
  }
  CHECK_FALSE(cache::deserialize(bytes + "x", "key", back));
}

TEST_CASE("the cache never lands in the scanned tree, and an unwritable directory is only a note", "[cache]") {
  TempTree tree, outside;
  tree.write("a.ts", "export const a = process.env.ALPHA;\n");
  const auto before = listing(tree.path());

  ScanOptions o = options_for(tree, outside);
  o.cache_dir = tree.path() + "/.cache";
  ScanResult r = scan(o);
  CHECK(r.cache_file.empty());
  CHECK(r.cache_note.find("inside the scanned tree") != std::string::npos);
  CHECK(describe_reads(r) == std::vector<std::string>{"a.ts:1 ALPHA direct"});
  CHECK(listing(tree.path()) == before);

  CHECK(cache::inside("/a/b", "/a"));
  CHECK(cache::inside("/a/b/", "/a/b"));
  CHECK(cache::inside("/a/b", "/a/b/"));
  CHECK(cache::inside("/a/./c/../b/x", "/a/b"));
  CHECK(cache::inside("/anything", "/"));
  CHECK_FALSE(cache::inside("/a/bc", "/a/b"));
  CHECK_FALSE(cache::inside("/a", "/a/b"));
  fs::create_directory_symlink(tree.path(), outside.abs("link"));  // a way into the tree from outside
  CHECK(cache::inside(outside.abs("link") + "/cache", tree.path()));
  CHECK_FALSE(cache::inside(outside.abs("cache"), tree.path()));

  outside.write("file", "a file where the cache directory should be");
  o.cache_dir = outside.abs("file") + "/envdrift";
  r = scan(o);
  CHECK(r.cache_note.find("cache not written") != std::string::npos);
  CHECK(describe_reads(r) == std::vector<std::string>{"a.ts:1 ALPHA direct"});
}

TEST_CASE("the CLI caches under $ENVDRIFT_CACHE_DIR, else XDG, and --no-cache writes nothing", "[cache][cli]") {
  TempTree tree, cache_dir, xdg;
  tree.write("a.ts", "export const a = process.env.ALPHA;\n");
  const auto before = listing(tree.path());
  const std::string saved = std::getenv("ENVDRIFT_CACHE_DIR") ? std::getenv("ENVDRIFT_CACHE_DIR") : "";
  ::setenv("ENVDRIFT_CACHE_DIR", cache_dir.path().c_str(), 1);

  auto r = run_envdrift({"scan", "--no-cache", "--format", "json", tree.path()});
  CHECK(r.exit_code == 0);
  CHECK(listing(cache_dir.path()).empty());
  const std::string uncached = r.out;

  r = run_envdrift({"scan", "--format", "json", tree.path()});
  CHECK(r.exit_code == 0);
  CHECK(listing(cache_dir.path()).size() == 1);
  r = run_envdrift({"scan", "--format", "json", tree.path()});
  CHECK(r.out == uncached);
  CHECK(listing(tree.path()) == before);

  ::unsetenv("ENVDRIFT_CACHE_DIR");
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  const std::string saved_xdg = old_xdg ? old_xdg : "";
  ::setenv("XDG_CACHE_HOME", xdg.path().c_str(), 1);
  r = run_envdrift({"scan", tree.path()});
  CHECK(r.exit_code == 0);
  CHECK(listing(xdg.path() + "/envdrift").size() == 1);
  if (old_xdg) ::setenv("XDG_CACHE_HOME", saved_xdg.c_str(), 1);
  else ::unsetenv("XDG_CACHE_HOME");
  if (!saved.empty()) ::setenv("ENVDRIFT_CACHE_DIR", saved.c_str(), 1);
  CHECK(listing(tree.path()) == before);
}
