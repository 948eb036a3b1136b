#include "reports/policy.h"

#include <algorithm>

#include <fmt/format.h>

#include "reports/format_helpers.h"

namespace envdrift {

std::vector<FindingKind> default_fail_kinds() {
  return {FindingKind::Undocumented, FindingKind::Unread, FindingKind::DefaultMismatch, FindingKind::WrongSection,
          FindingKind::Duplicate};
}

FindingLevel finding_level(const Finding& f, const FailPolicy& policy) {
  if (f.known || f.informational()) return FindingLevel::Notice;
  if (std::find(policy.fail_on.begin(), policy.fail_on.end(), f.kind) == policy.fail_on.end()) return FindingLevel::Notice;
  return policy.exit_zero ? FindingLevel::Warns : FindingLevel::Fails;
}

bool any_failing(const std::vector<Finding>& findings, const FailPolicy& policy) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return finding_level(f, policy) == FindingLevel::Fails; });
}

LevelCounts count_levels(const std::vector<Finding>& findings, const FailPolicy& policy) {
  LevelCounts c;
  for (const auto& f : findings) {
    if (f.known) continue;
    switch (finding_level(f, policy)) {
      case FindingLevel::Fails: ++c.fails; break;
      case FindingLevel::Warns: ++c.warns; break;
      case FindingLevel::Notice: ++c.notices; break;
    }
  }
  return c;
}

std::vector<FindingKind> parse_kind_list(const std::vector<std::string>& values, std::string_view option) {
  std::vector<FindingKind> out;
  auto add = [&](FindingKind k) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  };
  for (const auto& value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string name = value.substr(start, comma - start);
      start = comma + 1;
      name.erase(0, name.find_first_not_of(" \t"));
      name.erase(name.find_last_not_of(" \t") + 1);
      if (name.empty()) continue;
      if (name == "all") {
        for (FindingKind k : kAllFindingKinds) add(k);
        continue;
      }
      std::string spelled = name;
      std::replace(spelled.begin(), spelled.end(), '-', '_');  // the SARIF rule spelling works too
      if (auto k = parse_finding_kind(spelled)) {
        add(*k);
        continue;
      }
      std::vector<std::string> known;
      for (FindingKind k : kAllFindingKinds) known.emplace_back(finding_kind_name(k));
      throw KindListError{fmt::format("{}: unknown finding kind `{}` (known: {}, or all)", option, name,
                                      fmt::join(known, ", "))};
    }
  }
  return out;
}

void select_kinds(Report& report, const std::vector<FindingKind>& select, const std::vector<FindingKind>& ignore) {
  auto shown = [&](FindingKind k) {
    if (!select.empty() && std::find(select.begin(), select.end(), k) == select.end()) return false;
    return std::find(ignore.begin(), ignore.end(), k) == ignore.end();
  };
  report.findings.erase(std::remove_if(report.findings.begin(), report.findings.end(),
                                       [&](const Finding& f) { return !shown(f.kind); }),
                        report.findings.end());
  report.stale.erase(std::remove_if(report.stale.begin(), report.stale.end(),
                                    [&](const StaleEntry& e) { return !e.any_kind && !shown(e.kind); }),
                     report.stale.end());
}

}  // namespace envdrift
