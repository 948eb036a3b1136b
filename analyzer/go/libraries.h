// Reads declared through go configuration libraries rather than calls of os.Getenv: struct tags
// (caarlos0/env, kelseyhightower/envconfig, alexflint/go-arg), CLI flag definitions (urfave/cli
// v2/v3) and viper (BindEnv, SetEnvPrefix + AutomaticEnv + SetDefault).
//
// The matchers only recognise the library shapes; evaluating expressions (a constant of another
// package as a flag's `Value:`, a slice of names built from constants) is the go evaluator's
// job, passed in as GoExprEval so that both halves stay independent. So are the cross-file
// look-ups (a struct type of another file or package, the package-level viper's configuration in
// the module's other files): go.cpp implements them over the project (evaluate.h's handles), the
// matchers only call them; without them (analyze_text) a matcher sees its own file only.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/core/name_parts.h"
#include "analyzer/core/syntax.h"
#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

// A struct type declared in another file of the scan (a sibling file of the package, or another
// package of the module): the file (parsed and kept alive by the project for the whole scan), the
// `struct_type` node and the type's name.
struct GoStructRef {
  const GoFile* file = nullptr;
  TSNode node{};
  std::string name;
};

// A prefix a library puts in front of a struct's names. When part of it is not known
// (`envconfig.Process(name, &c)`), the read is dynamic: `head` is the known text before the
// unknown part, `tail` the known text after it.
struct GoPrefix {
  bool dynamic = false;
  std::string head, tail;
  std::string expr;             // the unknown expression's text (dynamic only)
  std::vector<ViaStep> steps;   // how the prefix came about
  // Full names never looked up under this prefix: a MapLookuper before it in a MultiLookuper
  // answers their keys (go-envconfig stops at the first lookuper that has the key).
  std::set<std::string> excluded;
};

// The package-level viper's configuration as one file states it (flag_libs.cpp).
struct ViperConfig {
  bool automatic = false;
  std::optional<NameParts> prefix;
  std::string prefix_text;  // the prefix expression's source text
  std::string prefix_file;
  int prefix_line = 0;
  bool has_replacer = false;
  std::vector<std::pair<std::string, std::string>> replacer;
  std::map<std::string, std::optional<DefaultValue>> defaults;  // lower-cased key -> default
};

struct GoExprEval {
  // The name an expression evaluates to (literal, constant, constant of another package).
  std::function<NameParts(TSNode)> name;
  // The names of a list expression (`[]string{"A", B}`, a slice constant); empty when unknown.
  std::function<std::vector<NameParts>(TSNode)> names;
  // The default a fallback/`Value:` expression evaluates to (folded constants, computed otherwise).
  std::function<std::optional<DefaultValue>(TSNode)> default_value;
  // Cross-file (optional; empty in analyze_text-like settings): the struct type a type
  // expression of file `from` names when it is not declared in `from` itself (`Spec` of a
  // sibling file, `config.Spec` of another package of the module).
  std::function<std::optional<GoStructRef>(const GoFile& from, TSNode type_expr)> struct_decl;
  // Cross-file (optional): the package-level viper configuration stated by the other files of
  // the module (every .go file under go.mod's directory but this one; no tests, no vendor/),
  // in path order.
  std::function<std::vector<ViperConfig>()> module_viper;
  // Cross-file (optional): does another file of the module reach struct `name` of `file` with a
  // prefix (`envconfig.Process("myapp", &s)`, a field with `envPrefix:"DB_"`, ParseWithOptions
  // with a Prefix)? Then `file` does not read that struct on its own (unprefixed): the reads are
  // the other file's, at this file's fields (struct_claims).
  std::function<bool(const GoFile& file, const std::string& name)> claimed;
  // Cross-file (optional): does the module's go.mod require module `path` (a library of
  // library_table.h)? Decides which library a struct tag shared by several (`env`) belongs to
  // when the struct's own file imports none of them.
  std::function<bool(std::string_view path)> module_requires;
};

// The structs of other files that `f` reaches with a prefix, as (file, struct name), and those it
// uses without one (`env.Parse(&c)`, `envconfig.Process("", &c)`) as ("-" + file, struct name):
// what GoExprEval::claimed answers (claimed and never used plainly), over the module's files.
std::vector<std::pair<std::string, std::string>> struct_claims(const GoFile& f, const GoExprEval& eval);

