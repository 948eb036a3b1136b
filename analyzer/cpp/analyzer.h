// The analysis of one flattened C/C++ translation unit: values of name and default expressions
// (evaluate.cpp), env read sites and helper summaries (sites.cpp), and the reads of the main
// file (reads.cpp).
//
// Values use the language-neutral model of analyzer/core/resolve: string and number literals
// (macro-expanded ones carry a `macro NAME` step), variables with initializers (`constant NAME`),
// arrays, std::array, std::map and struct tables (records), range-for loop variables over them
// (sets of alternatives), switch tables mapping an enum to names (`switch NAME`), function
// parameters (what makes a function a helper). Evaluation recurses on expressions with a depth
// bound (kMaxDepth); every walk over the tree is a loop over the node array.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/resolve/value.h"
#include "analyzer/core/syntax.h"
#include "analyzer/cpp/ast.h"

namespace envdrift::cpp {

using resolve::HelperSummary;
using resolve::Value;

inline constexpr int kMaxDepth = 48;
// The parameter index that stands for the object a method is called on: a method reading a
// member its constructor set from a parameter (`getenv(name_)`) is a helper whose name is that
// member of the object (HelperSummary::name_path = {"name_"}).
inline constexpr int kThisParam = 1 << 20;

// Summaries of helpers defined in other translation units, by USR (helper_index.cpp).
using ExternalHelpers = std::function<std::shared_ptr<const HelperSummary>(const std::string& usr)>;

// A call that reads the environment: an env API function or a helper.
struct Site {
  int call = -1;
  std::string callee;                           // as declared
  int name_arg = -1;
  int default_arg = -1;
  std::shared_ptr<const HelperSummary> helper;  // null for the env API
};

// A default found at a read: a value, or a parameter of the enclosing function (helpers).
struct DefaultOut {
  std::optional<DefaultValue> value;
  int param = -1;  // >= 0: the default is this parameter of `owner`
  int owner = -1;
};

class Analyzer {
 public:
  Analyzer(const Ast& ast, const SourceFile& src, ExternalHelpers external);

  // Append the main file's reads to `out`.
  void extract(FileResult& out);
  // Append the places where the env API or `environ` flows where reads cannot be followed.
  void escapes(FileResult& out);
  // Summaries of the helpers defined in the main file, by USR.
  void main_file_helpers(std::map<std::string, std::shared_ptr<const HelperSummary>>& out);

  // evaluate.cpp
  Value value(int expr, int depth);
  Value var_value(int decl, int depth);
  // The value of variable `var` at its use `use`: its initializer when nothing assigns it, else
  // what reaches the use. In a function, the last assignment before the use when it is a
  // statement of a block that holds the use (no branch between them), else every value that
  // may reach it (the assignments back to such a one, and those later in a loop around the
  // use); for a variable of file scope, every value it is given anywhere.
  Value use_value(int use, int var, int depth);
  // A name of a structured binding (`for (const auto& [key, name] : kVars)`): that member of
  // each element of the range. Unknown for other bindings.
  Value binding_value(int binding, int depth);
  Value call_value(int call, int depth);
  Value call_result(int call, int fn, int depth);
  // A braced list as `type` (its own, or the element type of the enclosing array).
  Value init_list(int n, CXType type, int depth);
  std::vector<int> call_args(int call) const;
  int param_index(int parm) const;
  // The definition node of a called function (a template's pattern for a specialization), or -1.
  int function_definition(CXCursor callee) const;
  // A member read in a method (`name_`, `this->name_`): the constants every constructor and the
  // in-class initializer give it, else the member of the object (a kThisParam Param).
  Value this_member(int member_ref, int field, int depth);
  // An object built by a constructor of the tree: a record of the members its initializer list
  // sets (the constructor's parameters bound to the call's arguments) and the in-class
  // initializers. Unknown when the constructor sets none.
  Value constructed(int call, int ctor, int depth);
  // The object whose member is read (`obj.name_`, `obj.get()`): constructed() when it is such a
  // call or a variable initialized by one, else its value. Only member reads ask: a string
  // class of the tree (`Str s("X"); getenv(s.c_str())`) stays the string it wraps.
  Value object_value(int expr, int depth);
  // The name expression of a site: its name argument, or for a kThisParam helper the object the
  // method is called on (-1 when that is `this`).
  int name_node(const Site& s, const std::vector<int>& args) const;
  // The value of a site's name: name_node's value through the helper's member path.
  Value site_name(const Site& s, const std::vector<int>& args, int depth);
  // Strip wrappers, `.c_str()` / `.data()` and one-argument constructors around a string.
  int peel(int n) const;
  std::string rel_of(int node) const;

  // sites.cpp
  std::optional<Site> site(int call, int depth);
  std::shared_ptr<const HelperSummary> summary(int fn, int depth);
  DefaultOut site_default(const Site& s, int depth);
  DefaultOut context_default(int call, int depth);
  DefaultOut to_default(const Value& v, int node) const;
  int enclosing_function(int node) const;
  bool mentions(int from, int to, int decl) const;
  // The (prefix, suffix) around parameter `param` of `fn` in the names that site `s` (with the
  // call's arguments `args`) reads, the parameter standing for resolve::kNameMarker (through
  // locals, and through the affixes of a helper `s` calls); empty when the names are not built
  // that way.
  std::vector<std::pair<std::string, std::string>> affixes_of_param(const Site& s, const std::vector<int>& args, int fn,
                                                                    int param, int depth);

  const Ast& ast() const { return ast_; }

 private:
  std::optional<DefaultOut> var_default(int var, int from, int to, int depth);
  std::optional<DefaultOut> return_after(int if_stmt, int var, int depth);

  const Ast& ast_;
  const SourceFile& src_;
  ExternalHelpers external_;
  // While affixes_of_param evaluates: parameter `index` of function `owner` is the marker (and
  // variables are not memoized, since their values then hold it).
  struct Marker {
    int owner = -1, index = -1;
  } marker_;
  std::map<int, Value> var_memo_;
  // The initializer expressions of each member (FieldDecl) in the constructors' initializer
  // lists, built in one pass on first use.
  std::optional<std::map<int, std::vector<int>>> member_inits_;
  // The assignments of each variable (VarDecl): `v = rhs` (the BinaryOperator and rhs) or a
  // compound assignment (rhs -1: unknown), in tree order, built in one pass on first use.
  struct Assignment {
    int node, rhs;
  };
  std::optional<std::map<int, std::vector<Assignment>>> assignments_;
  std::map<int, bool> use_busy_;
  std::map<int, bool> var_busy_;
  std::map<int, std::shared_ptr<const HelperSummary>> summary_memo_;
  std::map<int, bool> summary_busy_;
  std::string root_;  // the project root, for paths of headers
};

// A function of the env API (reads only; writes are not).
bool is_api_function(std::string_view name);

// Do the main file's tokens show an initializer after the declared name (`=`, `{`, `(`)?
bool has_initializer(const std::vector<std::string>& tokens, const std::string& name);

}  // namespace envdrift::cpp
