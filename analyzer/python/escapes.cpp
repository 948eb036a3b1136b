// Where an `os.environ` / `os.getenv` mention goes when it is not a read itself (SPEC section 5,
// escapes and coverage):
//   understood, no read (a handled line): an alias or copy bound to a name (`env = dict(os.environ)`,
//     `get = os.environ.get`, `{**os.environ}`), returned (`def environ(): return os.environ`),
//     passed to a function of the tree (whose parameter becomes an env alias) or to a known
//     harmless sink (subprocess / os.exec* / os.spawn* `env=`, logging, print, json.dumps, ...);
//   an escape: passed to a function imported from outside the scanned tree (or from another
//     module of the tree: a parameter is only an env alias for callers in its own module), stored with
//     `setattr`, or `os` reached by `getattr(os, ...)`: reads made there are invisible, so the
//     service's `unread` findings may be incomplete.
#include <array>

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
      if (eval_.imported_from_tree(fn)) {  // a function of another module: its callers here are not followed there
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
