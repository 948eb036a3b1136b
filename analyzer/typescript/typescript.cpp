#include "analyzer/typescript/typescript.h"

namespace envdrift {

void extract_typescript(const ParsedFile& file, FileResult& out) {
  (void)file;
  (void)out;
}

}  // namespace envdrift
