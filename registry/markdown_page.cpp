#include "registry/markdown_page.h"

#include <algorithm>
#include <set>

#include "analyzer/core/normalize.h"
#include "registry/inline_text.h"
#include "registry/markup_scan.h"

namespace envdrift::registry_detail {

size_t PreparedPage::line_index(size_t offset) const {
  auto it = std::upper_bound(line_start.begin(), line_start.end(), offset);
  return it == line_start.begin() ? 0 : static_cast<size_t>(it - line_start.begin()) - 1;
}

std::string_view PreparedPage::line_text(size_t index) const {
  if (index >= line_start.size()) return {};
  size_t begin = line_start[index];
  size_t end = index + 1 < line_start.size() ? line_start[index + 1] : buffer.size();
  std::string_view line = std::string_view(buffer).substr(begin, end - begin);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

namespace {

constexpr size_t npos = std::string_view::npos;

std::vector<size_t> line_starts(std::string_view s) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\n') starts.push_back(i + 1);
  return starts;
}

std::string_view line_at(std::string_view s, const std::vector<size_t>& starts, size_t k) {
  size_t begin = starts[k];
  size_t end = k + 1 < starts.size() ? starts[k + 1] : s.size();
  std::string_view line = s.substr(begin, end - begin);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

// Lines that belong to fenced code blocks (fence lines included) or to front matter.
std::vector<char> verbatim_lines(std::string_view text, const std::vector<size_t>& starts) {
  std::vector<char> out(starts.size(), 0);
  size_t k = 0;
  if (trim(line_at(text, starts, 0)) == "---") {
    for (size_t j = 1; j < starts.size(); ++j) {
      std::string_view l = trim(line_at(text, starts, j));
      if (l == "---" || l == "...") {
        for (size_t m = 0; m <= j; ++m) out[m] = 2;
        k = j + 1;
        break;
      }
    }
  }
  char fence = 0;
  size_t fence_len = 0;
  for (; k < starts.size(); ++k) {
    std::string_view l = line_at(text, starts, k);
    size_t p = l.find_first_not_of(" \t");
    std::string_view s = p == npos ? std::string_view{} : l.substr(p);
    size_t run = 0;
    char c = s.empty() ? 0 : s[0];
    if (c == '`' || c == '~')
      while (run < s.size() && s[run] == c) ++run;
    if (!fence) {
      if (run >= 3 && !(c == '`' && s.substr(run).find('`') != npos)) {
        fence = c;
        fence_len = run;
        out[k] = 1;
      }
    } else {
      out[k] = 1;
      if (c == fence && run >= fence_len && is_blank(s.substr(run))) fence = 0;
    }
  }
  return out;
}

void blank(std::string& w, size_t from, size_t to) {
  for (size_t i = from; i < to && i < w.size(); ++i)
    if (w[i] != '\n') w[i] = ' ';
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// `envdrift: ignore NAME [NAME...]` inside a comment.
void read_directive(std::string_view inner, PreparedPage& page) {
  std::string_view s = trim(inner);
  if (!istarts_with(s, "envdrift:")) return;
  s = trim(s.substr(9));
  if (!istarts_with(s, "ignore") || s.size() == 6 || (s[6] != ' ' && s[6] != '\t')) return;
  s = s.substr(6);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '\n' || s[i] == '\r')) ++i;
    size_t start = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '\n' || s[i] == '\r')) ++i;
    std::string_view tok = s.substr(start, i - start);
    if (!tok.empty() && tok.front() == '`' && tok.back() == '`' && tok.size() > 2) tok = tok.substr(1, tok.size() - 2);
    if (is_identifier(tok)) page.ignored.emplace_back(tok);
  }
}

constexpr std::string_view kComponents[] = {"ParamField", "ResponseField"};
constexpr std::string_view kNameAttrs[] = {"path", "name", "query", "body", "header", "param"};

std::string_view component_at(std::string_view w, size_t i) {
  for (auto name : kComponents) {
    if (w.compare(i + 1, name.size(), name) != 0) continue;
    size_t after = i + 1 + name.size();
    if (after < w.size() && (w[after] == ' ' || w[after] == '\t' || w[after] == '\n' || w[after] == '\r' ||
                             w[after] == '/' || w[after] == '>'))
      return name;
  }
  return {};
}

bool attr_true(const TagAttr& a) {
  if (a.kind == TagAttr::Kind::Bare) return true;
  return iequals(trim(a.value), "true");
}

std::optional<DefaultValue> attribute_default(const TagAttr& a) {
  if (a.kind == TagAttr::Kind::Bare) return std::nullopt;
  if (a.kind == TagAttr::Kind::Quoted) {
    if (a.value.empty()) return DefaultValue{"\"\"", "", true};
    return normalize_doc_default(a.value);
  }
  std::string_view e = trim(a.value);
  if (e.empty() || e == "null" || e == "undefined") return std::nullopt;
  if (e.size() >= 2 && (e.front() == '"' || e.front() == '\'' || e.front() == '`') && e.back() == e.front())
    return DefaultValue{std::string(e), normalize_code_value(e.substr(1, e.size() - 2)), true};
  if (canonical_number(e) || e == "true" || e == "false") return DefaultValue{std::string(e), normalize_code_value(e), true};
  return DefaultValue{std::string(e), std::string(e), false};
}

