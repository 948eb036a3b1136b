#include "registry/inline_text.h"

#include <array>
#include <cstdint>
#include <utility>

#include "analyzer/core/normalize.h"
#include "registry/markup_scan.h"

namespace envdrift::registry_detail {

namespace {

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_br_tag(std::string_view tag) {
  // <br>, <br/>, <br />, <BR>
  if (tag.size() < 4 || tag[0] != '<') return false;
  std::string t = to_lower(tag);
  if (t.compare(1, 2, "br") != 0) return false;
  for (size_t i = 3; i < t.size(); ++i)
    if (t[i] != ' ' && t[i] != '/' && t[i] != '>') return false;
  return true;
}

// <sup>, <super>, </sup>, </super>: returns +1 for an opening tag, -1 for a closing one.
int superscript_tag(std::string_view tag) {
  std::string t = to_lower(tag);
  for (std::string_view name : {"sup", "super"}) {
    std::string open = "<" + std::string(name), close = "</" + std::string(name);
    auto ends_name = [&](size_t at) { return at < t.size() && (t[at] == '>' || t[at] == ' ' || t[at] == '/'); };
    if (t.compare(0, close.size(), close) == 0 && ends_name(close.size())) return -1;
    if (t.compare(0, open.size(), open) == 0 && ends_name(open.size())) return +1;
  }
  return 0;
}

void add_text(std::vector<Piece>& out, std::string_view t) {
  if (t.empty()) return;
  if (out.empty() || out.back().kind != PieceKind::Text) out.push_back({PieceKind::Text, {}});
  out.back().text += t;
}

// A `[text](url)` link starting at `open` ('['): the positions of its ']' and of the end of
// the `(url)` part, or npos.
std::pair<size_t, size_t> find_link(std::string_view s, size_t open) {
  size_t depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '`') {
      size_t end = skip_code_span(s, i);
      if (end != std::string_view::npos) i = end - 1;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']' && --depth == 0) {
      if (i + 1 >= s.size() || s[i + 1] != '(') return {std::string_view::npos, std::string_view::npos};
      size_t paren = 0;
      for (size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] == '(') ++paren;
        else if (s[j] == ')' && --paren == 0) return {i, j + 1};
      }
      return {std::string_view::npos, std::string_view::npos};
    }
  }
  return {std::string_view::npos, std::string_view::npos};
}

}  // namespace

std::string decode_entity(std::string_view e) {
  if (e.size() < 3 || e.front() != '&' || e.back() != ';') return std::string(e);
  std::string_view name = e.substr(1, e.size() - 2);
  if (name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return std::string(e);
    for (char c : digits) {
      uint32_t d;
      if (is_digit(c)) d = static_cast<uint32_t>(c - '0');
      else if (hex && c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
      else return std::string(e);
      cp = cp * (hex ? 16 : 10) + d;
    }
    std::string out;
    append_utf8(out, cp == 0 ? 0xFFFD : cp);
    return out;
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kNamed{{
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
      {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"}, {"ast", "*"}, {"lowbar", "_"},
      {"vert", "|"}, {"verbar", "|"}, {"dollar", "$"}}};
  for (const auto& [n, v] : kNamed)
    if (name == n) return std::string(v);
  return std::string(e);
}

std::vector<Piece> parse_inline(std::string_view s) {
  std::vector<Piece> out;
  std::vector<std::pair<size_t, size_t>> links;  // (']' position, end of "(url)"), innermost last
  size_t i = 0;
  while (i < s.size()) {
    if (!links.empty() && i == links.back().first) {
      i = links.back().second;
      links.pop_back();
      continue;
    }
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
      add_text(out, s.substr(i + 1, 1));
      i += 2;
    } else if (c == '`') {
      size_t run = 0;
      while (i + run < s.size() && s[i + run] == '`') ++run;
      size_t end = skip_code_span(s, i);
      if (end == std::string_view::npos) {
        add_text(out, s.substr(i, run));
        i += run;
        continue;
      }
      std::string_view content = s.substr(i + run, end - run - (i + run));
      if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' &&
          content.find_first_not_of(' ') != std::string_view::npos)
        content = content.substr(1, content.size() - 2);
      out.push_back({PieceKind::Code, std::string(content)});
      i = end;
    } else if (c == '<') {
      size_t end = scan_tag(s, i, nullptr);
      if (end == std::string_view::npos) {
        add_text(out, "<");
        ++i;
        continue;
      }
      std::string_view tag = s.substr(i, end - i);
      out.push_back({is_br_tag(tag) ? PieceKind::Break : PieceKind::Html, std::string(tag)});
      i = end;
    } else if (c == '&') {
      size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10 && semi > i + 1) {
        bool ok = true;
        for (size_t j = i + 1; j < semi; ++j)
          if (!is_alpha(s[j]) && !is_digit(s[j]) && s[j] != '#') ok = false;
        if (ok) {
          add_text(out, decode_entity(s.substr(i, semi + 1 - i)));
          i = semi + 1;
          continue;
        }
      }
      add_text(out, "&");
      ++i;
    } else if (c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '[')) {
      size_t open = c == '!' ? i + 1 : i;
      auto [close, end] = find_link(s, open);
      if (close == std::string_view::npos) {
        add_text(out, s.substr(i, 1));
        ++i;
        continue;
      }
      links.emplace_back(close, end);
      i = open + 1;
    } else {
      add_text(out, s.substr(i, 1));
      ++i;
    }
  }
  return out;
}

