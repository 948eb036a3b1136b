#include "registry/model.h"

namespace envdrift {

Registry read_dotenv_registry(std::string_view text, const std::string& rel) {
  (void)text;
  Registry r;
  r.file = rel;
  return r;
}

}  // namespace envdrift
