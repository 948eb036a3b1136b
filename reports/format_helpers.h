// What the CI formats (markdown, sarif, github, rdjsonl, html) share: where a finding is shown,
// how its kind is described, and the new/known split every format renders the same way.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

#include "reports/findings.h"
#include "reports/locations.h"

namespace envdrift {

// Every finding kind, in report order.
inline constexpr std::array<FindingKind, kFindingKindCount> kAllFindingKinds{
    FindingKind::Undocumented, FindingKind::Unread,       FindingKind::DefaultMismatch,
    FindingKind::Dynamic,      FindingKind::WrongSection, FindingKind::Duplicate,
    FindingKind::Unresolved};

// The one place a finding is pinned to: the code location for a read-side finding
// (undocumented, default_mismatch, dynamic, wrong_section), the docs entry for a docs-side one
// (unread, duplicate); whichever exists when the preferred one is missing.
struct FindingAnchor {
  std::string file;  // relative to the scan root, "" when the finding has no location
  int line = 0;      // 1-based, 0 when unknown
  int column = 0;    // 1-based, 0 when unknown
  // The end of the read's expression (code anchors only), exclusive, on the same line; 0 when unknown.
  int end_line = 0;
  int end_column = 0;
  bool in_docs = false;
};
FindingAnchor finding_anchor(const Finding& f);

// "undocumented" -> "envdrift/undocumented", "default_mismatch" -> "envdrift/default-mismatch".
std::string finding_rule_id(FindingKind k);
// A short title ("Undocumented variable") and a paragraph saying what the kind means and how to
// fix it (SARIF rule help, the HTML legend).
std::string_view finding_kind_title(FindingKind k);
std::string_view finding_kind_help(FindingKind k);
// "1 default mismatch" / "2 default mismatches", "3 undocumented".
std::string finding_kind_count(FindingKind k, size_t n);

// Counts of one kind, split into new (count toward the exit code) and known (baseline / allow).
struct KindCounts {
  size_t fresh = 0;
  size_t known = 0;
};
std::array<KindCounts, kFindingKindCount> count_by_kind(const std::vector<Finding>& findings);
size_t kind_index(FindingKind k);

// The group a finding is shown in: its service, "outside services" for reads outside every
// service root (Finding::outside), "(shared)" for a shared docs entry when services exist.
std::string finding_group(const Finding& f);
inline constexpr std::string_view kOutsideGroup = "outside services";
inline constexpr std::string_view kSharedGroup = "(shared)";

// "outside services: 14 reads in scripts (9), tools/migrate (5): declare them as [[service]]
// roots or [scope] dev"; "" when there is no such read.
std::string outside_sentence(const std::vector<OutsideDir>& dirs);

// The default a finding shows, as a quoted value (`"8080"`), "(none)" when absent.
std::string quoted_default(const std::optional<DefaultValue>& d);

// One service's coverage as a sentence (SPEC section 5), the same in every human format:
// "coverage api: 94% of 120 candidate sites resolved, 3 dynamic, 2 unresolved (first
// src/a.ts:4), 1 escape: unread findings may be incomplete". `several`: more than one entry, so
// the service-less one is "outside services" rather than "tree".
// `style` writes the paths (CI formats: relative to the repository root).
std::string coverage_sentence(const ServiceCoverage& c, bool several, const LocationStyle& style = LocationStyle{});
// The escapes as "file:line: message" lines, in scan order.
std::string escape_sentence(const EnvEscape& x, const LocationStyle& style = LocationStyle{});

// The end of a code location when it is known and on the location's own line (the only end
// the formats write): {end_line, end_column}, or {0, 0}.
std::pair<int, int> code_end(const FindingCode& c);

}  // namespace envdrift
