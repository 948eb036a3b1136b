// `--changed-since REF`: limit `check` findings to what a change since the git REF touched.
// The repository is found from the scan root (libgit2); changed files are the diff of REF's tree
// against the working tree, index and untracked files included. Files are read at REF from the
// object database, never checked out.
#pragma once

#include <map>
#include <set>
#include <string>

#include "reports/findings.h"

namespace envdrift {

struct ChangedSinceError {
  std::string message;
};

struct Changes {
  std::string ref;
  std::set<std::string> files;                       // root-relative paths changed since REF (both sides of an edited rename; a pure rename is no change)
  std::map<std::string, std::set<int>> added_lines;  // root-relative file -> its added/changed lines now
  std::set<std::string> new_files;                   // added or untracked since REF: every line is new
  std::set<std::string> names_read_at_ref;           // names the changed files read at REF
};

// Diff REF against the working tree of the repository holding `root`. Throws ChangedSinceError
// when `root` is not in a git work tree or REF does not name a commit.
Changes collect_changes(const std::string& root, const std::string& ref);

// Keep the findings with a code location in a changed file, `unread` findings for names the
// changed files read at REF and no longer read, and doc-side findings (unread, default_mismatch,
// duplicate, wrong_section) whose doc line changed. Sets report.changed_since.
void limit_to_changes(Report& report, const Changes& changes);

}  // namespace envdrift
