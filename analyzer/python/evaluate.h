// Lowering python expressions into the resolution core's Values (analyzer/core/resolve).
//
// PyEval resolves identifiers through the scopes of an ancestor path: `for` loop targets,
// function parameters (Param values), assignments earlier in the enclosing blocks, module
// constants, classes (records of their attributes), functions (helpers, or inlined when they
// only `return` an expression) and imports (relative, absolute within the scanned tree,
// `__init__.py` re-exports) through the current resolve::Project. It evaluates literals,
// f-strings, `+`/`%`/`.format` of constants, arithmetic, dict/list/tuple maps, member and index
// access. Recursion is bounded by kMaxEvalDepth: past it a value is Unknown.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/ancestors.h"
#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/resolve/cycle_memo.h"
#include "analyzer/core/resolve/project.h"
#include "analyzer/core/resolve/value.h"
#include "analyzer/python/os_bindings.h"
#include "analyzer/python/py_syntax.h"

namespace envdrift::py {

using resolve::Value;

inline constexpr int kMaxEvalDepth = 48;

// A python env helper: the core summary plus the parameter names (keyword arguments).
struct PyHelper : resolve::HelperSummary {
  std::vector<std::string> params;
};

// Names bound for one evaluation (a loop variable fixed to one element, inlined parameters).
// They are seen only inside `scope` (the loop, the inlined function): a statement outside it is
// evaluated (and memoized) as without bindings; one inside it is memoized for these bindings.
struct Bindings {
  std::map<std::string, Value, std::less<>> names;
  TSNode scope{};
  mutable std::map<uint32_t, Value> memo;
  bool empty() const { return names.empty(); }
};

// The metadata of a class record (classes.cpp): nullptr when `v` is not a class of the tree.
const Value* class_meta(const Value& v);

class PyEval {
 public:
  PyEval(const PyFile& f, const OsBindings& os);

  // The value of `expr` with names resolved in the scopes of `ctx` (root first, the node or an
  // ancestor of it last).
  Value eval(TSNode expr, Path ctx, const Bindings* b = nullptr, int depth = 0);
  // The value `name` has at node `at` (a loop variable: the Set of its elements).
  Value lookup_name(std::string_view name, TSNode at, Path ctx) { return lookup(name, at, ctx, nullptr, 0); }
  // The value the module binds to `name` at its top level (its export).
  Value export_value(const std::string& name, int depth);
  // Resolve a python module path (`.keys`, `..core`, `pkg.keys`) to a file of the project.
  std::string resolve_module(std::string_view dotted) const;

  // Set by the analyzer: how a function definition is summarized as an env helper (null when
  // the function reads no env through a parameter).
  std::function<std::shared_ptr<const PyHelper>(TSNode fn)> summarize;

  // The `[[helper]]` declaration a callee (identifier / attribute) matches, or null (declared.cpp).
  const DeclaredHelper* declared_helper(TSNode fn);
  // Is the callee's head (`configure`, `lib.configure`) a name imported from a module that is
  // not in the scanned tree?
  bool imported_from_outside(TSNode fn);
  bool imported_from_tree(TSNode fn);
  // `configure` (from `from .lib import configure`) / `lib.configure` (`import pkg.lib as lib`):
  // the module file of the tree that defines it and the function's name there.
  std::optional<std::pair<std::string, std::string>> imported_function(TSNode fn);
  // A class definition as a record of its constants carrying its metadata (classes.cpp).
  Value class_value(TSNode cls, int depth);
  Value class_record(TSNode cls, int depth);
  // The ancestor path of `n` from the root (root first, n last), built by a top-down search.
  std::vector<TSNode> path_to(TSNode n) const;
  // Module assignments, classes and helper summaries, memoized with a cycle guard in one memo (a
  // cycle may run through several kinds): a definition reached again while it is computed is
  // Unknown for the time being (resolve::CycleMemo).
  enum class Memo { Assignment, Class, Summary };
  using MemoKey = std::pair<uint32_t, Memo>;
  resolve::CycleMemo<MemoKey, Value>& memo() { return memo_; }
  const PyFile& file() const { return f_; }
  const OsBindings& os() const { return os_; }
  // Names that can denote helpers / settings bases here: local functions and classes, imports.
  bool may_be_callable(std::string_view name) const { return callable_names_.count(std::string(name)) != 0; }
  bool is_module_alias(std::string_view name) const { return module_aliases_.count(std::string(name)) != 0; }

 private:
  Value eval_at(TSNode expr, Path ctx, const Bindings* b, int depth);
  Value lookup(std::string_view name, TSNode at, Path ctx, const Bindings* b, int depth);
  bool binding_in(TSNode stmt, std::string_view name, Path ctx, const Bindings* b, int depth, Value& out);
  Value loop_target(std::string_view name, TSNode loop, Path ctx, const Bindings* b, int depth, bool& found);
  Value call_value(TSNode call, Path ctx, const Bindings* b, int depth);
  Value inline_call(TSNode fn, TSNode args, Path ctx, const Bindings* b, int depth);
  // A config library object constructed with `args` (its prefix and scheme options; lib_reads.cpp).
  Value library_object(std::string_view type, TSNode args, Path ctx, const Bindings* b, int depth);
  Value string_value(TSNode str, Path ctx, const Bindings* b, int depth);
  Value format_value(const Value& fmt, TSNode args, Path ctx, const Bindings* b, int depth, bool percent,
                     const Value* percent_args);
  Value import_from(TSNode stmt, std::string_view name, int depth, bool& found);
  Value import_plain(TSNode stmt, std::string_view name, bool& found);
  Value module_member(const std::string& rel, const std::string& name, int depth);
  std::string package_dir() const;

  const PyFile& f_;
  const OsBindings& os_;
  std::set<std::string> callable_names_, module_aliases_;
  std::set<uint32_t> inlining_;
  resolve::CycleMemo<MemoKey, Value> memo_;
  bool returns_env(TSNode fn, int depth);
  std::map<uint32_t, bool> returns_env_memo_;
  std::vector<std::string> callee_spellings(TSNode fn);
  void build_spellings();
  bool spellings_built_ = false;
  std::map<std::string, std::string> import_qual_, instance_class_;
  std::set<std::string> outside_imports_;
  std::map<std::string, std::pair<std::string, std::string>> import_origin_;  // local -> (module text, name or "")
  void build_module_index();
  bool module_index_built_ = false;
  std::map<std::string, std::vector<TSNode>, std::less<>> module_index_;
  std::vector<TSNode> wildcards_;  // module / block assignments evaluated without bindings
  // The index in `ctx` of the nearest node at or above ctx[i] where lookup() can find a binding
  // (a scope, a loop, a `with`, a comprehension, a block), or AncestorSkipper::npos: the levels
  // between (operators, parentheses, calls) are climbed once per file, not once per read.
  size_t binding_ancestor(Path ctx, size_t i);
  AncestorSkipper scopes_;
};

// The project loader for python modules (parses the module on first use).
std::unique_ptr<resolve::ModuleLoader> make_py_loader(const std::string& rel, const std::string& path);

// The parameter names of a function definition, in order.
std::vector<std::string> parameter_names(const PyFile& f, TSNode fn);
// The default expression of parameter `i` in the signature, or null.
TSNode parameter_default(const PyFile& f, TSNode fn, size_t i);

// A value's scalar text as a DefaultValue (nullopt for Null / non-scalars).
std::optional<DefaultValue> default_from_value(const Value& v, std::string_view raw);

}  // namespace envdrift::py
