// Shared by the registry tests: loading fixtures/registry/ pages and checking their entries.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "registry/model.h"

namespace envdrift::test {

inline std::string fixture(const std::string& name) { return std::string(ENVDRIFT_SOURCE_DIR) + "/fixtures/registry/" + name; }

inline Registry load(const std::string& name) { return read_registry_file(fixture(name), "docs/" + name); }

inline std::vector<std::string> names_of(const Registry& r) {
  std::vector<std::string> out;
  for (const auto& v : r.variables) out.push_back(v.name);
  return out;
}

// The nth (0-based) entry documenting `name`; fails the test when there is none.
inline const DocVariable& entry(const Registry& r, const std::string& name, int nth = 0) {
  for (const auto& v : r.variables)
    if (v.name == name && nth-- == 0) return v;
  FAIL("no documented variable " << name);
  return r.variables.front();
}

inline int count_of(const Registry& r, const std::string& name) {
  int n = 0;
  for (const auto& v : r.variables) n += v.name == name ? 1 : 0;
  return n;
}

inline void check_default(const DocVariable& v, const std::string& raw, const std::string& value, bool comparable = true) {
  INFO(v.name << " at line " << v.line);
  REQUIRE(v.default_value.has_value());
  CHECK(v.default_value->raw == raw);
  CHECK(v.default_value->value == value);
  CHECK(v.default_value->comparable == comparable);
}

inline void check_no_default(const DocVariable& v) {
  INFO(v.name << " at line " << v.line);
  CHECK_FALSE(v.default_value.has_value());
  CHECK(v.default_stated);
}

using Strings = std::vector<std::string>;

}  // namespace envdrift::test
