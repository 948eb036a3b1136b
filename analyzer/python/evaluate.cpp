#include "analyzer/python/evaluate.h"

#include <algorithm>

#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/files.h"
#include "analyzer/python/libraries.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace {

bool is_function_def(TSNode n) { return is_type(n, "function_definition"); }

bool contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

// `decorated_definition` -> the definition it decorates.
TSNode undecorate(const PyFile& f, TSNode n) {
  if (is_type(n, "decorated_definition")) return f.field(n, ts_language_field_id_for_name(ts_node_language(n), "definition", 10));
  return n;
}

Value array_of(std::vector<Value> items) {
  Value v;
  v.type = Value::Type::Array;
  v.items = std::move(items);
  return v;
}

// Python's `str()` of a scalar value.
std::string py_text(const Value& v) {
  if (v.type == Value::Type::Bool) return v.text == "true" ? "True" : "False";
  return v.text;
}

}  // namespace

std::vector<std::string> parameter_names(const PyFile& f, TSNode fn) {
  std::vector<std::string> out;
  for (TSNode p : code_children(f.field(fn, f.fields.parameters))) {
    std::string_view t = node_type(p);
    if (t == "identifier") {
      out.emplace_back(f.text(p));
    } else if (t == "default_parameter" || t == "typed_default_parameter") {
      out.emplace_back(f.text(f.field(p, f.fields.name)));
    } else if (t == "typed_parameter" || t == "list_splat_pattern" || t == "dictionary_splat_pattern") {
      TSNode id = named_child(p, 0);
      out.emplace_back(is_type(id, "identifier") ? f.text(id) : "");
    } else {
      out.emplace_back();
    }
  }
  return out;
}

TSNode parameter_default(const PyFile& f, TSNode fn, size_t i) {
  auto ps = code_children(f.field(fn, f.fields.parameters));
  if (i >= ps.size()) return {};
  if (is_type(ps[i], "default_parameter") || is_type(ps[i], "typed_default_parameter")) return f.field(ps[i], f.fields.value);
  return {};
}

std::optional<DefaultValue> default_from_value(const Value& v, std::string_view raw) {
  if (v.type == Value::Type::Str) return DefaultValue{std::string(raw), normalize_code_value(v.text), true};
  if (v.type == Value::Type::Num || v.type == Value::Type::Bool) return DefaultValue{std::string(raw), v.text, true};
  return std::nullopt;
}

PyEval::PyEval(const PyFile& f, const OsBindings& os) : f_(f), os_(os) {
  walk_preorder(f.file.root, [&](TSNode n) {
    std::string_view t = node_type(n);
    if (t == "function_definition" || t == "class_definition") callable_names_.emplace(f_.text(f_.field(n, f_.fields.name)));
    if (t == "import_from_statement") {
      for (TSNode item : code_children(n)) {
        if (same(item, f_.field(n, f_.fields.module_name))) continue;
        if (is_type(item, "aliased_import")) callable_names_.emplace(f_.text(f_.field(item, f_.fields.alias)));
        else if (is_type(item, "dotted_name")) callable_names_.emplace(f_.text(item));
        // `from ..core import keys` may bind a module.
        if (is_type(item, "aliased_import")) module_aliases_.emplace(f_.text(f_.field(item, f_.fields.alias)));
        else if (is_type(item, "dotted_name")) module_aliases_.emplace(f_.text(item));
      }
      return false;
    }
    if (t == "import_statement") {
      for (TSNode item : code_children(n)) {
        if (is_type(item, "aliased_import")) module_aliases_.emplace(f_.text(f_.field(item, f_.fields.alias)));
        else if (is_type(item, "dotted_name")) module_aliases_.emplace(f_.text(named_child(item, 0)));
      }
      return false;
    }
    return true;
  });
}

std::vector<TSNode> PyEval::path_to(TSNode n) const { return resolve::ancestor_path(f_.file.root, n); }

Value PyEval::eval(TSNode expr, Path ctx, const Bindings* b, int depth) { return eval_at(expr, ctx, b, depth); }

