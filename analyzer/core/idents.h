// The identifiers a file mentions, as a compact set of hashes: what pass 2 of the driver asks of
// a file the byte prefilter skipped ("does it mention a helper another file declared?"). One
// linear scan when the file is read; kept (and cached with its stat data) so later rounds and
// warm re-runs answer without reading the file again.
//
// An "identifier" here is a maximal run of ASCII letters, digits, `_`, `$` or non-ASCII bytes,
// at least 3 bytes long, anywhere in the text (strings and comments included): a superset of
// every language's identifier tokens, so a file that refers to a symbol always matches.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/needles.h"

namespace envdrift {

// Sorted, distinct 32-bit hashes of the identifier runs of `text`.
std::vector<uint32_t> identifier_hashes(std::string_view text);

// The same over several pieces of a text (the statements a partial parse left out): distinct as
// they come (an open-addressing set: a file repeats its identifiers many times over), sorted by
// take().
class IdentifierHashes {
 public:
  void add(std::string_view text);
  std::vector<uint32_t> take();

 private:
  bool insert(uint32_t h);
  std::vector<uint32_t> out_;
  std::vector<uint32_t> table_ = std::vector<uint32_t>(256, 0);
  bool zero_ = false;
};

// The 32-bit hash identifier_hashes gives a run of bytes (any bytes: also a word's hash).
uint32_t word_hash(std::string_view word);
// The same of `size` bytes at `begin` of `text`: the bytes after the word may be loaded whole
// (and masked off) instead of assembled one by one.
uint32_t word_hash_at(std::string_view text, size_t begin, size_t size);

// The `k` (at most 8) bytes at `p` as a little-endian word, the higher bytes zero: one 8-byte load
// and a mask where `avail` (how many bytes from `p` may be read) allows, else byte by byte.
inline uint64_t load_word(const unsigned char* p, size_t k, size_t avail) {
  uint64_t w = 0;
  if (k == 0) return w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (avail >= 8) {
    std::memcpy(&w, p, 8);
    return w & (~uint64_t{0} >> (64 - 8 * k));
  }
#else
  (void)avail;
#endif
  for (size_t j = 0; j < k; ++j) w |= uint64_t{p[j]} << (8 * j);
  return w;
}

// Whether a file with these identifier hashes may mention `symbol`: every identifier run of the
// symbol (`spf13/viper` has two) is among them. A symbol with no run of 3 bytes or more always
// may. False positives (hash collisions) only cost a read: the driver checks the bytes.
bool may_mention(const std::vector<uint32_t>& hashes, std::string_view symbol);

// may_mention over the text itself, for texts whose hashes were never taken (a skipped file's
// bytes kept for the symbol rounds of a scan without cache): whether any of `symbols` may be
// mentioned, each of its identifier runs occurring in the text as a whole run. The same answer
// as hashing the text, less the collisions; one search for all the symbols' runs.
class RunSearch {
 public:
  explicit RunSearch(const std::vector<std::string>& symbols);
  bool any_mentioned(std::string_view text) const;
  // The same over pieces of `text` ([begin, end) byte ranges), as IdentifierHashes over them:
  // a run ends where its piece does.
  bool any_mentioned(std::string_view text, const std::vector<std::pair<uint32_t, uint32_t>>& pieces) const;

 private:
  // Searches `piece` for the runs not `found` yet (marking them): true once a symbol has all.
  bool search(std::string_view piece, std::vector<char>& found) const;

  bool always_ = false;                  // a symbol with no run of 3 bytes: every text may
  std::vector<std::string> runs_;        // the distinct runs of all the symbols
  std::vector<std::vector<size_t>> of_;  // per symbol: its runs (indices into runs_)
  NeedleSet needles_;                    // runs_
};

}  // namespace envdrift
