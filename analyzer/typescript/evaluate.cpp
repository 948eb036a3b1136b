#include "analyzer/typescript/evaluate.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdlib>

#include "analyzer/core/normalize.h"
#include "analyzer/frontend.h"
#include "analyzer/typescript/defaults.h"
#include "analyzer/typescript/env_access.h"
#include "analyzer/typescript/eval_internal.h"
#include "analyzer/typescript/libraries.h"

namespace envdrift::js {

using namespace internal;

namespace {

constexpr std::array<std::string_view, 7> kArrayCallbacks{"forEach", "map", "filter", "flatMap", "some", "every", "find"};
constexpr size_t kMaxLabel = 40;

std::string short_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  if (out.size() > kMaxLabel) out = out.substr(0, kMaxLabel) + "…";
  return out;
}

}  // namespace

TSNode first_named(TSNode n) {
  for (TSNode c : named_children(n))
    if (!is_type(c, "comment")) return c;
  return TSNode{};
}

bool has_token(TSNode n, std::string_view tok) {
  for (TSNode c : children(n))
    if (!ts_node_is_named(c) && node_type(c) == tok) return true;
  return false;
}

std::vector<TSNode> call_arguments(const JsFile& f, TSNode call) {
  std::vector<TSNode> out;
  TSNode args = f.field(call, f.fields.arguments);
  for (TSNode a : named_children(args)) {
    if (!is_type(a, "comment")) out.push_back(a);
  }
  return out;
}

bool is_function_like(TSNode n) {
  // Null-safe; the `function` keyword token has the same type name as the expression.
  if (ts_node_is_null(n) || !ts_node_is_named(n)) return false;
  std::string_view t = node_type(n);
  return t == "function_declaration" || t == "function_expression" || t == "function" || t == "arrow_function" ||
         t == "method_definition" || t == "generator_function_declaration";
}

JsEval::JsEval(const JsFile& f) : f_(f) { collect_names(); }

// Could an initialiser produce the env object? `process.env`, `getEnv()`, `loadENV()`, or a
// call of a [[helper]] the config declares as returning the environment. A prefilter only.
bool JsEval::may_hold_env(std::string_view value) const {
  if (value.find("env") != std::string_view::npos || value.find("Env") != std::string_view::npos ||
      value.find("ENV") != std::string_view::npos)
    return true;
  for (const DeclaredHelper& d : declared_helpers()) {
    std::string_view last = d.function;
    last = last.substr(last.rfind('.') + 1);
    if (d.env_object && value.find(last) != std::string_view::npos) return true;
  }
  return false;
}

void JsEval::collect_names() {
  // Names that may stand for the env object or an env helper: one walk per file, so the
  // per-node checks of the extractor stay a set look-up.
  struct PendingParam {
    std::string function;
    int index;
    std::string ident;
  };
  std::vector<PendingParam> pending_params;
  std::map<uint32_t, std::string_view> declarator_names;  // function value start -> the name it is bound to
  walk_preorder(f_.file.root, [&](TSNode n) {
    std::string_view t = node_type(n);
    if (t == "variable_declarator") {
      TSNode name = f_.field(n, f_.fields.name);
      TSNode value = unwrap_value(f_.field(n, f_.fields.value));
      if (is_type(name, "identifier")) {
        if (may_hold_env(f_.text(value))) env_names_.emplace(f_.text(name));
        if (is_function_like(value)) {
          helper_names_.emplace(f_.text(name));
          declarator_names[ts_node_start_byte(value)] = f_.text(name);  // `const load = (env) => …`
        }
      } else if (is_type(name, "object_pattern") && starts_with(f_.text(value), "require")) {
        // `const { a, b: c } = require("./m")`: imported names.
        walk_preorder(name, [&](TSNode k) {
          std::string_view kt = node_type(k);
          if (kt == "shorthand_property_identifier_pattern" || kt == "identifier") {
            env_names_.emplace(f_.text(k));
            helper_names_.emplace(f_.text(k));
          }
          return true;
        });
      }
    } else if (t == "function_declaration" || t == "generator_function_declaration") {
      helper_names_.emplace(f_.text(f_.field(n, f_.fields.name)));
    }
    if (is_function_like(n)) {
      // A parameter may stand for the environment when it is typed or defaults so, or when a
      // call of its function in this file passes something at its position that may be it.
      TSNode name_node = f_.field(n, f_.fields.name);
      std::string_view name = is_type(name_node, "identifier") ? f_.text(name_node) : std::string_view{};
      if (auto it = declarator_names.find(ts_node_start_byte(n)); name.empty() && it != declarator_names.end()) name = it->second;
      auto params = parameters_of(f_, n);
      for (size_t i = 0; i < params.size(); ++i) {
        TSNode ident{}, def{};
        parameter_parts(f_, params[i], &ident, &def);
        if (ts_node_is_null(ident)) continue;
        if (parameter_declares_env(f_, params[i]))
          env_names_.emplace(f_.text(ident));
        else if (!name.empty())
          pending_params.push_back({std::string(name), static_cast<int>(i), std::string(f_.text(ident))});
      }
    } else if (t == "call_expression") {
      std::string_view callee = f_.text(unwrap_value(f_.field(n, f_.fields.function)));
      auto args = call_arguments(f_, n);
      for (size_t i = 0; i < args.size(); ++i) {
        TSNode a = unwrap_value(args[i]);
        std::string_view at = node_type(a);
        if (at == "member_expression" || at == "subscript_expression") {
          EnvObject o = env_object_of(f_, a);
          if (o != EnvObject::None && o != EnvObject::DenoEnv) env_call_args_[std::string(callee)].insert(static_cast<int>(i));
        } else if (at == "identifier" || at == "call_expression") {
          alias_call_args_[std::string(callee)].emplace_back(static_cast<int>(i), args[i]);
        }
      }
    } else if (t == "import_clause" || t == "namespace_import" || t == "import_specifier") {
      walk_preorder(n, [&](TSNode k) {
        if (is_type(k, "identifier")) {
          env_names_.emplace(f_.text(k));
          helper_names_.emplace(f_.text(k));
        }
        return true;
      });
      return false;
    }
    return true;
  });
  for (const PendingParam& p : pending_params) {
    bool may = false;
    if (auto it = env_call_args_.find(p.function); it != env_call_args_.end()) may = it->second.count(p.index) != 0;
    if (auto it = alias_call_args_.find(p.function); !may && it != alias_call_args_.end())
      for (const auto& [i, arg] : it->second) may = may || i == p.index;
    if (may) env_names_.emplace(p.ident);
  }
}