// Inner text of a component as one line of Markdown: nested tags dropped, whitespace collapsed.
std::string component_description(std::string_view inner) {
  std::string text;
  for (size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '<') {
      size_t end = scan_tag(inner, i, nullptr);
      if (end != npos) {
        text += ' ';
        i = end - 1;
        continue;
      }
    }
    text += inner[i];
  }
  std::vector<Piece> one{{PieceKind::Text, text}};
  return plain_text(one);
}

struct Scanner {
  std::string_view text;
  const std::string& rel;
  std::string w;
  std::vector<size_t> starts;
  std::vector<char> verbatim;
  PreparedPage& page;

  size_t line_of(size_t off) const {
    auto it = std::upper_bound(starts.begin(), starts.end(), off);
    return static_cast<size_t>(it - starts.begin()) - 1;
  }
  int line1(size_t off) const { return static_cast<int>(line_of(off)) + 1; }

  void warn(size_t off, std::string msg) {
    page.diagnostics.push_back({Diagnostic::Severity::Warning, rel, line1(off), std::move(msg)});
  }

  // A `<!-- -->` or `{/* */}` comment at i: read a directive, blank it, return its end.
  size_t comment(size_t i, std::string_view open, std::string_view close) {
    size_t end = w.find(close, i + open.size());
    if (end == npos) {
      warn(i, "unterminated comment `" + std::string(open) + "`");
      return i + open.size();
    }
    read_directive(std::string_view(w).substr(i + open.size(), end - i - open.size()), page);
    blank(w, i, end + close.size());
    return end + close.size();
  }

  size_t component(size_t i, std::string_view name) {
    TagInfo tag;
    size_t tag_end = scan_tag(w, i, &tag);
    std::string tag_name = "<" + std::string(name) + ">";
    if (tag_end == npos) {
      warn(i, "unterminated " + tag_name + " tag");
      return i + 1;
    }
    size_t elem_end = tag_end;
    std::string inner;
    if (!tag.self_closing) {
      size_t depth = 1, p = tag_end;
      std::string open = "<" + std::string(name), close = "</" + std::string(name);
      while (depth > 0) {
        size_t o = w.find(open, p), c = w.find(close, p);
        if (c == npos) break;
        if (o != npos && o < c) {
          TagInfo nested;
          size_t e = scan_tag(w, o, &nested);
          if (e != npos && !nested.self_closing) ++depth;
          p = e == npos ? o + 1 : e;
          continue;
        }
        size_t e = scan_tag(w, c, nullptr);
        if (--depth == 0) {
          inner = w.substr(tag_end, c - tag_end);
          elem_end = e == npos ? c + close.size() : e;
        }
        p = e == npos ? c + close.size() : e;
      }
      if (depth > 0) warn(i, tag_name + " without a closing </" + std::string(name) + ">");
    }

    DocVariable var;
    var.file = rel;
    var.line = line1(i);
    for (const auto& a : tag.attrs) {
      if (a.kind == TagAttr::Kind::Bare) continue;
      if (std::find(std::begin(kNameAttrs), std::end(kNameAttrs), a.name) != std::end(kNameAttrs)) {
        var.name = std::string(trim(a.value));
        break;
      }
    }
    for (const auto& a : tag.attrs) {
      if (a.name == "default") var.default_value = attribute_default(a);
      else if (a.name == "required") var.required = attr_true(a);
      else if (a.name == "deprecated") var.deprecated = attr_true(a);
    }
    var.description = component_description(inner);
    if (is_identifier(var.name)) {
      page.components.push_back(std::move(var));
    } else {
      page.diagnostics.push_back({Diagnostic::Severity::Note, rel, var.line,
                                  tag_name + " without an env-var name in path=/name=; skipped"});
    }
    blank(w, i, elem_end);
    return elem_end;
  }

