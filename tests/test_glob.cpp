// GlobSet (analyzer/core/glob.h) against glob_match: the compiled set must answer exactly what
// matching its globs one by one answers, for the shapes it compiles (`**/NAME/**`, `**/SEG`
// literal / `*suffix` / `prefix*` / other) and for everything it leaves to glob_match.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "analyzer/core/discovery.h"
#include "analyzer/core/glob.h"
#include "analyzer/core/scope.h"

using namespace envdrift;

namespace {

bool any_one_by_one(const std::vector<std::string>& globs, const std::string& path) {
  for (const auto& g : globs)
    if (glob_match(g, path)) return true;
  return false;
}

// A random path or pattern over a small alphabet, so that matches are frequent.
std::string random_text(std::mt19937& rng, bool pattern) {
  static const std::vector<std::string> kPathParts{"a", "b", "ab", ".", "x.js", "a.min.js", "test", "/", "/", "/"};
  static const std::vector<std::string> kPatternParts{"a", "b", "ab", ".", "*", "?", "**", "/", "/", "**/", "/**", ".js", "test"};
  const auto& parts = pattern ? kPatternParts : kPathParts;
  std::string s;
  int n = static_cast<int>(rng() % 7);
  for (int i = 0; i < n; ++i) s += parts[rng() % parts.size()];
  return s;
}

}  // namespace

TEST_CASE("GlobSet answers like glob_match on random globs and paths", "[glob]") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> globs;
    int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      std::string g = random_text(rng, true);
      switch (rng() % 4) {  // the compiled shapes, often
        case 0: g = "**/" + g; break;
        case 1: g = "**/" + g + "/**"; break;
        default: break;
      }
      globs.push_back(g);
    }
    GlobSet set(globs);
    for (int k = 0; k < 20; ++k) {
      std::string path = random_text(rng, false);
      INFO("path `" << path << "` globs: " << Catch::Detail::stringify(globs));
      REQUIRE(set.any(path) == any_one_by_one(globs, path));
    }
  }
}

TEST_CASE("GlobSet answers like glob_match for the default scope and exclude globs", "[glob]") {
  std::vector<std::string> paths{
      "", "src/index.ts", "node_modules/x/index.js", "a/node_modules", "a/node_modules/b.js", "src/a.test.ts",
      "src/test/a.ts", "tests", "pkg/foo_test.go", "app/test_x.py", "app/conftest.py", "vite.config.ts",
      "web/vite.config.mjs", "web/vite.configx", "dist/a.js", "a/dist", "a.min.js", "x/.min.js", "static/a/b.js",
      "a/static/b.ts", "api/x.pb.go", "x_pb2.py", "scripts/run.py", "a/.git/HEAD", "venv/lib/a.py",
      "src/app.stories.tsx", "setup.py", "a/setup.pyc", "docs/e2e-tests/a.ts", "x/" , "a//b", "dist/\x01"};
  ScopeRules rules;
  std::vector<std::vector<std::string>> lists{default_dev_globs(), default_generated_globs(), builtin_excludes(),
                                               {"/generated/", "src/**/*.gen.ts", "*.ts", "qa/**", "**/fixtures"}};
  for (const auto& globs : lists) {
    GlobSet set(globs);
    for (const auto& p : paths) {
      INFO(p);
      CHECK(set.any(p) == any_one_by_one(globs, p));
    }
  }
  CHECK(GlobSet(default_dev_globs()).any("web/vite.config.mjs"));
  CHECK_FALSE(GlobSet(default_dev_globs()).any("web/vite.configx"));
  CHECK(GlobSet(builtin_excludes()).any("a/node_modules"));
  CHECK_FALSE(GlobSet(std::vector<std::string>{}).any("a"));
  CHECK(GlobSet(std::vector<std::string>{}).empty());
}

TEST_CASE("DevFiles answers like ScopeRules for files and reads", "[glob][scope]") {
  ScopeRules rules;
  rules.dev.push_back("qa/**");
  DevFiles dev(rules);
  for (const char* f : {"src/a.ts", "qa/a.ts", "src/a.spec.ts", "tests/x.py", "cmd/main.go", "cmd/main_test.go"}) {
    INFO(f);
    CHECK(dev.file(f) == rules.is_dev(f));
    CHECK(dev.file(f) == rules.is_dev(f));  // the kept answer
  }
  EnvRead r;
  r.file = "src/config.ts";
  CHECK_FALSE(dev.read(r));
  r.via.push_back(ViaStep{"qa/setup.ts", 3, "helper"});
  CHECK(dev.read(r));
  CHECK(rules.is_dev_read(r));
}