void JsEval::assume_env_param(TSNode fn, int index) {
  env_param_memo_[{ts_node_start_byte(fn), index}] = true;
  auto params = parameters_of(f_, fn);
  if (static_cast<size_t>(index) >= params.size()) return;
  TSNode ident{}, def{};
  parameter_parts(f_, params[index], &ident, &def);
  if (!ts_node_is_null(ident)) env_names_.emplace(f_.text(ident));
}

Value JsEval::eval_at(TSNode expr, Path ctx, int depth) {
  TSNode e = unwrap_value(expr);
  if (ts_node_is_null(e) || depth > kMaxEvalDepth) return {};
  std::string_view t = node_type(e);
  std::string_view raw = f_.text(e);
  if (t == "string") {
    std::string s;
    return unquote_literal(raw, s) ? Value::str(std::move(s)) : Value{};
  }
  if (t == "template_string") {
    std::string s;
    if (unquote_literal(raw, s)) return Value::str(std::move(s));
    Value acc = Value::str("");
    for (TSNode part : named_children(e)) {
      std::string_view pt = node_type(part);
      Value piece;
      if (pt == "string_fragment") {
        piece = Value::str(std::string(f_.text(part)));
      } else if (pt == "escape_sequence") {
        std::string esc;
        if (!unquote_literal("\"" + std::string(f_.text(part)) + "\"", esc)) return {};
        piece = Value::str(esc);
      } else if (pt == "template_substitution") {
        piece = eval_at(first_named(part), ctx, depth + 1);
        if (piece.type == Value::Type::Num || piece.type == Value::Type::Bool) piece.type = Value::Type::Str;
      } else {
        continue;
      }
      acc = resolve::binary("+", acc, piece);
      if (acc.type == Value::Type::Unknown) return {};
    }
    return acc;
  }
  if (t == "number") {
    auto n = resolve::number_text(raw);
    return n ? Value::num(*n) : Value{};
  }
  if (t == "true" || t == "false") return Value::boolean(t == "true");
  if (t == "null" || t == "undefined") {
    Value v;
    v.type = Value::Type::Null;
    return v;
  }
  if (t == "identifier") {
    if (raw == "undefined") {
      Value v;
      v.type = Value::Type::Null;
      return v;
    }
    return lookup(raw, e, ctx, depth + 1);
  }
  if (t == "member_expression" || t == "subscript_expression") {
    if (env_object_of(f_, e) != EnvObject::None) {
      Value v;
      v.type = Value::Type::Env;
      return v;
    }
    Value obj = eval_at(f_.field(e, f_.fields.object), ctx, depth + 1);
    if (obj.type == Value::Type::Env || obj.type == Value::Type::Unknown) return {};
    if (obj.type == Value::Type::Param) {  // `opts.key`: resolved at each call site
      if (t == "member_expression") return resolve::param_member(obj, f_.text(f_.field(e, f_.fields.property)));
      Value k = eval_at(f_.field(e, f_.fields.index), ctx, depth + 1);
      // `names[0]`: the index as a member, which a call applies to its array (or its rest arguments).
      return k.type == Value::Type::Str || k.type == Value::Type::Num ? resolve::param_member(obj, k.text) : Value{};
    }
    if (obj.type == Value::Type::Module) {  // `keys.AI_ENV`: an export of the module
      std::string key(f_.text(f_.field(e, f_.fields.property)));
      if (t == "subscript_expression") {
        Value k = eval_at(f_.field(e, f_.fields.index), ctx, depth + 1);
        if (k.type != Value::Type::Str) return {};
        key = k.text;
      }
      return module_export(obj.text, key, depth + 1);
    }
    if (t == "member_expression") return resolve::member(obj, f_.text(f_.field(e, f_.fields.property)));
    Value idx = eval_at(f_.field(e, f_.fields.index), ctx, depth + 1);
    auto alts = resolve::alternatives(idx);
    Value out;
    out.type = Value::Type::Set;
    for (const auto& a : alts) {
      if (!a.is_scalar()) return {};
      Value m = resolve::member(obj, a.text);
      if (m.type == Value::Type::Unknown) return {};
      m.via.insert(m.via.begin(), a.via.begin(), a.via.end());
      resolve::trim_via(m.via);
      m.kind = resolve::stronger(m.kind, a.kind);
      out.items.push_back(std::move(m));
    }
    if (out.items.size() == 1) return out.items.front();
    return out.items.empty() ? Value{} : out;
  }
  if (t == "binary_expression") {
    std::string_view op = f_.op(e);
    if (op != "+" && op != "-" && op != "*" && op != "/" && op != "%" && op != "**") return {};
    Value a = eval_at(f_.field(e, f_.fields.left), ctx, depth + 1);
    if (a.type == Value::Type::Unknown) return {};
    return resolve::binary(op, a, eval_at(f_.field(e, f_.fields.right), ctx, depth + 1));
  }
  if (t == "unary_expression") {
    std::string_view op = f_.op(e);
    Value a = eval_at(f_.field(e, f_.fields.argument), ctx, depth + 1);
    if (op == "-") return resolve::negate(a);
    if (op == "+" && a.type == Value::Type::Num) return a;
    return {};
  }
  if (t == "object") return object_value(e, ctx, depth + 1);
  if (t == "array") {
    Value v;
    v.type = Value::Type::Array;
    for (TSNode el : named_children(e)) {
      if (is_type(el, "comment")) continue;
      if (v.items.size() >= resolve::kMaxElements || is_type(el, "spread_element")) return {};
      v.items.push_back(eval_at(el, ctx, depth + 1));
    }
    return v;
  }
  if (t == "new_expression" || t == "call_expression") {
    TSNode fn = unwrap_value(f_.field(e, t == "new_expression" ? ts_language_field_id_for_name(ts_node_language(e), "constructor", 11) : f_.fields.function));
    std::string_view callee = f_.text(fn);
    auto args = call_arguments(f_, e);
    // An env object or a parameter that may be one, passed through unchanged.
    auto env_like = [](const Value& v) {
      return v.type == Value::Type::Env || (v.type == Value::Type::Param && v.path.empty());
    };
    // A library function returning (a view of) the environment: `loadEnv(mode, dir, prefix)`.
    if (t == "call_expression") {
      if (const LibraryEnvSource* src = env_source_of(f_, e)) {
        Value env = Value::of_type(Value::Type::Env);
        std::vector<std::string> prefixes;
        if (src->prefix_arg >= 0 && static_cast<size_t>(src->prefix_arg) < args.size()) {
          Value p = eval_at(args[src->prefix_arg], ctx, depth + 1);
          for (const Value& item : p.type == Value::Type::Array ? p.items : std::vector<Value>{p}) {
            if (item.type != Value::Type::Str) return env;  // unknown prefixes: admit every name
            prefixes.push_back(item.text);
          }
        } else {
          prefixes.emplace_back(src->default_prefix);
        }
        for (const std::string& p : prefixes) {
          if (p.empty()) return env;  // "" loads every variable
          env.text += (env.text.empty() ? "" : "\n") + p;
        }
        return env;
      }
    }
    if (callee == "Object.assign") {
      // `Object.assign({}, process.env)`: a copy of the env object (with no overrides).
      Value env;
      for (TSNode a : args) {
        Value v = eval_at(a, ctx, depth + 1);
        if (env_like(v) && env.type == Value::Type::Unknown) env = v;
        else if (v.type != Value::Type::Record || !v.fields.empty()) return {};
      }
      return env;
    }
    if (!args.empty() && (callee == "Proxy" || callee == "Object.freeze" || callee == "String" || callee == "Number")) {
      Value a = eval_at(args[0], ctx, depth + 1);
      if (callee == "Proxy" || callee == "Object.freeze") return env_like(a) || callee == "Object.freeze" ? a : Value{};
      if (callee == "Number" && a.type != Value::Type::Num) return {};
      if (callee == "String" && a.type == Value::Type::Num) a.type = Value::Type::Str;
      return a;
    }
    // A function of the tree that returns the environment (`getEnv()`), or passes its argument
    // through (`wrap(process.env)`, `createConfig(process.env)` returning a Proxy / copy of it).
    if (t == "call_expression" && (is_type(fn, "identifier") || is_type(fn, "member_expression"))) {
      Value h = eval_at(fn, ctx, depth + 1);
      if (h.type == Value::Type::Helper) {
        if (h.helper->returns_env) return Value::of_type(Value::Type::Env);
        if (h.helper->returns_param >= 0 && static_cast<size_t>(h.helper->returns_param) < args.size()) {
          Value a = eval_at(args[h.helper->returns_param], ctx, depth + 1);
          return env_like(a) ? a : Value{};
        }
      } else if (h.type == Value::Type::Unknown) {
        // A function outside the tree the config declares as returning the environment.
        if (const DeclaredHelper* d = declared_callee(fn); d != nullptr && d->env_object)
          return Value::of_type(Value::Type::Env);
      }
    }
    return {};
  }
  if (is_function_like(e)) return function_value(e, ctx, "");
  return {};
}

