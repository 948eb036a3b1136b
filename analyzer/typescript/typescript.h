// The typescript frontend: walks a typescript syntax tree and emits env reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/syntax.h"

namespace envdrift {

void extract_typescript(const ParsedFile& file, FileResult& out);

// The reads function `fn` of this module (an export name, "default" included) makes when its
// parameter `index` is the environment, for a caller in another module
// (resolve/env_param.h); nullopt when no such function is found.
std::optional<std::vector<EnvRead>> typescript_env_param_reads(const ParsedFile& file, const std::string& fn, int index);

}  // namespace envdrift
