// Function values that read the environment. A function is a Value: `os.Getenv` taken as a
// value evaluates to a reader (a Helper value whose summary says "argument 0 is the name"), and
// so does a helper function of the tree (export_value). Wherever the evaluator carries values —
// locals, package variables, struct literal fields — a reader is carried too, so that
//   getenv := os.Getenv;            getenv("PORT")
//   var lookup = os.LookupEnv;      lookup("MODE")
//   cfg := Loader{Getenv: os.Getenv}; cfg.Getenv("HOST")
// are reads at the call, with the literal name. What values do not carry is found here:
// - a function-typed parameter the body calls (`func load(getenv func(string) string) {
//   getenv("PORT") }`): a read when some call of the function in this file hands it a reader;
//   when the name is itself a parameter (`func get(getenv func(string) string, key string)`),
//   the function is a helper whose calls read only where they hand a reader (getter_param);
// - a field of the receiver's type (`func (l *loader) port() { l.getenv("PORT") }`): a read
//   when a literal of the type in this file sets the field to a reader (`&loader{getenv:
//   os.Getenv}`);
// - a `[[helper]]` declaration for a callee that is not a function of the tree; an `env_object`
//   declaration returns a getter (call_value).
#include <algorithm>

#include "analyzer/core/resolve/files.h"
#include "analyzer/go/evaluate.h"

