// Markdown / MDX registry pages (SPEC section 4, Appendix A "Registry pages").
//
// Three shapes of documentation are read from one page:
//  - tables with a name column (markdown_table.cpp),
//  - `<ParamField path="X" default="d">` components (markdown_page.cpp),
//  - one heading per variable (`` #### `APP_REDIS=<url>` {#APP_REDIS} ``) followed by prose
//    holding the default (`Defaults to \`redis://localhost:6379\`.`), read here.
// md4c gives the block structure (headings, tables, code blocks); table cells are re-read
// from their source lines so raw default cells are kept as written.
#include <md4c.h>

#include <algorithm>
#include <array>

#include "analyzer/core/normalize.h"
#include "registry/inline_text.h"
#include "registry/markdown_page.h"
#include "registry/model.h"

namespace envdrift {

namespace {

using namespace registry_detail;

struct Heading {
  int line = 0;
  int level = 0;
  std::vector<Piece> pieces;  // the heading's inline content
  std::vector<Piece> prose;   // paragraphs and list items up to the next heading
  std::string text;           // plain text, `{#anchor}` removed
};

// md4c callbacks: collect headings (with the prose under each) and table row lines.
struct Walker {
  explicit Walker(const PreparedPage& p) : page(p) {}

  const PreparedPage& page;
  std::vector<Heading> headings;
  std::vector<PageTable> tables;
  int quote_depth = 0;
  int verbatim_depth = 0;  // code blocks, HTML blocks
  int code_span = 0;
  bool in_heading = false;
  bool in_table = false;
  bool in_head_row = false;
  bool in_row = false;
  size_t row_line = static_cast<size_t>(-1);
  int last_line = 1;

  std::vector<Piece>* target() {
    if (in_heading) return &headings.back().pieces;
    if (headings.empty() || verbatim_depth > 0 || in_table) return nullptr;
    return &headings.back().prose;
  }

  void add(PieceKind kind, std::string_view text) {
    std::vector<Piece>* t = target();
    if (!t) return;
    if (code_span > 0 && !t->empty() && t->back().kind == PieceKind::Code) {
      t->back().text += text;  // one code span may arrive in several callbacks
      return;
    }
    if (kind == PieceKind::Text && !t->empty() && t->back().kind == PieceKind::Text) {
      t->back().text += text;
      return;
    }
    t->push_back({kind, std::string(text)});
  }

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_QUOTE: ++quote_depth; break;
      case MD_BLOCK_CODE:
      case MD_BLOCK_HTML: ++verbatim_depth; break;
      case MD_BLOCK_H:
        headings.push_back({});
        headings.back().level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        in_heading = true;
        break;
      case MD_BLOCK_TABLE:
        tables.push_back({});
        tables.back().quote_depth = quote_depth;
        in_table = true;
        break;
      case MD_BLOCK_THEAD: in_head_row = true; break;
      case MD_BLOCK_TR:
        in_row = true;
        row_line = static_cast<size_t>(-1);
        break;
      default: break;
    }
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type) {
    switch (type) {
      case MD_BLOCK_QUOTE: --quote_depth; break;
      case MD_BLOCK_CODE:
      case MD_BLOCK_HTML: --verbatim_depth; break;
      case MD_BLOCK_H:
        in_heading = false;
        if (headings.back().line == 0) headings.back().line = last_line;
        break;
      case MD_BLOCK_TABLE: in_table = false; break;
      case MD_BLOCK_THEAD: in_head_row = false; break;
      case MD_BLOCK_TR:
        in_row = false;
        if (row_line != static_cast<size_t>(-1)) {
          if (in_head_row) tables.back().header = row_line;
          else tables.back().rows.push_back(row_line);
        }
        break;
      case MD_BLOCK_P:
      case MD_BLOCK_LI: add(PieceKind::Break, "\n"); break;
      default: break;
    }
    return 0;
  }

  int enter_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_CODE) {
      if (std::vector<Piece>* t = target()) t->push_back({PieceKind::Code, {}});
      ++code_span;
    }
    return 0;
  }

  int leave_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_CODE) --code_span;
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE size) {
    std::string_view s(p, size);
    const char* base = page.buffer.data();
    bool in_buffer = p >= base && p + size <= base + page.buffer.size();
    if (in_buffer && type != MD_TEXT_BR && type != MD_TEXT_SOFTBR) {
      size_t idx = page.line_index(static_cast<size_t>(p - base));
      last_line = page.orig_line[idx];
      if (in_row && row_line == static_cast<size_t>(-1)) row_line = idx;
      if (in_heading && headings.back().line == 0) headings.back().line = last_line;
    }
    switch (type) {
      case MD_TEXT_NORMAL:
      case MD_TEXT_CODE: add(PieceKind::Text, s); break;
      case MD_TEXT_ENTITY: add(PieceKind::Text, decode_entity(s)); break;
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR: add(PieceKind::Text, " "); break;
      case MD_TEXT_HTML:
        if (verbatim_depth == 0 && s.size() >= 3 && iequals(s.substr(0, 3), "<br")) add(PieceKind::Text, " ");
        break;
      default: break;
    }
    return 0;
  }
};

