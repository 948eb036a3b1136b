// Many substrings looked for in one pass over a text: the byte prefilter's needles (every
// source file is searched for them) and the seeds of a partial parse. A 64 Ki-bit table of the
// needles' first two bytes lets the scan skip almost every position with one lookup, where
// searching for each needle in turn read the text once per needle.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envdrift {

class NeedleSet {
 public:
  NeedleSet() = default;
  explicit NeedleSet(const std::vector<std::string_view>& needles);
  void add(std::string_view needle);

  // Whether any needle occurs in `text`.
  bool any(std::string_view text) const;
  // Calls `f(pos)` for the start of every occurrence of every needle, in text order (a position
  // where several needles start is reported once). `f` returns the next position to look from
  // (at least pos + 1), so a caller can skip what it has seen.
  template <class F>
  void each(std::string_view text, F&& f) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
      // The common case inline: no needle starts with these two bytes.
      if (!has_singles_ && i + 1 < n) {
        unsigned pair = (unsigned{p[i]} << 8) | p[i + 1];
        if (!((pairs_[pair >> 6] >> (pair & 63)) & 1)) {
          ++i;
          continue;
        }
      }
      if (matches_at(text, i)) {
        size_t next = f(i);
        i = next > i ? next : i + 1;
      } else {
        ++i;
      }
    }
  }

 private:
  bool matches_at(std::string_view text, size_t i) const;

  std::vector<std::string> needles_;
  std::array<uint64_t, 1024> pairs_{};  // bit (b0 << 8 | b1): some needle starts with bytes b0 b1
  std::array<uint64_t, 4> singles_{};    // bit b: a one-byte needle
  bool has_singles_ = false;
  // (first two bytes, needle index), sorted: the needles a set bit stands for.
  std::vector<std::pair<uint16_t, uint16_t>> by_pair_;
};

}  // namespace envdrift
