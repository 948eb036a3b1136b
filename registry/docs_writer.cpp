// The docs-table writer: marker regions, the generated table, and the unified diff of `--check`.
#include "registry/docs_writer.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "analyzer/core/normalize.h"

namespace envdrift {

namespace {

struct Line {
  size_t begin = 0;  // offset of the first byte
  size_t end = 0;    // offset past the line terminator
  std::string_view body;  // without "\n" / "\r\n"
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    size_t body_end = nl == std::string_view::npos ? text.size() : nl;
    if (body_end > pos && text[body_end - 1] == '\r') --body_end;
    out.push_back({pos, end, text.substr(pos, body_end - pos)});
    pos = end;
  }
  return out;
}

// The text inside `<!-- ... -->` or `{/* ... */}` when the whole (trimmed) line is one such comment.
std::optional<std::string_view> comment_body(std::string_view line) {
  line = trim(line);
  if (starts_with(line, "<!--") && line.size() >= 7 && line.substr(line.size() - 3) == "-->")
    return trim(line.substr(4, line.size() - 7));
  if (starts_with(line, "{/*") && line.size() >= 6 && line.substr(line.size() - 3) == "*/}")
    return trim(line.substr(3, line.size() - 6));
  return std::nullopt;
}

enum class MarkerKind { None, Begin, End };

MarkerKind marker_of(std::string_view line, std::string& section) {
  auto body = comment_body(line);
  if (!body) return MarkerKind::None;
  std::string_view b = *body;
  if (b == "envdrift:end") return MarkerKind::End;
  if (!starts_with(b, "envdrift:begin")) return MarkerKind::None;
  std::string_view rest = b.substr(14);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return MarkerKind::None;
  rest = trim(rest);
  section.clear();
  if (starts_with(rest, "[") && rest.back() == ']') rest = trim(rest.substr(1, rest.size() - 2));
  if (starts_with(rest, "section")) {
    rest = trim(rest.substr(7));
    if (starts_with(rest, "=")) {
      rest = trim(rest.substr(1));
      if (rest.size() >= 2 && (rest.front() == '"' || rest.front() == '\'') && rest.back() == rest.front())
        rest = rest.substr(1, rest.size() - 2);
      section = std::string(trim(rest));
    }
  }
  return MarkerKind::Begin;
}

// An ATX heading's level and text (`## Ingest service {#ingest}` -> 2, "Ingest service").
int heading_of(std::string_view line, std::string& text) {
  size_t indent = 0;
  while (indent < line.size() && indent < 3 && line[indent] == ' ') ++indent;
  line = line.substr(indent);
  int level = 0;
  while (static_cast<size_t>(level) < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (static_cast<size_t>(level) < line.size() && line[level] != ' ' && line[level] != '\t') return 0;
  std::string_view t = trim(line.substr(level));
  size_t anchor = t.rfind("{#");
  if (anchor != std::string_view::npos && t.back() == '}') t = trim(t.substr(0, anchor));
  while (!t.empty() && t.back() == '#') t.remove_suffix(1);
  text = std::string(trim(t));
  return level;
}

bool is_fence(std::string_view line, std::string& fence) {
  std::string_view t = trim(line);
  for (std::string_view f : {"```", "~~~"}) {
    if (!starts_with(t, f)) continue;
    if (fence.empty()) {
      fence = std::string(f);
      return true;
    }
    if (fence == f) {
      fence.clear();
      return true;
    }
  }
  return false;
}

// Cells of a pipe-table row; `|` inside code spans or escaped as `\|` does not split.
std::vector<std::string> table_cells(std::string_view row) {
  row = trim(row);
  if (starts_with(row, "|")) row.remove_prefix(1);
  std::vector<std::string> cells;
  std::string cur;
  bool in_code = false;
  for (size_t i = 0; i < row.size(); ++i) {
    char c = row[i];
    if (c == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cur += "\\|";
      ++i;
      continue;
    }
    if (c == '`') in_code = !in_code;
    if (c == '|' && !in_code) {
      cells.emplace_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!trim(cur).empty()) cells.emplace_back(trim(cur));
  return cells;
}

// `` `A` / `B` `` -> {"A", "B"}; `POSTGRES\_HOST` -> "POSTGRES_HOST".
std::vector<std::string> names_in_cell(std::string_view cell) {
  std::string plain;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\' && i + 1 < cell.size()) {
      plain += cell[++i];
      continue;
    }
    if (cell[i] == '`' || cell[i] == '*') continue;
    plain += cell[i];
  }
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= plain.size()) {
    size_t slash = plain.find('/', pos);
    std::string_view part = std::string_view(plain).substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    part = trim(part);
    if (!part.empty()) out.emplace_back(part);
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  return out;
}

bool is_name_header(std::string_view h) {
  std::string l = to_lower(trim(h));
  for (std::string_view n : {"name", "variable", "variables", "env var", "env variable", "env variables",
                             "environment variable", "key"})
    if (l == n) return true;
  return false;
}

std::string_view header_of(DocsColumn c) {
  switch (c) {
    case DocsColumn::Name: return "Variable";
    case DocsColumn::Default: return "Default";
    case DocsColumn::ReadBy: return "Read by";
    case DocsColumn::Description: return "Description";
    case DocsColumn::Aliases: return "Aliases";
  }
  return "";
}

}  // namespace

