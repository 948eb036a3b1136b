// Where the CI formats (sarif, github, rdjsonl, markdown, html) point: paths relative to the git
// work tree root rather than to the scan root (the directory of .envdrift.toml, which may be
// `backend/` of a monorepo), links to the files on the forge, and the docs page of each rule.
// Findings and fingerprints keep their scan-root-relative paths; only the rendering changes.
#pragma once

#include <string>
#include <string_view>

#include "reports/findings.h"

namespace envdrift {

// The directory CI paths are relative to: the work tree root of the git repository holding
// `scan_root` (libgit2 discovery, like git itself), else the current directory. Absolute,
// normalised, no trailing '/'.
std::string repository_root(const std::string& scan_root);

// The scan root relative to `base`, with a trailing '/' ("backend/"), or "" when they are the
// same directory or the scan root is not inside `base` (then paths stay scan-root-relative).
std::string path_prefix(const std::string& base, const std::string& scan_root);

// The blob URL base for clickable locations: `--link-base URL` when given (a '/' is appended
// when missing), else `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/` when all three
// are set (GitHub Actions), else "".
std::string link_base(std::string_view explicit_base);

// How one run writes locations. Default-constructed: paths as in the report, no links.
struct LocationStyle {
  std::string prefix;     // prepended to scan-root-relative paths ("backend/")
  std::string base_dir;   // absolute directory the prefixed paths are relative to ("" = the scan root)
  std::string link_base;  // "https://github.com/o/r/blob/SHA/" or ""

  // `rel` (relative to the scan root) as the CI formats write it; "" stays "".
  std::string path(std::string_view rel) const;
  // A link to `rel` at `line` (`…/blob/SHA/backend/src/a.ts#L7`), "" without a link base.
  std::string link(std::string_view rel, int line) const;
};

// Percent-encode a path for a URI: unreserved characters and '/' stay.
std::string uri_path(std::string_view path);

// Documentation of the rules: the README's "Findings" section of the project (ENVDRIFT_DOCS_URL
// at build time, see reports/CMakeLists.txt), and the project page (SARIF informationUri).
std::string rule_help_uri(FindingKind k);
std::string project_uri();

}  // namespace envdrift
