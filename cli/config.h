// `.envdrift.toml` (SPEC section 2): found upward from the first PATH, parsed with toml++.
// Unknown keys are errors (a typo must not silently disable a setting), reported with the line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/io.h"
#include "analyzer/core/scope.h"
#include "registry/docs_writer.h"
#include "reports/baseline.h"
#include "reports/findings.h"

namespace envdrift {

struct Config {
  std::string file;                    // absolute path of the config file; "" when none was found
  std::string dir;                     // its directory: registry/include/exclude are relative to it
  std::vector<std::string> registry;   // registry files, relative to dir
  std::vector<std::string> include;    // globs relative to the scan root
  std::vector<std::string> exclude;    // globs relative to the scan root (plus built-ins, .gitignore)
  std::vector<ServiceSpec> services;
  std::vector<std::string> ignore_names;
  std::vector<FindingKind> fail_on;    // kinds that make `check` exit 1
  std::vector<DocsColumn> docs_columns;  // [docs] columns: the generated table's columns (empty: default)
  std::vector<AllowEntry> allow;       // [[allow]]: accepted findings (name, kind?, service?, reason)
  std::vector<DeclaredHelper> helpers; // [[helper]]: wrappers the analyzer cannot see
  ScopeRules scope;                    // [scope]: dev and generated globs (defaults: scope.h)
  size_t max_file_size = kDefaultMaxFileSize;  // a larger source file is skipped with a warning
  // template_values = "defaults": the values of `.env`-style registries are compared as defaults
  // like a docs page's (default "examples": a mismatch with one is informational).
  bool template_values_are_defaults = false;
};

struct ConfigError {
  std::string message;  // "path:line:col: what is wrong"
};

// The kinds that fail `check` when the config does not say otherwise.
std::vector<FindingKind> default_fail_on();

// Walk up from `start` (a file or directory) to the filesystem root looking for .envdrift.toml.
std::optional<std::string> find_config(const std::string& start);

// Parse a config file. Throws ConfigError.
Config load_config(const std::string& path);
// Parse config text (what the tests use); `path` is only used in messages and for `dir`.
Config parse_config(const std::string& text, const std::string& path);

}  // namespace envdrift
