#include "analyzer/core/normalize.h"

#include <array>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace envdrift {

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  // Non-breaking spaces (U+00A0) show up in pasted docs.
  while (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) s.remove_prefix(2);
  while (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 && static_cast<unsigned char>(s.back()) == 0xA0) s.remove_suffix(2);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::optional<std::string> canonical_number(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string t;
  bool neg = false;
  size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    neg = text[0] == '-';
    i = 1;
  }
  // Digits with `_` separators (JS/Python/Go), one optional '.', an optional exponent.
  bool digits = false, prev_us = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      if (!digits || prev_us) return std::nullopt;
      prev_us = true;
      continue;
    }
    prev_us = false;
    if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == 'x' || c == 'X' ||
        ((c == '+' || c == '-') && !t.empty() && (t.back() == 'e' || t.back() == 'E')) ||
        ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      if (c >= '0' && c <= '9') digits = true;
      t += c;
    } else {
      return std::nullopt;
    }
  }
  if (!digits || prev_us) return std::nullopt;
  // Leading-zero integers like "0755" or version strings like "1.2.3" are not numbers we fold.
  const char* begin = t.c_str();
  char* end = nullptr;
  double v;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    v = static_cast<double>(std::strtoull(begin + 2, &end, 16));
  } else {
    if (t.find_first_of("abcdfABCDF") != std::string::npos) return std::nullopt;
    if (t.size() > 1 && t[0] == '0' && t[1] != '.' && t[1] != 'e' && t[1] != 'E') return std::nullopt;
    v = std::strtod(begin, &end);
  }
  if (end != begin + t.size() || !std::isfinite(v)) return std::nullopt;
  if (neg) v = -v;
  if (v == 0) return std::string("0");
  if (std::floor(v) == v && std::fabs(v) < 1e18) {
    return std::to_string(static_cast<long long>(v));
  }
  std::array<char, 64> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

std::string normalize_code_value(std::string_view value) {
  std::string_view v = trim(value);
  if (auto n = canonical_number(v)) return *n;
  if (iequals(v, "true") || iequals(v, "false")) return to_lower(v);
  return std::string(value);
}

namespace {

// Strip one layer of surrounding code span / quotes / bold.
bool strip_wrapping(std::string_view& s, bool& was_literal) {
  s = trim(s);
  if (s.size() >= 2) {
    char a = s.front(), b = s.back();
    if ((a == '`' && b == '`') || (a == '"' && b == '"') || (a == '\'' && b == '\'')) {
      // Only when the wrapper encloses the whole cell (no inner delimiter of the same kind).
      std::string_view inner = s.substr(1, s.size() - 2);
      if (inner.find(a) == std::string_view::npos) {
        s = inner;
        was_literal = true;
        return true;
      }
    }
    if (s.size() >= 4 && s.substr(0, 2) == "**" && s.substr(s.size() - 2) == "**") {
      s = s.substr(2, s.size() - 4);
      return true;
    }
    // A Markdown autolink `<http://localhost:9998>` is the URL itself.
    if (a == '<' && b == '>') {
      std::string_view inner = s.substr(1, s.size() - 2);
      bool url = inner.find("://") != std::string_view::npos || starts_with(inner, "mailto:");
      if (url && inner.find_first_of("<> ") == std::string_view::npos) {
        s = inner;
        was_literal = true;
        return true;
      }
    }
  }
  return false;
}

// Markers for "no default".
bool is_none_marker(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kNone{
      "—", "–", "-", "--", "none", "(none)", "not set", "unset", "n/a", "null", "_none_", "nil"};
  for (auto m : kNone)
    if (iequals(s, m)) return true;
  return false;
}

// Index of the '(' matching the final ')' of `s`, npos when unbalanced.
size_t matching_open_paren(std::string_view s) {
  size_t depth = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] == ')') {
      ++depth;
    } else if (s[i] == '(' && depth > 0 && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Is position `pos` outside every code span and quoted string that starts before it?
bool outside_code_and_quotes(std::string_view s, size_t pos) {
  size_t ticks = 0, dquotes = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (s[i] == '`') ++ticks;
    else if (s[i] == '"') ++dquotes;
  }
  return ticks % 2 == 0 && dquotes % 2 == 0;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  std::string h = to_lower(hay), n = to_lower(needle);
  return h.find(n) != std::string::npos;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Markers for "the empty string".
bool is_empty_marker(std::string_view s) {
  static constexpr std::array<std::string_view, 8> kEmpty{
      "_empty_", "*empty*", "empty", "empty string", "<empty>", "\"\"", "''", "empty-string"};
  for (auto m : kEmpty)
    if (iequals(s, m)) return true;
  return false;
}

// Drop the backslash of Markdown escapes (`\*`, `\_`) outside code spans.
std::string unescape_markdown(std::string_view s) {
  std::string out;
  bool in_code = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '`') in_code = !in_code;
    if (!in_code && s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      out += s[++i];
      continue;
    }
    out += s[i];
  }
  return out;
}

