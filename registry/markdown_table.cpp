// Markdown tables -> documented variables: column roles by header, names and defaults by cell.
#include <array>
#include <optional>

#include <fmt/format.h>

#include "analyzer/core/normalize.h"
#include "registry/inline_text.h"
#include "registry/markdown_page.h"

namespace envdrift::registry_detail {

namespace {

std::string header_key(std::string_view cell) {
  std::string t = to_lower(plain_text(parse_inline(cell)));
  std::string out;
  for (char c : t)
    if (c != '*' && c != '_') out += c;
  std::string_view v = trim(out);
  while (!v.empty() && (v.back() == ':' || v.back() == '.')) v.remove_suffix(1);
  return std::string(trim(v));
}

template <size_t N>
int find_column(const std::vector<std::string>& keys, const std::array<std::string_view, N>& wanted) {
  for (auto w : wanted)
    for (size_t c = 0; c < keys.size(); ++c)
      if (keys[c] == w) return static_cast<int>(c);
  return -1;
}

std::string_view cell_at(const std::vector<std::string>& cells, int col) {
  if (col < 0 || static_cast<size_t>(col) >= cells.size()) return {};
  return cells[static_cast<size_t>(col)];
}

// A group-header row: a first cell that is emphasised or not a name, the other cells empty
// (`| **SMTP** | | |`, or `| **SMTP** |` spanning the table). Its label, else nullopt.
std::optional<std::string> group_label(const std::vector<std::string>& cells, bool env_header) {
  if (cells.empty() || trim(cells[0]).empty()) return std::nullopt;
  for (size_t c = 1; c < cells.size(); ++c)
    if (!trim(cells[c]).empty()) return std::nullopt;
  std::string_view first = trim(cells[0]);
  bool emphasised = first.size() >= 2 && (first.front() == '*' || first.front() == '_') && first.back() == first.front();
  if (!emphasised && !parse_name_cell(first, env_header).names.empty()) return std::nullopt;
  std::string label = plain_text(parse_inline(first));
  std::string_view t = label;
  while (!t.empty() && (t.front() == '*' || t.front() == '_')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == '*' || t.back() == '_')) t.remove_suffix(1);
  return std::string(trim(t));
}

}  // namespace

void read_page_table(const PreparedPage& page, const PageTable& table, const std::string& rel,
                     std::vector<DocVariable>& out, std::vector<Diagnostic>& diagnostics) {
  if (table.header >= page.line_start.size()) return;
  std::vector<std::string> keys;
  for (const auto& cell : split_table_row(page.line_text(table.header), table.quote_depth))
    keys.push_back(header_key(cell));
  const int name_col = find_column(keys, kNameLabels);
  if (name_col < 0) return;  // `NODE_ENV | What changes`: not a list of variables
  // Under an explicit `Env var` header, lower-case names in code spans count (`http_proxy`).
  const bool env_header = keys[static_cast<size_t>(name_col)].find("env") != std::string::npos;
  const int default_col = find_column(keys, kDefaultLabels);
  const int alias_col = find_column(keys, kAliasLabels);
  const int desc_col = find_column(keys, kDescriptionLabels);
  int required_col = -1;
  for (size_t c = 0; c < keys.size(); ++c)
    if (keys[c] == "required") required_col = static_cast<int>(c);
  const int header_line = page.orig_line[table.header];
  if (default_col < 0 && desc_col < 0) {
    diagnostics.push_back({Diagnostic::Severity::Note, rel, header_line,
                           "table has a name column but neither a Default nor a Description column; "
                           "not read as documentation"});
    return;
  }

  std::string group;  // the label of the last group-header row (`| **SMTP** | | |`)
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const size_t row = table.rows[r];
    std::vector<std::string> cells = split_table_row(page.line_text(row), table.quote_depth);
    if (auto label = group_label(cells, env_header)) {
      group = *label;
      continue;
    }
    NameCell names = parse_name_cell(cell_at(cells, name_col), env_header);
    if (names.names.empty()) {  // `(none set)`, prose, wildcards
      std::string shown = plain_text(parse_inline(cell_at(cells, name_col)));
      if (!shown.empty())
        diagnostics.push_back({Diagnostic::Severity::Note, rel, page.orig_line[row],
                               fmt::format("row {}: `{}` is not a variable name, skipped", r + 1, shown)});
      continue;
    }
    std::vector<std::string> aliases = parse_name_cell(cell_at(cells, alias_col), env_header).names;
    std::string_view default_cell = cell_at(cells, default_col);
    std::vector<std::string> aligned;
    if (default_col >= 0 && names.names.size() > 1) aligned = split_aligned_defaults(default_cell, names.names.size());
    std::string_view desc = cell_at(cells, desc_col);
    bool required = names.starred || contains_word(default_cell, "required") ||
                    (required_col >= 0 && truthy_text(plain_text(parse_inline(cell_at(cells, required_col)))));

    for (size_t k = 0; k < names.names.size(); ++k) {
      DocVariable var;
      var.name = names.names[k];
      var.aliases = aliases;
      var.file = rel;
      var.line = page.orig_line[row];
      var.required = required;
      var.description = std::string(desc);
      if (!group.empty()) var.section.push_back(group);  // the heading path goes before it
      if (default_col >= 0) {
        var.default_value = normalize_doc_default(aligned.empty() ? default_cell : std::string_view(aligned[k]));
      } else if (auto stated = prose_default(parse_inline(desc))) {
        var.default_value = *stated;  // "Defaults to `8080`." in the description
      } else {
        var.default_stated = false;
      }
      out.push_back(std::move(var));
    }
  }
}

}  // namespace envdrift::registry_detail
