#include "analyzer/go/expand_template.h"

namespace envdrift::go {

namespace {

bool is_alnum(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// os.Expand's special parameters: `$*`, `$#`, `$1`, ... (looked up under that name, never
// an environment variable anyone documents).
bool is_shell_special(char c) {
  return std::string_view("*#$@!?-").find(c) != std::string_view::npos || (c >= '0' && c <= '9');
}

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!is_alnum(c)) return false;
  return true;
}

}  // namespace

std::vector<std::string> expand_template_names(std::string_view tmpl) {
  std::vector<std::string> names;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      ++i;
      continue;
    }
    std::string_view rest = tmpl.substr(i + 1);
    if (rest[0] == '{') {
      size_t close = rest.find('}');
      if (close == std::string_view::npos) {
        i += 2;  // `${` without `}`: os.Expand drops it
        continue;
      }
      std::string_view name = rest.substr(1, close - 1);
      if (is_identifier(name)) names.emplace_back(name);
      i += close + 2;
      continue;
    }
    if (is_shell_special(rest[0])) {
      i += 2;
      continue;
    }
    size_t len = 0;
    while (len < rest.size() && is_alnum(rest[len])) ++len;
    if (len > 0) names.emplace_back(rest.substr(0, len));
    i += 1 + len;
  }
  return names;
}

}  // namespace envdrift::go
