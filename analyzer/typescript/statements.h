// JavaScript / TypeScript top-level statements, cut from the bytes for partial parsing
// (analyzer/core/partial.h).
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/core/partial.h"

namespace envdrift::js {

// A statement begins on a line that starts in column 0 with a letter, `_`, `$` or `@`, outside
// brackets, strings, template literals, comments and regular expressions, when the code before
// it ends where a statement can end (not after an operator, a comma or `=>`), and the line's
// first word does not continue the statement before (`else`, `catch`, `finally`, `as`, ...). A
// decorated declaration runs from its first `@` line through the declaration's first line.
// On one line (a bundle, `a(); b()`), a statement also begins at the first token after a
// top-level `;`, and at a word after a top-level block's `}` (`function f(){}var v=1`), unless
// that word continues the statement (`else`, `while`, `from`, `as`, ...); one that begins with
// `(` or `[` declares every name it spells (`({a} = o)`).
// Tokens: the words of code (template substitutions included), not of strings or comments; a
// statement declares an import's names, a definition's name (`function`, `class`, `enum`, ...),
// every name of a compound statement (`if`, `try`, `for`, ...) or a decorated one, and the
// targets of an assignment or a `const`/`let`/`var` (before its last `=`, without the type).
// False (parse the whole file) on anything the lexer cannot be sure of: an unterminated string,
// template or comment, unbalanced brackets, a regular expression across a line, JSX or a `<T>`
// cast where an expression starts. Linear.
bool top_level_statements(std::string_view text, Split& out);

// The reserved words: never a name, not followed by the closure.
const std::vector<std::string_view>& keywords();

}  // namespace envdrift::js
