// Partial parsing (analyzer/core/partial.h): the statement splitters, the plan's closure, the
// symbol rounds that complete it, and the guarantee that it changes no result: every fixture
// file analyzed in part and whole gives the same reads, escapes, symbols and diagnostics.
#include <catch2/catch.hpp>

#include <tree_sitter/api.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/core/driver.h"
#include "analyzer/core/partial.h"
#include "analyzer/frontend.h"
#include "analyzer/go/statements.h"
#include "analyzer/python/statements.h"
#include "analyzer/typescript/statements.h"
#include "tests/support.h"

namespace fs = std::filesystem;
using namespace envdrift;

namespace {

// "first-line-of-statement" per statement, and the declared words as "name" (sorted, unique).
struct Cut {
  std::vector<std::string> statements;
  std::vector<std::string> declared;
};

Cut cut(StatementSplitter split, const std::vector<std::string_view>& keywords, const std::string& text) {
  Split sp;
  REQUIRE(split(text, sp));
  Cut c;
  for (const auto& s : sp.statements) {
    std::string body = text.substr(s.begin, s.end - s.begin);
    c.statements.push_back(body.substr(0, body.find('\n')));
  }
  for (const auto& t : sp.tokens)
    if (t.declares && std::find(keywords.begin(), keywords.end(), text.substr(t.begin, t.size)) == keywords.end())
      c.declared.push_back(text.substr(t.begin, t.size));
  std::sort(c.declared.begin(), c.declared.end());
  c.declared.erase(std::unique(c.declared.begin(), c.declared.end()), c.declared.end());
  return c;
}

bool splits(StatementSplitter split, const std::string& text) {
  Split sp;
  return split(text, sp);
}

// The first line of every statement the plan keeps.
std::vector<std::string> kept(StatementSplitter split, const std::vector<std::string_view>& keywords,
                              const std::vector<std::string_view>& needles, const std::string& text) {
  PartialPlan plan;
  REQUIRE(plan_partial(text, split, NeedleSet(needles), keywords, plan, 1.0));
  Split sp;
  REQUIRE(split(text, sp));
  std::vector<std::string> out;
  for (const auto& r : plan.ranges) {
    for (const auto& s : sp.statements)
      if (s.begin >= r.start_byte && s.end <= r.end_byte) {
        std::string body = text.substr(s.begin, s.end - s.begin);
        out.push_back(body.substr(0, body.find('\n')));
      }
  }
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Everything a file's result says, as text.
std::string describe(const FileResult& r) {
  std::ostringstream o;
  for (const auto& x : r.reads) {
    o << "read " << x.file << ":" << x.line << ":" << x.column << "-" << x.end_line << ":" << x.end_column << " "
      << x.name << " " << read_kind_name(x.kind) << " dyn=" << x.dynamic_expr << "|" << x.dynamic_suffix;
    if (x.default_value) o << " default=" << x.default_value->raw << "|" << x.default_value->value << "|" << x.default_value->comparable;
    for (const auto& v : x.via) o << " via " << v.file << ":" << v.line << " " << v.label;
    for (const auto& s : x.suppressions) o << " sup " << s;
    o << "\n";
  }
  for (const auto& d : r.diagnostics) o << "diag " << static_cast<int>(d.severity) << " " << d.line << " " << d.message << "\n";
  for (const auto& e : r.escapes) o << "escape " << e.line << ":" << e.column << " " << e.message << "\n";
  for (const auto& s : r.read_symbols) o << "symbol " << s << "\n";
  // Handled lines count only where they are candidate sites (coverage): the handled import of a
  // helper module outside the statements a partial parse kept changes nothing.
  for (int l : r.handled_lines)
    if (std::find(r.candidate_lines.begin(), r.candidate_lines.end(), l) != r.candidate_lines.end())
      o << "handled " << l << "\n";
  for (int l : r.candidate_lines) o << "candidate " << l << "\n";
  return o.str();
}

}  // namespace

TEST_CASE("the Python splitter cuts top-level statements and marks what they declare", "[partial]") {
  std::string text =
      "\"\"\"Module doc.\n"
      "NOT_A_STATEMENT = 1\n"
      "\"\"\"\n"
      "import os\n"
      "from app.conf import (a,\n"
      "b as c)\n"
      "PORT: int = int(os.getenv('PORT', '80'))  # comment words: zed\n"
      "@decorator(arg=1)\n"
      "@other\n"
      "def handler(x=DEFAULT):\n"
      "    local = 1\n"
      "class Settings(Base):\n"
      "    field: str = 'x'\n"
      "try:\n"
      "    import fast as impl\n"
      "except ImportError:\n"
      "    impl = None\n"
      "a = b = compute(k=1)\n"
      "x == y\n"
      "counter += 1\n"
      "def setup():\n"
      "    global CONFIG, OTHER\n"
      "total = (1 +\n"
      "2)\n"
      "value = 1 + \\\n"
      "2\n";
  Cut c = cut(py::top_level_statements, py::keywords(), text);
  CHECK(c.statements == std::vector<std::string>{"\"\"\"Module doc.", "import os", "from app.conf import (a,",
                                                 "PORT: int = int(os.getenv('PORT', '80'))  # comment words: zed",
                                                 "@decorator(arg=1)", "class Settings(Base):", "try:",
                                                 "a = b = compute(k=1)", "x == y", "counter += 1", "def setup():",
                                                 "total = (1 +", "value = 1 + \\"});
  // Not: `int` (an annotation), `decorator`/`DEFAULT`/`x` (mentions), `Base`, `field` (a class
  // body), `compute`, `y`, the comment's words; `CONFIG`/`OTHER` through `global`.
  CHECK(c.declared == std::vector<std::string>{"CONFIG", "ImportError", "OTHER", "PORT", "Settings", "a", "app",
                                               "b", "c", "conf", "counter", "fast", "handler", "impl", "os", "setup",
                                               "total", "value"});
}

TEST_CASE("the Python splitter gives up where it cannot be sure", "[partial]") {
  CHECK_FALSE(splits(py::top_level_statements, "x = 'unterminated\ny = 2\n"));
  CHECK_FALSE(splits(py::top_level_statements, "x = (1,\ny = 2\n"));
  CHECK_FALSE(splits(py::top_level_statements, "x = 1)\n"));
  CHECK_FALSE(splits(py::top_level_statements, "x = '''open\n"));
  CHECK(splits(py::top_level_statements, "x = 1\n"));
}

TEST_CASE("the JavaScript splitter cuts top-level statements and marks what they declare", "[partial]") {
  std::string text =
      "import { getEnv, PORT as P } from './env';\n"
      "const sql = `\n"
      "SELECT ${a}\n"
      "FROM t`;\n"
      "export const port: number = getEnv(P, 80), host = 'h';\n"
      "const re = /[/'\"]/g;\n"
      "function helper(name) {\n"
      "  return process.env[name];\n"
      "}\n"
      "@Injectable()\n"
      "export class Service extends Base {\n"
      "}\n"
      "const total = 1 +\n"
      "other;\n"
      "if (x) {\n"
      "  var hoisted = 1;\n"
      "}\n"
      "else {\n"
      "}\n"
      "module.exports.get = (k) => k === 1;\n"
      "app.listen(port)\n"
      "// a comment: words\n"
      "type Alias<T = string> = Map<T, T>;\n";
  Cut c = cut(js::top_level_statements, js::keywords(), text);
  CHECK(c.statements == std::vector<std::string>{"import { getEnv, PORT as P } from './env';", "const sql = `",
                                                 "export const port: number = getEnv(P, 80), host = 'h';",
                                                 "const re = /[/'\"]/g;", "function helper(name) {", "@Injectable()",
                                                 "const total = 1 +", "if (x) {", "module.exports.get = (k) => k === 1;",
                                                 "app.listen(port)", "type Alias<T = string> = Map<T, T>;"});
  // `port` and `host`, not `number` (the type) nor `from`/`as`; every name of the decorated class
  // and of the `if` (its `var` is the module's); a member assignment's target words. Over, never
  // under: `getEnv` and `P` come with the head of the `const` before its last `=`.
  CHECK(c.declared == std::vector<std::string>{"Alias", "Base", "Injectable", "P", "PORT", "Service", "exports", "get",
                                               "getEnv", "helper", "hoisted", "host", "module", "port", "re", "sql",
                                               "total", "x"});
}

TEST_CASE("the JavaScript splitter cuts statements on one line after a top-level semicolon or block", "[partial]") {
  // A minified bundle: statements after `;` and after a declaration's `}`, without line breaks.
  Cut c = cut(js::top_level_statements, js::keywords(),
              "function f0(a,b){return a+b}var v0={k:\"s\",g:function(x){return f0(x,1)}};"
              "var port=process.env.P||\"80\";class C{m(){}}export default C\n");
  CHECK(c.statements == std::vector<std::string>{"function f0(a,b){return a+b}", "var v0={k:\"s\",g:function(x){return f0(x,1)}};",
                                                 "var port=process.env.P||\"80\";", "class C{m(){}}",
                                                 "export default C"});
  CHECK(c.declared == std::vector<std::string>{"C", "f0", "port", "v0"});

  // Words that go on with the statement before do not begin one: `else`, a do-while's `while`,
  // an import's `from`, a cast; `;` inside brackets (`for (;;)`) is no boundary.
  c = cut(js::top_level_statements, js::keywords(),
          "if(a){b()}else{c()}do{d()}while(e);for(;;){}import {x} from \"m\";y = {} as T;if(a)b();else c()\n");
  CHECK(c.statements == std::vector<std::string>{"if(a){b()}else{c()}", "do{d()}while(e);", "for(;;){}",
                                                 "import {x} from \"m\";", "y = {} as T;", "if(a)b();else c()"});

  // After a `;` a statement may begin with a bracket: it declares every name it spells (the
  // assignment inside `({a} = o)` is not at the statement's own level); an IIFE is one statement.
  c = cut(js::top_level_statements, js::keywords(), "go();\n({a, b: d} = o);(function(){var z=1})();\n");
  CHECK(c.statements == std::vector<std::string>{"go();", "({a, b: d} = o);", "(function(){var z=1})();"});
  CHECK(c.declared == std::vector<std::string>{"a", "b", "d", "o", "z"});
}

TEST_CASE("the JavaScript splitter gives up where it cannot be sure", "[partial]") {
  CHECK_FALSE(splits(js::top_level_statements, "const a = <div>it's</div>;\nconst b = 1;\n"));  // JSX
  CHECK_FALSE(splits(js::top_level_statements, "const a = 'open\nconst b = 1;\n"));
  CHECK_FALSE(splits(js::top_level_statements, "const a = `open\n"));
  CHECK_FALSE(splits(js::top_level_statements, "const a = (1;\n"));
  CHECK_FALSE(splits(js::top_level_statements, "/* open\n"));
  CHECK_FALSE(splits(js::top_level_statements, "const r = x(/ab\nc/);\n"));
  CHECK(splits(js::top_level_statements, "const half = a / b / c;\n"));
}

TEST_CASE("the Go splitter cuts top-level declarations and marks what they declare", "[partial]") {
  std::string text =
      "// Package config.\n"
      "package config\n"
      "import (\n"
      "\t\"os\"\n"
      "\tenv \"github.com/caarlos0/env/v11\"\n"
      ")\n"
      "const (\n"
      "\tKeyPort = \"PORT\"\n"
      ")\n"
      "var usage = `\n"
      "func notADeclaration() {}\n"
      "`\n"
      "var timeout, retries int = 5, 3\n"
      "type Config struct {\n"
      "\tHost string `env:\"HOST\"`\n"
      "}\n"
      "func (c *Config) Port() string {\n"
      "\treturn os.Getenv(KeyPort)\n"
      "}\n"
      "func Load[T any](x T) error { return nil }\n";
  Cut c = cut(go::top_level_statements, go::keywords(), text);
  CHECK(c.statements == std::vector<std::string>{"// Package config.", "package config", "import (", "const (", "var usage = `",
                                                 "var timeout, retries int = 5, 3", "type Config struct {",
                                                 "func (c *Config) Port() string {", "func Load[T any](x T) error { return nil }"});
  // The import's package names come from its paths; `Port`, not the receiver `c`.
  CHECK(c.declared == std::vector<std::string>{"Config", "KeyPort", "Load", "Port", "caarlos0", "com", "env",
                                               "github", "os", "retries", "timeout", "usage", "v11"});
  CHECK_FALSE(splits(go::top_level_statements, "package a\nvar s = `open\n"));
  CHECK_FALSE(splits(go::top_level_statements, "package a\nfunc f() {\n"));
}

TEST_CASE("the plan keeps the reads, what they depend on, and the uses of what they declare", "[partial]") {
  std::string ts =
      "import { readFile } from 'fs';\n"            // not kept: nothing kept mentions readFile
      "import { prefix, unused } from './names';\n"  // kept: the read mentions prefix
      "const KEY = prefix + 'PORT';\n"               // kept: the read mentions KEY
      "export function cfg(name: string) {\n"        // a seed (process.env)
      "  return process.env[name];\n"
      "}\n"
      "export class Worker {\n"                      // not kept
      "  run() { return readFile('x'); }\n"
      "}\n"
      "export const port = cfg(KEY);\n"              // kept: a use of cfg
      "export const other = unused;\n";              // not kept: `unused` is only mentioned by a kept import
  CHECK(kept(js::top_level_statements, js::keywords(), {"env"}, ts) ==
        std::vector<std::string>{"import { prefix, unused } from './names';", "const KEY = prefix + 'PORT';",
                                 "export function cfg(name: string) {", "export const port = cfg(KEY);"});
  std::string py =
      "import logging\n"
      "from pydantic_settings import BaseSettings\n"
      "logger = logging.getLogger(__name__)\n"
      "class Base(BaseSettings):\n"
      "    debug: bool = False\n"
      "class App(Base):\n"
      "    db: 'Database'\n"
      "class Database:\n"
      "    host: str = 'x'\n"
      "def handler():\n"
      "    logger.info('x')\n";
  // A star import declares names it does not spell: it is always kept.
  CHECK(kept(py::top_level_statements, py::keywords(), {"getenv"},
             "import json\nfrom os import *\nunrelated = json.dumps(1)\nb = getenv('B')\n") ==
        std::vector<std::string>{"from os import *", "b = getenv('B')"});
  CHECK(kept(py::top_level_statements, py::keywords(), {"BaseSettings"}, py) ==
        std::vector<std::string>{"from pydantic_settings import BaseSettings", "class Base(BaseSettings):",
                                 "class App(Base):", "class Database:"});
}

TEST_CASE("every fixture file gives the same result parsed in part as parsed whole", "[partial][fixtures]") {
  TSParser* parser = ts_parser_new();
  size_t files = 0, partial = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(ENVDRIFT_SOURCE_DIR) / "fixtures")) {
    if (!e.is_regular_file()) continue;
    const FrontendDescriptor* fe = frontend_for_path(e.path().string());
    if (fe == nullptr || fe->statements == nullptr) continue;
    SourceFile src{e.path().string(), e.path().filename().string(), fe->language, read_all(e.path())};
    FileResult whole = analyze_source(*fe, src, parser, false);
    FileResult part = analyze_source(*fe, src, parser, true);
    ++files;
    if (part.partial) ++partial;
    INFO(e.path().string());
    CHECK(describe(part) == describe(whole));
  }
  ts_parser_delete(parser);
  CHECK(files > 100);
  CHECK(partial >= 15);  // the comparison is not vacuous (most fixtures are a few statements)
}