// The package-level viper configuration `f` states (SetEnvPrefix, AutomaticEnv,
// SetEnvKeyReplacer, SetDefault on the imported package), names folded by `eval`.
ViperConfig package_viper_config(const GoFile& f, const GoExprEval& eval);

// The literal-only evaluator (values.h): what the matchers use when no richer evaluator exists.
GoExprEval literal_eval(const GoFile& f);

// Append the library-declared reads of `f` to `out`.
void extract_go_libraries(const GoFile& f, const GoExprEval& eval, FileResult& out);

// The two halves of extract_go_libraries.
// struct_tags.cpp: caarlos0/env, kelseyhightower/envconfig and alexflint/go-arg struct tags.
void extract_struct_tags(const GoFile& f, const GoExprEval& eval, FileResult& out);
// flag_libs.cpp: urfave/cli flag literals and viper calls.
void extract_flag_libs(const GoFile& f, const GoExprEval& eval, FileResult& out);
// flag_chains.cpp: kingpin flag chains (Envar, DefaultEnvars) and ff's env prefix over a flag set.
void extract_flag_chains(const GoFile& f, const GoExprEval& eval, FileResult& out);

// Shared by both halves.
// The local names under which `f` imports a package whose import path contains `fragment`
// (`import ucli "github.com/urfave/cli/v2"` -> "ucli"; without an alias: `default_name`).
std::vector<std::string> import_names(const GoFile& f, std::string_view fragment, std::string_view default_name);
// The import paths of `f`, in order.
std::vector<std::string> import_paths(const GoFile& f);
// `q.member(...)` with `q` one of `qualifiers`: the call's `member`, else "".
std::string_view qualified_call(const GoFile& f, TSNode call, const std::vector<std::string>& qualifiers);
// The argument expressions of a call (comments skipped).
std::vector<TSNode> call_args(const GoFile& f, TSNode call);
// The name of the struct type an expression points at: `&cfg` / `cfg` with `var cfg Config`,
// `cfg := Config{}`, `cfg := &Config{}`, `cfg := new(Config)`, a parameter `cfg *Config`, or
// `&Config{}` itself. "" when unknown. With `type_node`, also the type expression itself
// (`Config`, `config.Spec`); a type of another package is returned as "config.Spec".
std::string struct_type_of(const GoFile& f, TSNode expr, TSNode* type_node = nullptr);

// Where a read of the name written by `name` is reported: the name's own string literal when
// it stands on another line than `at` (a multi-line `EnvVars: []string{\n"A",\n"B"}`,
// `cli.EnvVars(\n"A",\n"B")`, a variadic helper's arguments one per line), else `at`.
TSNode name_site(const GoFile& f, TSNode at, TSNode name);
// The elements of a list expression `[]string{…}` in order (what GoExprEval::names evaluates
// element by element), or empty for any other expression.
std::vector<TSNode> list_elements(TSNode list);

// lookupers.cpp: the expression a local name is bound to where `ident` is used (the latest
// `x := e` / `var x = e` / `x = e` before it in the enclosing blocks, then the file's top-level
// `var`); null when none is found.
TSNode local_binding(const GoFile& f, TSNode ident);
// sethvargo/go-envconfig: the prefixes a Lookuper expression puts in front of a key before the
// key reaches the process environment (`OsLookuper()` -> "", `PrefixLookuper("P_", l)` -> the
// prefixes of l followed by "P_", `MultiLookuper(a, b)` -> both, `MapLookuper(m)` -> none),
// through local variables and functions of the file that return one. nullopt when the
// expression is not a lookuper it knows (a user type implementing Lookup).
std::optional<std::vector<GoPrefix>> lookuper_prefixes(const GoFile& f, TSNode expr, const GoExprEval& eval,
                                                       const std::vector<std::string>& qualifiers);
// `x := &pkg.Config{…}` -> the composite literal a value expression is (through `&` and a local).
TSNode composite_of(const GoFile& f, TSNode expr);
// The value of key `key` in a keyed composite literal (`Config{Target: &c}` -> `&c`), or null.
TSNode keyed_value(const GoFile& f, TSNode lit, std::string_view key);

}  // namespace envdrift::go
