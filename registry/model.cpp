#include "registry/model.h"

namespace envdrift {

std::string DocVariable::section_path() const {
  std::string out;
  for (const auto& s : section) {
    if (!out.empty()) out += " > ";
    out += s;
  }
  return out;
}

}  // namespace envdrift
