// Inline suppressions: `envdrift: ignore` / `envdrift: ignore[kind, kind]` in a comment on a
// read's line or the line above. Language-neutral: works on the raw text with the frontend's
// line-comment marker.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift {

// One `envdrift: ignore[...]` comment of a file (for reporting the ones that suppress nothing).
struct SuppressionComment {
  std::string file;                // relative to the scan root (set by the driver)
  int line = 0;                    // 1-based; it covers reads on this line and the next
  std::vector<std::string> kinds;  // "" = every kind
};

// Attach suppressions found in `text` to the reads (EnvRead::suppressions) and return every
// suppression comment of the text (file left empty).
std::vector<SuppressionComment> attach_suppressions(std::string_view text, std::string_view line_comment,
                                                    std::vector<EnvRead>& reads);

}  // namespace envdrift
