// Markdown / MDX registry pages (SPEC section 4, Appendix A "Registry pages").
//
// Three shapes of documentation are read from one page:
//  - tables with a name column (markdown_table.cpp),
//  - `<ParamField path="X" default="d">` components (markdown_page.cpp),
//  - one heading per variable (`` #### `APP_REDIS=<url>` {#APP_REDIS} ``) followed by prose
//    holding the default (`Defaults to \`redis://localhost:6379\`.`), read here.
// md4c gives the block structure (headings, tables, code blocks); table cells are re-read
// from their source lines so raw default cells are kept as written.
#include <fmt/format.h>
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
  int level = 0;                   // 0: the page's start, before any heading
  std::vector<Piece> pieces;       // the heading's inline content
  std::vector<ProseBlock> blocks;  // paragraphs, list items, indented code up to the next heading
  std::string text;                // plain text, `{#anchor}` removed
};

// md4c callbacks: collect headings (with the prose under each) and table row lines.
struct Walker {
  explicit Walker(const PreparedPage& p) : page(p), headings(1) {}

  const PreparedPage& page;
  std::vector<Heading> headings;  // headings[0] holds the prose before the first heading
  std::vector<PageTable> tables;
  int quote_depth = 0;
  int verbatim_depth = 0;  // code blocks, HTML blocks
  bool code_prose = false;  // inside an indented code block: its text is prose
  int list_depth = 0;
  bool block_open = false;  // text goes to headings.back().blocks.back()
  bool item_open = false;   // that block is a list item not yet given its first paragraph
  int code_span = 0;
  bool in_heading = false;
  bool in_table = false;
  bool in_head_row = false;
  bool in_row = false;
  size_t row_line = static_cast<size_t>(-1);
  int last_line = 1;

  void open_block(ProseBlock::Kind kind) {
    headings.back().blocks.push_back({});
    headings.back().blocks.back().kind = kind;
    headings.back().blocks.back().list_depth = list_depth;
    headings.back().blocks.back().lines.emplace_back();
    block_open = true;
  }

