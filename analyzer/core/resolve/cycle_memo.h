// Memoised evaluation of definitions that may refer to each other, directly or in a cycle
// (constants, class and enum members, helper summaries): each is computed once, and one that is
// reached again while it is being computed gets its value so far instead of recursing (the
// placeholder it started from, e.g. Unknown, or the part of a record built up to that point).
//
// A result computed from such an in-progress value is only provisional: it is kept (so the rest
// of the cycle is not recomputed, which would be exponential) until the definition it relied on
// completes. Then, if that definition's final value is what the in-progress one stood for
// (`unchanged(final)`, e.g. "still Unknown": a true cycle), the provisional results become final;
// otherwise they are dropped and recomputed on their next request, now from the final value
// (`def h1(k): return h2(k)` summarized while h2, which calls h1 back, was in progress).
// Each definition is therefore final after a bounded number of computations, and a cyclic
// definition resolves to the placeholder (a dynamic read) in time linear in the definitions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <map>
#include <utility>
#include <vector>

namespace envdrift::resolve {

template <class Key, class V>
class CycleMemo {
 public:
  // The value of `key`: `compute(V& out)` fills `out`, which starts as `start` and is what a
  // cyclic request sees meanwhile (a computation may build a record in `out` member by member).
  // `monotone(v)`: a provisional v that stays right whatever the in-progress values turn out to
  // be (a helper summary found through another path stays a helper): not recomputed.
  template <class Compute, class Unchanged, class Monotone>
  V get(const Key& key, V start, Compute&& compute, Unchanged&& unchanged, Monotone&& monotone) {
    if (auto it = done_.find(key); it != done_.end()) return it->second;
    if (auto it = provisional_.find(key); it != provisional_.end()) {
      depends_on(it->second.dep);
      return it->second.value;
    }
    if (auto it = active_.find(key); it != active_.end()) {  // a cycle back to `key`
      Frame& f = frames_[it->second];
      f.hit = true;
      depends_on(it->second);
      return f.partial;
    }
    size_t pos = frames_.size();
    frames_.push_back(Frame{std::move(start), pos, log_.size(), false});
    active_.emplace(key, pos);
    compute(frames_[pos].partial);  // a deque keeps this reference valid while frames are pushed
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    active_.erase(key);
    bool changed = f.hit && !unchanged(f.partial);
    size_t keep = f.log_start;
    for (size_t r = f.log_start; r < log_.size(); ++r) {
      auto it = provisional_.find(log_[r]);
      if (it == provisional_.end()) continue;
      if (changed && !monotone(it->second.value)) {  // computed from a value `key` no longer has
        provisional_.erase(it);
        continue;
      }
      if (it->second.dep == pos) {
        if (f.lowest >= pos) {  // `key` is final: so is what relied only on it
          done_.emplace(it->first, std::move(it->second.value));
          provisional_.erase(it);
          continue;
        }
        it->second.dep = f.lowest;
      }
      log_[keep++] = log_[r];
    }
    log_.resize(keep);
    if (f.lowest < pos) {  // relied on a definition still in progress below
      provisional_[key] = Provisional{f.partial, f.lowest};
      log_.push_back(key);
      depends_on(f.lowest);
    } else {
      done_[key] = f.partial;
    }
    return std::move(f.partial);
  }
  template <class Compute, class Unchanged>
  V get(const Key& key, V start, Compute&& compute, Unchanged&& unchanged) {
    return get(key, std::move(start), std::forward<Compute>(compute), std::forward<Unchanged>(unchanged),
               [](const V&) { return false; });
  }

  // The value of `key` if computed already (final or provisional), else nullptr (no computation).
  const V* find(const Key& key) {
    if (auto it = done_.find(key); it != done_.end()) return &it->second;
    if (auto it = provisional_.find(key); it != provisional_.end()) {
      depends_on(it->second.dep);
      return &it->second.value;
    }
    return nullptr;
  }

  // Definitions being computed right now (the nesting of get calls).
  size_t depth() const { return frames_.size(); }

 private:
  struct Frame {
    V partial;
    size_t lowest;     // the lowest frame whose in-progress value this computation used
    size_t log_start;  // provisional results logged from here on were computed inside it
    bool hit;          // was this definition reached again while in progress?
  };
  struct Provisional {
    V value;
    size_t dep;  // the frame it relied on (the lowest), still in progress
  };
  void depends_on(size_t frame) {
    if (!frames_.empty()) frames_.back().lowest = std::min(frames_.back().lowest, frame);
  }

  std::map<Key, V> done_;
  std::map<Key, Provisional> provisional_;
  std::map<Key, size_t> active_;
  std::deque<Frame> frames_;
  std::vector<Key> log_;
};

}  // namespace envdrift::resolve
