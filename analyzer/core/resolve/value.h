// The language-neutral constant-value model of the resolution engine (SPEC section 3).
//
// A frontend lowers the name and default expressions of a read into Values: literals, records
// (objects / dicts / enums), arrays, sets of alternatives (a loop variable over an array),
// the env object itself, helper functions (with their summary) and function parameters. The
// operations below fold them (concatenation, arithmetic, member / index access, iteration) and
// keep the chain of indirections (`via`) and the strongest kind (constant < map) on the way.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift::resolve {

// What a call of an env helper reads: argument `name_param` is the variable name, argument
// `default_param` (when given at the call) its fallback, else `constant_default`.
struct HelperSummary {
  std::string name;  // the helper's name as declared ("positiveIntEnv")
  std::string file;
  int line = 0;
  int name_param = -1;
  // The names are the argument with constant text around it, one (prefix, suffix) per name the
  // body reads (`os.getenv("APP_" + key)`: a call `env("PORT")` reads APP_PORT; a body reading
  // `s + "_FILE"` and `s` names both). Empty: the argument itself.
  std::vector<std::pair<std::string, std::string>> name_affixes;
  // The ones whose read takes the helper's fallback, when not all do (`os.getenv(s + "_FILE")`
  // has none, `os.getenv(s, default)` has it). Empty: every name takes it.
  std::vector<std::pair<std::string, std::string>> defaulted_affixes;
  int default_param = -1;
  std::optional<DefaultValue> constant_default;
  // The default_param's own default in the signature (`def = ""`): the fallback when a call
  // leaves that argument out.
  std::optional<DefaultValue> param_default;
  // The name is a member of the argument, not the argument itself: `env[opts.key]` has
  // name_param = opts, name_path = {"key"}; a call applies the path to its argument.
  std::vector<std::string> name_path;
  std::vector<std::string> default_path;  // the same for default_param (`spec.fallback`)
  // The env object the body reads is this parameter (`function build(env, opts)`): a call is a
  // read only when that argument is the environment. -1: the body reads the env object itself.
  int env_param = -1;
  // name_param is a rest parameter (`...keys`, `*names`, `names ...string`): the arguments from
  // name_param on are its elements, so a read over each element (name_path starting with
  // kEachElement) is one read per argument.
  bool name_rest = false;
  // What a call returns, as far as env objects go: the environment itself (`() => process.env`),
  // or argument `returns_param` passed through a copy / Proxy / freeze (`wrap(process.env)`).
  bool returns_env = false;
  int returns_param = -1;
};

struct Value;

// The fields of a Record: a vector of (key, value) pairs in declaration order. Value contains
// them, so the element type is incomplete where the member is declared; a plain
// `std::vector<std::pair<std::string, Value>>` member makes libstdc++'s std::pair ask whether
// Value is default-constructible while Value is still being defined, which clang rejects. The
// special members are therefore declared here and defined below, once Value is complete, so
// nothing instantiates the pair inside Value's definition. Otherwise it is the vector.
struct RecordFields : std::vector<std::pair<std::string, Value>> {
  using vector::vector;
  RecordFields();
  RecordFields(const RecordFields&);
  RecordFields(RecordFields&&) noexcept;
  RecordFields& operator=(const RecordFields&);
  RecordFields& operator=(RecordFields&&) noexcept;
  ~RecordFields();
};

struct Value {
  // Module: a whole module of the project (`import * as keys`, `require("./keys")`); its members
  // are the module's exports, looked up by the frontend through the Project.
  enum class Type { Unknown, Str, Num, Bool, Null, Record, Array, Set, Env, Helper, Param, Module };
  Type type = Type::Unknown;
  // Str: the string; Num: canonical number; Bool: "true"/"false"; Param: owner id; Module: its
  // path relative to the scan root.
  std::string text;
  RecordFields fields;                                // Record, in declaration order
  std::vector<Value> items;                           // Array elements / Set alternatives
  int param = -1;                                     // Param: the parameter's index
  std::vector<std::string> path;                      // Param: members taken of it (`opts.key`)
  std::shared_ptr<const HelperSummary> helper;        // Helper
  // Record: another record this one stands for, shared rather than copied (a class's bases in a
  // class record: a chain of N classes would otherwise hold N nested copies, quadratic to build).
  std::shared_ptr<const Value> shared;
  // Records and arrays bound to a name: the label used for map steps ("AI_ENV", "ENDPOINTS[2]")
  // and where it was declared.
  std::string origin;
  std::string origin_file;
  int origin_line = 0;
  std::vector<ViaStep> via;          // how a scalar was derived
  ReadKind kind = ReadKind::Direct;  // Constant or Map once it went through one

