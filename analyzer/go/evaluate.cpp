#include "analyzer/go/evaluate.h"

#include <algorithm>
#include <charconv>

#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/files.h"
#include "analyzer/go/values.h"

namespace envdrift::go {

namespace {

bool is_std_conversion(std::string_view name) {
  static const std::set<std::string_view> kTypes{"string", "int", "int8", "int16", "int32", "int64", "uint", "uint8",
                                                 "uint16", "uint32", "uint64", "float32", "float64", "bool", "byte",
                                                 "rune", "uintptr"};
  return kTypes.count(name) != 0;
}

bool is_integer(const Value& v) {
  return v.type == Value::Type::Num && v.text.find_first_of(".eE") == std::string::npos;
}

std::optional<long long> to_ll(const Value& v) {
  if (!is_integer(v)) return std::nullopt;
  long long x = 0;
  auto [p, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), x);
  if (ec != std::errc() || p != v.text.data() + v.text.size()) return std::nullopt;
  return x;
}

Value array_of(std::vector<Value> items) {
  Value v = Value::of_type(Value::Type::Array);
  v.items = std::move(items);
  return v;
}

// The identifiers a spec / parameter declaration / expression list binds, in order.
std::vector<TSNode> identifiers_of(TSNode n) {
  std::vector<TSNode> out;
  for (TSNode k : code_children(n))
    if (is_type(k, "identifier")) out.push_back(k);
  return out;
}


std::string scalar_text(const Value& v) { return v.text; }

// A Printf format applied to known scalar arguments (`%s`, `%v`, `%d`, `%q`, `%%`).
std::optional<std::string> sprintf_values(std::string_view format, const std::vector<Value>& args) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (i + 1 >= format.size()) return std::nullopt;
    char verb = format[++i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (verb != 's' && verb != 'v' && verb != 'd' && verb != 'q') return std::nullopt;
    if (next >= args.size() || !args[next].is_scalar()) return std::nullopt;
    if (verb == 'q') out += "\"" + scalar_text(args[next++]) + "\"";
    else out += scalar_text(args[next++]);
  }
  if (next != args.size()) return std::nullopt;
  return out;
}

}  // namespace

bool is_builtin_function(std::string_view name) {
  static const std::set<std::string_view> kBuiltins{"append", "cap",   "clear", "close", "complex", "copy",
                                                    "delete", "imag",  "len",   "make",  "max",     "min",
                                                    "new",    "panic", "print", "println", "real", "recover",
                                                    // conversions to predeclared types
                                                    "string", "int", "int64", "int32", "uint", "float64", "bool",
                                                    "byte", "rune", "error", "any"};
  return kBuiltins.count(name) != 0;
}

std::vector<TSNode> parameter_identifiers(TSNode fn) {
  std::vector<TSNode> out;
  for (TSNode decl : code_children(child_by_field(fn, "parameters")))
    for (TSNode id : identifiers_of(decl)) out.push_back(id);
  return out;
}

int variadic_parameter(TSNode fn) {
  int index = 0;
  for (TSNode decl : code_children(child_by_field(fn, "parameters"))) {
    auto ids = identifiers_of(decl);
    if (is_type(decl, "variadic_parameter_declaration")) return ids.empty() ? -1 : index;
    index += static_cast<int>(ids.size());
  }
  return -1;
}

Value param_marker(bool variadic) {
  Value m = Value::str(std::string(1, kParamMarker));
  return variadic ? array_of({m}) : m;
}

std::optional<DefaultValue> default_from_value(const Value& v, std::string_view raw) {
  if (v.type == Value::Type::Str) return DefaultValue{std::string(raw), normalize_code_value(v.text), true};
  if (v.type == Value::Type::Num || v.type == Value::Type::Bool) return DefaultValue{std::string(raw), v.text, true};
  return std::nullopt;
}

GoEval::GoEval(const GoFile& f) : f_(f) {}

std::vector<TSNode> GoEval::path_to(TSNode n) const { return resolve::ancestor_path(f_.file.root, n); }

