// The python frontend: direct reads of the process environment.
//
// Patterns (each has a fixture of the same name under fixtures/patterns/python/):
// - os_environ_subscript:   `os.environ["X"]` is a read; as an assignment or `del` target it is not.
// - os_environ_get:         `os.environ.get("X", d)`, `.setdefault("X", d)` and `.pop("X", d)` read X
//                           with default d (positional or `default=`).
// - os_getenv:              `os.getenv("X", d)` / `os.getenv("X", default=d)`.
// - environ_membership:     `"X" in os.environ` and `"X" not in os.environ` read X (no default).
// - or_chain_default:       `os.getenv("A") or os.getenv("B") or "d"`: every read in the chain gets
//                           the final fallback as its default.
// - environ_bulk_iteration: `for k, v in os.environ.items(): if k.startswith("APP_")` is one
//                           dynamic read with the prefix APP_.
// Which names mean `os`, `os.environ` and `os.getenv` comes from the file's imports
// (os_bindings.h). Names and defaults are evaluated by values.h; a name that is not a literal
// makes the read `dynamic`, with the literal prefix/suffix that is known.
#include "analyzer/python/python.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "analyzer/core/normalize.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift {

namespace py {

namespace {

// The key and default arguments of `get(key, default)`-shaped calls.
struct KeyDefaultArgs {
  TSNode key{};
  TSNode fallback{};
};

// Positional (key, default), keywords `key=` / `default=`. A `*args` / `**kw` splat where the
// key should be becomes the (unknown) name expression.
KeyDefaultArgs key_default_args(const PyFile& f, TSNode arglist) {
  KeyDefaultArgs a;
  if (!is_type(arglist, "argument_list")) return a;
  size_t positional = 0;
  for (TSNode arg : code_children(arglist)) {
    std::string_view t = node_type(arg);
    if (t == "keyword_argument") {
      std::string_view kw = f.text(f.field(arg, f.fields.name));
      if (kw == "key") a.key = f.field(arg, f.fields.value);
      else if (kw == "default") a.fallback = f.field(arg, f.fields.value);
    } else if (t == "list_splat" || t == "dictionary_splat") {
      if (ts_node_is_null(a.key)) a.key = arg;
    } else {
      if (positional == 0 && ts_node_is_null(a.key)) a.key = arg;
      else if (positional == 1) a.fallback = arg;
      ++positional;
    }
  }
  return a;
}

bool contains_ci(std::string_view s, std::string_view needle) {
  return to_lower(s).find(needle) != std::string::npos;
}

bool is_empty_string(const DefaultValue& d) { return d.comparable && d.value.empty(); }

}  // namespace

Value helper_argument(const Value& arg, const std::vector<std::string>& path) {
  if (path.empty()) return arg;
  if (arg.type != Value::Type::Param) return resolve::apply_path(arg, path);
  Value out = arg;
  for (const auto& k : path) out = resolve::param_member(out, k);
  return out;
}

TSNode call_argument(const PyFile& f, TSNode arglist, int index, const std::string& param) {
  if (index < 0 && param.empty()) return {};  // index -1: keyword only
  int positional = 0;
  for (TSNode arg : code_children(arglist)) {
    std::string_view t = node_type(arg);
    if (t == "keyword_argument") {
      if (!param.empty() && f.text(f.field(arg, f.fields.name)) == param) return f.field(arg, f.fields.value);
    } else if (t == "list_splat" || t == "dictionary_splat") {
      return {};
    } else if (index >= 0 && positional++ == index) {
      return arg;
    }
  }
  return {};
}


PyReads::PyReads(const ParsedFile& file, FileResult& out) : f_(file), os_(f_), eval_(f_, os_), out_(out) {
  eval_.summarize = [this](TSNode fn) { return summarize(fn); };
}

void PyReads::run() {
  walk_with_path(f_.file.root, [&](Path path) {
    TSNode n = path.back();
    std::string_view t = node_type(n);
    if (t == "function_definition" || t == "lambda") os_.enter_scope(n);
    if (t == "function_definition" && summarize(n)) out_.read_symbols.emplace_back(f_.text(f_.field(n, f_.fields.name)));
    if (t == "class_definition" && !code_children(child_by_field(n, "superclasses")).empty()) {
      // A settings class makes reads where another file subclasses it.
      if (settings_reads(n, eval_.class_value(n, 0))) out_.read_symbols.emplace_back(f_.text(f_.field(n, f_.fields.name)));
    }
    if (t == "for_statement" || t == "for_in_clause") environ_bulk_iteration(path);
    if (t == "assignment" && path.size() == 3) library_export_symbol(n, path);
    if (t == "import_from_statement" || t == "import_statement") {
      out_.handled_lines.push_back(f_.file.line(n));  // `from os import environ`: a binding, not a site
      return false;
    }
    if (t == "call") getattr_os(n);
    if ((t == "attribute" || t == "identifier") && (os_.is_environ(n) || os_.is_getenv(n))) env_mention(path);
    if (auto site = match(n, path)) {
      if (!(t == "subscript" && is_assignment_target(path))) emit(*site, path);
      else out_.handled_lines.push_back(f_.file.line(n));  // a write: understood, no read
    }
    return true;
  });
}

// `os.environ`, an alias of it, or a copy (`env = dict(os.environ)`, `os.environ.copy()`).
bool PyReads::is_env(TSNode n, Path path) {
  n = unwrap(n);
  if (os_.is_environ(n)) return true;
  if (is_type(n, "call")) return eval_.eval(n, path).type == Value::Type::Env;  // `environ()["X"]`, `load_env().get("X")`
  if (!is_type(n, "identifier")) return false;
  Value v = eval_.lookup_name(f_.text(n), n, path);
  if (v.type == Value::Type::Param && v.param >= 0 && !v.text.empty() && std::isdigit(static_cast<unsigned char>(v.text[0])))
    return env_param(static_cast<uint32_t>(std::stoul(v.text)), v.param);
  return v.type == Value::Type::Env;
}

// Is parameter `index` of the function starting at byte `fn_start` handed the environment by a
// call in this file (`load(os.environ)`, `load(env=dict(os.environ))`)? Then it is an env alias
// inside the function: `def load(env): env.get("X")` reads X, and `def load(env, key):
// env[key]` is a helper whose name arrives at each call site.
bool PyReads::env_param(uint32_t fn_start, int index) {
  auto key = std::make_pair(fn_start, index);
  if (auto it = env_param_memo_.find(key); it != env_param_memo_.end()) return it->second;
  env_param_memo_[key] = false;  // a recursive call asks again: not (yet) env
  if (!calls_indexed_) {
    calls_indexed_ = true;
    // One walk indexes the calls by callee name and the functions by start: a lookup per
    // parameter asked is then no walk at all (5,000 such functions were quadratic).
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view t = node_type(n);
      if (t == "call") {
        TSNode fn = unwrap(f_.field(n, f_.fields.function));
        if (is_type(fn, "identifier")) calls_by_name_[std::string(f_.text(fn))].push_back(n);
      } else if (t == "function_definition") {
        defs_by_start_.try_emplace(ts_node_start_byte(n), n);
      }
      return true;
    });
  }
  auto found = defs_by_start_.find(fn_start);
  if (found == defs_by_start_.end()) return false;
  TSNode def = found->second;
  auto params = parameter_names(f_, def);
  std::string pname = static_cast<size_t>(index) < params.size() ? params[index] : std::string();
  bool env = false;
  auto it = calls_by_name_.find(std::string(f_.text(f_.field(def, f_.fields.name))));
  if (it != calls_by_name_.end()) {
    for (TSNode call : it->second) {
      TSNode arg = call_argument(f_, f_.field(call, f_.fields.arguments), index, pname);
      if (ts_node_is_null(arg)) continue;
      std::vector<TSNode> p = eval_.path_to(arg);
      if (is_env(arg, Path(p))) { env = true; break; }
    }
  }
  env_param_memo_[key] = env;
  if (env) out_.handled_lines.push_back(f_.file.line(def));
  return env;
}

