// Lowering go expressions into the resolution core's Values (analyzer/core/resolve).
//
// GoEval resolves identifiers through the scopes of an ancestor path: `range` loop variables,
// function parameters (Param values), `:=` / `var` / `const` declarations earlier in the
// enclosing blocks and `if` initializers, then the package: the top-level `const` / `var` /
// `func` / `type` declarations of this file and of every other .go file of its directory
// (not _test.go), through the current resolve::Project. `pkg.Name` of an import of the same
// module (go.mod's module path) resolves in the package's directory. It evaluates literals,
// `+` and arithmetic (integer `/`, shifts, `iota`), map / slice / struct composite literals,
// index and selector access, conversions, `fmt.Sprintf` / `strconv.Itoa` / `strings.ToUpper` /
// `strings.Join` of constants, and inlines functions that only `return` an expression.
// Recursion is bounded by kMaxEvalDepth: past it a value is Unknown.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/name_parts.h"
#include "analyzer/core/resolve/cycle_memo.h"
#include "analyzer/core/resolve/project.h"
#include "analyzer/core/resolve/value.h"
#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

using resolve::Value;

inline constexpr int kMaxEvalDepth = 48;

// A go env helper: the core summary plus every parameter that names a read (an alias helper
// `getEnvFallback(primary, alternate, fallback)` reads both), and its parameter count.
struct GoHelper : resolve::HelperSummary {
  std::vector<int> name_params;
  // Per name parameter: the constant text the body puts around it (`os.Getenv("APP_" + name)`
  // reads "APP_" + the argument).
  std::vector<std::pair<std::string, std::string>> name_affixes;
  // A variadic name parameter (`firstEnv(keys ...string)` ranging over keys): every argument
  // from it on is a name. -1 when none.
  int variadic_param = -1;
  // `os.Getenv` / `os.LookupEnv` as a value (readers.cpp): its reads are direct, not a helper's.
  bool builtin = false;
  // A parameter of function type the body calls with the name (`func get(getenv func(string)
  // string, key string) string { return getenv(key) }`): a call reads only when its argument
  // there is a reader (`get(os.Getenv, "PORT")`). -1 when none.
  int getter_param = -1;
  // A function-typed parameter that no call of this file hands a reader: it makes its function
  // a helper (getter_param) but is not a read where it is called with a literal name.
  bool unbound = false;
};

// Function values that read the environment (readers.cpp): `os.Getenv` / `os.LookupEnv` /
// `syscall.Getenv` taken as a value, and helper functions of the tree (export_value's Helper
// values). A reader Value is a Helper value whose summary is a GoHelper.
Value env_getter_value(std::string_view spelling);
std::shared_ptr<const GoHelper> reader_of(const Value& v);

// Package-level names of methods are looked up under this prefix ("method getEnv"): a method
// whose name mentions env and whose parameter flows into a read is a helper too.
inline constexpr std::string_view kMethodKey = "method ";

// Stands for a parameter's text while a helper body is summarized (never in a real name): the
// marker every frontend's summaries use.
inline constexpr char kParamMarker = resolve::kNameMarker;

// The parameter identifiers of a function declaration / literal, in order (`a, b string` -> a b).
std::vector<TSNode> parameter_identifiers(TSNode fn);
// Go's predeclared functions and types (`len`, `append`, `string`, …): never a helper.
bool is_builtin_function(std::string_view name);
// The index of a function's variadic parameter (`keys ...string`), or -1.
int variadic_parameter(TSNode fn);
// The value a parameter stands for while a helper body is looked at: the marker text, inside a
// one-element slice for a variadic parameter.
Value param_marker(bool variadic);

// Cross-file handles for the library matchers (libraries.h): export_value(kFileExport) of a
// file's GoEval is a handle on the file itself, export_value(kDeclExport + "Name") one on its
// top-level struct type Name. The project's loader owns the file, so the handle stays valid for
// the whole scan (a weak_ptr to the kFileExport handle expires with the project's loaders); the
// tree is only read through it.
inline constexpr std::string_view kFileExport = "\x01" "file";
inline constexpr std::string_view kDeclExport = "\x01" "decl ";
struct GoDeclHandle : resolve::HelperSummary {
  const GoFile* file = nullptr;
  TSNode node{};  // the `struct_type` (kDeclExport) or the root (kFileExport)
};
// The handle a kFileExport / kDeclExport export returned, or null for any other value.
std::shared_ptr<const GoDeclHandle> decl_handle(const Value& v);

