#include "analyzer/core/glob.h"

#include <algorithm>

namespace envdrift {
namespace {

// Classic single-segment wildcard match (`*` and `?`, no '/'), linear with one backtrack point.
bool segment_match(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// `**` as a whole segment matches zero or more segments; any other segment is matched by
// segment_match. Dynamic programming over (pattern segment, path segment): O(P x S) whatever
// the number of `**` (a backtracking matcher is exponential in it).
bool glob_impl(std::string_view p, std::string_view s) {
  auto split = [](std::string_view text, std::vector<std::string_view>& out) {
    out.clear();
    for (;;) {
      size_t slash = text.find('/');
      out.push_back(text.substr(0, slash));
      if (slash == std::string_view::npos) return;
      text.remove_prefix(slash + 1);
    }
  };
  thread_local std::vector<std::string_view> pat, path;
  thread_local std::vector<char> next, cur;
  split(p, pat);
  split(s, path);
  const size_t P = pat.size(), S = path.size();
  // next[si]: pattern segments pi+1.. match path segments si..; filled from the last pattern
  // segment backwards.
  next.assign(S + 1, 0);
  next[S] = 1;
  cur.assign(S + 1, 0);
  for (size_t pi = P; pi-- > 0;) {
    if (pat[pi] == "**") {
      cur[S] = next[S];
      for (size_t si = S; si-- > 0;) cur[si] = next[si] || cur[si + 1];
    } else {
      cur[S] = 0;
      for (size_t si = 0; si < S; ++si) cur[si] = next[si + 1] && segment_match(pat[pi], path[si]);
    }
    next.swap(cur);
  }
  return next[0] != 0;
}

// Every run of literal bytes of a pattern (between `*`, `?` and `/`) occurs in any path it
// matches: a path missing one is rejected without the segment-by-segment match (the default
// exclude and generated globs are asked about every file of the tree).
bool literals_present(std::string_view pattern, std::string_view path) {
  size_t i = 0;
  while (i < pattern.size()) {
    while (i < pattern.size() && (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '/')) ++i;
    size_t start = i;
    while (i < pattern.size() && pattern[i] != '*' && pattern[i] != '?' && pattern[i] != '/') ++i;
    if (i > start && path.find(pattern.substr(start, i - start)) == std::string_view::npos) return false;
  }
  return true;
}

bool literal(std::string_view s) { return s.find_first_of("*?") == std::string_view::npos; }

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  if (!literals_present(pattern, path)) return false;
  if (!pattern.empty() && pattern.front() == '/') pattern.remove_prefix(1);
  if (!pattern.empty() && pattern.back() == '/') {
    // "dir/" means the directory and everything below it.
    std::string p(pattern);
    p += "**";
    return glob_impl(p, path);
  }
  return glob_impl(pattern, path);
}

GlobSet::GlobSet(const std::vector<std::string>& globs) {
  empty_ = globs.empty();
  for (const std::string& g : globs) {
    // glob_match's normal form: no leading '/', a trailing '/' is `/**`.
    std::string_view p = g;
    if (!p.empty() && p.front() == '/') p.remove_prefix(1);
    std::string norm(p);
    if (!norm.empty() && norm.back() == '/') norm += "**";
    std::string_view n = norm;
    if (n.starts_with("**/")) {
      std::string_view rest = n.substr(3);
      size_t slash = rest.find('/');
      if (slash == std::string_view::npos && rest != "**") {  // `**/SEG`
        size_t star = rest.find('*');
        if (literal(rest)) {
          last_literal_.emplace(rest);
        } else if (rest.find('?') == std::string_view::npos && rest.find('*', star + 1) == std::string_view::npos &&
                   (star == 0 || star + 1 == rest.size())) {
          if (star == 0) last_suffix_.emplace_back(rest.substr(1));
          else last_prefix_.emplace_back(rest.substr(0, star));
        } else {
          last_pattern_.emplace_back(rest);
        }
        continue;
      }
      if (slash != std::string_view::npos && rest.substr(slash) == "/**") {  // `**/NAME/**`
        std::string_view name = rest.substr(0, slash);
        if (!name.empty() && literal(name)) {
          any_segment_.emplace(name);
          continue;
        }
      }
    }
    general_.push_back(g);
  }
}

bool GlobSet::any(std::string_view path) const {
  if (empty_) return false;
  size_t last = path.rfind('/');
  std::string_view base = last == std::string_view::npos ? path : path.substr(last + 1);
  if (!any_segment_.empty()) {
    for (size_t start = 0;;) {
      size_t slash = path.find('/', start);
      std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (any_segment_.find(seg) != any_segment_.end()) return true;
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  if (last_literal_.find(base) != last_literal_.end()) return true;
  for (const auto& s : last_suffix_)
    if (base.ends_with(s)) return true;
  for (const auto& s : last_prefix_)
    if (base.starts_with(s)) return true;
  for (const auto& s : last_pattern_)
    if (segment_match(s, base)) return true;
  return std::any_of(general_.begin(), general_.end(), [&](const std::string& g) { return glob_match(g, path); });
}

}  // namespace envdrift
