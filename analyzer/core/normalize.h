// Default-value normalization shared by the code side and the docs side (SPEC section 4).
//
// Both sides fold their raw text into the same canonical form so that `5000`, `5_000`, `5e3`
// and `5000 (5 s)` compare equal, booleans compare case-insensitively, and prose defaults
// (`computed default`, `falls back to X`) are marked not comparable instead of mismatching.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/core/model.h"

namespace envdrift {

// Canonical number text: integers without separators or exponent ("5000"), other finite
// numbers in shortest round-trip form ("3.5"). nullopt when `text` is not a number literal
// (accepts `_` separators, a leading sign, decimal/hex/exponent forms).
std::optional<std::string> canonical_number(std::string_view text);

// Normalize a code-side literal value (already unquoted). Numbers become canonical, booleans
// lower-case ("True" -> "true"), Python None / JS null / undefined become "" (no value).
std::string normalize_code_value(std::string_view value);

// Normalize a docs-side default cell into one of three classes:
//  - none: nullopt (`—`, `-`, `(none)`, `none`, `not set`, `Required`, empty);
//  - literal: comparable. Markdown escapes are undone (`4 \* 1024`), code spans, quotes and a
//    trailing parenthetical note stripped (`10485760 (10 MB)` -> `10485760`), numbers grouped
//    by thousands (`25,000`) and constant integer arithmetic (`60 * 60 * 24`) folded, then the
//    code-side rules applied. `_empty_`, `""`, `''`, `empty string` are the empty string, which
//    the diff treats like "no default" (a code default of "" matches either);
//  - prose: comparable=false, shown but never compared (`computed default`, `falls back to X`,
//    `Random`, `Disabled`, `*Read description*`, `(current dir)`, code spans mixed with words,
//    and any other cell of several words that is not one literal token: `Provider default`).
std::optional<DefaultValue> normalize_doc_default(std::string_view cell);

// A default computed at run time (a call, another variable): shown with its source text (cut
// to 200 bytes), never compared.
DefaultValue computed_default(std::string_view raw);

// Source text cut to `max` bytes with an ellipsis, for messages and reports.
std::string clip_source(std::string_view text, size_t max = 200);

// Do two normalized defaults count as equal? Both must be comparable.
bool defaults_equal(const DefaultValue& a, const DefaultValue& b);

// Do two comparable defaults differ only in letter case (`info` / `INFO`)? Such a mismatch is
// informational: many readers lower-case the value.
bool defaults_differ_only_in_case(const DefaultValue& a, const DefaultValue& b);

// Small string helpers used all over the project.
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with(std::string_view s, std::string_view prefix);

}  // namespace envdrift
