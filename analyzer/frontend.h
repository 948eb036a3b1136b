// The one list of language frontends (see STYLE.md "One table per language").
//
// Adding a language: a new folder under analyzer/ with an extract function, one descriptor line
// in frontend.cpp, and its grammar in grammars/CMakeLists.txt. Nothing else dispatches on the
// language.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/partial.h"
#include "analyzer/core/syntax.h"

namespace envdrift {

struct FrontendDescriptor {
  std::string_view name;                       // "typescript", "tsx", "javascript", ...
  Language language;                           // the Language reads are tagged with
  std::vector<std::string_view> extensions;    // ".ts", ".mts", ... (matched case-sensitively)
  std::vector<std::string_view> skip_suffixes; // files never analyzed (".d.ts")
  const TSLanguage* (*grammar)();              // tree-sitter entry point (nullptr: see `analyze`)
  std::string_view line_comment;               // "//" or "#": where suppressions/annotations live
  // Byte-level prefilter: a file containing none of these substrings has no read a frontend
  // could find, so it is not parsed at all (the fast path that keeps us near `rg`).
  std::vector<std::string_view> prefilter;
  // The env API mentions a cheap lexical pass counts as candidate read sites (coverage's
  // denominator, SPEC section 5): a line holding one should end up with a read, a handled
  // mention or an escape; one that does not is a site the analyzer could not follow.
  std::vector<std::string_view> candidate_tokens;
  // Walk a parsed file and append its reads (and diagnostics) to `out`.
  void (*extract)(const ParsedFile& file, FileResult& out);
  // A frontend that does its own parsing (C/C++ through libclang) sets this instead of
  // grammar/extract: the whole file in, its reads and diagnostics out.
  FileResult (*analyze)(const SourceFile& src) = nullptr;
  // Code embedded in markup (Vue/Svelte components, Astro pages): the byte ranges of the code,
  // parsed on their own with `grammar` (tree-sitter included ranges, so positions stay the
  // file's). nullptr: the whole file is code.
  std::vector<TSRange> (*embedded)(std::string_view text) = nullptr;
  // Partial parsing (analyzer/core/partial.h): the language's top-level statement splitter and
  // its reserved words. nullptr: the whole file is always parsed.
  StatementSplitter statements = nullptr;
  const std::vector<std::string_view>* keywords = nullptr;
  // `prefilter` and `candidate_tokens` as one matcher each (filled by frontends()).
  std::shared_ptr<const NeedleSet> needles = nullptr;
  std::shared_ptr<const NeedleSet> candidate_needles = nullptr;
};

const std::vector<FrontendDescriptor>& frontends();
// The frontend for a path by extension, or nullptr (also nullptr for skip_suffixes matches).
const FrontendDescriptor* frontend_for_path(std::string_view path);

// Parse `src` with `parser` (reused across files by one thread) and run the frontend. Adds a
// Warning diagnostic naming the first syntax error when the tree has errors; the reads found
// in the well-formed parts are still returned.
//
// `partial`: parse only the top-level statements the reads can depend on when the frontend can
// split its text (analyzer/core/partial.h), else the whole file; the result then says so
// (FileResult::partial). `symbols`: read symbols other files declare (a symbol round), whose
// mentions seed the partial parse like the prefilter's needles. ENVDRIFT_FULL_PARSE=1 turns
// partial parsing off (a check that it changes nothing). `defer_unparsed`: a partial parse
// gives the byte ranges of what it left out (FileResult::unparsed_ranges) instead of their
// identifier hashes, for a caller that keeps the text.
FileResult analyze_source(const FrontendDescriptor& fe, const SourceFile& src, TSParser* parser, bool partial = false,
                          const std::vector<std::string>* symbols = nullptr, bool defer_unparsed = false);

// The 1-based lines of `text` holding one of `fe.candidate_tokens` outside a line comment
// (sorted, unique). Linear in the text.
std::vector<int> candidate_lines(const FrontendDescriptor& fe, std::string_view text);

}  // namespace envdrift