std::optional<ReadSite> PyReads::match(TSNode n, Path path) {
  std::string_view t = node_type(n);
  if (t == "call" || t == "attribute" || t == "subscript")
    if (auto lib = library_site(n, path)) return lib;
  if (t == "subscript") {
    // `os.environ["X"]` (the caller rules out assignment and `del` targets).
    if (!is_env(f_.field(n, f_.fields.value), path)) return std::nullopt;
    TSNode key = f_.field(n, f_.fields.subscript);
    if (ts_node_is_null(key)) return std::nullopt;
    return ReadSite{n, key};
  }
  if (t == "call") {
    TSNode fn = unwrap(f_.field(n, f_.fields.function));
    // `os.environ.get("X", d)`, `.setdefault("X", d)`, `.pop("X", d)`.
    if (is_type(fn, "attribute")) {
      std::string_view method = f_.text(f_.field(fn, f_.fields.attribute));
      if ((method == "get" || method == "setdefault" || method == "pop") && is_env(f_.field(fn, f_.fields.object), path)) {
        KeyDefaultArgs args = key_default_args(f_, f_.field(n, f_.fields.arguments));
        if (ts_node_is_null(args.key)) return std::nullopt;
        return ReadSite{n, args.key, args.fallback};
      }
    }
    // `os.getenv("X", d)`, `getenv(...)` / `ge(...)` after `from os import getenv [as ge]`, or a
    // local alias (`getenv = os.getenv`).
    bool getenv = os_.is_getenv(fn);
    if (!getenv && is_type(fn, "identifier") && (contains_ci(f_.text(fn), "env") || contains_ci(f_.text(fn), "get"))) {
      Value callee = eval_.eval(fn, path);  // `getenv = ge`, `_get = os.getenv`
      getenv = callee.type == Value::Type::Param && callee.text == "getenv";
    }
    if (getenv) {
      KeyDefaultArgs args = key_default_args(f_, f_.field(n, f_.fields.arguments));
      if (ts_node_is_null(args.key)) return std::nullopt;
      return ReadSite{n, args.key, args.fallback};
    }
    return helper_call(n, path);
  }
  if (t == "comparison_operator") {
    // `"X" in os.environ`, `"X" not in os.environ`.
    auto operands = code_children(n);
    if (operands.size() != 2) return std::nullopt;
    bool lib = false;
    if (!is_env(operands[1], path)) {
      lib = library_contains(operands[1], path);  // `"X" in env` of a config library
      if (!lib) return std::nullopt;
    }
    uint32_t from = ts_node_end_byte(operands[0]), to = ts_node_start_byte(operands[1]);
    std::string op;
    for (char c : std::string_view(f_.file.src.text).substr(from, to - from))
      if (c != ' ' && c != '\t' && c != '\\' && c != '\n' && c != '\r') op += c;
    if (op != "in" && op != "notin") return std::nullopt;
    ReadSite site{n, operands[0], TSNode{}, false};
    if (lib) library_membership(site, operands[1], path);
    return site;
  }
  return std::nullopt;
}

