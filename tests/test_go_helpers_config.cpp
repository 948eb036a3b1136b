// `[[helper]]` declarations in go (analyzer/go/readers.cpp): a callee that is not a function of
// the tree matches a declaration by its import-path spelling, its local spelling, or
// "Type.Method" / "pkgpath.Type.Method" for a method on a value of a known type; the call reads
// the name argument (kind helper, default from default_arg). An `env_object` declaration makes
// the call return a getter of the environment.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/driver.h"
#include "analyzer/frontend.h"
#include "tests/support.h"

using namespace envdrift;

namespace {

DeclaredHelper helper(std::string function, int name_arg, int default_arg = -1, bool env_object = false) {
  return envdrift::test::declared_helper(Language::Go, std::move(function), name_arg, default_arg, env_object);
}

std::vector<std::string> describe(const FileResult& r) {
  std::vector<std::string> out;
  for (const auto& read : r.reads) {
    std::string s = std::to_string(read.line) + ":" + std::to_string(read.column) + " " + read.name + " " +
                    std::string(read_kind_name(read.kind));
    if (read.default_value) s += " default=" + (read.default_value->comparable ? read.default_value->value : "computed");
    for (const auto& v : read.via) s += " [" + v.label + "]";
    out.push_back(s);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char* kSource =
    "package app\n"                                                      // 1
    "import (\n"                                                         // 2
    "\t\"github.com/acme/cfg\"\n"                                        // 3
    "\tother \"github.com/other/cfg\"\n"                                 // 4
    ")\n"                                                                // 5
    "type Store struct{}\n"                                              // 6
    "func (s *Store) Setting(key, def string) string { return def }\n"   // 7
    "func Load(s *Store) {\n"                                            // 8
    "\t_ = cfg.Get(\"PORT\", \"8080\")\n"                                // 9
    "\t_ = other.Get(\"OTHER_PORT\", \"1\")\n"                           // 10
    "\t_ = s.Setting(\"THEME\", \"dark\")\n"                             // 11
    "\tget := cfg.Env()\n"                                               // 12
    "\t_ = get(\"REGION\")\n"                                            // 13
    "\t_ = cfg.Other(\"NOT_DECLARED\")\n"                                // 14
    "}\n";                                                               // 15

}  // namespace

TEST_CASE("go [[helper]]: import-path, local and method spellings, and env_object returns a getter", "[go][helpers_config]") {
  std::vector<DeclaredHelper> decls{
      helper("github.com/acme/cfg.Get", 0, 1),  // not other.Get: another import path
      helper("Store.Setting", 0, 1),
      helper("cfg.Env", -1, -1, true),
  };
  DeclaredHelpersScope scope(&decls);
  FileResult r = analyze_text("app/load.go", kSource);
  std::vector<std::string> expected{
      "11:6 THEME helper default=dark [helper Store.Setting]",
      "13:6 REGION direct [function value cfg.Env]",
      "9:6 PORT helper default=8080 [helper github.com/acme/cfg.Get]",
  };
  CHECK(describe(r) == expected);
  CHECK(r.escapes.empty());
}

TEST_CASE("go [[helper]]: the local spelling matches too, and without declarations nothing is read", "[go][helpers_config]") {
  {
    std::vector<DeclaredHelper> decls{helper("cfg.Get", 0)};
    DeclaredHelpersScope scope(&decls);
    FileResult r = analyze_text("app/load.go", kSource);
    // `cfg.Get` matches github.com/acme/cfg's Get by its local spelling; other.Get does not.
    CHECK(describe(r) == std::vector<std::string>{"9:6 PORT helper [helper cfg.Get]"});
  }
  FileResult none = analyze_text("app/load.go", kSource);
  CHECK(none.reads.empty());
}
