#include "analyzer/core/syntax.h"

#include "analyzer/core/normalize.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

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

namespace {

// A grammar's node type names by (public) symbol, measured once per language: a node's type is
// then one table look-up, and comparing it with a name starts with the lengths (ts_node_type's
// C string had to be measured or compared byte by byte on every call). The tables live for the
// process; each thread remembers the last one it used in plain thread_locals (no TLS wrapper).
struct TypeTable {
  const TSLanguage* lang = nullptr;
  std::vector<std::string_view> names;
};
std::mutex g_type_tables_mu;
std::vector<std::unique_ptr<TypeTable>> g_type_tables;
thread_local const TSLanguage* t_type_lang = nullptr;
thread_local const std::string_view* t_type_names = nullptr;
thread_local size_t t_type_count = 0;

[[gnu::noinline]] void load_type_names(const TSLanguage* lang) {
  std::lock_guard<std::mutex> lock(g_type_tables_mu);
  const TypeTable* found = nullptr;
  for (const auto& t : g_type_tables)
    if (t->lang == lang) found = t.get();
  if (found == nullptr) {
    auto t = std::make_unique<TypeTable>();
    t->lang = lang;
    t->names.assign(ts_language_symbol_count(lang), std::string_view{});
    for (TSSymbol sym = 0; sym < t->names.size(); ++sym)
      if (const char* name = ts_language_symbol_name(lang, sym)) t->names[sym] = name;
    found = g_type_tables.emplace_back(std::move(t)).get();
  }
  t_type_lang = lang;
  t_type_names = found->names.data();
  t_type_count = found->names.size();
}

}  // namespace

std::string_view node_type(TSNode n) {
  if (n.id == nullptr) return {};  // ts_node_is_null
  // ts_node_symbol is the public symbol, which names the node as its own symbol does (the
  // grammar maps each symbol to the first of the same name); the error symbols are past the
  // table and take tree-sitter's own answer.
  const TSLanguage* lang = ts_node_language(n);
  if (lang != t_type_lang) load_type_names(lang);
  TSSymbol sym = ts_node_symbol(n);
  return sym < t_type_count ? t_type_names[sym] : std::string_view(ts_node_type(n));
}

bool is_type(TSNode n, std::string_view type) { return node_type(n) == type; }  // a null node's type is ""

namespace {

// A field's id by name, remembered per thread: tree-sitter looks a name up by comparing it with
// every field name of the language. An entry is keyed by the language and the name's bytes'
// address and checked against the id's own name, so a reused address cannot give a wrong id.
TSFieldId cached_field_id(const TSLanguage* lang, std::string_view name) {
  struct Slot {
    const TSLanguage* lang = nullptr;
    const char* data = nullptr;
    size_t size = 0;
    TSFieldId id = 0;
  };
  thread_local Slot slots[256];
  auto h = (reinterpret_cast<uintptr_t>(lang) >> 4) ^ (reinterpret_cast<uintptr_t>(name.data()) >> 3) ^ name.size();
  Slot& s = slots[(h ^ (h >> 8)) & 255];
  if (s.lang == lang && s.data == name.data() && s.size == name.size()) {
    const char* known = s.id != 0 ? ts_language_field_name_for_id(lang, s.id) : nullptr;
    if (known != nullptr && std::strncmp(known, name.data(), name.size()) == 0 && known[name.size()] == '\0') return s.id;
  }
  TSFieldId id = ts_language_field_id_for_name(lang, name.data(), static_cast<uint32_t>(name.size()));
  s = {lang, name.data(), name.size(), id};
  return id;
}

}  // namespace

TSNode child_by_field(TSNode n, std::string_view field) {
  if (ts_node_is_null(n)) return n;
  TSFieldId id = cached_field_id(ts_node_language(n), field);
  return id == 0 ? TSNode{} : ts_node_child_by_field_id(n, id);
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

FlatTree::FlatTree(TSNode root) {
  if (ts_node_is_null(root)) return;
  // Every visible node is recorded: tree-sitter counts them (the vectors are not grown step by step).
  const size_t count = ts_node_descendant_count(root);
  nodes_.reserve(count);
  end_.reserve(count);
  parent_.reserve(count);
  start_.reserve(count);
  std::vector<size_t> open;  // the positions of the nodes whose subtrees are being recorded
  TSTreeCursor cur = ts_tree_cursor_new(root);
  auto record = [&] {
    TSNode n = ts_tree_cursor_current_node(&cur);
    parent_.push_back(open.empty() ? UINT32_MAX : static_cast<uint32_t>(open.back()));
    open.push_back(nodes_.size());
    nodes_.push_back(n);
    end_.push_back(0);
    start_.push_back(ts_node_start_byte(n));
  };
  auto close = [&] {
    end_[open.back()] = static_cast<uint32_t>(nodes_.size());
    open.pop_back();
  };
  record();
  for (;;) {
    if (ts_tree_cursor_goto_first_child(&cur)) {
      record();
      continue;
    }
    for (;;) {
      close();
      if (ts_tree_cursor_goto_next_sibling(&cur)) {
        record();
        break;
      }
      if (open.empty() || !ts_tree_cursor_goto_parent(&cur)) {
        while (!open.empty()) close();
        ts_tree_cursor_delete(&cur);
        return;
      }
    }
  }
}

int64_t FlatTree::find(TSNode n) const {
  if (nodes_.empty() || n.tree != nodes_[0].tree) return -1;
  uint32_t s = ts_node_start_byte(n);
  // The nodes starting at `s` are adjacent: an ancestor chain, or a zero-width node and its
  // next sibling. The subtree pointer tells them apart (and the end, for inline leaves).
  auto it = std::lower_bound(start_.begin(), start_.end(), s);
  for (size_t i = static_cast<size_t>(it - start_.begin()); i < start_.size() && start_[i] == s; ++i) {
    const TSNode& c = nodes_[i];
    if (c.id != n.id) continue;
    // The node as recorded (most look-ups): the same subtree at the same place, nothing to call.
    if (std::memcmp(c.context, n.context, sizeof c.context) == 0) return static_cast<int64_t>(i);
    if (ts_node_end_byte(c) == ts_node_end_byte(n) && ts_node_symbol(c) == ts_node_symbol(n))
      return static_cast<int64_t>(i);
  }
  return -1;
}

namespace {
thread_local const FlatTree* t_flat_tree = nullptr;
}  // namespace

const FlatTree* current_flat_tree() { return t_flat_tree; }
FlatTreeScope::FlatTreeScope(const FlatTree* t) : saved_(t_flat_tree) { t_flat_tree = t; }
FlatTreeScope::~FlatTreeScope() { t_flat_tree = saved_; }

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