// `25,000` -> "25000", `-1,048,576.5` -> "-1048576.5": digits grouped by three with commas
// (`\d{1,3}(,\d{3})+`), so that `a,b,c` and `1,2,3` lists stay lists.
std::optional<std::string> fold_grouped_number(std::string_view s) {
  size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  size_t lead = 0;
  while (i + lead < s.size() && is_digit(s[i + lead])) ++lead;
  if (lead == 0 || lead > 3 || (lead > 1 && s[i] == '0')) return std::nullopt;
  std::string digits(s.substr(0, i + lead));
  size_t groups = 0;
  for (i += lead; i < s.size() && s[i] == ','; i += 4, ++groups) {
    if (i + 4 > s.size() || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3])) return std::nullopt;
    digits.append(s.substr(i + 1, 3));
  }
  if (groups == 0) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    digits += '.';
    for (++i; i < s.size() && is_digit(s[i]); ++i) digits += s[i];
  }
  if (i != s.size()) return std::nullopt;
  return canonical_number(digits);
}

// Constant integer arithmetic as docs write sizes and durations: `5 * 1024`, `60 * 60 * 24`,
// `1024 * 1024 + 1`. One left-to-right pass (`*` binds tighter than `+`/`-`, no parentheses);
// `+` and `-` need spaces around them (`2024-01-02` is a date). nullopt on overflow or on
// anything else.
std::optional<std::string> fold_integer_arithmetic(std::string_view s) {
  long long sum = 0, term = 1;
  char sign = '+';  // the operator before the current term
  int operators = 0;
  size_t i = 0;
  auto skip_spaces = [&] {
    size_t from = i;
    while (i < s.size() && is_space(s[i])) ++i;
    return i > from;
  };
  auto end_term = [&] {
    if (sign == '-') term = -term;  // |term| <= LLONG_MAX: negation cannot overflow
    return !__builtin_add_overflow(sum, term, &sum);
  };
  skip_spaces();
  while (true) {
    size_t start = i;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
    auto n = canonical_number(s.substr(start, i - start));
    long long v = 0;
    if (!n) return std::nullopt;
    auto [end, ec] = std::from_chars(n->data(), n->data() + n->size(), v);
    if (ec != std::errc() || end != n->data() + n->size() || __builtin_mul_overflow(term, v, &term))
      return std::nullopt;
    bool space_before = skip_spaces();
    if (i == s.size()) break;
    char op = s[i++];
    bool space_after = skip_spaces();
    ++operators;
    if (op == '*') continue;  // the next number multiplies the current term
    if ((op != '+' && op != '-') || !space_before || !space_after || !end_term()) return std::nullopt;
    sign = op;
    term = 1;
  }
  if (operators == 0 || !end_term()) return std::nullopt;
  return std::to_string(sum);
}

// Several words, not one literal token: "Provider default", "Built-in ID". A comma-separated
// list of tokens (`GET, POST`) is a value.
bool is_prose_words(std::string_view s) {
  bool after_comma = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') after_comma = true;
    else if (is_space(s[i])) {
      if (!after_comma) return true;
    } else {
      after_comma = false;
    }
  }
  return false;
}

}  // namespace

