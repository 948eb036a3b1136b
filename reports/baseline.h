// Accepted drift: `--baseline FILE` (a previous `check --format json` report) and the config's
// `[[allow]]` entries. Both mark matching findings `known` (listed apart, never counted toward
// the exit code) and turn entries that match nothing into Report::stale, so they only shrink.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/findings.h"

namespace envdrift {

// One finding of the baseline report, by its fingerprint parts (kind + service + name).
struct BaselineEntry {
  FindingKind kind = FindingKind::Undocumented;
  std::string name;
  std::string service;
};

// `[[allow]]` in .envdrift.toml: `name` and `reason` required; no `kind` = every kind, no
// `service` = every service.
struct AllowEntry {
  std::string name;
  std::optional<FindingKind> kind;
  std::optional<std::string> service;
  std::string reason;
};

struct BaselineError {
  std::string message;  // "path: what is wrong"
};

// Parse the text of a JSON report (`path` only appears in messages). Throws BaselineError when
// the text is not JSON, has no `findings` array or a finding lacks a known kind / a name.
std::vector<BaselineEntry> parse_baseline(const std::string& text, const std::string& path);
// Read and parse a baseline file. Throws BaselineError (also when the file cannot be read).
std::vector<BaselineEntry> load_baseline(const std::string& path);

// Mark findings matching an allow entry known (known_reason = the entry's reason); entries that
// match nothing are appended to report.stale (origin "allow").
void apply_allow(Report& report, const std::vector<AllowEntry>& entries);
// Mark findings whose fingerprint is in the baseline known (known_reason "baseline", unless an
// allow entry already gave a reason); entries that match nothing go to report.stale.
void apply_baseline(Report& report, const std::vector<BaselineEntry>& entries);

}  // namespace envdrift
