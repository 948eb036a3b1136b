// Mutation tests (issue 13, B4): copy a scenario tree, replace one indirection the analyzer
// follows with one it cannot (a wrapper imported from a package outside the tree), and check
// that the affected documented names come out `unresolved` — never `unread` — and that nothing
// else in the report changes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "tests/support.h"

namespace fs = std::filesystem;
using envdrift::test::run_envdrift;
using envdrift::test::TempTree;

namespace {

struct Mutation {
  std::string tree;      // under fixtures/
  std::string file;      // relative to the tree
  std::vector<std::pair<std::string, std::string>> edits;  // (original text, replacement)
  std::set<std::string> affected;  // documented names the edit hides from the analyzer
};

using Key = std::tuple<std::string, std::string, std::string>;  // kind, name, service

std::set<Key> findings_of(const std::string& dir) {
  auto r = run_envdrift({"check", "--no-cache", "--format", "json", dir});
  INFO(r.out << r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  auto j = nlohmann::json::parse(r.out);
  std::set<Key> out;
  for (const auto& f : j["findings"])
    out.emplace(f["kind"].get<std::string>(), f.value("name", ""), f.value("service", ""));
  return out;
}

void check_mutation(const Mutation& m) {
  TempTree t;
  fs::copy(envdrift::test::source_dir() + "/fixtures/" + m.tree, t.path(), fs::copy_options::recursive);
  std::set<Key> before = findings_of(t.path());
  std::string text = envdrift::test::read_text(t.abs(m.file));
  for (const auto& [from, to] : m.edits) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);  // the fixture still holds the indirection
    text.replace(at, from.size(), to);
  }
  t.write(m.file, text);
  std::set<Key> after = findings_of(t.path());
  for (const auto& k : after) {
    const auto& [kind, name, service] = k;
    INFO(kind << " " << name << " " << service);
    if (m.affected.count(name) != 0) {
      CHECK(kind != "unread");  // never a confident "unread" for what the analyzer could not see
      if (before.count(k) == 0) CHECK(kind == "unresolved");
    } else {
      CHECK(before.count(k) == 1);  // nothing else appears
    }
  }
  for (const auto& k : before) {
    INFO(std::get<0>(k) << " " << std::get<1>(k) << " " << std::get<2>(k));
    if (m.affected.count(std::get<1>(k)) == 0) CHECK(after.count(k) == 1);  // nothing else disappears
  }
  for (const auto& name : m.affected) {
    INFO(name);
    bool unresolved = false;
    for (const auto& [kind, n, service] : after) unresolved = unresolved || (n == name && kind == "unresolved");
    CHECK(unresolved);
  }
}

}  // namespace

TEST_CASE("mutation: a Python read moved behind a wrapper from a package", "[mutation][e2e]") {
  check_mutation({"demo",
                  "services/worker/worker/settings.py",
                  {{"from os import environ\n", "from os import environ\nfrom corelib.config import get_setting\n"},
                   {"int(os.environ.get(\"WORKER_CONCURRENCY\", \"4\"))", "int(get_setting(\"WORKER_CONCURRENCY\", \"4\"))"}},
                  {"WORKER_CONCURRENCY"}});
}

TEST_CASE("mutation: a TypeScript helper imported from a package instead of the tree", "[mutation][e2e]") {
  check_mutation({"kaireon-like",
                  "platform/src/workers/outbox-publisher.ts",
                  {{"from \"@/lib/env\"", "from \"@vendor/env-helpers\""}},
                  {"OUTBOX_POLL_INTERVAL_MS", "OUTBOX_SHUTDOWN_DRAIN_TIMEOUT_MS"}});
}

TEST_CASE("mutation: a Go helper call replaced by a package's function", "[mutation][e2e]") {
  check_mutation({"aisoc-like",
                  "services/ingest/internal/config/config.go",
                  {{"getEnvInt(\"MAX_BATCH_SIZE\"", "envx.Int(\"MAX_BATCH_SIZE\""}},
                  {"MAX_BATCH_SIZE"}});
}