namespace envdrift::go {

namespace {

constexpr std::string_view kReaderMarker = "\x01go-reader";

bool string_type(std::string_view t) { return t == "string"; }

// `func(string) string` / `func(string) (string, bool)` (parameter names allowed).
bool getter_type(const GoFile& f, TSNode type) {
  if (!is_type(type, "function_type")) return false;
  auto params = code_children(child_by_field(type, "parameters"));
  if (params.size() != 1 || !string_type(f.text(child_by_field(params[0], "type")))) return false;
  TSNode result = child_by_field(type, "result");
  if (is_type(result, "type_identifier")) return string_type(f.text(result));
  if (!is_type(result, "parameter_list")) return false;
  auto rs = code_children(result);
  return rs.size() == 2 && string_type(f.text(child_by_field(rs[0], "type"))) && f.text(child_by_field(rs[1], "type")) == "bool";
}

}  // namespace

Value env_getter_value(std::string_view spelling) {
  auto h = std::make_shared<GoHelper>();
  h->name = std::string(spelling);
  h->builtin = true;
  h->name_params = {0};
  h->name_affixes = {{"", ""}};
  h->name_param = 0;
  Value v = Value::of_type(Value::Type::Helper);
  v.text = std::string(kReaderMarker);
  v.helper = std::move(h);
  return v;
}

std::shared_ptr<const GoHelper> reader_of(const Value& v) {
  if (v.type != Value::Type::Helper || !v.helper || decl_handle(v)) return nullptr;
  return std::static_pointer_cast<const GoHelper>(v.helper);
}

std::optional<std::string> GoEval::import_path(std::string_view qualifier) {
  build_index();
  auto it = imports_.find(qualifier);
  if (it == imports_.end()) return std::nullopt;
  return it->second;
}

bool GoEval::locally_bound(std::string_view name) {
  if (!local_names_built_) {
    local_names_built_ = true;
    auto add = [&](TSNode holder) {
      for (TSNode id : code_children(holder))
        if (is_type(id, "identifier")) local_names_.emplace(f_.text(id));
    };
    walk_preorder(f_.file.root, [&](TSNode n) {
      std::string_view t = node_type(n);
      if (t == "short_var_declaration" || t == "range_clause") add(f_.field(n, f_.fields.left));
      else if (t == "var_spec" || t == "parameter_declaration" || t == "variadic_parameter_declaration" || t == "const_spec") add(n);
      return true;
    });
  }
  return local_names_.count(name) != 0;
}

bool GoEval::env_selector(TSNode callee) {
  callee = unwrap(callee);
  if (!is_type(callee, "selector_expression")) return false;
  TSNode q = unwrap(f_.field(callee, f_.fields.operand));
  if (!is_type(q, "identifier")) return false;
  auto path = import_path(f_.text(q));
  std::string_view field = f_.text(f_.field(callee, f_.fields.field));
  return path && (*path == "os" || *path == "syscall") && (field == "Getenv" || field == "LookupEnv");
}

// The declared type name of `operand` when it is the method's receiver or a parameter
// (`l *loader` -> "loader"); "" otherwise.
std::string GoEval::receiver_type(TSNode operand, Path ctx) {
  if (!is_type(operand, "identifier")) return {};
  for (size_t i = ctx.size(); i-- > 0;) {
    std::string_view t = node_type(ctx[i]);
    if (t != "function_declaration" && t != "method_declaration" && t != "func_literal") continue;
    std::vector<TSNode> lists{child_by_field(ctx[i], "parameters")};
    if (t == "method_declaration") lists.push_back(child_by_field(ctx[i], "receiver"));
    for (TSNode list : lists)
      for (TSNode decl : code_children(list))
        for (TSNode id : code_children(decl)) {
          if (!is_type(id, "identifier") || f_.text(id) != f_.text(operand)) continue;
          TSNode type = child_by_field(decl, "type");
          while (is_type(type, "pointer_type")) type = named_child(type, 0);
          return is_type(type, "type_identifier") ? std::string(f_.text(type)) : std::string{};
        }
    if (t != "func_literal") return {};
  }
  return {};
}

void GoEval::build_reader_index() {
  if (readers_built_) return;
  readers_built_ = readers_building_ = true;
  // A function's key in param_readers_: its name, "method NAME" for a method.
  auto function_key = [&](TSNode fn) {
    return (is_type(fn, "method_declaration") ? std::string(kMethodKey) : std::string()) + std::string(f_.text(f_.field(fn, f_.fields.name)));
  };
  // Forwarded getters (`func forward(get func(string) string) { load(get) }`): parameter `from`
  // of one function is argument `to` of a call; what is handed to the first reaches the second.
  struct Forward {
    std::string from_fn;
    int from_param;
    std::string to_fn;
    int to_param;
  };
  std::vector<Forward> forwards;
  std::string callee_key;
  auto reader_arg = [&](TSNode arg, Path path, int index) -> std::shared_ptr<const GoHelper> {
    arg = unwrap(arg);
    if (!is_type(arg, "identifier") && !is_type(arg, "selector_expression")) return nullptr;
    Value v = eval(arg, path);
    if (v.type == Value::Type::Param && is_type(arg, "identifier")) {
      for (size_t i = path.size(); i-- > 0;) {
        std::string_view t = node_type(path[i]);
        if (t == "func_literal") break;
        if (t != "function_declaration" && t != "method_declaration") continue;
        if (v.text == "p:" + std::to_string(ts_node_start_byte(path[i])))
          forwards.push_back({function_key(path[i]), v.param, callee_key, index});
        break;
      }
      return nullptr;
    }
    return reader_of(v);
  };
  walk_enter_leave(
      f_.file.root,
      [&](Path path) {
        TSNode n = path.back();
        if (is_type(n, "call_expression")) {
          TSNode callee = unwrap(f_.field(n, f_.fields.function));
          std::string key;
          if (is_type(callee, "identifier")) key = std::string(f_.text(callee));
          else if (is_type(callee, "selector_expression")) key = std::string(kMethodKey) + std::string(f_.text(f_.field(callee, f_.fields.field)));
          if (key.empty()) return true;
          callee_key = key;
          auto args = code_children(f_.field(n, f_.fields.arguments));
          for (size_t i = 0; i < args.size(); ++i)
            if (auto h = reader_arg(args[i], path, static_cast<int>(i))) param_readers_[key].emplace(static_cast<int>(i), h);
        } else if (is_type(n, "composite_literal")) {
          TSNode type = child_by_field(n, "type");
          if (!is_type(type, "type_identifier")) return true;
          for (TSNode el : code_children(child_by_field(n, "body"))) {
            if (!is_type(el, "keyed_element")) continue;
            auto kv = code_children(el);
            if (kv.size() != 2) continue;
            TSNode k = is_type(kv[0], "literal_element") ? named_child(kv[0], 0) : kv[0];
            TSNode v = is_type(kv[1], "literal_element") ? named_child(kv[1], 0) : kv[1];
            if (auto h = reader_arg(v, path, -1))
              field_readers_.emplace(std::string(f_.text(type)) + "." + std::string(f_.text(k)), h);
          }
        }
        return true;
      },
      [](Path) {});
  // Hand each reader on along the forwards, breadth first: every (function, parameter) is
  // settled once, so chains and cycles of forwarding functions cost one pass over the edges.
  std::map<std::string, std::vector<const Forward*>, std::less<>> out_of;
  for (const Forward& f : forwards)
    if (f.to_param >= 0) out_of[f.from_fn + "#" + std::to_string(f.from_param)].push_back(&f);
  std::vector<std::pair<std::string, int>> work;
  for (const auto& [fn, params] : param_readers_)
    for (const auto& [p, h] : params) work.emplace_back(fn, p);
  for (size_t w = 0; w < work.size(); ++w) {
    auto [fn, p] = work[w];
    auto it = out_of.find(fn + "#" + std::to_string(p));
    if (it == out_of.end()) continue;
    auto h = param_readers_[fn][p];
    for (const Forward* f : it->second)
      if (param_readers_[f->to_fn].emplace(f->to_param, h).second) work.emplace_back(f->to_fn, f->to_param);
  }
  readers_building_ = false;
}

void GoEval::assume_reader_param(const std::string& fn, int index, const std::string& label) {
  param_readers_[fn].emplace(index, reader_of(env_getter_value(label)));
}

std::shared_ptr<const GoHelper> GoEval::reader_at(TSNode callee, Path ctx, int depth) {
  callee = unwrap(callee);
  if (depth > kMaxEvalDepth || ctx.empty()) return nullptr;
  if (!is_type(callee, "identifier") && !is_type(callee, "selector_expression")) return nullptr;
  // A name no local declares is the package's (helper_of looked it up), and `pkg.F` of an
  // import another package's (helper_of looked that up too), but for `os.Getenv` as a value:
  // only the declarations remain. This keeps deep nestings of calls free of scope walks.
  TSNode head = is_type(callee, "identifier") ? callee : unwrap(f_.field(callee, f_.fields.operand));
  bool plain = is_type(head, "identifier") && !locally_bound(f_.text(head)) &&
               (is_type(callee, "identifier") || (import_path(f_.text(head)) && !env_selector(callee)));
  Value v = plain ? Value{} : eval(callee, ctx, nullptr, depth + 1);
  if (auto h = reader_of(v)) return h;
  if (v.type == Value::Type::Param && !readers_building_) {
    // A parameter of function type: which function is it of, and does a call hand it a reader?
    for (size_t i = ctx.size(); i-- > 0;) {
      std::string_view t = node_type(ctx[i]);
      if (t != "function_declaration" && t != "method_declaration") continue;
      if (v.text != "p:" + std::to_string(ts_node_start_byte(ctx[i]))) break;
      int p = 0;
      for (TSNode decl : code_children(child_by_field(ctx[i], "parameters"))) {
        for (TSNode id : code_children(decl)) {
          if (!is_type(id, "identifier")) continue;
          if (p++ != v.param) continue;
          if (!getter_type(f_, child_by_field(decl, "type"))) return nullptr;
          build_reader_index();
          std::string key = (t == "method_declaration" ? std::string(kMethodKey) : std::string()) +
                            std::string(f_.text(f_.field(ctx[i], f_.fields.name)));
          if (auto it = param_readers_.find(key); it != param_readers_.end())
            if (auto r = it->second.find(v.param); r != it->second.end()) return r->second;
          // No call here hands one: a getter all the same, whose calls decide (getter_param).
          auto g = std::make_shared<GoHelper>(*reader_of(env_getter_value(f_.text(id))));
          g->unbound = true;
          return g;
        }
      }
      break;
    }
    return nullptr;
  }
  if (is_type(callee, "selector_expression") && !readers_building_) {
    std::string type = receiver_type(unwrap(f_.field(callee, f_.fields.operand)), ctx);
    if (!type.empty()) {
      build_reader_index();
      auto it = field_readers_.find(type + "." + std::string(f_.text(f_.field(callee, f_.fields.field))));
      if (it != field_readers_.end()) return it->second;
    }
  }
  if (const DeclaredHelper* d = declared_for(callee, ctx); d && !d->env_object) {
    auto& h = declared_[d];
    if (!h) {
      auto base = declared_helper_summary(*d);
      auto g = std::make_shared<GoHelper>();
      static_cast<resolve::HelperSummary&>(*g) = *base;
      if (d->name_arg >= 0) {
        g->name_params = {d->name_arg};
        g->name_affixes = {{"", ""}};
      }
      h = g;
    }
    return h->name_params.empty() ? nullptr : h;
  }
  return nullptr;
}

const DeclaredHelper* GoEval::declared_for(TSNode callee, Path ctx) {
  if (::envdrift::declared_helpers().empty()) return nullptr;  // the scan's, not GoEval::declared_helpers
  callee = unwrap(callee);
  std::vector<std::string> spellings;
  if (is_type(callee, "identifier")) {
    spellings.emplace_back(f_.text(callee));
  } else if (is_type(callee, "selector_expression")) {
    TSNode q = unwrap(f_.field(callee, f_.fields.operand));
    std::string field(f_.text(f_.field(callee, f_.fields.field)));
    if (is_type(q, "identifier")) {
      if (auto path = import_path(f_.text(q))) {
        spellings.push_back(*path + "." + field);
      } else if (std::string type = receiver_type(q, ctx); !type.empty()) {
        // A method on a value of a known type of this package: "pkgpath.Type.Method", the
        // package's import path from go.mod's module path and the directory under it.
        std::string module;
        std::string mdir = module_dir_and_path(module);
        std::string dir = resolve::dir_of(f_.file.src.rel);
        if (!module.empty() && dir.size() >= mdir.size() && dir.compare(0, mdir.size(), mdir) == 0) {
          std::string sub = dir.substr(mdir.size());
          if (!sub.empty() && sub.back() == '/') sub.pop_back();
          spellings.push_back(module + (sub.empty() ? "" : "/" + sub) + "." + type + "." + field);
        }
        spellings.push_back(type + "." + field);
      }
    }
    spellings.emplace_back(f_.text(callee));
  }
  for (const auto& s : spellings)
    if (const DeclaredHelper* d = find_declared_helper(Language::Go, s)) return d;
  return nullptr;
}

}  // namespace envdrift::go