TEST_CASE("a symbol round completes a partial parse: a call of another file's helper the plan left out", "[partial]") {
  test::TempTree t;
  t.write("config.ts", "export function cfg(name: string) {\n  return process.env[name];\n}\n");
  t.write("app.ts",
          "import { cfg } from './config';\n"
          "export const mode = process.env.MODE;\n"
          "export class Worker {\n"
          "  run() { return 1; }\n"
          "}\n"
          "export const port = cfg('PORT');\n");
  // Parsed in part too, but nothing it left out names `cfg`: not parsed again.
  t.write("other.ts",
          "export const host = process.env.HOST;\n"
          "export class Cfg {\n"
          "  cfgx() { return 'cfgx'.length; }\n"
          "}\n");
  ScanOptions o = test::scan_options(t);
  ScanResult r = scan(o);
  CHECK(test::describe_reads(r) == std::vector<std::string>{"app.ts:2 MODE direct",
                                                            "app.ts:6 PORT helper [helper cfg @config.ts:1]",
                                                            "other.ts:1 HOST direct"});
  CHECK(r.files_partial == 2);
  CHECK(r.files_partial_again == 1);  // app.ts: parsed in part in pass 1, again with `cfg` as a seed
  // Without a cache the rounds search the kept bytes of what the plan left out; with no budget
  // to keep them, or with a cache, its identifier hashes: the same answer.
  for (bool cache : {false, true}) {
    test::TempTree cache_dir;
    ScanOptions other = o;
    other.kept_text_budget = 0;
    other.use_cache = cache;
    other.cache_dir = cache_dir.path();
    ScanResult h = scan(other);
    INFO("cache " << cache);
    CHECK(test::describe_reads(h) == test::describe_reads(r));
    CHECK(h.files_partial_again == 1);
    CHECK(h.files_reread == r.files_reread);
  }
  ::setenv("ENVDRIFT_FULL_PARSE", "1", 1);
  ScanResult whole = scan(o);
  ::unsetenv("ENVDRIFT_FULL_PARSE");
  CHECK(test::describe_reads(whole) == test::describe_reads(r));
  CHECK(whole.files_partial == 0);
}