void GoEval::build_index() {
  if (index_built_) return;
  index_built_ = true;
  for (TSNode decl : code_children(f_.file.root)) {
    std::string_view t = node_type(decl);
    if (t == "function_declaration") {
      top_.emplace(std::string(f_.text(f_.field(decl, f_.fields.name))), decl);
    } else if (t == "method_declaration") {
      top_.emplace(std::string(kMethodKey) + std::string(f_.text(f_.field(decl, f_.fields.name))), decl);
    } else if (t == "const_declaration" || t == "var_declaration") {
      std::vector<TSNode> specs;
      for (TSNode s : code_children(decl)) {
        if (is_type(s, "var_spec_list")) {
          for (TSNode k : code_children(s)) specs.push_back(k);
        } else {
          specs.push_back(s);
        }
      }
      for (TSNode s : specs)
        for (TSNode id : identifiers_of(s)) top_.emplace(std::string(f_.text(id)), s);
    } else if (t == "type_declaration") {
      for (TSNode s : code_children(decl)) {
        TSNode name = f_.field(s, f_.fields.name);
        if (!ts_node_is_null(name)) top_.emplace(std::string(f_.text(name)), s);
      }
    } else if (t == "import_declaration") {
      std::vector<TSNode> specs;
      for (TSNode s : code_children(decl)) {
        if (is_type(s, "import_spec_list")) {
          for (TSNode k : code_children(s)) specs.push_back(k);
        } else {
          specs.push_back(s);
        }
      }
      for (TSNode s : specs) {
        std::string path;
        if (!unquote_literal(f_.text(f_.field(s, f_.fields.path)), path)) continue;
        TSNode alias = f_.field(s, f_.fields.name);
        std::string q;
        if (is_type(alias, "package_identifier")) {
          q = f_.text(alias);
        } else if (ts_node_is_null(alias)) {
          // The package name is conventionally the last path element (minus a `/vN` suffix).
          std::string_view p = path;
          auto slash = p.rfind('/');
          std::string_view last = slash == std::string_view::npos ? p : p.substr(slash + 1);
          if (last.size() >= 2 && last[0] == 'v' && std::all_of(last.begin() + 1, last.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
              slash != std::string_view::npos) {
            std::string_view before = p.substr(0, slash);
            auto s2 = before.rfind('/');
            last = s2 == std::string_view::npos ? before : before.substr(s2 + 1);
          }
          q = last;
        }
        if (!q.empty()) imports_.emplace(std::move(q), std::move(path));
      }
    }
  }
}

Value GoEval::eval(TSNode expr, Path ctx, const Bindings* b, int depth) { return eval_at(expr, ctx, b, depth); }

Value GoEval::eval_at(TSNode expr, Path ctx, const Bindings* b, int depth) {
  expr = unwrap(expr);
  if (ts_node_is_null(expr) || depth > kMaxEvalDepth) return {};
  std::string_view t = node_type(expr);
  if (t == "interpreted_string_literal" || t == "raw_string_literal") {
    auto s = string_literal(f_, expr);
    return s ? Value::str(std::move(*s)) : Value{};
  }
  if (t == "int_literal" || t == "float_literal") {
    auto n = resolve::number_text(f_.text(expr));
    return n ? Value::num(*n) : Value{};
  }
  if (t == "true" || t == "false") return Value::boolean(t == "true");
  if (t == "nil") return Value::of_type(Value::Type::Null);
  if (t == "iota") {
    if (b)
      if (auto it = b->find("iota"); it != b->end()) return it->second;
    return {};
  }
  if (t == "unary_expression") {
    Value v = eval_at(f_.field(expr, f_.fields.operand), ctx, b, depth + 1);
    std::string_view op = f_.op(expr);
    if (op == "-") return resolve::negate(v);
    if (op == "+") return v;
    if (op == "!" && v.type == Value::Type::Bool) return Value::boolean(v.text != "true");
    return {};
  }
  if (t == "binary_expression") return binary_value(expr, ctx, b, depth);
  if (t == "identifier") return lookup_name(f_.text(expr), expr, ctx, b, depth + 1);
  if (t == "selector_expression") return selector_value(expr, ctx, b, depth);
  if (t == "index_expression") {
    Value obj = eval_at(f_.field(expr, f_.fields.operand), ctx, b, depth + 1);
    Value key = eval_at(child_by_field(expr, "index"), ctx, b, depth + 1);
    if (!key.is_scalar()) return {};
    return resolve::member(obj, key.text);
  }
  if (t == "composite_literal") return composite_value(expr, ctx, b, depth);
  if (t == "call_expression") return call_value(expr, ctx, b, depth);
  if (t == "type_conversion_expression") return eval_at(f_.field(expr, f_.fields.operand), ctx, b, depth + 1);
  return {};
}

Value GoEval::binary_value(TSNode expr, Path ctx, const Bindings* b, int depth) {
  std::string_view op = f_.op(expr);
  Value l = eval_at(f_.field(expr, f_.fields.left), ctx, b, depth + 1);
  if (l.type == Value::Type::Unknown) return {};
  Value r = eval_at(f_.field(expr, f_.fields.right), ctx, b, depth + 1);
  if (r.type == Value::Type::Unknown) return {};
  auto x = to_ll(l), y = to_ll(r);
  if (x && y && (op == "/" || op == "<<" || op == ">>" || op == "&" || op == "|" || op == "%")) {
    long long v = 0;
    if ((op == "/" || op == "%") && *y == 0) return {};
    if ((op == "<<" || op == ">>") && (*y < 0 || *y > 62)) return {};
    if (op == "/") v = *x / *y;
    else if (op == "%") v = *x % *y;
    else if (op == "<<") v = *x << *y;
    else if (op == ">>") v = *x >> *y;
    else if (op == "&") v = *x & *y;
    else v = *x | *y;
    Value out = Value::num(std::to_string(v));
    out.via = l.via;
    out.via.insert(out.via.end(), r.via.begin(), r.via.end());
    resolve::trim_via(out.via);
    out.kind = resolve::stronger(l.kind, r.kind);
    return out;
  }
  if (op == "+" || op == "-" || op == "*" || op == "/") return resolve::binary(op, l, r);
  return {};
}

Value GoEval::selector_value(TSNode expr, Path ctx, const Bindings* b, int depth) {
  TSNode operand = unwrap(f_.field(expr, f_.fields.operand));
  std::string field(f_.text(f_.field(expr, f_.fields.field)));
  if (is_type(operand, "identifier")) {
    build_index();
    std::string_view q = f_.text(operand);
    if (imports_.count(q)) {
      Value local = lookup_name(q, operand, ctx, b, depth + 1, /*package_scope=*/false);  // a local shadows
      if (local.type == Value::Type::Unknown && local.text.empty()) {
        const std::string& path = imports_.find(q)->second;
        if ((path == "os" && (field == "Getenv" || field == "LookupEnv")) || (path == "syscall" && field == "Getenv"))
          return env_getter_value(std::string(q) + "." + field);
        if (auto dir = import_dir(q)) return other_package(*dir, field, depth + 1);
        return {};
      }
      return resolve::member(local, field);
    }
  }
  Value obj = eval_at(operand, ctx, b, depth + 1);
  return resolve::member(obj, field);
}

// `[]string{"A", B}`, `map[string]string{"k": "X"}`, `Endpoint{Name: "X"}`, `[]Endpoint{{...}}`.
Value GoEval::composite_value(TSNode lit, Path ctx, const Bindings* b, int depth) {
  TSNode type = child_by_field(lit, "type");
  TSNode body = child_by_field(lit, "body");
  // Struct literals key their elements by field name; maps by an evaluated key.
  bool field_keys = !is_type(type, "map_type");
  return literal_value(body, ctx, b, depth, field_keys);
}

Value GoEval::literal_value(TSNode body, Path ctx, const Bindings* b, int depth, bool field_keys) {
  if (depth > kMaxEvalDepth) return {};
  auto elems = code_children(body);
  if (elems.size() > resolve::kMaxElements) return {};
  bool keyed = std::any_of(elems.begin(), elems.end(), [](TSNode e) { return is_type(e, "keyed_element"); });
  auto element_value = [&](TSNode le) -> Value {
    TSNode inner = is_type(le, "literal_element") ? named_child(le, 0) : le;
    if (is_type(inner, "literal_value")) return literal_value(inner, ctx, b, depth + 1, true);
    return eval_at(inner, ctx, b, depth + 1);
  };
  if (!keyed) {
    std::vector<Value> items;
    for (TSNode e : elems) items.push_back(element_value(e));
    return array_of(std::move(items));
  }
  Value rec = Value::of_type(Value::Type::Record);
  for (TSNode e : elems) {
    if (!is_type(e, "keyed_element")) return {};
    TSNode key = unwrap(named_child(child_by_field(e, "key"), 0));
    std::string k;
    if (field_keys && is_type(key, "identifier")) {
      k = f_.text(key);
    } else {
      Value kv = eval_at(key, ctx, b, depth + 1);
      if (!kv.is_scalar()) return {};
      k = kv.text;
    }
    rec.fields.emplace_back(std::move(k), element_value(child_by_field(e, "value")));
  }
  return rec;
}

Value GoEval::call_value(TSNode call, Path ctx, const Bindings* b, int depth) {
  TSNode fn = unwrap(f_.field(call, f_.fields.function));
  TSNode arglist = f_.field(call, f_.fields.arguments);
  auto args = code_children(arglist);
  // A `[[helper]]` declared `env_object = true`: the call returns a getter of the environment.
  if (const DeclaredHelper* d = declared_for(fn, ctx); d && d->env_object) return env_getter_value(f_.text(fn));
  if (is_type(fn, "selector_expression")) {
    TSNode q = unwrap(f_.field(fn, f_.fields.operand));
    std::string_view name = f_.text(f_.field(fn, f_.fields.field));
    build_index();
    auto imp = is_type(q, "identifier") ? imports_.find(f_.text(q)) : imports_.end();
    if (imp == imports_.end()) return {};
    const std::string& pkg = imp->second;
    std::vector<Value> vals;
    for (TSNode a : args) {
      vals.push_back(eval_at(a, ctx, b, depth + 1));
      if (vals.back().type == Value::Type::Unknown) return {};
    }
    auto merged = [&](std::string text) {
      Value out = Value::str(std::move(text));
      for (const auto& v : vals) {
        out.via.insert(out.via.end(), v.via.begin(), v.via.end());
        out.kind = resolve::stronger(out.kind, v.kind);
      }
      resolve::trim_via(out.via);
      return out;
    };
    if (pkg == "fmt" && name == "Sprintf" && !vals.empty() && vals[0].type == Value::Type::Str) {
      auto s = sprintf_values(vals[0].text, std::vector<Value>(vals.begin() + 1, vals.end()));
      return s ? merged(*s) : Value{};
    }
    if (pkg == "fmt" && name == "Sprint") {
      std::string s;
      for (const auto& v : vals) {
        if (v.type != Value::Type::Str) return {};
        s += v.text;
      }
      return merged(s);
    }
    if (pkg == "strconv" && (name == "Itoa" || name == "FormatInt") && !vals.empty() && is_integer(vals[0]))
      return merged(vals[0].text);
    if (pkg == "strings" && vals.size() == 1 && vals[0].type == Value::Type::Str &&
        vals[0].text.find(kParamMarker) == std::string::npos) {
      if (name == "ToUpper") return merged(to_upper(vals[0].text));
      if (name == "ToLower") return merged(to_lower(vals[0].text));
      if (name == "TrimSpace") return merged(std::string(trim(vals[0].text)));
    }
    if (pkg == "strings" && name == "Join" && vals.size() == 2 && vals[0].type == Value::Type::Array &&
        vals[1].type == Value::Type::Str) {
      std::string s;
      for (size_t i = 0; i < vals[0].items.size(); ++i) {
        if (vals[0].items[i].type != Value::Type::Str) return {};
        if (i) s += vals[1].text;
        s += vals[0].items[i].text;
      }
      return merged(s);
    }
    return {};
  }
  if (!is_type(fn, "identifier")) return {};
  std::string_view name = f_.text(fn);
  if (is_std_conversion(name)) {
    if (args.size() != 1) return {};
    Value v = eval_at(args[0], ctx, b, depth + 1);
    if (name == "string" && v.type != Value::Type::Str) return {};
    return v;
  }
  if (is_builtin_function(name)) return {};
  Value callee = lookup_name(name, fn, ctx, b, depth + 1);
  if (callee.type == Value::Type::Unknown && callee.text == "type") {
    // A conversion to a named type (`Key("X")`).
    return args.size() == 1 ? eval_at(args[0], ctx, b, depth + 1) : Value{};
  }
  if (callee.type == Value::Type::Param && starts_with(callee.text, "fn:")) {
    build_index();
    auto it = top_.find(name);
    if (it != top_.end() && is_type(it->second, "function_declaration") &&
        callee.text == "fn:" + std::to_string(ts_node_start_byte(it->second)))
      return inline_call(it->second, arglist, ctx, b, depth + 1);
  }
  return {};
}

// Evaluate `func f(a, b T) T { return expr }` at a call: the arguments bound to the parameters.
Value GoEval::inline_call(TSNode fn, TSNode arglist, Path ctx, const Bindings* b, int depth) {
  uint32_t key = ts_node_start_byte(fn);
  if (inlining_.count(key) || depth > kMaxEvalDepth) return {};
  TSNode body = child_by_field(fn, "body");
  auto stmts = code_children(named_child(body, 0));
  if (stmts.size() != 1 || !is_type(stmts[0], "return_statement")) return {};
  auto rets = code_children(named_child(stmts[0], 0));
  if (rets.size() != 1) return {};
  auto params = parameter_identifiers(fn);
  auto args = code_children(arglist);
  if (params.size() != args.size()) return {};
  Bindings bound;
  for (size_t i = 0; i < params.size(); ++i) bound[std::string(f_.text(params[i]))] = eval_at(args[i], ctx, b, depth + 1);
  inlining_.insert(key);
  std::vector<TSNode> fpath = path_to(rets[0]);
  Value v = eval_at(rets[0], Path(fpath), &bound, depth + 1);
  inlining_.erase(key);
  return v;
}

Value GoEval::range_binding(std::string_view name, TSNode clause, Path ctx, const Bindings* b, int depth, bool& found) {
  found = false;
  auto left = identifiers_of(child_by_field(clause, "left"));
  int index = -1;
  for (size_t i = 0; i < left.size(); ++i)
    if (f_.text(left[i]) == name) index = static_cast<int>(i);
  if (index < 0) return {};
  found = true;
  TSNode right = child_by_field(clause, "right");
  Value src = eval_at(right, ctx, b, depth + 1);
  Value el;
  if (index == 1) el = resolve::elements(src, true);
  else if (src.type == Value::Type::Record) el = resolve::elements(src, false);
  else return {};  // the index of a slice
  if (el.type == Value::Type::Unknown) return {};
  resolve::add_step(el, ViaStep{f_.file.src.rel, f_.file.line(clause), "loop " + clip_source(f_.text(right), 60)}, ReadKind::Map);
  return el;
}

Value GoEval::lookup_name(std::string_view name, TSNode at, Path ctx, const Bindings* b, int depth, bool package_scope) {
  if (depth > kMaxEvalDepth) return {};
  if (b) {
    if (auto it = b->find(name); it != b->end()) return it->second;
  }
  if (name == "_") return {};
  uint32_t here = ts_node_start_byte(at);
  for (size_t i = ctx.size(); i-- > 0;) {
    TSNode scope = ctx[i];
    std::string_view t = node_type(scope);
    Path outer = ctx.subspan(0, i + 1);
    if (t == "statement_list") {
      const std::vector<TSNode>* stmts = block_bindings(scope, name);
      for (size_t s = stmts ? stmts->size() : 0; s-- > 0;) {
        TSNode st = (*stmts)[s];
        if (ts_node_start_byte(st) > here) continue;
        if (here < ts_node_end_byte(st)) continue;  // the statement being evaluated
        Value v;
        if (binding_in(st, name, outer, b, depth, v)) return v;
      }
    } else if (t == "if_statement" || t == "expression_switch_statement" || t == "type_switch_statement") {
      TSNode init = child_by_field(scope, "initializer");
      if (!ts_node_is_null(init) && here >= ts_node_end_byte(init)) {
        Value v;
        if (binding_in(init, name, outer, b, depth, v)) return v;
      }
    } else if (t == "for_statement") {
      for (TSNode k : code_children(scope)) {
        if (is_type(k, "range_clause") && here >= ts_node_end_byte(k)) {
          bool found = false;
          Value v = range_binding(name, k, ctx.subspan(0, i), b, depth, found);
          if (found) return v;
        } else if (is_type(k, "for_clause") && here >= ts_node_end_byte(k)) {
          TSNode init = child_by_field(k, "initializer");
          Value v;
          if (!ts_node_is_null(init) && binding_in(init, name, outer, b, depth, v)) return {};
        }
      }
    } else if (t == "function_declaration" || t == "method_declaration" || t == "func_literal") {
      auto params = parameter_identifiers(scope);
      for (size_t p = 0; p < params.size(); ++p) {
        if (f_.text(params[p]) != name) continue;
        if (t == "func_literal") return {};
        Value v = Value::of_type(Value::Type::Param);
        v.param = static_cast<int>(p);
        v.text = "p:" + std::to_string(ts_node_start_byte(scope));
        return v;
      }
      if (t == "method_declaration") {
        for (TSNode decl : code_children(child_by_field(scope, "receiver")))
          for (TSNode id : identifiers_of(decl))
            if (f_.text(id) == name) return {};
      }
      TSNode result = child_by_field(scope, "result");
      if (is_type(result, "parameter_list"))
        for (TSNode decl : code_children(result))
          for (TSNode id : identifiers_of(decl))
            if (f_.text(id) == name) return {};
    } else if (t == "source_file") {
      return package_scope ? package_value(std::string(name), depth + 1) : Value{};
    }
  }
  return {};
}

const std::vector<TSNode>* GoEval::block_bindings(TSNode list, std::string_view name) {
  auto [it, fresh] = block_index_.try_emplace(ts_node_start_byte(list));
  auto& index = it->second;
  if (fresh) {
    auto add_ids = [&](TSNode holder, TSNode stmt) {
      for (TSNode id : code_children(holder))
        if (is_type(id, "identifier") && f_.text(id) != "_") index[std::string(f_.text(id))].push_back(stmt);
    };
    for (TSNode stmt : code_children(list)) {
      std::string_view t = node_type(stmt);
      if (t == "short_var_declaration" || t == "assignment_statement") {
        add_ids(f_.field(stmt, f_.fields.left), stmt);
      } else if (t == "const_declaration" || t == "var_declaration") {
        for (TSNode spec : code_children(stmt)) {
          if (is_type(spec, "var_spec_list")) {
            for (TSNode k : code_children(spec)) add_ids(k, stmt);
          } else {
            add_ids(spec, stmt);
          }
        }
      }
    }
  }
  auto found = index.find(name);
  return found == index.end() ? nullptr : &found->second;
}

// Does statement `stmt` bind `name`? Then `out` is its value.
bool GoEval::binding_in(TSNode stmt, std::string_view name, Path ctx, const Bindings* b, int depth, Value& out) {
  std::string_view t = node_type(stmt);
  if (t == "const_declaration" || t == "var_declaration") {
    for (TSNode s : code_children(stmt)) {
      if (is_type(s, "var_spec_list")) {
        for (TSNode k : code_children(s))
          if (spec_binding(k, name, ctx, b, depth, out)) return true;
      } else if (spec_binding(s, name, ctx, b, depth, out)) {
        return true;
      }
    }
    return false;
  }
  if (t == "short_var_declaration" || (t == "assignment_statement" && f_.op(stmt) == "=")) {
    auto left = code_children(f_.field(stmt, f_.fields.left));
    auto right = code_children(f_.field(stmt, f_.fields.right));
    for (size_t i = 0; i < left.size(); ++i) {
      if (!is_type(left[i], "identifier") || f_.text(left[i]) != name) continue;
      out = {};
      if (left.size() == right.size()) {
        std::vector<TSNode> p(ctx.begin(), ctx.end());
        p.push_back(stmt);
        out = eval_at(right[i], Path(p), b, depth + 1);
        if (out.is_scalar())
          resolve::add_step(out, ViaStep{f_.file.src.rel, f_.file.line(left[i]), "constant " + std::string(name)}, ReadKind::Constant);
        if ((out.type == Value::Type::Record || out.type == Value::Type::Array) && out.origin.empty()) {
          out.origin = std::string(name);
          out.origin_file = f_.file.src.rel;
          out.origin_line = f_.file.line(left[i]);
        }
      }
      return true;
    }
    return false;
  }
  return false;
}

// A const / var spec binding `name`: its value (iota and the implicit repetition of the
// previous spec's expressions in a `const ( … )` block included).
bool GoEval::spec_binding(TSNode spec, std::string_view name, Path ctx, const Bindings* b, int depth, Value& out) {
  auto ids = identifiers_of(spec);
  size_t idx = ids.size();
  for (size_t i = 0; i < ids.size(); ++i)
    if (f_.text(ids[i]) == name) idx = i;
  if (idx == ids.size()) return false;
  out = {};
  TSNode values = child_by_field(spec, "value");
  TSNode from = spec;
  Bindings bound = b ? *b : Bindings{};
  if (is_type(spec, "const_spec")) {
    // iota: the spec's index in its declaration; a spec without values repeats the last ones.
    TSNode decl = parent(spec);
    int iota = 0;
    for (TSNode s : code_children(decl)) {
      if (ts_node_eq(s, spec)) break;
      if (is_type(s, "const_spec")) ++iota;
    }
    bound["iota"] = Value::num(std::to_string(iota));
    if (ts_node_is_null(values)) {
      for (TSNode s = ts_node_prev_named_sibling(spec); !ts_node_is_null(s); s = ts_node_prev_named_sibling(s)) {
        if (!is_type(s, "const_spec")) continue;
        values = child_by_field(s, "value");
        if (!ts_node_is_null(values)) {
          from = s;
          break;
        }
      }
    }
  }
  auto exprs = code_children(values);
  if (idx >= exprs.size() || exprs.size() != ids.size()) return true;
  std::vector<TSNode> p(ctx.begin(), ctx.end());
  p.push_back(from);
  out = eval_at(exprs[idx], Path(p), &bound, depth + 1);
  if (out.is_scalar())
    resolve::add_step(out, ViaStep{f_.file.src.rel, f_.file.line(ids[idx]), "constant " + std::string(name)}, ReadKind::Constant);
  if ((out.type == Value::Type::Record || out.type == Value::Type::Array) && out.origin.empty()) {
    out.origin = std::string(name);
    out.origin_file = f_.file.src.rel;
    out.origin_line = f_.file.line(ids[idx]);
  }
  return true;
}

namespace {
constexpr std::string_view kHandleMarker = "\x01go-decl-handle";
}  // namespace

std::shared_ptr<const GoDeclHandle> decl_handle(const Value& v) {
  if (v.type != Value::Type::Helper || v.text != kHandleMarker || !v.helper) return nullptr;
  return std::static_pointer_cast<const GoDeclHandle>(v.helper);
}

std::optional<std::string> GoEval::module_dir() {
  std::string path;
  std::string dir = module_dir_and_path(path);
  if (path.empty()) return std::nullopt;
  return dir;
}

Value GoEval::export_value(const std::string& name, int depth) {
  if (depth > kMaxEvalDepth) return {};
  if (starts_with(name, kFileExport) || starts_with(name, kDeclExport)) {
    auto h = std::make_shared<GoDeclHandle>();
    h->file = &f_;
    if (name == kFileExport) {
      if (!file_handle_) {
        h->node = f_.file.root;
        file_handle_ = h;
      }
      Value v = Value::of_type(Value::Type::Helper);
      v.text = std::string(kHandleMarker);
      v.helper = file_handle_;
      return v;
    } else {
      build_index();
      auto it = top_.find(std::string_view(name).substr(kDeclExport.size()));
      if (it == top_.end() || !is_type(it->second, "type_spec")) return {};
      h->node = child_by_field(it->second, "type");
      if (!is_type(h->node, "struct_type")) return {};
    }
    Value v = Value::of_type(Value::Type::Helper);
    v.text = std::string(kHandleMarker);
    v.helper = std::move(h);
    return v;
  }
  if (auto it = export_memo_.find(name); it != export_memo_.end()) return it->second;
  build_index();
  auto it = top_.find(name);
  if (it == top_.end()) return {};
  TSNode decl = it->second;
  std::string_view t = node_type(decl);
  Value v;
  if (t == "function_declaration" || t == "method_declaration") {
    // Not memoized here: summaries are, and a helper that calls itself must not be remembered
    // as "not a helper" from inside its own summary.
    if (auto h = summarize(decl, depth + 1)) {
      v = Value::of_type(Value::Type::Helper);
      v.helper = h;
    } else {
      v = Value::of_type(Value::Type::Param);  // a function that may be inlined in this file
      v.text = "fn:" + std::to_string(ts_node_start_byte(decl));
    }
    return v;
  }
  export_memo_.emplace(name, Value{});  // a cycle back to this name sees Unknown
  if (t == "type_spec" || t == "type_alias") {
    v.text = "type";
  } else {
    std::vector<TSNode> ctx{f_.file.root, parent(decl)};
    spec_binding(decl, name, Path(ctx), nullptr, depth + 1, v);
  }
  export_memo_[name] = v;
  return v;
}

}  // namespace envdrift::go