std::string plain_text(const std::vector<Piece>& pieces) {
  std::string joined;
  for (const auto& p : pieces) {
    if (p.kind == PieceKind::Text || p.kind == PieceKind::Code) joined += p.text;
    else if (p.kind == PieceKind::Break) joined += ' ';
  }
  std::string out;
  bool pending_space = false;
  for (char c : joined) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(is_alpha(s[0]) || s[0] == '_')) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  return true;
}

bool looks_like_env_name(std::string_view s, bool allow_lower_case) {
  if (!is_identifier(s)) return false;
  bool letter = false;
  for (char c : s) {
    if (is_alpha(c)) letter = true;
    if (is_lower(c) && !allow_lower_case) return false;
  }
  return letter;
}

namespace {

// `POSTGRES\_HOST` -> `POSTGRES_HOST`.
std::string unescape_underscores(std::string_view s) {
  std::string t;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '_') continue;
    t += s[i];
  }
  return t;
}

// The name a code span stands for: `$PORT`, `${PORT}`, `APP_REDIS=<url>`, `POSTGRES\_HOST`.
std::string code_span_name(std::string_view code) {
  std::string t = unescape_underscores(code);
  std::string_view v = trim(t);
  if (starts_with(v, "${") && v.back() == '}') v = v.substr(2, v.size() - 3);
  else if (starts_with(v, "$")) v.remove_prefix(1);
  size_t cut = v.find_first_of("=: ");
  if (cut != std::string_view::npos) v = v.substr(0, cut);
  return std::string(v);
}

size_t identifier_end(std::string_view s, size_t i) {
  while (i < s.size() && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_')) ++i;
  return i;
}

// Names in one plain-text segment: `NAME`, `**NAME**`, `NAME*`, `NAME (required)`,
// `NAME :icon: v2.0.0`, `A B` (space separated). Prose (`Cloud provider keys`) and wildcards
// (`KAFKA_*`, `*_SECRET`) give none.
void plain_segment_names(std::string_view seg, NameCell& cell) {
  size_t i = 0;
  bool first = true;
  while (i < seg.size()) {
    while (i < seg.size() && (is_space(seg[i]) || seg[i] == '*')) {
      if (seg[i] == '*' && i + 1 < seg.size() && seg[i + 1] == '_' && (i == 0 || seg[i - 1] != '*')) return;
      ++i;
    }
    if (i >= seg.size()) return;
    size_t end = identifier_end(seg, i);
    if (end == i) return;  // punctuation or a parenthetical: the rest is a note
    std::string_view tok = seg.substr(i, end - i);
    if (!looks_like_env_name(tok, false)) {
      // Prose after a name ends the list; prose first means this is not a name cell.
      return;
    }
    bool wildcard = end < seg.size() && seg[end] == '*' && tok.back() == '_';
    if (wildcard) return;
    // A lower-case word right after a bare upper-case word means prose ("API service").
    size_t next = end;
    while (next < seg.size() && is_space(seg[next])) ++next;
    bool prose_follows = next < seg.size() && next > end && is_lower(seg[next]);
    if (prose_follows && first && tok.find('_') == std::string_view::npos) return;
    if (end < seg.size() && seg[end] == '*' && !(end + 1 < seg.size() && seg[end + 1] == '*')) cell.starred = true;
    cell.names.emplace_back(tok);
    if (prose_follows) return;
    first = false;
    i = end;
    while (i < seg.size() && (is_space(seg[i]) || seg[i] == '*')) ++i;
    if (i < seg.size() && !(is_alpha(seg[i]) || seg[i] == '_')) return;
  }
}

}  // namespace

