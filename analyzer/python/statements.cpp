#include "analyzer/python/statements.h"

#include "analyzer/core/partial_heads.h"

namespace envdrift::py {
namespace {

using partial::digit;
using partial::one_of;
using partial::word_at;
bool word_char(char c) { return partial::ascii_word_char(c); }

// Marks what the statement just lexed may declare (analyzer/core/partial.h).
void mark_head(partial::StatementBuilder& b, bool decorated, bool star) {
  std::string_view w = b.code_word(0);
  if (w == "import" || w == "from") {
    b.declare_all();
    if (star) b.wildcard();  // `from m import *`
  } else if (decorated || w == "def" || w == "class" || (w == "async" && b.code_word(1) == "def")) {
    b.declare_name_after({"def", "class"});
  } else if (one_of(w, {"if", "try", "with", "for", "while", "match", "async"})) {
    b.declare_all();  // a compound statement: its blocks bind module names too
  } else if (b.eq() > 0) {
    b.declare_before(b.eq());  // an assignment's targets
  }
}

}  // namespace

const std::vector<std::string_view>& keywords() {
  static const std::vector<std::string_view> k{
      "False", "None",   "True",    "and",      "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",      "elif", "else",   "except", "finally",  "for",
      "from",  "global", "if",      "import",   "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",   "raise",   "return",   "try",  "while",  "with",   "yield"};
  return k;
}

bool top_level_statements(std::string_view text, Split& out) {
  partial::StatementBuilder b(text, out);
  const size_t n = text.size();
  int depth = 0;
  bool continued = false;  // the previous line ended in a backslash outside strings
  bool decorating = n > 0 && text[0] == '@';  // the current statement is decorators so far
  bool decorated = decorating;
  bool star = false;  // a `*` at the statement's own level (what makes `from m import *` a wildcard)
  size_t i = 0;
  while (i < n) {
    // At a line start.
    if (depth == 0 && !continued && i > 0) {
      char c = text[i];
      bool code = !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '#');
      if (code) {
        std::string_view w = word_at(text, i);
        bool continues = w == "else" || w == "elif" || w == "except" || w == "finally";
        if (decorating) {
          decorating = c == '@';
        } else if (!continues) {
          mark_head(b, decorated, star);
          star = false;
          b.begin_statement(i);
          decorating = decorated = c == '@';
        }
      }
    }
    continued = false;
    b.declare_rest_of_line(false);
    // The rest of the line (and of any string that spans lines).
    while (i < n && text[i] != '\n') {
      char c = text[i];
      if (c == ' ' || c == '\t') {  // most bytes that are no word: one test, not all of them below
        ++i;
        continue;
      }
      if (c == '#') {
        while (i < n && text[i] != '\n') ++i;
        break;
      }
      if (c == '\\') {
        if (i + 1 < n && text[i + 1] == '\n') {
          continued = true;
          i += 1;  // stop at the newline
          break;
        }
        if (i + 2 < n && text[i + 1] == '\r' && text[i + 2] == '\n') {
          continued = true;
          i += 2;
          break;
        }
        ++i;
        continue;
      }
      if (c == '\'' || c == '"') {
        bool triple = i + 2 < n && text[i + 1] == c && text[i + 2] == c;
        size_t j = i + (triple ? 3 : 1);
        bool closed = false;
        while (j < n) {
          char d = text[j];
          if (d == '\\') {
            j += 2;
            continue;
          }
          if (!triple && d == '\n') return false;  // unterminated one-line string
          if (d == c && (!triple || (j + 2 < n && text[j + 1] == c && text[j + 2] == c))) {
            closed = true;
            break;
          }
          if (word_char(d) && !digit(d) && !word_char(text[j - 1])) {  // a word: maybe a forward reference
            size_t e = j;
            while (e < n && word_char(text[e])) ++e;
            b.token(j, e - j, false);
            j = e;
            continue;
          }
          ++j;
        }
        if (!closed) return false;
        i = j + (triple ? 3 : 1);
        continue;
      }
      if (word_char(c)) {
        size_t e = i;
        while (e < n && word_char(text[e])) ++e;
        if (!digit(c)) {
          b.token(i, e - i, true);
          std::string_view w = text.substr(i, e - i);
          if (w == "global" || w == "nonlocal") b.declare_rest_of_line(true);
        }
        i = e;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') ++depth;
      if (c == ')' || c == ']' || c == '}') {
        if (--depth < 0) return false;
      }
      if (depth == 0 && c == ':' && !(i + 1 < n && text[i + 1] == '=')) b.colon();
      if (depth == 0 && c == ',') b.comma();
      if (depth == 0 && c == '*') star = true;
      if (depth == 0 && c == '=') {
        if (i + 1 < n && text[i + 1] == '=') {  // `==`
          i += 2;
          continue;
        }
        char p = i > 0 ? text[i - 1] : ' ';
        char pp = i > 1 ? text[i - 2] : ' ';
        bool comparison = p == '!' || p == '=' || ((p == '<' || p == '>') && pp != p) || p == ':';
        if (!comparison) b.assignment();
      }
      ++i;
    }
    if (i < n) ++i;  // the newline
  }
  if (depth != 0 || continued) return false;
  mark_head(b, decorated, star);
  b.end(n);
  return true;
}

}  // namespace envdrift::py
