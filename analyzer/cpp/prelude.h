// What stands in for the system headers when a C/C++ file is parsed.
//
// The real <string> and <map> take libclang hundreds of milliseconds per file; the analyzer only
// needs the types and the env API to be declared so calls resolve and string/table/loop
// expressions keep their shape. The prelude is force-included (as a system header: no
// diagnostics from it) and the system include paths are switched off; `#include <...>` of a
// header the tree does not hold is then a (ignored) missing-file error. Declarations only.
#pragma once

#include <string_view>

namespace envdrift::cpp {

// The prelude's text (C and C++: the C++ part is under `#ifdef __cplusplus`).
std::string_view prelude_text();
// The virtual path it is mapped at, and the directory passed with -isystem.
inline constexpr const char* kPreludeDir = "/envdrift-prelude";
inline constexpr const char* kPreludePath = "/envdrift-prelude/envdrift_prelude.h";

}  // namespace envdrift::cpp