NameCell parse_name_cell(std::string_view md, bool code_lower_case) {
  NameCell cell;
  std::vector<Piece> pieces = parse_inline(md);
  // Split into segments at `/`, `,`, `;`, ` or `, and <br>; drop superscripts (noting `*`).
  std::vector<std::vector<Piece>> segments(1);
  int sup = 0;
  for (const auto& p : pieces) {
    if (p.kind == PieceKind::Html) {
      sup += superscript_tag(p.text);
      if (sup < 0) sup = 0;
      continue;
    }
    if (sup > 0) {
      if (p.text.find('*') != std::string::npos) cell.starred = true;
      continue;
    }
    if (p.kind == PieceKind::Break) {
      segments.emplace_back();
      continue;
    }
    if (p.kind == PieceKind::Code) {
      segments.back().push_back(p);
      continue;
    }
    std::string cur;
    std::string_view t = p.text;
    for (size_t i = 0; i < t.size(); ++i) {
      bool sep = t[i] == '/' || t[i] == ',' || t[i] == ';';
      size_t skip = 1;
      if (!sep && i > 0 && is_space(t[i - 1]) && i + 2 < t.size() && (t[i] == 'o' || t[i] == 'O') &&
          (t[i + 1] == 'r' || t[i + 1] == 'R') && is_space(t[i + 2])) {
        sep = true;
        skip = 2;
      }
      if (sep) {
        add_text(segments.back(), cur);
        cur.clear();
        segments.emplace_back();
        i += skip - 1;
      } else {
        cur += t[i];
      }
    }
    add_text(segments.back(), cur);
  }
  for (const auto& seg : segments) {
    bool has_code = false;
    for (const auto& p : seg) has_code = has_code || p.kind == PieceKind::Code;
    if (has_code) {
      for (size_t k = 0; k < seg.size(); ++k) {
        if (seg[k].kind != PieceKind::Code) continue;
        std::string name = code_span_name(seg[k].text);
        if (!looks_like_env_name(name, code_lower_case)) continue;
        cell.names.push_back(name);
        if (k + 1 < seg.size() && seg[k + 1].kind == PieceKind::Text && starts_with(seg[k + 1].text, "*") &&
            !starts_with(seg[k + 1].text, "**"))
          cell.starred = true;
      }
    } else {
      std::string text;
      for (const auto& p : seg) text += p.text;
      plain_segment_names(text, cell);
    }
  }
  return cell;
}

std::vector<std::string> split_table_row(std::string_view line, int quote_depth) {
  std::string_view s = line;
  for (int q = 0; q < quote_depth; ++q) {
    s = trim(s);
    if (!s.empty() && s.front() == '>') s.remove_prefix(1);
  }
  s = trim(s);
  if (!s.empty() && s.front() == '|') s.remove_prefix(1);
  std::vector<std::string> cells;
  std::string cur;
  bool trailing_pipe = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    trailing_pipe = false;
    if (c == '\\' && i + 1 < s.size()) {
      if (s[i + 1] != '|') cur += c;
      cur += s[i + 1];
      ++i;
    } else if (c == '`') {
      size_t end = skip_code_span(s, i);
      if (end == std::string_view::npos) {
        while (i < s.size() && s[i] == '`') cur += s[i++];
        --i;
      } else {
        // GFM: `\|` is a pipe even inside a code span (md4c keeps the backslash).
        std::string_view span = s.substr(i, end - i);
        for (size_t k = 0; k < span.size(); ++k)
          if (!(span[k] == '\\' && k + 1 < span.size() && span[k + 1] == '|')) cur += span[k];
        i = end - 1;
      }
    } else if (c == '|') {
      cells.emplace_back(trim(cur));
      cur.clear();
      trailing_pipe = true;
    } else {
      cur += c;
    }
  }
  if (!trailing_pipe || !trim(cur).empty()) cells.emplace_back(trim(cur));
  return cells;
}

std::vector<std::string> split_aligned_defaults(std::string_view cell, size_t count) {
  auto split = [&](auto is_sep) {
    std::vector<std::string> parts;
    std::string cur;
    for (size_t i = 0; i < cell.size(); ++i) {
      if (cell[i] == '`') {
        size_t end = skip_code_span(cell, i);
        if (end != std::string_view::npos) {
          cur.append(cell.substr(i, end - i));
          i = end - 1;
          continue;
        }
      }
      if (size_t len = is_sep(i)) {
        parts.emplace_back(trim(cur));
        cur.clear();
        i += len - 1;
        continue;
      }
      cur += cell[i];
    }
    parts.emplace_back(trim(cur));
    return parts;
  };
  auto slash = [&](size_t i) -> size_t {
    return cell[i] == '/' && i > 0 && is_space(cell[i - 1]) && i + 1 < cell.size() && is_space(cell[i + 1]) ? 1 : 0;
  };
  auto br = [&](size_t i) -> size_t {
    if (cell[i] != '<') return 0;
    size_t end = scan_tag(cell, i, nullptr);
    return end != std::string_view::npos && is_br_tag(cell.substr(i, end - i)) ? end - i : 0;
  };
  if (count < 2) return {};
  auto parts = split(slash);
  if (parts.size() == count) return parts;
  parts = split(br);
  if (parts.size() == count) return parts;
  return {};
}