// Names bound for one evaluation (a loop variable fixed to one element, inlined parameters).
using Bindings = std::map<std::string, Value, std::less<>>;

class GoEval {
 public:
  explicit GoEval(const GoFile& f);
  GoEval(const GoEval&) = delete;
  GoEval& operator=(const GoEval&) = delete;

  // The value of `expr` with names resolved in the scopes of `ctx` (root first, the node or an
  // ancestor of it last).
  Value eval(TSNode expr, Path ctx, const Bindings* b = nullptr, int depth = 0);
  // The value `name` has at node `at`. `package_scope` false: the function's scopes only (an
  // imported package's name can be shadowed there, never at package level: Go rejects a package
  // declaration that has the name of a file's import, so siblings need not be searched).
  Value lookup_name(std::string_view name, TSNode at, Path ctx, const Bindings* b = nullptr, int depth = 0,
                    bool package_scope = true);
  // The value this file binds to `name` at its top level (its export to the package).
  Value export_value(const std::string& name, int depth);
  // `name` in the package of this file: this file's top level, then its sibling files.
  Value package_value(const std::string& name, int depth);
  // The env helper `callee` denotes (`getEnv`, `envutil.GetInt`), or null.
  std::shared_ptr<const GoHelper> helper_of(TSNode callee, Path ctx, int depth = 0);
  // How a function declaration reads the environment through its parameters (helpers.cpp);
  // null when it does not.
  std::shared_ptr<const GoHelper> summarize(TSNode fn, int depth = 0);
  // A fallback expression as a read's default: literal normalization for literals, folded
  // constants, else computed (not comparable). nullopt for a null node and for `nil`.
  std::optional<DefaultValue> default_value(TSNode expr, Path ctx, const Bindings* b = nullptr, int depth = 0);
  // The default a direct read at `call` (path.back()) gets from the code around it: `if v == ""
  // { v = "d" }`, an early `return "d"` (local_defaults.cpp). nullopt when there is none.
  std::optional<DefaultValue> local_default(TSNode call, Path path);
  // Is `call` a parse of a string into (value, error) (`strconv.Atoi`, `time.ParseDuration`)?
  bool is_parse_call(TSNode call);
  // What is known of a name expression: the whole name, or the known text around the parts
  // that are not constants (`PREFIX + x` -> prefix "APP_").
  NameParts name_parts_at(TSNode expr, Path ctx, const Bindings* b = nullptr);
  // The ancestor path of `n` from the root (root first, n last).
  std::vector<TSNode> path_to(TSNode n) const;
  // The project directory ("a/b/", "" for the root) of the module package an import qualifier
  // of this file names, or nullopt when it names no package of the scanned module.
  std::optional<std::string> import_dir(std::string_view qualifier);
  // `cfg.Read(os.Getenv)` / `Read(os.Getenv)` with the function in another package of the module
  // or another file of this package: the reads it makes when argument `index` is a reader
  // (resolve/env_param.h); Unknown when the callee is no such function or could not be followed.
  Value env_param_reads_of(TSNode callee, int index);
  // A caller in another file hands parameter `index` of top-level function `fn` a reader: inside
  // it, calls of that parameter read (readers.cpp). The reader's via label is `label`.
  void assume_reader_param(const std::string& fn, int index, const std::string& label);
  // The names of the helper functions this file declares (the driver's read symbols).
  std::vector<std::string> declared_helpers();
  const GoFile& file() const { return f_; }
  // `q.Getenv` / `q.LookupEnv` with q an import of os or syscall: the standard function, or a
  // local `q` shadowing it; either way EnvBindings decides, never the reader look-up.
  bool env_selector(TSNode callee);
  // The import path an import qualifier of this file names, or nullopt.
  std::optional<std::string> import_path(std::string_view qualifier);
  // The reader a callee that is not a function of the package denotes (readers.cpp): a local /
  // package variable or struct field holding one, a function-typed parameter that a call site
  // of the function hands one, a field of the receiver's type that a literal of the type sets to
  // one, or a `[[helper]]` declaration. null when none.
  std::shared_ptr<const GoHelper> reader_at(TSNode callee, Path ctx, int depth = 0);
  // The `[[helper]]` declaration a callee's spellings match (`github.com/acme/cfg.Get`, `cfg.Get`,
  // `Type.Method`, `pkgpath.Type.Method`), or null.
  const DeclaredHelper* declared_for(TSNode callee, Path ctx);
  // The directory of the go.mod above this file ("" for the scan root), nullopt without one.
  std::optional<std::string> module_dir();

