// File discovery and the parallel driver: paths -> source files -> reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/glob.h"
#include "analyzer/core/io.h"
#include "analyzer/core/scope.h"
#include "analyzer/core/suppress.h"
#include "analyzer/core/syntax.h"

namespace envdrift {

struct ScanOptions {
  std::string root;                  // absolute scan root; report paths are relative to it
  std::vector<std::string> paths;    // files or directories to walk (absolute or relative to cwd)
  std::vector<std::string> include;  // globs relative to root; empty = everything
  std::vector<std::string> exclude;  // globs relative to root
  bool use_gitignore = true;         // honour .gitignore / .git/info/exclude (libgit2)
  unsigned jobs = 0;                 // 0 = all cores
  // The content-hash cache of per-file results (cache.h). Off by default (tests, library use);
  // the CLI turns it on unless --no-cache.
  bool use_cache = false;
  std::string cache_dir;             // "" = $ENVDRIFT_CACHE_DIR, $XDG_CACHE_HOME/envdrift, ~/.cache/envdrift
  std::string cache_salt;            // part of the cache key: the tool's version
  std::vector<DeclaredHelper> helpers;  // [[helper]] declarations of the config (SPEC section 2)
  ScopeRules scope;                  // [scope]: generated files are skipped (dev is the caller's)
  size_t max_file_size = kDefaultMaxFileSize;  // a larger source file is skipped with a warning (io.h)
  // Bytes of the files the prefilter skipped that pass 1 keeps for the symbol rounds (which then
  // analyze them without reading them again); past it, a round reads the file again.
  size_t kept_text_budget = size_t{256} << 20;
};


struct ScanResult {
  std::vector<EnvRead> reads;          // sorted by file, line, column, name
  std::vector<Diagnostic> diagnostics; // sorted by file, line
  size_t source_files = 0;             // files with a known language extension
  size_t files_scanned = 0;            // source files read (what the report's summary counts)
  size_t files_parsed = 0;             // of those, files analyzed (the byte prefilter hit)
  size_t files_from_cache = 0;         // of those, results taken from the cache (not parsed)
  size_t files_not_read = 0;           // source files the cache's stat data showed unchanged (not read)
  size_t files_reread = 0;             // files looked at again in pass 2 (they may name a helper; bytes kept
                                       // from pass 1 while ScanOptions::kept_text_budget lasted, else read again)
  size_t files_partial = 0;            // analyzed files parsed only in part (analyzer/core/partial.h)
  size_t files_partial_again = 0;      // partial parses done again, seeded by a symbol round's symbols
  std::string cache_file;              // the cache file used ("" when the cache is off)
  std::string cache_note;              // why the cache could not be used or written ("" = fine)
  std::vector<SuppressionComment> suppressions;  // `envdrift: ignore` comments of parsed files, by file, line
  std::vector<EnvEscape> escapes;      // sorted by file, line, column
  std::vector<FileCoverage> coverage;  // files with at least one candidate site, sorted by file
  std::vector<std::pair<std::string, std::string>> files;  // (rel, path to open) of every source file
  std::vector<std::pair<std::string, std::string>> runtime_files;  // Discovery::runtime_files
  std::vector<std::pair<std::string, std::string>> outside_include;  // Discovery::outside_include
};

// Coverage of the files in `results` (rel → that file's result); the `via` steps of their reads
// credit the lines they pass through in any of the files. What scan() fills
// ScanResult::coverage with; exposed for tests.
std::vector<FileCoverage> compute_coverage(const std::vector<std::pair<std::string, const FileResult*>>& results);

// Walk, prefilter, parse and extract in parallel. Never throws for per-file problems; they
// become diagnostics (binary / non-UTF-8 -> Note, unreadable -> Error).
ScanResult scan(const ScanOptions& options);

// Analyze one in-memory file as if it were at `rel` (what the fixture tests use). The language
// comes from the extension; an unknown extension yields an empty result.
FileResult analyze_text(std::string_view rel, std::string text);

}  // namespace envdrift