bool truthy_text(std::string_view plain) {
  std::string t = to_lower(trim(plain));
  while (!t.empty() && t.back() == '.') t.pop_back();
  for (std::string_view yes : {"yes", "y", "true", "x", "required", "✓", "✔", "✅", "✔️"})
    if (t == yes) return true;
  return false;
}

std::string list_item_name(std::string_view line) {
  // Blockquote markers, indentation and the list marker (`-`, `*`, `+`, `1.`, `1)`).
  size_t i = 0;
  while (i < line.size() && (is_space(line[i]) || line[i] == '>')) ++i;
  if (i < line.size() && (line[i] == '-' || line[i] == '*' || line[i] == '+')) {
    ++i;
  } else {
    size_t digits = i;
    while (digits < line.size() && is_digit(line[digits])) ++digits;
    if (digits == i || digits >= line.size() || (line[digits] != '.' && line[digits] != ')')) return {};
    i = digits + 1;
  }
  if (i >= line.size() || !is_space(line[i])) return {};
  std::string_view s = trim(line.substr(i));
  std::string name;
  size_t after = 0;
  if (starts_with(s, "`")) {
    after = skip_code_span(s, 0);
    if (after == std::string_view::npos) return {};
    size_t ticks = s.find_first_not_of('`');
    name = code_span_name(s.substr(ticks, after - 2 * ticks));
    if (!looks_like_env_name(name, false)) return {};
  } else if (starts_with(s, "**") || starts_with(s, "__")) {
    size_t close = s.find(s.substr(0, 2), 2);
    if (close == std::string_view::npos) return {};
    std::string_view inner = trim(s.substr(2, close - 2));
    while (!inner.empty() && inner.back() == ':') inner.remove_suffix(1);  // **APP_PORT:**
    name = unescape_underscores(inner);
    if (!looks_like_env_name(name, false) || name.find('_') == std::string::npos) return {};
    after = close + 2;
  } else {
    return {};
  }
  std::string_view rest = trim(s.substr(after));
  if (rest.empty()) return name;
  for (std::string_view sep : {":", "—", "–", "-", "(", "="})
    if (starts_with(rest, sep)) return name;
  return {};
}

bool contains_word(std::string_view text, std::string_view word) {
  std::string t = to_lower(text), w = to_lower(word);
  for (size_t pos = t.find(w); pos != std::string::npos; pos = t.find(w, pos + 1)) {
    bool left = pos == 0 || !is_alpha(t[pos - 1]);
    bool right = pos + w.size() >= t.size() || !is_alpha(t[pos + w.size()]);
    if (left && right) return true;
  }
  return false;
}

namespace {

bool says_test_only(std::string_view text) {
  std::string t = to_lower(text);
  for (std::string_view p : {"test-only", "test only", "tests only", "testing only"})
    if (t.find(p) != std::string::npos) return true;
  return false;
}

// A sentence starting with "Required" that is not conditional ("Required when X is set").
bool says_required(std::string_view text) {
  std::string t = to_lower(text);
  size_t start = 0;
  while (start < t.size()) {
    while (start < t.size() && (is_space(t[start]) || t[start] == '*' || t[start] == '_')) ++start;
    size_t stop = t.find(". ", start);
    std::string_view sentence = std::string_view(t).substr(start, stop == std::string::npos ? std::string::npos : stop - start);
    if (starts_with(sentence, "required") && (sentence.size() == 8 || !is_alpha(sentence[8]))) {
      std::string_view rest = trim(sentence.substr(8));
      if (!starts_with(rest, "when") && !starts_with(rest, "if") && !starts_with(rest, "only")) return true;
    }
    if (stop == std::string::npos) break;
    start = stop + 2;
  }
  return false;
}

}  // namespace

void apply_prose_flags(DocVariable& var, std::string_view description) {
  if (contains_word(description, "deprecated")) var.deprecated = true;
  if (contains_word(description, "reserved")) var.reserved = true;
  if (says_test_only(description)) var.test_only = true;
  if (says_required(description)) var.required = true;
  for (const auto& heading : var.section) {
    if (contains_word(heading, "deprecated")) var.deprecated = true;
    if (contains_word(heading, "reserved")) var.reserved = true;
    if (says_test_only(heading)) var.test_only = true;
    if (contains_word(heading, "required") && !contains_word(heading, "not")) var.required = true;
  }
}

}  // namespace envdrift::registry_detail
