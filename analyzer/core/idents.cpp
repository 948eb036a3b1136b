#include "analyzer/core/idents.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace envdrift {
namespace {

constexpr size_t kMinRun = 3;

constexpr std::array<bool, 256> kIdentByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
  return t;
}();

// A run's hash: eight bytes at a time, each word mixed by a multiply (runs are short: a call of
// a general-purpose hash costs more than the mixing). The values are kept in the cache
// (cache.cpp's format version names this function).
inline uint32_t run_hash(const unsigned char* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xA0761D6478BD642Full);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  if (i < n) {
    uint64_t w = 0;
    for (size_t k = 0; i + k < n; ++k) w |= uint64_t{p[i + k]} << (8 * k);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
  }
  h *= 0xFF51AFD7ED558CCDull;
  return static_cast<uint32_t>(h ^ (h >> 32));
}

// Calls `f(hash)` for each identifier run of at least kMinRun bytes.
template <typename F>
void for_each_run(std::string_view text, F&& f) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && !kIdentByte[p[i]]) ++i;
    size_t start = i;
    while (i < n && kIdentByte[p[i]]) ++i;
    if (i - start >= kMinRun) f(run_hash(p + start, i - start));
  }
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
  return run_hash(reinterpret_cast<const unsigned char*>(word.data()), word.size());
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

}  // namespace envdrift