// A call of an env helper: `get_bool("X", "NO")`, `helpers.get_list("X", ",", default=[])`.
std::optional<ReadSite> PyReads::helper_call(TSNode n, Path path) {
  TSNode fn = unwrap(f_.field(n, f_.fields.function));
  bool of_tree = false;
  if (is_type(fn, "identifier")) {
    of_tree = eval_.may_be_callable(f_.text(fn));
  } else if (is_type(fn, "attribute")) {
    TSNode obj = unwrap(f_.field(fn, f_.fields.object));
    of_tree = is_type(obj, "identifier") && eval_.is_module_alias(f_.text(obj));
  } else {
    return std::nullopt;
  }
  Value callee = of_tree ? eval_.eval(fn, path) : Value{};
  std::shared_ptr<const PyHelper> h;
  if (callee.type == Value::Type::Helper && callee.helper) {
    h = std::static_pointer_cast<const PyHelper>(callee.helper);
  } else if (!(callee.type == Value::Type::Param && callee.text.rfind("fn:", 0) == 0)) {
    // Not a function of the tree: a `[[helper]]` the user declared for it.
    const DeclaredHelper* d = eval_.declared_helper(fn);
    if (d == nullptr || d->env_object) return std::nullopt;
    auto ph = std::make_shared<PyHelper>();
    static_cast<resolve::HelperSummary&>(*ph) = *declared_helper_summary(*d);
    h = std::move(ph);
  }
  if (!h) return std::nullopt;
  TSNode args = f_.field(n, f_.fields.arguments);
  auto param = [&](int i) { return i >= 0 && static_cast<size_t>(i) < h->params.size() ? h->params[i] : std::string(); };
  ReadSite site{n, call_argument(f_, args, h->name_param, param(h->name_param))};
  if (ts_node_is_null(site.name)) return std::nullopt;
  site.fallback = call_argument(f_, args, h->default_param, param(h->default_param));
  site.helper = h;
  if (ts_node_is_null(site.fallback)) site.helper_default = h->default_param >= 0 && h->param_default ? h->param_default : h->constant_default;
  return site;
}

