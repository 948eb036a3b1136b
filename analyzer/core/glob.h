// Glob matching for include / exclude / scope globs: `**` as a whole segment crosses directories
// (zero or more segments), `*` and `?` stay within one; a leading `/` is dropped and a trailing
// `/` means the directory and everything below it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace envdrift {

bool glob_match(std::string_view pattern, std::string_view path);

// A list of globs compiled once to answer "does any of them match?" for many paths (ripgrep's
// globset idea): the shapes the defaults use are answered per path segment with hash look-ups
// and prefix / suffix tests instead of one segment-by-segment match per glob.
// - `**/NAME/**` (NAME literal): some segment is NAME;
// - `**/SEG` (one segment, no `**`): the last segment is SEG (literal: a look-up), ends with
//   what follows SEG's only `*` (`**/*.min.js`), starts with what precedes it
//   (`**/vite.config.*`), or else matches SEG (`**/*.test.*`);
// - any other glob: glob_match.
// any(path) is glob_match over the list, `||`-ed: the same answer (tests/test_glob.cpp).
class GlobSet {
 public:
  GlobSet() = default;
  explicit GlobSet(const std::vector<std::string>& globs);
  bool any(std::string_view path) const;
  bool empty() const { return empty_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Names = std::unordered_set<std::string, Hash, std::equal_to<>>;
  bool empty_ = true;
  Names any_segment_, last_literal_;
  std::vector<std::string> last_suffix_, last_prefix_, last_pattern_, general_;
};

}  // namespace envdrift
