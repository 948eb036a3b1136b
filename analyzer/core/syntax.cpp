#include "analyzer/core/syntax.h"

#include "analyzer/core/normalize.h"

#include <cstring>

namespace envdrift {

std::string_view ParsedFile::text(TSNode n) const {
  if (ts_node_is_null(n)) return {};
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (b > src.text.size() || e > src.text.size() || e < b) return {};
  return std::string_view(src.text).substr(b, e - b);
}

EnvRead ParsedFile::make_read(TSNode at, std::string name, ReadKind kind) const {
  EnvRead r;
  r.name = std::move(name);
  r.file = src.rel;
  r.line = line(at);
  r.column = column(at);
  // The end of the expression read, kept only when it is on the same line (a name literal or a
  // member chain; a call spread over lines has no useful single-line end).
  if (!ts_node_is_null(at)) {
    TSPoint end = ts_node_end_point(at);
    if (static_cast<int>(end.row) + 1 == r.line && static_cast<int>(end.column) + 1 > r.column) {
      r.end_line = r.line;
      r.end_column = static_cast<int>(end.column) + 1;
    }
  }
  r.language = src.language;
  r.kind = kind;
  return r;
}

EnvRead ParsedFile::make_dynamic(TSNode at, TSNode expr, std::string known_prefix,
                                 std::string known_suffix) const {
  EnvRead r = make_read(at, std::move(known_prefix), ReadKind::Dynamic);
  r.dynamic_expr = clip_source(text(expr));
  r.dynamic_suffix = std::move(known_suffix);
  return r;
}

EnvEscape ParsedFile::make_escape(TSNode at, std::string message) const {
  EnvEscape e;
  e.file = src.rel;
  e.line = line(at);
  e.column = column(at);
  e.language = src.language;
  e.message = std::move(message);
  return e;
}

std::string_view node_type(TSNode n) {
  if (ts_node_is_null(n)) return {};
  return ts_node_type(n);
}

bool is_type(TSNode n, std::string_view type) { return node_type(n) == type; }

TSNode child_by_field(TSNode n, std::string_view field) {
  if (ts_node_is_null(n)) return n;
  return ts_node_child_by_field_name(n, field.data(), static_cast<uint32_t>(field.size()));
}

TSNode named_child(TSNode n, uint32_t i) {
  if (ts_node_is_null(n) || i >= ts_node_named_child_count(n)) return TSNode{};
  return ts_node_named_child(n, i);
}

uint32_t named_child_count(TSNode n) {
  return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
}

TSNode parent(TSNode n) { return ts_node_is_null(n) ? n : ts_node_parent(n); }

TSNode unwrap_parens(TSNode n) {
  while (!ts_node_is_null(n) &&
         (is_type(n, "parenthesized_expression") || is_type(n, "parenthesized_list_splat")) &&
         ts_node_named_child_count(n) == 1) {
    n = ts_node_named_child(n, 0);
  }
  return n;
}

TSFieldId field_id(const TSLanguage* lang, std::string_view name) {
  return lang == nullptr ? 0 : ts_language_field_id_for_name(lang, name.data(), static_cast<uint32_t>(name.size()));
}

std::vector<TSPoint> syntax_errors(TSNode root, size_t limit) {
  std::vector<TSPoint> out;
  if (ts_node_is_null(root) || !ts_node_has_error(root)) return out;
  walk_preorder(root, [&](TSNode n) {
    if (out.size() >= limit) return false;
    if (!ts_node_has_error(n)) return false;
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
      out.push_back(ts_node_start_point(n));
      return false;
    }
    return true;
  });
  return out;
}

namespace {
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
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool unquote_literal(std::string_view raw, std::string& out) {
  out.clear();
  bool is_raw = false;
  // Python string prefixes (r, b, u, and combinations; f-strings are not plain literals).
  size_t p = 0;
  while (p < raw.size() && std::strchr("rRbBuU", raw[p]) != nullptr) {
    if (raw[p] == 'r' || raw[p] == 'R') is_raw = true;
    ++p;
  }
  if (p < raw.size() && (raw[p] == 'f' || raw[p] == 'F')) return false;
  raw.remove_prefix(p);
  if (raw.size() < 2) return false;
  char q = raw.front();
  if (q != '"' && q != '\'' && q != '`') return false;
  size_t qlen = 1;
  if (raw.size() >= 6 && raw.substr(0, 3) == std::string(3, q) && raw.substr(raw.size() - 3) == std::string(3, q)) {
    qlen = 3;
  }
  if (raw.back() != q) return false;
  std::string_view body = raw.substr(qlen, raw.size() - 2 * qlen);
  if (q == '`') {
    // Go raw strings are verbatim; JS template literals are plain only without `${`.
    // (JS template escapes are rare in env names; the body is taken verbatim.)
    if (body.find("${") != std::string_view::npos) return false;
    out.assign(body);
    return true;
  }
  if (is_raw) {
    out.assign(body);
    return true;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case '`': out += '`'; break;
      case '\n': break;  // line continuation
      case 'x':
        if (i + 2 < body.size() && hexval(body[i + 1]) >= 0 && hexval(body[i + 2]) >= 0) {
          out += static_cast<char>(hexval(body[i + 1]) * 16 + hexval(body[i + 2]));
          i += 2;
        } else {
          out += e;
        }
        break;
      case 'u': {
        uint32_t cp = 0;
        size_t j = i + 1;
        if (j < body.size() && body[j] == '{') {
          ++j;
          while (j < body.size() && body[j] != '}' && hexval(body[j]) >= 0) cp = cp * 16 + hexval(body[j++]);
          if (j < body.size() && body[j] == '}') {
            append_utf8(out, cp);
            i = j;
            break;
          }
        } else if (j + 4 <= body.size()) {
          bool ok = true;
          for (size_t k = j; k < j + 4; ++k) {
            if (hexval(body[k]) < 0) ok = false;
            else cp = cp * 16 + hexval(body[k]);
          }
          if (ok) {
            append_utf8(out, cp);
            i = j + 3;
            break;
          }
        }
        out += e;
        break;
      }
      default: out += '\\'; out += e; break;
    }
  }
  return true;
}

}  // namespace envdrift
