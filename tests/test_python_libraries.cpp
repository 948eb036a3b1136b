// The python config-library table (analyzer/python/libraries.*): the rows say what the
// libraries' documentation says, and a library object made in one module reads where another
// module imports it (that module mentions no env API, so the driver parses it because the
// defining module exports the object's name as a read symbol).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyzer/core/driver.h"
#include "analyzer/python/libraries.h"
#include "tests/support.h"

using namespace envdrift;
using namespace envdrift::py;

TEST_CASE("python library table: django-environ fixed-name readers and argument layouts", "[python][libraries]") {
  struct Row {
    const char* method;
    const char* fixed;
    int fallback_pos;
  };
  for (Row r : {Row{"db", "DATABASE_URL", 1}, Row{"db_url", "DATABASE_URL", 1}, Row{"cache", "CACHE_URL", 1},
                Row{"cache_url", "CACHE_URL", 1}, Row{"email", "EMAIL_URL", 1}, Row{"email_url", "EMAIL_URL", 1},
                Row{"search_url", "SEARCH_URL", 1}, Row{"str", "", 1}, Row{"list", "", 2}, Row{"", "", 2}}) {
    INFO(r.method);
    const LibraryForm* f = library_form("django-environ Env", LibShape::Call, r.method);
    REQUIRE(f != nullptr);
    CHECK(f->read);
    CHECK(f->fixed_name == r.fixed);
    CHECK(f->fallback.pos == r.fallback_pos);
    CHECK(f->fallback.kw == "default");
  }
  const LibraryForm* read_env = library_form("django-environ Env", LibShape::Call, "read_env");
  REQUIRE(read_env != nullptr);
  CHECK_FALSE(read_env->read);
  CHECK(library_form("django-environ Env", LibShape::Call, "parse_value") == nullptr);
}

TEST_CASE("python library table: exports, prefixes and option defaults", "[python][libraries]") {
  const LibraryExport* config = library_export("decouple", "config");
  REQUIRE(config != nullptr);
  CHECK(config->object);  // decouple's module-level `config` is an AutoConfig already
  CHECK(library_export("decouple", "Csv") == nullptr);  // a cast, not a reader
  CHECK(library_export("os", "environ") == nullptr);
  const LibraryType* dyn = library_type("dynaconf Dynaconf");
  REQUIRE(dyn != nullptr);
  CHECK(dyn->default_prefix == "DYNACONF");
  CHECK(dyn->prefix_joiner == "_");
  CHECK(dyn->upper);
  // typer's first positional is the default; click only takes `default=`.
  const LibraryForm* typer = library_form("typer Option", LibShape::Option, "");
  const LibraryForm* click = library_form("click option", LibShape::Option, "");
  REQUIRE(typer != nullptr);
  REQUIRE(click != nullptr);
  CHECK(typer->fallback.pos == 0);
  CHECK(click->fallback.pos == -1);
  CHECK(library_form("environs Env", LibShape::Prefixed, "prefixed") != nullptr);
  CHECK(library_has_method("dynaconf Dynaconf", "get"));
  CHECK_FALSE(library_has_method("dynaconf Dynaconf", "DATABASE_URL"));
}

TEST_CASE("python libraries: an Env object imported from another module reads there, with the scheme default",
          "[python][libraries]") {
  ScanOptions o;
  o.root = envdrift::test::source_dir() + "/fixtures/patterns/python/django_environ_imported";
  o.paths = {o.root};
  o.use_gitignore = false;
  ScanResult r = scan(o);
  CHECK(r.diagnostics.empty());
  std::vector<std::string> expected{
      "app/settings.py:3 FEATURE_FLAGS direct default=none [django-environ Env @app/env.py:4]",
      "app/settings.py:4 REDIS_URL direct default=redis://localhost:6379/0 [django-environ Env @app/env.py:4]",
      "app/settings.py:5 DATABASE_URL direct [django-environ Env @app/env.py:4]",
  };
  CHECK(envdrift::test::describe_reads(r) == expected);
}
