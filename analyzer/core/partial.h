// Parse less (issue 15 point 2): a file that passed the byte prefilter is parsed only in the
// top-level statements its reads can depend on, through tree-sitter's included ranges.
//
// A frontend supplies a splitter: a small lexer that cuts its language's text into top-level
// statements and lists each statement's identifier tokens (code only: no comments; Python also
// lists the words inside strings, which can be forward references), marking the ones the
// statement may declare at top level (over-approximated: an assignment's targets, a definition's
// name, every name of an import or of a compound statement such as `if`/`try`). It gives up on
// anything it cannot lex with certainty. The plan then keeps:
//   - every statement holding a prefilter needle (an env API, a config library's name), and
//   - every statement that mentions a name some statement of the file declares, when a kept
//     statement mentions that name too, transitively: the declaration a read's value comes
//     from (a constant, an alias, a helper, a class base, an import) and the uses of what a
//     kept statement declares (the calls of a helper, the subclasses of a settings class).
// Names no statement declares (locals, members, builtins, type words) link nothing.
//
// What the closure cannot see is a statement that calls a helper declared in another file and
// shares no declared name with a kept statement, and a statement whose read depends on what a
// kept one did to an object both use (`viper.AutomaticEnv()` and a `viper.GetString` in another
// function): the driver's symbol rounds cover them. The identifiers of the statements left out,
// and of those kept only as context (whose names' uses were not followed), are kept
// (FileResult::unparsed_idents); a file where they mention a read symbol some file declared
// (a helper, or a library object a file configured, such as "spf13/viper") is parsed again with
// that symbol as a seed.
// Everything else that looks at the rest of a file (mentions, candidate lines, suppressions)
// reads its bytes, not its tree. A plan that keeps most of the file, or a splitter that gives
// up, means a full parse; so does a partial tree with a syntax error (see analyze_source).
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/needles.h"

namespace envdrift {

// What a splitter reports. Statements are contiguous and ordered: the first begins at 0, the
// last ends at the text's size; statement i's tokens are tokens[first_token(i) .. first_token(i+1)).
struct SplitToken {
  uint32_t begin = 0;
  uint32_t size = 0;
  bool declares = false;  // the statement may declare this name at top level
};
struct SplitStatement {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t first_token = 0;
  bool wildcard = false;  // declares names it does not spell (`from m import *`): always kept
};
struct Split {
  std::vector<SplitStatement> statements;
  std::vector<SplitToken> tokens;
};

using StatementSplitter = bool (*)(std::string_view text, Split& out);

struct PartialPlan {
  std::vector<TSRange> ranges;             // what to parse (merged, ordered)
  std::vector<uint32_t> unparsed_idents;   // identifier_hashes of the statements left out or kept as context
  // Instead of their hashes (`hash_unparsed` false: the caller keeps the text), those
  // statements' byte ranges [begin, end), each hashed on its own where hashes are taken.
  std::vector<std::pair<uint32_t, uint32_t>> unparsed_ranges;
};

// The plan for `text`, or false when the whole file should be parsed: the splitter gave up,
// there is a single statement, or the kept statements hold more than `max_share` of the bytes.
// `seeds`: the frontend's prefilter needles (and a symbol round's symbols); `keywords`: words that
// never name anything. Linear in the text.
bool plan_partial(std::string_view text, StatementSplitter split, const NeedleSet& seeds,
                  const std::vector<std::string_view>& keywords, PartialPlan& out, double max_share = 0.75,
                  bool hash_unparsed = true);

}  // namespace envdrift
