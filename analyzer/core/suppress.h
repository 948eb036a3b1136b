// Inline suppressions: `envdrift: ignore` / `envdrift: ignore[kind, kind]` in a comment on a
// read's line or the line above. Language-neutral: works on the raw text with the frontend's
// line-comment marker.
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift {

// Attach suppressions found in `text` to the reads (EnvRead::suppressions).
void attach_suppressions(std::string_view text, std::string_view line_comment, std::vector<EnvRead>& reads);

}  // namespace envdrift
