#include "analyzer/go/statements.h"

#include "analyzer/core/partial_heads.h"

namespace envdrift::go {
namespace {

using partial::digit;
using partial::one_of;
using partial::word_at;
bool word_char(char c) { return partial::ascii_word_char(c); }

class Lexer {
 public:
  Lexer(std::string_view text, Split& out) : t_(text), n_(text.size()), b_(text, out) {}

  bool run() {
    while (i_ < n_) {
      if (i_ > 0 && t_[i_ - 1] == '\n' && depth_ == 0 &&
          one_of(word_at(t_, i_), {"package", "import", "func", "var", "const", "type"})) {
        mark_head();
        b_.begin_statement(i_);
        func_name_ = -1;
        grouped_ = false;
        kind_ = word_at(t_, i_);
      } else if (i_ == 0) {
        kind_ = word_at(t_, 0);
      }
      if (!token()) return false;
    }
    if (depth_ != 0) return false;
    mark_head();
    b_.end(n_);
    return true;
  }

 private:
  void mark_head() {
    if (kind_ == "import" || grouped_) return b_.declare_all();
    if (kind_ == "func" || kind_ == "type") {
      if (func_name_ >= 0) b_.declare_at(func_name_);
      return;
    }
    if (kind_ == "var" || kind_ == "const") b_.declare_before(b_.eq());  // -1: all
  }

  bool token() {
    char c = t_[i_];
    bool bad = false;
    if (partial::skip_c_comment(t_, i_, bad)) return !bad;
    if (c == '"' || c == '\'' || c == '`') return quoted(c);
    if (word_char(c)) {
      size_t b = i_;
      while (i_ < n_ && word_char(t_[i_])) ++i_;
      if (!digit(c)) {
        int index = b_.tokens_in_statement();
        b_.token(b, i_ - b, true);
        // A func's or type's name: the first word at depth 0 after the keyword (past a receiver).
        if (depth_ == 0 && (kind_ == "func" || kind_ == "type") && index > 0 && func_name_ < 0) func_name_ = index;
      }
      return true;
    }
    if (c == '(' || c == '[' || c == '{') {
      if (depth_ == 0 && c == '(' && (kind_ == "var" || kind_ == "const" || kind_ == "type" || kind_ == "import") &&
          b_.tokens_in_statement() == 1)
        grouped_ = true;  // `var (` ... `)`
      ++depth_;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth_ < 0) return false;
    } else if (c == '=' && depth_ == 0) {
      bool comparison = (i_ + 1 < n_ && t_[i_ + 1] == '=') || (i_ > 0 && (t_[i_ - 1] == '=' || t_[i_ - 1] == '!' ||
                                                                          t_[i_ - 1] == '<' || t_[i_ - 1] == '>' ||
                                                                          t_[i_ - 1] == ':'));
      if (!comparison) b_.assignment();
    }
    ++i_;
    return true;
  }

  bool quoted(char q) {
    size_t j = i_ + 1;
    while (j < n_) {
      char d = t_[j];
      if (q != '`' && d == '\\') {
        j += 2;
        continue;
      }
      if (q != '`' && d == '\n') return false;
      if (d == q) break;
      if (kind_ == "import" && word_char(d) && !word_char(t_[j - 1])) {  // a path's words: its package name
        size_t e = j;
        while (e < n_ && word_char(t_[e])) ++e;
        b_.token(j, e - j, true);
        j = e;
        continue;
      }
      ++j;
    }
    if (j >= n_) return false;
    i_ = j + 1;
    return true;
  }

  std::string_view t_;
  size_t n_;
  size_t i_ = 0;
  int depth_ = 0;
  std::string_view kind_;  // the declaration's keyword
  bool grouped_ = false;
  int func_name_ = -1;
  partial::StatementBuilder b_;
};

}  // namespace

const std::vector<std::string_view>& keywords() {
  static const std::vector<std::string_view> k{
      "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go",
      "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type",
      "var",
      // predeclared: the basic types, constants and builtins
      "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
      "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "true",
      "false", "iota", "nil", "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
      "max", "min", "new", "panic", "print", "println", "real", "recover"};
  return k;
}

bool top_level_statements(std::string_view text, Split& out) { return Lexer(text, out).run(); }

}  // namespace envdrift::go
