#include "analyzer/python/python.h"

namespace envdrift {

void extract_python(const ParsedFile& file, FileResult& out) {
  (void)file;
  (void)out;
}

}  // namespace envdrift
