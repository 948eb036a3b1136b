// Module specifiers that are not relative: tsconfig.json / jsconfig.json `compilerOptions`
// `baseUrl` and `paths` (`"@/*": ["./src/*"]`), from the nearest config above the importing
// file within the scan root. `extends` is not followed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace envdrift::js {

// Root-relative module paths (before extension probing) a non-relative `spec` imported from
// `file_rel` may denote. `root` is the scan root on disk (ending in '/'). Empty when no config
// maps it.
std::vector<std::string> tsconfig_candidates(const std::string& root, const std::string& file_rel, std::string_view spec);

}  // namespace envdrift::js
