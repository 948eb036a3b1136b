#include "analyzer/core/discovery.h"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "analyzer/frontend.h"

namespace fs = std::filesystem;

namespace envdrift {

const std::vector<std::string>& builtin_excludes() {
  static const std::vector<std::string> kExcludes{
      "**/.git/**",          "**/.hg/**",         "**/.svn/**",         "**/node_modules/**",
      "**/.venv/**",         "**/venv/**",        "**/__pycache__/**",  "**/.mypy_cache/**",
      "**/.tox/**",          "**/.envdrift-cache/**",
  };
  return kExcludes;
}

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

// Split on '/' and match segment by segment (no `**` in `p`).
bool segments_match(std::string_view p, std::string_view s) {
  for (;;) {
    size_t a = p.find('/'), b = s.find('/');
    if ((a == std::string_view::npos) != (b == std::string_view::npos)) return false;
    if (!segment_match(p.substr(0, a), s.substr(0, b))) return false;
    if (a == std::string_view::npos) return true;
    p.remove_prefix(a + 1);
    s.remove_prefix(b + 1);
  }
}

// `**` matches zero or more whole segments. Recursion depth is the number of `**` in the
// pattern (bounded by the pattern, not by the input).
bool glob_impl(std::string_view p, std::string_view s) {
  size_t pos = p.find("**");
  if (pos == std::string_view::npos) return segments_match(p, s);
  std::string_view head = p.substr(0, pos), tail = p.substr(pos + 2);
  std::string_view rest = s;
  if (!head.empty()) {
    if (head.back() == '/') head.remove_suffix(1);
    // head has k segments: match the first k segments of s.
    size_t k = static_cast<size_t>(std::count(head.begin(), head.end(), '/')) + 1;
    size_t cut = 0;
    for (size_t i = 0; i < k; ++i) {
      size_t next = s.find('/', cut);
      if (next == std::string_view::npos) {
        if (i + 1 != k) return false;
        cut = s.size();
      } else {
        cut = next + (i + 1 == k ? 0 : 1);
      }
    }
    if (!segments_match(head, s.substr(0, cut))) return false;
    rest = cut < s.size() ? s.substr(cut + 1) : std::string_view{};
  }
  if (!tail.empty() && tail.front() == '/') tail.remove_prefix(1);
  if (tail.empty()) return true;
  for (size_t i = 0;;) {
    if (glob_impl(tail, rest.substr(i))) return true;
    size_t next = rest.find('/', i);
    if (next == std::string_view::npos) return false;
    i = next + 1;
  }
}

bool any_match(const std::vector<std::string>& globs, std::string_view rel) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, rel); });
}

// A directory is excluded when a glob matches it or everything below it.
bool dir_excluded(const std::vector<std::string>& globs, const std::string& rel) {
  if (rel.empty()) return false;
  std::string probe = rel + "/\x01";
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return glob_match(g, rel) || glob_match(g, probe); });
}

class GitIgnore {
 public:
  explicit GitIgnore(const std::string& root) {
    git_libgit2_init();
    git_buf buf = GIT_BUF_INIT;
    if (git_repository_discover(&buf, root.c_str(), 0, nullptr) == 0) {
      if (git_repository_open(&repo_, buf.ptr) != 0) repo_ = nullptr;
    }
    git_buf_dispose(&buf);
    if (repo_ != nullptr && git_repository_workdir(repo_) != nullptr) {
      workdir_ = fs::weakly_canonical(git_repository_workdir(repo_)).string();
    }
  }
  ~GitIgnore() {
    if (repo_ != nullptr) git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  GitIgnore(const GitIgnore&) = delete;
  GitIgnore& operator=(const GitIgnore&) = delete;

  bool ignored(const std::string& abs_path, bool is_dir) const {
    if (repo_ == nullptr || workdir_.empty()) return false;
    std::string rel = relative_to(workdir_, abs_path);
    if (rel.empty() || rel.front() == '/') return false;
    if (is_dir) rel += '/';
    int ignored = 0;
    if (git_ignore_path_is_ignored(&ignored, repo_, rel.c_str()) != 0) return false;
    return ignored != 0;
  }

 private:
  git_repository* repo_ = nullptr;
  std::string workdir_;
};

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  if (!pattern.empty() && pattern.front() == '/') pattern.remove_prefix(1);
  if (!pattern.empty() && pattern.back() == '/') {
    // "dir/" means the directory and everything below it.
    std::string p(pattern);
    p += "**";
    return glob_impl(p, path);
  }
  return glob_impl(pattern, path);
}

