// Parsing one C/C++ file with libclang: the command line (compile_commands.json when the tree
// has one, else the language of the extension and the tree's include directories), the
// prelude in place of the system headers, one CXIndex per thread, and the syntax diagnostic.
#pragma once

#include "analyzer/cpp/libclang.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift::cpp {

class TranslationUnit {
 public:
  // Parse `text` as the file `path` (opened as `path`, shown as `rel`). Never null: a file
  // libclang cannot parse at all gives an empty unit (`ok()` false).
  TranslationUnit(const std::string& path, const std::string& rel, std::string_view text,
                  const std::vector<std::string>& extra_args = {});
  ~TranslationUnit();
  TranslationUnit(const TranslationUnit&) = delete;
  TranslationUnit& operator=(const TranslationUnit&) = delete;

  bool ok() const { return tu_ != nullptr; }
  CXTranslationUnit get() const { return tu_; }
  // The first syntax error (a parse issue, not a missing header or an undeclared name) in the
  // main file: its 1-based line.
  std::optional<int> syntax_error_line() const;
  // The main file's preprocessor blocks left out (`#ifdef FEATURE` with FEATURE undefined), as
  // 1-based line ranges [first, last].
  std::vector<std::pair<int, int>> skipped_lines() const;

 private:
  CXTranslationUnit tu_ = nullptr;
};

// The flags that turn on the skipped blocks holding an env API mention: `-DX` for `#ifdef X` /
// `#if defined(X)` / `#if X`, `-UX` for `#ifndef X` (`#else` branches are left alone).
std::vector<std::string> flags_for_skipped(std::string_view text, const std::vector<std::pair<int, int>>& skipped,
                                           const std::vector<std::string_view>& needles);

// The arguments the file is parsed with (exposed for tests).
std::vector<std::string> parse_arguments(const std::string& path, const std::string& rel);

}  // namespace envdrift::cpp
