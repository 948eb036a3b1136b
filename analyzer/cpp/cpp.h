// The C and C++ frontend, on libclang (SPEC section 3, C/C++). Built only with ENVDRIFT_CPP
// (the analyzer defines ENVDRIFT_HAVE_CPP); analyzer/frontend.cpp lists it.
//
// A file is parsed on its own, with the flags of compile_commands.json when the tree has one,
// the include directories the tree holds, and a small built-in set of declarations standing in
// for the system headers (prelude.cpp): the env API, strings, string views, arrays, maps,
// optionals. Reads are then found on the typed AST: calls of the env API and of helpers whose
// parameter flows into one, with names through macros, constants, tables, loops and switches.
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/core/syntax.h"

namespace envdrift::cpp {

// The whole file in, its reads (and diagnostics) out.
FileResult analyze_file(const SourceFile& src);

// A file without one of these has no read the frontend could find (the byte prefilter).
const std::vector<std::string_view>& prefilter_needles();
// The env API mentions that are candidate read sites (coverage).
const std::vector<std::string_view>& candidate_tokens();

}  // namespace envdrift::cpp