TEST_CASE("a cached partial parse is completed when another file starts declaring a helper it calls", "[partial][cache]") {
  test::TempTree t, cache_dir;
  t.write("config.ts",
          "export function cfg(name: string) {\n  return process.env[name];\n}\n"
          "export function other(name: string) {\n  return name;\n}\n");
  t.write("app.ts",
          "import { cfg, other } from './config';\n"
          "export const mode = process.env.MODE;\n"
          "export const port = other('PORT');\n");
  ScanOptions o = test::scan_options(t);
  o.use_cache = true;
  o.cache_dir = cache_dir.path();
  ScanResult first = scan(o);
  CHECK(test::describe_reads(first) == std::vector<std::string>{"app.ts:2 MODE direct"});
  CHECK(first.files_partial == 1);  // app.ts; config.ts is all one helper
  ScanResult warm = scan(o);
  CHECK(test::describe_reads(warm) == test::describe_reads(first));
  CHECK(warm.files_from_cache == 2);
  // `other` now reads the environment: app.ts is unchanged and cached in part, yet its call is found.
  t.write("config.ts",
          "export function cfg(name: string) {\n  return process.env[name];\n}\n"
          "export function other(name: string) {\n  return process.env[name] ?? 'x';\n}\n");
  ScanResult after = scan(o);
  CHECK(test::describe_reads(after) ==
        std::vector<std::string>{"app.ts:2 MODE direct", "app.ts:3 PORT helper default=x [helper other @config.ts:4]"});
  CHECK(after.files_partial_again == 1);
}

