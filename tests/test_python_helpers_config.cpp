// `[[helper]]` declarations in the python frontend: a call whose callee is not a function of the
// tree reads the declared argument, found under its import-qualified, class-qualified or local
// spelling; an `env_object` declaration makes the call's result the environment.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/driver.h"
#include "tests/support.h"

using namespace envdrift;

namespace {

DeclaredHelper helper(std::string function, int name_arg, int default_arg = -1, bool env_object = false) {
  return envdrift::test::declared_helper(Language::Python, std::move(function), name_arg, default_arg, env_object);
}

}  // namespace

TEST_CASE("python: declared helpers resolve imported, aliased-module and method callees", "[python]") {
  std::vector<DeclaredHelper> hs{helper("app.settings.get_env", 0, 1), helper("ConfigStore.get", 0),
                                 helper("vendor.env.load_env", -1, -1, true)};
  DeclaredHelpersScope scope(&hs);
  FileResult r = analyze_text("app/views.py",
                              "from .settings import get_env\n"              // relative: app.settings.get_env
                              "import app.settings as s\n"
                              "from vendor.confstore import ConfigStore\n"
                              "from vendor.env import load_env\n"
                              "a = get_env('DB_URL', 'sqlite://')\n"         // 5
                              "b = s.get_env('CACHE_URL')\n"                 // 6
                              "cfg = ConfigStore()\n"
                              "c = cfg.get('API_KEY')\n"                     // 8
                              "d = load_env()['HOME_DIR']\n"                 // 9
                              "env = load_env()\n"
                              "e = env.get('TMP_DIR', '/tmp')\n"             // 11
                              "f = other.get('NOT_A_READ')\n"
                              "g = get_env\n");
  REQUIRE(r.reads.size() == 5);
  CHECK(r.reads[0].name == "DB_URL");
  CHECK(r.reads[0].line == 5);
  CHECK(r.reads[0].kind == ReadKind::Helper);
  REQUIRE(r.reads[0].default_value);
  CHECK(r.reads[0].default_value->value == "sqlite://");
  CHECK(r.reads[1].name == "CACHE_URL");
  CHECK(r.reads[1].line == 6);
  CHECK(r.reads[1].kind == ReadKind::Helper);
  CHECK_FALSE(r.reads[1].default_value);
  CHECK(r.reads[2].name == "API_KEY");
  CHECK(r.reads[2].line == 8);
  CHECK(r.reads[2].kind == ReadKind::Helper);
  CHECK(r.reads[3].name == "HOME_DIR");
  CHECK(r.reads[3].line == 9);
  CHECK(r.reads[3].kind == ReadKind::Direct);
  CHECK(r.reads[4].name == "TMP_DIR");
  CHECK(r.reads[4].line == 11);
  REQUIRE(r.reads[4].default_value);
  CHECK(r.reads[4].default_value->value == "/tmp");
}

TEST_CASE("python: a function of the tree wins over a declaration of the same local name", "[python]") {
  std::vector<DeclaredHelper> hs{helper("get_env", 0)};
  DeclaredHelpersScope scope(&hs);
  FileResult r = analyze_text("m.py",
                              "def get_env(key):\n"
                              "    return key.upper()\n"
                              "x = get_env('NOT_ENV')\n");
  CHECK(r.reads.empty());
  FileResult none = analyze_text("n.py", "x = get_env('NO_SCOPE')\n");
  CHECK(none.reads.size() == 1);  // the declaration is still in scope here
}

TEST_CASE("python: without declarations an unknown callee reads nothing", "[python]") {
  FileResult r = analyze_text("m.py", "from app.settings import get_env\nx = get_env('X')\n");
  CHECK(r.reads.empty());
}