Value JsEval::object_value(TSNode obj, Path ctx, int depth) {
  Value v;
  v.type = Value::Type::Record;
  bool env_spread = false;
  Value spread;
  for (TSNode p : named_children(obj)) {
    std::string_view t = node_type(p);
    if (v.fields.size() >= resolve::kMaxElements) return {};
    if (t == "pair") {
      TSNode key = f_.field(p, f_.fields.key);
      std::string_view kt = node_type(key);
      std::string k;
      if (kt == "property_identifier") {
        k = f_.text(key);
      } else if (kt == "string") {
        if (!unquote_literal(f_.text(key), k)) continue;
      } else if (kt == "number") {
        auto n = resolve::number_text(f_.text(key));
        if (!n) continue;
        k = *n;
      } else if (kt == "computed_property_name") {
        Value kv = eval_at(first_named(key), ctx, depth + 1);
        if (!kv.is_scalar()) continue;
        k = kv.text;
      } else {
        continue;
      }
      v.fields.emplace_back(std::move(k), eval_at(f_.field(p, f_.fields.value), ctx, depth + 1));
    } else if (t == "shorthand_property_identifier") {
      v.fields.emplace_back(std::string(f_.text(p)), lookup(f_.text(p), p, ctx, depth + 1));
    } else if (t == "spread_element") {
      Value s = eval_at(first_named(p), ctx, depth + 1);
      if (s.type == Value::Type::Env || (s.type == Value::Type::Param && s.path.empty())) {
        env_spread = true;
        spread = s;
      } else if (s.type == Value::Type::Record) v.fields.insert(v.fields.end(), s.fields.begin(), s.fields.end());
    }
  }
  if (env_spread) {
    if (!v.fields.empty()) return {};  // `{ ...process.env, EXTRA: "1" }`: a child-process env, not a wrapper
    return spread;                     // the env object, or the parameter that may be one
  }
  return v;
}

