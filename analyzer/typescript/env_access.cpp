#include "analyzer/typescript/env_access.h"

#include <array>

#include "analyzer/core/normalize.h"
#include "analyzer/typescript/eval_internal.h"
#include "analyzer/typescript/evaluate.h"
#include "analyzer/typescript/names.h"

namespace envdrift::js {

namespace {

// Object.prototype members: `process.env.hasOwnProperty` is a method, not a variable.
constexpr std::array<std::string_view, 8> kObjectMethods{
    "hasOwnProperty", "propertyIsEnumerable", "isPrototypeOf", "toString",
    "toLocaleString", "valueOf",              "constructor",   "__proto__"};

bool is_object_method(std::string_view name) {
  for (auto m : kObjectMethods)
    if (m == name) return true;
  return false;
}

// The runtime global an identifier names, as far as env objects go.
EnvObject env_of_global(std::string_view name) {
  if (name == "process") return EnvObject::ProcessEnv;
  if (name == "Bun") return EnvObject::BunEnv;
  if (name == "Deno") return EnvObject::DenoEnv;
  return EnvObject::None;
}

// `process`, `globalThis.process`, `global.process`, `Bun`, `Deno`, `import.meta`: the holder
// of an `.env` property.
EnvObject env_of_holder(const JsFile& f, TSNode holder) {
  std::string_view t = node_type(holder);
  if (t == "meta_property") return starts_with(f.text(holder), "import") ? EnvObject::ImportMetaEnv : EnvObject::None;
  if (t == "identifier") return env_of_global(f.text(holder));
  if (t == "member_expression") {
    TSNode obj = unwrap_value(f.field(holder, f.fields.object));
    std::string_view g = f.text(obj);
    if (is_type(obj, "identifier") && (g == "globalThis" || g == "global"))
      return env_of_global(f.text(f.field(holder, f.fields.property)));
  }
  return EnvObject::None;
}

TSNode first_argument(const JsFile& f, TSNode call, uint32_t skip = 0) {
  TSNode args = f.field(call, f.fields.arguments);
  if (!is_type(args, "arguments")) return TSNode{};  // a tagged template
  for (TSNode a : named_children(args)) {
    if (is_type(a, "comment")) continue;
    if (skip == 0) return a;
    --skip;
  }
  return TSNode{};
}

bool is_conversion_function(const JsFile& f, TSNode fn) {
  fn = unwrap_value(fn);
  std::string_view name = f.text(fn);
  if (is_type(fn, "identifier")) {
    return name == "Number" || name == "parseInt" || name == "parseFloat" || name == "String" ||
           name == "Boolean" || name == "BigInt";
  }
  return is_type(fn, "member_expression") && (name == "Number.parseInt" || name == "Number.parseFloat");
}

}  // namespace

bool parameter_declares_env(const JsFile& f, TSNode p) {
  TSNode ident{}, def{};
  internal::parameter_parts(f, p, &ident, &def);
  if (ts_node_is_null(ident)) return false;
  TSNode type = child_by_field(p, "type");  // required/optional_parameter only
  if (!ts_node_is_null(type)) {
    std::string_view t = f.text(type);
    if (t.find("ProcessEnv") != std::string_view::npos || t.find("process.env") != std::string_view::npos) return true;
  }
  if (ts_node_is_null(def)) return false;
  TSNode d = unwrap_value(def);
  if (!is_type(d, "member_expression") && !is_type(d, "subscript_expression")) return false;  // names: the evaluator's
  EnvObject o = env_object_of(f, d);
  return o != EnvObject::None && o != EnvObject::DenoEnv;  // Deno.env is read through get(), not members
}

EnvObject env_object_of(const JsFile& f, TSNode expr) {
  TSNode e = unwrap_value(expr);
  std::string_view t = node_type(e);
  TSNode holder{};
  if (t == "member_expression") {
    TSNode prop = f.field(e, f.fields.property);
    if (f.text(prop) != "env") return EnvObject::None;
    holder = f.field(e, f.fields.object);
  } else if (t == "subscript_expression") {  // process["env"]
    TSNode idx = f.field(e, f.fields.index);
    std::string key;
    if (!is_type(idx, "string") || !unquote_literal(f.text(idx), key) || key != "env") return EnvObject::None;
    holder = f.field(e, f.fields.object);
  } else if (t == "identifier" && f.eval != nullptr && f.eval->may_be_env(f.text(e))) {
    // An alias (`const env = process.env`), a parameter standing for it, an imported wrapper.
    Value v = f.eval->eval(e);
    if (v.type == Value::Type::Env || f.eval->param_receives_env(v)) return EnvObject::ProcessEnv;
    return EnvObject::None;
  } else if (t == "call_expression" && f.eval != nullptr) {
    // `getEnv().X`: a function of the tree (or a declared [[helper]]) returning the environment.
    TSNode fn = unwrap_value(f.field(e, f.fields.function));
    std::string_view head = f.text(fn);
    head = head.substr(0, head.find('.'));
    if (!is_type(fn, "identifier") && !is_type(fn, "member_expression")) return EnvObject::None;
    if (!f.eval->may_be_helper(head) && f.eval->declared_callee(fn) == nullptr) return EnvObject::None;
    return f.eval->eval(e).type == Value::Type::Env ? EnvObject::ProcessEnv : EnvObject::None;
  } else {
    return EnvObject::None;
  }
  return env_of_holder(f, unwrap_value(holder));
}

std::optional<EnvAccess> access_of(const JsFile& f, TSNode n) {
  std::string_view t = node_type(n);
  if (t == "member_expression") {
    EnvObject obj = env_object_of(f, f.field(n, f.fields.object));
    if (obj == EnvObject::None || obj == EnvObject::DenoEnv) return std::nullopt;  // Deno.env is not indexable
    TSNode prop = f.field(n, f.fields.property);
    if (!is_type(prop, "property_identifier") || is_object_method(f.text(prop))) return std::nullopt;
    return EnvAccess{n, prop, AccessForm::Member, obj};
  }
  if (t == "subscript_expression") {
    EnvObject obj = env_object_of(f, f.field(n, f.fields.object));
    if (obj == EnvObject::None || obj == EnvObject::DenoEnv) return std::nullopt;
    return EnvAccess{n, f.field(n, f.fields.index), AccessForm::Subscript, obj};
  }
  if (t == "call_expression") {
    TSNode fn = unwrap_value(f.field(n, f.fields.function));
    if (!is_type(fn, "member_expression")) return std::nullopt;
    std::string_view method = f.text(f.field(fn, f.fields.property));
    TSNode receiver = f.field(fn, f.fields.object);
    if (method == "get" || method == "has") {
      TSNode arg = first_argument(f, n);
      if (ts_node_is_null(arg) || env_object_of(f, receiver) != EnvObject::DenoEnv) return std::nullopt;
      return EnvAccess{n, arg, AccessForm::DenoGet, EnvObject::DenoEnv};
    }
    if (method == "hasOwnProperty" || method == "propertyIsEnumerable") {
      EnvObject obj = env_object_of(f, receiver);
      TSNode arg = first_argument(f, n);
      if (obj == EnvObject::None || obj == EnvObject::DenoEnv || ts_node_is_null(arg)) return std::nullopt;
      return EnvAccess{n, arg, AccessForm::Presence, obj};
    }
    if (method == "hasOwn" && f.text(receiver) == "Object") {
      EnvObject obj = env_object_of(f, first_argument(f, n));
      TSNode arg = first_argument(f, n, 1);
      if (obj == EnvObject::None || obj == EnvObject::DenoEnv || ts_node_is_null(arg)) return std::nullopt;
      return EnvAccess{n, arg, AccessForm::Presence, obj};
    }
    return std::nullopt;
  }
  if (t == "binary_expression" && f.op(n) == "in") {
    EnvObject obj = env_object_of(f, f.field(n, f.fields.right));
    if (obj == EnvObject::None || obj == EnvObject::DenoEnv) return std::nullopt;
    return EnvAccess{n, f.field(n, f.fields.left), AccessForm::Presence, obj};
  }
  return std::nullopt;
}

std::optional<std::string> access_name(const JsFile& f, const EnvAccess& a) {
  if (a.form == AccessForm::Member) return std::string(f.text(a.name_node));
  return name_of(f, a.name_node);
}

bool is_conversion_call(const JsFile& f, TSNode call) {
  return is_type(call, "call_expression") && is_conversion_function(f, f.field(call, f.fields.function));
}

std::optional<EnvAccess> leading_access(const JsFile& f, TSNode expr) {
  TSNode e = unwrap_value(expr);
  for (size_t step = 0; step < kMaxClimb && !ts_node_is_null(e); ++step) {
    if (auto a = access_of(f, e)) return a;
    if (!is_type(e, "call_expression")) return std::nullopt;
    TSNode fn = unwrap_value(f.field(e, f.fields.function));
    if (is_conversion_function(f, fn)) {
      e = unwrap_value(first_argument(f, e));
    } else if (is_type(fn, "member_expression")) {
      e = unwrap_value(f.field(fn, f.fields.object));  // a method call on the value
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

WriteUse write_use(const JsFile& f, Path path, TSNode* assigned_value) {
  if (path.empty()) return WriteUse::NotWrite;
  size_t i = path.size() - 1;
  TSNode c = path[i];
  while (i > 0 && (is_type(path[i - 1], "parenthesized_expression") || is_type(path[i - 1], "non_null_expression")))
    c = path[--i];
  if (i == 0) return WriteUse::NotWrite;
  TSNode p = path[i - 1];
  std::string_view t = node_type(p);
  if (t == "assignment_expression" || t == "for_in_statement")
    return same(f.field(p, f.fields.left), c) ? WriteUse::Write : WriteUse::NotWrite;
  if (t == "augmented_assignment_expression") {
    if (!same(f.field(p, f.fields.left), c)) return WriteUse::NotWrite;
    std::string_view op = f.op(p);
    // "?" "?=" is `??=` spelled so the compiler does not see a trigraph.
    if (op == "?" "?=" || op == "||=") {
      if (assigned_value != nullptr) *assigned_value = f.field(p, f.fields.right);
      return WriteUse::DefaultingWrite;
    }
    return WriteUse::Write;
  }
  if (t == "unary_expression") return f.op(p) == "delete" ? WriteUse::Write : WriteUse::NotWrite;
  if (t == "update_expression" || t == "array_pattern" || t == "rest_pattern") return WriteUse::Write;
  // Destructuring assignment targets: `({ a: process.env.A } = obj)`, `[process.env.A = "d"] = arr`.
  if (t == "pair_pattern") return same(f.field(p, f.fields.value), c) ? WriteUse::Write : WriteUse::NotWrite;
  if (t == "assignment_pattern") return same(f.field(p, f.fields.left), c) ? WriteUse::Write : WriteUse::NotWrite;
  return WriteUse::NotWrite;
}

}  // namespace envdrift::js
