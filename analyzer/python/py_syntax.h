// Syntax plumbing for the python grammar: field ids resolved once per file, a pre-order walk
// that keeps the ancestor path, and the small node helpers every python matcher uses.
//
// Climbing is done over the explicit ancestor path (`Path`, root first, the node itself last)
// instead of ts_node_parent, which re-descends from the root on every call and would make a
// climb quadratic in deep trees.
#pragma once

#include <tree_sitter/api.h>

#include <span>
#include <string_view>
#include <vector>

#include "analyzer/core/syntax.h"

namespace envdrift::py {

// A node together with its ancestors: path.front() is the root, path.back() the node itself.
using Path = std::span<const TSNode>;

// Longest climb (in ancestors) any matcher makes from a read. Real code never comes close;
// the cap only keeps pathological input (thousands of chained `or`) linear.
inline constexpr size_t kMaxClimb = 512;

struct Fields {
  TSFieldId object = 0, attribute = 0, function = 0, arguments = 0, value = 0, subscript = 0,
            left = 0, right = 0, op = 0, name = 0, alias = 0, module_name = 0, body = 0,
            parameters = 0, argument = 0;
  explicit Fields(const TSLanguage* lang);
};

// A parsed python file plus the grammar's field ids: what every matcher below receives.
struct PyFile {
  const ParsedFile& file;
  Fields fields;

  explicit PyFile(const ParsedFile& f);
  std::string_view text(TSNode n) const { return file.text(n); }
  TSNode field(TSNode n, TSFieldId id) const;
  // The operator token of a boolean/unary/binary operator node ("or", "-", "+").
  std::string_view op(TSNode n) const { return node_type(field(n, fields.op)); }
};

bool same(TSNode a, TSNode b);

// `(x)` -> `x` (python has no other value-preserving wrapper).
TSNode unwrap(TSNode n);

// The named children of `n` except comments and `\` line continuations (named extras in this
// grammar, they may appear between any two children).
std::vector<TSNode> code_children(TSNode n);

// Pre-order walk over every node below (and including) `root` with its ancestor path
// (core/syntax.h). `visit(path)` returns false to skip the node's children.
template <class Visit>
void walk_with_path(TSNode root, Visit&& visit) {
  walk_path({}, root, std::forward<Visit>(visit));
}

}  // namespace envdrift::py
