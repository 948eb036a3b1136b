// `envdrift: ignore[kind]` comments that suppress nothing (reported as notes with --verbose):
// the diff is run again with every suppression removed, and a comment counts as used when a
// finding of one of its kinds has a code location on its line or the next.
#pragma once

#include <vector>

#include "analyzer/core/suppress.h"
#include "reports/findings.h"

namespace envdrift {

// The comments of `comments` that no finding needed; `reads` are the reads the diff saw.
std::vector<SuppressionComment> unused_suppressions(const std::vector<SuppressionComment>& comments,
                                                    std::vector<EnvRead> reads, const std::vector<Registry>& registries,
                                                    const DiffOptions& options);

// A Note diagnostic for an unused comment ("suppression `envdrift: ignore[unread]` suppresses nothing").
Diagnostic unused_suppression_note(const SuppressionComment& c);

}  // namespace envdrift
