#include "reports/reporter.h"

#include "reports/reporters.h"

namespace envdrift {

std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReporterOptions& options) {
  if (format == "text") return std::make_unique<TextReporter>(options);
  if (format == "json") return std::make_unique<JsonReporter>(options);
  return nullptr;
}

}  // namespace envdrift
