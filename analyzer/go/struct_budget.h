// Bounded work for the walks over nested Go struct types (struct_tags.cpp).
//
// Nested struct types can spell exponentially many field paths: `X, Y, Z *Config` inside
// Config is 3^16 paths 16 levels deep, sixteen levels of two fields each under distinct
// `envPrefix` tags 2^17 distinct names. Three rules keep a walk linear in the fields declared
// plus a fixed budget, and honest when it stops:
// - a walk does not expand a struct again under a prefix it already expanded it with at the
//   same or a shallower depth (first_expansion): that would only emit reads already emitted
//   (same file, line, column, name; the first emission wins);
// - a walk's first expansion of each struct is free; every further one (another prefix, another
//   path) pays its field visits from the file's kMaxStructFields (repeated, spend);
// - a walk that runs out is done again 0, 1, 2, … levels deep, paying every visit from the file's
//   kMaxFallbackFields, and the reads of the deepest that fits are kept (bounded): the shallow
//   names, where a depth-first walk cut off by a budget would keep one deep corner. An escape at
//   the field where the budget ran out says how deep the fields were read, so that the service's
//   unread findings are marked incomplete instead of asserted.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/core/syntax.h"
#include "analyzer/go/libraries.h"

namespace envdrift::go {

constexpr int kMaxStructDepth = 16;         // nesting of struct types followed (cycles stop here too)
constexpr int kMaxStructFields = 20000;     // field visits of repeated expansions, per file
constexpr int kMaxFallbackFields = 50000;   // field visits of the shallower walks, per file

// Reads: the walks' map of reads by key (std::map: merge keeps an entry already there).
template <class Reads>
class StructBudget {
 public:
  // How deep the current walk goes (a walker returns at a greater depth).
  int max_depth() const { return max_depth_; }

  // Is this the first expansion of a struct (its struct_type node) under this prefix, by this
  // walk ('t' tags, 'e' envconfig, …), in the current top-level walk, at this depth or a
  // shallower one?
  bool first_expansion(char walk, TSNode type, const GoPrefix& p, int depth) {
    std::string key{walk};
    key += std::to_string(reinterpret_cast<uintptr_t>(type.id));
    for (const std::string* part : {&p.head, &p.tail, &p.expr}) (key += '\x1f') += *part;
    key += p.dynamic ? "\x1f" "d" : "\x1f" "s";
    for (const auto& x : p.excluded) (key += '\x1e') += x;
    auto [it, fresh] = expanded_.try_emplace(std::move(key), depth);
    if (!fresh && it->second <= depth) return false;
    it->second = depth;
    return true;
  }

  // Is this expansion of a struct paid from the budget (not the walk's first of it)?
  bool repeated(char walk, TSNode type) { return !walked_.emplace(walk, type.id).second; }

  // One field visit (`at` in `file`): false, and the walk over, once the budget it is paid from
  // is spent. The full-depth walk pays its repeated expansions; the shallower walks after one
  // that ran out pay every visit.
  bool spend(bool repeated, const ParsedFile& file, TSNode at) {
    if (over_) return false;
    if (!repeated && !fallback_) return true;
    int& left = fallback_ ? fallback_left_ : paid_left_;
    if (left > 0) {
      --left;
      return true;
    }
    over_ = true;
    if (!fallback_ && !over_at_) over_at_ = std::make_pair(&file, at);
    return false;
  }

  // Runs a top-level walk (walk() calls a walker at depth 0) into `pending` when non-null, else
  // into `reads`: kMaxStructDepth deep when it fits the budget, else the deepest of 0, 1, 2, …
  // levels that fits, with an escape (once per file) into `escapes`. `pending` is pointed at a
  // staging map while the walk runs (the walkers' add() writes there) and restored after.
  template <class Walk>
  void bounded(Reads*& pending, Reads& reads, std::vector<EnvEscape>& escapes, Walk&& walk) {
    Reads* target = pending != nullptr ? pending : &reads;
    Reads* saved = pending;
    Reads staged, kept;
    auto attempt = [&](int limit) {
      staged.clear();
      expanded_.clear();
      walked_.clear();
      pending = &staged;
      max_depth_ = limit;
      over_ = false;
      walk();
      return !over_;
    };
    if (!attempt(kMaxStructDepth)) {
      fallback_ = true;
      int depth = -1;
      for (int limit = 0; limit < kMaxStructDepth && attempt(limit); ++limit) {
        kept = std::move(staged);
        depth = limit;
      }
      fallback_ = false;
      staged = std::move(kept);
      if (!escaped_ && over_at_) {
        escaped_ = true;
        std::string what = depth < 0 ? "none of its fields are read"
                                     : "its fields are read " + std::to_string(depth) + " levels deep only";
        escapes.push_back(over_at_->first->make_escape(
            over_at_->second, "nested struct types spell too many field paths (over " +
                                  std::to_string(kMaxStructFields) + " repeated field visits): " + what +
                                  " (not followed)"));
      }
    }
    over_ = false;
    max_depth_ = kMaxStructDepth;
    pending = saved;
    target->merge(staged);
  }

 private:
  std::unordered_map<std::string, int> expanded_;         // first_expansion: key → shallowest depth
  std::set<std::pair<char, const void*>> walked_;         // (walk, struct) expanded once
  int max_depth_ = kMaxStructDepth;
  int paid_left_ = kMaxStructFields;
  int fallback_left_ = kMaxFallbackFields;
  bool fallback_ = false;  // a shallower walk after one that ran out
  bool over_ = false;      // the current walk ran out
  std::optional<std::pair<const ParsedFile*, TSNode>> over_at_;  // where a budget first ran out
  bool escaped_ = false;
};

}  // namespace envdrift::go
