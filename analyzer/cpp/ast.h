// A libclang translation unit flattened into an array: every cursor of the tree's own code
// (system headers and the prelude left out) in pre-order, with its parent, children and subtree
// end, so the frontend walks it with indices and loops instead of recursion, and a cursor found
// through clang_getCursorReferenced maps back to its node.
#pragma once

#include "analyzer/cpp/libclang.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace envdrift::cpp {

struct Node {
  CXCursor cursor;
  CXCursorKind kind;
  int parent = -1;
  int first_child = -1;
  int next_sibling = -1;
  int end = 0;  // one past the last node of the subtree (pre-order: the subtree is [index, end))
};

class Ast {
 public:
  // Flatten `tu`; `main_text` is the main file's bytes (for source slices).
  Ast(CXTranslationUnit tu, std::string_view main_text);

  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& at(int i) const { return nodes_[static_cast<size_t>(i)]; }
  CXCursorKind kind(int i) const { return i < 0 ? CXCursor_InvalidFile : at(i).kind; }
  int parent(int i) const { return i < 0 ? -1 : at(i).parent; }
  std::vector<int> children(int i) const;
  // The children that are expressions.
  std::vector<int> expr_children(int i) const;
  // The node of a cursor (a declaration or macro definition the tree holds), or -1.
  int node_of(CXCursor c) const;
  // The node a reference / call / DeclRefExpr points at (its declaration), or -1.
  int referenced(int i) const;
  // The definition of the declaration node `decl` when the tree holds it, else -1.
  int definition(int decl) const;
  // Skip implicit wrappers (UnexposedExpr with one expression child, parens, casts).
  int strip(int i) const;

  std::string spelling(int i) const;
  std::string usr(int i) const;
  // Expansion position of the node's start (1-based line and byte column).
  int line(int i) const;
  int column(int i) const;
  bool in_main_file(int i) const;
  // Byte offset of the node's start (expansion location) in its file.
  unsigned offset(int i) const;
  // Where the node is declared, as a path the caller maps to the scan-relative one.
  std::string file_of(int i) const;
  // The main-file source text of the node's extent ("" when it is not in the main file).
  std::string_view text(int i) const;
  // The spelling of the node's tokens (for operators libclang 14 does not expose).
  std::vector<std::string> tokens(int i) const;
  // The macro a literal was written through: the identifier at the node's file location when
  // that location is not the literal itself (`ENV_PORT`, `APP_ENV(MODE)`), else "".
  std::string macro_spelled_at(int i) const;
  // The macro definitions by name (the last definition wins).
  int macro(const std::string& name) const;
  CXTranslationUnit tu() const { return tu_; }

 private:
  struct Hash {
    size_t operator()(const CXCursor& c) const { return clang_hashCursor(c); }
  };
  struct Eq {
    bool operator()(const CXCursor& a, const CXCursor& b) const { return clang_equalCursors(a, b) != 0; }
  };
  CXTranslationUnit tu_;
  std::string_view main_text_;
  CXFile main_file_ = nullptr;
  bool in_main(CXSourceLocation loc) const;
  std::vector<Node> nodes_;
  std::unordered_map<CXCursor, int, Hash, Eq> decls_;
  std::unordered_map<std::string, int> macros_;
  friend struct AstBuilder;
};

// A libclang string as std::string, disposing of it ("" for a null string).
std::string take(CXString s);

bool is_expression(CXCursorKind k);
bool is_function(CXCursorKind k);

}  // namespace envdrift::cpp
