#include "registry/markup_scan.h"

namespace envdrift::registry_detail {

namespace {

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_char(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '.' || c == ':'; }

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// `s[i]` is a quote: the offset just past the closing quote, or npos.
size_t skip_string(std::string_view s, size_t i) {
  char q = s[i];
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\\' && q != '`') {
      ++j;
    } else if (s[j] == q) {
      return j + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

size_t skip_code_span(std::string_view s, size_t pos) {
  size_t run = 0;
  while (pos + run < s.size() && s[pos + run] == '`') ++run;
  size_t i = pos + run;
  size_t line_start = i;
  bool line_blank = false;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n') {
      if (line_blank && i > line_start) return std::string_view::npos;  // a blank line ends the paragraph
      line_start = i + 1;
      line_blank = true;
      ++i;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') line_blank = false;
    if (c == '`') {
      size_t n = 0;
      while (i + n < s.size() && s[i + n] == '`') ++n;
      if (n == run) return i + n;
      i += n;
      continue;
    }
    ++i;
  }
  return std::string_view::npos;
}

size_t skip_braces(std::string_view s, size_t pos) {
  size_t depth = 0;
  for (size_t i = pos; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"' || c == '\'' || c == '`') {
      size_t end = skip_string(s, i);
      if (end == std::string_view::npos) return std::string_view::npos;
      i = end - 1;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

size_t scan_tag(std::string_view s, size_t pos, TagInfo* info) {
  constexpr size_t npos = std::string_view::npos;
  if (pos >= s.size() || s[pos] != '<') return npos;
  if (s.substr(pos, 4) == "<!--") {
    size_t end = s.find("-->", pos + 4);
    if (end == npos) return npos;
    if (info) info->comment = true;
    return end + 3;
  }
  size_t i = pos + 1;
  bool closing = false;
  if (i < s.size() && s[i] == '/') {
    closing = true;
    ++i;
  }
  if (i >= s.size() || !is_alpha(s[i])) return npos;
  size_t name_start = i;
  while (i < s.size() && is_name_char(s[i])) ++i;
  std::string_view name = s.substr(name_start, i - name_start);
  if (name.back() == ':' || name.find("://") != npos) return npos;  // autolink <https://...>
  if (info) {
    info->name = std::string(name);
    info->closing = closing;
  }
  if (closing) {
    i = skip_space(s, i);
    return i < s.size() && s[i] == '>' ? i + 1 : npos;
  }
  for (;;) {
    size_t before = i;
    i = skip_space(s, i);
    if (i >= s.size()) return npos;
    if (s[i] == '>') return i + 1;
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '>') {
      if (info) info->self_closing = true;
      return i + 2;
    }
    if (i == before) return npos;  // attributes must be separated by whitespace
    if (s[i] == '{') {  // JSX spread {...props}
      size_t end = skip_braces(s, i);
      if (end == npos) return npos;
      i = end;
      continue;
    }
    if (!(is_alpha(s[i]) || s[i] == '_' || s[i] == ':' || s[i] == '@')) return npos;
    size_t attr_start = i;
    while (i < s.size() && is_name_char(s[i])) ++i;
    TagAttr attr;
    attr.name = std::string(s.substr(attr_start, i - attr_start));
    size_t after = skip_space(s, i);
    if (after < s.size() && s[after] == '=') {
      i = skip_space(s, after + 1);
      if (i >= s.size()) return npos;
      if (s[i] == '"' || s[i] == '\'') {
        size_t end = s.find(s[i], i + 1);
        if (end == npos) return npos;
        attr.kind = TagAttr::Kind::Quoted;
        attr.value = std::string(s.substr(i + 1, end - i - 1));
        i = end + 1;
      } else if (s[i] == '{') {
        size_t end = skip_braces(s, i);
        if (end == npos) return npos;
        attr.kind = TagAttr::Kind::Expression;
        attr.value = std::string(s.substr(i + 1, end - i - 2));
        i = end;
      } else {
        size_t start = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '>' && s[i] != '"' && s[i] != '\'' && s[i] != '<' &&
               s[i] != '`' && s[i] != '=')
          ++i;
        if (i == start) return npos;
        attr.kind = TagAttr::Kind::Quoted;
        attr.value = std::string(s.substr(start, i - start));
      }
    }
    if (info) info->attrs.push_back(std::move(attr));
  }
}

}  // namespace envdrift::registry_detail
