// Lowering JS-family expressions into the resolution core's Values (analyzer/core/resolve).
//
// JsEval resolves identifiers through the scopes of an ancestor path (block declarations,
// `for … of` loop variables, array callbacks, parameters, enums, imports), evaluates literals,
// objects `as const`, arrays, template literals, `+` and arithmetic, member and index access,
// and summarizes env helper functions (which parameter is the name, which the fallback), on
// demand and memoized. Imports of relative modules go through the current Project.
//
// Evaluation recurses over expressions, but only to kMaxEvalDepth levels: past that a value is
// Unknown, so deep input cannot overflow the stack.
#pragma once

#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/resolve/cycle_memo.h"
#include "analyzer/core/resolve/project.h"
#include "analyzer/core/resolve/value.h"
#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

using resolve::Value;

inline constexpr int kMaxEvalDepth = 48;

class JsEval {
 public:
  explicit JsEval(const JsFile& f);

  // The ancestor path of the node being looked at (root first): names resolve in its scopes.
  Path path() const { return path_; }
  void set_path(Path p) { path_ = p; }

  // The value of `expr` in the current path's scopes.
  Value eval(TSNode expr) { return eval_at(expr, path_, 0); }
  // A name built around one parameter with constant text: `"APP_" + key`, `` `${key}_URL` ``,
  // `"A_" + key + "_B"`. Sets `param` (the parameter, whole or a member of it) and the text
  // before and after it; false for anything else.
  bool param_with_affixes(TSNode name, Value& param, std::pair<std::string, std::string>& affixes);
  // Cheap prefilters: could `name` denote the env object / an env helper in this file?
  bool may_be_env(std::string_view name) const { return env_names_.count(std::string(name)) != 0; }
  bool may_be_helper(std::string_view name) const { return helper_names_.count(std::string(name)) != 0; }
  // The value a module exports under `name` ("default" for the default export).
  Value export_value(const std::string& name, int depth);
  // Is parameter `param` (a Param value) given the env object at some call of its function in
  // this file? (`function loadConfig(env) {…}` … `loadConfig(process.env)`.)
  bool param_receives_env(const Value& param);
  // A caller in another module hands parameter `index` of the function starting at `fn_start`
  // the environment: inside it, that parameter is an env alias (the loader's env_param reads).
  void assume_env_param(TSNode fn, int index);
  // `load(process.env)` with `load` imported from a module of the tree: the reads that function
  // makes with argument `index` the environment (resolve/env_param.h); Unknown when `name` is
  // not such an import or the module could not follow the function.
  Value imported_env_param_reads(std::string_view name, int index);
  // The node an identifier is bound to in this file's scopes (a const initialiser, a function
  // declaration), or a null node. Used by matchers that need syntax, not values (zod schemas).
  TSNode definition(std::string_view name, TSNode at) const;
  // Resolve an import specifier of this file to a module of the project ("" when none).
  std::string resolve_module(std::string_view spec) const;
  // The [[helper]] declaration a callee outside the tree matches (config), or nullptr: tried
  // with its import-qualified spelling ("@acme/config.getEnv") and as written (`this.` dropped).
  const DeclaredHelper* declared_callee(TSNode callee);
  // Is `name` bound by an import of a module outside the scanned tree (a package)?
  bool imported_from_outside(std::string_view name);
  // Where an imported name comes from: "specifier.exported" ("vite.loadEnv", "env-var.default"),
  // the specifier for `import * as`, "" when `name` is not bound by an import statement.
  std::string import_origin(std::string_view name);

