// The finding model (SPEC section 5), the diff engine that produces findings, and the report
// every output format renders.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <map>
#include <vector>

#include "analyzer/core/mentions.h"
#include "analyzer/core/model.h"
#include "registry/model.h"

namespace envdrift {

enum class FindingKind { Undocumented, Unread, DefaultMismatch, Dynamic, WrongSection, Duplicate, Unresolved };
inline constexpr size_t kFindingKindCount = 7;
std::string_view finding_kind_name(FindingKind k);  // "undocumented", "default_mismatch", ...
std::optional<FindingKind> parse_finding_kind(std::string_view name);

struct FindingCode {  // a code location that takes part in a finding
  std::string file;
  int line = 0;
  int column = 0;
  std::optional<DefaultValue> default_value;
  std::string note;  // unresolved: how the name appears there ("string argument 0 of config.get()")
  // The end of the read's expression on `line` (EnvRead::end_column, exclusive); 0 = unknown.
  int end_line = 0;
  int end_column = 0;
};

struct FindingDoc {  // the documentation entry that takes part in a finding
  std::string file;
  int line = 0;
  std::optional<DefaultValue> default_value;
  std::string section;
};

struct Finding {
  FindingKind kind = FindingKind::Undocumented;
  std::string name;
  std::string service;  // "" when no services are configured
  std::string message;
  std::optional<FindingDoc> doc;
  std::vector<FindingCode> code;
  // default_mismatch only: every differing code default differs from the doc's only in letter
  // case (`info` / `INFO`). Informational: never counts toward the exit code.
  bool case_only = false;
  // unread only: the variable is read, but only by dev code (tests, tool configs, scripts;
  // EnvRead::dev). Informational: never counts toward the exit code.
  bool dev_only = false;
  // default_mismatch only: the documented default is the value of a `.env`-style template
  // (DocVariable::template_value) and the config does not say such values are defaults.
  // Informational: never counts toward the exit code.
  bool template_value = false;
  bool informational() const { return case_only || dev_only || template_value; }
  // Accepted drift: the finding is in the --baseline report or matches an `[[allow]]` entry of
  // the config. Known findings are listed apart ("known") and never count toward the exit code.
  bool known = false;
  std::string known_reason;  // "baseline" or the allow entry's reason
  // unread / unresolved: the service holds escapes (EnvEscape), so reads may be missing and
  // the verdict may be incomplete.
  bool incomplete = false;
  // Services are configured and the finding is about reads outside every service root (its
  // `service` is ""): reported in the group "outside services".
  bool outside = false;
};

// The identity of a finding across runs: kind + name + service, never the line (a finding must
// survive unrelated edits above it). Used by baselines and SARIF partialFingerprints.
std::string finding_fingerprint(const Finding& f);

// A baseline or allow entry that matched no finding of this run: the drift it accepted is gone,
// so the entry should be deleted (baselines only shrink).
struct StaleEntry {
  std::string origin;  // "baseline" or "allow"
  FindingKind kind = FindingKind::Undocumented;
  std::string name;
  std::string service;
  std::string reason;  // the allow entry's reason ("" for baseline entries)
  bool any_kind = false;  // an allow entry without `kind` (then `kind` means nothing)
};

struct ServiceSpec {  // from the config's [[service]] tables
  std::string name;
  std::vector<std::string> roots;  // path prefixes relative to the scan root
  std::string doc_section;         // heading text prefix in the registry page
};

struct DiffOptions {
  std::vector<ServiceSpec> services;
  std::vector<std::string> ignore_names;  // [ignore] names: never reported as undocumented
  // Where documented names appear in the code (find_mentions): a documented name no resolved
  // read produces but that appears in its scope is `unresolved`, never `unread`.
  std::map<std::string, std::vector<Mention>> mentions;
  // Where the env object escapes the analyzer: `unread`/`unresolved` findings of a service that
  // holds one are marked incomplete.
  std::vector<EnvEscape> escapes;
  // [scope] check_dev: reads in dev code (EnvRead::dev) are diffed like any other.
  bool check_dev = false;
  // template_values = "defaults": a mismatch with a `.env` template's value is ordinary drift.
  bool template_values_are_defaults = false;
};

// The documented names (and aliases) `diff` would report as unread: the names worth searching
// the code for (find_mentions) before the final diff.
std::vector<std::string> unread_candidates(const std::vector<Finding>& findings, const std::vector<Registry>& registries);

// Which service a relative file belongs to ("" when none claims it).
std::string service_for_file(const std::vector<ServiceSpec>& services, std::string_view rel);

// The service owning a registry entry of heading path `section` (outermost first): the one whose
// `doc_section` prefixes the innermost heading any doc_section prefixes, the longest winning; ""
// when no service claims it (a shared section).
std::string section_owner(const std::vector<std::string>& section, const std::vector<ServiceSpec>& services);

// Diff reads against the registries. Findings come out sorted by kind, service, name, file.
std::vector<Finding> diff(const std::vector<EnvRead>& reads, const std::vector<Registry>& registries,
                          const DiffOptions& options);

// Coverage of one service (SPEC section 5): its files' candidate read sites (FileCoverage)
// added up, and its escapes. `service` "" is the whole tree (no services configured) or the
// files of no service ("outside services").
struct ServiceCoverage : SiteCounts {
  std::string service;
  size_t escapes = 0;                      // EnvEscape sites in the service's files
  std::vector<FindingCode> unresolved_at;  // the first unresolved sites (file, line)
  // resolved / candidates in percent (100 when there is no candidate).
  double percent() const { return candidates == 0 ? 100.0 : 100.0 * static_cast<double>(resolved) / static_cast<double>(candidates); }
};

// Per-service coverage from the scan's per-file coverage and escapes (one entry per service
// that has a candidate site or an escape, in service order; "" last when services exist).
std::vector<ServiceCoverage> service_coverage(const std::vector<FileCoverage>& files, const std::vector<EnvEscape>& escapes,
                                              const std::vector<ServiceSpec>& services);

// A directory holding reads outside every service root (services configured): the shortest
// prefix of the read's directory that holds no service root, so it can be declared as one.
struct OutsideDir {
  std::string dir;  // "." for the scan root itself
  size_t reads = 0;
};

// The directories of the product (non-dev) reads outside every service, most reads first
// (empty when no services are configured).
std::vector<OutsideDir> outside_directories(const std::vector<EnvRead>& reads, const std::vector<ServiceSpec>& services);

struct ReportSummary {
  size_t files_scanned = 0;
  size_t reads = 0;
  size_t variables_read = 0;
  size_t documented = 0;
  size_t undocumented = 0;
  size_t unread = 0;
  size_t default_mismatch = 0;
  size_t dynamic = 0;
  size_t wrong_section = 0;
  size_t duplicate = 0;
  size_t unresolved = 0;
  size_t escapes = 0;  // EnvEscape sites of the scan (informational)
  size_t known = 0;  // findings accepted by the baseline / allow entries (not in the counts above)
};

// Everything a reporter renders. `check` fills all of it; `scan` leaves has_registry false and
// the registry/documented/findings parts empty.
struct Report {
  std::string command;  // "scan" | "check"
  std::string root;     // absolute scan root
  bool has_registry = false;
  std::vector<Registry> registries;
  std::vector<EnvRead> reads;
  std::vector<Finding> findings;
  std::vector<Diagnostic> diagnostics;
  std::vector<EnvEscape> escapes;         // where the env object escapes the analysis
  std::vector<ServiceCoverage> coverage;  // per service
  std::vector<OutsideDir> outside;        // where reads outside every service are (check)
  ReportSummary summary;
  std::vector<StaleEntry> stale;  // baseline / allow entries that matched nothing
  std::string changed_since;      // the --changed-since REF the findings were limited to ("" = none)
};

// Fill report.summary from the other fields (files_scanned must be set by the caller).
void summarize(Report& report);

}  // namespace envdrift
