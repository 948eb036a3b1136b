#include "analyzer/cpp/ast.h"

#include <cctype>

namespace envdrift::cpp {

std::string take(CXString s) {
  const char* c = clang_getCString(s);
  std::string out = c != nullptr ? c : "";
  clang_disposeString(s);
  return out;
}

bool is_expression(CXCursorKind k) { return clang_isExpression(k) != 0; }

bool is_function(CXCursorKind k) {
  return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_FunctionTemplate ||
         k == CXCursor_Constructor || k == CXCursor_LambdaExpr;
}

// The visitor's state: the open path from the root to the last node added. libclang calls back
// in pre-order with each cursor's parent, so the path is popped until its top is that parent.
struct AstBuilder {
  Ast* ast;
  std::vector<int> path;
  std::vector<int> last_child;

  static CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data) {
    auto* self = static_cast<AstBuilder*>(data);
    Ast& a = *self->ast;
    CXSourceLocation loc = clang_getCursorLocation(c);
    // System headers (the prelude) are not the tree's code; a cursor without a file (builtin
    // macros) neither.
    if (clang_Location_isInSystemHeader(loc) != 0) return CXChildVisit_Continue;
    CXCursorKind kind = clang_getCursorKind(c);
    if (kind == CXCursor_MacroDefinition || kind == CXCursor_MacroExpansion || kind == CXCursor_InclusionDirective) {
      CXFile f = nullptr;
      clang_getExpansionLocation(loc, &f, nullptr, nullptr, nullptr);
      if (f == nullptr) return CXChildVisit_Continue;
    }
    while (!self->path.empty() && clang_equalCursors(a.nodes_[static_cast<size_t>(self->path.back())].cursor, parent) == 0) {
      a.nodes_[static_cast<size_t>(self->path.back())].end = static_cast<int>(a.nodes_.size());
      self->path.pop_back();
    }
    int idx = static_cast<int>(a.nodes_.size());
    Node n{c, kind, self->path.empty() ? -1 : self->path.back(), -1, -1, idx + 1};
    a.nodes_.push_back(n);
    self->last_child.push_back(-1);
    if (n.parent >= 0) {
      int& last = self->last_child[static_cast<size_t>(n.parent)];
      if (last < 0) a.nodes_[static_cast<size_t>(n.parent)].first_child = idx;
      else a.nodes_[static_cast<size_t>(last)].next_sibling = idx;
      last = idx;
    }
    if (clang_isDeclaration(kind) != 0) a.decls_.emplace(c, idx);
    if (kind == CXCursor_MacroDefinition) {
      a.macros_[take(clang_getCursorSpelling(c))] = idx;
      a.decls_.emplace(c, idx);
    }
    self->path.push_back(idx);
    return CXChildVisit_Recurse;
  }
};

Ast::Ast(CXTranslationUnit tu, std::string_view main_text) : tu_(tu), main_text_(main_text) {
  main_file_ = clang_getFile(tu, take(clang_getTranslationUnitSpelling(tu)).c_str());
  AstBuilder b{this, {}, {}};
  clang_visitChildren(clang_getTranslationUnitCursor(tu), &AstBuilder::visit, &b);
  while (!b.path.empty()) {
    nodes_[static_cast<size_t>(b.path.back())].end = static_cast<int>(nodes_.size());
    b.path.pop_back();
  }
}

std::vector<int> Ast::children(int i) const {
  std::vector<int> out;
  if (i < 0) return out;
  for (int c = at(i).first_child; c >= 0; c = at(c).next_sibling) out.push_back(c);
  return out;
}

std::vector<int> Ast::expr_children(int i) const {
  std::vector<int> out;
  if (i < 0) return out;
  for (int c = at(i).first_child; c >= 0; c = at(c).next_sibling)
    if (is_expression(at(c).kind)) out.push_back(c);
  return out;
}

int Ast::node_of(CXCursor c) const {
  if (clang_Cursor_isNull(c) != 0) return -1;
  auto it = decls_.find(c);
  return it == decls_.end() ? -1 : it->second;
}

int Ast::referenced(int i) const {
  if (i < 0) return -1;
  CXCursor r = clang_getCursorReferenced(at(i).cursor);
  if (clang_Cursor_isNull(r) != 0 || clang_isInvalid(clang_getCursorKind(r)) != 0) return -1;
  return node_of(r);
}

int Ast::definition(int decl) const {
  if (decl < 0) return -1;
  CXCursor d = clang_getCursorDefinition(at(decl).cursor);
  if (clang_Cursor_isNull(d) != 0) return -1;
  return node_of(d);
}

