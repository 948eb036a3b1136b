#include "analyzer/typescript/statements.h"

#include <array>

#include "analyzer/core/partial_heads.h"

namespace envdrift::js {
namespace {

// A byte of an identifier (the splitters' word bytes, `$`, or a private name's `#`): a table, the
// lexer asks it of nearly every byte of every file.
constexpr std::array<bool, 256> kWordChar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = partial::ascii_word_char(static_cast<char>(c)) || c == '$' || c == '#';
  return t;
}();
inline bool word_char(char c) { return kWordChar[static_cast<unsigned char>(c)]; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool word_start(char c) { return word_char(c) && !partial::digit(c) && c != '#'; }

using partial::one_of;

// A keyword after which an expression begins (a `/` starts a regular expression, `<` JSX): asked
// of every word, so by its first letter.
bool expression_keyword(std::string_view w) {
  switch (w[0]) {
    case 'r': return w == "return";
    case 't': return w == "typeof" || w == "throw";
    case 'c': return w == "case";
    case 'd': return w == "do" || w == "delete";
    case 'e': return w == "else";
    case 'i': return w == "in" || w == "instanceof";
    case 'o': return w == "of";
    case 'n': return w == "new";
    case 'v': return w == "void";
    case 'y': return w == "yield";
    case 'a': return w == "await";
    default: return false;
  }
}

// What the last token lets come next: a statement end (and division) after an operand, an
// expression (a regular expression, JSX) after an operator or one of the expression keywords.
enum class Last { Start, Operand, Operator, Keyword };

class Lexer {
 public:
  Lexer(std::string_view text, Split& out) : t_(text), n_(text.size()), b_(text, out) {}

  bool run() {
    if (n_ >= 2 && t_[0] == '#' && t_[1] == '!')  // a hashbang line
      while (i_ < n_ && t_[i_] != '\n') ++i_;
    decorating_ = decorated_ = n_ > 0 && t_[0] == '@';
    bracket_led_ = n_ > 0 && (t_[0] == '(' || t_[0] == '[');
    while (i_ < n_) {
      if (stack_.empty()) {
        if (i_ > 0 && t_[i_ - 1] == '\n') line_start();
        if (boundary_ != Boundary::None && !space(t_[i_])) after_boundary();
      }
      if (!token()) return false;
    }
    if (!stack_.empty()) return false;
    mark_head();
    b_.end(n_);
    return true;
  }

 private:
  // Marks what the statement just lexed may declare (analyzer/core/partial.h).
  void mark_head() {
    if (decorated_ || bracket_led_) return b_.declare_all();
    size_t k = 0;
    std::string_view w = b_.code_word(0);
    while (one_of(w, {"export", "default", "declare", "async", "abstract"})) w = b_.code_word(++k);
    if (w == "import") return b_.declare_all({"from", "as", "type", "typeof"});
    if (one_of(w, {"if", "try", "for", "while", "do", "switch", "with"})) return b_.declare_all();
    if (one_of(w, {"function", "class", "interface", "enum"})) return b_.declare_name_after({w});
    // `namespace N`, `module M`, `type T`: contextual words, so not `module.exports = ...`.
    size_t after = static_cast<size_t>(w.data() - t_.data()) + w.size();
    if (one_of(w, {"namespace", "module", "type"}) && after < n_ && (t_[after] == ' ' || t_[after] == '\t'))
      return b_.declare_name_after({w});
    if (one_of(w, {"const", "let", "var", "using"})) return b_.declare_before(b_.eq());  // -1: all
    if (b_.eq() >= 0) b_.declare_before(b_.eq());  // an assignment's targets
  }

  void line_start() {
    char c = t_[i_];
    if (!(word_start(c) || c == '@')) return;
    if (decorating_) {  // the declaration's own line, or another decorator
      decorating_ = c == '@';
      return;
    }
    if (last_ == Last::Operator) return;  // the statement before goes on
    if (continues(word_at_i())) return;
    begin_statement();
  }

  // The first token after a `;` or a block's `}` at the top level, on the same line (a bundle,
  // `a(); b()`): after `;` any token but a continuing word begins a statement; after `}` a word
  // does (without a line break between them, nothing but a statement can follow a block, or a
  // continuing word: `} else`, `} from "m"`, `} as T`).
  void after_boundary() {
    Boundary was = boundary_;
    boundary_ = Boundary::None;
    char c = t_[i_];
    if (decorating_) return;
    if (!(word_start(c) || c == '@') && was != Boundary::Semicolon) return;
    if (word_start(c) && continues(word_at_i())) return;
    begin_statement();
  }

  std::string_view word_at_i() const {
    size_t e = i_;
    while (e < n_ && word_char(t_[e])) ++e;
    return t_.substr(i_, e - i_);
  }
  // A word that goes on with the statement before rather than beginning one.
  static bool continues(std::string_view w) {
    return one_of(w, {"else", "catch", "finally", "as", "satisfies", "instanceof", "in", "of", "extends", "implements",
                      "from", "while"});
  }

  void begin_statement() {
    mark_head();
    b_.begin_statement(i_);
    decorating_ = decorated_ = t_[i_] == '@';
    bracket_led_ = t_[i_] == '(' || t_[i_] == '[';
    boundary_ = Boundary::None;
    last_ = Last::Start;
  }

  // One token (or a run of whitespace) from i_; false when the text cannot be lexed with certainty.
  bool token() {
    char c = t_[i_];
    if (space(c)) {
      ++i_;
      return true;
    }
    bool bad = false;
    if (partial::skip_c_comment(t_, i_, bad)) return !bad;
    if (c == '\'' || c == '"') return quoted(c);
    if (c == '`') {
      ++i_;
      return template_body();
    }
    if (c == '/') {
      if (last_ == Last::Operand) return punct(1);  // division
      return regex();
    }
    if (c == '<' && last_ != Last::Operand && i_ + 1 < n_ && (word_start(t_[i_ + 1]) || t_[i_ + 1] == '>'))
      return false;  // JSX or a `<T>` cast: not lexed here
    if (c == '(' || c == '[' || c == '{') {
      stack_.push_back(c);
      ++i_;
      last_ = Last::Operator;
      return true;
    }
    if (c == ')' || c == ']') {
      if (stack_.empty() || stack_.back() != (c == ')' ? '(' : '[')) return false;
      stack_.pop_back();
      ++i_;
      last_ = Last::Operand;
      return true;
    }
    if (c == '}') {
      if (stack_.empty()) return false;
      char open = stack_.back();
      stack_.pop_back();
      ++i_;
      if (open == 'T') return template_body();  // the end of a `${ }` substitution
      if (open != '{') return false;
      last_ = Last::Operand;
      if (stack_.empty()) boundary_ = Boundary::Brace;
      return true;
    }
    if (c == '=' && stack_.empty()) return equals();
    if (c == ':' && stack_.empty()) b_.colon();
    if (c == ',' && stack_.empty()) b_.comma();
    if (c == ';') {
      ++i_;
      last_ = Last::Start;
      if (stack_.empty()) boundary_ = Boundary::Semicolon;
      return true;
    }
    if (word_char(c)) {
      size_t b = i_;
      while (i_ < n_ && word_char(t_[i_])) ++i_;
      std::string_view w = t_.substr(b, i_ - b);
      if (!(w[0] >= '0' && w[0] <= '9')) b_.token(b, i_ - b, true);
      bool member = after_dot_;
      after_dot_ = false;
      if (!member && expression_keyword(w))
        last_ = Last::Keyword;
      else
        last_ = Last::Operand;
      return true;
    }
    if (c == '.') {
      if (i_ + 1 < n_ && t_[i_ + 1] >= '0' && t_[i_ + 1] <= '9') {  // `.5`
        ++i_;
        while (i_ < n_ && word_char(t_[i_])) ++i_;
        last_ = Last::Operand;
        return true;
      }
      bool spread = i_ + 2 < n_ && t_[i_ + 1] == '.' && t_[i_ + 2] == '.';
      i_ += spread ? 3 : 1;
      after_dot_ = !spread;
      last_ = Last::Operator;
      return true;
    }
    return punct(1);
  }

  // `=` at the statement's own level: an assignment (`=`, `+=`, `??=`, `>>=`) marks the head;
  // `==`, `===`, `!=`, `<=`, `>=` and `=>` do not.
  bool equals() {
    size_t run = 0;
    while (i_ + run < n_ && t_[i_ + run] == '=') ++run;
    char p = i_ > 0 ? t_[i_ - 1] : ' ';
    char pp = i_ > 1 ? t_[i_ - 2] : ' ';
    bool arrow = run == 1 && i_ + 1 < n_ && t_[i_ + 1] == '>';
    bool comparison = run >= 2 || p == '!' || ((p == '<' || p == '>') && pp != p);
    if (!arrow && !comparison) b_.assignment();
    return punct(arrow ? 2 : run);
  }

  bool punct(size_t len) {
    i_ += len;
    after_dot_ = false;
    last_ = Last::Operator;
    return true;
  }

  bool quoted(char q) {
    size_t j = i_ + 1;
    while (j < n_) {
      char d = t_[j];
      if (d == '\\') {
        j += 2;
        continue;
      }
      if (d == '\n') return false;
      if (d == q) {
        i_ = j + 1;
        last_ = Last::Operand;
        after_dot_ = false;
        return true;
      }
      ++j;
    }
    return false;
  }

  // Inside a template literal (after its backtick or a substitution's `}`): up to the closing
  // backtick, or into the next `${`.
  bool template_body() {
    while (i_ < n_) {
      char d = t_[i_];
      if (d == '\\') {
        i_ += 2;
        continue;
      }
      if (d == '`') {
        ++i_;
        last_ = Last::Operand;
        after_dot_ = false;
        return true;
      }
      if (d == '$' && i_ + 1 < n_ && t_[i_ + 1] == '{') {
        i_ += 2;
        stack_.push_back('T');
        last_ = Last::Operator;
        return true;
      }
      ++i_;
    }
    return false;
  }

  bool regex() {
    size_t j = i_ + 1;
    bool cls = false;
    while (j < n_) {
      char d = t_[j];
      if (d == '\n') return false;
      if (d == '\\') {
        j += 2;
        continue;
      }
      if (cls) {
        if (d == ']') cls = false;
      } else if (d == '[') {
        cls = true;
      } else if (d == '/') {
        break;
      }
      ++j;
    }
    if (j >= n_) return false;
    ++j;
    while (j < n_ && word_char(t_[j])) ++j;  // flags
    i_ = j;
    last_ = Last::Operand;
    after_dot_ = false;
    return true;
  }

  std::string_view t_;
  size_t n_;
  size_t i_ = 0;
  std::vector<char> stack_;  // open brackets; 'T' = a template substitution `${`
  Last last_ = Last::Start;
  bool after_dot_ = false;
  bool decorating_ = false;  // the statement is decorators so far
  bool decorated_ = false;   // the statement began with a decorator
  bool bracket_led_ = false;  // the statement began with `(` or `[` (after a `;`)
  enum class Boundary { None, Semicolon, Brace };
  Boundary boundary_ = Boundary::None;  // the last token was a top-level `;` or block `}`
  partial::StatementBuilder b_;
};

}  // namespace

const std::vector<std::string_view>& keywords() {
  static const std::vector<std::string_view> k{
      "break",  "case",   "catch",  "class", "const",      "continue", "debugger", "default", "delete",
      "do",     "else",   "export", "extends", "false",    "finally",  "for",      "function", "if",
      "import", "in",     "instanceof", "new", "null",     "return",   "super",    "switch",  "this",
      "throw",  "true",   "try",    "typeof", "var",       "void",     "while",    "with",
      // reserved in strict code (modules, classes)
      "let", "static", "yield", "await", "implements", "interface", "package", "private", "protected", "public"};
  return k;
}

bool top_level_statements(std::string_view text, Split& out) { return Lexer(text, out).run(); }

}  // namespace envdrift::js
