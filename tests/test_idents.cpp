// The identifier index of files the byte prefilter skipped (analyzer/core/idents.h): pass 2 of
// the driver reads such a file again only when its identifiers may name a fresh symbol.
#include <catch2/catch.hpp>

#include "analyzer/core/idents.h"

using namespace envdrift;

TEST_CASE("identifier hashes name every identifier run of 3 bytes or more, once", "[idents]") {
  auto h = identifier_hashes("import { portOf } from './lib/ports';\nconst x = portOf('PORT') + portOf(\"P2\");\n");
  CHECK(std::is_sorted(h.begin(), h.end()));
  CHECK(std::adjacent_find(h.begin(), h.end()) == h.end());
  CHECK(may_mention(h, "portOf"));
  CHECK(may_mention(h, "PORT"));      // inside a string: still a run
  CHECK(may_mention(h, "ports"));
  CHECK_FALSE(may_mention(h, "port"));  // only whole runs: `portOf` is not `port`
  CHECK(may_mention(h, "P2"));          // too short to be indexed, so a short symbol always may,
  CHECK(may_mention({}, "P2"));         // even of a file with no identifiers at all
  CHECK_FALSE(may_mention(h, "setting"));
}

TEST_CASE("a symbol of several runs needs each of them", "[idents]") {
  auto h = identifier_hashes("import \"github.com/spf13/viper\"\n");
  CHECK(may_mention(h, "spf13/viper"));
  CHECK_FALSE(may_mention(h, "spf13/cobra"));
  CHECK(may_mention(h, "viper"));
}

TEST_CASE("identifier runs include $, _ and non-ASCII bytes", "[idents]") {
  auto h = identifier_hashes("const $env = réglage_x(1); __all__ = [];");
  CHECK(may_mention(h, "$env"));
  CHECK_FALSE(may_mention(h, "env"));  // `$env` is one JavaScript identifier
  CHECK(may_mention(h, "réglage_x"));
  CHECK(may_mention(h, "__all__"));
  CHECK(identifier_hashes("").empty());
  CHECK(identifier_hashes("a b c 12 () ;;").empty());
}
