#include "analyzer/core/suppress.h"

namespace envdrift {

void attach_suppressions(std::string_view, std::string_view, std::vector<EnvRead>&) {}

}  // namespace envdrift
