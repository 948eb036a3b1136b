#include "analyzer/typescript/embedded.h"

#include <cctype>
#include <cstdint>

namespace envdrift::js {

namespace {

// Byte offsets to tree-sitter points, for offsets asked in increasing order (one pass).
class Points {
 public:
  explicit Points(std::string_view text) : text_(text) {}
  TSPoint at(size_t offset) {
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\n') {
        ++row_;
        line_start_ = pos_ + 1;
      }
    }
    return TSPoint{row_, static_cast<uint32_t>(offset - line_start_)};
  }

 private:
  std::string_view text_;
  size_t pos_ = 0, line_start_ = 0;
  uint32_t row_ = 0;
};

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// The value of attribute `name` in an open tag's text ("" when absent).
std::string_view attribute(std::string_view tag, std::string_view name) {
  for (size_t i = tag.find(name); i != std::string_view::npos; i = tag.find(name, i + 1)) {
    if (i == 0 || name_char(tag[i - 1])) continue;
    size_t j = i + name.size();
    while (j < tag.size() && tag[j] == ' ') ++j;
    if (j >= tag.size() || tag[j] != '=') continue;
    ++j;
    while (j < tag.size() && tag[j] == ' ') ++j;
    if (j >= tag.size()) return {};
    char q = tag[j];
    if (q == '"' || q == '\'') {
      size_t end = tag.find(q, j + 1);
      return end == std::string_view::npos ? std::string_view{} : tag.substr(j + 1, end - j - 1);
    }
    size_t end = j;
    while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) && tag[end] != '>') ++end;
    return tag.substr(j, end - j);
  }
  return {};
}

bool script_type(std::string_view tag) {
  std::string_view type = attribute(tag, "type");
  if (type.empty()) return true;
  for (std::string_view ok : {"module", "javascript", "typescript", "ecmascript", "text/ts", "jsx", "tsx"})
    if (type.find(ok) != std::string_view::npos) return true;
  return false;  // application/json, text/x-template, importmap, ...
}

void add(std::vector<TSRange>& out, Points& points, size_t start, size_t end) {
  if (end <= start) return;
  TSPoint s = points.at(start), e = points.at(end);
  out.push_back(TSRange{s, e, static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
}

void scripts(std::string_view text, size_t from, Points& points, std::vector<TSRange>& out) {
  constexpr std::string_view kOpen = "<script", kClose = "</script";
  constexpr size_t npos = std::string_view::npos;
  // The next `<script` and the next markup comment (a `<script>` inside one is text), each
  // searched again only once passed: linear in the text.
  size_t open = text.find(kOpen, from), comment = text.find("<!--", from);
  while (open != npos) {
    if (comment < open) {
      size_t end = text.find("-->", comment + 4);
      if (end == npos) return;
      if (open < end + 3) open = text.find(kOpen, end + 3);
      comment = text.find("<!--", end + 3);
      continue;
    }
    size_t after = open + kOpen.size();
    if (after < text.size() && name_char(text[after])) {  // <scripts>, <script-x>
      open = text.find(kOpen, after);
      continue;
    }
    // The end of the open tag, quotes skipped.
    size_t j = after;
    char quote = 0;
    for (; j < text.size(); ++j) {
      if (quote) {
        if (text[j] == quote) quote = 0;
      } else if (text[j] == '"' || text[j] == '\'') {
        quote = text[j];
      } else if (text[j] == '>') {
        break;
      }
    }
    if (j >= text.size()) return;
    std::string_view tag = text.substr(after, j - after);
    size_t next = j + 1;
    if (tag.empty() || tag.back() != '/') {  // not `<script src="..." />`
      size_t close = text.find(kClose, next);
      size_t end = close == npos ? text.size() : close;
      if (script_type(tag) && attribute(tag, "src").empty()) add(out, points, next, end);
      if (close == npos) return;
      next = close + kClose.size();
    }
    open = text.find(kOpen, next);
    if (comment < next) comment = text.find("<!--", next);
  }
}

}  // namespace

std::vector<TSRange> script_element_ranges(std::string_view text) {
  std::vector<TSRange> out;
  Points points(text);
  scripts(text, 0, points, out);
  return out;
}

std::vector<TSRange> astro_ranges(std::string_view text) {
  std::vector<TSRange> out;
  Points points(text);
  size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  while (start < text.size() && (text[start] == '\n' || text[start] == '\r' || text[start] == ' ')) ++start;
  size_t scan_from = 0;
  if (text.substr(start, 3) == "---") {
    size_t body = text.find('\n', start);
    if (body != std::string_view::npos) {
      ++body;
      // The closing fence: a line that is `---`.
      size_t end = std::string_view::npos;
      for (size_t line = body; line < text.size();) {
        size_t nl = text.find('\n', line);
        std::string_view l = text.substr(line, (nl == std::string_view::npos ? text.size() : nl) - line);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l == "---") {
          end = line;
          break;
        }
        if (nl == std::string_view::npos) break;
        line = nl + 1;
      }
      if (end != std::string_view::npos) {
        add(out, points, body, end);
        scan_from = end + 3;
      }
    }
  }
  scripts(text, scan_from, points, out);
  return out;
}

}  // namespace envdrift::js
