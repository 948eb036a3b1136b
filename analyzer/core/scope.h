// Where a file stands (issue 14 parts 4-5, SPEC section 2): product code, dev code (tests,
// tool configs, scripts) or generated code (bundles, build output, vendored copies).
//
// - Dev code is analyzed and its reads are listed by `scan` with scope "dev", but `check` never
//   reports them as undocumented, never compares their defaults with the docs, and they do not
//   count as reading a documented variable (an `unread` variable that only dev code reads says
//   so) unless the config sets `[scope] check_dev = true`.
// - Generated code is not analyzed at all: files and directories matching the generated globs
//   are skipped by discovery, and a file whose first 64 KiB hold a line over 5,000 bytes among
//   fewer than 16 lines is taken for a minified bundle and skipped by the driver. Each skip is
//   a note (`--verbose`). A file named on the command line, or by an `include` entry without a
//   wildcard, is always analyzed.
#pragma once

#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "analyzer/core/glob.h"
#include "analyzer/core/model.h"

namespace envdrift {

// The documented defaults (README "Scope"); `[scope] dev` / `generated` replace them,
// `extend_dev` / `extend_generated` add to them.
const std::vector<std::string>& default_dev_globs();
const std::vector<std::string>& default_generated_globs();

struct ScopeRules {
  std::vector<std::string> dev = default_dev_globs();
  std::vector<std::string> generated = default_generated_globs();
  bool check_dev = false;  // dev reads are diffed like product reads

  bool is_dev(std::string_view rel) const;
  // A read is dev when its file or any step of its chain is: struct tags become reads at the
  // tags because a test calls envconfig.Process on the struct.
  bool is_dev_read(const EnvRead& r) const;
  bool is_generated(std::string_view rel) const;
};

// ScopeRules::is_dev and is_dev_read for many reads: the dev globs compiled once (GlobSet) and
// each file's answer kept.
class DevFiles {
 public:
  explicit DevFiles(const ScopeRules& rules) : globs_(rules.dev) {}
  bool file(const std::string& rel);
  bool read(const EnvRead& r);

 private:
  GlobSet globs_;
  std::unordered_map<std::string, bool> memo_;
};

// A minified or machine-written one-liner: within the first 64 KiB, a line longer than 5,000
// bytes and fewer than 16 line breaks. Returns the length of that line (0 = not minified).
size_t minified_line_length(std::string_view text);

}  // namespace envdrift
