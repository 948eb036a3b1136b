// Evaluating the name expression of a read (`process.env[<name>]`, `Deno.env.get(<name>)`).
//
// Today only literals count: string and substitution-free template literals, and `+` of them.
// The cross-file resolution issue plugs constants in here (name_of is the one entry point).
#pragma once

#include <optional>
#include <string>

#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

// What is known about a name expression: the whole name, or the literal text around the
// unknown parts (`KAFKA_${x}` -> prefix "KAFKA_"; `${p}_URL` -> suffix "_URL").
struct NameParts {
  bool complete = false;
  std::string text;    // the whole name when complete
  std::string prefix;  // known text before the first unknown part
  std::string suffix;  // known text after the last unknown part
};

// With `resolve_constants`, parts that evaluate to one constant string count as known (the
// prefix of a dynamic read `process.env[PREFIX + key]` is PREFIX's value).
NameParts name_parts(const JsFile& f, TSNode expr, bool resolve_constants = false);

// The variable name `expr` evaluates to, or nullopt when it is not (yet) known.
std::optional<std::string> name_of(const JsFile& f, TSNode expr);

}  // namespace envdrift::js