  static Value str(std::string s);
  static Value num(std::string canonical);
  static Value boolean(bool b);
  static Value of_type(Type t);  // Env, Null: values without content
  bool is_scalar() const { return type == Type::Str || type == Type::Num || type == Type::Bool; }
};

inline RecordFields::RecordFields() = default;
inline RecordFields::RecordFields(const RecordFields&) = default;
inline RecordFields::RecordFields(RecordFields&&) noexcept = default;
inline RecordFields& RecordFields::operator=(const RecordFields&) = default;
inline RecordFields& RecordFields::operator=(RecordFields&&) noexcept = default;
inline RecordFields::~RecordFields() = default;

// Sets and folds are capped so pathological input stays linear.
inline constexpr size_t kMaxAlternatives = 256;
// Records and arrays larger than this are not modelled (their reads stay dynamic).
inline constexpr size_t kMaxElements = 4096;
// Member paths kept on a parameter (`opts.env.key`): deeper ones are Unknown.
inline constexpr size_t kMaxParamPath = 4;
// The path step "each element of" (`for (const k of keys)` over a parameter): apply_path takes
// the elements of the argument there.
inline constexpr std::string_view kEachElement = "[]";

// Indirection chains longer than this keep their first kMaxVia - 1 steps and the last one (a
// chain of 4,000 constants each naming the previous would otherwise make the output quadratic).
inline constexpr size_t kMaxVia = 32;
void trim_via(std::vector<ViaStep>& via);

// The stronger of two read kinds along a chain (Map > Constant > Direct).
ReadKind stronger(ReadKind a, ReadKind b);
// Put `step` in front of v's chain (chains read outside-in, from the read towards the literal)
// and raise its kind.
void add_step(Value& v, ViaStep step, ReadKind kind);

// `obj.key` / `obj["key"]` / `arr[0]`; maps over Sets. Unknown when absent.
Value member(const Value& obj, std::string_view key);
// `opts.key` of a parameter: the parameter with the member path a call site applies to its
// argument (`build(process.env, { key: "X" })`); Unknown past kMaxParamPath. A frontend opts in
// where it summarizes functions (member() itself leaves parameters Unknown).
Value param_member(const Value& param, std::string_view key);
// The argument of a call seen through a summary's member path (`{ key: "X" }` + {"key"} → "X";
// `["A", "B"]` + {kEachElement} → the Set {"A", "B"}).
Value apply_path(const Value& arg, const std::vector<std::string>& path);
// The names a helper call passes (the argument's value, through the summary's path) with each of
// the summary's name_affixes around it (a Set when there are several); a Param (a wrapper's
// body) stays as is.
Value with_affixes(const Value& name, const HelperSummary& s);
// The longest prefix and suffix every (prefix, suffix) pair shares: what a dynamic call of the
// helper still says of its names.
std::pair<std::string, std::string> common_affixes(const std::vector<std::pair<std::string, std::string>>& affixes);
// A parameter's marker while a summary looks for the text around it (`"APP_" + key` with key
// bound to the marker evaluates to "APP_\x1f").
inline constexpr char kNameMarker = '\x1f';
// The text before and after the one marker of each alternative of `v` (a name computed with a
// parameter standing for the marker); empty unless every alternative is a string holding
// exactly one marker.
std::vector<std::pair<std::string, std::string>> affixes_around_marker(const Value& v);
// `a + b` (string concatenation or numeric addition) and the other arithmetic operators.
Value binary(std::string_view op, const Value& a, const Value& b);
// Unary minus / plus on numbers.
Value negate(const Value& v);
// The values a loop over `v` binds: the elements of an array (each labelled `origin[i]`), the
// values of a record with `values=true`, else its keys. A Set of alternatives.
Value elements(const Value& v, bool record_values = false);
// The scalar alternatives of v (a Set flattened), each with its own via/kind.
std::vector<Value> alternatives(const Value& v);
// Number text from a literal ("20_000" -> "20000"), nullopt if not a number.
std::optional<std::string> number_text(std::string_view literal);

}  // namespace envdrift::resolve