// A record being built member by member: what a reference back to it from one of its own
// initialisers sees (`enum E { A = "X", B = E.A + "_Y" }`: the members before, as at run time;
// a later member, or a cycle through several, is Unknown). `unchanged` never holds for a record:
// what was computed from the partial one is recomputed from the whole.
Value JsEval::record_of(TSNode decl, std::string_view name) const {
  Value v = Value::of_type(Value::Type::Record);
  v.origin = name;
  v.origin_file = f_.file.src.rel;
  v.origin_line = f_.file.line(decl);
  return v;
}

Value JsEval::class_value(TSNode decl, std::string_view name, Path ctx, int depth) {
  // `class Keys { static readonly REGION = "AWS_REGION" }`: its static fields.
  return memo_.get(
      MemoKey{ts_node_start_byte(decl), ts_node_end_byte(decl), Memo::Class}, record_of(decl, name),
      [&](Value& v) {
        TSNode body = child_by_field(decl, "body");
        for (TSNode m : named_children(body)) {
          if (!(is_type(m, "public_field_definition") || is_type(m, "field_definition")) || !has_token(m, "static")) continue;
          TSNode key = f_.field(m, f_.fields.name);
          if (ts_node_is_null(key)) key = f_.field(m, f_.fields.property);
          TSNode init = f_.field(m, f_.fields.value);
          if (!is_type(key, "property_identifier") || ts_node_is_null(init)) continue;
          Value field = eval_at(init, ctx, depth + 1);
          v.fields.emplace_back(std::string(f_.text(key)), std::move(field));
        }
      },
      [](const Value&) { return false; });
}

