// Syntax plumbing for the go grammar: field ids resolved once per file, a non-recursive walk
// that reports both entering and leaving a node (scopes need the second), and the small node
// helpers every go matcher uses.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/syntax.h"

namespace envdrift::go {

// A node together with its ancestors: path.front() is the root, path.back() the node itself.
using Path = std::span<const TSNode>;

struct Fields {
  TSFieldId function = 0, arguments = 0, operand = 0, field = 0, name = 0, path = 0, left = 0,
            right = 0, op = 0, alias = 0;
  explicit Fields(const TSLanguage* lang);
};

// An import of a file: its path and its alias (a null node when it has none).
struct GoImport {
  std::string path;
  TSNode alias;
};

// A parsed go file plus the grammar's field ids: what every matcher below receives.
struct GoFile {
  const ParsedFile& file;
  Fields fields;
  // The file's imports with a path, worked out on first use (libraries.cpp): each library row
  // asks for them, and the walk and the unquoting are the same every time.
  mutable std::optional<std::vector<GoImport>> imports;

  explicit GoFile(const ParsedFile& f);
  std::string_view text(TSNode n) const { return file.text(n); }
  TSNode field(TSNode n, TSFieldId id) const;
  // The operator token of a binary expression ("+", "==").
  std::string_view op(TSNode n) const { return node_type(field(n, fields.op)); }
};

// `(x)` -> `x`.
TSNode unwrap(TSNode n);

// The named children of `n` except comments.
std::vector<TSNode> code_children(TSNode n);

// Does `n` have a direct anonymous child token `token` (`:=` in a range clause)?
bool has_token(TSNode n, std::string_view token);

// Walk every node below (and including) `root` in source order with its ancestor path
// (core/syntax.h walk_path): `enter(path)` returns false to skip the node's children; `leave(path)`
// runs after the node's children.
template <class Enter, class Leave>
void walk_enter_leave(TSNode root, Enter&& enter, Leave&& leave) {
  walk_path({}, root, std::forward<Enter>(enter), std::forward<Leave>(leave));
}

}  // namespace envdrift::go
