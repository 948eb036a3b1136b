// Evaluating the name and default expressions of a python read.
//
// The syntactic layer: literals only (strings, implicit concatenation, `+` of strings for names;
// string/number/bool literals for defaults). Resolution through constants, maps, helpers and
// imports is evaluate.h; these are its fallbacks (the known prefix/suffix of a dynamic name, the
// raw text of a computed default).
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
