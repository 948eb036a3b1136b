// Evaluating the name and default expressions of a python read.
//
// Today only literals count: strings (not f-strings with placeholders), implicit concatenation
// and `+` of strings for names; string/number/bool literals for defaults. The resolution issue
// (constants, dict maps, helpers, pydantic) plugs in here: name_of / name_parts and default_of
// are the only entry points the matchers use.
#pragma once

#include <optional>
#include <string>

#include "analyzer/core/name_parts.h"
#include "analyzer/python/py_syntax.h"

namespace envdrift::py {

// What is known about a name expression (analyzer/core/name_parts.h).
using envdrift::NameParts;

NameParts name_parts(const PyFile& f, TSNode expr);

// The variable name `expr` evaluates to, or nullopt when it is not (yet) known.
std::optional<std::string> name_of(const PyFile& f, TSNode expr);

// The default a read falls back to when `expr` is its default argument (or the last operand of
// an `or` chain). nullopt for a null node and for `None`. A literal yields its source text as
// `raw` and the normalized value; anything else is computed: raw = value = source text,
// comparable = false.
std::optional<DefaultValue> default_of(const PyFile& f, TSNode expr);

// The literal text of a plain string / implicitly concatenated string, or nullopt.
std::optional<std::string> string_literal(const PyFile& f, TSNode expr);

}  // namespace envdrift::py
