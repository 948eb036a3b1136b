// `envdrift docs`: the generated reference tables between markers in a registry page
// (SPEC section 6). Pure text in, text out; the CLI (cli/docs_command.cpp) does the I/O.
//
// Markers, each on a line of its own:
//   <!-- envdrift:begin -->  or  <!-- envdrift:begin section=NAME -->   ... <!-- envdrift:end -->
//   {/* envdrift:begin section="NAME" */}  ...  {/* envdrift:end */}          (MDX)
// Everything outside the region (the marker lines included) is kept byte for byte.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace envdrift {

// The columns a generated table can have, in the order the config lists them.
enum class DocsColumn { Name, Default, ReadBy, Description, Aliases };
std::vector<DocsColumn> default_docs_columns();
// "name", "default", "read_by", "description", "aliases"; false when `key` is none of them.
bool parse_docs_column(std::string_view key, DocsColumn& out);

struct DocsRow {
  std::string name;
  std::string default_cell;          // already formatted: "`8080`", "—", "computed: `os.cpus()`"
  std::vector<std::string> read_by;  // relative files, sorted, distinct
  // Names documented in the same row (`A` / `B`), shown after `name` in the name cell.
  std::vector<std::string> also;
  // Documented aliases of the row's names: the Aliases column, or the name cell without one.
  std::vector<std::string> aliases;
};

struct DocsRegion {
  int begin_line = 0;                 // 1-based line of the begin marker
  int end_line = 0;                   // 1-based line of the end marker
  std::string section;                // the `section=` attribute, "" when absent
  std::vector<std::string> headings;  // heading path at the begin marker, outermost first
  size_t content_begin = 0;           // byte offset just after the begin marker line
  size_t content_end = 0;             // byte offset of the start of the end marker line
};

struct DocsError {
  std::string message;  // "file:line: what is wrong" (the caller prefixes the file)
};

// The marker regions of a page, in order. Throws DocsError on a begin without end, an end
// without begin, or nested begins.
std::vector<DocsRegion> find_docs_regions(std::string_view text);

// The descriptions of the table currently inside a region, by variable name (the cell text,
// trimmed, markup kept). Rows whose name cell holds several names map each of them.
std::vector<std::pair<std::string, std::string>> existing_descriptions(std::string_view region);

// `v` as an inline code span, `|` escaped for a table cell.
std::string markdown_code_span(std::string_view v);

// The table for `rows` (sorted here by name), lines ending in `eol`. The description of a row is
// looked up by its name, then its other names and aliases.
std::string render_docs_table(std::vector<DocsRow> rows, const std::vector<DocsColumn>& columns,
                              const std::vector<std::pair<std::string, std::string>>& descriptions,
                              std::string_view eol);

// The whole page with every region regenerated; `rows_for` gives the rows of a region (it may
// throw DocsError). The page's line ending (CRLF when its first line ends in CRLF) is kept.
// `alias_column`: a region whose rows have aliases gets an Aliases column after the name column
// when `columns` has none (the default columns), so the page reads them back as aliases.
std::string regenerate_docs(std::string_view text, const std::vector<DocsColumn>& columns,
                            const std::function<std::vector<DocsRow>(const DocsRegion&)>& rows_for,
                            bool alias_column = false);

// A region to add to a page that has none (`docs --insert`): under a heading of its own when
// `heading` is not empty, with `section=` when `section` is not empty.
struct NewRegion {
  std::string heading;
  std::string section;
};

// `text` with empty marker regions added (comment markers `{/* */}` when `mdx`): at the end of
// the page, or, when `after_heading` is not empty, at the end of the section that heading opens
// (before the next heading of the same or a higher level; compared without case and without a
// `{#anchor}`). Region headings are one level below that heading, or below the page's top
// level at the end of the page. Throws DocsError naming the headings when none matches.
std::string insert_docs_regions(std::string_view text, bool mdx, const std::vector<NewRegion>& regions,
                                std::string_view after_heading);

// A unified diff (3 lines of context) from `before` to `after`; "" when they are equal.
std::string unified_diff(std::string_view before, std::string_view after, const std::string& path);

}  // namespace envdrift
