// Evaluating the name and default expressions of a go read.
//
// Today only literals count: interpreted and raw strings, `+` of strings, and the literal parts
// of `fmt.Sprintf("%s_URL", p)` for names; string/number/bool literals for defaults. The
// resolution issue (package constants, maps, helpers, struct tags) plugs in here: name_parts /
// name_of and default_of are the only entry points the matchers use.
#pragma once

#include <optional>
#include <string>

#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

// What is known about a name expression: the whole name, or the literal text around the
// unknown parts (`"KAFKA_" + x` -> prefix "KAFKA_"; `fmt.Sprintf("%s_URL", p)` -> suffix "_URL").
struct NameParts {
  bool complete = false;
  std::string text;    // the whole name when complete
  std::string prefix;  // known text before the first unknown part
  std::string suffix;  // known text after the last unknown part
};

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
