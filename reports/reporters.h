// The output formats behind reporter.h, one class each; make_reporter (reporter.cpp) picks one.
#pragma once

#include <string>
#include <string_view>

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

// The CI formats (issue 7). Known findings (baseline / allow) are listed apart and never counted
// as new; stale baseline/allow entries are listed so they get deleted.

// A pull-request comment: verdict, kind x service table, one <details> per kind, the hidden
// `<!-- envdrift-report -->` marker; truncated with a count under GitHub's 65,536-char limit.
class MarkdownReporter : public Reporter {
 public:
  explicit MarkdownReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

// SARIF 2.1.0 for code scanning: one rule per finding kind, results at the code or docs
// location, partialFingerprints from finding_fingerprint().
class SarifReporter : public Reporter {
 public:
  explicit SarifReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

// GitHub Actions workflow commands (`::warning file=…,line=…,title=…::…`), one per new finding.
class GithubReporter : public Reporter {
 public:
  explicit GithubReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

// reviewdog's diagnostic JSON lines (rdjsonl), one object per finding.
class RdjsonlReporter : public Reporter {
 public:
  explicit RdjsonlReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

// One self-contained HTML page (inline CSS/JS/SVG): counts per kind and service, a sortable and
// filterable findings table, and a trend chart of the JSON reports in options.history_dir.
class HtmlReporter : public Reporter {
 public:
  explicit HtmlReporter(const ReporterOptions& options) : options_(options) {}
  void write(const Report& report, std::ostream& out) override;

 private:
  ReporterOptions options_;
};

// Escaping for GitHub workflow commands: the message part (%, CR, LF) and a property value
// (also `:` and `,`).
std::string github_escape_data(std::string_view s);
std::string github_escape_property(std::string_view s);

}  // namespace envdrift
