// The name derivations of the go library table (analyzer/go/tag_syntax.h), checked against the
// examples the libraries document, and the table's own invariants.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "analyzer/go/library_table.h"
#include "analyzer/go/tag_syntax.h"

using namespace envdrift::go;

TEST_CASE("kong's camelCase splits like fatih/camelcase", "[go]") {
  using V = std::vector<std::string>;
  CHECK(kong_camel_case("PDFLoader") == V{"PDF", "Loader"});
  CHECK(kong_camel_case("vimRPCPlugin") == V{"vim", "RPC", "Plugin"});
  CHECK(kong_camel_case("GL11Version") == V{"GL", "11", "Version"});
  CHECK(kong_camel_case("BFG9000") == V{"BFG", "9000"});
  CHECK(kong_flag_name("HTTPAddr") == "http-addr");
  CHECK(kong_flag_name("MaxConns") == "max-conns");
}

TEST_CASE("kong DefaultEnvars: --some.value -> PREFIX_SOME_VALUE", "[go]") {
  CHECK(kong_default_envar("PREFIX", "some.value") == "PREFIX_SOME_VALUE");
  CHECK(kong_default_envar("APP", "http-addr") == "APP_HTTP_ADDR");
  CHECK(kong_default_envar("", "port") == "PORT");
  CHECK(kong_default_envar("app", "s3-bucket") == "APP_S_3_BUCKET");  // digits are a class of their own
}

TEST_CASE("ardanlabs/conf camelSplit keeps acronyms and digits", "[go]") {
  using V = std::vector<std::string>;
  CHECK(conf_camel_split("FOOBar") == V{"FOO", "Bar"});
  CHECK(conf_camel_split("ReadTimeout") == V{"Read", "Timeout"});
  CHECK(conf_camel_split("DBHost") == V{"DB", "Host"});
  CHECK(conf_camel_split("A") == V{"A"});
}

TEST_CASE("kingpin / ff flag-to-variable transform", "[go]") {
  CHECK(envar_transform("foo_bar-waz") == "FOO_BAR_WAZ");
  CHECK(envar_transform("APP_log.debug") == "APP_LOG_DEBUG");
  CHECK(envar_transform("a--b") == "A_B");
}

TEST_CASE("the library table: every row names its library and tag or function", "[go]") {
  std::set<std::string_view> needles(library_needles().begin(), library_needles().end());
  for (const auto& row : tag_libraries()) {
    CHECK(!row.id.empty());
    CHECK(!row.tag.empty());
    CHECK(needles.count(row.import_path) == 1);
    if (row.every_field) CHECK(!row.parse_function.empty());
  }
  for (const auto& row : chain_libraries()) CHECK(needles.count(row.name_method) == 1);
  for (const auto& row : prefix_options()) CHECK(needles.count(row.import_path) == 1);
  // The historical default of `env` tags stays caarlos0/env when nothing says otherwise.
  auto none = [](std::string_view) { return false; };
  REQUIRE(tag_library_for("env", none, none) != nullptr);
  CHECK(tag_library_for("env", none, none)->id == "caarlos0/env");
  auto kong = [](std::string_view p) { return p == "github.com/alecthomas/kong"; };
  CHECK(tag_library_for("env", none, kong)->id == "alecthomas/kong");
  CHECK(tag_library_for("conf", none, none) == nullptr);  // derived names need the library
}
