#include "reports/reporter.h"

namespace envdrift {

std::unique_ptr<Reporter> make_reporter(std::string_view, const ReporterOptions&) { return nullptr; }

}  // namespace envdrift