Value PyEval::eval_at(TSNode expr, Path ctx, const Bindings* b, int depth) {
  expr = unwrap(expr);
  if (ts_node_is_null(expr) || depth > kMaxEvalDepth) return {};
  std::string_view t = node_type(expr);
  if (t == "string" || t == "concatenated_string") return string_value(expr, ctx, b, depth);
  if (t == "integer" || t == "float") {
    auto n = resolve::number_text(f_.text(expr));
    return n ? Value::num(*n) : Value{};
  }
  if (t == "true" || t == "false") return Value::boolean(t == "true");
  if (t == "none") return Value::of_type(Value::Type::Null);
  if (t == "unary_operator") {
    Value v = eval_at(f_.field(expr, f_.fields.argument), ctx, b, depth + 1);
    if (f_.op(expr) == "-") return resolve::negate(v);
    if (f_.op(expr) == "+") return v;
    return {};
  }
  if (t == "binary_operator") {
    std::string_view op = f_.op(expr);
    Value l = eval_at(f_.field(expr, f_.fields.left), ctx, b, depth + 1);
    if (op == "%" && l.type == Value::Type::Str) {
      Value r = eval_at(f_.field(expr, f_.fields.right), ctx, b, depth + 1);
      return format_value(l, TSNode{}, ctx, b, depth, true, &r);
    }
    Value r = eval_at(f_.field(expr, f_.fields.right), ctx, b, depth + 1);
    if (op == "//") {
      Value q = resolve::binary("/", l, r);
      if (q.type == Value::Type::Num && q.text.find_first_of(".e") == std::string::npos) return q;
      return {};
    }
    return resolve::binary(op, l, r);
  }
  if ((t == "identifier" || t == "attribute") && os_.is_getenv(expr)) {
    Value g = Value::of_type(Value::Type::Param);
    g.text = "getenv";
    return g;
  }
  if (t == "identifier") {
    if (os_.is_environ(expr)) return Value::of_type(Value::Type::Env);
    return lookup(f_.text(expr), expr, ctx, b, depth + 1);
  }
  if (t == "attribute") {
    if (os_.is_environ(expr)) return Value::of_type(Value::Type::Env);
    Value obj = eval_at(f_.field(expr, f_.fields.object), ctx, b, depth + 1);
    std::string attr(f_.text(f_.field(expr, f_.fields.attribute)));
    if (obj.type == Value::Type::Module) return module_member(obj.text, attr, depth + 1);
    if (obj.type == Value::Type::Param && obj.text.rfind(kLibModule, 0) == 0) {  // `environ.Env`
      const LibraryExport* e = library_export(std::string_view(obj.text).substr(kLibModule.size()), attr);
      return e ? library_value(*e) : Value{};
    }
    if (obj.type == Value::Type::Env && attr == "get") {  // `get = os.environ.get`: a getenv
      Value g = Value::of_type(Value::Type::Param);
      g.text = "getenv";
      return g;
    }
    return resolve::member(obj, attr);
  }
  if (t == "subscript") {
    Value obj = eval_at(f_.field(expr, f_.fields.value), ctx, b, depth + 1);
    Value key = eval_at(f_.field(expr, f_.fields.subscript), ctx, b, depth + 1);
    // `opts["key"]` of a plain parameter: the member a call applies to its argument (a helper
    // summary's name path); the parameters of library objects and getters are no such thing.
    if (obj.type == Value::Type::Param && key.type == Value::Type::Str && !obj.text.empty() &&
        std::isdigit(static_cast<unsigned char>(obj.text[0])))
      return resolve::param_member(obj, key.text);
    if (key.type == Value::Type::Num && !key.text.empty() && key.text[0] == '-' && obj.type == Value::Type::Array) {
      long idx = std::stol(key.text) + static_cast<long>(obj.items.size());
      if (idx < 0) return {};
      return resolve::member(obj, std::to_string(idx));
    }
    if (key.is_scalar()) return resolve::member(obj, key.text);
    if (key.type == Value::Type::Set) {
      Value out = Value::of_type(Value::Type::Set);
      for (const auto& k : resolve::alternatives(key)) {
        Value m = resolve::member(obj, k.text);
        if (m.type == Value::Type::Unknown) return {};
        out.items.push_back(std::move(m));
      }
      return out;
    }
    return {};
  }
  if (t == "dictionary") {
    auto kids = code_children(expr);
    if (kids.size() == 1 && is_type(kids[0], "dictionary_splat") &&
        eval_at(named_child(kids[0], 0), ctx, b, depth + 1).type == Value::Type::Env)
      return Value::of_type(Value::Type::Env);  // `{**os.environ}`
    Value rec = Value::of_type(Value::Type::Record);
    for (TSNode pair : code_children(expr)) {
      if (!is_type(pair, "pair")) return {};
      Value k = eval_at(f_.field(pair, ts_language_field_id_for_name(ts_node_language(pair), "key", 3)), ctx, b, depth + 1);
      if (!k.is_scalar()) return {};
      rec.fields.emplace_back(k.text, eval_at(f_.field(pair, f_.fields.value), ctx, b, depth + 1));
      if (rec.fields.size() > resolve::kMaxElements) return {};
    }
    return rec;
  }
  if (t == "list" || t == "tuple" || t == "set" || t == "expression_list") {
    std::vector<Value> items;
    for (TSNode k : code_children(expr)) {
      if (is_type(k, "list_splat")) {
        Value inner = eval_at(named_child(k, 0), ctx, b, depth + 1);
        if (inner.type != Value::Type::Array) return {};
        items.insert(items.end(), inner.items.begin(), inner.items.end());
      } else {
        items.push_back(eval_at(k, ctx, b, depth + 1));
      }
      if (items.size() > resolve::kMaxElements) return {};
    }
    return array_of(std::move(items));
  }
  if (t == "call") return call_value(expr, ctx, b, depth + 1);
  return {};
}

