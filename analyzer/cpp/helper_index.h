// Helpers across translation units: `int env_int(const char*, int);` declared in a header and
// defined in another .cpp. The first call of a helper whose body the translation unit does not
// hold builds, once per scan (resolve::Project::shared), the summaries of every helper defined
// in the tree's C/C++ files, by USR (the name libclang gives a declaration across units).
#pragma once

#include "analyzer/cpp/analyzer.h"

namespace envdrift::cpp {

// The lookup a translation unit's Analyzer uses (empty outside a scan: no other files).
ExternalHelpers external_helpers();

}  // namespace envdrift::cpp
