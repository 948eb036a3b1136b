// The output formats behind reporter.h, one class each; make_reporter (reporter.cpp) picks one.
#pragma once

#include "reports/reporter.h"

namespace envdrift {

// Human-readable findings grouped by kind then service (`check`), or one line per read (`scan`),
// then diagnostics and a one-line summary. ANSI colour only when options.color.
class TextReporter : public Reporter {
 public:
  explicit TextReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

// The SPEC section 5 JSON object (schema version 1), pretty-printed with 2-space indent.
class JsonReporter : public Reporter {
 public:
  explicit JsonReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

}  // namespace envdrift
