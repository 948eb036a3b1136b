#include "analyzer/core/idents.h"

#include <xxhash.h>

#include <algorithm>

namespace envdrift {
namespace {

constexpr size_t kMinRun = 3;

bool ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

uint32_t run_hash(std::string_view run) { return static_cast<uint32_t>(XXH3_64bits(run.data(), run.size())); }

// Calls `f(run)` for each identifier run of at least kMinRun bytes.
template <typename F>
void for_each_run(std::string_view text, F&& f) {
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && !ident_byte(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < n && ident_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i - start >= kMinRun) f(text.substr(start, i - start));
  }
}

}  // namespace

std::vector<uint32_t> identifier_hashes(std::string_view text) {
  // Distinct first (an open-addressing set, grown at half load: a file repeats its identifiers
  // many times over), then sort the few that remain.
  std::vector<uint32_t> out;
  size_t cap = 256;
  std::vector<uint32_t> table(cap, 0);
  bool zero = false;  // the hash 0 marks an empty slot, so it is kept aside
  auto insert = [&](uint32_t h) {
    for (size_t i = (h * 0x9E3779B1u) & (cap - 1);; i = (i + 1) & (cap - 1)) {
      if (table[i] == h) return false;
      if (table[i] == 0) {
        table[i] = h;
        return true;
      }
    }
  };
  for_each_run(text, [&](std::string_view run) {
    uint32_t h = run_hash(run);
    if (h == 0) {
      zero = true;
      return;
    }
    if (!insert(h)) return;
    out.push_back(h);
    if (out.size() * 2 > cap) {
      cap *= 2;
      table.assign(cap, 0);
      for (uint32_t x : out) insert(x);
    }
  });
  if (zero) out.push_back(0);
  std::sort(out.begin(), out.end());
  out.shrink_to_fit();
  return out;
}

bool may_mention(const std::vector<uint32_t>& hashes, std::string_view symbol) {
  bool all = true;
  for_each_run(symbol, [&](std::string_view run) {
    if (all && !std::binary_search(hashes.begin(), hashes.end(), run_hash(run))) all = false;
  });
  return all;
}

}  // namespace envdrift