std::string markdown_code_span(std::string_view v) {
  std::string esc;
  for (char c : v) {
    if (c == '|') esc += '\\';
    esc += c;
  }
  if (v.find('`') != std::string_view::npos) return "`` " + esc + " ``";
  return "`" + esc + "`";
}

std::vector<DocsColumn> default_docs_columns() {
  return {DocsColumn::Name, DocsColumn::Default, DocsColumn::ReadBy, DocsColumn::Description};
}

bool parse_docs_column(std::string_view key, DocsColumn& out) {
  if (key == "name") out = DocsColumn::Name;
  else if (key == "default") out = DocsColumn::Default;
  else if (key == "read_by") out = DocsColumn::ReadBy;
  else if (key == "description") out = DocsColumn::Description;
  else if (key == "aliases") out = DocsColumn::Aliases;
  else return false;
  return true;
}

std::vector<DocsRegion> find_docs_regions(std::string_view text) {
  std::vector<DocsRegion> out;
  std::vector<std::pair<int, std::string>> headings;  // level, text
  std::string fence;
  bool open = false;
  DocsRegion cur;
  auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    int lineno = static_cast<int>(i) + 1;
    if (!open && is_fence(l.body, fence)) continue;
    if (!open && !fence.empty()) continue;
    std::string section;
    MarkerKind m = marker_of(l.body, section);
    if (m == MarkerKind::Begin) {
      if (open) throw DocsError{fmt::format("{}: envdrift:begin inside the region opened at line {} (missing envdrift:end)", lineno, cur.begin_line)};
      open = true;
      cur = DocsRegion{};
      cur.begin_line = lineno;
      cur.section = section;
      for (const auto& h : headings) cur.headings.push_back(h.second);
      cur.content_begin = l.end;
      continue;
    }
    if (m == MarkerKind::End) {
      if (!open) throw DocsError{fmt::format("{}: envdrift:end without a matching envdrift:begin", lineno)};
      open = false;
      cur.end_line = lineno;
      cur.content_end = l.begin;
      out.push_back(cur);
      continue;
    }
    if (open) continue;
    std::string htext;
    if (int level = heading_of(l.body, htext)) {
      while (!headings.empty() && headings.back().first >= level) headings.pop_back();
      headings.emplace_back(level, htext);
    }
  }
  if (open) throw DocsError{fmt::format("{}: envdrift:begin without a matching envdrift:end", cur.begin_line)};
  return out;
}

std::vector<std::pair<std::string, std::string>> existing_descriptions(std::string_view region) {
  std::vector<std::pair<std::string, std::string>> out;
  int name_col = -1;
  int desc_col = -1;
  bool header_seen = false;
  for (const Line& l : split_lines(region)) {
    std::string_view t = trim(l.body);
    if (!starts_with(t, "|")) {
      header_seen = false;  // a new table may follow
      continue;
    }
    auto cells = table_cells(t);
    if (!header_seen) {
      header_seen = true;
      name_col = desc_col = -1;
      for (size_t c = 0; c < cells.size(); ++c) {
        if (name_col < 0 && is_name_header(cells[c])) name_col = static_cast<int>(c);
        if (desc_col < 0 && iequals(trim(cells[c]), "description")) desc_col = static_cast<int>(c);
      }
      continue;
    }
    if (cells.empty() || (cells[0].find_first_not_of("-: ") == std::string::npos)) continue;  // separator
    if (name_col < 0 || desc_col < 0) continue;
    if (static_cast<size_t>(name_col) >= cells.size() || static_cast<size_t>(desc_col) >= cells.size()) continue;
    for (const auto& n : names_in_cell(cells[name_col])) out.emplace_back(n, cells[desc_col]);
  }
  return out;
}

