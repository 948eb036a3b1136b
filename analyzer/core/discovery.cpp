#include "analyzer/core/discovery.h"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "analyzer/core/glob.h"
#include "analyzer/core/io.h"
#include "analyzer/core/mentions.h"
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

// A directory is excluded when a glob matches it or everything below it.
bool dir_excluded(const GlobSet& globs, const std::string& rel) {
  if (rel.empty()) return false;
  return globs.any(rel) || globs.any(rel + "/\x01");
}

class GitIgnore {
 public:
  explicit GitIgnore(const std::string& root) {
    // libgit2's initialisation loads the system's CA certificates (~7 ms on the bench machine),
    // and it only matters inside a work tree: none without a `.git` at the root or above it.
    if (!in_work_tree(root)) return;
    initialised_ = true;
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
    if (initialised_) git_libgit2_shutdown();
  }
  GitIgnore(const GitIgnore&) = delete;
  GitIgnore& operator=(const GitIgnore&) = delete;

  // libgit2's matcher is exponential in the `**` of a pattern (on a 30-deep tree, 8 of them take
  // 20 s, 12 over a minute). Before any path under `abs_dir` is asked about, its .gitignore is
  // checked; when it holds a pattern with more than kMaxDoubleStars `**`, libgit2 is never asked
  // about anything below that directory (it would load that file): no ignore rule applies there,
  // with a warning on the pattern's line (scanning too much is visible; hanging is not).
  // Called for each directory the walk enters and for the directories above its start paths.
  void guard_directory(const std::string& abs_dir, const std::string& root, std::vector<Diagnostic>& diagnostics) {
    if (repo_ == nullptr || workdir_.empty()) return;
    std::string rel = relative_to(workdir_, abs_dir);
    if (!rel.empty() && (rel.front() == '/' || rel.rfind("..", 0) == 0)) return;  // outside the work tree
    if (!guarded_.insert(rel).second) return;
    std::string file = (fs::path(abs_dir) / ".gitignore").string();
    if (rel.empty() && !checked_info_) {  // .git/info/exclude applies to the whole work tree
      checked_info_ = true;
      if (const char* gd = git_repository_path(repo_)) check_file(std::string(gd) + "info/exclude", "", root, diagnostics);
    }
    check_file(file, rel, root, diagnostics);
  }

  bool ignored(const std::string& abs_path, bool is_dir) const {
    if (repo_ == nullptr || workdir_.empty()) return false;
    std::string rel = relative_to(workdir_, abs_path);
    if (rel.empty() || rel.front() == '/') return false;
    for (const auto& d : disabled_)
      if (d.empty() || (rel.size() > d.size() && rel.compare(0, d.size(), d) == 0 && rel[d.size()] == '/')) return false;
    if (is_dir) rel += '/';
    int ignored = 0;
    if (git_ignore_path_is_ignored(&ignored, repo_, rel.c_str()) != 0) return false;
    return ignored != 0;
  }

 private:
  static constexpr int kMaxDoubleStars = 3;

  void check_file(const std::string& file, const std::string& rel_dir, const std::string& root,
                  std::vector<Diagnostic>& diagnostics) {
    std::string text;
    if (!read_regular_file(file, text, 4u << 20).ok()) return;  // libgit2 reports nothing either
    int line = 0;
    for (size_t pos = 0; pos < text.size();) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string_view l(text.data() + pos, end - pos);
      ++line;
      pos = end + 1;
      int stars = 0;
      for (size_t i = l.find("**"); i != std::string_view::npos; i = l.find("**", i + 2)) ++stars;
      if (stars <= kMaxDoubleStars) continue;
      disabled_.push_back(rel_dir);
      diagnostics.push_back({Diagnostic::Severity::Warning, display_path(relative_to(root, file)), line,
                             fmt::format("a pattern with {} `**` is too costly to match (libgit2 is exponential in "
                                         "them; at most {}); no ignore rules are applied under {}, so files they "
                                         "would ignore are scanned",
                                         stars, kMaxDoubleStars, rel_dir.empty() ? "the work tree" : rel_dir + "/")});
      return;
    }
  }

  static bool in_work_tree(const std::string& root) {
    std::error_code ec;
    for (fs::path d = fs::absolute(root, ec).lexically_normal(); !d.empty(); d = d.parent_path()) {
      if (fs::exists(d / ".git", ec)) return true;
      if (d == d.root_path()) break;
    }
    return false;
  }

  bool initialised_ = false;
  git_repository* repo_ = nullptr;
  std::string workdir_;
  std::set<std::string> guarded_;
  std::vector<std::string> disabled_;  // work-tree-relative directories whose ignore rules are off ("" = all)
  bool checked_info_ = false;
};

}  // namespace

