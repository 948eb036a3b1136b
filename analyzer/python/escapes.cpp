// Where an `os.environ` / `os.getenv` mention goes when it is not a read itself (SPEC section 5,
// escapes and coverage):
//   understood, no read (a handled line): an alias or copy bound to a name (`env = dict(os.environ)`,
//     `get = os.environ.get`, `{**os.environ}`), returned (`def environ(): return os.environ`),
//     passed to a function of the tree (whose parameter becomes an env alias) or to a known
//     harmless sink (subprocess / os.exec* / os.spawn* `env=`, logging, print, json.dumps, ...);
//   followed: passed positionally to a function of another module of the tree (its reads with
//     that parameter as the environment are instantiated for the call, where they are made);
//   an escape: passed to a function imported from outside the scanned tree (or one of the tree
//     that cannot be worked out), stored with
//     `setattr`, or `os` reached by `getattr(os, ...)`: reads made there are invisible, so the
//     service's `unread` findings may be incomplete.
#include <array>

#include "analyzer/core/resolve/env_param.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Callees that take the environment and read nothing from it the diff cares about.
bool harmless_sink(std::string_view callee) {
  size_t dot = callee.find('.');
  std::string_view head = callee.substr(0, dot);
  std::string_view last = callee.substr(callee.rfind('.') == std::string_view::npos ? 0 : callee.rfind('.') + 1);
  static constexpr std::array<std::string_view, 8> heads{"subprocess", "logging", "logger", "log", "LOGGER", "pprint", "json", "pytest"};
  for (auto h : heads)
    if (head == h && dot != std::string_view::npos) return true;
  // `mock.patch.dict(os.environ, {...})`: the test patches the environment (a write).
  if (callee.size() >= 10 && callee.substr(callee.size() - 10) == "patch.dict") return true;
  if (head == "os" && (starts_with(last, "exec") || starts_with(last, "spawn") || starts_with(last, "posix_spawn"))) return true;
  static constexpr std::array<std::string_view, 17> names{"print", "len", "sorted", "list", "set", "tuple", "repr", "str", "isinstance",
                                                           "hasattr", "bool", "id", "type", "iter", "any", "all", "Popen"};
  for (auto n : names)
    if (callee == n) return true;
  return false;
}

// Calls that copy their argument: the copy is the environment again (evaluate.cpp models them).
bool copies(std::string_view callee) {
  return callee == "dict" || callee == "MappingProxyType" || callee == "copy.copy" || callee == "copy.deepcopy" ||
         callee == "deepcopy";
}

}  // namespace

void PyReads::env_mention(Path path) {
  TSNode n = path.back();
  int line = f_.file.line(n);
  size_t i = path.size() - 1;
  TSNode cur = n;
  for (int steps = 0; i > 0 && steps < 16; ++steps) {
    TSNode p = path[i - 1];
    std::string_view t = node_type(p);
    if (t == "parenthesized_expression" || t == "dictionary_splat") {
      cur = p;
      --i;
      continue;
    }
    if (t == "dictionary") {  // `{**os.environ}` alone is the environment; with keys, an untracked copy
      if (code_children(p).size() != 1) return;
      cur = p;
      --i;
      continue;
    }
    if (t == "attribute" && same(f_.field(p, f_.fields.object), cur)) {
      std::string_view attr = f_.text(f_.field(p, f_.fields.attribute));
      if (attr != "get" && attr != "copy") return;
      cur = p;
      --i;
      continue;
    }
    if (t == "call" && same(f_.field(p, f_.fields.function), cur)) {  // `os.environ.copy()`; not `os.getenv(...)`
      if (!is_type(cur, "attribute") || f_.text(f_.field(cur, f_.fields.attribute)) != "copy") return;
      cur = p;
      --i;
      continue;
    }
    if (t == "keyword_argument") {
      cur = p;
      --i;
      continue;
    }
    if (t == "argument_list" && i >= 2 && is_type(path[i - 2], "call")) {
      TSNode call = path[i - 2];
      TSNode fn = unwrap(f_.field(call, f_.fields.function));
      std::string callee(f_.text(fn));
      if (copies(callee)) {
        cur = call;
        i -= 2;
        continue;
      }
      if (callee == "setattr") {
        out_.escapes.push_back(f_.file.make_escape(n, "os.environ escapes: stored by setattr()"));
        return;
      }
      if (harmless_sink(callee)) {
        out_.handled_lines.push_back(line);
        return;
      }
      if (eval_.imported_from_outside(fn)) {
        out_.escapes.push_back(f_.file.make_escape(n, "os.environ escapes into " + callee + "()"));
        return;
      }
      int index = -1;  // the argument's position (keyword arguments are not followed)
      if (same(cur, n) || !is_type(cur, "keyword_argument")) {
        auto args = code_children(p);
        for (size_t k = 0; k < args.size(); ++k)
          if (same(args[k], cur)) index = static_cast<int>(k);
      }
      if (index >= 0 && eval_.imported_from_tree(fn) && follow_env_argument(fn, index, call)) {
        out_.handled_lines.push_back(line);  // followed into the other module
        return;
      }
      if (eval_.imported_from_tree(fn)) {  // a function of another module the analysis could not follow
        out_.escapes.push_back(f_.file.make_escape(n, "os.environ escapes into " + callee + "() of another module (not followed)"));
        return;
      }
      std::vector<TSNode> full(path.begin(), path.begin() + static_cast<long>(i) - 1);
      Value v = eval_.eval(fn, Path(full));
      bool of_tree = v.type == Value::Type::Helper || class_meta(v) != nullptr ||
                     (v.type == Value::Type::Param && (v.text.rfind("fn:", 0) == 0 || v.text == "envfn"));
      if (of_tree) out_.handled_lines.push_back(line);  // followed: the parameter is an env alias there
      return;
    }
    if (t == "assignment" && same(f_.field(p, f_.fields.right), cur)) {
      out_.handled_lines.push_back(line);  // an alias / copy bound to a name
      return;
    }
    if (t == "return_statement") {
      out_.handled_lines.push_back(line);
      return;
    }
    return;
  }
}