Value PyEval::string_value(TSNode str, Path ctx, const Bindings* b, int depth) {
  if (auto s = string_literal(f_, str)) return Value::str(std::move(*s));
  std::vector<TSNode> parts = is_type(str, "concatenated_string") ? code_children(str) : std::vector<TSNode>{str};
  Value acc = Value::str("");
  for (TSNode part : parts) {
    if (auto s = string_literal(f_, part)) {
      acc = resolve::binary("+", acc, Value::str(*s));
      continue;
    }
    for (TSNode k : code_children(part)) {
      if (is_type(k, "string_content")) {
        acc = resolve::binary("+", acc, Value::str(std::string(f_.text(k))));
      } else if (is_type(k, "interpolation")) {
        Value v = eval_at(named_child(k, 0), ctx, b, depth + 1);
        if (v.type == Value::Type::Bool) v = Value::str(py_text(v));
        else if (v.type == Value::Type::Num) v = Value::str(v.text);
        acc = resolve::binary("+", acc, v);
      }
      if (acc.type == Value::Type::Unknown) return {};
    }
  }
  return acc;
}

// `"{}_{}".format(a, b)`, `"{name}".format(name=x)`, `"%s_URL" % x`, `"%s_%s" % (a, b)`.
Value PyEval::format_value(const Value& fmt, TSNode args, Path ctx, const Bindings* b, int depth, bool percent,
                           const Value* percent_args) {
  if (fmt.type != Value::Type::Str) return {};
  std::vector<Value> pos;
  std::vector<std::pair<std::string, Value>> kw;
  if (percent) {
    if (percent_args->type == Value::Type::Array) pos = percent_args->items;
    else pos.push_back(*percent_args);
  } else {
    for (TSNode a : code_children(args)) {
      if (is_type(a, "keyword_argument"))
        kw.emplace_back(std::string(f_.text(f_.field(a, f_.fields.name))), eval_at(f_.field(a, f_.fields.value), ctx, b, depth + 1));
      else
        pos.push_back(eval_at(a, ctx, b, depth + 1));
    }
  }
  Value acc = Value::str("");
  std::string lit;
  size_t next = 0;
  const std::string& s = fmt.text;
  auto piece = [&](const Value& v) {
    acc = resolve::binary("+", acc, Value::str(lit));
    lit.clear();
    Value x = v.type == Value::Type::Bool ? Value::str(py_text(v)) : v.type == Value::Type::Num ? Value::str(v.text) : v;
    acc = resolve::binary("+", acc, x);
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (percent && c == '%' && i + 1 < s.size()) {
      if (s[i + 1] == '%') { lit += '%'; ++i; continue; }
      if (next >= pos.size()) return {};
      piece(pos[next++]);
      ++i;
    } else if (!percent && c == '{') {
      if (i + 1 < s.size() && s[i + 1] == '{') { lit += '{'; ++i; continue; }
      size_t close = s.find('}', i);
      if (close == std::string::npos) return {};
      std::string field = s.substr(i + 1, close - i - 1);
      if (auto colon = field.find_first_of(":!"); colon != std::string::npos) field.resize(colon);
      if (field.empty()) {
        if (next >= pos.size()) return {};
        piece(pos[next++]);
      } else if (field[0] >= '0' && field[0] <= '9') {
        size_t idx = std::stoul(field);
        if (idx >= pos.size()) return {};
        piece(pos[idx]);
      } else {
        const Value* found = nullptr;
        for (auto& [k, v] : kw) if (k == field) found = &v;
        if (!found) return {};
        piece(*found);
      }
      i = close;
    } else if (!percent && c == '}' && i + 1 < s.size() && s[i + 1] == '}') {
      lit += '}';
      ++i;
    } else {
      lit += c;
    }
    if (acc.type == Value::Type::Unknown) return {};
  }
  acc = resolve::binary("+", acc, Value::str(lit));
  if (acc.type != Value::Type::Unknown) {
    acc.via.insert(acc.via.begin(), fmt.via.begin(), fmt.via.end());
    resolve::trim_via(acc.via);
    acc.kind = resolve::stronger(acc.kind, fmt.kind);
  }
  return acc;
}

