#include "analyzer/core/needles.h"

#include <algorithm>
#include <cstring>


namespace envdrift {

NeedleSet::NeedleSet(const std::vector<std::string_view>& needles) {
  for (auto n : needles) add(n);
}

void NeedleSet::add(std::string_view needle) {
  if (needle.empty()) return;
  needles_.emplace_back(needle);
  auto b0 = static_cast<unsigned char>(needle[0]);
  if (needle.size() == 1) {
    singles_[b0 >> 6] |= uint64_t{1} << (b0 & 63);
    has_singles_ = true;
    wide_ = false;
    return;
  }
  unsigned pair = (b0 << 8) | static_cast<unsigned char>(needle[1]);
  if (!((pairs_[pair >> 6] >> (pair & 63)) & 1)) {
    if (pair_list_.size() < kWidePairs) {
      first_[pair_list_.size()].fill(static_cast<unsigned char>(pair >> 8));
      second_[pair_list_.size()].fill(static_cast<unsigned char>(pair & 0xff));
    } else {
      wide_ = false;
    }
    pair_list_.push_back(static_cast<uint16_t>(pair));
  }
  pairs_[pair >> 6] |= uint64_t{1} << (pair & 63);
  std::pair<uint16_t, uint16_t> entry{static_cast<uint16_t>(pair), static_cast<uint16_t>(needles_.size() - 1)};
  by_pair_.insert(std::upper_bound(by_pair_.begin(), by_pair_.end(), entry), entry);
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