std::optional<DefaultValue> normalize_doc_default(std::string_view cell) {
  DefaultValue dv;
  dv.raw = std::string(trim(cell));
  // `4 \* 1024`, `POSTGRES\_HOST`: Markdown escapes outside code spans are the character.
  const std::string unescaped = unescape_markdown(trim(cell));
  std::string_view s = unescaped;
  auto none = [&]() -> std::optional<DefaultValue> { return std::nullopt; };
  auto prose = [&](std::string_view text) -> std::optional<DefaultValue> {
    dv.comparable = false;
    dv.value = std::string(text);
    return dv;
  };
  auto empty_string = [&]() -> std::optional<DefaultValue> {
    dv.value = "";
    return dv;
  };
  if (s.empty()) return none();

  // A cell that is wholly a parenthetical is prose: "(falls back to A then B)",
  // "(uses service default)", "(off — token-only auth)", "(current dir)".
  if (s.front() == '(' && s.back() == ')' && matching_open_paren(s) == 0) {
    std::string_view inner = trim(s.substr(1, s.size() - 2));
    if (is_empty_marker(inner)) return empty_string();
    if (inner.empty() || is_none_marker(inner) || iequals(inner, "required")) return none();
    return prose(inner);
  }

  bool literal = false;
  // Strip a trailing parenthetical note: "10485760 (10 MB)" -> "10485760",
  // "— (required in prod)" -> "—", "`auto` (dev)" -> "`auto`". Not when the parenthesis is
  // inside a code span or quotes ("`f(x)`").
  if (s.back() == ')') {
    size_t open = matching_open_paren(s);
    if (open != std::string_view::npos && open > 0 && outside_code_and_quotes(s, open))
      s = trim(s.substr(0, open));
  }
  while (strip_wrapping(s, literal)) {
  }
  // A language's null literal in a code span states that there is no value: `None`, `null`,
  // `nil`, `undefined` (a Python settings page writes "Default: `None`").
  if (literal && (s == "None" || s == "null" || s == "nil" || s == "undefined")) return none();

  if (!literal) {
    if (s.empty() || is_none_marker(s) || iequals(s, "required")) return none();
    if (is_empty_marker(s)) return empty_string();
    // Wholly emphasised text is a remark, not a value: "*Read description*" (but "*none*" is
    // still "no default").
    if (s.size() >= 2 && ((s.front() == '*' && s.back() == '*') || (s.front() == '_' && s.back() == '_'))) {
      std::string_view inner = s;
      while (inner.size() >= 2 && (inner.front() == '*' || inner.front() == '_') && inner.back() == inner.front())
        inner = trim(inner.substr(1, inner.size() - 2));
      if (inner.empty() || is_none_marker(inner)) return none();
      return prose(s);
    }
    // Prose that describes a default instead of stating it.
    static constexpr std::array<std::string_view, 16> kProse{
        "computed", "falls back", "fallback", "fall back", "see ", "derived", "random",
        "generated", "read description", "depends", "required", "varies", "auto-detected",
        "service default", "disabled", "enabled"};
    for (auto p : kProse) {
      if (contains_ci(s, p)) return prose(s);
    }
    // Code spans mixed with words ("`10` in prod, `1` in dev"): several values, not one.
    if (s.find('`') != std::string_view::npos) {
      std::string text;
      for (char c : s)
        if (c != '`') text += c;
      return prose(text);
    }
  }
  // Numbers written for people: `25,000`, `5 * 1024`, `60 * 60 * 24`.
  if (auto n = fold_grouped_number(s)) {
    dv.value = *n;
    return dv;
  }
  if (auto n = fold_integer_arithmetic(s)) {
    dv.value = *n;
    return dv;
  }
  // Several words that are not one literal token: "Provider default", "Built-in ID".
  if (!literal && is_prose_words(s)) return prose(s);
  dv.value = normalize_code_value(s);
  return dv;
}

std::string clip_source(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "…";
}

DefaultValue computed_default(std::string_view raw) {
  std::string clipped = clip_source(raw);
  return DefaultValue{clipped, clipped, false};
}

namespace {

// The truth a boolean spelling stands for ("NO" → false, "on" → true); nullopt for anything
// else. `word` is set when it is a word rather than a digit.
std::optional<bool> truth_of(std::string_view v, bool& word) {
  static constexpr std::array<std::string_view, 5> kTrue{"true", "yes", "on", "y", "t"};
  static constexpr std::array<std::string_view, 5> kFalse{"false", "no", "off", "n", "f"};
  word = true;
  for (auto t : kTrue)
    if (iequals(v, t)) return true;
  for (auto f : kFalse)
    if (iequals(v, f)) return false;
  word = false;
  if (v == "1") return true;
  if (v == "0") return false;
  return std::nullopt;
}

}  // namespace

namespace {
// A comma-separated list without the blanks around its commas: `a, b` and `a,b` are one list.
std::string list_spacing_folded(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == ',') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += ',';
      while (i + 1 < v.size() && v[i + 1] == ' ') ++i;
      continue;
    }
    out += v[i];
  }
  return out;
}
}  // namespace

bool defaults_equal(const DefaultValue& a, const DefaultValue& b) {
  if (!a.comparable || !b.comparable) return true;
  if (a.value == b.value) return true;
  if (a.value.find(',') != std::string::npos && list_spacing_folded(a.value) == list_spacing_folded(b.value)) return true;
  // The same boolean spelled two ways (documented `false`, code `"NO"` parsed by a bool
  // helper; `true` / `1`) is not drift. Two digits are numbers, compared above.
  bool word_a = false, word_b = false;
  auto ta = truth_of(a.value, word_a), tb = truth_of(b.value, word_b);
  return ta && tb && (word_a || word_b) && *ta == *tb;
}

bool defaults_differ_only_in_case(const DefaultValue& a, const DefaultValue& b) {
  return a.comparable && b.comparable && a.value != b.value && iequals(a.value, b.value);
}

}  // namespace envdrift
