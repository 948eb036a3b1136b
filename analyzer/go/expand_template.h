// The variable names an `os.Expand` / `os.ExpandEnv` template refers to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace envdrift::go {

// Scan `tmpl` the way os.Expand does: `$NAME` (letters, digits, `_`) and `${NAME}`. Shell
// special parameters (`$1`, `$@`, `${*}`) and malformed references (`${}`, an unclosed `${`)
// are skipped, and so is a braced name that is not an identifier (`${X:-d}` looks up the
// variable "X:-d", which no docs page lists). Names are returned in order, repeats included.
std::vector<std::string> expand_template_names(std::string_view tmpl);

}  // namespace envdrift::go