// "Environment Variables {#env}" -> "Environment Variables".
std::string strip_anchor(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.empty() && t.back() == '}') {
    size_t open = t.rfind("{#");
    if (open != std::string_view::npos) t = trim(t.substr(0, open));
  }
  return std::string(t);
}

// The variable a heading documents, or "": `` `APP_REDIS=<url>` {#APP_REDIS} ``,
// `` `PORT` ``, `APP_REDIS`, `PORT {#PORT}`.
std::string heading_variable(const Heading& h) {
  std::vector<Piece> pieces;
  for (const auto& p : h.pieces)
    if (!(p.kind == PieceKind::Text && trim(p.text).empty())) pieces.push_back(p);
  std::string anchor;
  if (!pieces.empty() && pieces.back().kind == PieceKind::Text) {
    std::string_view t = trim(pieces.back().text);
    size_t open = t.rfind("{#");
    if (open != std::string_view::npos && t.back() == '}') {
      anchor = std::string(t.substr(open + 2, t.size() - open - 3));
      std::string rest = std::string(trim(t.substr(0, open)));
      if (rest.empty()) pieces.pop_back();
      else pieces.back().text = rest;
    }
  }
  if (pieces.size() != 1) return {};
  std::string_view s = trim(pieces[0].text);
  if (pieces[0].kind == PieceKind::Code) {
    // `APP_REDIS=<url>`, `FORCE_COLOR=[1, 2, 3]`, `$PORT`; not `new Error(message)`.
    if (starts_with(s, "$")) s.remove_prefix(1);
    s = s.substr(0, s.find('='));
    return looks_like_env_name(s, false) ? std::string(s) : std::string();
  }
  if (!looks_like_env_name(s, false)) return {};
  return s.find('_') != std::string_view::npos || s == anchor ? std::string(s) : std::string();
}

// The sentence after a "Defaults to" lead: text and code spans (in backticks) up to the end
// of the sentence or paragraph.
std::string lead_sentence(const std::vector<Piece>& prose, size_t k, size_t from) {
  std::string out = prose[k].text.substr(from);
  for (size_t j = k + 1; j < prose.size() && prose[j].kind != PieceKind::Break; ++j)
    out += prose[j].kind == PieceKind::Code ? "`" + prose[j].text + "`" : prose[j].text;
  size_t stop = std::string::npos;
  bool in_code = false;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '`') in_code = !in_code;
    if (!in_code && (out[i] == '\n' || (out[i] == '.' && (i + 1 == out.size() || out[i + 1] == ' ')))) {
      stop = i;
      break;
    }
  }
  std::string_view v = trim(std::string_view(out).substr(0, stop));
  while (!v.empty() && (v.back() == ',' || v.back() == ';' || v.back() == ':')) v.remove_suffix(1);
  return std::string(trim(v));
}

// The default stated in prose under a variable heading. Outer nullopt: the prose states none.
std::optional<std::optional<DefaultValue>> prose_default(const std::vector<Piece>& prose) {
  static constexpr std::array<std::string_view, 7> kLeads{
      "defaults to", "default value is", "default value:", "default is", "default:", "by default it is",
      "the default is"};
  for (size_t k = 0; k < prose.size(); ++k) {
    const Piece& p = prose[k];
    if (p.kind == PieceKind::Code) {
      // "`auto` (default)"
      if (k + 1 < prose.size() && prose[k + 1].kind == PieceKind::Text &&
          starts_with(to_lower(trim(prose[k + 1].text)), "(default)"))
        return normalize_doc_default("`" + p.text + "`");
      continue;
    }
    if (p.kind != PieceKind::Text) continue;
    std::string lower = to_lower(p.text);
    for (auto lead : kLeads) {
      size_t at = lower.find(lead);
      if (at == std::string::npos) continue;
      std::string sentence = lead_sentence(prose, k, at + lead.size());
      if (sentence.empty()) continue;
      // "Defaults to `3000` when unset": the code span is the value.
      if (sentence.front() == '`') {
        size_t close = sentence.find('`', 1);
        if (close != std::string::npos) return normalize_doc_default(sentence.substr(0, close + 1));
      }
      auto dv = normalize_doc_default(sentence);
      if (dv && sentence.find(' ') != std::string::npos) dv->comparable = false;  // words, not a value
      return dv;
    }
    if (lower.find("no default") != std::string::npos) return std::optional<DefaultValue>{};
  }
  return std::nullopt;
}

