#include "analyzer/typescript/libraries.h"

#include <array>

#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/value.h"
#include "analyzer/typescript/defaults.h"
#include "analyzer/typescript/env_access.h"
#include "analyzer/typescript/evaluate.h"
#include "analyzer/typescript/names.h"

namespace envdrift::js {

namespace {

// ---- The tables (semantics from each library's own documentation) ----

// env-var: `env.get("X")` reads process.env; `env.from(obj)` makes an instance reading `obj`.
// @nestjs/config: `ConfigService.get(path)` looks the path up in the validated env, then in
// process.env, then in the loaded configuration objects (lib/config.service.ts).
constexpr std::array<LibraryValue, 3> kValues{{
    {"env-var", "env-var", ""},
    {"env-var from", "", ""},  // only made by the factory below
    {"ConfigService", "@nestjs/config", "ConfigService"},
}};

constexpr std::array<LibraryFactory, 1> kFactories{{
    {"env-var", "from", "env-var from", 0},
}};

constexpr std::array<LibraryRead, 4> kReads{{
    // env.get("X").default("d").required().asInt()
    {"env-var", "get", 0, -1, "default", NameRule::Any, ReadKind::Helper},
    {"env-var from", "get", 0, -1, "default", NameRule::Any, ReadKind::Helper},
    // config.get("X", default) / get<T>("X", { infer: true }) / getOrThrow("X", default)
    {"ConfigService", "get", 0, 1, "", NameRule::EnvStyle, ReadKind::Helper},
    {"ConfigService", "getOrThrow", 0, 1, "", NameRule::EnvStyle, ReadKind::Helper},
}};

// vite: `loadEnv(mode, envDir, prefixes = "VITE_")` returns the variables (from .env files and
// process.env) whose names start with a prefix; "" loads every variable.
constexpr std::array<LibraryEnvSource, 1> kEnvSources{{
    {"vite", "loadEnv", 2, "VITE_"},
}};

constexpr std::array<LibrarySchema, 7> kSchemas{{
    {"", "parse", SchemaShape::ZodParse},
    {"", "safeParse", SchemaShape::ZodParse},
    {"", "parseAsync", SchemaShape::ZodParse},
    {"", "safeParseAsync", SchemaShape::ZodParse},
    {"", "createEnv", SchemaShape::CreateEnv, "@t3-oss/env-core|@t3-oss/env-nextjs|@t3-oss/env-nuxt"},
    {"", "cleanEnv", SchemaShape::CleanEnv, "envalid"},
    {"convict", "default", SchemaShape::Convict},
}};

// dotenv / dotenv-safe / dotenv-expand load files into the environment: writes, not reads.
constexpr std::array<LibrarySink, 4> kSinks{{
    {"dotenv", "*"},
    {"dotenv-safe", "*"},
    {"dotenv-expand", "*"},
    {"dotenv-flow", "*"},
}};

constexpr std::array<std::string_view, 12> kHarmlessSpellings{
    "console.", "JSON.", "Object.", "Reflect.", "structuredClone", "String", "Number", "Boolean",
    "Array.from", "spawn", "execa", "fork"};

constexpr std::array<std::string_view, 2> kNeedles{"ConfigService", "convict"};

// Dependency-injection look-ups returning an instance of the class they are given:
// `app.get(ConfigService)`, `moduleRef.resolve(ConfigService)`.
constexpr std::array<std::string_view, 2> kInstanceGetters{"get", "resolve"};

constexpr int kMaxDepth = 8;

// ---- Matching ----

TSNode await_free(TSNode n) {
  n = unwrap_value(n);
  for (int i = 0; i < 4 && is_type(n, "await_expression"); ++i) n = unwrap_value(first_named(n));
  return n;
}

// `require("pkg")` -> "pkg".
bool required_spec(const JsFile& f, TSNode n, std::string& spec) {
  n = unwrap_value(n);
  if (!is_type(n, "call_expression") || f.text(f.field(n, f.fields.function)) != "require") return false;
  auto args = call_arguments(f, n);
  return args.size() == 1 && is_type(args[0], "string") && unquote_literal(f.text(args[0]), spec);
}

// A "pkg.default" origin is the module itself (CommonJS interop: `import env from "env-var"`).
std::string collapse_default(std::string origin) {
  constexpr std::string_view kDefault = ".default";
  if (origin.size() > kDefault.size() && origin.compare(origin.size() - kDefault.size(), kDefault.size(), kDefault) == 0)
    origin.resize(origin.size() - kDefault.size());
  return origin;
}

std::string identifier_origin(const JsFile& f, TSNode ident) {
  if (f.eval == nullptr) return {};
  std::string name(f.text(ident));
  std::string o = f.eval->import_origin(name);
  if (!o.empty()) return collapse_default(o);
  std::string spec;
  if (required_spec(f, f.eval->definition(name, ident), spec)) return spec;
  return {};
}

// `callee` spelled with its head's import origin: `env.get` -> "env-var.get",
// `require("dotenv").config` -> "dotenv.config", `loadEnv` -> "vite.loadEnv".
std::string qualified(const JsFile& f, TSNode callee) {
  callee = unwrap_value(callee);
  std::vector<std::string_view> members;
  for (int i = 0; i < kMaxDepth && is_type(callee, "member_expression"); ++i) {
    members.push_back(f.text(f.field(callee, f.fields.property)));
    callee = unwrap_value(f.field(callee, f.fields.object));
  }
  std::string head;
  if (is_type(callee, "identifier")) head = identifier_origin(f, callee);
  else required_spec(f, callee, head);
  if (head.empty()) return {};
  for (auto it = members.rbegin(); it != members.rend(); ++it) head += "." + std::string(*it);
  return head;
}

const LibraryValue* value_by_id(std::string_view id) {
  for (const LibraryValue& v : kValues)
    if (v.id == id) return &v;
  return nullptr;
}

// The class a type annotation names, as an import origin ("@nestjs/config.ConfigService").
const LibraryValue* instance_of_type(const JsFile& f, TSNode type_annotation) {
  if (ts_node_is_null(type_annotation)) return nullptr;
  TSNode t = first_named(type_annotation);
  if (is_type(t, "generic_type")) t = first_named(t);
  if (!is_type(t, "type_identifier") && !is_type(t, "identifier")) return nullptr;
  std::string origin = f.eval == nullptr ? std::string() : f.eval->import_origin(f.text(t));
  for (const LibraryValue& v : kValues)
    if (!v.symbol.empty() && origin == std::string(v.package) + "." + std::string(v.symbol)) return &v;
  return nullptr;
}

const LibraryValue* instance_of_class(const JsFile& f, TSNode cls) {
  cls = unwrap_value(cls);
  if (!is_type(cls, "identifier") || f.eval == nullptr) return nullptr;
  std::string origin = f.eval->import_origin(f.text(cls));
  for (const LibraryValue& v : kValues)
    if (!v.symbol.empty() && origin == std::string(v.package) + "." + std::string(v.symbol)) return &v;
  return nullptr;
}

TSNode type_of(TSNode n) { return child_by_field(n, "type"); }

const LibraryValue* value_of(const JsFile& f, TSNode expr, Path path, int depth);

// The library value a binding of `name` visible at path.back() holds: a parameter or field typed
// with a library class, or a declaration whose initialiser is a library value.
const LibraryValue* binding_value(const JsFile& f, std::string_view name, TSNode at, Path path, int depth) {
  for (size_t i = path.size(); i-- > 0;) {
    TSNode a = path[i];
    std::string_view t = node_type(a);
    if (is_function_like(a)) {
      TSNode params = child_by_field(a, "parameters");
      for (TSNode p : named_children(params)) {
        TSNode id = f.field(p, f.fields.pattern);
        if (is_type(id, "identifier") && f.text(id) == name) return instance_of_type(f, type_of(p));
      }
      continue;
    }
    if (t != "program" && t != "statement_block") continue;
    for (TSNode s : named_children(a)) {
      if (is_type(s, "export_statement")) s = child_by_field(s, "declaration");
      if (!is_type(s, "lexical_declaration") && !is_type(s, "variable_declaration")) continue;
      if (ts_node_start_byte(s) > ts_node_start_byte(at)) break;
      for (TSNode d : named_children(s)) {
        TSNode n = f.field(d, f.fields.name);
        if (!is_type(d, "variable_declarator") || !is_type(n, "identifier") || f.text(n) != name) continue;
        if (const LibraryValue* v = instance_of_type(f, type_of(d))) return v;
        TSNode value = f.field(d, f.fields.value);
        return ts_node_is_null(value) ? nullptr : value_of(f, value, path.first(i + 1), depth + 1);
      }
    }
  }
  return nullptr;
}

// `this.config` inside a class: a field or constructor parameter property typed with a class.
const LibraryValue* member_value(const JsFile& f, std::string_view name, Path path, int depth) {
  for (size_t i = path.size(); i-- > 0;) {
    if (!is_type(path[i], "class_body")) continue;
    TSNode body = path[i];
    for (TSNode m : named_children(body)) {
      std::string_view mt = node_type(m);
      if (mt == "public_field_definition" || mt == "field_definition") {
        TSNode key = f.field(m, f.fields.name);
        if (ts_node_is_null(key)) key = f.field(m, f.fields.property);
        if (f.text(key) != name) continue;
        if (const LibraryValue* v = instance_of_type(f, type_of(m))) return v;
        TSNode value = f.field(m, f.fields.value);
        return ts_node_is_null(value) ? nullptr : value_of(f, value, path.first(i + 1), depth + 1);
      }
      if (mt != "method_definition" || f.text(f.field(m, f.fields.name)) != "constructor") continue;
      TSNode params = child_by_field(m, "parameters");
      for (TSNode param : named_children(params)) {
        TSNode id = f.field(param, f.fields.pattern);
        // Only parameter properties (`private readonly config: ConfigService`) become fields.
        bool property = false;
        for (TSNode q : children(param)) {
          std::string_view qt = node_type(q);
          if (qt == "accessibility_modifier" || qt == "readonly" || qt == "override_modifier") property = true;
        }
        if (property && is_type(id, "identifier") && f.text(id) == name) return instance_of_type(f, type_of(param));
      }
    }
    return nullptr;  // the innermost class only
  }
  return nullptr;
}

const LibraryValue* value_of(const JsFile& f, TSNode expr, Path path, int depth) {
  if (depth > kMaxDepth) return nullptr;
  TSNode e = await_free(expr);
  std::string_view t = node_type(e);
  if (t == "identifier") {
    std::string origin = identifier_origin(f, e);
    if (!origin.empty()) {
      for (const LibraryValue& v : kValues)
        if (v.symbol.empty() && !v.package.empty() && origin == v.package) return &v;
      return nullptr;
    }
    return binding_value(f, f.text(e), e, path, depth);
  }
  if (t == "member_expression") {
    if (is_type(f.field(e, f.fields.object), "this"))
      return member_value(f, f.text(f.field(e, f.fields.property)), path, depth);
    return nullptr;
  }
  if (t == "new_expression") return instance_of_class(f, child_by_field(e, "constructor"));
  if (t != "call_expression") return nullptr;
  std::string spec;
  if (required_spec(f, e, spec)) {
    for (const LibraryValue& v : kValues)
      if (v.symbol.empty() && !v.package.empty() && spec == v.package) return &v;
    return nullptr;
  }
  TSNode fn = unwrap_value(f.field(e, f.fields.function));
  if (!is_type(fn, "member_expression")) return nullptr;
  std::string_view method = f.text(f.field(fn, f.fields.property));
  auto args = call_arguments(f, e);
  // `app.get(ConfigService)`, `app.get<ConfigService>(ConfigService)`
  for (auto g : kInstanceGetters)
    if (method == g && args.size() == 1)
      if (const LibraryValue* v = instance_of_class(f, args[0])) return v;
  const LibraryValue* recv = value_of(f, f.field(fn, f.fields.object), path, depth + 1);
  if (recv == nullptr) return nullptr;
  for (const LibraryFactory& fac : kFactories) {
    if (fac.object != recv->id || fac.method != method) continue;
    if (fac.env_arg >= 0 &&
        (static_cast<size_t>(fac.env_arg) >= args.size() || env_object_of(f, args[fac.env_arg]) == EnvObject::None))
      return nullptr;
    return value_by_id(fac.result);
  }
  return nullptr;
}

bool accepts(NameRule rule, std::string_view name) {
  if (rule == NameRule::Any) return true;
  for (char c : name)
    if (c == '.' || (c >= 'a' && c <= 'z')) return false;
  return true;
}

// `{ infer: true }`: ConfigService's options object, not a default.
bool is_options_object(const JsFile& f, TSNode n) {
  n = unwrap_value(n);
  if (!is_type(n, "object")) return false;
  for (TSNode p : named_children(n)) {
    if (is_type(p, "pair") && f.text(f.field(p, f.fields.key)) == "infer") return true;
  }
  return false;
}

// The argument of `.method(x)` chained on the call at path.back() (`get("X").required().default("d")`).
TSNode chained_argument(const JsFile& f, Path path, std::string_view method) {
  if (method.empty()) return TSNode{};
  size_t i = path.size() - 1;
  for (int step = 0; step < kMaxDepth && i >= 2; ++step) {
    TSNode member = path[i - 1], call = path[i - 2];
    if (!is_type(member, "member_expression") || !same(f.field(member, f.fields.object), path[i]) ||
        !is_type(call, "call_expression") || !same(f.field(call, f.fields.function), member))
      return TSNode{};
    if (f.text(f.field(member, f.fields.property)) == method) {
      auto args = call_arguments(f, call);
      return args.empty() ? TSNode{} : args[0];
    }
    i -= 2;
  }
  return TSNode{};
}

}  // namespace

std::span<const LibraryValue> library_values() { return kValues; }
std::span<const LibraryFactory> library_factories() { return kFactories; }
std::span<const LibraryRead> library_reads() { return kReads; }
std::span<const LibraryEnvSource> library_env_sources() { return kEnvSources; }
std::span<const LibrarySchema> library_schemas() { return kSchemas; }
std::span<const LibrarySink> library_sinks() { return kSinks; }
std::span<const std::string_view> harmless_sink_spellings() { return kHarmlessSpellings; }
std::span<const std::string_view> library_prefilter_needles() { return kNeedles; }

std::string import_origin_of(const JsFile& f, TSNode expr) { return qualified(f, expr); }

bool library_call_reads(const JsFile& f, Path path, std::vector<EnvRead>& out) {
  TSNode call = path.back();
  if (!is_type(call, "call_expression") || f.eval == nullptr) return false;
  TSNode callee = unwrap_value(f.field(call, f.fields.function));
  std::string_view method;
  std::string q;
  const LibraryValue* recv = nullptr;
  if (is_type(callee, "member_expression")) {
    method = f.text(f.field(callee, f.fields.property));
    bool known = false;
    for (const LibraryRead& r : kReads) known = known || r.method == method;
    if (!known) return false;
    recv = value_of(f, f.field(callee, f.fields.object), path, 0);
  } else if (is_type(callee, "identifier")) {
    // `import { get } from "env-var"; get("X")`
    q = identifier_origin(f, callee);
    for (const LibraryValue& v : kValues) {
      if (v.symbol.empty() && !v.package.empty() && starts_with(q, std::string(v.package) + ".")) {
        recv = &v;
        method = std::string_view(q).substr(v.package.size() + 1);
      }
    }
  }
  if (recv == nullptr) return false;
  const LibraryRead* row = nullptr;
  for (const LibraryRead& r : kReads)
    if (r.object == recv->id && r.method == method) row = &r;
  if (row == nullptr) return false;
  auto args = call_arguments(f, call);
  if (static_cast<size_t>(row->name_arg) >= args.size()) return true;
  TSNode name_arg = args[row->name_arg];
  std::optional<DefaultValue> def;
  if (row->default_arg >= 0 && static_cast<size_t>(row->default_arg) < args.size() &&
      !is_options_object(f, args[row->default_arg]))
    def = default_of(f, args[row->default_arg]);
  if (!def) {
    TSNode chained = chained_argument(f, path, row->chain_default);
    if (!ts_node_is_null(chained)) def = default_of(f, chained);
  }
  if (!def) def = default_for_read(f, path, std::nullopt);
  ViaStep step{f.file.src.rel, f.file.line(call), "library " + std::string(recv->id) + "." + std::string(method)};
  Value v = f.eval->eval(name_arg);
  std::vector<EnvRead> reads;
  for (const Value& alt : resolve::alternatives(v)) {
    if (alt.type != Value::Type::Str || alt.text.empty()) {
      reads.clear();
      break;
    }
    if (!accepts(row->names, alt.text)) continue;  // a configuration key, not a variable
    TSNode literal = unwrap_value(name_arg);
    EnvRead r = f.file.make_read(is_type(literal, "string") ? literal : call, alt.text, row->kind);
    r.via = alt.via;
    reads.push_back(std::move(r));
  }
  if (reads.empty() && v.type == Value::Type::Unknown && row->names == NameRule::Any) {
    NameParts parts = name_parts(f, name_arg, /*resolve_constants=*/true);
    reads.push_back(f.file.make_dynamic(call, name_arg, parts.prefix, parts.suffix));
  }
  for (EnvRead& r : reads) {
    r.via.push_back(step);
    r.default_value = def;
    out.push_back(std::move(r));
  }
  return true;
}

const LibraryEnvSource* env_source_of(const JsFile& f, TSNode call) {
  if (!is_type(call, "call_expression")) return nullptr;
  TSNode fn = unwrap_value(f.field(call, f.fields.function));
  if (!is_type(fn, "identifier") && !is_type(fn, "member_expression")) return nullptr;
  std::string q = qualified(f, fn);
  if (q.empty()) return nullptr;
  for (const LibraryEnvSource& s : kEnvSources)
    if (q == std::string(s.package) + "." + std::string(s.symbol)) return &s;
  return nullptr;
}

bool is_library_factory_call(const JsFile& f, Path path) {
  TSNode fn = unwrap_value(f.field(path.back(), f.fields.function));
  if (!is_type(fn, "member_expression")) return false;
  std::string_view method = f.text(f.field(fn, f.fields.property));
  for (const LibraryFactory& fac : kFactories) {
    if (fac.method != method) continue;
    const LibraryValue* recv = value_of(f, f.field(fn, f.fields.object), path, 0);
    if (recv != nullptr && recv->id == fac.object) return true;
  }
  return false;
}

bool is_library_sink(const JsFile& f, TSNode call) {
  TSNode fn = unwrap_value(f.field(call, f.fields.function));
  std::string q = qualified(f, fn);
  if (q.empty()) return false;
  for (const LibrarySink& s : kSinks) {
    std::string pkg(s.package);
    if (s.symbol == "*" ? (q == pkg || starts_with(q, pkg + ".")) : q == pkg + "." + std::string(s.symbol)) return true;
  }
  return false;
}

}  // namespace envdrift::js
