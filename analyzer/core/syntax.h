// Tree-sitter plumbing shared by the frontends: a parsed file, node text and positions, and a
// non-recursive pre-order walk (deeply nested input must not overflow the stack).
#pragma once

#include <tree_sitter/api.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift {

struct SourceFile {
  std::string path;   // as opened (absolute or relative to the cwd)
  std::string rel;    // relative to the scan root, '/' separators: what reports show
  Language language = Language::TypeScript;
  std::string text;   // the file's bytes
};

struct FileResult {
  std::vector<EnvRead> reads;
  std::vector<Diagnostic> diagnostics;
  // Names declared in this file that make reads where another file uses them: env helper
  // functions, settings base classes, env wrappers. The driver parses a file that failed the
  // byte prefilter when it mentions one of these (a call of `getEnv` defined in a sibling file).
  std::vector<std::string> read_symbols;
  // Where the env object or an env getter escapes into code the frontend cannot follow.
  std::vector<EnvEscape> escapes;
  // Lines holding an env API mention that the frontend understood and that deliberately yield
  // no read on that line: an alias binding (`const env = process.env`), a write, the env object
  // passed to a function whose reads were followed. Coverage counts them as resolved.
  std::vector<int> handled_lines;
  // Filled by the driver, not the frontends: lines of the file holding an env API mention
  // (FrontendDescriptor::candidate_tokens), the lexical denominator of coverage.
  std::vector<int> candidate_lines;
  // Set when the result depends on the moment, not the bytes (parsing timed out under load):
  // never cached, so the next run tries again.
  bool transient = false;
  // Only some top-level statements were parsed (analyzer/core/partial.h); `unparsed_idents` are
  // the identifier hashes (idents.h) of the rest and of the statements kept only as context,
  // which the driver's symbol rounds consult.
  bool partial = false;
  std::vector<uint32_t> unparsed_idents;
  // The byte ranges of those statements instead, when the caller keeps the text and searches it
  // (analyze_source's `defer_unparsed`; never cached).
  std::vector<std::pair<uint32_t, uint32_t>> unparsed_ranges;
};

// A source file together with its syntax tree, handed to a frontend's extract function.
struct ParsedFile {
  const SourceFile& src;
  TSNode root;

  std::string_view text(TSNode n) const;
  int line(TSNode n) const { return static_cast<int>(ts_node_start_point(n).row) + 1; }
  int column(TSNode n) const { return static_cast<int>(ts_node_start_point(n).column) + 1; }
  // A read located at `at`, with file/line/column/language filled in.
  EnvRead make_read(TSNode at, std::string name, ReadKind kind) const;
  // A Dynamic read for an unresolved name expression `expr` located at `at`.
  EnvRead make_dynamic(TSNode at, TSNode expr, std::string known_prefix = {},
                       std::string known_suffix = {}) const;
  // An escape located at `at` (see EnvEscape).
  EnvEscape make_escape(TSNode at, std::string message) const;
};

// Node helpers (null-safe: a null node yields null / "").
std::string_view node_type(TSNode n);
bool is_type(TSNode n, std::string_view type);
TSNode child_by_field(TSNode n, std::string_view field);
TSNode named_child(TSNode n, uint32_t i);
uint32_t named_child_count(TSNode n);
TSNode parent(TSNode n);
// Skip wrapper nodes whose only job is grouping (parenthesized_expression and the like).
TSNode unwrap_parens(TSNode n);
// A grammar's numeric id for a field name (0 when the grammar has no such field): frontends
// look fields up by id once per file instead of by name per node.
TSFieldId field_id(const TSLanguage* lang, std::string_view name);