Value PyEval::call_value(TSNode call, Path ctx, const Bindings* b, int depth) {
  TSNode fn = unwrap(f_.field(call, f_.fields.function));
  TSNode args = f_.field(call, f_.fields.arguments);
  auto argv = code_children(args);
  if (const DeclaredHelper* d = declared_helper(fn); d && d->env_object) return Value::of_type(Value::Type::Env);
  if (is_type(fn, "attribute")) {
    std::string_view method = f_.text(f_.field(fn, f_.fields.attribute));
    TSNode obj = f_.field(fn, f_.fields.object);
    if (method == "format") return format_value(eval_at(obj, ctx, b, depth + 1), args, ctx, b, depth, false, nullptr);
    if (method == "copy" && eval_at(obj, ctx, b, depth + 1).type == Value::Type::Env) return Value::of_type(Value::Type::Env);
    {  // a config library's prefix context (`env.prefixed("P_")`) yields the object itself
      Value o = eval_at(obj, ctx, b, depth + 1);
      std::string_view type = library_value_type(o, kLibObject);
      if (!type.empty() && library_form(type, LibShape::Prefixed, method)) return o;
    }
    if (method == "get" && argv.size() == 1) {  // `opts.get("key")` of a plain parameter, as `opts["key"]`
      Value o = eval_at(obj, ctx, b, depth + 1);
      Value k = eval_at(argv[0], ctx, b, depth + 1);
      if (o.type == Value::Type::Param && k.type == Value::Type::Str && !o.text.empty() &&
          std::isdigit(static_cast<unsigned char>(o.text[0])))
        return resolve::param_member(o, k.text);
    }
    if (method == "upper" || method == "lower" || method == "strip") {
      Value v = eval_at(obj, ctx, b, depth + 1);
      if (v.type != Value::Type::Str) return {};
      if (method == "upper") v.text = to_upper(v.text);
      else if (method == "lower") v.text = to_lower(v.text);
      return v;
    }
  }
  if (is_type(fn, "identifier")) {
    std::string_view name = f_.text(fn);
    if ((name == "dict" || name == "MappingProxyType") && argv.size() == 1 &&
        eval_at(argv[0], ctx, b, depth + 1).type == Value::Type::Env)
      return Value::of_type(Value::Type::Env);
    if ((name == "str" || name == "int" || name == "float") && argv.size() == 1) {
      Value v = eval_at(argv[0], ctx, b, depth + 1);
      if (name == "str" && (v.type == Value::Type::Num || v.type == Value::Type::Bool)) {
        Value s = Value::str(py_text(v));
        s.via = v.via;
        s.kind = v.kind;
        return s;
      }
      if (name != "str" && v.type == Value::Type::Str) {
        auto n = resolve::number_text(v.text);
        if (!n) return {};
        Value out = Value::num(*n);
        out.via = v.via;
        out.kind = v.kind;
        return out;
      }
      return v.is_scalar() ? v : Value{};
    }
    if (name == "AliasChoices" || name == "AliasPath") {
      std::vector<Value> items;
      for (TSNode a : argv) {
        if (is_type(a, "list_splat")) {
          Value inner = eval_at(named_child(a, 0), ctx, b, depth + 1);
          if (inner.type != Value::Type::Array) return {};
          items.insert(items.end(), inner.items.begin(), inner.items.end());
        } else {
          items.push_back(eval_at(a, ctx, b, depth + 1));
        }
      }
      return array_of(std::move(items));
    }
  }
  // A function (of this module or another) that returns the environment: `environ()`.
  if (is_type(fn, "identifier") || is_type(fn, "attribute")) {
    Value callee = eval_at(fn, ctx, b, depth + 1);
    if (callee.type == Value::Type::Param && callee.text == "envfn") return Value::of_type(Value::Type::Env);
    if (std::string_view type = library_value_type(callee, kLibClass); !type.empty())
      return library_object(type, args, ctx, b, depth + 1);  // `environ.Env(DEBUG=(bool, False))`
  }
  // A local function that only returns an expression is inlined with its arguments bound.
  if (is_type(fn, "identifier")) {
    std::vector<TSNode> full(ctx.begin(), ctx.end());
    Value callee = lookup(f_.text(fn), fn, ctx, b, depth + 1);
    (void)full;
    if (callee.type == Value::Type::Param && callee.text.rfind("fn:", 0) == 0) {
      uint32_t start = static_cast<uint32_t>(std::stoul(callee.text.substr(3)));
      TSNode def{};
      walk_preorder(f_.file.root, [&](TSNode n) {
        if (!ts_node_is_null(def)) return false;
        if (ts_node_start_byte(n) == start && is_function_def(n)) { def = n; return false; }
        return ts_node_start_byte(n) <= start && start < ts_node_end_byte(n);
      });
      if (!ts_node_is_null(def)) return inline_call(def, args, ctx, b, depth + 1);
    }
  }
  return {};
}

