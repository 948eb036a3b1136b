#include "analyzer/go/tag_syntax.h"

#include "analyzer/core/normalize.h"
#include "analyzer/core/syntax.h"
#include "analyzer/go/values.h"

namespace envdrift::go {

// reflect.StructTag.Lookup: the value of `key` in a conventional `k:"v" k2:"v2"` tag.
std::optional<std::string> tag_lookup(std::string_view tag, std::string_view key) {
  while (!tag.empty()) {
    size_t i = 0;
    while (i < tag.size() && tag[i] == ' ') ++i;
    tag.remove_prefix(i);
    if (tag.empty()) break;
    i = 0;
    while (i < tag.size() && static_cast<unsigned char>(tag[i]) > ' ' && tag[i] != ':' && tag[i] != '"' &&
           tag[i] != 0x7f)
      ++i;
    if (i == 0 || i + 1 >= tag.size() || tag[i] != ':' || tag[i + 1] != '"') break;
    std::string_view name = tag.substr(0, i);
    tag.remove_prefix(i + 1);
    i = 1;
    while (i < tag.size() && tag[i] != '"') {
      if (tag[i] == '\\') ++i;
      ++i;
    }
    if (i >= tag.size()) break;
    std::string_view quoted = tag.substr(0, i + 1);
    tag.remove_prefix(i + 1);
    if (name == key) {
      std::string out;
      if (!unquote_literal(quoted, out)) return std::nullopt;
      return out;
    }
  }
  return std::nullopt;
}

bool tag_true(const std::string& tag, std::string_view key) {
  auto v = tag_lookup(tag, key);
  return v && (*v == "true" || *v == "1" || *v == "t" || *v == "T" || *v == "TRUE" || *v == "True");
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    out.emplace_back(trim(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// envconfig's split_words: the words of gatherRegexp `([^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+)`, each
// leading acronym split off by acronymRegexp `([A-Z]+)([A-Z][^A-Z]+)`, joined with `_`.
std::string split_words(std::string_view name) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = i;
    if (!is_upper(name[i])) {
      while (j < name.size() && !is_upper(name[j])) ++j;
      words.emplace_back(name.substr(i, j - i));
    } else {
      while (j < name.size() && is_upper(name[j])) ++j;
      size_t uppers = j - i;
      size_t k = j;
      while (k < name.size() && !is_upper(name[k])) ++k;
      if (k > j && uppers >= 2) {  // "HTTPConns" -> "HTTP", "Conns"
        words.emplace_back(name.substr(i, uppers - 1));
        words.emplace_back(name.substr(j - 1, k - j + 1));
      } else {
        words.emplace_back(name.substr(i, k - i));
      }
      j = k;
    }
    i = j;
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "_") + w;
  return out;
}


namespace {
// The character classes of fatih/camelcase (kong) and of ardanlabs/conf's charClass.
int char_class(char c) {
  if (c >= 'a' && c <= 'z') return 1;
  if (c >= 'A' && c <= 'Z') return 2;
  if (c >= '0' && c <= '9') return 3;
  return 4;
}
}  // namespace

std::vector<std::string> kong_camel_case(std::string_view src) {
  std::vector<std::string> runs;
  int last = 0;
  for (char c : src) {
    int cls = char_class(c);
    if (cls == last && !runs.empty()) runs.back() += c;
    else runs.emplace_back(1, c);
    last = cls;
  }
  for (size_t i = 0; i + 1 < runs.size(); ++i) {
    if (!runs[i].empty() && !runs[i + 1].empty() && char_class(runs[i][0]) == 2 && char_class(runs[i + 1][0]) == 1) {
      runs[i + 1].insert(runs[i + 1].begin(), runs[i].back());
      runs[i].pop_back();
    }
  }
  std::vector<std::string> out;
  for (auto& r : runs)
    if (!r.empty()) out.push_back(std::move(r));
  return out;
}

std::string kong_flag_name(std::string_view field) {
  std::string out;
  for (const auto& w : kong_camel_case(field)) out += (out.empty() ? "" : "-") + to_lower(w);
  return out;
}

std::string kong_default_envar(std::string_view prefix, std::string_view flag) {
  std::string replaced(flag);
  for (char& c : replaced)
    if (c == '-' || c == '.') c = '_';
  std::vector<std::string> names{std::string(prefix)};
  for (auto& w : kong_camel_case(replaced)) names.push_back(std::move(w));
  std::string out;
  for (const auto& n : names) {
    if (n == "_" || trim(n).empty()) continue;
    out += (out.empty() ? "" : "_") + n;
  }
  return to_upper(out);
}

std::vector<std::string> conf_camel_split(std::string_view src) {
  std::vector<std::string> out;
  if (src.empty()) return out;
  if (src.size() < 2) return {std::string(src)};
  int last_class = char_class(src[0]);
  size_t last_idx = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    int cls = char_class(src[i]);
    if (cls != last_class) {
      if (last_class == 2 && cls != 3) {
        if (i - last_idx > 1) {
          out.emplace_back(src.substr(last_idx, i - 1 - last_idx));
          last_idx = i - 1;
        }
      } else {
        out.emplace_back(src.substr(last_idx, i - last_idx));
        last_idx = i;
      }
    }
    if (i == src.size() - 1) out.emplace_back(src.substr(last_idx));
    last_class = cls;
  }
  return out;
}

std::string envar_transform(std::string_view name) {
  std::string out;
  bool run = false;
  for (char c : name) {
    bool keep = char_class(c) != 4 || c == '_';
    if (keep) {
      out += c;
      run = false;
    } else if (!run) {
      out += '_';
      run = true;
    }
  }
  return to_upper(out);
}

}  // namespace envdrift::go
