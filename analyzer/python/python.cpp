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
#include <optional>

#include "analyzer/python/os_bindings.h"
#include "analyzer/python/py_syntax.h"
#include "analyzer/python/values.h"

namespace envdrift {

namespace py {
namespace {

// One matched read before its name and default are evaluated.
struct ReadSite {
  TSNode at;                     // where the read is reported: the call / subscript / comparison
  TSNode name;                   // the name expression
  TSNode fallback{};             // the default expression, null when none
  bool takes_or_default = true;  // value reads do; a membership test is a bool and does not
};

// The key and default arguments of `get(key, default)`-shaped calls.
struct KeyDefaultArgs {
  TSNode key{};
  TSNode fallback{};
};

class PythonReads {
 public:
  PythonReads(const ParsedFile& file, FileResult& out) : f_(file), os_(f_), out_(out) {}

  void run() {
    walk_with_path(f_.file.root, [&](Path path) {
      TSNode n = path.back();
      std::string_view t = node_type(n);
      if (t == "function_definition" || t == "lambda") os_.enter_scope(n);
      if (t == "for_statement" || t == "for_in_clause") environ_bulk_iteration(path);
      if (auto site = match(n)) {
        if (!(t == "subscript" && is_assignment_target(path))) emit(*site, path);
      }
      return true;
    });
  }

 private:
  std::optional<ReadSite> match(TSNode n) const {
    std::string_view t = node_type(n);
    if (t == "subscript") return os_environ_subscript(n);
    if (t == "call") {
      if (auto s = os_environ_get(n)) return s;
      return os_getenv(n);
    }
    if (t == "comparison_operator") return environ_membership(n);
    return std::nullopt;
  }

  // `os.environ["X"]` (the caller rules out assignment and `del` targets).
  std::optional<ReadSite> os_environ_subscript(TSNode n) const {
    if (!os_.is_environ(f_.field(n, f_.fields.value))) return std::nullopt;
    TSNode key = f_.field(n, f_.fields.subscript);
    if (ts_node_is_null(key)) return std::nullopt;
    return ReadSite{n, key};
  }

  // `os.environ.get("X", d)`, `os.environ.setdefault("X", d)`, `os.environ.pop("X", d)`.
  std::optional<ReadSite> os_environ_get(TSNode n) const {
    TSNode fn = unwrap(f_.field(n, f_.fields.function));
    if (!is_type(fn, "attribute")) return std::nullopt;
    std::string_view method = f_.text(f_.field(fn, f_.fields.attribute));
    if (method != "get" && method != "setdefault" && method != "pop") return std::nullopt;
    if (!os_.is_environ(f_.field(fn, f_.fields.object))) return std::nullopt;
    return call_site(n);
  }

  // `os.getenv("X", d)`, or `getenv(...)` / `ge(...)` after `from os import getenv [as ge]`.
  std::optional<ReadSite> os_getenv(TSNode n) const {
    if (!os_.is_getenv(f_.field(n, f_.fields.function))) return std::nullopt;
    return call_site(n);
  }

  // `"X" in os.environ`, `"X" not in os.environ`.
  std::optional<ReadSite> environ_membership(TSNode n) const {
    auto operands = code_children(n);
    if (operands.size() != 2) return std::nullopt;
    if (!os_.is_environ(operands[1])) return std::nullopt;
    // The operator is the text between the operands: `in`, or `not in` with any spacing.
    uint32_t from = ts_node_end_byte(operands[0]), to = ts_node_start_byte(operands[1]);
    std::string op;
    for (char c : std::string_view(f_.file.src.text).substr(from, to - from))
      if (c != ' ' && c != '\t' && c != '\\' && c != '\n' && c != '\r') op += c;
    if (op != "in" && op != "notin") return std::nullopt;
    return ReadSite{n, operands[0], TSNode{}, false};
  }

  std::optional<ReadSite> call_site(TSNode call) const {
    KeyDefaultArgs args = key_default_args(f_.field(call, f_.fields.arguments));
    if (ts_node_is_null(args.key)) return std::nullopt;
    return ReadSite{call, args.key, args.fallback};
  }

