// Inline Markdown helpers shared by the registry readers: a small tokenizer for one table cell
// or heading (code spans, escapes, HTML tags, entities, links), env-name recognition, table-row
// splitting, and the required/deprecated/reserved/test-only flags read from prose.
//
// Table cells are parsed from their source text rather than from md4c's callbacks so that the
// raw cell (`_empty_`, `` `localhost` ``, `10485760 (10 MB)`) is kept byte for byte.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "registry/model.h"

namespace envdrift::registry_detail {

// Labels of a variable's attributes, lower-case, most specific first: table headers
// (`| Env var | Default |`) and `Label: value` lines under a heading (`- Name: \`X\``,
// `Default\n: \`info\``) use the same words. A table with both `Config option` and
// `Env variable` columns, or both `Name` and `Env Var`, takes the env one as the name column.
inline constexpr std::array<std::string_view, 17> kNameLabels{
    "env var",  "env vars", "env variable", "env variables", "environment variable", "environment variables",
    "env var name", "env name", "env key", "environment variable name", "variable", "variables",
    "variable name", "env", "name", "key", "keys"};
inline constexpr std::array<std::string_view, 5> kDefaultLabels{"default", "defaults", "default value",
                                                                "default values", "default value(s)"};
inline constexpr std::array<std::string_view, 8> kAliasLabels{"legacy alias", "legacy aliases", "alias", "aliases",
                                                              "legacy name", "legacy names", "deprecated alias",
                                                              "deprecated aliases"};
inline constexpr std::array<std::string_view, 5> kDescriptionLabels{"description", "purpose", "notes", "details",
                                                                    "meaning"};

// Is a `Required` cell or `Required: …` value a yes (`yes`, `true`, `x`, `✓`, …)? Plain text.
bool truthy_text(std::string_view plain);

enum class PieceKind {
  Text,   // plain text, escapes and entities already decoded
  Code,   // a code span's content (without the backticks)
  Html,   // an inline HTML/JSX tag, as written (`<super>`, `</sup>`)
  Break,  // `<br>`, `<br/>`, `<br />`
};

struct Piece {
  PieceKind kind = PieceKind::Text;
  std::string text;
};

// Tokenize inline Markdown. Links keep their text only (`[NAME](#x)` -> NAME).
std::vector<Piece> parse_inline(std::string_view md);

// Plain text of pieces: code without backticks, breaks as spaces, tags dropped, runs of
// whitespace collapsed, trimmed.
std::string plain_text(const std::vector<Piece>& pieces);

// `&mdash;` -> "—", `&#95;` -> "_"; unknown entities are returned unchanged.
std::string decode_entity(std::string_view entity);

// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view s);

// A list item that starts by naming a variable: `` - `APP_PORT` — port to listen on ``,
// `* **APP_PORT**: ...`, `- \`APP_PORT\`` alone. `line` is the item's first source line (list
// marker and blockquote markers included). The name is in a code span (upper-case, or any
// case under `code_lower_case`) or wholly bold (upper-case with an underscore, like a heading),
// and is followed by the end of the line or a separator (`:`, `—`, `–`, `-`, `(`), so an item
// that merely starts with a name in a sentence (`` `DATABASE_URL` must be set ``) is not one.
// Returns "" when the item does not name a variable.
std::string list_item_name(std::string_view line);

// Could `s` be an environment variable name? Identifiers with at least one letter and, unless
// `allow_lower_case`, no lower-case letter (so prose words and API names are not names).
bool looks_like_env_name(std::string_view s, bool allow_lower_case);

// The names in a name cell: `` `A` / `B` ``, `A, B`, `A<br/>B`, `NAME<super>*</super>`,
// `NAME <br/> :icon: v2.0.0`, `POSTGRES\_HOST`. `(none set)` and prose give no names.
// `starred` is set when a name carries a `*` marker (a common "required" mark). Names are
// upper-case unless `code_lower_case` allows lower-case ones in code spans (`http_proxy`), which
// the table reader does under an explicit `Env var` / `Environment variable` header.
struct NameCell {
  std::vector<std::string> names;
  bool starred = false;
};
NameCell parse_name_cell(std::string_view md, bool code_lower_case = false);

// Split one table row's source line into raw cells, the way md4c does: `|` separates cells
// unless escaped or inside a code span; leading/trailing pipes are optional. `quote_depth`
// leading `>` markers are removed first (a table inside a blockquote).
std::vector<std::string> split_table_row(std::string_view line, int quote_depth);

// Split a default cell aligned with `count` names (`localhost / 9000 / aisoc`). Returns
// the parts when the cell splits into exactly `count` parts (on ` / ` outside code spans,
// else on `<br>`), otherwise an empty vector.
std::vector<std::string> split_aligned_defaults(std::string_view cell, size_t count);

// Set `deprecated`, `reserved`, `test_only` and `required` from a description (plain text)
// and from the variable's section headings.
void apply_prose_flags(DocVariable& var, std::string_view description_plain);

// Does `text` contain `word` (ASCII case-insensitive) with non-letters on both sides?
bool contains_word(std::string_view text, std::string_view word);

}  // namespace envdrift::registry_detail
