// Shared by the statement splitters (analyzer/core/partial.h): the bookkeeping of one statement
// while a language's lexer walks it, and the head rules that mark what it may declare.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "analyzer/core/partial.h"

namespace envdrift::partial {

// Lexing helpers the splitters share.
constexpr bool ascii_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
constexpr bool digit(char c) { return c >= '0' && c <= '9'; }
inline bool one_of(std::string_view w, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}
// The run of ascii_word_char bytes starting at `at` ("" when none).
inline std::string_view word_at(std::string_view text, size_t at) {
  size_t e = at;
  while (e < text.size() && ascii_word_char(text[e])) ++e;
  return text.substr(at, e - at);
}
// A `//` or `/* */` comment at `at`: advances `at` past it (a line comment up to its newline).
// Returns false when there is none at `at`; sets `bad` on an unterminated block comment.
inline bool skip_c_comment(std::string_view text, size_t& at, bool& bad) {
  if (text[at] != '/' || at + 1 >= text.size()) return false;
  if (text[at + 1] == '/') {
    size_t e = text.find('\n', at);
    at = e == std::string_view::npos ? text.size() : e;
    return true;
  }
  if (text[at + 1] != '*') return false;
  size_t e = text.find("*/", at + 2);
  if (e == std::string_view::npos) {
    bad = true;
    return true;
  }
  at = e + 2;
  return true;
}

class StatementBuilder {
 public:
  StatementBuilder(std::string_view text, Split& out) : t_(text), out_(out) {
    out_.statements.clear();
    out_.tokens.clear();
    out_.statements.push_back({0, 0, 0});
    // About one token in eight bytes of code: room for most files without growing.
    out_.tokens.reserve(text.size() / 8 + 16);
    code_.reserve(text.size() / 8 + 16);
  }

  // A token of the statement being lexed; `code` false for a word inside a string.
  [[gnu::always_inline]] void token(size_t begin, size_t size, bool code) {
    out_.tokens.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(size), code && declare_line_});
    code_.push_back(code ? (annotation_ ? 2 : 1) : 0);
  }
  // An assignment operator at the statement's own level: what comes before it is its head.
  void assignment() {
    eq_ = tokens_in_statement();
    annotation_ = false;
  }
  // A `:` at the statement's own level: a type annotation follows, up to the next `=` or `,`
  // at that level; its words declare nothing.
  void colon() { annotation_ = true; }
  void comma() { annotation_ = false; }
  // The statement declares names it does not spell (a star import).
  void wildcard() { out_.statements.back().wildcard = true; }
  // Every code token until the end of the line declares (Python's `global x, y`).
  void declare_rest_of_line(bool on) { declare_line_ = on; }

  // A new statement begins at `at`: the one before gets its head marked.
  void begin_statement(size_t at) {
    out_.statements.back().end = static_cast<uint32_t>(at);
    out_.statements.push_back({static_cast<uint32_t>(at), 0, static_cast<uint32_t>(out_.tokens.size())});
    eq_ = -1;
    annotation_ = false;
  }
  void end(size_t size) { out_.statements.back().end = static_cast<uint32_t>(size); }

  // The current statement's n-th code word ("" when it has fewer).
  std::string_view code_word(size_t n) const {
    for (size_t k = out_.statements.back().first_token; k < out_.tokens.size(); ++k)
      if (code_[k] && n-- == 0) return text_of(k);
    return {};
  }
  int tokens_in_statement() const {
    return static_cast<int>(out_.tokens.size() - out_.statements.back().first_token);
  }
  int eq() const { return eq_; }

  // Head rules, applied to the current statement by the lexer before the next begins.
  // Every code word, but `except` (the syntax words of an import: `from`, `as`).
  void declare_all(std::initializer_list<std::string_view> except = {}) {
    for (size_t k = out_.statements.back().first_token; k < out_.tokens.size(); ++k)
      if (code_[k] && std::find(except.begin(), except.end(), text_of(k)) == except.end())
        out_.tokens[k].declares = true;
  }
  // The code words before token `end` of the statement (-1: all), annotations left out.
  void declare_before(int end) {
    size_t b = out_.statements.back().first_token;
    for (size_t k = b; k < out_.tokens.size() && (end < 0 || static_cast<int>(k - b) < end); ++k)
      if (code_[k] == 1) out_.tokens[k].declares = true;
  }
  // Token `k` of the statement.
  void declare_at(int k) { out_.tokens[out_.statements.back().first_token + static_cast<size_t>(k)].declares = true; }
  // The first code word after the first code word equal to one of `keywords` (a definition's name).
  void declare_name_after(std::initializer_list<std::string_view> keywords) {
    size_t b = out_.statements.back().first_token;
    for (size_t k = b; k < out_.tokens.size(); ++k) {
      if (!code_[k]) continue;
      std::string_view w = text_of(k);
      for (auto kw : keywords)
        if (w == kw) {
          for (size_t j = k + 1; j < out_.tokens.size(); ++j)
            if (code_[j]) {
              out_.tokens[j].declares = true;
              return;
            }
          return;
        }
    }
  }

 private:
  std::string_view text_of(size_t k) const { return t_.substr(out_.tokens[k].begin, out_.tokens[k].size); }

  std::string_view t_;
  Split& out_;
  std::vector<char> code_;  // per token: 0 a word in a string, 1 code, 2 code in a type annotation
  int eq_ = -1;
  bool annotation_ = false;
  bool declare_line_ = false;
};

}  // namespace envdrift::partial
