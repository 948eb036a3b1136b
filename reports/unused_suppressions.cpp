// Unused inline suppressions: what the diff would report without them, against the comments.
#include "reports/unused_suppressions.h"

#include <algorithm>

#include <fmt/format.h>

namespace envdrift {

namespace {

bool covers_kind(const SuppressionComment& c, FindingKind kind) {
  return std::any_of(c.kinds.begin(), c.kinds.end(),
                     [&](const std::string& k) { return k.empty() || k == finding_kind_name(kind); });
}

}  // namespace

std::vector<SuppressionComment> unused_suppressions(const std::vector<SuppressionComment>& comments,
                                                    std::vector<EnvRead> reads, const std::vector<Registry>& registries,
                                                    const DiffOptions& options) {
  if (comments.empty()) return {};
  for (auto& r : reads) r.suppressions.clear();
  std::vector<Finding> unsuppressed = diff(reads, registries, options);
  std::vector<SuppressionComment> out;
  for (const auto& c : comments) {
    bool used = std::any_of(unsuppressed.begin(), unsuppressed.end(), [&](const Finding& f) {
      if (!covers_kind(c, f.kind)) return false;
      return std::any_of(f.code.begin(), f.code.end(), [&](const FindingCode& loc) {
        return loc.file == c.file && (loc.line == c.line || loc.line == c.line + 1);
      });
    });
    if (!used) out.push_back(c);
  }
  return out;
}

Diagnostic unused_suppression_note(const SuppressionComment& c) {
  std::string list;
  for (const auto& k : c.kinds) {
    if (k.empty()) continue;
    list += list.empty() ? k : ", " + k;
  }
  bool every_kind = std::any_of(c.kinds.begin(), c.kinds.end(), [](const std::string& k) { return k.empty(); });
  std::string spelled = every_kind || list.empty() ? "envdrift: ignore" : fmt::format("envdrift: ignore[{}]", list);
  return Diagnostic{Diagnostic::Severity::Note, c.file, c.line,
                    fmt::format("suppression `{}` suppresses nothing; delete it", spelled)};
}

}  // namespace envdrift
