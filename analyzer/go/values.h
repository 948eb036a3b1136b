// Evaluating the name and default expressions of a go read.
//
// Literals only: interpreted and raw strings, `+` of strings, and the literal parts of
// `fmt.Sprintf("%s_URL", p)` for names; string/number/bool literals for defaults. Constants,
// maps, loops and helpers are evaluated by GoEval (evaluate.h), which falls back to these for
// the known parts of a name that is not fully constant.
#pragma once

#include <optional>
#include <string>

#include "analyzer/core/name_parts.h"
#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

// What is known about a name expression (analyzer/core/name_parts.h).
using envdrift::NameParts;

NameParts name_parts(const GoFile& f, TSNode expr);

// The variable name `expr` evaluates to, or nullopt when it is not (yet) known.
std::optional<std::string> name_of(const GoFile& f, TSNode expr);

// The default a read falls back to when `expr` is its fallback expression. nullopt for a null
// node and for `nil`. A literal yields its source text as `raw` and the normalized value;
// anything else is computed: raw = value = source text, comparable = false.
std::optional<DefaultValue> default_of(const GoFile& f, TSNode expr);

// The decoded text of an interpreted ("…") or raw (`…`) string literal, or nullopt.
std::optional<std::string> string_literal(const GoFile& f, TSNode expr);

}  // namespace envdrift::go