  std::vector<Piece>* target() {
    if (in_heading) return &headings.back().pieces;
    if ((verbatim_depth > 0 && !code_prose) || in_table) return nullptr;
    if (!block_open) open_block(ProseBlock::Kind::Paragraph);
    return &headings.back().blocks.back().lines.back();
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
      case MD_BLOCK_UL:
      case MD_BLOCK_OL: ++list_depth; break;
      case MD_BLOCK_LI:
        open_block(ProseBlock::Kind::Item);
        item_open = true;
        break;
      case MD_BLOCK_P:
        if (!item_open) open_block(ProseBlock::Kind::Paragraph);
        item_open = false;
        break;
      case MD_BLOCK_CODE:
        ++verbatim_depth;
        // An indented code block (mkdocs admonition bodies, definitions indented under a term)
        // is prose here; fenced blocks hold examples.
        if (static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->fence_char == 0 && verbatim_depth == 1) {
          open_block(ProseBlock::Kind::Code);
          code_prose = true;
        }
        break;
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
      case MD_BLOCK_UL:
      case MD_BLOCK_OL: --list_depth; break;
      case MD_BLOCK_CODE:
        --verbatim_depth;
        if (code_prose) block_open = code_prose = false;
        break;
      case MD_BLOCK_HTML: --verbatim_depth; break;
      case MD_BLOCK_H:
        in_heading = false;
        block_open = false;
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
      case MD_BLOCK_LI: block_open = item_open = false; break;
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

  // The first text of a prose block gives its line.
  void note_block_line(const size_t* idx) {
    if (in_heading || in_table || !block_open) return;
    ProseBlock& b = headings.back().blocks.back();
    if (b.line != 0 || idx == nullptr) return;
    b.line = page.orig_line[*idx];
    b.buffer_line = *idx;
  }

  void new_line() {
    if (target() != nullptr && !in_heading) headings.back().blocks.back().lines.emplace_back();
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
      note_block_line(&idx);
    }
    switch (type) {
      case MD_TEXT_NORMAL: add(PieceKind::Text, s); break;
      case MD_TEXT_CODE:
        if (code_prose && s == "\n") new_line();  // an indented code block's lines
        else add(PieceKind::Text, s);
        break;
      case MD_TEXT_ENTITY: add(PieceKind::Text, decode_entity(s)); break;
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        if (in_heading || !block_open) add(PieceKind::Text, " ");
        else new_line();
        break;
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
// `` `PORT` {: #PORT } ``, `` `PORT` (optional) ``, `` `PORT` ``, `APP_REDIS`, `PORT {#PORT}`,
// `` `NO_PROXY <list of hosts>` ``.
std::string heading_variable(const Heading& h) {
  std::vector<Piece> pieces;
  for (const auto& p : h.pieces)
    if (!(p.kind == PieceKind::Text && trim(p.text).empty())) pieces.push_back(p);
  std::string anchor;
  if (!pieces.empty() && pieces.back().kind == PieceKind::Text) {
    // A trailing attribute list: `{#ID}` (Pandoc, kramdown), `{: #ID }` (Python-Markdown's
    // attr_list, kramdown's IAL), with classes (`{#ID .x}`); its `#ID` is the anchor.
    std::string_view t = trim(pieces.back().text);
    size_t open = t.rfind('{');
    if (open != std::string_view::npos && t.size() >= 2 && t.back() == '}') {
      std::string_view inner = trim(t.substr(open + 1, t.size() - open - 2));
      if (!inner.empty() && inner.front() == ':') inner = trim(inner.substr(1));
      if (!inner.empty() && (inner.front() == '#' || inner.front() == '.')) {
        size_t hash = inner.find('#');
        if (hash != std::string_view::npos) {
          std::string_view id = inner.substr(hash + 1);
          anchor = std::string(id.substr(0, id.find_first_of(" \t}")));
        }
        std::string rest = std::string(trim(t.substr(0, open)));
        if (rest.empty()) pieces.pop_back();
        else pieces.back().text = rest;
      }
    }
  }
  // A trailing remark in parentheses after the name: `` `POSTGRES_PASSWORD` (optional) ``.
  if (pieces.size() == 2 && pieces[0].kind == PieceKind::Code && pieces[1].kind == PieceKind::Text) {
    std::string_view t = trim(pieces[1].text);
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')' && t.find(')') == t.size() - 1) pieces.pop_back();
  }
  if (pieces.size() != 1) return {};
  std::string_view s = trim(pieces[0].text);
  if (pieces[0].kind == PieceKind::Code) {
    // `APP_REDIS=<url>`, `FORCE_COLOR=[1, 2, 3]`, `$PORT`; not `new Error(message)`.
    if (starts_with(s, "$")) s.remove_prefix(1);
    s = s.substr(0, s.find('='));
    // The name and the syntax of its value, man-page style: `NO_PROXY <list of hosts>`,
    // `http_proxy [protocol://]<host>[:port]` (then a lower-case name with an underscore too);
    // not `login <user>` nor `new Error(message)`.
    size_t space = s.find_first_of(" \t");
    if (space != std::string_view::npos) {
      std::string_view rest = trim(s.substr(space));
      if (rest.empty() || std::string_view("<[{").find(rest.front()) == std::string_view::npos) return {};
      s = s.substr(0, space);
      bool lower_ok = s.find('_') != std::string_view::npos;
      return looks_like_env_name(s, lower_ok) ? std::string(s) : std::string();
    }
    return looks_like_env_name(s, false) ? std::string(s) : std::string();
  }
  if (!looks_like_env_name(s, false)) return {};
  return s.find('_') != std::string_view::npos || s == anchor ? std::string(s) : std::string();
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
    if (h.level == 0) continue;  // the page's start
    if (h.line >= line) break;
    while (!stack.empty() && stack.back()->level >= h.level) stack.pop_back();
    stack.push_back(&h);
  }
  while (!stack.empty() && stack.back()->level >= level) stack.pop_back();
  std::vector<std::string> out;
  for (const Heading* h : stack) out.push_back(h->text);
  return out;
}

// "`APP_PORT` — port to listen on" -> "port to listen on": the item's text after its name.
std::string item_description(const ProseBlock& item, const std::string& name) {
  std::string text = first_paragraph(flatten_blocks({&item}));
  size_t at = text.find(name);
  std::string_view rest = at == std::string::npos ? std::string_view(text) : std::string_view(text).substr(at + name.size());
  for (bool more = true; more;) {
    more = false;
    for (std::string_view sep : {"`", "*", "_", ":", "—", "–", "-", " "}) {
      if (starts_with(rest, sep)) {
        rest.remove_prefix(sep.size());
        more = true;
      }
    }
  }
  return std::string(trim(rest));
}

void add_alias(DocVariable& var, const std::string& alias) {
  if (alias.empty() || alias == var.name) return;
  if (std::find(var.aliases.begin(), var.aliases.end(), alias) == var.aliases.end()) var.aliases.push_back(alias);
}

// Fill a variable's default, aliases and flags from its attribute lines and its prose.
void apply_attributes(DocVariable& var, const Attributes& attrs, const std::vector<const ProseBlock*>& prose) {
  for (const auto& n : attrs.names) add_alias(var, n);
  var.required = var.required || attrs.required;
  var.deprecated = var.deprecated || attrs.deprecated;
  if (attrs.default_value) var.default_value = *attrs.default_value;
  else if (auto d = prose_default(flatten_blocks(prose))) var.default_value = *d;
  else var.default_stated = false;
}

// The entries documented under one heading (`levels` gets, per entry, the level of the heading
// documenting it: 7 when the heading is only its section):
//  - list items naming a variable (`` - `APP_PORT` — port (default: `8080`) ``), with the
//    attribute lines and paragraphs nested under each;
//  - the heading's own variable: named by `Name:` / `Env:` lines (the first wins; the others,
//    and the heading text when it is itself a name, become aliases), else by the heading.
void heading_entries(const PreparedPage& page, const Heading& h, const std::string& rel,
                     std::vector<DocVariable>& vars, std::vector<int>& levels) {
  std::vector<const ProseBlock*> own;  // blocks no list-item entry took
  const auto& blocks = h.blocks;
  for (size_t k = 0; k < blocks.size();) {
    const ProseBlock& item = blocks[k];
    std::string name;
    if (item.kind == ProseBlock::Kind::Item && item.buffer_line != static_cast<size_t>(-1))
      name = list_item_name(page.line_text(item.buffer_line));
    if (name.empty()) {
      own.push_back(&blocks[k++]);
      continue;
    }
    std::vector<const ProseBlock*> body{&item}, nested;
    for (++k; k < blocks.size(); ++k) {
      const ProseBlock& b = blocks[k];
      bool inside = b.list_depth > item.list_depth ||
                    (b.list_depth == item.list_depth && b.kind != ProseBlock::Kind::Item && b.list_depth > 0);
      if (!inside) break;
      body.push_back(&b);
      nested.push_back(&b);
    }
    DocVariable var;
    var.name = name;
    var.file = rel;
    var.line = item.line;
    var.description = item_description(item, name);
    apply_attributes(var, read_attributes(nested), body);
    vars.push_back(std::move(var));
    levels.push_back(7);
  }
  if (h.level == 0) return;  // the page's introduction documents no variable of its own

  Attributes attrs = read_attributes(own);
  std::vector<const ProseBlock*> prose;  // the blocks without attribute lines: the description
  for (size_t k = 0; k < own.size(); ++k)
    if (!attrs.attribute_block[k]) prose.push_back(own[k]);
  const std::string from_heading = heading_variable(h);
  DocVariable var;
  var.name = attrs.names.empty() ? from_heading : attrs.names.front();
  if (var.name.empty()) return;
  var.file = rel;
  var.line = attrs.names.empty() ? h.line : attrs.name_line;
  var.description = attrs.description.empty() ? first_paragraph(flatten_blocks(prose)) : attrs.description;
  apply_attributes(var, attrs, own);
  add_alias(var, from_heading);
  vars.push_back(std::move(var));
  levels.push_back(h.level);
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
  for (const auto& h : walker.headings) heading_entries(page, h, rel, vars, heading_level);

  for (size_t k = 0; k < vars.size(); ++k) {
    DocVariable& v = vars[k];
    std::vector<std::string> labels = std::move(v.section);  // a table's group-row label, if any
    v.section = section_at(walker.headings, v.line, heading_level[k]);
    v.section.insert(v.section.end(), labels.begin(), labels.end());
    apply_prose_flags(v, plain_text(parse_inline(v.description)));
  }
  std::stable_sort(vars.begin(), vars.end(), [](const DocVariable& a, const DocVariable& b) { return a.line < b.line; });
  r.variables = std::move(vars);
  r.ignored = std::move(page.ignored);
  for (auto& d : page.diagnostics) r.diagnostics.push_back(std::move(d));
  std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  if (r.variables.empty() && r.ignored.empty()) {
    r.mentioned = page_mentions(text);
    if (r.mentioned.empty()) {
      r.diagnostics.push_back({Diagnostic::Severity::Warning, rel, 0,
                               "no documented variables found (expected a table with a Variable/Env Var/Name column "
                               "and a Default or Description column, <ParamField> entries, or one heading per "
                               "variable)"});
    } else {
      r.diagnostics.push_back(
          {Diagnostic::Severity::Note, rel, r.mentioned.front().line,
           fmt::format("no variable entries (table, <ParamField> or heading per variable); the {} names the page "
                       "mentions count as documented with no known default, and are never reported unread",
                       r.mentioned.size())});
    }
  }
  return r;
}

}  // namespace envdrift
