#include "analyzer/core/suppress.h"

#include <map>

#include "analyzer/core/needles.h"
#include "analyzer/core/normalize.h"

namespace envdrift {

namespace {

// Parse "envdrift: ignore[kind, kind]" (or bare "envdrift: ignore") after a comment marker.
// Returns false when the line has no suppression.
bool parse_suppression(std::string_view line, std::string_view marker, std::vector<std::string>& kinds) {
  static constexpr std::string_view kKey = "envdrift: ignore";
  size_t pos = line.find(kKey);
  if (pos == std::string_view::npos) return false;
  size_t c = line.rfind(marker, pos);
  if (c == std::string_view::npos) return false;
  std::string_view rest = line.substr(pos + kKey.size());
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view list = rest.substr(1, close - 1);
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view item = trim(list.substr(0, comma));
      if (!item.empty()) kinds.emplace_back(item);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return true;
  }
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t' && rest.front() != '\r') return false;
  kinds.emplace_back();  // "" = every kind
  return true;
}

}  // namespace

std::vector<SuppressionComment> attach_suppressions(std::string_view text, std::string_view line_comment,
                                                    std::vector<EnvRead>& reads) {
  std::vector<SuppressionComment> comments;
  // Most files have none: one vector search (std::string_view::find stops at every `e`).
  static const NeedleSet kKey({"envdrift: ignore"});
  if (!kKey.any(text)) return comments;
  std::map<int, std::vector<std::string>> by_line;
  int lineno = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++lineno;
    std::vector<std::string> kinds;
    if (parse_suppression(text.substr(start, end - start), line_comment, kinds)) by_line[lineno] = kinds;
    if (end == text.size()) break;
    start = end + 1;
  }
  for (EnvRead& r : reads) {
    for (int l : {r.line, r.line - 1}) {
      auto it = by_line.find(l);
      if (it != by_line.end()) r.suppressions.insert(r.suppressions.end(), it->second.begin(), it->second.end());
    }
  }
  for (auto& [line, kinds] : by_line) comments.push_back(SuppressionComment{"", line, std::move(kinds)});
  return comments;
}

}  // namespace envdrift