std::optional<DefaultValue> PyReads::value_default(TSNode expr, Path path, const Bindings* b) {
  expr = unwrap(expr);
  if (ts_node_is_null(expr) || is_type(expr, "none")) return std::nullopt;
  Value v = eval_.eval(expr, path, b);
  if (v.type == Value::Type::Null) return std::nullopt;
  if (auto d = default_from_value(v, f_.text(expr))) {
    if (auto lit = default_of(f_, expr); lit && lit->comparable) return lit;  // literal: keep its normalization
    return d;
  }
  return default_of(f_, expr);
}

TSNode PyReads::or_chain_last(Path path) {
  // From the read up to the first `or` above it, through parentheses and (before any `or`) a
  // conversion of the value alone (a one-argument call): `to_bool(os.getenv("X")) or True`,
  // `int(os.getenv("N")) or 5` fall back like the value.
  size_t i = path.size() - 1;
  for (size_t steps = 0; i > 0 && steps < kMaxClimb; ++steps) {
    TSNode p = path[i - 1];
    if (is_type(p, "parenthesized_expression")) {
      --i;
    } else if (is_type(p, "argument_list") && code_children(p).size() == 1 && i >= 2 && is_type(path[i - 2], "call")) {
      i -= 2;
    } else {
      break;
    }
  }
  if (i == 0 || !is_type(path[i - 1], "boolean_operator") || f_.op(path[i - 1]) != "or") return {};
  TSNode top = or_chain_top(path, i - 1);
  if (ts_node_is_null(top)) return {};
  TSNode last = unwrap(top);
  for (size_t steps = 0; is_type(last, "boolean_operator") && f_.op(last) == "or" && steps < kMaxClimb; ++steps)
    last = unwrap(f_.field(last, f_.fields.right));
  return last;
}

// The top of the `or` chain path[j] (an `or`) belongs to, through parentheses (which, above the
// top, count as its end); null when the chain's end is not in the path. The climb goes through
// the file's AncestorSkipper, so the reads of a 10,000-term chain climb it once between them.
TSNode PyReads::or_chain_top(Path path, size_t j) {
  auto is_or = [&](TSNode n) { return is_type(n, "boolean_operator") && f_.op(n) == "or"; };
  // The highest node whose parent neither is an `or` nor parentheses: where the chain ends.
  size_t end = or_chains_.find(path, j, [&](size_t k) {
    return k == 0 || (!is_type(path[k - 1], "parenthesized_expression") && !is_or(path[k - 1]));
  });
  bool ended = end != 0 && end != AncestorSkipper::npos;
  if (!ended) {  // the path starts inside the chain: ended only when parentheses close it there
    if (!is_type(path[0], "parenthesized_expression")) return {};
    end = 0;
  }
  size_t top = end;
  while (!is_or(path[top])) ++top;  // parentheses above the top (path[j] is an `or`)
  return path[top];
}

// `os.getenv("A") or os.getenv("B") or "d"`: the default every read of the chain falls back to
// (the chain's last operand), unless that operand is itself a read.
std::optional<DefaultValue> PyReads::or_chain_default(Path path, const Bindings* b) {
  TSNode last = or_chain_last(path);
  if (ts_node_is_null(last) || same(last, path.back())) return std::nullopt;
  bool bound = b != nullptr && !b->empty();  // a loop round: the default may depend on the element
  uint32_t key = ts_node_start_byte(last);
  if (!bound)
    if (auto it = or_chain_memo_.find(key); it != or_chain_memo_.end()) return it->second;
  std::optional<DefaultValue> d;
  bool is_read = false;
  if (is_type(last, "call") || is_type(last, "subscript")) {
    std::vector<TSNode> p(path.begin(), path.end());
    p.push_back(last);
    is_read = match(last, Path(p)).has_value();
  }
  if (!is_read) d = value_default(last, path, b);
  if (!bound) or_chain_memo_.emplace(key, d);
  return d;
}

