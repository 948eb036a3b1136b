// Many substrings looked for in one pass over a text: the byte prefilter's needles (every
// source file is searched for them), the seeds of a partial parse and a symbol round's symbols.
//
// The search is Teddy's (Hyperscan's many-needle algorithm, the one ripgrep uses): each needle's
// first m bytes (m = 3, or the shortest needle's length) are put in one of eight buckets, and for
// each of the m positions a pair of 16-byte tables maps a byte's low and high nibble to the
// buckets that may have it there. Sixteen (SSSE3) or thirty-two (AVX2) text positions are then
// tested at once with two byte shuffles per prefix byte: a position survives only when some
// bucket has all m bytes, and the survivors are compared in full. Where the CPU has neither
// (checked at run time) or a needle is one byte long, a 64 Ki-bit table of first byte pairs
// skips the positions one byte at a time.
#pragma once

#include <array>
#include <cstddef>
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
  // More needles (a symbol round's symbols): the bucket tables are built again once.
  void add(const std::vector<std::string>& needles);

  // Whether any needle occurs in `text`.
  bool any(std::string_view text) const;
  // Calls `f(pos)` for the start of every occurrence of every needle, in text order (a position
  // where several needles start is reported once). `f` returns the next position to look from
  // (at least pos + 1), so a caller can skip what it has seen.
  template <class F>
  void each(std::string_view text, F&& f) const {
    const size_t n = text.size();
    size_t i = 0;
    if (kernel_ != Kernel::Bytes) {
      size_t cand[kBatch];
      for (;;) {
        size_t stop = i;
        size_t k = candidates(text, i, cand, stop);
        for (size_t c = 0; c < k; ++c) {
          size_t pos = cand[c];
          if (pos < i || !matches_at(text, pos)) continue;  // below i: `f` has seen it
          size_t next = f(pos);
          i = next > pos ? next : pos + 1;
        }
        if (stop <= i && k == 0) break;  // the blocks end here: the rest byte by byte
        if (i < stop) i = stop;
      }
    }
    for (i = next_candidate(text, i); i < n; i = next_candidate(text, i)) {
      if (matches_at(text, i)) {
        size_t next = f(i);
        i = next > i ? next : i + 1;
      } else {
        ++i;
      }
    }
  }

  // Which search the set uses: the bucket search (with the CPU's widest shuffles) or byte by
  // byte. Tests force each in turn; `Auto` is the CPU's best.
  enum class Kernel { Auto, Bytes, Ssse3, Avx2 };
  static void force_kernel(Kernel k);  // for sets built after the call
  static bool supported(Kernel k);

 private:
  static constexpr size_t kBatch = 128;  // candidate positions handed back per kernel call
  bool matches_at(std::string_view text, size_t i) const;
  // The first position from `i` where some needle may start (its first two bytes are there, or
  // a one-byte needle's byte); text.size() when none. Byte by byte.
  size_t next_candidate(std::string_view text, size_t i) const;
  // The bucket search from `from`: the positions where a needle may start, in order, into `out`
  // (at most kBatch); `stop`: every position before it was looked at. Stops early when the batch
  // may not hold another block's positions, and where fewer than a block's bytes (and the
  // prefix's) are left.
  size_t candidates(std::string_view text, size_t from, size_t* out, size_t& stop) const;
  void insert(std::string_view needle);  // without rebuilding the bucket tables
  void rebuild_buckets();

  std::vector<std::string> needles_;
  std::array<uint64_t, 1024> pairs_{};  // bit (b0 << 8 | b1): some needle starts with bytes b0 b1
  std::array<uint64_t, 4> singles_{};    // bit b: a one-byte needle
  bool has_singles_ = false;
  // (first two bytes, needle index), sorted: the needles a set bit stands for.
  std::vector<std::pair<uint16_t, uint16_t>> by_pair_;
  // The bucket search's tables: for prefix byte k, lo_[k][c & 15] & hi_[k][c >> 4] has bit b set
  // when some needle of bucket b may have byte c at position k.
  Kernel kernel_ = Kernel::Bytes;
  size_t prefix_ = 0;  // m
  struct alignas(16) Nibbles : std::array<uint8_t, 16> {};
  std::array<Nibbles, 3> lo_{}, hi_{};
};

}  // namespace envdrift