  // Positional (key, default), keywords `key=` / `default=`. A `*args` / `**kw` splat where the
  // key should be becomes the (unknown) name expression.
  KeyDefaultArgs key_default_args(TSNode arglist) const {
    KeyDefaultArgs a;
    if (!is_type(arglist, "argument_list")) return a;
    size_t positional = 0;
    for (TSNode arg : code_children(arglist)) {
      std::string_view t = node_type(arg);
      if (t == "keyword_argument") {
        std::string_view kw = f_.text(f_.field(arg, f_.fields.name));
        if (kw == "key") a.key = f_.field(arg, f_.fields.value);
        else if (kw == "default") a.fallback = f_.field(arg, f_.fields.value);
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

  // Is the subscript at path.back() written or deleted rather than read?
  // `os.environ["X"] = v`, `os.environ["X"]: str = v`, `a, os.environ["X"] = ...`,
  // `del os.environ["X"]`, `for os.environ["X"] in ...`. (`os.environ["X"] += v` reads X.)
  // Not capped: the climb only crosses target-list wrappers, which real code nests a few deep.
  bool is_assignment_target(Path path) const {
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

  // `os.getenv("A") or os.getenv("B") or "d"`: the default every read of the chain falls back to
  // (the chain's last operand), unless that operand is itself a read.
  std::optional<DefaultValue> or_chain_default(Path path) const {
    TSNode top{};
    for (size_t i = path.size() - 1, steps = 0; i > 0 && steps < kMaxClimb; --i, ++steps) {
      TSNode p = path[i - 1];
      if (is_type(p, "parenthesized_expression")) continue;
      if (!is_type(p, "boolean_operator") || f_.op(p) != "or") break;
      top = p;
    }
    if (ts_node_is_null(top)) return std::nullopt;
    TSNode last = unwrap(top);
    for (size_t steps = 0; is_type(last, "boolean_operator") && f_.op(last) == "or" && steps < kMaxClimb; ++steps)
      last = unwrap(f_.field(last, f_.fields.right));
    if (same(last, path.back()) || match(last)) return std::nullopt;
    return default_of(f_, last);
  }

  static bool is_empty_string(const DefaultValue& d) {
    return d.comparable && d.value.empty();
  }

  void emit(const ReadSite& site, Path path) {
    NameParts np = name_parts(f_, site.name);
    if (np.complete && np.text.empty()) return;  // `os.getenv("")` names nothing
    EnvRead r = np.complete ? f_.file.make_read(site.at, std::move(np.text), ReadKind::Direct)
                            : f_.file.make_dynamic(site.at, site.name, std::move(np.prefix), std::move(np.suffix));
    r.default_value = default_of(f_, site.fallback);
    // `os.getenv("X", "") or "d"` falls back to "d" as well.
    if (site.takes_or_default && (!r.default_value || is_empty_string(*r.default_value))) {
      if (auto chained = or_chain_default(path)) r.default_value = std::move(chained);
    }
    out_.reads.push_back(std::move(r));
  }

  // `for k, v in os.environ.items(): if k.startswith("APP_")` (and comprehensions): one dynamic
  // read per `k.startswith(...)` prefix found in the loop, or one without prefix.
  void environ_bulk_iteration(Path path) {
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
      prefixes = startswith_prefixes(scope, f_.text(var));
    }
    if (prefixes.empty()) prefixes.emplace_back();
    for (auto& prefix : prefixes) out_.reads.push_back(f_.file.make_dynamic(iter, iter, prefix));
  }

  // The literal prefixes of every `<var>.startswith("P")` / `<var>.startswith(("P", "Q"))` below
  // `scope`, in order of appearance, without duplicates.
  std::vector<std::string> startswith_prefixes(TSNode scope, std::string_view var) const {
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

  PyFile f_;
  OsBindings os_;
  FileResult& out_;
};

}  // namespace
}  // namespace py

void extract_python(const ParsedFile& file, FileResult& out) {
  if (ts_node_is_null(file.root)) return;
  py::PythonReads(file, out).run();
}

}  // namespace envdrift