Value JsEval::enum_value(TSNode decl, int depth, Path ctx) {
  std::string_view name = f_.text(f_.field(decl, f_.fields.name));
  return memo_.get(
      MemoKey{ts_node_start_byte(decl), ts_node_end_byte(decl), Memo::Enum}, record_of(decl, name),
      [&](Value& v) { enum_members(decl, depth, ctx, v); }, [](const Value&) { return false; });
}

void JsEval::enum_members(TSNode decl, int depth, Path ctx, Value& v) {
  TSNode body = child_by_field(decl, "body");
  long long counter = 0;
  for (TSNode m : named_children(body)) {
    std::string_view t = node_type(m);
    std::string key;
    Value val;
    if (t == "property_identifier" || t == "string") {
      key = t == "string" ? std::string() : std::string(f_.text(m));
      if (t == "string" && !unquote_literal(f_.text(m), key)) continue;
      val = Value::num(std::to_string(counter++));
    } else if (t == "enum_assignment") {
      TSNode name = f_.field(m, f_.fields.name);
      key = f_.text(name);
      if (is_type(name, "string") && !unquote_literal(f_.text(name), key)) continue;
      val = eval_at(f_.field(m, f_.fields.value), ctx, depth + 1);
      if (val.type == Value::Type::Num) counter = std::atoll(val.text.c_str()) + 1;
    } else {
      continue;
    }
    v.fields.emplace_back(std::move(key), std::move(val));
  }
}

Value JsEval::declared(std::string_view name, TSNode decl, TSNode value, Path ctx, int depth) {
  // A constant reached again while it is evaluated (`const A = B + "x", B = A + "y"`) is Unknown.
  Value v = memo_.get(
      MemoKey{ts_node_start_byte(value), ts_node_end_byte(value), Memo::Declared}, Value{},
      [&](Value& out) {
        TSNode u = unwrap_value(value);
        std::string spec;
        if (required_module(u, spec)) out = module_value(spec);
        else out = is_function_like(u) ? function_value(u, ctx, name) : eval_at(value, ctx, depth + 1);
      },
      [](const Value& final_value) { return final_value.type == Value::Type::Unknown; });
  if (v.is_scalar() || v.type == Value::Type::Set) {
    resolve::add_step(v, ViaStep{f_.file.src.rel, f_.file.line(decl), "constant " + std::string(name)}, ReadKind::Constant);
  } else if ((v.type == Value::Type::Record || v.type == Value::Type::Array) && v.origin.empty()) {
    v.origin = name;
    v.origin_file = f_.file.src.rel;
    v.origin_line = f_.file.line(decl);
  }
  return v;
}

Value JsEval::function_value(TSNode fn, Path ctx, std::string_view name) {
  auto s = summarize(fn, ctx, name);
  if (!s) return {};
  Value v;
  v.type = Value::Type::Helper;
  v.helper = std::move(s);
  return v;
}

