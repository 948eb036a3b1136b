#include "analyzer/go/go.h"

namespace envdrift {

void extract_go(const ParsedFile& file, FileResult& out) {
  (void)file;
  (void)out;
}

}  // namespace envdrift
