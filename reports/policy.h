// Which findings fail `check` (fail_on, --fail-on, --exit-zero), which are shown at all
// (--select / --ignore), and the level every format gives a finding, so the exit code, the
// markdown/HTML verdict, the GitHub annotation and the SARIF/rdjsonl severity always agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/findings.h"

namespace envdrift {

// The kinds that make `check` exit 1 when neither the config's `fail_on` nor --fail-on says.
std::vector<FindingKind> default_fail_kinds();

struct FailPolicy {
  std::vector<FindingKind> fail_on = default_fail_kinds();
  bool exit_zero = false;  // --exit-zero: report everything, fail on nothing (exit 0 on drift)
};

// How a finding is presented:
//   Fails:  new, not informational, its kind in fail_on — makes `check` exit 1 (::error, ❌).
//   Warns:  would fail, but --exit-zero is set (::warning, ⚠️).
//   Notice: known (baseline / allow), informational (case_only, dev_only, template_value), or a kind not in
//           fail_on — never fails (::notice, ℹ️).
enum class FindingLevel { Fails, Warns, Notice };
FindingLevel finding_level(const Finding& f, const FailPolicy& policy);

// Would `check` exit 1 on these findings?
bool any_failing(const std::vector<Finding>& findings, const FailPolicy& policy);

// Counts of the new (not known) findings at each level.
struct LevelCounts {
  size_t fails = 0;
  size_t warns = 0;
  size_t notices = 0;  // new findings only (known ones are counted apart)
};
LevelCounts count_levels(const std::vector<Finding>& findings, const FailPolicy& policy);

// "undocumented,unread" -> kinds. Accepts commas and repeated options ("a,b" and "c"), ignores
// blanks and duplicates; `all` means every kind. An unknown name throws KindListError naming it,
// the option, and the known kinds.
struct KindListError {
  std::string message;
};
std::vector<FindingKind> parse_kind_list(const std::vector<std::string>& values, std::string_view option);

// --select / --ignore: keep only findings (and stale baseline/allow entries) of the selected
// kinds (every kind when `select` is empty) minus the ignored ones. Applied after the baseline
// and the allow entries matched the whole result, so a baseline entry of an ignored kind is not
// called stale; summarize() afterwards.
void select_kinds(Report& report, const std::vector<FindingKind>& select, const std::vector<FindingKind>& ignore);

}  // namespace envdrift