Value JsEval::parameter(std::string_view name, TSNode fn, Path ctx, size_t fn_index, int depth, bool* found) {
  auto params = parameters_of(f_, fn);
  for (size_t i = 0; i < params.size(); ++i) {
    TSNode ident{}, def{};
    parameter_parts(f_, params[i], &ident, &def);
    if (ts_node_is_null(ident) || f_.text(ident) != name) continue;
    *found = true;
    // `env: NodeJS.ProcessEnv` or `env = process.env`: a parameter standing for the env object.
    if (parameter_declares_env(f_, params[i])) {
      Value e;
      e.type = Value::Type::Env;
      return e;
    }
    if (!ts_node_is_null(def)) {
      Value d = eval_at(def, ctx.first(fn_index + 1), depth + 1);
      if (d.type == Value::Type::Env) return d;
    }
    // The first parameter of an array callback: `KEYS.forEach((k) => process.env[k])`.
    if (i == 0 && fn_index >= 2 && is_type(ctx[fn_index - 1], "arguments") &&
        is_type(ctx[fn_index - 2], "call_expression")) {
      TSNode callee = unwrap_value(f_.field(ctx[fn_index - 2], f_.fields.function));
      if (is_type(callee, "member_expression")) {
        std::string_view method = f_.text(f_.field(callee, f_.fields.property));
        for (auto m : kArrayCallbacks) {
          if (m != method) continue;
          TSNode arr = f_.field(callee, f_.fields.object);
          Value list = eval_at(arr, ctx.first(fn_index - 1), depth + 1);
          if (list.type == Value::Type::Param) return resolve::param_member(list, resolve::kEachElement);  // `keys.map(...)` of a helper's `keys`
          Value each = resolve::elements(list);
          if (each.type != Value::Type::Unknown)
            resolve::add_step(each, ViaStep{f_.file.src.rel, f_.file.line(arr), "loop " + short_text(f_.text(arr))}, ReadKind::Map);
          return each;
        }
      }
    }
    Value p;
    p.type = Value::Type::Param;
    p.param = static_cast<int>(i);
    p.text = std::to_string(ts_node_start_byte(fn));
    return p;
  }
  return {};
}

// The statements of a block that may bind `name`, in order: the block's declarations are indexed
// by the names they bind once (imports are candidates for every name), so a module of 4,000
// constants is not walked again for each name looked up in it.
std::vector<TSNode> JsEval::binding_candidates(TSNode block, std::string_view name) {
  auto key = std::make_tuple(ts_node_start_byte(block), ts_node_end_byte(block), ts_node_symbol(block));
  auto it = block_index_.find(key);
  if (it == block_index_.end()) {
    BlockIndex idx;
    TSTreeCursor c = ts_tree_cursor_new(block);
    bool more = ts_tree_cursor_goto_first_child(&c);
    for (; more; more = ts_tree_cursor_goto_next_sibling(&c)) {
      TSNode s = ts_tree_cursor_current_node(&c);
      if (!ts_node_is_named(s)) continue;
      size_t at = idx.statements.size();
      idx.statements.push_back(s);
      TSNode d = s;
      if (is_type(d, "export_statement")) d = child_by_field(s, "declaration");
      if (ts_node_is_null(d)) continue;
      std::string_view t = node_type(d);
      auto add = [&](std::string_view n) {
        auto& v = idx.by_name[std::string(n)];
        if (v.empty() || v.back() != at) v.push_back(at);
      };
      if (t == "lexical_declaration" || t == "variable_declaration") {
        for (TSNode decl : named_children(d)) {
          if (!is_type(decl, "variable_declarator")) continue;
          TSNode n = f_.field(decl, f_.fields.name);
          if (is_type(n, "identifier")) add(f_.text(n));
          else if (is_type(n, "object_pattern"))
            for (TSNode prop : named_children(n)) {
              if (is_type(prop, "shorthand_property_identifier_pattern")) add(f_.text(prop));
              else if (is_type(prop, "pair_pattern")) add(f_.text(f_.field(prop, f_.fields.value)));
            }
        }
      } else if (t == "function_declaration" || t == "generator_function_declaration" || t == "class_declaration" ||
                 t == "enum_declaration") {
        add(f_.text(f_.field(d, f_.fields.name)));
      } else if (t == "import_statement") {
        idx.any.push_back(at);
      }
    }
    ts_tree_cursor_delete(&c);
    it = block_index_.emplace(key, std::move(idx)).first;
  }
  const BlockIndex& idx = it->second;
  static const std::vector<size_t> kNone;
  auto named = idx.by_name.find(name);
  const std::vector<size_t>& own = named == idx.by_name.end() ? kNone : named->second;
  std::vector<size_t> order;
  std::merge(own.begin(), own.end(), idx.any.begin(), idx.any.end(), std::back_inserter(order));
  std::vector<TSNode> out;
  out.reserve(order.size());
  for (size_t i : order) out.push_back(idx.statements[i]);
  return out;
}