TEST_CASE("a needle set finds what a plain search finds, with every search kernel", "[partial]") {
  // Texts of every length to 300 over a few letters (and a two-byte UTF-8 letter), so needles
  // overlap, straddle the 16- and 32-byte blocks, the batches of candidates and the very end;
  // sets with one bucket per prefix, with more prefixes than the eight buckets (shared buckets),
  // with a two-byte needle (two-byte prefixes), with a one-byte needle (byte by byte) and with
  // bytes above 0x7f. The caller skips ahead by varying amounts, as a partial plan does.
  std::vector<std::vector<std::string_view>> sets{
      {"ab", "ba", "abc"},
      {"aab", "abd", "acx", "bab", "bbc", "bcd", "cab", "cbd", "ccz", "adb", "bdd", "cda", "dab", "dba", "dcc", "ddd"},
      {"abc", "bd", "dxa"},
      {"c", "abca"},
      {"\xc3\xa9" "a", "ab\xc3\xa9", "zzz"}};
  uint64_t seed = 7;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(seed >> 33);
  };
  auto skip = [](size_t pos) { return pos + 1 + (pos * 7) % 5; };
  for (auto kernel : {NeedleSet::Kernel::Bytes, NeedleSet::Kernel::Ssse3, NeedleSet::Kernel::Avx2}) {
    if (!NeedleSet::supported(kernel)) {
      WARN("this CPU lacks a search kernel; it is not tested here");
      continue;
    }
    NeedleSet::force_kernel(kernel);
    for (const auto& needles : sets) {
      NeedleSet set(needles);
      for (size_t len = 0; len <= 300; ++len)
        for (int round = 0; round < 6; ++round) {
          std::string text;
          while (text.size() < len) {
            size_t r = next() % (round % 2 == 0 ? 4 : 8);
            text += r == 7 ? std::string("\xc3\xa9") : std::string(1, "abcdxyz"[r]);
          }
          auto at = [&](size_t i) {
            return std::any_of(needles.begin(), needles.end(),
                               [&](std::string_view nd) { return text.compare(i, nd.size(), nd) == 0; });
          };
          std::vector<size_t> want, want_skipping;
          for (size_t i = 0; i < text.size(); ++i)
            if (at(i)) want.push_back(i);
          for (size_t i = 0; i < text.size();)
            if (at(i)) {
              want_skipping.push_back(i);
              i = skip(i);
            } else {
              ++i;
            }
          std::vector<size_t> got, got_skipping;
          set.each(text, [&](size_t pos) {
            got.push_back(pos);
            return pos + 1;
          });
          set.each(text, [&](size_t pos) {
            got_skipping.push_back(pos);
            return skip(pos);
          });
          INFO("kernel " << static_cast<int>(kernel) << ", text " << text);
          REQUIRE(got == want);
          REQUIRE(got_skipping == want_skipping);
          REQUIRE(set.any(text) == !want.empty());
        }
    }
  }
  NeedleSet::force_kernel(NeedleSet::Kernel::Auto);
}

