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
