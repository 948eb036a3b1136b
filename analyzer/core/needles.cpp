#include "analyzer/core/needles.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#define ENVDRIFT_TEDDY 1
#include <immintrin.h>
#endif

namespace envdrift {

namespace {

std::atomic<NeedleSet::Kernel> g_forced{NeedleSet::Kernel::Auto};

NeedleSet::Kernel best_kernel() {
#if defined(ENVDRIFT_TEDDY)
  static const NeedleSet::Kernel best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) return NeedleSet::Kernel::Avx2;
    if (__builtin_cpu_supports("ssse3")) return NeedleSet::Kernel::Ssse3;
    return NeedleSet::Kernel::Bytes;
  }();
  return best;
#else
  return NeedleSet::Kernel::Bytes;
#endif
}

#if defined(ENVDRIFT_TEDDY)
// The bucket search over blocks of 16 (SSSE3) or 32 (AVX2) positions; M prefix bytes. Returns
// the candidates written; `stop` is where the next block would begin.
// The buckets that may have byte at[j] at a prefix position whose tables are t_lo, t_hi.
__attribute__((target("ssse3"))) inline __m128i buckets16(const unsigned char* at, __m128i t_lo, __m128i t_hi) {
  const __m128i low4 = _mm_set1_epi8(0x0f);
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  return _mm_and_si128(_mm_shuffle_epi8(t_lo, _mm_and_si128(v, low4)),
                       _mm_shuffle_epi8(t_hi, _mm_and_si128(_mm_srli_epi16(v, 4), low4)));
}
__attribute__((target("avx2"))) inline __m256i buckets32(const unsigned char* at, __m256i t_lo, __m256i t_hi) {
  const __m256i low4 = _mm256_set1_epi8(0x0f);
  __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
  return _mm256_and_si256(_mm256_shuffle_epi8(t_lo, _mm256_and_si256(v, low4)),
                          _mm256_shuffle_epi8(t_hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), low4)));
}
__attribute__((target("avx2"))) inline __m256i table32(const uint8_t* t, size_t k) {
  return _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(t + 16 * k)));
}
inline __m128i table16(const uint8_t* t, size_t k) { return _mm_load_si128(reinterpret_cast<const __m128i*>(t + 16 * k)); }

template <size_t M>
__attribute__((target("ssse3"))) size_t teddy16(const unsigned char* p, size_t from, size_t n, const uint8_t* lo,
                                                const uint8_t* hi, size_t* out, size_t cap, size_t& stop) {
  const __m128i l0 = table16(lo, 0), h0 = table16(hi, 0), l1 = table16(lo, 1), h1 = table16(hi, 1);
  const __m128i l2 = M == 3 ? table16(lo, 2) : l1, h2 = M == 3 ? table16(hi, 2) : h1;
  size_t count = 0, i = from;
  for (; i + 16 + M - 1 <= n && count + 16 <= cap; i += 16) {
    __m128i r = _mm_and_si128(buckets16(p + i, l0, h0), buckets16(p + i + 1, l1, h1));
    if constexpr (M == 3) r = _mm_and_si128(r, buckets16(p + i + 2, l2, h2));
    auto bits = static_cast<unsigned>(~_mm_movemask_epi8(_mm_cmpeq_epi8(r, _mm_setzero_si128()))) & 0xffffu;
    for (; bits != 0; bits &= bits - 1) out[count++] = i + static_cast<size_t>(__builtin_ctz(bits));
  }
  stop = i;
  return count;
}

template <size_t M>
__attribute__((target("avx2"))) size_t teddy32(const unsigned char* p, size_t from, size_t n, const uint8_t* lo,
                                               const uint8_t* hi, size_t* out, size_t cap, size_t& stop) {
  const __m256i l0 = table32(lo, 0), h0 = table32(hi, 0), l1 = table32(lo, 1), h1 = table32(hi, 1);
  const __m256i l2 = M == 3 ? table32(lo, 2) : l1, h2 = M == 3 ? table32(hi, 2) : h1;
  size_t count = 0, i = from;
  for (; i + 32 + M - 1 <= n && count + 32 <= cap; i += 32) {
    __m256i r = _mm256_and_si256(buckets32(p + i, l0, h0), buckets32(p + i + 1, l1, h1));
    if constexpr (M == 3) r = _mm256_and_si256(r, buckets32(p + i + 2, l2, h2));
    auto bits = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(r, _mm256_setzero_si256())));
    for (; bits != 0; bits &= bits - 1) out[count++] = i + static_cast<size_t>(__builtin_ctz(bits));
  }
  stop = i;
  return count;
}
#endif

}  // namespace

void NeedleSet::force_kernel(Kernel k) { g_forced.store(k); }

bool NeedleSet::supported(Kernel k) {
  Kernel best = best_kernel();
  return k == Kernel::Auto || k == Kernel::Bytes || k == best || (k == Kernel::Ssse3 && best == Kernel::Avx2);
}

