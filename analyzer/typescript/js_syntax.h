// Syntax plumbing for the JS-family grammars (typescript, tsx, javascript): field ids resolved
// once per file, and the wrappers that do not change a value.
//
// Climbing is done over an explicit ancestor path (`Path`, root first, the node itself last)
// instead of ts_node_parent, which re-descends from the root on every call and would make a
// climb quadratic in deep or wide trees.
#pragma once

#include <tree_sitter/api.h>

#include <span>
#include <string_view>

#include "analyzer/core/ancestors.h"
#include "analyzer/core/syntax.h"

namespace envdrift::js {

// A node together with its ancestors: path.front() is the root, path.back() the node itself.
using Path = std::span<const TSNode>;

// Field ids of the grammar a file was parsed with (the three grammars number them differently).
struct Fields {
  TSFieldId object = 0, property = 0, index = 0, function = 0, arguments = 0, left = 0, right = 0,
            op = 0, condition = 0, consequence = 0, alternative = 0, argument = 0, name = 0,
            value = 0, pattern = 0, key = 0;
  explicit Fields(const TSLanguage* lang);
};

// A parsed JS-family file plus its grammar's field ids: what every matcher below receives.
class JsEval;

struct JsFile {
  const ParsedFile& file;
  Fields fields;
  // The resolver of the file's names (constants, maps, helpers, aliases of the env object);
  // nullptr means literals only.
  JsEval* eval = nullptr;
  // The fallback expression default_of looked at last (how helper summaries tell a parameter
  // fallback from a constant one).
  mutable TSNode last_fallback{};
  // default_for_read's climbs over steps that decide nothing (defaults.cpp, climb_pure).
  mutable AncestorSkipper pure_climbs;

  explicit JsFile(const ParsedFile& f);
  std::string_view text(TSNode n) const { return file.text(n); }
  TSNode field(TSNode n, TSFieldId id) const;
  // The operator token of a binary/unary/augmented-assignment node ("??", "!", "delete", "??=").
  std::string_view op(TSNode n) const;
};

bool same(TSNode a, TSNode b);

// Strip wrappers that leave the value unchanged: `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`.
TSNode unwrap_value(TSNode n);
bool is_value_wrapper(std::string_view type);

// Longest climb (in ancestors) any matcher makes from a read. Real code never comes close;
// the cap only keeps pathological input (thousands of chained `||`) linear.
inline constexpr size_t kMaxClimb = 512;

}  // namespace envdrift::js