// Evaluate `def f(a, b): return expr` at a call: the arguments bound to the parameters.
Value PyEval::inline_call(TSNode fn, TSNode args, Path ctx, const Bindings* b, int depth) {
  uint32_t key = ts_node_start_byte(fn);
  if (inlining_.count(key)) return {};
  TSNode body = f_.field(fn, f_.fields.body);
  TSNode ret{};
  for (TSNode stmt : code_children(body)) {
    if (is_type(stmt, "return_statement")) { ret = named_child(stmt, 0); break; }
    if (is_type(stmt, "expression_statement") && is_type(named_child(stmt, 0), "string")) continue;  // docstring
    return {};
  }
  if (ts_node_is_null(ret)) return {};
  auto names = parameter_names(f_, fn);
  Bindings bound;
  bound.scope = fn;
  size_t positional = 0;
  for (TSNode a : code_children(args)) {
    if (is_type(a, "keyword_argument")) {
      bound.names[std::string(f_.text(f_.field(a, f_.fields.name)))] = eval_at(f_.field(a, f_.fields.value), ctx, b, depth + 1);
    } else if (positional < names.size()) {
      bound.names[names[positional++]] = eval_at(a, ctx, b, depth + 1);
    }
  }
  for (size_t i = 0; i < names.size(); ++i)
    if (!bound.names.count(names[i])) {
      TSNode d = parameter_default(f_, fn, i);
      if (ts_node_is_null(d)) return {};
      bound.names[names[i]] = eval_at(d, ctx, b, depth + 1);
    }
  inlining_.insert(key);
  std::vector<TSNode> fpath = path_to(ret);
  Value v = eval_at(ret, Path(fpath), &bound, depth + 1);
  inlining_.erase(key);
  return v;
}

Value PyEval::loop_target(std::string_view name, TSNode loop, Path ctx, const Bindings* b, int depth, bool& found) {
  found = false;
  TSNode left = f_.field(loop, f_.fields.left);
  int index = -1;
  if (is_type(left, "identifier")) {
    if (f_.text(left) != name) return {};
  } else if (is_type(left, "pattern_list") || is_type(left, "tuple_pattern")) {
    auto kids = code_children(left);
    for (size_t i = 0; i < kids.size(); ++i)
      if (is_type(kids[i], "identifier") && f_.text(kids[i]) == name) index = static_cast<int>(i);
    if (index < 0) return {};
  } else {
    return {};
  }
  found = true;
  TSNode right = unwrap(f_.field(loop, f_.fields.right));
  bool values = false;
  bool items = false;
  if (is_type(right, "call")) {
    TSNode fn = unwrap(f_.field(right, f_.fields.function));
    std::string_view m = f_.text(f_.field(fn, f_.fields.attribute));
    if (is_type(fn, "attribute") && (m == "values" || m == "items" || m == "keys")) {
      values = m == "values";
      items = m == "items";
      right = f_.field(fn, f_.fields.object);
    }
  }
  Value src = eval_at(right, ctx, b, depth + 1);
  if (items && src.type == Value::Type::Record) {
    Value out = Value::of_type(Value::Type::Set);
    for (auto& [k, v] : src.fields) {
      if (index == 0) out.items.push_back(Value::str(k));
      else if (index == 1) out.items.push_back(resolve::member(src, k));
      else return {};
    }
    return out;
  }
  Value el = resolve::elements(src, values);
  if (el.type == Value::Type::Unknown) return {};
  resolve::add_step(el, ViaStep{f_.file.src.rel, f_.file.line(loop), "loop " + std::string(f_.text(right))}, ReadKind::Map);
  if (index < 0) return el;
  Value out = Value::of_type(Value::Type::Set);
  for (auto& alt : el.items) {
    Value m = resolve::member(alt, std::to_string(index));
    if (m.type == Value::Type::Unknown) return {};
    out.items.push_back(std::move(m));
  }
  return out;
}

