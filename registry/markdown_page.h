// Markdown/MDX registry pages, first pass: everything md4c should not see or cannot see.
//
// `prepare_markdown_page` scans the raw page (skipping fenced code) and
//  - extracts `<ParamField>` / `<ResponseField>` components as documented variables,
//  - collects `<!-- envdrift: ignore NAME -->` and `{/* envdrift: ignore NAME */}` directives,
//  - blanks both, plus front matter and lines made only of HTML/JSX tags (`<Accordion>`,
//    `</Tabs>`), so that md4c sees the tables inside MDX components,
//  - inserts a blank line before a table that directly follows a paragraph line (GitHub
//    renders it as a table; md4c would not).
// The result keeps a map from its lines back to the page's lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/inline_text.h"
#include "registry/model.h"

namespace envdrift::registry_detail {

struct PreparedPage {
  std::string buffer;                      // the text md4c parses
  std::vector<size_t> line_start;          // offset of each buffer line
  std::vector<int> orig_line;              // per buffer line: 1-based line in the page
  std::vector<DocVariable> components;     // section and flags are filled in later
  std::vector<std::string> ignored;
  std::vector<Diagnostic> diagnostics;

  // Buffer line index holding `offset` (an offset into `buffer`).
  size_t line_index(size_t offset) const;
  std::string_view line_text(size_t index) const;
};

PreparedPage prepare_markdown_page(std::string_view text, const std::string& rel);

}  // namespace envdrift::registry_detail

namespace envdrift::registry_detail {

// A table md4c found: its rows as buffer line indices.
struct PageTable {
  int quote_depth = 0;                 // nesting inside blockquotes (`> | a | b |`)
  size_t header = static_cast<size_t>(-1);
  std::vector<size_t> rows;
};

// Read one table (markdown_table.cpp): when it has a name column and a Default or
// Description column, one DocVariable per name in each row (section and prose flags are
// filled in later).
void read_page_table(const PreparedPage& page, const PageTable& table, const std::string& rel,
                     std::vector<DocVariable>& out, std::vector<Diagnostic>& diagnostics);

}  // namespace envdrift::registry_detail

namespace envdrift::registry_detail {

// One block of prose under a heading, as md4c delivers it: a paragraph, a list item's own text,
// or an indented code block's text (mkdocs admonition bodies are indented), line by line.
struct ProseBlock {
  enum class Kind { Paragraph, Item, Code };
  Kind kind = Kind::Paragraph;
  int line = 0;                           // 1-based page line of its first text
  size_t buffer_line = static_cast<size_t>(-1);  // the PreparedPage line of its first text
  int list_depth = 0;                     // 1 inside a top-level list, 2 in a nested one, ...
  std::vector<std::vector<Piece>> lines;  // soft and hard line breaks split lines
};

// Blocks as one run of prose: lines joined by spaces, blocks separated by Break pieces, fence
// lines of admonitions (`:::note`, `!!! info`) left out.
std::vector<Piece> flatten_blocks(const std::vector<const ProseBlock*>& blocks);

// The default stated in prose (prose_entries.cpp): "Defaults to `X`", "Default: X",
// "default is X", "`X` (default)", "`X` by default", "(default: `X`)". Outer nullopt: the prose
// states none; inner nullopt: it says there is no default ("There is no default.").
std::optional<std::optional<DefaultValue>> prose_default(const std::vector<Piece>& prose);

// `Label: value` lines in blocks (`- Name: \`APP_LOG_LEVEL\``, `- **Default:** \`info\``,
// `- Required: yes`, a bare `- Deprecated`) and definition lists (`Default` then `: \`info\``).
struct Attributes {
  std::vector<std::string> names;  // `Name:` / `Env:` / `Environment variable:` values, in order
  int name_line = 0;               // the line of the first name
  std::optional<std::optional<DefaultValue>> default_value;  // outer nullopt: no `Default:` line
  std::string description;         // a `Description:` value
  bool required = false;
  bool deprecated = false;
  std::vector<bool> attribute_block;  // per block: holds an attribute line (not a description)
};
Attributes read_attributes(const std::vector<const ProseBlock*>& blocks);

// Every distinct variable-shaped name the page text holds (prose, code spans, code blocks):
// upper-case letters and digits joined by at least one underscore (`ATHENS_STORAGE_TYPE`,
// `$NTFY_DEBUG`), with the line of its first mention, in page order. Words without an
// underscore (`HTTP`, `JSON`) are not names. For pages with no entries (Registry::mentioned).
std::vector<DocMention> page_mentions(std::string_view text);

}  // namespace envdrift::registry_detail
