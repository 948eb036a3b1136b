#include "analyzer/core/idents.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace envdrift {
namespace {

constexpr size_t kMinRun = 3;

// A run's hash: eight bytes at a time, each word mixed by a multiply (runs are short: a call of
// a general-purpose hash costs more than the mixing). The values are kept in the cache
// (cache.cpp's format version names this function).
// `avail`: how many bytes from `p` may be read (at least n): the last word is loaded whole and
// masked when eight are there.
inline uint32_t run_hash(const unsigned char* p, size_t n, size_t avail) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xA0761D6478BD642Full);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  if (i < n) {
    uint64_t w = load_word(p + i, n - i, avail - i);  // the run's bytes are the low ones
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
  }
  h *= 0xFF51AFD7ED558CCDull;
  return static_cast<uint32_t>(h ^ (h >> 32));
}

constexpr bool ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

#if defined(__SSE2__)
// Bit i set: byte i of the 16 at `p` is an identifier byte (the table above, sixteen at a time).
inline uint32_t ident_mask16(const unsigned char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // c in [lo, hi] (unsigned): (c - lo) ^ 0x80 < (hi - lo + 1) ^ 0x80, compared signed.
  auto in_range = [](__m128i c, char lo, char hi) {
    __m128i t = _mm_xor_si128(_mm_sub_epi8(c, _mm_set1_epi8(lo)), _mm_set1_epi8(static_cast<char>(0x80)));
    return _mm_cmplt_epi8(t, _mm_set1_epi8(static_cast<char>((hi - lo + 1) ^ 0x80)));
  };
  __m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
  __m128i digit = in_range(v, '0', '9');
  __m128i punct = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('$')));
  __m128i any = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(punct, v));  // v: the high bit, >= 0x80
  return static_cast<uint32_t>(_mm_movemask_epi8(any));
}
#endif

// Calls `f(hash)` for each identifier run of at least kMinRun bytes.
template <typename F>
void for_each_run(std::string_view text, F&& f) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
#if defined(__SSE2__)
  // Sixty-four bytes at a time: their identifier bits, then the runs by counting zeros and ones.
  bool in_run = false;
  size_t run_start = 0;
  auto end_run = [&](size_t end) {
    if (end - run_start >= kMinRun) f(run_hash(p + run_start, end - run_start, n - run_start));
    in_run = false;
  };
  unsigned char tail[64];
  for (size_t base = 0; base < n; base += 64) {
    const unsigned char* q = p + base;
    if (n - base < 64) {  // the last bytes, padded with non-identifier zeros
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, q, n - base);
      q = tail;
    }
    uint64_t m = uint64_t{ident_mask16(q)} | uint64_t{ident_mask16(q + 16)} << 16 |
                 uint64_t{ident_mask16(q + 32)} << 32 | uint64_t{ident_mask16(q + 48)} << 48;
    for (unsigned b = 0; b < 64;) {
      uint64_t rest = (in_run ? ~m : m) >> b;
      if (rest == 0) break;  // the state holds to the end of these 64 bytes
      b += static_cast<unsigned>(__builtin_ctzll(rest));
      if (in_run) {
        end_run(base + b);
      } else {
        in_run = true;
        run_start = base + b;
      }
    }
  }
  if (in_run) end_run(n);
#else
  static constexpr std::array<bool, 256> kIdentByte = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = ident_byte(static_cast<unsigned char>(c));
    return t;
  }();
  size_t i = 0;
  while (i < n) {
    while (i < n && !kIdentByte[p[i]]) ++i;
    size_t start = i;
    while (i < n && kIdentByte[p[i]]) ++i;
    if (i - start >= kMinRun) f(run_hash(p + start, i - start, n - start));
  }
#endif
}

}  // namespace

void IdentifierHashes::add(std::string_view text) {
  for_each_run(text, [&](uint32_t h) {
    if (h == 0) {
      zero_ = true;
      return;
    }
    if (!insert(h)) return;
    out_.push_back(h);
    if (out_.size() * 2 > table_.size()) {  // grown at half load
      table_.assign(table_.size() * 2, 0);
      for (uint32_t x : out_) insert(x);
    }
  });
}

