// The go frontend: walks a go syntax tree and emits env reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/syntax.h"

namespace envdrift {

void extract_go(const ParsedFile& file, FileResult& out);

// The reads top-level function `fn` of this file makes when its parameter `index` (a
// `func(string) string` / `func(string) (string, bool)`) is handed os.Getenv or os.LookupEnv by a
// caller in another file (resolve/env_param.h); nullopt when the file has no such function.
std::optional<std::vector<EnvRead>> go_env_param_reads(const ParsedFile& file, const std::string& fn, int index);

}  // namespace envdrift
