// Defaults of JS-family reads: what value a read falls back to when the variable is unset.
//
// default_of evaluates one fallback expression (today: literals only; the cross-file resolution
// issue folds constants here). default_for_read finds the fallback expression of a read by
// climbing its ancestors.
#pragma once

#include <optional>
#include <string_view>

#include "analyzer/core/model.h"
#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

// The default a fallback expression stands for. String, template (without substitutions),
// number (`20_000` -> 20000, `-1`, `10n`) and boolean literals are comparable, normalized with
// normalize_code_value; `null` / `undefined` mean no default (nullopt); anything else (an
// identifier, a call, an object) is kept as written with comparable=false.
std::optional<DefaultValue> default_of(const JsFile& f, TSNode expr);

// The default applied to the value read at path.back() (an access of variable `name`, when the
// name is known). Climbs through value wrappers (`(…)`, `!`, `as T`, `await`), method calls
// (`?.trim()`), numeric parses (`Number(…)`, `parseInt(…, 10)`), `&&`, and `??` / `||` chains
// (every read of `A || B || "x"` gets "x"), and understands presence ternaries
// (`process.env.X ? process.env.X : "d"`, `!process.env.X ? "d" : process.env.X`).
// `presence_only` reads (`"X" in process.env`) only take a presence-ternary default.
std::optional<DefaultValue> default_for_read(const JsFile& f, Path path, const std::optional<std::string>& name,
                                             bool presence_only = false);

// The fallback of the read at path.back() held in a variable: `const v = <read>;` followed by
// `if (!v) return "d";` (also `v === undefined`, `v == null`, a block `{ return "d" }`) or by
// `return v ? parse(v) : "d"` / `return v ?? "d"`. Null node when none.
TSNode early_return_fallback(const JsFile& f, Path path);

}  // namespace envdrift::js
