// Python's top-level statements, cut from the bytes for partial parsing (analyzer/core/partial.h).
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/core/partial.h"

namespace envdrift::py {

// A statement begins on a line that starts in column 0 with code, outside brackets, strings and
// backslash continuations; `else`/`elif`/`except`/`finally` lines continue the statement before,
// and a decorated definition runs from its first `@` line through the `def`/`class` line. Tokens:
// the words of code and of strings (a string can be a forward reference), not of comments; a
// statement declares an import's names, a definition's name, every name of a compound statement
// (`if`, `try`, `with`, `for`, ...), the targets of an assignment (before its last `=`, without
// an annotation) and the names after `global`. False (parse the whole file) on an unterminated
// string or unbalanced brackets. Linear.
bool top_level_statements(std::string_view text, Split& out);

// Words that never name anything (the hard keywords): not followed by the closure.
const std::vector<std::string_view>& keywords();

}  // namespace envdrift::py