std::string display_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
    else out += c;
  }
  return out;
}

std::string relative_to(const std::string& root, const std::string& path) {
  // The walk's case, without building paths: `path` is `root/...` (both absolute and normal).
  if (!root.empty() && root.front() == '/' && path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0) {
    size_t from = root.back() == '/' ? root.size() : root.size() + 1;
    if ((root.back() == '/' || path[root.size()] == '/') && path.find("/.", from - 1) == std::string::npos &&
        path.find("//", from - 1) == std::string::npos)
      return path.substr(from);
  }
  fs::path rel = fs::path(path).lexically_relative(root);
  std::string s = rel.generic_string();
  if (s == ".") return "";
  if (s.empty() || s == ".." || s.rfind("../", 0) == 0) return fs::path(path).generic_string();
  return s;
}

Discovery discover(const ScanOptions& options) {
  Discovery out;
  GitIgnore gitignore(options.root);
  std::vector<std::string> exclude_globs = builtin_excludes();
  exclude_globs.insert(exclude_globs.end(), options.exclude.begin(), options.exclude.end());
  // Compiled once: every file and directory of the tree is asked about.
  const GlobSet excludes(exclude_globs), includes(options.include), generated(options.scope.generated);
  std::set<std::pair<dev_t, ino_t>> visited_dirs;  // symlink-loop detection
  std::unordered_set<std::string> seen_files;
  const auto& module_configs = cache::module_config_names();

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
    out.diagnostics.push_back({Diagnostic::Severity::Note, display_path(is_dir ? rel + "/" : rel), 0,
                               is_dir ? "generated or vendored code ([scope] generated); directory not analyzed"
                                      : "generated or minified code ([scope] generated); not analyzed"});
  };

  // `walk_rel`: the walk's relative path of p (the walk's paths are absolute and normal already:
  // it starts from such a path); an explicit path is made so here.
  auto add_file = [&](const fs::path& p, bool explicit_path, std::string walk_rel = {}) {
    std::string abs = explicit_path ? fs::absolute(p).lexically_normal().string() : p.string();
    std::string rel = explicit_path ? relative_to(options.root, abs) : std::move(walk_rel);
    const FrontendDescriptor* fe = frontend_for_path(rel);
    if (fe == nullptr) {
      // Not `include`: it narrows the code analyzed, while the scripts and manifests that build
      // and run that code usually live beside it (docker/, scripts/).
      if (explicit_path || !runtime_file_candidate(rel) || excludes.any(rel) ||
          (options.use_gitignore && gitignore.ignored(abs, false)))
        return;
      out.runtime_files.emplace_back(display_path(rel), abs);
      return;
    }
    bool named = explicit_path || named_by_include(rel, false);
    if (!explicit_path) {
      if (excludes.any(rel)) return;
      bool included = options.include.empty() || includes.any(rel);
      if (!included && !named) {
        if (!(options.use_gitignore && gitignore.ignored(abs, false)) && !generated.any(rel))
          out.outside_include.emplace_back(display_path(rel), abs);
        return;
      }
      if (options.use_gitignore && gitignore.ignored(abs, false)) return;
      if (apply_generated && !named && generated.any(rel)) {
        generated_note(rel, false);
        return;
      }
    }
    // Reports name the file by its escaped path: a control character in a file name must not
    // reach a terminal or a CI log raw (an ESC sequence or a newline could forge output).
    std::string shown = display_path(rel);
    if (seen_files.insert(shown).second) out.files.push_back({abs, shown, fe, named});
  };

  for (const std::string& start : options.paths) {
    std::error_code ec;
    fs::path sp = fs::absolute(start).lexically_normal();
    if (options.use_gitignore) {  // the ignore files above the start path apply to it too
      std::vector<fs::path> above;
      for (fs::path d = sp.parent_path(); !d.empty(); d = d.parent_path()) {
        above.push_back(d);
        if (d == d.root_path()) break;
      }
      for (auto it = above.rbegin(); it != above.rend(); ++it) gitignore.guard_directory(it->string(), options.root, out.diagnostics);
    }
    auto st = fs::status(sp, ec);
    if (ec || !fs::exists(st)) {
      out.diagnostics.push_back({Diagnostic::Severity::Error, display_path(start), 0,
                                 ec && ec != std::errc::no_such_file_or_directory
                                     ? fmt::format("cannot access path: {}", ec.message())
                                     : std::string("path does not exist")});
      continue;
    }
    if (!fs::is_directory(st)) {
      if (!fs::is_regular_file(st)) {
        out.diagnostics.push_back({Diagnostic::Severity::Error, display_path(start), 0,
                                   "not a directory or a regular file (a device, FIFO or socket)"});
        continue;
      }
      add_file(sp, true);
      continue;
    }
    apply_generated = !dir_excluded(generated, relative_to(options.root, sp.string()));
    std::vector<fs::path> stack{sp};  // explicit stack: deep trees cannot overflow
    while (!stack.empty()) {
      fs::path dir = std::move(stack.back());
      stack.pop_back();
      struct stat sb {};
      if (::stat(dir.c_str(), &sb) != 0) {
        out.diagnostics.push_back({Diagnostic::Severity::Error, display_path(relative_to(options.root, dir.string())), 0,
                                   fmt::format("cannot read directory: {}; its reads are missing from the report",
                                               std::strerror(errno))});
        continue;
      }
      if (!visited_dirs.insert({sb.st_dev, sb.st_ino}).second) {
        out.diagnostics.push_back({Diagnostic::Severity::Note, display_path(relative_to(options.root, dir.string())), 0,
                                   "directory already visited (symlink loop or duplicate link); skipped"});
        continue;
      }
      if (options.use_gitignore) gitignore.guard_directory(dir.string(), options.root, out.diagnostics);
      // No skip_permission_denied: a directory the scan cannot list is an error (exit 3), never a
      // silent hole in the result.
      fs::directory_iterator it(dir, fs::directory_options::none, ec);
      if (ec) {
        out.diagnostics.push_back({Diagnostic::Severity::Error, display_path(relative_to(options.root, dir.string())), 0,
                                   fmt::format("cannot list directory: {}; its reads are missing from the report",
                                               ec.message())});
        continue;
      }
      std::vector<fs::path> subdirs;
      std::string dir_rel = relative_to(options.root, dir.string());
      if (!dir_rel.empty()) dir_rel += '/';
      bool listed = true;
      for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
          out.diagnostics.push_back({Diagnostic::Severity::Error, display_path(relative_to(options.root, dir.string())), 0,
                                     fmt::format("cannot list directory: {}; its reads are missing from the report",
                                                 ec.message())});
          listed = false;
          break;
        }
        const fs::path& p = it->path();
        std::error_code e2;
        bool is_dir = it->is_directory(e2);  // follows symlinks; loops caught above
        std::string rel = relative_to(options.root, p.string());
        if (rel.size() <= dir_rel.size() || rel.compare(0, dir_rel.size(), dir_rel) != 0) {
          listed = false;  // a path not spelled under the directory's: the fingerprint probes the disk
        } else if (std::string_view name = std::string_view(rel).substr(dir_rel.size());
                   std::find(module_configs.begin(), module_configs.end(), name) != module_configs.end()) {
          out.config_listing.seen.insert(rel);
        }
        if (is_dir) {
          if (dir_excluded(excludes, rel)) continue;
          if (options.use_gitignore && gitignore.ignored(p.string(), true)) continue;
          if (apply_generated && dir_excluded(generated, rel) && !named_by_include(rel, true)) {
            generated_note(rel, true);
            continue;
          }
          subdirs.push_back(p);
        } else {
          add_file(p, false, std::move(rel));
        }
      }
      if (listed) out.config_listing.listed_dirs.insert(std::move(dir_rel));
      std::sort(subdirs.begin(), subdirs.end(), std::greater<>());
      for (auto& d : subdirs) stack.push_back(std::move(d));
    }
  }
  std::sort(out.runtime_files.begin(), out.runtime_files.end());
  std::sort(out.outside_include.begin(), out.outside_include.end());
  std::sort(out.files.begin(), out.files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.rel < b.rel; });
  return out;
}

}  // namespace envdrift