// `getattr(os, "environ")`, `getattr(os, name)`: the environment reached by reflection.
void PyReads::getattr_os(TSNode call) {
  TSNode fn = unwrap(f_.field(call, f_.fields.function));
  if (!is_type(fn, "identifier") || f_.text(fn) != "getattr") return;
  auto args = code_children(f_.field(call, f_.fields.arguments));
  if (args.empty() || !os_.is_os_module(unwrap(args[0]))) return;
  if (args.size() >= 2) {
    TSNode name = unwrap(args[1]);
    if (auto s = string_literal(f_, name); s && *s != "environ" && *s != "getenv") return;  // `getattr(os, "sep")`
  }
  out_.escapes.push_back(f_.file.make_escape(call, "os.environ escapes: reached by getattr(os, ...)"));
}

}  // namespace envdrift::py

namespace envdrift::py {

// The reads `def fn(..., env, ...)` (a top-level function of this module) makes when parameter
// `index` is the environment: what a caller in another module instantiates at its call.
std::optional<std::vector<EnvRead>> PyReads::env_param_reads(const std::string& fn_name, int index) {
  TSNode def{};
  for (TSNode stmt : code_children(f_.file.root)) {
    TSNode d = is_type(stmt, "decorated_definition") ? child_by_field(stmt, "definition") : stmt;
    if (is_type(d, "function_definition") && f_.text(f_.field(d, f_.fields.name)) == fn_name) def = d;
  }
  if (ts_node_is_null(def)) return std::nullopt;
  bool complete = true;
  env_param_memo_[{ts_node_start_byte(def), index}] = true;  // the caller hands it the environment
  std::vector<TSNode> prefix = eval_.path_to(def);
  size_t before = out_.reads.size();
  walk_with_path(f_.field(def, f_.fields.body), [&](Path sub) {
    TSNode n = sub.back();
    std::string_view t = node_type(n);
    if (t == "function_definition" || t == "class_definition" || t == "lambda") return false;
    if (t != "call" && t != "subscript" && t != "comparison_operator") return true;
    std::vector<TSNode> full = prefix;
    full.insert(full.end(), sub.begin(), sub.end());
    Path path(full);
    if (auto site = match(n, path)) {
      if (t == "subscript" && is_assignment_target(path)) return true;
      if (eval_.eval(site->name, path).type == Value::Type::Param) complete = false;  // a name from the caller
      emit(*site, path);
    }
    return true;
  });
  if (!complete) {
    out_.reads.resize(before);
    return std::nullopt;
  }
  std::vector<EnvRead> out(std::make_move_iterator(out_.reads.begin() + static_cast<long>(before)),
                           std::make_move_iterator(out_.reads.end()));
  out_.reads.resize(before);
  return out;
}

// `configure(os.environ)` with `configure` from another module of the tree: that function's
// reads with the environment as argument `index`, reported where they are made. False when the
// callee cannot be worked out, or reads names its callers pass (`env[key]`: not followed across
// modules yet, so an escape).
bool PyReads::follow_env_argument(TSNode fn, int index, TSNode call) {
  auto target = eval_.imported_function(fn);
  if (!target) return false;
  resolve::Project* project = resolve::current_project();
  if (project == nullptr) return false;
  Value v = project->export_of(target->first, resolve::env_param_export(target->second, index), 0, make_py_loader);
  auto reads = resolve::env_reads_of(v, Language::Python);
  if (!reads) return false;
  ViaStep step{f_.file.src.rel, f_.file.line(call), "call " + std::string(f_.text(fn))};
  for (EnvRead& r : *reads) {
    r.via.push_back(step);
    out_.reads.push_back(std::move(r));
  }
  return true;
}

}  // namespace envdrift::py