TEST_CASE("a needle set finds every needle in one pass", "[partial]") {
  NeedleSet set({"env", "Getenv", "x", "environ"});
  std::vector<size_t> at;
  std::string text = "os.Getenv; environ; y env";
  set.each(text, [&](size_t pos) {
    at.push_back(pos);
    return pos + 1;
  });
  // "Getenv" at 3 (and its "env" at 6), "environ" at 11 (a position where two needles start is
  // one), "env" at 22; the one-byte needle "x" nowhere.
  CHECK(at == std::vector<size_t>{3, 6, 11, 22});
  CHECK(set.any("a getenv b"));
  CHECK_FALSE(NeedleSet({"Getenv"}).any("a getenv b"));
  CHECK(NeedleSet({"x"}).any("abcx"));
  CHECK_FALSE(NeedleSet({"xyz"}).any("xy"));
  CHECK_FALSE(NeedleSet().any("anything"));
}

TEST_CASE("a read that depends on what a kept statement configured is found by a symbol round", "[partial]") {
  // `viper.AutomaticEnv()` is the only needle; `viper.GetString` in another function shares only
  // the imported name with it, and the import is kept as context. The file declares the read
  // symbol "spf13/viper", whose words are in that import: a round parses it again, seeded by it.
  test::TempTree t;
  t.write("go.mod", "module example.com/vt\n\ngo 1.21\n");
  t.write("main.go",
          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/spf13/viper\"\n)\n\n"
          "func init() {\n\tviper.AutomaticEnv()\n}\n\n"
          "func helper() int {\n\treturn 42\n}\n\n"
          "func main() {\n\tfmt.Println(viper.GetString(\"port\"), helper())\n}\n");
  ScanOptions o = test::scan_options(t);
  ScanResult r = scan(o);
  CHECK(test::describe_reads(r) == std::vector<std::string>{"main.go:18 PORT helper [viper key port @main.go:18]"});
  ::setenv("ENVDRIFT_FULL_PARSE", "1", 1);
  ScanResult whole = scan(o);
  ::unsetenv("ENVDRIFT_FULL_PARSE");
  CHECK(test::describe_reads(whole) == test::describe_reads(r));
}