bool IdentifierHashes::insert(uint32_t h) {
  const size_t mask = table_.size() - 1;
  for (size_t i = (h * 0x9E3779B1u) & mask;; i = (i + 1) & mask) {
    if (table_[i] == h) return false;
    if (table_[i] == 0) {
      table_[i] = h;
      return true;
    }
  }
}

std::vector<uint32_t> IdentifierHashes::take() {
  if (zero_) out_.push_back(0);  // the hash 0 marks an empty slot, so it was kept aside
  std::sort(out_.begin(), out_.end());
  out_.shrink_to_fit();
  return std::move(out_);
}

uint32_t word_hash(std::string_view word) {
  return run_hash(reinterpret_cast<const unsigned char*>(word.data()), word.size(), word.size());
}

uint32_t word_hash_at(std::string_view text, size_t begin, size_t size) {
  return run_hash(reinterpret_cast<const unsigned char*>(text.data()) + begin, size, text.size() - begin);
}

std::vector<uint32_t> identifier_hashes(std::string_view text) {
  IdentifierHashes h;
  h.add(text);
  return h.take();
}

bool may_mention(const std::vector<uint32_t>& hashes, std::string_view symbol) {
  bool all = true;
  for_each_run(symbol, [&](uint32_t h) {
    if (all && !std::binary_search(hashes.begin(), hashes.end(), h)) all = false;
  });
  return all;
}

RunSearch::RunSearch(const std::vector<std::string>& symbols) {
  std::vector<std::string_view> all;
  for (const std::string& sym : symbols) {
    std::vector<size_t>& mine = of_.emplace_back();
    for (size_t i = 0; i < sym.size();) {
      size_t b = i;
      while (i < sym.size() && ident_byte(static_cast<unsigned char>(sym[i]))) ++i;
      if (i - b >= kMinRun) {
        std::string_view run(sym.data() + b, i - b);
        auto it = std::find(runs_.begin(), runs_.end(), run);
        mine.push_back(static_cast<size_t>(it - runs_.begin()));
        if (it == runs_.end()) runs_.emplace_back(run);
      }
      while (i < sym.size() && !ident_byte(static_cast<unsigned char>(sym[i]))) ++i;
    }
    if (mine.empty()) always_ = true;
  }
  for (const auto& r : runs_) all.push_back(r);
  needles_ = NeedleSet(all);
}

bool RunSearch::any_mentioned(std::string_view text) const {
  if (always_) return true;
  std::vector<char> found(runs_.size(), 0);
  return search(text, found);
}

bool RunSearch::any_mentioned(std::string_view text, const std::vector<std::pair<uint32_t, uint32_t>>& pieces) const {
  if (always_) return true;
  std::vector<char> found(runs_.size(), 0);
  for (auto [b, e] : pieces)
    if (search(text.substr(b, e - b), found)) return true;
  return false;
}

bool RunSearch::search(std::string_view piece, std::vector<char>& found) const {
  if (runs_.empty()) return false;
  auto all_found = [&] {
    return std::any_of(of_.begin(), of_.end(), [&](const std::vector<size_t>& mine) {
      return !mine.empty() && std::all_of(mine.begin(), mine.end(), [&](size_t k) { return found[k] != 0; });
    });
  };
  bool answer = false;
  needles_.each(piece, [&](size_t pos) {
    if (pos > 0 && ident_byte(static_cast<unsigned char>(piece[pos - 1]))) return pos + 1;  // inside a run
    bool fresh = false;
    for (size_t k = 0; k < runs_.size(); ++k) {
      const std::string& r = runs_[k];
      size_t end = pos + r.size();
      if (found[k] || piece.compare(pos, r.size(), r) != 0) continue;
      if (end < piece.size() && ident_byte(static_cast<unsigned char>(piece[end]))) continue;  // a longer run
      found[k] = 1;
      fresh = true;
    }
    if (fresh && all_found()) {
      answer = true;
      return piece.size();
    }
    return pos + 1;
  });
  return answer;
}

}  // namespace envdrift