// `os.getenv("X") if os.getenv("X") else "d"`: the value when present, else d. A conditional
// whose consequent is something else (`"on" if os.getenv("X") else "off"`) is no default of X.
std::optional<DefaultValue> PyReads::conditional_default(Path path, const Bindings* b) {
  size_t i = path.size() - 1;
  while (i > 0 && is_type(path[i - 1], "parenthesized_expression")) --i;
  if (i == 0 || !is_type(path[i - 1], "conditional_expression")) return std::nullopt;
  auto kids = code_children(path[i - 1]);
  if (kids.size() != 3 || same(kids[2], path[i])) return std::nullopt;
  if (f_.text(unwrap(kids[0])) != f_.text(unwrap(kids[1]))) return std::nullopt;
  return value_default(kids[2], path, b);
}

void PyReads::emit(const ReadSite& site, Path path) {
  // A loop whose variable the read depends on is evaluated once per element, so that a record's
  // name and default stay together (`os.getenv(t["env_key"], t["env_default"])`).
  std::vector<Bindings> rounds{Bindings{}};
  // A helper that reads a member of its argument (`os.environ[opts["key"]]`) names what the
  // call's argument holds there.
  std::vector<std::string> no_path;
  const auto& name_path = site.helper ? site.helper->name_path : no_path;
  auto affixed = [&](Value v) { return site.helper ? resolve::with_affixes(v, *site.helper) : v; };
  // The names of a helper that take its fallback, when only some do (defaulted_affixes).
  auto defaulted_names = [&](const Value& raw) {
    std::set<std::string> out;
    if (!site.helper || site.helper->defaulted_affixes.empty()) return out;
    resolve::HelperSummary only;
    only.name_affixes = site.helper->defaulted_affixes;
    for (const Value& a : resolve::alternatives(resolve::with_affixes(raw, only)))
      if (a.type == Value::Type::Str) out.insert(a.text);
    return out;
  };
  Value plain_raw = site.literal_name ? Value::str(*site.literal_name) : helper_argument(eval_.eval(site.name, path), name_path);
  Value plain = site.literal_name ? plain_raw : affixed(plain_raw);
  if (plain.type == Value::Type::Param ||
      (plain.type == Value::Type::Unknown && names_affixed_param(site, path))) {  // inside a helper body: summarized, not a read
    out_.handled_lines.push_back(f_.file.line(site.at));
    return;
  }
  if (!site.library.empty() && plain.type == Value::Type::Array) plain.type = Value::Type::Set;  // `envvar=["A", "B"]`
  if (plain.type == Value::Type::Set || plain.type == Value::Type::Unknown) {
    for (size_t i = path.size(); i-- > 0;) {
      TSNode loop = path[i];
      if (!is_type(loop, "for_statement")) continue;
      TSNode var = f_.field(loop, f_.fields.left);
      if (!is_type(var, "identifier")) continue;
      Value set = eval_.lookup_name(f_.text(var), site.at, path);
      if (set.type != Value::Type::Set) continue;
      rounds.clear();
      for (auto& item : set.items) {
        Bindings round;
        round.names.emplace(std::string(f_.text(var)), item);
        round.scope = loop;
        rounds.push_back(std::move(round));
      }
      break;
    }
  }
  // A name on a line of its own in a multi-line argument list is reported where it is written.
  TSNode report_at = f_.file.line(site.name) != f_.file.line(site.at) ? site.name : site.at;
  if (!same(report_at, site.at)) out_.handled_lines.push_back(f_.file.line(site.at));  // the call's own line
  std::set<std::pair<std::string, std::string>> seen;
  for (const Bindings& b : rounds) {
    Value raw = b.empty() || site.literal_name ? plain_raw : helper_argument(eval_.eval(site.name, path, &b), name_path);
    Value v = b.empty() || site.literal_name ? plain : affixed(raw);
    const std::set<std::string> with_default = defaulted_names(raw);
    if (!site.library.empty() && v.type == Value::Type::Array) v.type = Value::Type::Set;
    std::optional<DefaultValue> dflt;
    if (!ts_node_is_null(site.fallback) && site.helper && !site.helper->default_path.empty())
    {
      Value dv = resolve::apply_path(eval_.eval(site.fallback, path, &b), site.helper->default_path);
      dflt = default_from_value(dv, dv.is_scalar() ? std::string_view(dv.text) : f_.text(site.fallback));
    }
    else if (!ts_node_is_null(site.fallback)) dflt = value_default(site.fallback, path, &b);
    else if (site.helper_default) dflt = site.helper_default;
    if (site.takes_or_default && (!dflt || is_empty_string(*dflt))) {
      if (auto chained = or_chain_default(path, &b)) dflt = std::move(chained);
    }
    if (!dflt && site.takes_or_default && !site.helper) dflt = early_return_default(path);
    if (!dflt && site.takes_or_default) dflt = conditional_default(path, &b);
    auto alts = resolve::alternatives(v);
    bool all_str = !alts.empty() && v.type != Value::Type::Unknown;
    for (auto& a : alts)
      if (a.type != Value::Type::Str) all_str = false;
    if (site.prefix_unknown) all_str = false;
    ViaStep lib_step{site.library_file.empty() ? f_.file.src.rel : site.library_file,
                     site.library_line > 0 ? site.library_line : f_.file.line(site.at), site.library};
    auto lib_name = [&](std::string n) {
      n = site.prefix + n;
      return site.upper ? to_upper(n) : n;
    };
    if (!all_str) {
      // The argument holds the name somewhere inside: its own text says nothing of the name.
      NameParts np = site.literal_name || !name_path.empty() ? NameParts{} : name_parts(f_, site.name);
      if (site.literal_name) np.suffix = site.upper ? to_upper(*site.literal_name) : *site.literal_name;
      if (!site.library.empty() && !site.prefix_unknown && np.complete) np.text = lib_name(np.text);
      if (!site.library.empty() && !site.prefix_unknown && !np.complete) np.prefix = site.prefix + np.prefix;
      if (site.helper && !site.literal_name && name_path.empty() && !site.helper->name_affixes.empty()) {
        // `env(x)` of `def env(k): getenv("APP_" + k)`: what every name of the helper shares
        auto [prefix, suffix] = resolve::common_affixes(site.helper->name_affixes);
        if (np.complete) {  // a literal argument the helper's names could not be formed around
          np.complete = false;
          np.prefix = prefix;
          np.suffix = suffix;
        } else {
          np.prefix = prefix + np.prefix;
          np.suffix += suffix;
        }
      }
      if (np.complete && np.text.empty()) return;  // `os.getenv("")` names nothing
      if (!seen.insert({"?" + np.prefix, ""}).second) continue;
      EnvRead r = np.complete ? f_.file.make_read(report_at, std::move(np.text), ReadKind::Direct)
                              : f_.file.make_dynamic(report_at, site.name, std::move(np.prefix), std::move(np.suffix));
      r.default_value = dflt;
      if (site.helper) {
        r.via.push_back(ViaStep{site.helper->file, site.helper->line, "helper " + site.helper->name});
        if (r.kind != ReadKind::Dynamic) r.kind = ReadKind::Helper;
      }
      if (!site.library.empty()) {
        r.via.push_back(lib_step);
        if (r.kind != ReadKind::Dynamic && site.kind != ReadKind::Direct) r.kind = site.kind;
      }
      out_.reads.push_back(std::move(r));
      continue;
    }
    for (auto& a : alts) {
      if (a.text.empty()) continue;
      if (!seen.insert({a.text, dflt ? dflt->raw : "\x01"}).second) continue;
      EnvRead r = f_.file.make_read(report_at, site.library.empty() ? a.text : lib_name(a.text), a.kind);
      r.via = a.via;
      if (!site.library.empty()) {
        r.via.insert(r.via.begin(), lib_step);
        if (site.kind != ReadKind::Direct) r.kind = site.kind;
      }
      if (site.helper) {
        r.via.insert(r.via.begin(), ViaStep{site.helper->file, site.helper->line, "helper " + site.helper->name});
        r.kind = ReadKind::Helper;
      }
      r.default_value = with_default.empty() || with_default.count(a.text) ? dflt : std::nullopt;
      out_.reads.push_back(std::move(r));
    }
  }
}

