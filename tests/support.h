// Test helpers: temporary trees and running the real envdrift binary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/driver.h"
#include "analyzer/core/syntax.h"

namespace envdrift::test {

// A temporary directory removed at scope exit. write("a/b.py", "...") creates parents.
class TempTree {
 public:
  TempTree();
  ~TempTree();
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  const std::string& path() const { return path_; }
  std::string write(const std::string& rel, const std::string& content) const;
  std::string abs(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Run the built envdrift binary with `args` (no shell), in `cwd` when given.
RunResult run_envdrift(const std::vector<std::string>& args, const std::string& cwd = "");
// Run a shell command (used to set up git repositories in tests).
int run_shell(const std::string& command);

// The first read of `name` in a frontend result, or nullptr.
const EnvRead* find_read(const FileResult& r, std::string_view name);
// Options scanning the whole temporary tree, rooted at it.
ScanOptions scan_options(const TempTree& t);
// The first diagnostic about `file` (as reports name it, relative to the root), or nullptr.
const Diagnostic* diagnostic_for(const ScanResult& r, const std::string& file);
// `s` repeated n times (deep-nesting inputs).
std::string repeat(std::string_view s, int n);

// scan() of fixtures/resolve/<scenario> (no .gitignore): the multi-file resolution fixtures.
ScanResult scan_resolve_fixture(const std::string& scenario);
// One read as `file:line NAME kind default=V [via-label @file:line]...` (default=computed when
// not comparable): what the multi-file tests compare, a whole read per line.
std::string describe_read(const EnvRead& r);
std::vector<std::string> describe_reads(const ScanResult& r);

// A [[helper]] declaration as the config would give it (origin ".envdrift.toml:3").
DeclaredHelper declared_helper(Language language, std::string function, int name_arg, int default_arg = -1,
                               bool env_object = false);

// Compare `actual` with the snapshot tests/snapshots/<name> (a header naming `source`, a `---`
// line, the content); ENVDRIFT_UPDATE_SNAPSHOTS=1 rewrites it instead. The format tests' check.
void check_snapshot(const std::string& name, const std::string& source, const std::string& actual);

std::string source_dir();   // the repo root
std::string read_text(const std::string& path);

}  // namespace envdrift::test