std::string first_paragraph(const std::vector<Piece>& prose) {
  std::vector<Piece> para;
  for (const auto& p : prose) {
    if (p.kind == PieceKind::Break) {
      if (!plain_text(para).empty()) break;
      continue;
    }
    if (p.kind == PieceKind::Code) para.push_back({PieceKind::Text, "`" + p.text + "`"});
    else para.push_back(p);
  }
  return plain_text(para);
}

// Heading path (outermost first) in effect just before `line`; for a variable documented by a
// heading of level `level`, only the headings above that level.
std::vector<std::string> section_at(const std::vector<Heading>& headings, int line, int level = 7) {
  std::vector<const Heading*> stack;
  for (const auto& h : headings) {
    if (h.line >= line) break;
    while (!stack.empty() && stack.back()->level >= h.level) stack.pop_back();
    stack.push_back(&h);
  }
  while (!stack.empty() && stack.back()->level >= level) stack.pop_back();
  std::vector<std::string> out;
  for (const Heading* h : stack) out.push_back(h->text);
  return out;
}

}  // namespace

Registry read_markdown_registry(std::string_view text, const std::string& rel) {
  Registry r;
  r.file = rel;
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  PreparedPage page = prepare_markdown_page(text, rel);

  Walker walker(page);
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  // MDX has no indented code blocks: tables indented inside components stay tables.
  if (rel.size() >= 4 && iequals(std::string_view(rel).substr(rel.size() - 4), ".mdx"))
    parser.flags |= MD_FLAG_NOINDENTEDCODEBLOCKS;
  parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Walker*>(u)->enter_block(t, d); };
  parser.leave_block = [](MD_BLOCKTYPE t, void*, void* u) { return static_cast<Walker*>(u)->leave_block(t); };
  parser.enter_span = [](MD_SPANTYPE t, void*, void* u) { return static_cast<Walker*>(u)->enter_span(t); };
  parser.leave_span = [](MD_SPANTYPE t, void*, void* u) { return static_cast<Walker*>(u)->leave_span(t); };
  parser.text = [](MD_TEXTTYPE t, const MD_CHAR* p, MD_SIZE n, void* u) {
    return static_cast<Walker*>(u)->text(t, p, n);
  };
  if (md_parse(page.buffer.data(), static_cast<MD_SIZE>(page.buffer.size()), &parser, &walker) != 0) {
    r.diagnostics.push_back({Diagnostic::Severity::Warning, rel, 0, "Markdown parser failed; page not read"});
    return r;
  }
  for (auto& h : walker.headings) h.text = strip_anchor(plain_text(h.pieces));

  std::vector<DocVariable> vars;
  std::vector<int> heading_level;  // per variable: the level of the heading documenting it, 7 for none
  for (const auto& table : walker.tables) read_page_table(page, table, rel, vars, r.diagnostics);
  for (auto& v : page.components) vars.push_back(std::move(v));
  heading_level.assign(vars.size(), 7);
  for (const auto& h : walker.headings) {
    std::string name = heading_variable(h);
    if (name.empty()) continue;
    DocVariable var;
    var.name = name;
    var.file = rel;
    var.line = h.line;
    var.description = first_paragraph(h.prose);
    if (auto d = prose_default(h.prose)) var.default_value = *d;
    else var.default_stated = false;
    vars.push_back(std::move(var));
    heading_level.push_back(h.level);
  }

  for (size_t k = 0; k < vars.size(); ++k) {
    DocVariable& v = vars[k];
    v.section = section_at(walker.headings, v.line, heading_level[k]);
    apply_prose_flags(v, plain_text(parse_inline(v.description)));
  }
  std::stable_sort(vars.begin(), vars.end(), [](const DocVariable& a, const DocVariable& b) { return a.line < b.line; });
  r.variables = std::move(vars);
  r.ignored = std::move(page.ignored);
  for (auto& d : page.diagnostics) r.diagnostics.push_back(std::move(d));
  std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  if (r.variables.empty() && r.ignored.empty())
    r.diagnostics.push_back({Diagnostic::Severity::Warning, rel, 0,
                             "no documented variables found (expected a table with a Variable/Env Var/Name column "
                             "and a Default or Description column, <ParamField> entries, or one heading per "
                             "variable)"});
  return r;
}

}  // namespace envdrift