std::string render_docs_table(std::vector<DocsRow> rows, const std::vector<DocsColumn>& columns,
                              const std::vector<std::pair<std::string, std::string>>& descriptions,
                              std::string_view eol) {
  std::sort(rows.begin(), rows.end(), [](const DocsRow& a, const DocsRow& b) { return a.name < b.name; });
  std::map<std::string, std::string> desc;
  for (const auto& [n, d] : descriptions) desc.emplace(n, d);
  const bool alias_col = std::find(columns.begin(), columns.end(), DocsColumn::Aliases) != columns.end();
  auto code_list = [](const std::vector<std::string>& names, std::string_view sep) {
    std::string cell;
    for (const auto& n : names) cell += (cell.empty() ? "" : std::string(sep)) + markdown_code_span(n);
    return cell;
  };
  std::string out = "|";
  for (auto c : columns) out += fmt::format(" {} |", header_of(c));
  out += eol;
  out += "|";
  for (size_t i = 0; i < columns.size(); ++i) out += " --- |";
  out += eol;
  for (const auto& r : rows) {
    out += "|";
    for (auto c : columns) {
      std::string cell;
      switch (c) {
        case DocsColumn::Name: {
          std::vector<std::string> names{r.name};
          names.insert(names.end(), r.also.begin(), r.also.end());
          if (!alias_col) names.insert(names.end(), r.aliases.begin(), r.aliases.end());
          cell = code_list(names, " / ");
          break;
        }
        case DocsColumn::Aliases: cell = code_list(r.aliases, ", "); break;
        case DocsColumn::Default: cell = r.default_cell.empty() ? "—" : r.default_cell; break;
        case DocsColumn::ReadBy:
          for (const auto& f : r.read_by) cell += (cell.empty() ? "" : ", ") + markdown_code_span(f);
          break;
        case DocsColumn::Description: {
          auto it = desc.find(r.name);
          for (const auto* more : {&r.also, &r.aliases})
            for (size_t k = 0; it == desc.end() && k < more->size(); ++k) it = desc.find((*more)[k]);
          if (it != desc.end()) cell = it->second;
          break;
        }
      }
      out += cell.empty() ? " |" : fmt::format(" {} |", cell);
    }
    out += eol;
  }
  return out;
}