// The nodes of one parsed tree in the order a tree cursor visits them (every visible node,
// named and anonymous), recorded by one cursor walk. A frontend walks the same tree many times
// (reads, bindings, helper bodies, struct tags), and a tree cursor pays for every hidden node
// under a visible one: once flat, a walk is a scan of an array and a node's children a hop from
// each child to the end of its subtree. analyze_source makes the file's tree current on its
// thread (FlatTreeScope); the walks and child ranges below use it for the nodes of that tree and
// a cursor for any other (a module another file imports). Same nodes, same order.
class FlatTree {
 public:
  explicit FlatTree(TSNode root);
  FlatTree(const FlatTree&) = delete;
  FlatTree& operator=(const FlatTree&) = delete;
  // `n`'s position in the order; -1 when `n` is not a node of this tree.
  int64_t find(TSNode n) const;
  TSNode node(size_t i) const { return nodes_[i]; }
  // One past the last node of `i`'s subtree: its next sibling's position, when it has one.
  size_t end(size_t i) const { return end_[i]; }
  // The position of `i`'s parent (npos for the root).
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t parent(size_t i) const { return parent_[i] == UINT32_MAX ? npos : parent_[i]; }

 private:
  std::vector<TSNode> nodes_;
  std::vector<uint32_t> end_;
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> start_;  // start byte per node: non-decreasing, what find() searches
};

// The flat tree current on this thread (nullptr: none).
const FlatTree* current_flat_tree();
// Where `n` is in the current flat tree: the tree and the position, or nullptr.
inline const FlatTree* flat_tree_of(TSNode n, size_t& at) {
  const FlatTree* ft = current_flat_tree();
  if (ft == nullptr || ts_node_is_null(n)) return nullptr;
  int64_t i = ft->find(n);
  if (i < 0) return nullptr;
  at = static_cast<size_t>(i);
  return ft;
}
class FlatTreeScope {
 public:
  explicit FlatTreeScope(const FlatTree* t);
  ~FlatTreeScope();
  FlatTreeScope(const FlatTreeScope&) = delete;
  FlatTreeScope& operator=(const FlatTreeScope&) = delete;

 private:
  const FlatTree* saved_;
};

// The children of a node, in order, through a tree cursor: `for (TSNode c : named_children(n))`.
// Child access by index (`ts_node_named_child(n, i)`) walks the siblings from the first each
// time, so an index loop is quadratic in a wide node (100,000 top-level statements, a
// 10,000-element array); the cursor steps to the next sibling in constant time.
class ChildRange {
 public:
  struct End {};
  class Iterator {
   public:
    Iterator(TSNode parent, bool named) : named_(named) {
      if (ts_node_is_null(parent) || ts_node_child_count(parent) == 0) return;
      size_t at = 0;
      if ((flat_ = flat_tree_of(parent, at)) != nullptr) {
        i_ = at + 1;
        end_ = flat_->end(at);
        done_ = i_ >= end_;
        skip_anonymous();
        return;
      }
      cur_ = ts_tree_cursor_new(parent);
      live_ = true;
      done_ = !ts_tree_cursor_goto_first_child(&cur_);
      skip_anonymous();
    }
    Iterator(const Iterator&) = delete;
    Iterator& operator=(const Iterator&) = delete;
    ~Iterator() {
      if (live_) ts_tree_cursor_delete(&cur_);
    }
    TSNode operator*() const { return flat_ != nullptr ? flat_->node(i_) : ts_tree_cursor_current_node(&cur_); }
    Iterator& operator++() {
      step();
      skip_anonymous();
      return *this;
    }
    bool operator!=(End) const { return (live_ || flat_ != nullptr) && !done_; }

   private:
    void step() {
      if (flat_ != nullptr) {
        i_ = flat_->end(i_);
        done_ = i_ >= end_;
      } else {
        done_ = !ts_tree_cursor_goto_next_sibling(&cur_);
      }
    }
    void skip_anonymous() {
      while (named_ && !done_ && !ts_node_is_named(**this)) step();
    }
    TSTreeCursor cur_{};
    const FlatTree* flat_ = nullptr;
    size_t i_ = 0, end_ = 0;
    bool named_;
    bool live_ = false;
    bool done_ = true;
  };
  ChildRange(TSNode parent, bool named) : parent_(parent), named_(named) {}
  Iterator begin() const { return Iterator(parent_, named_); }
  End end() const { return {}; }

