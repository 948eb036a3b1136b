// Syntax plumbing for the go grammar: field ids resolved once per file, a non-recursive walk
// that reports both entering and leaving a node (scopes need the second), and the small node
// helpers every go matcher uses.
#pragma once

#include <tree_sitter/api.h>

#include <span>
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

// A parsed go file plus the grammar's field ids: what every matcher below receives.
struct GoFile {
  const ParsedFile& file;
  Fields fields;

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

// Walk every node below (and including) `root` in source order with its ancestor path, using a
// tree cursor (no recursion). `enter(path)` returns false to skip the node's children;
// `leave(path)` runs after the node's children (also for skipped and leaf nodes).
template <class Enter, class Leave>
void walk_enter_leave(TSNode root, Enter&& enter, Leave&& leave) {
  if (ts_node_is_null(root)) return;
  std::vector<TSNode> path{root};
  TSTreeCursor cur = ts_tree_cursor_new(root);
  bool descend = enter(Path(path));
  for (;;) {
    if (descend && ts_tree_cursor_goto_first_child(&cur)) {
      path.push_back(ts_tree_cursor_current_node(&cur));
      descend = enter(Path(path));
      continue;
    }
    for (;;) {
      leave(Path(path));
      if (path.size() > 1 && ts_tree_cursor_goto_next_sibling(&cur)) {
        path.back() = ts_tree_cursor_current_node(&cur);
        descend = enter(Path(path));
        break;
      }
      if (path.size() <= 1 || !ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
      }
      path.pop_back();
    }
  }
}

}  // namespace envdrift::go