TEST_CASE("an unchanged tree's partial parses from a symbol round are taken from the cache", "[partial][cache]") {
  // app.ts has no prefilter needle: a symbol round parses it, in part (seeded by `cfg`), and
  // on an unchanged tree the next scans take that result like any other.
  test::TempTree t, cache_dir;
  t.write("config.ts", "export function cfg(name: string) {\n  return process.env[name];\n}\n");
  t.write("app.ts",
          "import { cfg } from './config';\n"
          "export class Worker {\n  run() { return 1; }\n  stop() { return 2; }\n  more() { return 3; }\n}\n"
          "export const port = cfg('PORT');\n");
  ScanOptions o = test::scan_options(t);
  o.use_cache = true;
  o.cache_dir = cache_dir.path();
  ScanResult fresh = scan(o);
  CHECK(fresh.files_partial == 1);  // app.ts
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));  // out of the racy window
  ScanResult first = scan(o);
  ScanResult second = scan(o);
  CHECK(test::describe_reads(second) == test::describe_reads(fresh));
  CHECK(test::describe_reads(second) == std::vector<std::string>{"app.ts:7 PORT helper [helper cfg @config.ts:1]"});
  CHECK(second.files_reread == 0);
  CHECK(second.files_from_cache == 2);
  CHECK(second.files_partial == 1);
}