std::string regenerate_docs(std::string_view text, const std::vector<DocsColumn>& columns,
                            const std::function<std::vector<DocsRow>(const DocsRegion&)>& rows_for,
                            bool alias_column) {
  std::string_view eol = "\n";
  size_t nl = text.find('\n');
  if (nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r') eol = "\r\n";
  std::string out;
  size_t pos = 0;
  for (const auto& region : find_docs_regions(text)) {
    out.append(text.substr(pos, region.content_begin - pos));
    // A begin marker on the file's last line without a newline: start the table on its own line.
    if (region.content_begin > 0 && text[region.content_begin - 1] != '\n') out += eol;
    std::string_view old = text.substr(region.content_begin, region.content_end - region.content_begin);
    std::vector<DocsRow> rows = rows_for(region);
    std::vector<DocsColumn> cols = columns;
    bool has_aliases = std::any_of(rows.begin(), rows.end(), [](const DocsRow& r) { return !r.aliases.empty(); });
    if (alias_column && has_aliases && std::find(cols.begin(), cols.end(), DocsColumn::Aliases) == cols.end()) {
      auto name = std::find(cols.begin(), cols.end(), DocsColumn::Name);
      cols.insert(name == cols.end() ? cols.begin() : name + 1, DocsColumn::Aliases);
    }
    out += render_docs_table(std::move(rows), cols, existing_descriptions(old), eol);
    pos = region.content_end;
  }
  out.append(text.substr(pos));
  return out;
}

std::string insert_docs_regions(std::string_view text, bool mdx, const std::vector<NewRegion>& regions,
                                std::string_view after_heading) {
  std::string_view eol = "\n";
  size_t nl = text.find('\n');
  if (nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r') eol = "\r\n";
  auto lines = split_lines(text);
  struct Heading {
    size_t line;
    int level;
    std::string text;
  };
  std::vector<Heading> headings;
  std::string fence;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (is_fence(lines[i].body, fence) || !fence.empty()) continue;
    std::string h;
    if (int level = heading_of(lines[i].body, h)) headings.push_back({i, level, h});
  }
  size_t at = text.size();  // byte offset of the insertion
  int level = 2;
  if (!after_heading.empty()) {
    const Heading* anchor = nullptr;
    for (const auto& h : headings)
      if (anchor == nullptr && iequals(trim(h.text), trim(after_heading))) anchor = &h;
    if (anchor == nullptr) {
      std::string known;
      for (const auto& h : headings) known += (known.empty() ? "" : ", ") + fmt::format("\"{}\"", h.text);
      throw DocsError{fmt::format(" no heading \"{}\" to insert the table after (headings: {})", after_heading,
                                  known.empty() ? "none" : known)};
    }
    level = std::min(anchor->level + 1, 6);
    for (const auto& h : headings) {
      if (h.line > anchor->line && h.level <= anchor->level) {
        at = lines[h.line].begin;
        break;
      }
    }
  } else if (!headings.empty()) {
    int top = 6;
    for (const auto& h : headings) top = std::min(top, h.level);
    // A page titled by a single top-level heading gets sections below it.
    int at_top = 0;
    for (const auto& h : headings) at_top += h.level == top ? 1 : 0;
    level = std::min(at_top == 1 ? top + 1 : top, 6);
  }
  std::string block;
  for (const auto& r : regions) {
    if (!r.heading.empty()) block += std::string(static_cast<size_t>(level), '#') + " " + r.heading + std::string(eol) + std::string(eol);
    std::string attr;
    if (!r.section.empty()) {
      bool quote = r.section.find_first_of(" \t") != std::string::npos;
      attr = quote ? fmt::format(" section=\"{}\"", r.section) : " section=" + r.section;
    }
    if (mdx) block += fmt::format("{{/* envdrift:begin{} */}}{}{{/* envdrift:end */}}{}", attr, eol, eol);
    else block += fmt::format("<!-- envdrift:begin{} -->{}<!-- envdrift:end -->{}", attr, eol, eol);
    block += eol;
  }
  std::string before(text.substr(0, at));
  std::string after(text.substr(at));
  // One blank line between the page and the block; the block's own trailing blank line separates
  // it from what follows, and is dropped at the end of the page.
  if (!before.empty() && before.back() != '\n') before += eol;
  bool blank_before = before.empty() || before.size() < eol.size() * 2 ||
                      before.compare(before.size() - 2 * eol.size(), 2 * eol.size(), std::string(eol) + std::string(eol)) == 0;
  if (!before.empty() && !blank_before) before += eol;
  if (after.empty()) block.resize(block.size() - eol.size());
  return before + block + after;
}

std::string unified_diff(std::string_view before, std::string_view after, const std::string& path) {
  if (before == after) return "";
  auto a = split_lines(before);
  auto b = split_lines(after);
  auto same = [&](size_t i, size_t j) {
    return before.substr(a[i].begin, a[i].end - a[i].begin) == after.substr(b[j].begin, b[j].end - b[j].begin);
  };
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && same(pre, pre)) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && same(a.size() - 1 - suf, b.size() - 1 - suf)) ++suf;
  size_t n = a.size() - pre - suf;
  size_t m = b.size() - pre - suf;
  // ops over the whole files: ' ' keep, '-' delete (old line), '+' insert (new line)
  std::vector<std::pair<char, size_t>> ops;
  for (size_t i = 0; i < pre; ++i) ops.emplace_back(' ', i);
  if (n * m <= 25'000'000) {
    std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        lcs[i][j] = same(pre + i, pre + j) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && same(pre + i, pre + j)) {
        ops.emplace_back(' ', pre + i);
        ++i, ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.emplace_back('-', pre + i++);
      } else {
        ops.emplace_back('+', pre + j++);
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) ops.emplace_back('-', pre + i);
    for (size_t j = 0; j < m; ++j) ops.emplace_back('+', pre + j);
  }
  for (size_t i = 0; i < suf; ++i) ops.emplace_back(' ', a.size() - suf + i);

  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].first == ' ') ++k;
    if (k == ops.size()) break;
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;  // extend while changes are within 2*context of each other
    for (;;) {
      while (end < ops.size() && ops[end].first != ' ') ++end;
      size_t next = end;
      while (next < ops.size() && ops[next].first == ' ') ++next;
      if (next < ops.size() && next - end <= 2 * kContext) {
        end = next;
        continue;
      }
      end = std::min(ops.size(), end + kContext);
      break;
    }
    // line numbers: count old/new lines before `start`
    size_t old_start = 0, new_start = 0;
    for (size_t x = 0; x < start; ++x) {
      if (ops[x].first != '+') ++old_start;
      if (ops[x].first != '-') ++new_start;
    }
    size_t old_len = 0, new_len = 0;
    std::string body;
    for (size_t x = start; x < end; ++x) {
      char op = ops[x].first;
      std::string_view text = op == '+' ? b[ops[x].second].body : a[ops[x].second].body;
      if (op != '+') ++old_len;
      if (op != '-') ++new_len;
      body += op;
      body += text;
      body += '\n';
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_len ? old_start + 1 : old_start, old_len,
                       new_len ? new_start + 1 : new_start, new_len);
    out += body;
    k = end;
  }
  return out;
}

}  // namespace envdrift