Value JsEval::lookup_in_block(std::string_view name, TSNode block, Path ctx, int depth, bool* found) {
  for (TSNode s : binding_candidates(block, name)) {
    std::string_view t = node_type(s);
    if (t == "export_statement") {
      TSNode d = child_by_field(s, "declaration");
      if (ts_node_is_null(d)) continue;
      s = d;
      t = node_type(s);
    }
    if (t == "lexical_declaration" || t == "variable_declaration") {
      // Only `const` bindings are constants; `let` / `var` may be reassigned.
      bool is_const = t == "lexical_declaration" && has_token(s, "const");
      for (TSNode d : named_children(s)) {
        if (!is_type(d, "variable_declarator")) continue;
        TSNode n = f_.field(d, f_.fields.name);
        TSNode value = f_.field(d, f_.fields.value);
        if (is_type(n, "identifier") && f_.text(n) == name) {
          *found = true;
          if (!is_const) {
            // A mutable binding still names the env object or a helper when initialised so.
            Value v = ts_node_is_null(value) ? Value{} : declared(name, d, value, ctx, depth);
            return v.type == Value::Type::Env || v.type == Value::Type::Helper ? v : Value{};
          }
          return ts_node_is_null(value) ? Value{} : declared(name, d, value, ctx, depth);
        }
        if (is_const && is_type(n, "object_pattern") && !ts_node_is_null(value)) {
          // `const { A, B: b } = OBJ`
          for (TSNode prop : named_children(n)) {
            std::string key;
            if (is_type(prop, "shorthand_property_identifier_pattern") && f_.text(prop) == name) {
              key = name;
            } else if (is_type(prop, "pair_pattern") && f_.text(f_.field(prop, f_.fields.value)) == name) {
              key = f_.text(f_.field(prop, f_.fields.key));
            } else {
              continue;
            }
            *found = true;
            if (std::string spec; required_module(value, spec)) return imported(spec, key, depth);  // CommonJS
            Value obj = eval_at(value, ctx, depth + 1);
            if (obj.type == Value::Type::Env) return {};
            return resolve::member(obj, key);
          }
        }
      }
    } else if ((t == "function_declaration" || t == "generator_function_declaration") &&
               f_.text(f_.field(s, f_.fields.name)) == name) {
      *found = true;
      return function_value(s, ctx, name);
    } else if (t == "class_declaration" && f_.text(f_.field(s, f_.fields.name)) == name) {
      // `class Keys { static readonly REGION = "AWS_REGION" }`: its static fields.
      *found = true;
      return class_value(s, name, ctx, depth);
    } else if (t == "enum_declaration" && f_.text(f_.field(s, f_.fields.name)) == name) {
      *found = true;
      return enum_value(s, depth, ctx);
    } else if (t == "import_statement") {
      Value v = import_binding(name, s, depth, found);
      if (*found) return v;
    }
  }
  return {};
}

Value JsEval::lookup(std::string_view name, TSNode at, Path ctx, int depth) {
  if (depth > kMaxEvalDepth) return {};
  for (size_t i = ctx.size(); i-- > 0;) {
    TSNode a = ctx[i];
    if (!contains(a, at)) continue;
    std::string_view t = node_type(a);
    bool found = false;
    if (t == "for_in_statement") {
      TSNode left = f_.field(a, f_.fields.left);
      TSNode right = f_.field(a, f_.fields.right);
      if (contains(right, at)) continue;
      std::string key;
      if (is_type(left, "identifier") && f_.text(left) == name) {
        found = true;
      } else if (is_type(left, "object_pattern")) {
        for (TSNode prop : named_children(left)) {
          if (found) break;
          if (is_type(prop, "shorthand_property_identifier_pattern") && f_.text(prop) == name) {
            key = name;
            found = true;
          } else if (is_type(prop, "pair_pattern") && f_.text(f_.field(prop, f_.fields.value)) == name) {
            key = f_.text(f_.field(prop, f_.fields.key));
            found = true;
          }
        }
      }
      if (!found) continue;
      bool of = f_.op(a) == "of" || has_token(a, "of");
      Value list = eval_at(right, ctx.first(i + 1), depth + 1);
      // `for (const k of keys)` over a helper's parameter: each element a call site passes.
      if (of && list.type == Value::Type::Param)
        return key.empty() ? resolve::param_member(list, resolve::kEachElement) : Value{};
      Value each = resolve::elements(list);
      if (!of) {
        Value rec = eval_at(right, ctx.first(i + 1), depth + 1);
        each = rec.type == Value::Type::Record ? resolve::elements(rec) : Value{};
      }
      if (each.type == Value::Type::Unknown) return {};
      resolve::add_step(each, ViaStep{f_.file.src.rel, f_.file.line(a), "loop " + short_text(f_.text(right))}, ReadKind::Map);
      return key.empty() ? each : resolve::member(each, key);
    }
    if (is_function_like(a)) {
      Value v = parameter(name, a, ctx, i, depth, &found);
      if (found) return v;
      continue;
    }
    if (t == "program" || t == "statement_block" || t == "switch_case" || t == "switch_default") {
      Value v = lookup_in_block(name, a, ctx.first(i + 1), depth, &found);
      if (found) return v;
    }
  }
  return {};
}

