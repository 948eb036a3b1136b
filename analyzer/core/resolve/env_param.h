// A function of another module handed the environment (`load(process.env)`,
// `configure(os.environ)`): the caller asks the callee's module, through Project::export_of, for
// the reads the function makes when that parameter is the environment, and reports them where
// they are made, with a `call` step at the caller. The request and the answer are plain
// exports and Values, so every frontend's loader answers in the same form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/core/resolve/value.h"

namespace envdrift::resolve {

// The export name that asks for function `fn`'s reads with argument `index` the environment.
std::string env_param_export(std::string_view fn, int index);
// The function and index of such an export name; false for any other name.
bool parse_env_param_export(std::string_view name, std::string* fn, int* index);

// Reads as the Value a loader answers with (an Array of Records), and back. Unknown (the loader
// could not follow the function) decodes to no vector: the caller reports an escape instead.
Value env_reads_value(const std::vector<EnvRead>& reads);
std::optional<std::vector<EnvRead>> env_reads_of(const Value& v, Language language);

}  // namespace envdrift::resolve
