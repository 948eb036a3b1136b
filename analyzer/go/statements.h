// Go's top-level declarations, cut from the bytes for partial parsing (analyzer/core/partial.h).
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/core/partial.h"

namespace envdrift::go {

// A declaration begins on a line that starts in column 0 with `package`, `import`, `func`,
// `var`, `const` or `type`, outside brackets, strings, raw strings and comments (gofmt puts
// every top-level declaration there; anything else in column 0 continues the one before).
// Tokens: the words of code, and of an import's paths (its package name); not of other strings
// or comments. A declaration declares: an import's names, a function's or method's name (the
// first word outside the receiver's parentheses), a type's name, every name of a grouped
// `var (...)`/`const (...)`/`type (...)`, and the words before a single `var`/`const`'s `=`.
// False (parse the whole file) on an unterminated string or comment or unbalanced brackets.
// Linear.
bool top_level_statements(std::string_view text, Split& out);

// The keywords and the predeclared identifiers: not followed by the closure.
const std::vector<std::string_view>& keywords();

}  // namespace envdrift::go