size_t PyEval::binding_ancestor(Path ctx, size_t i) {
  static constexpr std::string_view kBinders[] = {"for_statement", "for_in_clause", "with_statement", "list_comprehension",
                                                  "generator_expression", "set_comprehension", "dictionary_comprehension",
                                                  "function_definition", "lambda", "module", "block"};
  return scopes_.find(ctx, i, [&](size_t j) {
    return std::find(std::begin(kBinders), std::end(kBinders), node_type(ctx[j])) != std::end(kBinders);
  });
}

Value PyEval::lookup(std::string_view name, TSNode at, Path ctx, const Bindings* b, int depth) {
  if (depth > kMaxEvalDepth) return {};
  if (b && (ts_node_is_null(b->scope) || contains(b->scope, at))) {
    if (auto it = b->names.find(name); it != b->names.end()) return it->second;
  }
  uint32_t here = ts_node_start_byte(at);
  for (size_t i = ctx.size(); i-- > 0;) {
    if ((i = binding_ancestor(ctx, i)) == AncestorSkipper::npos) break;
    TSNode scope = ctx[i];
    std::string_view t = node_type(scope);
    Path outer = ctx.subspan(0, i + 1);
    if ((t == "for_statement" || t == "for_in_clause") && here >= ts_node_end_byte(f_.field(scope, f_.fields.right))) {
      bool found = false;
      Value v = loop_target(name, scope, ctx.subspan(0, i), b, depth, found);
      if (found) return v;
    }
    if (t == "with_statement") {  // `with env.prefixed("P_") as penv:` binds penv
      for (TSNode clause : code_children(scope)) {
        if (!is_type(clause, "with_clause")) continue;
        for (TSNode item : code_children(clause)) {
          TSNode v = unwrap(f_.field(item, f_.fields.value));
          if (!is_type(v, "as_pattern")) continue;
          TSNode target = named_child(named_child(v, 1), 0);
          if (is_type(target, "identifier") && f_.text(target) == name) return eval_at(named_child(v, 0), outer, b, depth + 1);
        }
      }
    }
    if (t == "list_comprehension" || t == "generator_expression" || t == "set_comprehension" || t == "dictionary_comprehension") {
      for (TSNode k : code_children(scope))
        if (is_type(k, "for_in_clause")) {
          bool found = false;
          Value v = loop_target(name, k, ctx.subspan(0, i), b, depth, found);
          if (found) return v;
        }
    }
    if (t == "function_definition" || t == "lambda") {
      auto names = parameter_names(f_, scope);
      for (size_t p = 0; p < names.size(); ++p)
        if (names[p] == name) {
          Value v = Value::of_type(Value::Type::Param);
          v.param = static_cast<int>(p);
          v.text = std::to_string(ts_node_start_byte(scope));
          return v;
        }
    }
    if (t == "module") {
      if (!module_index_built_) build_module_index();
      auto it = module_index_.find(name);
      if (it == module_index_.end() && wildcards_.empty()) continue;
      const auto& stmts = it == module_index_.end() ? wildcards_ : it->second;
      for (size_t s = stmts.size(); s-- > 0;) {
        if (ts_node_start_byte(stmts[s]) > here) continue;
        if (here < ts_node_end_byte(stmts[s]) && !is_function_def(undecorate(f_, stmts[s])) && !is_type(stmts[s], "class_definition"))
          continue;
        Value v;
        if (binding_in(stmts[s], name, outer, b, depth, v)) return v;
      }
      for (TSNode stmt : stmts) {
        if (ts_node_start_byte(stmt) <= here) continue;
        Value v;
        if (binding_in(stmt, name, outer, b, depth, v)) return v;
      }
      continue;
    }
    if (t == "block") {
      bool is_module = false;
      auto stmts = code_children(scope);
      // Statements before `at` first (latest wins), then (module level) anything after.
      for (size_t s = stmts.size(); s-- > 0;) {
        if (ts_node_start_byte(stmts[s]) > here) continue;
        if (ts_node_start_byte(stmts[s]) <= here && here < ts_node_end_byte(stmts[s]) && !is_function_def(undecorate(f_, stmts[s])) &&
            !is_type(stmts[s], "class_definition"))
          continue;  // the statement being evaluated itself (not a def that contains it)
        Value v;
        if (binding_in(stmts[s], name, outer, b, depth, v)) return v;
      }
      if (is_module) {
        for (size_t s = 0; s < stmts.size(); ++s) {
          if (ts_node_start_byte(stmts[s]) <= here) continue;
          Value v;
          if (binding_in(stmts[s], name, outer, b, depth, v)) return v;
        }
      }
    }
  }
  return {};
}

