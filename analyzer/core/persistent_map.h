// An immutable map from int keys to values whose versions share structure (a treap with path
// copying). Setting a key makes a new version by copying the nodes on the path to it (O(log n)
// expected: a node's priority is a hash of its key, so no input order can unbalance it), and
// every older version stays valid. A version is a root index into the map's node pool, which
// owns every node of every version; the pool lives as long as the map.
//
// Used where a structure is the one of another plus a few entries, built over and over down a
// chain (a class's members and fields from its base's): each link then costs its own entries,
// not a copy of the whole.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace envdrift {

template <class V>
class PersistentMap {
 public:
  using Root = int32_t;
  static constexpr Root kEmpty = -1;

  const V* find(Root r, int key) const {
    while (r != kEmpty) {
      const Node& n = nodes_[static_cast<size_t>(r)];
      if (key == n.key) return &n.value;
      r = key < n.key ? n.left : n.right;
    }
    return nullptr;
  }

  // The version of `r` with `key` mapped to `value` (replacing what it had).
  Root set(Root r, int key, V value) { return insert(r, key, std::move(value), priority(key)); }

  // Calls f(key, value) for every entry of version r, in key order (an explicit stack: no
  // recursion). f may make new versions meanwhile; r's entries stay as they were.
  template <class F>
  void for_each(Root r, F&& f) const {
    std::vector<Root> stack;
    while (r != kEmpty || !stack.empty()) {
      for (; r != kEmpty; r = nodes_[static_cast<size_t>(r)].left) stack.push_back(r);
      r = stack.back();
      stack.pop_back();
      // A copy: f may set keys of this map, which can move its nodes.
      Node n = nodes_[static_cast<size_t>(r)];
      f(n.key, n.value);
      r = n.right;
    }
  }

 private:
  struct Node {
    int key;
    uint32_t prio;
    Root left, right;
    V value;
  };

  static uint32_t priority(int key) {  // splitmix64's finalizer
    uint64_t z = static_cast<uint64_t>(static_cast<uint32_t>(key)) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<uint32_t>(z ^ (z >> 31));
  }

  Root make(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<Root>(nodes_.size() - 1);
  }

  // (keys < key, keys > key) of `r` as new versions; an entry equal to key is dropped.
  std::pair<Root, Root> split(Root r, int key) {
    if (r == kEmpty) return {kEmpty, kEmpty};
    Node n = nodes_[static_cast<size_t>(r)];
    if (n.key == key) return {n.left, n.right};
    if (n.key < key) {
      auto [l, rr] = split(n.right, key);
      n.right = l;
      return {make(std::move(n)), rr};
    }
    auto [l, rr] = split(n.left, key);
    n.left = rr;
    return {l, make(std::move(n))};
  }

  // The recursion follows one path of the treap, whose depth is logarithmic in its size.
  Root insert(Root r, int key, V value, uint32_t prio) {
    if (r == kEmpty) return make(Node{key, prio, kEmpty, kEmpty, std::move(value)});
    Node n = nodes_[static_cast<size_t>(r)];
    if (n.key == key) {
      n.value = std::move(value);
      return make(std::move(n));
    }
    if (prio > n.prio) {
      auto [l, rr] = split(r, key);
      return make(Node{key, prio, l, rr, std::move(value)});
    }
    if (key < n.key) n.left = insert(n.left, key, std::move(value), prio);
    else n.right = insert(n.right, key, std::move(value), prio);
    return make(std::move(n));
  }

  std::vector<Node> nodes_;
};

}  // namespace envdrift
