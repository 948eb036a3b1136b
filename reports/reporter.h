// One interface, one class per output format (ripgrep's printer layout). A reporter renders a
// finished Report; it never re-parses or re-diffs.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "reports/findings.h"
#include "reports/locations.h"
#include "reports/policy.h"

namespace envdrift {

struct ReporterOptions {
  bool color = false;    // ANSI colour (text on a TTY)
  bool verbose = false;  // include notes and not-comparable defaults
  std::string_view tool_version = "0.1.0";
  std::string history_dir;  // html: earlier `--format json` reports for the trend chart ("" = none)
  // Which findings fail the check: every format's verdict and severities follow it, so they
  // agree with the exit code.
  FailPolicy policy;
  // CI formats (sarif, github, rdjsonl, markdown, html): paths relative to the repository root
  // and links to the forge (locations.h). text and json keep scan-root-relative paths.
  LocationStyle locations;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const Report& report, std::ostream& out) = 0;
};

// nullptr for an unknown format name. Known: "text", "json", "markdown", "sarif", "github",
// "rdjsonl", "html".
std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReporterOptions& options);

}  // namespace envdrift