// Does statement `stmt` bind `name`? Then `out` is its value.
bool PyEval::binding_in(TSNode stmt, std::string_view name, Path ctx, const Bindings* b, int depth, Value& out) {
  TSNode def = undecorate(f_, stmt);
  std::string_view t = node_type(def);
  if (t == "function_definition") {
    if (f_.text(f_.field(def, f_.fields.name)) != name) return false;
    if (summarize) {
      if (auto h = summarize(def)) {
        out = Value::of_type(Value::Type::Helper);
        out.helper = h;
        return true;
      }
    }
    out = Value::of_type(Value::Type::Param);  // an inlinable function: "fn:<start byte>"
    out.text = "fn:" + std::to_string(ts_node_start_byte(def));
    if (returns_env(def, depth)) out.text = "envfn";  // `def environ(): return os.environ`
    return true;
  }
  if (t == "class_definition") {
    if (f_.text(f_.field(def, f_.fields.name)) != name) return false;
    out = class_value(def, depth + 1);
    return true;
  }
  if (t == "import_from_statement") {
    bool found = false;
    out = import_from(def, name, depth + 1, found);
    return found;
  }
  if (t == "import_statement") {
    bool found = false;
    out = import_plain(def, name, found);
    return found;
  }
  if (t == "if_statement" || t == "try_statement") {
    // Only the first branch: `try: from x import y` / `if TYPE_CHECKING:` forms.
    TSNode body = is_type(def, "try_statement") ? f_.field(def, f_.fields.body) : f_.field(def, ts_language_field_id_for_name(ts_node_language(def), "consequence", 11));
    auto kids = code_children(body);
    for (size_t s = kids.size(); s-- > 0;)
      if (binding_in(kids[s], name, ctx, b, depth, out)) return true;
    return false;
  }
  if (t != "expression_statement") return false;
  TSNode assign = named_child(def, 0);
  if (!is_type(assign, "assignment")) return false;
  TSNode left = f_.field(assign, f_.fields.left);
  TSNode right = f_.field(assign, f_.fields.right);
  if (is_type(right, "assignment")) right = f_.field(right, f_.fields.right);  // a = b = "X"
  if (is_type(left, "identifier") && f_.text(left) == name) {
    if (ts_node_is_null(right)) return false;
    uint32_t key = ts_node_start_byte(stmt);
    // Bindings are not seen outside their scope: a module constant evaluated from inside a loop
    // round or an inlined call is the one memoized value (not re-evaluated per round, which made
    // constants that refer to each other exponential).
    if (b != nullptr && !ts_node_is_null(b->scope) && !contains(b->scope, stmt)) b = nullptr;
    auto compute = [&](Value& v) {
      std::vector<TSNode> p(ctx.begin(), ctx.end());
      p.push_back(stmt);
      v = eval_at(right, Path(p), b, depth + 1);
      if (v.is_scalar())
        resolve::add_step(v, ViaStep{f_.file.src.rel, f_.file.line(left), "constant " + std::string(name)}, ReadKind::Constant);
      if ((v.type == Value::Type::Record || v.type == Value::Type::Array) && v.origin.empty()) {
        v.origin = std::string(name);
        v.origin_file = f_.file.src.rel;
        v.origin_line = f_.file.line(left);
      }
    };
    if (b == nullptr) {  // `A = B + "x"` / `B = A + "y"`: a cycle back here is Unknown
      out = memo_.get(MemoKey{key, Memo::Assignment}, Value{}, compute,
                      [](const Value& final_value) { return final_value.type == Value::Type::Unknown; });
      return true;
    }
    // Inside the bindings' scope: memoized for these bindings (a cycle back here is Unknown).
    if (auto it = b->memo.find(key); it != b->memo.end()) {
      out = it->second;
      return true;
    }
    b->memo.emplace(key, Value{});
    compute(out);
    b->memo[key] = out;
    return true;
  }
  if ((is_type(left, "pattern_list") || is_type(left, "tuple_pattern")) && !ts_node_is_null(right)) {
    auto kids = code_children(left);
    for (size_t i = 0; i < kids.size(); ++i)
      if (is_type(kids[i], "identifier") && f_.text(kids[i]) == name) {
        std::vector<TSNode> p(ctx.begin(), ctx.end());
        p.push_back(stmt);
        out = resolve::member(eval_at(right, Path(p), b, depth + 1), std::to_string(i));
        return true;
      }
  }
  return false;
}

