#include "reports/findings.h"

namespace envdrift {

std::vector<Finding> diff(const std::vector<EnvRead>&, const std::vector<Registry>&, const DiffOptions&) { return {}; }

}  // namespace envdrift
