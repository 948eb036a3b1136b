// Evaluating the name expression of a read (`process.env[<name>]`, `Deno.env.get(<name>)`).
//
// Today only literals count: string and substitution-free template literals, and `+` of them.
// The cross-file resolution issue plugs constants in here (name_of is the one entry point).
#pragma once

#include <optional>
#include <string>

#include "analyzer/core/name_parts.h"
#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

// What is known about a name expression (analyzer/core/name_parts.h).
using envdrift::NameParts;

// With `resolve_constants`, parts that evaluate to one constant string count as known (the
// prefix of a dynamic read `process.env[PREFIX + key]` is PREFIX's value).
NameParts name_parts(const JsFile& f, TSNode expr, bool resolve_constants = false);

// The variable name `expr` evaluates to, or nullopt when it is not (yet) known.
std::optional<std::string> name_of(const JsFile& f, TSNode expr);

}  // namespace envdrift::js
