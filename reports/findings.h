// The finding model (SPEC section 5), the diff engine that produces findings, and the report
// every output format renders.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"
#include "registry/model.h"

namespace envdrift {

enum class FindingKind { Undocumented, Unread, DefaultMismatch, Dynamic, WrongSection, Duplicate };
std::string_view finding_kind_name(FindingKind k);  // "undocumented", "default_mismatch", ...
std::optional<FindingKind> parse_finding_kind(std::string_view name);

struct FindingCode {  // a code location that takes part in a finding
  std::string file;
  int line = 0;
  int column = 0;
  std::optional<DefaultValue> default_value;
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
  // Accepted drift: the finding is in the --baseline report or matches an `[[allow]]` entry of
  // the config. Known findings are listed apart ("known") and never count toward the exit code.
  bool known = false;
  std::string known_reason;  // "baseline" or the allow entry's reason
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
};

// Which service a relative file belongs to ("" when none claims it).
std::string service_for_file(const std::vector<ServiceSpec>& services, std::string_view rel);

// Diff reads against the registries. Findings come out sorted by kind, service, name, file.
std::vector<Finding> diff(const std::vector<EnvRead>& reads, const std::vector<Registry>& registries,
                          const DiffOptions& options);

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
  ReportSummary summary;
  std::vector<StaleEntry> stale;  // baseline / allow entries that matched nothing
  std::string changed_since;      // the --changed-since REF the findings were limited to ("" = none)
};

// Fill report.summary from the other fields (files_scanned must be set by the caller).
void summarize(Report& report);

}  // namespace envdrift