 private:
  std::optional<DefaultValue> parse_default(Path path);
  Value eval_at(TSNode expr, Path ctx, const Bindings* b, int depth);
  Value binary_value(TSNode expr, Path ctx, const Bindings* b, int depth);
  Value call_value(TSNode call, Path ctx, const Bindings* b, int depth);
  Value composite_value(TSNode lit, Path ctx, const Bindings* b, int depth);
  Value literal_value(TSNode body, Path ctx, const Bindings* b, int depth, bool keyed_record);
  Value inline_call(TSNode fn, TSNode args, Path ctx, const Bindings* b, int depth);
  Value selector_value(TSNode expr, Path ctx, const Bindings* b, int depth);
  bool binding_in(TSNode stmt, std::string_view name, Path ctx, const Bindings* b, int depth, Value& out);
  bool spec_binding(TSNode spec, std::string_view name, Path ctx, const Bindings* b, int depth, Value& out);
  Value range_binding(std::string_view name, TSNode clause, Path ctx, const Bindings* b, int depth, bool& found);
  Value other_package(const std::string& dir, const std::string& name, int depth);
  void build_index();
  std::string module_dir_and_path(std::string& module_path);

  void build_reader_index();
  // Is `name` declared anywhere in the file below the top level (a parameter, receiver, local
  // variable or range variable)? When not, a use of it is the package's, without a scope walk.
  bool locally_bound(std::string_view name);
  std::set<std::string, std::less<>> local_names_;
  bool local_names_built_ = false;
  std::string receiver_type(TSNode operand, Path ctx);

  const GoFile& f_;
  // readers.cpp: per callee key ("name", "method name") and argument position, the reader a
  // call of this file hands it; per "Type.field", the reader a literal of Type sets it to.
  bool readers_built_ = false, readers_building_ = false;
  std::map<std::string, std::map<int, std::shared_ptr<const GoHelper>>, std::less<>> param_readers_;
  std::map<std::string, std::shared_ptr<const GoHelper>, std::less<>> field_readers_;
  std::map<const DeclaredHelper*, std::shared_ptr<const GoHelper>> declared_;
  bool index_built_ = false;
  std::map<std::string, TSNode, std::less<>> top_;  // top-level name -> its spec / declaration
  // Per statement list (by start byte): the statements that may bind each name, in order, so
  // that a lookup in a long function body is not linear in its length.
  const std::vector<TSNode>* block_bindings(TSNode list, std::string_view name);
  std::map<uint32_t, std::map<std::string, std::vector<TSNode>, std::less<>>> block_index_;
  // The statements of a statement list (cached: a long body is looked at once per read).
  const std::vector<TSNode>& statements_of(TSNode list);
  std::map<uint32_t, std::vector<TSNode>> block_stmts_;
  std::map<std::string, std::string, std::less<>> imports_;  // qualifier -> import path
  std::map<std::string, Value, std::less<>> export_memo_;
  std::map<std::string, Value, std::less<>> package_memo_;
  resolve::CycleMemo<uint32_t, std::shared_ptr<const GoHelper>> summaries_;
  std::shared_ptr<const GoHelper> summarize_body(TSNode fn, int depth);
  std::set<uint32_t> summarizing_, inlining_;
  std::map<std::string, std::optional<std::string>, std::less<>> import_dirs_;
  bool module_read_ = false;
  std::string module_dir_, module_path_;
  // The kFileExport handle, one per evaluator: it lives as long as the project's loader does.
  std::shared_ptr<const GoDeclHandle> file_handle_;
};

// The project loader for go files (parses the file on first use).
std::unique_ptr<resolve::ModuleLoader> make_go_loader(const std::string& rel, const std::string& path);

// A value's scalar as a DefaultValue with `raw` as its display text (nullopt for non-scalars).
std::optional<DefaultValue> default_from_value(const Value& v, std::string_view raw);

}  // namespace envdrift::go
