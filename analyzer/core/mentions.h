// Evidence before verdicts (SPEC section 5, `unresolved`): where a documented name appears in
// the code even though no resolved read produced it.
//
// One Aho–Corasick automaton over the names (folded to lower case) scans each file once; a hit
// counts only on identifier boundaries and outside comments, and is classified by the bytes
// around it. An exact-case hit counts in any code context; a hit that differs in case counts
// only where a settings field or attribute would be (`settings.db_host`, `db_host: str`,
// `db_host=`), never as a bare word. Linear in the bytes scanned.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift {

struct Mention {
  std::string file;     // relative to the scan root
  Language language = Language::TypeScript;
  int line = 0;         // 1-based
  int column = 0;       // 1-based, in bytes
  // "string" (a string literal), "tag" (a Go struct tag), "member" (`x.NAME`), "key" (`NAME:`),
  // "keyword" (`NAME=` inside a call or a class body), "identifier" (any other use).
  std::string context;
  // For a string argument of a call: the callee as written (`config.get`) and the argument's
  // 0-based position; "" / -1 otherwise.
  std::string callee;
  int arg_index = -1;
  // The callee is the language's env API (`getenv`, `os.getenv`): the read sits where the
  // analysis did not look (a preprocessor block of another configuration, a syntax error).
  bool api_call = false;
  // A file of no analyzed language that may read the variable when the service is built or
  // run: what it is ("shell script", "Dockerfile", "compose file", "Makefile", "HTML entry
  // page"); "" for a source file.
  std::string runtime;
  // In dev code (tests, tool configs, scripts: ScopeRules::is_dev), set by the caller.
  bool dev = false;
};

// Could `rel` be such a file, by its name: `*.sh`/`.bash`/`.zsh`/`.ksh`, `Dockerfile*`,
// `Containerfile*`, `*.dockerfile`, `*compose*.yml|yaml`, `Makefile`, `*.mk`, `Procfile`,
// `index.html`, or a name without an extension (a script when it starts with `#!`).
bool runtime_file_candidate(std::string_view rel);

// The exact-case mentions of `names` in those files (comments skipped), at most `per_name`
// each; a file without an extension counts only when it starts with `#!`.
std::map<std::string, std::vector<Mention>> find_runtime_mentions(
    const std::vector<std::string>& names, const std::vector<std::pair<std::string, std::string>>& files,
    size_t per_name = 5);

// The mentions of each of `names` in the files `(rel, path to open)`, at most `per_name` each
// (in the order of `files`). The comment and string syntax come from each file's frontend; files
// that cannot be read are skipped (the scan already reported them).
std::map<std::string, std::vector<Mention>> find_mentions(
    const std::vector<std::string>& names, const std::vector<std::pair<std::string, std::string>>& files,
    size_t per_name = 5);

// The same over one in-memory file (what the tests use); the language comes from `rel`'s
// extension (a file of no frontend has no mentions).
void find_mentions_in(std::string_view rel, std::string_view text,
                      const std::vector<std::string>& names, std::map<std::string, std::vector<Mention>>& out,
                      size_t per_name = 5);

}  // namespace envdrift
