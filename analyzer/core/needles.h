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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
    const size_t n = text.size();
    size_t i = 0;
#if defined(__SSE2__)
    if (wide_) {
      const auto* p = reinterpret_cast<const unsigned char*>(text.data());
      while (i + 17 <= n) {  // positions i..i+15, with the byte after each
        unsigned bits = block_candidates(p + i);
        size_t resume = i + 16;
        while (bits != 0) {
          size_t pos = i + static_cast<size_t>(__builtin_ctz(bits));
          bits &= bits - 1;
          if (!matches_at(text, pos)) continue;
          size_t next = f(pos);
          if (next <= pos) next = pos + 1;
          if (next >= i + 16) {
            resume = next;
            break;
          }
          bits &= ~((1u << (next - i)) - 1);  // what `f` has seen
        }
        i = resume;
      }
    }
#endif
    for (i = next_candidate(text, i); i < n; i = next_candidate(text, i)) {
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
  // The first position from `i` where some needle may start (its first two bytes are there, or
  // a one-byte needle's byte); text.size() when none. Byte by byte.
  size_t next_candidate(std::string_view text, size_t i) const;
#if defined(__SSE2__)
  // Bit j: a needle's first two bytes are at p[j], p[j + 1] (reads p[0..16]).
  unsigned block_candidates(const unsigned char* p) const {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    __m128i m = _mm_setzero_si128();
    for (size_t j = 0; j < pair_list_.size(); ++j)
      m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(a, _mm_load_si128(reinterpret_cast<const __m128i*>(first_[j].data()))),
                                        _mm_cmpeq_epi8(b, _mm_load_si128(reinterpret_cast<const __m128i*>(second_[j].data())))));
    return static_cast<unsigned>(_mm_movemask_epi8(m));
  }
#endif

  std::vector<std::string> needles_;
  std::array<uint64_t, 1024> pairs_{};  // bit (b0 << 8 | b1): some needle starts with bytes b0 b1
  std::array<uint64_t, 4> singles_{};    // bit b: a one-byte needle
  bool has_singles_ = false;
  // (first two bytes, needle index), sorted: the needles a set bit stands for.
  std::vector<std::pair<uint16_t, uint16_t>> by_pair_;
  // The distinct first byte pairs, while there are at most kWidePairs of them: then the search
  // compares sixteen positions at a time with each (needles.cpp).
  static constexpr size_t kWidePairs = 16;
  std::vector<uint16_t> pair_list_;
  bool wide_ = true;  // no one-byte needle, at most kWidePairs pairs
  struct alignas(16) Lane : std::array<unsigned char, 16> {};
  std::array<Lane, kWidePairs> first_{}, second_{};  // each pair's bytes, sixteen times over
};

}  // namespace envdrift
