// File discovery: walk the scan paths (no recursion), honour .gitignore through libgit2, the
// built-in and configured exclude globs, and detect symlink loops.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/cache.h"
#include "analyzer/core/driver.h"

namespace envdrift {

struct DiscoveredFile {
  std::string path;  // path to open
  std::string rel;   // relative to the scan root, '/' separators
  const struct FrontendDescriptor* frontend = nullptr;
  bool named = false;  // named on the command line or by a literal `include`: always analyzed
};

struct Discovery {
  std::vector<DiscoveredFile> files;     // sorted by rel
  // Files of no analyzed language that may read the environment when the service is built or
  // run (shell scripts, Dockerfiles, compose files, Makefiles; mentions.h runtime_file_kind):
  // (rel, path to open). Searched only for the names about to be called `unread`.
  std::vector<std::pair<std::string, std::string>> runtime_files;
  // Source files `include` leaves out (not excluded, ignored or generated): not analyzed, but
  // searched like runtime_files for names about to be called `unread`.
  std::vector<std::pair<std::string, std::string>> outside_include;
  std::vector<Diagnostic> diagnostics;   // missing paths (Error), symlink loops (Note)
  // The directories listed in full and the module configs seen in them (the tree fingerprint
  // opens only those there).
  cache::ConfigListing config_listing;
};

// Directories never walked unless a path names them explicitly: VCS metadata, dependency and
// virtualenv folders, caches (the ruff/ripgrep defaults a user expects).
const std::vector<std::string>& builtin_excludes();

Discovery discover(const ScanOptions& options);

// `path` relative to `root` with '/' separators ("" when path == root); paths outside the root
// keep their absolute form.
std::string relative_to(const std::string& root, const std::string& path);

// `path` as reports show it: control characters as `\xNN`. Every file name a report prints comes from discovery through this.
std::string display_path(std::string_view path);

}  // namespace envdrift
