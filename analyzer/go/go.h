// The go frontend: walks a go syntax tree and emits env reads.
#pragma once

#include "analyzer/core/syntax.h"

namespace envdrift {

void extract_go(const ParsedFile& file, FileResult& out);

}  // namespace envdrift