// Is the subscript at path.back() written or deleted rather than read?
// `os.environ["X"] = v`, `os.environ["X"]: str = v`, `a, os.environ["X"] = ...`,
// `del os.environ["X"]`, `for os.environ["X"] in ...`. (`os.environ["X"] += v` reads X.)
// Not capped: the climb only crosses target-list wrappers, which real code nests a few deep.
bool PyReads::is_assignment_target(Path path) const {
  for (size_t i = path.size() - 1; i > 0; --i) {
    TSNode child = path[i], p = path[i - 1];
    std::string_view t = node_type(p);
    if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern" || t == "expression_list" ||
        t == "tuple" || t == "list" || t == "parenthesized_expression" || t == "list_splat_pattern") {
      continue;
    }
    if (t == "delete_statement") return true;
    if (t == "assignment" || t == "for_statement" || t == "for_in_clause")
      return same(f_.field(p, f_.fields.left), child);
    return false;
  }
  return false;
}


// The literal prefixes of every `<var>.startswith("P")` / `<var>.startswith(("P", "Q"))` below
// `scope`, in order of appearance, without duplicates.
static std::vector<std::string> startswith_prefixes(const PyFile& f_, TSNode scope, std::string_view var) {
  std::vector<std::string> out;
  auto add = [&](TSNode lit) {
    if (auto s = string_literal(f_, lit); s && !s->empty() && std::find(out.begin(), out.end(), *s) == out.end())
      out.push_back(std::move(*s));
  };
  walk_preorder(scope, [&](TSNode n) {
    if (!is_type(n, "call")) return true;
    TSNode fn = unwrap(f_.field(n, f_.fields.function));
    if (!is_type(fn, "attribute") || f_.text(f_.field(fn, f_.fields.attribute)) != "startswith") return true;
    TSNode obj = unwrap(f_.field(fn, f_.fields.object));
    if (!is_type(obj, "identifier") || f_.text(obj) != var) return true;
    auto args = code_children(f_.field(n, f_.fields.arguments));
    if (args.empty()) return true;
    TSNode first = unwrap(args[0]);
    if (is_type(first, "tuple")) {
      for (TSNode item : code_children(first)) add(item);
    } else {
      add(first);
    }
    return true;
  });
  return out;
}


