// The python frontend: walks a python syntax tree and emits env reads.
#pragma once

#include "analyzer/core/syntax.h"

namespace envdrift {

void extract_python(const ParsedFile& file, FileResult& out);

}  // namespace envdrift
