#include "analyzer/typescript/schemas.h"

#include "analyzer/core/normalize.h"
#include "analyzer/typescript/defaults.h"
#include "analyzer/typescript/env_access.h"
#include "analyzer/typescript/evaluate.h"
#include "analyzer/typescript/libraries.h"
#include "analyzer/typescript/names.h"

namespace envdrift::js {

namespace {

constexpr size_t kMaxChain = 64;

TSNode argument(const JsFile& f, TSNode call, uint32_t index) {
  TSNode args = f.field(call, f.fields.arguments);
  for (TSNode a : named_children(args)) {
    if (is_type(a, "comment")) continue;
    if (index-- == 0) return a;
  }
  return TSNode{};
}

std::string_view method_of(const JsFile& f, TSNode call) {
  TSNode fn = unwrap_value(f.field(call, f.fields.function));
  if (is_type(fn, "member_expression")) return f.text(f.field(fn, f.fields.property));
  if (is_type(fn, "identifier")) return f.text(fn);
  return {};
}

// A const-bound identifier stands for its initialiser.
TSNode resolve_node(const JsFile& f, TSNode n) {
  n = unwrap_value(n);
  if (is_type(n, "identifier") && f.eval != nullptr) {
    TSNode d = f.eval->definition(f.text(n), n);
    if (!ts_node_is_null(d)) return unwrap_value(d);
  }
  return n;
}

// `.default(x)` / `.prefault(x)` anywhere in a zod method chain; for a call of a local helper
// (`boolFromString("false")`), the argument its body passes to `.default(param)`.
std::optional<DefaultValue> zod_default(const JsFile& f, TSNode value) {
  TSNode e = unwrap_value(value);
  for (size_t step = 0; step < kMaxChain && is_type(e, "call_expression"); ++step) {
    std::string_view m = method_of(f, e);
    TSNode fn = unwrap_value(f.field(e, f.fields.function));
    if (m == "default" || m == "prefault") return default_of(f, argument(f, e, 0));
    // `.catch(v)` with a value (not a handler): what a missing or invalid variable becomes.
    if (m == "catch" && !is_function_like(unwrap_value(argument(f, e, 0)))) return default_of(f, argument(f, e, 0));
    // `z.preprocess(fn, schema)`: the schema's own default.
    if (m == "preprocess") {
      e = unwrap_value(argument(f, e, 1));
      continue;
    }
    if (is_type(fn, "identifier")) {
      TSNode def = resolve_node(f, fn);
      if (is_type(def, "arrow_function") || is_type(def, "function_declaration") || is_type(def, "function_expression")) {
        // Which parameter reaches `.default(…)` in the helper's body?
        TSNode params = child_by_field(def, "parameters");
        std::optional<DefaultValue> found;
        walk_preorder(child_by_field(def, "body"), [&](TSNode n) {
          if (found || !is_type(n, "call_expression")) return !found;
          std::string_view dm = method_of(f, n);
          if (dm != "default" && dm != "prefault") return true;
          TSNode arg = unwrap_value(argument(f, n, 0));
          uint32_t idx = 0;
          for (TSNode p : named_children(params)) {
            if (is_type(p, "comment")) continue;
            TSNode ident = is_type(p, "identifier") ? p : f.field(p, f.fields.pattern);
            if (f.text(ident) == f.text(arg)) {
              TSNode given = argument(f, e, idx);
              found = ts_node_is_null(given) ? std::nullopt : default_of(f, given);
              if (!found) found = DefaultValue{};  // marks "seen"; cleared below
              return false;
            }
            ++idx;
          }
          found = default_of(f, arg);
          return false;
        });
        if (found && found->raw.empty() && found->value.empty() && found->comparable) return std::nullopt;
        return found;
      }
      return std::nullopt;
    }
    if (!is_type(fn, "member_expression")) return std::nullopt;
    e = unwrap_value(f.field(fn, f.fields.object));
  }
  return std::nullopt;
}

// envalid: `str({ default: "d", devDefault: "x" })` -> "d".
std::optional<DefaultValue> envalid_default(const JsFile& f, TSNode value) {
  TSNode e = unwrap_value(value);
  if (!is_type(e, "call_expression")) return std::nullopt;
  TSNode spec = unwrap_value(argument(f, e, 0));
  if (!is_type(spec, "object")) return std::nullopt;
  for (TSNode p : named_children(spec)) {
    if (is_type(p, "pair") && f.text(f.field(p, f.fields.key)) == "default")
      return default_of(f, f.field(p, f.fields.value));
  }
  return std::nullopt;
}

using DefaultFn = std::optional<DefaultValue> (*)(const JsFile&, TSNode);

// The env variable a t3-env `runtimeEnv` entry hands the schema key (`X: process.env.OTHER`).
using Renames = std::vector<std::pair<std::string, std::string>>;

void object_keys(const JsFile& f, TSNode obj, DefaultFn def, std::string_view label, std::vector<EnvRead>& out,
                 const Renames* renames = nullptr) {
  obj = resolve_node(f, obj);
  if (!is_type(obj, "object")) return;
  for (TSNode p : named_children(obj)) {
    if (!is_type(p, "pair")) continue;
    TSNode key = f.field(p, f.fields.key);
    std::string name;
    if (is_type(key, "property_identifier")) name = f.text(key);
    else if (!is_type(key, "string") || !unquote_literal(f.text(key), name)) continue;
    if (renames != nullptr)
      for (const auto& [k, var] : *renames)
        if (k == name) name = var;
    EnvRead r = f.file.make_read(key, name, ReadKind::Schema);
    r.default_value = def(f, f.field(p, f.fields.value));
    r.via.push_back(ViaStep{f.file.src.rel, f.file.line(obj), std::string(label)});
    out.push_back(std::move(r));
  }
}

// t3-env `runtimeEnv: { KEY: process.env.VAR }`: which variable each schema key is read from.
Renames runtime_env_renames(const JsFile& f, TSNode runtime_env) {
  Renames out;
  TSNode obj = resolve_node(f, runtime_env);
  if (!is_type(obj, "object")) return out;
  for (TSNode p : named_children(obj)) {
    if (!is_type(p, "pair")) continue;
    auto access = leading_access(f, f.field(p, f.fields.value));
    if (!access || access->object == EnvObject::DenoEnv) continue;
    auto var = access_name(f, *access);
    if (var) out.emplace_back(std::string(f.text(f.field(p, f.fields.key))), *var);
  }
  return out;
}

// convict: a schema node with a `default` is a property (its `env` names the variable); any
// other object is a nested schema. An explicit stack, so deep schemas cannot overflow.
void convict_reads(const JsFile& f, TSNode schema, std::vector<EnvRead>& out) {
  std::vector<std::pair<TSNode, int>> stack{{resolve_node(f, schema), 0}};
  while (!stack.empty()) {
    auto [obj, depth] = stack.back();
    stack.pop_back();
    if (!is_type(obj, "object") || depth > 32) continue;
    TSNode env{}, def{};
    bool has_default = false;
    std::vector<TSNode> children;
    for (TSNode p : named_children(obj)) {
      if (!is_type(p, "pair")) continue;
      std::string_view k = f.text(f.field(p, f.fields.key));
      TSNode v = f.field(p, f.fields.value);
      if (k == "default") {
        has_default = true;
        def = v;
      } else if (k == "env") {
        env = v;
      }
      children.push_back(resolve_node(f, v));
    }
    if (has_default) {
      if (ts_node_is_null(env)) continue;
      auto n = name_of(f, env);
      if (!n) continue;
      EnvRead r = f.file.make_read(env, *n, ReadKind::Schema);
      r.default_value = default_of(f, def);
      r.via.push_back(ViaStep{f.file.src.rel, f.file.line(obj), "schema convict"});
      out.push_back(std::move(r));
      continue;
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.emplace_back(*it, depth + 1);
  }
}

// Does the schema row's callee match `call`? Package-less rows match the name as written.
// Is the callee's head imported from a package other than the row's owners?
bool imported_from_other_package(const JsFile& f, const LibrarySchema& row, TSNode call) {
  if (row.owners.empty() || f.eval == nullptr) return false;
  TSNode head = unwrap_value(f.field(call, f.fields.function));
  for (size_t i = 0; i < kMaxChain && is_type(head, "member_expression"); ++i)
    head = unwrap_value(f.field(head, f.fields.object));
  if (!is_type(head, "identifier") || !f.eval->imported_from_outside(f.text(head))) return false;
  std::string origin = f.eval->import_origin(f.text(head));
  std::string_view owners = row.owners;
  while (!owners.empty()) {
    std::string_view pkg = owners.substr(0, owners.find('|'));
    if (origin == pkg || starts_with(origin, std::string(pkg) + ".")) return false;
    owners.remove_prefix(std::min(owners.size(), pkg.size() + 1));
  }
  return true;
}

bool matches(const JsFile& f, const LibrarySchema& row, TSNode call) {
  if (row.package.empty())
    return method_of(f, call) == row.callee && !imported_from_other_package(f, row, call);
  std::string q = import_origin_of(f, f.field(call, f.fields.function));
  std::string pkg(row.package);
  return q == pkg + "." + std::string(row.callee) || (row.callee == "default" && q == pkg);
}

// The `z.object({...})` at the head of a schema expression (`z.object(…).strict()`, a const).
TSNode zod_object_shape(const JsFile& f, TSNode schema) {
  TSNode e = resolve_node(f, schema);
  for (size_t step = 0; step < kMaxChain && is_type(e, "call_expression"); ++step) {
    TSNode fn = unwrap_value(f.field(e, f.fields.function));
    if (!is_type(fn, "member_expression")) return TSNode{};
    if (f.text(f.field(fn, f.fields.property)) == "object") return argument(f, e, 0);
    e = resolve_node(f, f.field(fn, f.fields.object));
  }
  return TSNode{};
}

}  // namespace

void schema_reads(const JsFile& f, TSNode call, std::vector<EnvRead>& out) {
  const LibrarySchema* row = nullptr;
  for (const LibrarySchema& r : library_schemas())
    if (matches(f, r, call)) row = &r;
  if (row == nullptr) return;
  switch (row->shape) {
    case SchemaShape::ZodParse: {
      if (env_object_of(f, argument(f, call, 0)) == EnvObject::None) return;
      TSNode fn = unwrap_value(f.field(call, f.fields.function));
      TSNode shape = zod_object_shape(f, f.field(fn, f.fields.object));
      if (!ts_node_is_null(shape)) object_keys(f, shape, zod_default, "schema zod", out);
      return;
    }
    case SchemaShape::CreateEnv: {
      TSNode opts = resolve_node(f, argument(f, call, 0));
      if (!is_type(opts, "object")) return;
      Renames renames;
      for (TSNode p : named_children(opts)) {
        std::string_view k = is_type(p, "pair") ? f.text(f.field(p, f.fields.key)) : std::string_view{};
        if (k == "runtimeEnv" || k == "experimental__runtimeEnv") {
          Renames more = runtime_env_renames(f, f.field(p, f.fields.value));
          renames.insert(renames.end(), more.begin(), more.end());
        }
      }
      for (TSNode p : named_children(opts)) {
        std::string_view k = is_type(p, "pair") ? f.text(f.field(p, f.fields.key)) : std::string_view{};
        if (k == "server" || k == "client" || k == "shared")
          object_keys(f, f.field(p, f.fields.value), zod_default, "schema createEnv", out, &renames);
      }
      return;
    }
    case SchemaShape::CleanEnv:
      if (env_object_of(f, argument(f, call, 0)) == EnvObject::None) return;
      object_keys(f, argument(f, call, 1), envalid_default, "schema cleanEnv", out);
      return;
    case SchemaShape::Convict:
      convict_reads(f, argument(f, call, 0), out);
      return;
  }
}

}  // namespace envdrift::js