// `for k, v in os.environ.items(): if k.startswith("APP_")` (and comprehensions): one dynamic
// read per `k.startswith(...)` prefix found in the loop, or one without prefix.
void PyReads::environ_bulk_iteration(Path path) {
  TSNode loop = path.back();
  TSNode iter = unwrap(f_.field(loop, f_.fields.right));
  bool over_environ = os_.is_environ(iter);
  if (!over_environ && is_type(iter, "call")) {
    TSNode fn = unwrap(f_.field(iter, f_.fields.function));
    std::string_view method = f_.text(f_.field(fn, f_.fields.attribute));
    over_environ = is_type(fn, "attribute") && (method == "items" || method == "keys") &&
                   os_.is_environ(f_.field(fn, f_.fields.object));
  }
  if (!over_environ) return;

  TSNode var = f_.field(loop, f_.fields.left);
  if (is_type(var, "pattern_list") || is_type(var, "tuple_pattern")) var = named_child(var, 0);
  std::vector<std::string> prefixes;
  if (is_type(var, "identifier")) {
    // A comprehension's `if` clauses are siblings of its `for` clause.
    TSNode scope = is_type(loop, "for_in_clause") && path.size() > 1 ? path[path.size() - 2] : loop;
    prefixes = startswith_prefixes(f_, scope, f_.text(var));
  }
  if (prefixes.empty()) prefixes.emplace_back();
  for (auto& prefix : prefixes) out_.reads.push_back(f_.file.make_dynamic(iter, iter, prefix));
}

}  // namespace py

void extract_python(const ParsedFile& file, FileResult& out) {
  if (ts_node_is_null(file.root)) return;
  py::PyReads(file, out).run();
}

}  // namespace envdrift
