// The fuzz targets' committed inputs (tests/fuzz/corpus/<target>/: hostile seeds and every
// reproducer the fuzzer found) replayed through the same harness the libFuzzer binaries run
// (tests/fuzz/harness.cpp), so each fixed crash, hang or broken invariant stays fixed in the
// GCC build and the sanitizer build alike. Bug-specific assertions follow the replay.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/core/driver.h"
#include "registry/model.h"
#include "tests/fuzz/harness.h"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> corpus_files(std::string_view target) {
  fs::path dir = fs::path(ENVDRIFT_SOURCE_DIR) / "tests/fuzz/corpus" / std::string(target);
  std::vector<fs::path> out;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every fuzz target's committed inputs run clean", "[fuzz]") {
  REQUIRE(envdrift::fuzz::targets().size() == 8);
  for (const auto& t : envdrift::fuzz::targets()) {
    auto files = corpus_files(t.name);
    INFO("target " << t.name);
    CHECK(!files.empty());  // each target keeps at least its hostile seeds
    for (const auto& f : files) {
      INFO("input " << f.string());
      CHECK(t.run(slurp(f)) == "");
    }
  }
}

// fuzz_json: a number out of double's range (`1e999`) made nlohmann::json throw out_of_range,
// which the reader did not catch (only parse_error): the whole run aborted instead of reporting
// an invalid registry.
TEST_CASE("a JSON registry with an out-of-range number is an invalid registry, not a crash", "[fuzz][registry]") {
  envdrift::Registry r;
  REQUIRE_NOTHROW(r = envdrift::read_json_registry("[{\"name\": \"PORT\", \"default\": 1e999}]", "docs/env.json"));
  CHECK(r.variables.empty());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == envdrift::Diagnostic::Severity::Error);
  CHECK(r.diagnostics[0].message.find("invalid JSON registry") != std::string::npos);
}

// fuzz_typescript: every call looked its callee's declaration up by walking the whole ancestor
// path, so 3,000 nested calls (balanced or not) took seconds per grammar. The read inside them
// must still be found, and the lookup is now memoised per node.
TEST_CASE("a read inside thousands of nested calls is found", "[fuzz][typescript]") {
  for (int open_extra : {0, 196}) {
    std::string text = "const v = ";
    for (int i = 0; i < 3000 + open_extra; ++i) text += "f(";
    text += "process.env.DEEP_NAME";
    text += std::string(3000, ')');
    text += ";\n";
    auto r = envdrift::analyze_text("src/deep.ts", text);
    INFO("unclosed calls: " << open_extra);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_NAME");
    CHECK(r.reads[0].line == 1);
  }
}

// fuzz_typescript: the import table and the export lookups walked the file's top-level statements
// by index (`ts_node_named_child(root, i)` restarts from the first child each time), so a root
// with thousands of children (unbalanced calls recovered as error nodes, a long flat module) was
// quadratic: > 10 s under ASan. Children are now visited with a tree cursor.
TEST_CASE("a module of 100,000 top-level statements keeps its imports and reads", "[fuzz][typescript]") {
  std::string text = "import { getEnv } from \"./env\";\n";
  for (int i = 0; i < 100000; ++i) text += "let v" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  text += "export const port = process.env.WIDE_PORT ?? \"8080\";\n";
  auto r = envdrift::analyze_text("src/wide.ts", text);
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].name == "WIDE_PORT");
  CHECK(r.reads[0].line == 100002);
  REQUIRE(r.reads[0].default_value);
  CHECK(r.reads[0].default_value->value == "8080");
}
