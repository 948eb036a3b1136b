// Reads declared through go configuration libraries rather than calls of os.Getenv: struct tags
// (caarlos0/env, kelseyhightower/envconfig, alexflint/go-arg), CLI flag definitions (urfave/cli
// v2/v3) and viper (BindEnv, SetEnvPrefix + AutomaticEnv + SetDefault).
//
// The matchers only recognise the library shapes; evaluating expressions (a constant of another
// package as a flag's `Value:`, a slice of names built from constants) is the go evaluator's
// job, passed in as GoExprEval so that both halves stay independent.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/core/name_parts.h"
#include "analyzer/core/syntax.h"
#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

struct GoExprEval {
  // The name an expression evaluates to (literal, constant, constant of another package).
  std::function<NameParts(TSNode)> name;
  // The names of a list expression (`[]string{"A", B}`, a slice constant); empty when unknown.
  std::function<std::vector<NameParts>(TSNode)> names;
  // The default a fallback/`Value:` expression evaluates to (folded constants, computed otherwise).
  std::function<std::optional<DefaultValue>(TSNode)> default_value;
};

// The literal-only evaluator (values.h): what the matchers use when no richer evaluator exists.
GoExprEval literal_eval(const GoFile& f);

// Append the library-declared reads of `f` to `out`.
void extract_go_libraries(const GoFile& f, const GoExprEval& eval, FileResult& out);

// The two halves of extract_go_libraries.
// struct_tags.cpp: caarlos0/env, kelseyhightower/envconfig and alexflint/go-arg struct tags.
void extract_struct_tags(const GoFile& f, const GoExprEval& eval, FileResult& out);
// flag_libs.cpp: urfave/cli flag literals and viper calls.
void extract_flag_libs(const GoFile& f, const GoExprEval& eval, FileResult& out);

// Shared by both halves.
// The local names under which `f` imports a package whose import path contains `fragment`
// (`import ucli "github.com/urfave/cli/v2"` -> "ucli"; without an alias: `default_name`).
std::vector<std::string> import_names(const GoFile& f, std::string_view fragment, std::string_view default_name);
// `q.member(...)` with `q` one of `qualifiers`: the call's `member`, else "".
std::string_view qualified_call(const GoFile& f, TSNode call, const std::vector<std::string>& qualifiers);
// The named children of `n` except comments, in O(children) (code_children is quadratic: fine for
// argument lists, not for a 10,000-field struct or a file's top level).
std::vector<TSNode> named_children(TSNode n);
// The argument expressions of a call (comments skipped).
std::vector<TSNode> call_args(const GoFile& f, TSNode call);
// The name of the struct type an expression points at: `&cfg` / `cfg` with `var cfg Config`,
// `cfg := Config{}`, `cfg := &Config{}`, `cfg := new(Config)`, a parameter `cfg *Config`, or
// `&Config{}` itself. "" when unknown.
std::string struct_type_of(const GoFile& f, TSNode expr);

}  // namespace envdrift::go