// Top-level statements by the names they may bind (assignments, defs, classes, imports, and the
// first branch of `if` / `try`): module lookups are then not linear in the module's size.
void PyEval::build_module_index() {
  module_index_built_ = true;
  auto add_names = [&](TSNode top, TSNode stmt, auto& self, int level) -> void {
    if (level > 4) return;
    TSNode def = undecorate(f_, stmt);
    std::string_view t = node_type(def);
    auto add = [&](std::string_view n) { module_index_[std::string(n)].push_back(top); };
    if (t == "function_definition" || t == "class_definition") {
      add(f_.text(f_.field(def, f_.fields.name)));
    } else if (t == "import_from_statement" || t == "import_statement") {
      TSNode mod = f_.field(def, f_.fields.module_name);
      for (TSNode item : code_children(def)) {
        if (same(item, mod)) continue;
        if (is_type(item, "aliased_import")) add(f_.text(f_.field(item, f_.fields.alias)));
        else if (is_type(item, "dotted_name")) add(t == "import_statement" ? f_.text(named_child(item, 0)) : f_.text(item));
        else if (is_type(item, "wildcard_import")) wildcards_.push_back(top);
      }
    } else if (t == "if_statement" || t == "try_statement") {
      TSNode body = t == "try_statement" ? f_.field(def, f_.fields.body) : child_by_field(def, "consequence");
      for (TSNode k : code_children(body)) self(top, k, self, level + 1);
    } else if (t == "expression_statement") {
      TSNode assign = named_child(def, 0);
      if (!is_type(assign, "assignment")) return;
      TSNode left = f_.field(assign, f_.fields.left);
      if (is_type(left, "identifier")) add(f_.text(left));
      else if (is_type(left, "pattern_list") || is_type(left, "tuple_pattern"))
        for (TSNode k : code_children(left))
          if (is_type(k, "identifier")) add(f_.text(k));
    }
  };
  for (TSNode stmt : code_children(f_.file.root)) add_names(stmt, stmt, add_names, 0);
  // `from x import *` may bind anything: every name also looks there (in statement order).
  for (auto& [name, stmts] : module_index_) {
    stmts.insert(stmts.end(), wildcards_.begin(), wildcards_.end());
    std::sort(stmts.begin(), stmts.end(), [](TSNode a, TSNode b) { return ts_node_start_byte(a) < ts_node_start_byte(b); });
    stmts.erase(std::unique(stmts.begin(), stmts.end(), [](TSNode a, TSNode b) { return ts_node_eq(a, b); }), stmts.end());
  }
}

// Does `def f(...): return <env>` return the environment whatever its arguments?
bool PyEval::returns_env(TSNode fn, int depth) {
  uint32_t key = ts_node_start_byte(fn);
  if (auto it = returns_env_memo_.find(key); it != returns_env_memo_.end()) return it->second;
  returns_env_memo_[key] = false;
  TSNode ret{};
  for (TSNode stmt : code_children(f_.field(fn, f_.fields.body))) {
    if (is_type(stmt, "return_statement")) { ret = named_child(stmt, 0); break; }
    if (is_type(stmt, "expression_statement") && is_type(named_child(stmt, 0), "string")) continue;
    return false;
  }
  if (ts_node_is_null(ret)) return false;
  std::vector<TSNode> p = path_to(ret);
  bool env = eval_at(ret, Path(p), nullptr, depth + 1).type == Value::Type::Env;
  returns_env_memo_[key] = env;
  return env;
}

Value PyEval::export_value(const std::string& name, int depth) {
  TSNode root = f_.file.root;
  std::vector<TSNode> path{root};
  auto stmts = code_children(root);
  for (size_t s = stmts.size(); s-- > 0;) {
    Value v;
    if (binding_in(stmts[s], name, Path(path), nullptr, depth, v)) return v;
  }
  // A package's submodule (`from pkg import keys` where pkg/__init__.py does not bind it).
  const std::string& rel = f_.file.src.rel;
  if (rel.size() >= 11 && rel.compare(rel.size() - 11, 11, "__init__.py") == 0) {
    std::string dir = rel.substr(0, rel.size() - 11);
    if (auto* project = resolve::current_project()) {
      for (std::string cand : {dir + name + ".py", dir + name + "/__init__.py"})
        if (project->has_file(cand)) {
          Value m = Value::of_type(Value::Type::Module);
          m.text = cand;
          return m;
        }
    }
  }
  return {};
}

}  // namespace envdrift::py