 private:
  std::string resolve_uncached(const resolve::Project& project, std::string_view spec) const;
  Value eval_at(TSNode expr, Path ctx, int depth);
  Value lookup(std::string_view name, TSNode at, Path ctx, int depth);
  Value lookup_in_block(std::string_view name, TSNode block, Path ctx, int depth, bool* found);
  Value declared(std::string_view name, TSNode decl, TSNode value, Path ctx, int depth);
  Value parameter(std::string_view name, TSNode fn, Path ctx, size_t fn_index, int depth, bool* found);
  Value import_binding(std::string_view name, TSNode import_stmt, int depth, bool* found);
  Value imported(std::string_view spec, const std::string& export_name, int depth);
  Value object_value(TSNode obj, Path ctx, int depth);
  bool required_module(TSNode value, std::string& spec) const;
  Value module_value(std::string_view spec) const;
  Value module_export(const std::string& rel, const std::string& name, int depth);
  Value commonjs_export(const std::string& name, Path ctx, int depth);
  Value enum_value(TSNode decl, int depth, Path ctx);
  void enum_members(TSNode decl, int depth, Path ctx, Value& out);
  Value record_of(TSNode decl, std::string_view name) const;
  Value function_value(TSNode fn, Path ctx, std::string_view name);
  std::shared_ptr<const resolve::HelperSummary> summarize(TSNode fn, Path ctx, std::string_view name);
  void summarize_return(TSNode fn, const std::vector<TSNode>& prefix, const std::string& owner,
                        resolve::HelperSummary& s);
  void collect_names();
  bool may_hold_env(std::string_view initialiser) const;
  // Local name -> "specifier.exported" (or the specifier, for `import * as`), built once.
  const std::map<std::string, std::string, std::less<>>& import_origins();

  int enclosing_block(size_t i) const;

  const JsFile& f_;
  Path path_;
  mutable std::map<std::pair<const void*, const void*>, int> block_memo_;  // (path start, node) -> block index
  // block -> (name -> its first declaration's value node / function), built on the block's first
  // lookup: one pass over its statements whatever the number of names asked.
  mutable std::unordered_map<const void*, std::unordered_map<std::string, TSNode>> block_definitions_;
  std::set<std::string> env_names_, helper_names_;
  // Calls of the file by callee text: the argument positions given the environment as written
  // (`load(process.env)`), and the identifier / call arguments that may be an alias of it,
  // checked when a parameter asks (param_receives_env): one walk, then look-ups.
  std::map<std::string, std::set<int>, std::less<>> env_call_args_;
  std::map<std::string, std::vector<std::pair<int, TSNode>>, std::less<>> alias_call_args_;
  // Constants, class statics, enums and helper summaries, memoized with a cycle guard in one
  // memo (a cycle may run through several kinds): key = node range and what is computed of it.
  enum class Memo { Declared, Class, Enum, Summary };
  using MemoKey = std::tuple<uint32_t, uint32_t, Memo>;
  resolve::CycleMemo<MemoKey, Value> memo_;
  size_t summary_nesting_ = 0;
  struct BlockIndex {
    std::vector<TSNode> statements;
    std::map<std::string, std::vector<size_t>, std::less<>> by_name;  // statement indices
    std::vector<size_t> any;                                           // imports
  };
  std::vector<TSNode> binding_candidates(TSNode block, std::string_view name);
  std::map<std::tuple<uint32_t, uint32_t, TSSymbol>, BlockIndex> block_index_;
  std::shared_ptr<const resolve::HelperSummary> summarize_body(TSNode fn, Path ctx, std::string_view name);
  Value class_value(TSNode decl, std::string_view name, Path ctx, int depth);
  mutable std::map<std::string, std::string, std::less<>> module_memo_;
  std::map<std::pair<uint32_t, int>, bool> env_param_memo_;  // (function start, parameter) -> given the env
  std::map<std::string, std::string, std::less<>> import_origins_;
  std::map<std::string, std::string, std::less<>> import_specs_;  // local name -> specifier
  bool import_origins_built_ = false;
};

// The project loader for JS-family modules (parses the module on first use).
std::unique_ptr<resolve::ModuleLoader> make_js_loader(const std::string& rel, const std::string& path);

// Syntax helpers shared by evaluate.cpp and modules.cpp: the first named non-comment child, an
// anonymous token among the children (`default`, `*`, `const`), the arguments of a call.
TSNode first_named(TSNode n);
bool has_token(TSNode n, std::string_view tok);
std::vector<TSNode> call_arguments(const JsFile& f, TSNode call);

// Does `n` introduce a function (declaration, expression, arrow, method)?
bool is_function_like(TSNode n);

}  // namespace envdrift::js
