#include "reports/reporter.h"

#include "reports/reporters.h"

namespace envdrift {

std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReporterOptions& options) {
  if (format == "text") return std::make_unique<TextReporter>(options);
  if (format == "json") return std::make_unique<JsonReporter>(options);
  if (format == "markdown") return std::make_unique<MarkdownReporter>(options);
  if (format == "sarif") return std::make_unique<SarifReporter>(options);
  if (format == "github") return std::make_unique<GithubReporter>(options);
  if (format == "rdjsonl") return std::make_unique<RdjsonlReporter>(options);
  if (format == "html") return std::make_unique<HtmlReporter>(options);
  return nullptr;
}

}  // namespace envdrift