NeedleSet::NeedleSet(const std::vector<std::string_view>& needles) {
  for (auto n : needles) insert(n);
  rebuild_buckets();
}

void NeedleSet::add(const std::vector<std::string>& needles) {
  for (const auto& n : needles) insert(n);
  rebuild_buckets();
}

void NeedleSet::insert(std::string_view needle) {
  if (needle.empty()) return;
  needles_.emplace_back(needle);
  auto b0 = static_cast<unsigned char>(needle[0]);
  if (needle.size() == 1) {
    singles_[b0 >> 6] |= uint64_t{1} << (b0 & 63);
    has_singles_ = true;
  } else {
    unsigned pair = (b0 << 8) | static_cast<unsigned char>(needle[1]);
    pairs_[pair >> 6] |= uint64_t{1} << (pair & 63);
    std::pair<uint16_t, uint16_t> entry{static_cast<uint16_t>(pair), static_cast<uint16_t>(needles_.size() - 1)};
    by_pair_.insert(std::upper_bound(by_pair_.begin(), by_pair_.end(), entry), entry);
  }
}

void NeedleSet::rebuild_buckets() {
  Kernel k = g_forced.load();
  if (k == Kernel::Auto || !supported(k)) k = best_kernel();
  kernel_ = has_singles_ || needles_.empty() ? Kernel::Bytes : k;
  if (kernel_ == Kernel::Bytes) return;
  prefix_ = 3;
  for (const auto& nd : needles_) prefix_ = std::min(prefix_, nd.size());
  // The distinct prefixes, sorted, in eight buckets of neighbours (alike prefixes share the
  // nibbles a bucket lets through).
  std::vector<std::string_view> prefixes;
  prefixes.reserve(needles_.size());
  for (const auto& nd : needles_) prefixes.push_back(std::string_view(nd).substr(0, prefix_));
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  lo_ = {};
  hi_ = {};
  for (size_t j = 0; j < prefixes.size(); ++j) {
    auto bit = static_cast<uint8_t>(1u << (prefixes.size() <= 8 ? j : j * 8 / prefixes.size()));
    for (size_t k = 0; k < prefix_; ++k) {
      auto c = static_cast<unsigned char>(prefixes[j][k]);
      lo_[k][c & 15] |= bit;
      hi_[k][c >> 4] |= bit;
    }
  }
}

size_t NeedleSet::candidates(std::string_view text, size_t from, size_t* out, size_t& stop) const {
  stop = from;
#if defined(ENVDRIFT_TEDDY)
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const uint8_t* lo = lo_[0].data();
  const uint8_t* hi = hi_[0].data();
  const size_t n = text.size();
  if (kernel_ == Kernel::Avx2)
    return prefix_ == 3 ? teddy32<3>(p, from, n, lo, hi, out, kBatch, stop) : teddy32<2>(p, from, n, lo, hi, out, kBatch, stop);
  if (kernel_ == Kernel::Ssse3)
    return prefix_ == 3 ? teddy16<3>(p, from, n, lo, hi, out, kBatch, stop) : teddy16<2>(p, from, n, lo, hi, out, kBatch, stop);
#else
  (void)text;
  (void)out;
#endif
  return 0;
}

bool NeedleSet::matches_at(std::string_view text, size_t i) const {
  auto b0 = static_cast<unsigned char>(text[i]);
  if ((singles_[b0 >> 6] >> (b0 & 63)) & 1) return true;  // a one-byte needle is this byte
  if (i + 1 >= text.size()) return false;
  unsigned pair = (b0 << 8) | static_cast<unsigned char>(text[i + 1]);
  if (!((pairs_[pair >> 6] >> (pair & 63)) & 1)) return false;
  // Only the needles that start with these two bytes; their rest compared in place (most are
  // a few bytes: a call of memcmp would cost more than the comparison).
  auto it = std::lower_bound(by_pair_.begin(), by_pair_.end(), std::pair<uint16_t, uint16_t>{static_cast<uint16_t>(pair), 0});
  const char* at = text.data() + i;
  const size_t room = text.size() - i;
  for (; it != by_pair_.end() && it->first == pair; ++it) {
    const std::string& n = needles_[it->second];
    if (n.size() > room) continue;
    size_t k = 2;
    while (k < n.size() && at[k] == n[k]) ++k;
    if (k == n.size()) return true;
  }
  return false;
}

size_t NeedleSet::next_candidate(std::string_view text, size_t i) const {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (; i < n; ++i) {
    if (has_singles_ && ((singles_[p[i] >> 6] >> (p[i] & 63)) & 1)) return i;
    if (i + 1 < n) {
      unsigned pair = (unsigned{p[i]} << 8) | p[i + 1];
      if ((pairs_[pair >> 6] >> (pair & 63)) & 1) return i;
    }
  }
  return n;
}

bool NeedleSet::any(std::string_view text) const {
  bool found = false;
  each(text, [&](size_t) {
    found = true;
    return text.size();
  });
  return found;
}

}  // namespace envdrift
