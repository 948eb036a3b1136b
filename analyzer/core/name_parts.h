// What is known about a read's name expression, shared by every frontend: the whole name, or
// the literal text around the unknown parts (`KAFKA_${x}` -> prefix "KAFKA_"; `${p}_URL` ->
// suffix "_URL"). A frontend flattens its name expression into literal pieces and holes
// (nullopt) and calls assemble_name_parts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace envdrift {

struct NameParts {
  bool complete = false;
  std::string text;    // the whole name when complete
  std::string prefix;  // known text before the first unknown part
  std::string suffix;  // known text after the last unknown part
};

using NamePieces = std::vector<std::optional<std::string>>;

inline NameParts assemble_name_parts(const NamePieces& parts) {
  NameParts np;
  size_t first_hole = parts.size(), last_hole = parts.size();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i]) continue;
    if (first_hole == parts.size()) first_hole = i;
    last_hole = i;
  }
  if (first_hole == parts.size()) {
    np.complete = true;
    for (const auto& p : parts) np.text += *p;
    return np;
  }
  for (size_t i = 0; i < first_hole; ++i) np.prefix += *parts[i];
  for (size_t i = last_hole + 1; i < parts.size(); ++i) np.suffix += *parts[i];
  return np;
}

}  // namespace envdrift