 private:
  TSNode parent_;
  bool named_;
};
inline ChildRange named_children(TSNode n) { return ChildRange(n, true); }
inline ChildRange children(TSNode n) { return ChildRange(n, false); }

// Pre-order walk over every node below (and including) `root`, using a tree cursor: no
// recursion, so 10,000-deep nesting is fine. `visit(node)` returns false to skip the
// node's children.
template <class Visit>
void walk_preorder(TSNode root, Visit&& visit) {
  if (ts_node_is_null(root)) return;
  size_t at = 0;
  if (const FlatTree* ft = flat_tree_of(root, at)) {
    for (size_t i = at, stop = ft->end(at); i < stop;) i = visit(ft->node(i)) ? i + 1 : ft->end(i);
    return;
  }
  TSTreeCursor cur = ts_tree_cursor_new(root);
  bool descend = visit(ts_tree_cursor_current_node(&cur));
  for (;;) {
    if (descend && ts_tree_cursor_goto_first_child(&cur)) {
      descend = visit(ts_tree_cursor_current_node(&cur));
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cur)) {
        descend = visit(ts_tree_cursor_current_node(&cur));
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
      }
    }
  }
}

// A node with its ancestors, root first: what the path walk hands to its visitor.
using NodePath = std::span<const TSNode>;

// Walk every node below (and including) `root` in source order with its ancestor path
// (`prefix` + the nodes from `root` down to it), using a tree cursor: no recursion.
// `enter(path)` returns false to skip the node's children; `leave(path)` runs after the node's
// children (also for skipped and leaf nodes).
template <class Enter, class Leave>
void walk_path(std::vector<TSNode> prefix, TSNode root, Enter&& enter, Leave&& leave) {
  if (ts_node_is_null(root)) return;
  std::vector<TSNode>& path = prefix;
  path.push_back(root);
  const size_t base = path.size();
  size_t at = 0;
  if (const FlatTree* ft = flat_tree_of(root, at)) {
    std::vector<size_t> ends{ft->end(at)};  // per node of the path below the prefix: its subtree's end
    size_t i = enter(NodePath(path)) ? at + 1 : ft->end(at);
    for (;;) {
      while (!ends.empty() && i >= ends.back()) {  // the nodes whose subtrees are done
        leave(NodePath(path));
        path.pop_back();
        ends.pop_back();
      }
      if (ends.empty()) return;
      path.push_back(ft->node(i));
      ends.push_back(ft->end(i));
      i = enter(NodePath(path)) ? i + 1 : ft->end(i);
    }
  }
  TSTreeCursor cur = ts_tree_cursor_new(root);
  bool descend = enter(NodePath(path));
  for (;;) {
    if (descend && ts_tree_cursor_goto_first_child(&cur)) {
      path.push_back(ts_tree_cursor_current_node(&cur));
      descend = enter(NodePath(path));
      continue;
    }
    for (;;) {
      leave(NodePath(path));
      if (path.size() > base && ts_tree_cursor_goto_next_sibling(&cur)) {
        path.back() = ts_tree_cursor_current_node(&cur);
        descend = enter(NodePath(path));
        break;
      }
      if (path.size() <= base || !ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
      }
      path.pop_back();
    }
  }
}

// The same without a leave callback.
template <class Visit>
void walk_path(std::vector<TSNode> prefix, TSNode root, Visit&& visit) {
  walk_path(std::move(prefix), root, std::forward<Visit>(visit), [](NodePath) {});
}

// Collect the syntax-error locations of a tree (ERROR / MISSING nodes), at most `limit`.
std::vector<TSPoint> syntax_errors(TSNode root, size_t limit = 5);

// Unquote a string literal's source text (handles '…', "…", `…`, Python prefixes r/b/u and
// triple quotes, Go raw strings) and decode the common escapes. Returns false if `raw` is not a
// plain literal (e.g. it has interpolation).
bool unquote_literal(std::string_view raw, std::string& out);

}  // namespace envdrift
