// The nearest ancestor of a kind along a path of ancestors (root first, each node the parent of
// the next), in time independent of the depth once the levels between have been climbed: a
// matcher that asks "which function / scope encloses this read?" for every read of a deeply
// nested expression (a 10,000-term chain) would otherwise climb the same levels once per read.
#pragma once

#include <tree_sitter/api.h>

#include <cstddef>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace envdrift {

class AncestorSkipper {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  // The largest index j <= i with `is_stop(j)`, or npos. `is_stop(j)` may look at path[j] and its
  // ancestors (path[j - 1], ...) but must give the same answer for the node in every path: levels
  // found not to stop are remembered per node as a count, which holds in any path through them.
  // The index 0 may stop because the path starts there; npos means the run of non-stops went on
  // above the path's start (in a longer path climbed earlier).
  template <class IsStop>
  size_t find(std::span<const TSNode> path, size_t i, IsStop&& is_stop) {
    if (path.empty() || i >= path.size()) return npos;
    std::vector<std::pair<const void*, size_t>> skipped;  // (node, its index in path)
    size_t j = i;
    for (;;) {
      if (auto m = skip_.find(path[j].id); m != skip_.end()) {
        if (m->second > j) {  // the run of non-stops goes above the path's start
          j = npos;
          break;
        }
        j -= m->second;
        continue;
      }
      if (is_stop(j)) break;
      skipped.emplace_back(path[j].id, j);
      if (j == 0) {
        j = npos;
        break;
      }
      --j;
    }
    // Each skipped node: how many levels from it up are known not to stop (itself included).
    for (const auto& [id, k] : skipped) skip_.emplace(id, j == npos ? k + 1 : k - j);
    return j;
  }

 private:
  std::unordered_map<const void*, size_t> skip_;
};

}  // namespace envdrift
