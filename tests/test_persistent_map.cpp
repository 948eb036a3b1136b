// analyzer/core/persistent_map.h: versions share structure and stay valid after later sets.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <vector>

#include "analyzer/core/persistent_map.h"

using envdrift::PersistentMap;

TEST_CASE("a persistent map keeps every version as it was", "[core][persistent-map]") {
  PersistentMap<int> m;
  auto empty = PersistentMap<int>::kEmpty;
  auto a = m.set(empty, 5, 50);
  auto b = m.set(a, 3, 30);
  auto c = m.set(b, 5, 51);  // replaces in the new version only
  CHECK(m.find(empty, 5) == nullptr);
  REQUIRE(m.find(a, 5) != nullptr);
  CHECK(*m.find(a, 5) == 50);
  CHECK(m.find(a, 3) == nullptr);
  CHECK(*m.find(b, 5) == 50);
  CHECK(*m.find(b, 3) == 30);
  CHECK(*m.find(c, 5) == 51);
  CHECK(*m.find(c, 3) == 30);
  std::vector<std::pair<int, int>> seen;
  m.for_each(c, [&](int k, int v) { seen.emplace_back(k, v); });
  CHECK(seen == std::vector<std::pair<int, int>>{{3, 30}, {5, 51}});
}

TEST_CASE("a persistent map agrees with std::map over random versions, and may grow while iterated", "[core][persistent-map]") {
  std::mt19937 rnd(7);
  PersistentMap<int> m;
  std::vector<PersistentMap<int>::Root> roots{PersistentMap<int>::kEmpty};
  std::vector<std::map<int, int>> models{{}};
  for (int i = 0; i < 3000; ++i) {
    size_t from = rnd() % roots.size();
    int key = static_cast<int>(rnd() % 500), value = static_cast<int>(rnd());
    roots.push_back(m.set(roots[from], key, value));
    models.push_back(models[from]);
    models.back()[key] = value;
  }
  for (size_t v = 0; v < roots.size(); v += 97) {
    std::map<int, int> got;
    // Setting keys while iterating (the pool grows) leaves the iterated version as it was.
    m.for_each(roots[v], [&](int k, int val) {
      got[k] = val;
      m.set(roots[v], k + 1000, 0);
    });
    CHECK(got == models[v]);
    for (int k = 0; k < 500; k += 7) {
      const int* f = m.find(roots[v], k);
      auto it = models[v].find(k);
      CHECK((f == nullptr) == (it == models[v].end()));
      if (f && it != models[v].end()) CHECK(*f == it->second);
    }
  }
}
