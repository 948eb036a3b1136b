// The typescript frontend: walks a typescript syntax tree and emits env reads.
#pragma once

#include "analyzer/core/syntax.h"

namespace envdrift {

void extract_typescript(const ParsedFile& file, FileResult& out);

}  // namespace envdrift