int Ast::strip(int i) const {
  // A loop, bounded: each step goes one level down.
  for (int guard = 0; i >= 0 && guard < 4096; ++guard) {
    CXCursorKind k = kind(i);
    bool wrapper = k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr || k == CXCursor_CStyleCastExpr ||
                   k == CXCursor_CXXStaticCastExpr || k == CXCursor_CXXConstCastExpr ||
                   k == CXCursor_CXXReinterpretCastExpr || k == CXCursor_CXXFunctionalCastExpr;
    if (!wrapper) return i;
    auto kids = expr_children(i);
    if (kids.size() != 1) return i;
    i = kids[0];
  }
  return i;
}

std::string Ast::spelling(int i) const { return i < 0 ? "" : take(clang_getCursorSpelling(at(i).cursor)); }
std::string Ast::usr(int i) const { return i < 0 ? "" : take(clang_getCursorUSR(at(i).cursor)); }

int Ast::line(int i) const {
  unsigned l = 0;
  clang_getExpansionLocation(clang_getCursorLocation(at(i).cursor), nullptr, &l, nullptr, nullptr);
  return static_cast<int>(l);
}

int Ast::column(int i) const {
  unsigned c = 0;
  clang_getExpansionLocation(clang_getCursorLocation(at(i).cursor), nullptr, nullptr, &c, nullptr);
  return static_cast<int>(c);
}

// libclang's clang_Location_isFromMainFile looks at the spelling location: a call written in a
// macro of the main file would not count. The expansion location decides here.
bool Ast::in_main(CXSourceLocation loc) const {
  CXFile f = nullptr;
  clang_getExpansionLocation(loc, &f, nullptr, nullptr, nullptr);
  return f != nullptr && main_file_ != nullptr && clang_File_isEqual(f, main_file_) != 0;
}

bool Ast::in_main_file(int i) const { return in_main(clang_getCursorLocation(at(i).cursor)); }

unsigned Ast::offset(int i) const {
  unsigned o = 0;
  clang_getExpansionLocation(clang_getCursorLocation(at(i).cursor), nullptr, nullptr, nullptr, &o);
  return o;
}

std::string Ast::file_of(int i) const {
  CXFile f = nullptr;
  clang_getExpansionLocation(clang_getCursorLocation(at(i).cursor), &f, nullptr, nullptr, nullptr);
  return f == nullptr ? "" : take(clang_getFileName(f));
}

std::string_view Ast::text(int i) const {
  if (i < 0) return {};
  CXSourceRange r = clang_getCursorExtent(at(i).cursor);
  CXSourceLocation b = clang_getRangeStart(r), e = clang_getRangeEnd(r);
  if (!in_main(b) || !in_main(e)) return {};
  unsigned bo = 0, eo = 0;
  clang_getExpansionLocation(b, nullptr, nullptr, nullptr, &bo);
  clang_getExpansionLocation(e, nullptr, nullptr, nullptr, &eo);
  if (bo > eo || eo > main_text_.size()) return {};
  return main_text_.substr(bo, eo - bo);
}

std::vector<std::string> Ast::tokens(int i) const {
  std::vector<std::string> out;
  if (i < 0) return out;
  CXToken* toks = nullptr;
  unsigned n = 0;
  clang_tokenize(tu_, clang_getCursorExtent(at(i).cursor), &toks, &n);
  out.reserve(n);
  for (unsigned k = 0; k < n; ++k) out.push_back(take(clang_getTokenSpelling(tu_, toks[k])));
  if (toks != nullptr) clang_disposeTokens(tu_, toks, n);
  return out;
}

std::string Ast::macro_spelled_at(int i) const {
  // clang_getFileLocation: where a macro was expanded, or where a macro argument was written.
  CXFile f = nullptr;
  unsigned off = 0;
  clang_getFileLocation(clang_getCursorLocation(at(i).cursor), &f, nullptr, nullptr, &off);
  if (f == nullptr) return {};
  size_t size = 0;
  const char* buf = clang_getFileContents(tu_, f, &size);
  if (buf == nullptr || off >= size) return {};
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  if (!ident(buf[off]) || std::isdigit(static_cast<unsigned char>(buf[off])) != 0) return {};
  size_t e = off;
  while (e < size && ident(buf[e])) ++e;
  std::string name(buf + off, e - off);
  // An encoding prefix (L"…", u8"…", R"(…)") is the literal itself.
  if (e < size && (buf[e] == '"' || buf[e] == '\'') && name.size() <= 3) return {};
  return name;
}

int Ast::macro(const std::string& name) const {
  auto it = macros_.find(name);
  return it == macros_.end() ? -1 : it->second;
}

}  // namespace envdrift::cpp