std::string relative_to(const std::string& root, const std::string& path) {
  fs::path rel = fs::path(path).lexically_relative(root);
  std::string s = rel.generic_string();
  if (s == ".") return "";
  if (s.empty() || s == ".." || s.rfind("../", 0) == 0) return fs::path(path).generic_string();
  return s;
}

Discovery discover(const ScanOptions& options) {
  Discovery out;
  GitIgnore gitignore(options.root);
  std::vector<std::string> excludes = builtin_excludes();
  excludes.insert(excludes.end(), options.exclude.begin(), options.exclude.end());
  std::set<std::pair<dev_t, ino_t>> visited_dirs;  // symlink-loop detection
  std::set<std::string> seen_files;

  // Generated code (scope.h) is skipped with a note, unless named explicitly: on the command
  // line, by an `include` entry without a wildcard, or from a start directory that is itself
  // generated (`envdrift scan dist/`).
  std::vector<std::string> literal_includes;
  for (const auto& g : options.include)
    if (g.find_first_of("*?[") == std::string::npos) literal_includes.push_back(g);
  bool apply_generated = true;
  auto named_by_include = [&](const std::string& rel, bool is_dir) {
    for (const auto& g : literal_includes) {
      if (glob_match(g, rel)) return true;
      // a directory holding a literally included path must still be walked
      if (is_dir && g.size() > rel.size() && g.compare(0, rel.size(), rel) == 0 && g[rel.size()] == '/') return true;
    }
    return false;
  };
  auto generated_note = [&](const std::string& rel, bool is_dir) {
    out.diagnostics.push_back({Diagnostic::Severity::Note, is_dir ? rel + "/" : rel, 0,
                               is_dir ? "generated or vendored code ([scope] generated); directory not analyzed"
                                      : "generated or minified code ([scope] generated); not analyzed"});
  };

  auto add_file = [&](const fs::path& p, bool explicit_path) {
    std::string abs = fs::absolute(p).lexically_normal().string();
    std::string rel = relative_to(options.root, abs);
    const FrontendDescriptor* fe = frontend_for_path(rel);
    if (fe == nullptr) return;
    bool named = explicit_path || named_by_include(rel, false);
    if (!explicit_path) {
      if (any_match(excludes, rel)) return;
      if (!options.include.empty() && !any_match(options.include, rel)) return;
      if (options.use_gitignore && gitignore.ignored(abs, false)) return;
      if (apply_generated && !named && options.scope.is_generated(rel)) {
        generated_note(rel, false);
        return;
      }
    }
    if (seen_files.insert(rel).second) out.files.push_back({abs, rel, fe, named});
  };

  for (const std::string& start : options.paths) {
    std::error_code ec;
    fs::path sp = fs::absolute(start).lexically_normal();
    auto st = fs::status(sp, ec);
    if (ec || !fs::exists(st)) {
      out.diagnostics.push_back({Diagnostic::Severity::Error, start, 0, "path does not exist"});
      continue;
    }
    if (!fs::is_directory(st)) {
      add_file(sp, true);
      continue;
    }
    apply_generated = !dir_excluded(options.scope.generated, relative_to(options.root, sp.string()));
    std::vector<fs::path> stack{sp};  // explicit stack: deep trees cannot overflow
    while (!stack.empty()) {
      fs::path dir = std::move(stack.back());
      stack.pop_back();
      struct stat sb {};
      if (::stat(dir.c_str(), &sb) != 0) continue;
      if (!visited_dirs.insert({sb.st_dev, sb.st_ino}).second) {
        out.diagnostics.push_back({Diagnostic::Severity::Note, relative_to(options.root, dir.string()), 0,
                                   "directory already visited (symlink loop or duplicate link); skipped"});
        continue;
      }
      fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        out.diagnostics.push_back({Diagnostic::Severity::Error, relative_to(options.root, dir.string()), 0,
                                   fmt::format("cannot list directory: {}", ec.message())});
        continue;
      }
      std::vector<fs::path> subdirs;
      for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::path& p = it->path();
        std::error_code e2;
        bool is_dir = it->is_directory(e2);  // follows symlinks; loops caught above
        std::string rel = relative_to(options.root, p.string());
        if (is_dir) {
          if (dir_excluded(excludes, rel)) continue;
          if (options.use_gitignore && gitignore.ignored(p.string(), true)) continue;
          if (apply_generated && dir_excluded(options.scope.generated, rel) && !named_by_include(rel, true)) {
            generated_note(rel, true);
            continue;
          }
          subdirs.push_back(p);
        } else {
          add_file(p, false);
        }
      }
      std::sort(subdirs.begin(), subdirs.end(), std::greater<>());
      for (auto& d : subdirs) stack.push_back(std::move(d));
    }
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.rel < b.rel; });
  return out;
}

}  // namespace envdrift