  // A line made only of tags (`<Accordion title="x">`, `</Tab>`, `<div align="center">`),
  // possibly spanning lines: blank it and return its end, else npos.
  size_t tag_line(size_t i) {
    size_t ls = starts[line_of(i)];
    for (size_t k = ls; k < i; ++k)
      if (w[k] != ' ' && w[k] != '\t') return npos;
    size_t j = i;
    // `<summary>Advanced</summary>`, `<Note>Text</Note>`: one element on one line.
    size_t eol = w.find('\n', i);
    if (eol == npos) eol = w.size();
    std::string_view line = trim(std::string_view(w).substr(i, eol - i));
    TagInfo open;
    size_t open_end = scan_tag(line, 0, &open);
    if (open_end != npos && !open.closing && !open.comment && !open.self_closing &&
        line.size() > open_end && line.back() == '>') {
      size_t close = line.rfind("</");
      TagInfo closing;
      if (close != npos && close >= open_end && scan_tag(line, close, &closing) == line.size() &&
          closing.closing && closing.name == open.name) {
        blank(w, i, eol);
        return eol;
      }
    }
    for (;;) {
      size_t e = scan_tag(w, j, nullptr);
      if (e == npos) return npos;
      j = e;
      while (j < w.size() && (w[j] == ' ' || w[j] == '\t' || w[j] == '\r')) ++j;
      if (j >= w.size() || w[j] == '\n') break;
      if (w[j] != '<') return npos;
    }
    blank(w, i, j);
    return j;
  }

  void scan() {
    size_t i = 0;
    while (i < w.size()) {
      size_t ln = line_of(i);
      if (verbatim[ln]) {
        i = ln + 1 < starts.size() ? starts[ln + 1] : w.size();
        continue;
      }
      char c = w[i];
      std::string_view rest = std::string_view(w).substr(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '`') {
        size_t end = skip_code_span(w, i);
        if (end == npos) {
          while (i < w.size() && w[i] == '`') ++i;
        } else {
          i = end;
        }
      } else if (starts_with(rest, "<!--")) {
        i = comment(i, "<!--", "-->");
      } else if (starts_with(rest, "{/*")) {
        i = comment(i, "{/*", "*/}");
      } else if (c == '<') {
        if (auto name = component_at(w, i); !name.empty()) {
          i = component(i, name);
        } else if (size_t end = tag_line(i); end != npos) {
          i = end;
        } else {
          ++i;
        }
      } else {
        ++i;
      }
    }
  }
};

bool has_unescaped_pipe(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') ++i;
    else if (line[i] == '|') return true;
  }
  return false;
}

// `|---|:---:|`, `--- | ---`, with optional blockquote markers.
bool is_delimiter_row(std::string_view line) {
  std::string_view s = trim(line);
  while (!s.empty() && s.front() == '>') s = trim(s.substr(1));
  if (s.empty() || s.find('|') == npos || s.find('-') == npos) return false;
  for (char c : s)
    if (c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t') return false;
  return true;
}

}  // namespace

PreparedPage prepare_markdown_page(std::string_view text, const std::string& rel) {
  PreparedPage page;
  Scanner sc{text, rel, std::string(text), line_starts(text), {}, page};
  sc.verbatim = verbatim_lines(text, sc.starts);
  for (size_t k = 0; k < sc.starts.size(); ++k) {
    if (sc.verbatim[k] == 2) {
      size_t end = k + 1 < sc.starts.size() ? sc.starts[k + 1] : sc.w.size();
      blank(sc.w, sc.starts[k], end);
    }
  }
  sc.scan();

  const size_t n = sc.starts.size();
  std::string_view w = sc.w;
  for (size_t k = 0; k < n; ++k) {
    std::string_view line = line_at(w, sc.starts, k);
    bool interrupt = k > 0 && !sc.verbatim[k] && !sc.verbatim[k - 1] && k + 1 < n && has_unescaped_pipe(line) &&
                     !is_delimiter_row(line) && is_delimiter_row(line_at(w, sc.starts, k + 1)) &&
                     !is_blank(line_at(w, sc.starts, k - 1));
    if (interrupt) {
      page.line_start.push_back(page.buffer.size());
      page.orig_line.push_back(static_cast<int>(k) + 1);
      page.buffer += '\n';
    }
    page.line_start.push_back(page.buffer.size());
    page.orig_line.push_back(static_cast<int>(k) + 1);
    size_t end = k + 1 < n ? sc.starts[k + 1] : w.size();
    page.buffer.append(w.substr(sc.starts[k], end - sc.starts[k]));
  }
  return page;
}

std::vector<DocMention> page_mentions(std::string_view text) {
  std::vector<DocMention> out;
  std::set<std::string, std::less<>> seen;
  auto word = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\n') ++line;
    if (!word(c)) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && word(text[end])) ++end;
    std::string_view tok = text.substr(i, end - i);
    i = end;
    // Upper case, a letter first, an inner underscore, no leading/trailing/doubled underscore.
    if (tok.size() < 3 || tok.front() < 'A' || tok.front() > 'Z' || tok.back() == '_') continue;
    bool shape = true, underscore = false;
    for (size_t k = 0; k < tok.size() && shape; ++k) {
      char t = tok[k];
      if (t == '_') {
        underscore = true;
        shape = tok[k - 1] != '_';
      } else {
        shape = (t >= 'A' && t <= 'Z') || (t >= '0' && t <= '9');
      }
    }
    if (!shape || !underscore || !seen.insert(std::string(tok)).second) continue;
    out.push_back({std::string(tok), line});
  }
  return out;
}

}  // namespace envdrift::registry_detail
