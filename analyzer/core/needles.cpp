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
    return;
  }
  unsigned pair = (b0 << 8) | static_cast<unsigned char>(needle[1]);
  pairs_[pair >> 6] |= uint64_t{1} << (pair & 63);
  by_pair_.emplace_back(static_cast<uint16_t>(pair), static_cast<uint16_t>(needles_.size() - 1));
  std::sort(by_pair_.begin(), by_pair_.end());
}

bool NeedleSet::matches_at(std::string_view text, size_t i) const {
  auto b0 = static_cast<unsigned char>(text[i]);
  bool single = (singles_[b0 >> 6] >> (b0 & 63)) & 1;
  if (!single) {
    if (i + 1 >= text.size()) return false;
    unsigned pair = (b0 << 8) | static_cast<unsigned char>(text[i + 1]);
    if (!((pairs_[pair >> 6] >> (pair & 63)) & 1)) return false;
  }
  if (single) {
    for (const auto& n : needles_)
      if (n.size() <= text.size() - i && std::memcmp(text.data() + i, n.data(), n.size()) == 0) return true;
    return false;
  }
  // Only the needles that start with these two bytes.
  unsigned pair = (b0 << 8) | static_cast<unsigned char>(text[i + 1]);
  auto it = std::lower_bound(by_pair_.begin(), by_pair_.end(), std::pair<uint16_t, uint16_t>{static_cast<uint16_t>(pair), 0});
  for (; it != by_pair_.end() && it->first == pair; ++it) {
    const std::string& n = needles_[it->second];
    if (n.size() > text.size() - i) continue;
    size_t k = 2;
    while (k < n.size() && text[i + k] == n[k]) ++k;
    if (k == n.size()) return true;
  }
  return false;
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