bool JsEval::param_receives_env(const Value& param) {
  if (param.type != Value::Type::Param || !param.path.empty()) return false;
  uint32_t start = static_cast<uint32_t>(std::strtoul(param.text.c_str(), nullptr, 10));
  auto key = std::make_pair(start, param.param);
  if (auto it = env_param_memo_.find(key); it != env_param_memo_.end()) return it->second;
  env_param_memo_[key] = false;
  // The function and the name it is called by.
  TSNode fn = ts_node_descendant_for_byte_range(f_.file.root, start, start + 1);
  for (int guard = 0; guard < 8 && !ts_node_is_null(fn) && !(ts_node_is_named(fn) && is_function_like(fn) && ts_node_start_byte(fn) == start); ++guard)
    fn = ts_node_parent(fn);
  if (ts_node_is_null(fn) || !is_function_like(fn)) return false;
  TSNode name = f_.field(fn, f_.fields.name);
  if (ts_node_is_null(name) && is_type(ts_node_parent(fn), "variable_declarator")) name = f_.field(ts_node_parent(fn), f_.fields.name);
  if (!is_type(name, "identifier")) return false;
  std::string_view fname = f_.text(name);
  bool found = false;
  if (auto it = env_call_args_.find(fname); it != env_call_args_.end()) found = it->second.count(param.param) != 0;
  if (auto it = alias_call_args_.find(fname); !found && it != alias_call_args_.end())
    for (const auto& [i, arg] : it->second) {
      if (found || i != param.param) continue;
      EnvObject o = env_object_of(f_, arg);
      found = o != EnvObject::None && o != EnvObject::DenoEnv;
    }
  env_param_memo_[key] = found;
  return found;
}

// The nearest program / statement_block at or above path_[i] (its index in path_), -1: none.
// Paths are ancestor chains, so for a given first node a node's answer never changes: it is
// memoised per (first node, node) and a lookup is amortised O(1) however deeply the expression
// around it nests (walking up per call was quadratic in the nesting: found by fuzz_typescript,
// tests/fuzz/corpus/typescript/).
int JsEval::enclosing_block(size_t i) const {
  const void* start = path_[0].id;
  std::vector<const void*> pending;
  int found = -1;
  for (size_t j = i + 1; j-- > 0;) {
    if (auto it = block_memo_.find({start, path_[j].id}); it != block_memo_.end() && it->second <= static_cast<int>(j)) {
      found = it->second;
      break;
    }
    std::string_view t = node_type(path_[j]);
    if (t == "program" || t == "statement_block") {
      found = static_cast<int>(j);
      block_memo_[{start, path_[j].id}] = found;
      break;
    }
    pending.push_back(path_[j].id);
  }
  for (const void* id : pending) block_memo_[{start, id}] = found;
  return found;
}

TSNode JsEval::definition(std::string_view name, TSNode at) const {
  // The ancestors that contain `at` are a prefix of the path (ranges nest): find its end.
  size_t lo = 0, hi = path_.size();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (contains(path_[mid], at)) lo = mid + 1;
    else hi = mid;
  }
  for (int b = lo == 0 ? -1 : enclosing_block(lo - 1); b >= 0; b = b == 0 ? -1 : enclosing_block(static_cast<size_t>(b) - 1)) {
    TSNode a = path_[static_cast<size_t>(b)];
    // A block's declarations do not depend on where the lookup starts: indexed on its first
    // lookup, so a block of n statements costs n once, not once per name (a bundle's thousands
    // of functions, each called, made that quadratic).
    auto [memo, fresh] = block_definitions_.try_emplace(a.id);
    if (fresh) {
      auto& index = memo->second;
      for (TSNode s : named_children(a)) {
        if (is_type(s, "export_statement")) s = child_by_field(s, "declaration");
        std::string_view st = node_type(s);
        if (st == "function_declaration") {
          index.try_emplace(std::string(f_.text(f_.field(s, f_.fields.name))), s);
          continue;
        }
        if (st != "lexical_declaration") continue;
        for (TSNode d : named_children(s)) {
          TSNode n = f_.field(d, f_.fields.name);
          if (is_type(d, "variable_declarator") && is_type(n, "identifier"))
            index.try_emplace(std::string(f_.text(n)), f_.field(d, f_.fields.value));
        }
      }
    }
    if (auto it = memo->second.find(std::string(name)); it != memo->second.end()) return it->second;
  }
  return TSNode{};
}

}  // namespace envdrift::js
