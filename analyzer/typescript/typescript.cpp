// The JS-family frontend (typescript, tsx, javascript grammars): env reads, with their names and
// defaults resolved through the resolution core (evaluate.cpp lowers JS into its Values).
//
// Patterns (fixtures of the same name under fixtures/patterns/typescript/):
// - process_env_member:    `process.env.X`, `globalThis.process.env.X`, `process["env"].X`
// - process_env_subscript: `process.env["X"]`, `process.env[`X`]`, `process.env["A_" + "B"]`
// - dynamic_names:         a name that is not resolvable (`process.env[key]`) is a dynamic read
//                          carrying the known prefix/suffix (`KAFKA_${x}` -> KAFKA_)
// - import_meta_env:       `import.meta.env.X` (Vite's built-in MODE/BASE_URL/PROD/DEV/SSR are
//                          set by the bundler, not read from the environment: skipped)
// - deno_bun_env:          `Deno.env.get("X")`, `Deno.env.has("X")`, `Bun.env.X`
// - env_presence:          `"X" in process.env`, `process.env.hasOwnProperty("X")`,
//                          `Object.hasOwn(process.env, "X")`
// - destructuring:         `const { X = "d", Y: y, Z } = process.env` (also parameters,
//                          assignments and `import.meta.env`), read at the property
// - writes_are_not_reads:  `process.env.X = v`, `delete process.env.X`, `+=`, `++` are skipped;
//                          `process.env.X ??= "d"` / `||=` read X with default d
// - env_alias:             `const env = process.env; env.X`, `import { env } from "node:process"`,
//                          a parameter typed `NodeJS.ProcessEnv` or defaulted to `process.env`
// - constant_names:        `process.env[KEY]`, `PREFIX + "PORT"`, `${PREFIX}MODE` (kind constant),
//                          constant defaults `?? DEFAULT_TIMEOUT_MS`, folded `10 * 1024 * 1024`
// - constant_maps:         `process.env[AI_ENV.provider]` (`as const` objects), `ENV_KEYS[0]`,
//                          enums, `for (const e of ENDPOINTS) process.env[e.name]`, loops over
//                          name arrays and record keys, `KEYS.forEach((k) => …)` (kind map)
// - env_helpers:           functions whose parameter is a read's name; each call site is a read
//                          (kind helper) with the default argument or the helper's own fallback
//                          (`??`, `||`, early return), transitively through wrappers
// - schemas:               zod objects `.parse(process.env)` (`.default`, `.prefault`, local
//                          helpers wrapping `.default(param)`), t3-env `createEnv`, envalid
//                          `cleanEnv` (kind schema)
// - config libraries:      rows of libraries.cpp's tables (fixtures nestjs_config/, vite_load_env,
//                          env_var_lib, convict_schema, t3_runtime_env, dotenv_loading): library
//                          read calls (kind helper), env sources filtered by prefix (`loadEnv`),
//                          schema shapes, loaders that are neither reads nor escapes
// Across files (fixtures/resolve/, tests/test_resolve.cpp): relative imports, index files,
// re-exports, `export default`, tsconfig `paths`/`baseUrl`, imported env wrappers (spread,
// Proxy, alias) used in class fields.
// Defaults (`??`, `||` chains, presence ternaries, numeric parses, early returns) are found by
// defaults.cpp (fixtures nullish_default, or_default_chain, optional_chain_default,
// numeric_parse_default, ternary_presence).
#include "analyzer/typescript/typescript.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "analyzer/core/declared_helpers.h"
#include "analyzer/core/normalize.h"
#include "analyzer/core/resolve/env_param.h"
#include "analyzer/typescript/defaults.h"
#include "analyzer/typescript/env_access.h"
#include "analyzer/typescript/eval_internal.h"
#include "analyzer/typescript/evaluate.h"
#include "analyzer/typescript/libraries.h"
#include "analyzer/typescript/names.h"
#include "analyzer/typescript/schemas.h"

namespace envdrift {

namespace {

using js::EnvAccess;
using js::EnvObject;
using js::JsFile;
using js::Path;
using js::Value;

// Vite's built-in `import.meta.env` keys are set by the bundler from its config and mode, not
// read from the environment.
constexpr std::array<std::string_view, 5> kViteBuiltins{"MODE", "BASE_URL", "PROD", "DEV", "SSR"};

bool is_vite_builtin(EnvObject obj, std::string_view name) {
  if (obj != EnvObject::ImportMetaEnv) return false;
  for (auto b : kViteBuiltins)
    if (b == name) return true;
  return false;
}

// Type-level subtrees never execute: `typeof process.env.X` in a type, `interface ProcessEnv`.
bool is_type_only(std::string_view type) {
  return type == "type_annotation" || type == "type_alias_declaration" || type == "interface_declaration" ||
         type == "type_arguments" || type == "type_query";
}

// Expressions whose reads of one variable count as one read ("per expression" dedupe): the
// presence ternary `process.env.X ? process.env.X : "d"` is one read of X, at the condition.
bool is_expression_part(std::string_view type) {
  return type == "parenthesized_expression" || type == "binary_expression" || type == "ternary_expression" ||
         type == "unary_expression" || type == "call_expression" || type == "arguments" ||
         type == "member_expression" || type == "subscript_expression" || type == "non_null_expression" ||
         type == "as_expression" || type == "satisfies_expression" || type == "type_assertion" ||
         type == "await_expression" || type == "template_string" || type == "template_substitution" ||
         type == "new_expression";
}

// Nodes that bind a destructuring pattern to a value, and the fields holding the two.
struct DestructuringHost {
  std::string_view type;
  TSFieldId js::Fields::*pattern;
  TSFieldId js::Fields::*value;
};
constexpr std::array<DestructuringHost, 5> kDestructuringHosts{{
    {"variable_declarator", &js::Fields::name, &js::Fields::value},      // const { X } = process.env
    {"assignment_expression", &js::Fields::left, &js::Fields::right},    // ({ X } = process.env)
    {"assignment_pattern", &js::Fields::left, &js::Fields::right},       // function f({ X } = process.env) (JS)
    {"required_parameter", &js::Fields::pattern, &js::Fields::value},    // the same in TypeScript
    {"optional_parameter", &js::Fields::pattern, &js::Fields::value},
}};

class Extractor {
 public:
  Extractor(const ParsedFile& file, FileResult& out) : f_(file), ev_(f_), out_(out) { f_.eval = &ev_; }

  void run() {
    if (ts_node_is_null(f_.file.root)) return;
    walk({f_.file.root});
  }

  // The reads function `name` of this module makes when parameter `index` is the environment
  // (a caller in another module hands it `process.env`). Empty when the function already reads
  // that parameter as the environment on its own (typed `ProcessEnv`, defaulting to
  // `process.env`, or given it by a call in this file): this file's own scan reports those.
  std::optional<std::vector<EnvRead>> env_param_reads(const std::string& name, int index) {
    std::vector<TSNode> path = exported_function(name);
    if (path.empty()) return std::nullopt;
    TSNode fn = path.back();
    auto ps = js::internal::parameters_of(f_, fn);
    if (static_cast<size_t>(index) >= ps.size()) return std::nullopt;
    if (js::parameter_declares_env(f_, ps[index])) return std::vector<EnvRead>{};
    Value param = Value::of_type(Value::Type::Param);
    param.param = index;
    param.text = std::to_string(ts_node_start_byte(fn));
    if (ev_.param_receives_env(param)) return std::vector<EnvRead>{};
    ev_.assume_env_param(fn, index);
    size_t before = out_.reads.size();
    walk(path);
    std::vector<EnvRead> reads(std::make_move_iterator(out_.reads.begin() + static_cast<std::ptrdiff_t>(before)),
                               std::make_move_iterator(out_.reads.end()));
    out_.reads.resize(before);
    return reads;
  }

 private:
  // The ancestor path of the function this module exports as `name` (`export function name`,
  // `export const name = (env) => …`, a top-level function exported by `export { name }`, the
  // default export), or empty.
  std::vector<TSNode> exported_function(std::string name) {
    TSNode root = f_.file.root;
    for (int round = 0; round < 2; ++round) {
      for (TSNode stmt : named_children(root)) {
        std::vector<TSNode> path{root, stmt};
        TSNode d = stmt;
        if (is_type(stmt, "export_statement")) {
          d = child_by_field(stmt, "declaration");
          if (ts_node_is_null(d)) d = child_by_field(stmt, "value");
          if (ts_node_is_null(d)) continue;
          if (name == "default" && js::has_token(stmt, "default")) {
            if (js::is_function_like(d)) return {root, stmt, d};
            if (is_type(d, "identifier")) name = std::string(f_.text(d));  // `export default load`
            continue;
          }
          path.push_back(d);
        }
        std::string_view t = node_type(d);
        if ((t == "function_declaration" || t == "generator_function_declaration") && f_.text(f_.field(d, f_.fields.name)) == name)
          return path;
        if (t != "lexical_declaration" && t != "variable_declaration") continue;
        for (TSNode decl : named_children(d)) {
          if (!is_type(decl, "variable_declarator") || f_.text(f_.field(decl, f_.fields.name)) != name) continue;
          TSNode value = js::unwrap_value(f_.field(decl, f_.fields.value));
          if (!js::is_function_like(value)) continue;
          path.push_back(decl);
          path.push_back(value);
          return path;
        }
      }
      if (name == "default") break;  // no default export, or one that is no function
    }
    return {};
  }

  // A pre-order walk of the subtree at path.back() (path: its ancestors from the root) over a
  // tree cursor that keeps the ancestor path, so every climb is O(1) per step (ts_node_parent
  // re-descends from the root). No recursion: deep input is fine.
  void walk(std::vector<TSNode> path) {
    TSTreeCursor cur = ts_tree_cursor_new(path.back());
    bool descend = visit(path);
    for (;;) {
      if (descend && ts_tree_cursor_goto_first_child(&cur)) {
        path.push_back(ts_tree_cursor_current_node(&cur));
        descend = visit(path);
        continue;
      }
      bool done = true;
      for (;;) {
        if (ts_tree_cursor_goto_next_sibling(&cur)) {
          path.back() = ts_tree_cursor_current_node(&cur);
          descend = visit(path);
          done = false;
          break;
        }
        if (!ts_tree_cursor_goto_parent(&cur)) break;
        path.pop_back();
      }
      if (done) break;
    }
    ts_tree_cursor_delete(&cur);
  }

  bool visit(Path path) {
    TSNode n = path.back();
    std::string_view t = node_type(n);
    if (is_type_only(t)) return false;
    ev_.set_path(path);
    if (t == "member_expression" || t == "subscript_expression" || t == "call_expression" ||
        t == "binary_expression") {
      if (auto a = js::access_of(f_, n)) {
        env_access(path, *a);
      } else if (t == "call_expression") {
        if (js::library_call_reads(f_, path, out_.reads)) return true;  // libraries.cpp's tables
        helper_call(path, n);
        size_t before = out_.reads.size();
        js::schema_reads(f_, n, out_.reads);
        if (out_.reads.size() == before && !js::is_library_factory_call(f_, path)) escape_check(n);
      }
      return true;
    }
    for (const auto& host : kDestructuringHosts) {
      if (t != host.type) continue;
      TSNode pattern = f_.field(n, f_.fields.*host.pattern);
      if (!is_type(pattern, "object_pattern")) break;
      EnvObject obj = js::env_object_of(f_, f_.field(n, f_.fields.*host.value));
      if (obj != EnvObject::None && obj != EnvObject::DenoEnv) destructuring(pattern, obj);
      break;
    }
    return true;
  }

  EnvRead dynamic_read(TSNode at, TSNode name_expr) const {
    js::NameParts parts = js::name_parts(f_, name_expr, /*resolve_constants=*/true);
    return f_.file.make_dynamic(at, name_expr, parts.prefix, parts.suffix);
  }

  // process_env_member, process_env_subscript, import_meta_env, deno_bun_env, env_presence,
  // defaulting_assignment: one access expression.
  void env_access(Path path, const EnvAccess& a) {
    TSNode assigned{};
    js::WriteUse use = js::write_use(f_, path, &assigned);
    if (use == js::WriteUse::Write) {
      out_.handled_lines.push_back(f_.file.line(a.at));  // a write: understood, no read
      return;
    }
    std::vector<EnvRead> reads;
    std::optional<std::string> name;
    if (a.form == js::AccessForm::Member || js::name_parts(f_, a.name_node).complete) {
      name = js::access_name(f_, a);
      if (name) reads.push_back(f_.file.make_read(a.at, *name, ReadKind::Direct));
    } else {
      // A name through constants / maps / loops: one read per resolved alternative.
      Value v = ev_.eval(a.name_node);
      // Inside a named env helper its call sites are the reads; an anonymous callback or a method
      // (whose calls are not followed) keeps its dynamic read.
      if (v.type == Value::Type::Param && is_named_helper(path, v)) {
        out_.handled_lines.push_back(f_.file.line(a.at));  // understood: summarized as a helper
        return;
      }
      // `process.env["APP_" + key]` in a named helper: its calls name APP_<argument>.
      if (v.type == Value::Type::Unknown && names_affixed_param(path, a.name_node)) {
        out_.handled_lines.push_back(f_.file.line(a.at));
        return;
      }
      for (const Value& alt : resolve::alternatives(v)) {
        if (alt.type != Value::Type::Str || alt.text.empty()) {
          reads.clear();
          break;
        }
        EnvRead r = f_.file.make_read(a.at, alt.text, alt.kind);
        r.via = alt.via;
        reads.push_back(std::move(r));
      }
      if (reads.size() == 1) name = reads.front().name;
    }
    if (reads.empty()) reads.push_back(dynamic_read(a.at, a.name_node));
    std::vector<std::string> prefixes = admitted_prefixes(a);
    for (EnvRead& r : reads) {
      if (r.kind != ReadKind::Dynamic && is_vite_builtin(a.object, r.name)) {
        out_.handled_lines.push_back(f_.file.line(a.at));  // set by the bundler: understood, no read
        continue;
      }
      if (!prefixes.empty() && r.kind != ReadKind::Dynamic && !has_any_prefix(r.name, prefixes)) {
        out_.handled_lines.push_back(f_.file.line(a.at));  // `loadEnv(…)` never returns it
        continue;
      }
      std::optional<std::string> rname = r.kind == ReadKind::Dynamic ? std::nullopt : std::optional<std::string>(r.name);
      if (use == js::WriteUse::DefaultingWrite) {
        r.default_value = js::default_of(f_, assigned);
      } else {
        r.default_value = js::default_for_read(f_, path, rname, a.form == js::AccessForm::Presence);
        if (!r.default_value && a.form != js::AccessForm::Presence) {
          TSNode fb = js::early_return_fallback(f_, path);
          if (!ts_node_is_null(fb)) r.default_value = js::default_of(f_, fb);
        }
      }
      emit_deduped(path, std::move(r));
    }
  }

  // The name prefixes a filtered view of the environment admits (`const env = loadEnv(mode, dir)`
  // holds only VITE_ variables; libraries.h LibraryEnvSource), empty for the whole environment.
  std::vector<std::string> admitted_prefixes(const EnvAccess& a) {
    if (a.form != js::AccessForm::Member && a.form != js::AccessForm::Subscript) return {};
    TSNode recv = js::unwrap_value(f_.field(a.at, f_.fields.object));
    if (!is_type(recv, "identifier") && !is_type(recv, "call_expression")) return {};
    Value v = ev_.eval(recv);
    std::vector<std::string> out;
    if (v.type != Value::Type::Env || v.text.empty()) return out;
    for (size_t start = 0; start <= v.text.size();) {
      size_t end = v.text.find('\n', start);
      if (end == std::string::npos) end = v.text.size();
      out.emplace_back(v.text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
  static bool has_any_prefix(std::string_view name, const std::vector<std::string>& prefixes) {
    for (const std::string& p : prefixes)
      if (starts_with(name, p)) return true;
    return false;
  }

  // Is `param` a parameter of a named function on the path (a helper whose call sites are the
  // reads)? Its name goes into read_symbols, so files calling it are parsed even when they do not
  // pass the byte prefilter.
  bool is_named_helper(Path path, const Value& param) {
    for (size_t i = path.size(); i-- > 1;) {
      if (std::to_string(ts_node_start_byte(path[i])) != param.text || !js::is_function_like(path[i])) continue;
      std::string_view t = node_type(path[i]);
      TSNode name{};
      if (t == "function_declaration" || t == "generator_function_declaration")
        name = f_.field(path[i], f_.fields.name);
      else if ((t == "arrow_function" || t == "function_expression" || t == "function") &&
               is_type(path[i - 1], "variable_declarator"))
        name = f_.field(path[i - 1], f_.fields.name);
      if (ts_node_is_null(name)) return false;
      out_.read_symbols.emplace_back(f_.text(name));
      return true;
    }
    return false;
  }

  // Is `name` a parameter of an enclosing named helper with constant text around it
  // (`"APP_" + key`)? Then that helper's calls are the reads (registered like is_named_helper).
  bool names_affixed_param(Path path, TSNode name) {
    Value param;
    std::pair<std::string, std::string> around;
    return ev_.param_with_affixes(name, param, around) && is_named_helper(path, param);
  }

  // helper_calls: `positiveIntEnv("OUTBOX_POLL_INTERVAL_MS", 2000)` is a read of the name
  // argument with the default argument (or the helper's own constant fallback).
  void helper_call(Path path, TSNode call) {
    TSNode callee = js::unwrap_value(f_.field(call, f_.fields.function));
    std::shared_ptr<const resolve::HelperSummary> summary;
    if (is_type(callee, "identifier") && ev_.may_be_helper(f_.text(callee))) {
      Value h = ev_.eval(callee);
      if (h.type == Value::Type::Helper) summary = h.helper;
    }
    bool in_tree = summary != nullptr;
    if (!in_tree) {  // a wrapper outside the tree the config declares ([[helper]])
      const DeclaredHelper* d = ev_.declared_callee(callee);
      if (d == nullptr || d->env_object) return;
      summary = declared_helper_summary(*d);
    }
    const resolve::HelperSummary& s = *summary;
    std::vector<TSNode> args;
    TSNode list = f_.field(call, f_.fields.arguments);
    for (TSNode a : named_children(list))
      if (!is_type(a, "comment")) args.push_back(a);
    if (s.name_param < 0 || static_cast<size_t>(s.name_param) >= args.size()) return;
    // `build(env, { key: "X" })`: only a call that hands over the environment reads.
    if (s.env_param >= 0) {
      if (static_cast<size_t>(s.env_param) >= args.size()) return;
      Value env = ev_.eval(args[s.env_param]);
      if (env.type != Value::Type::Env) {
        if (env.type == Value::Type::Param && env.path.empty()) is_named_helper(path, env);  // a wrapper's body
        return;
      }
    }
    std::vector<NameArg> names = name_arguments(s, args);
    for (NameArg& n : names) {
      n.value = resolve::apply_path(n.value, n.path);
      if (n.value.type == Value::Type::Param) {  // a wrapper's body: the wrapper's call sites are the reads
        is_named_helper(path, n.value);
        return;
      }
      // `env(k + "_V2")` in a wrapper: the same, with text around the parameter
      if (n.value.type == Value::Type::Unknown && n.path.empty() && names_affixed_param(path, n.node)) return;
      n.value = resolve::with_affixes(n.value, s);  // `(k) => process.env["APP_" + k]`: APP_<argument>
    }
    ViaStep step{s.file, s.line, "helper " + s.name};
    std::optional<DefaultValue> def;
    if (s.default_param >= 0 && !s.default_path.empty()) {
      // `spec.fallback` of an options object: the member the call writes, if it writes one.
      if (static_cast<size_t>(s.default_param) < args.size()) {
        TSNode d = member_node(args[s.default_param], s.default_path);
        if (!ts_node_is_null(d)) def = js::default_of(f_, d);
      }
    } else if (s.default_param >= 0 && static_cast<size_t>(s.default_param) < args.size()) {
      def = js::default_of(f_, args[s.default_param]);
    } else {
      def = js::default_for_read(f_, path, std::nullopt);
      if (!def) def = s.default_param >= 0 ? s.param_default : s.constant_default;
    }
    for (const NameArg& n : names) {
      std::vector<EnvRead> reads;
      for (const Value& alt : resolve::alternatives(n.value)) {
        if (alt.type != Value::Type::Str || alt.text.empty()) {
          reads.clear();
          break;
        }
        // A literal name is reported where it is written (`env(\n  "A",\n)` at "A"'s line).
        TSNode literal = n.path.empty() ? js::unwrap_value(n.node) : member_node(n.node, n.path);
        TSNode at = is_type(literal, "string") ? literal : call;
        EnvRead r = f_.file.make_read(at, alt.text, ReadKind::Helper);
        r.via = alt.via;
        reads.push_back(std::move(r));
      }
      if (reads.empty()) {
        EnvRead r = dynamic_read(call, n.node);
        if (!s.name_affixes.empty()) {  // what every name of the helper shares
          auto [prefix, suffix] = resolve::common_affixes(s.name_affixes);
          r.name = prefix + r.name;
          r.dynamic_suffix += suffix;
        }
        reads.push_back(std::move(r));
      }
      for (EnvRead& r : reads) {
        r.via.push_back(step);
        r.default_value = def;
        out_.reads.push_back(std::move(r));
      }
    }
  }

  // One name a helper call passes: the argument node it is written in, its value, and the
  // member path of the summary still to apply to it.
  struct NameArg {
    TSNode node;
    Value value;
    std::vector<std::string> path;
  };

  // The names a call of helper `s` passes. One argument, seen through the summary's path; for a
  // helper that reads each element of its parameter (`for (const k of keys)`), each element of
  // an array literal (`need(["A", "B"])`) or, for a rest parameter (`need(...keys)`), each
  // argument from the parameter on (`need("A", "B")`, a spread `need(...KEYS)` by its elements),
  // each reported at its own literal.
  std::vector<NameArg> name_arguments(const resolve::HelperSummary& s, const std::vector<TSNode>& args) {
    std::vector<NameArg> out;
    size_t at = static_cast<size_t>(s.name_param);
    std::vector<std::string> rest_path = s.name_path;
    bool each = !rest_path.empty() && rest_path.front() == resolve::kEachElement;
    if (each) rest_path.erase(rest_path.begin());
    auto add = [&](TSNode node, std::vector<std::string> p) {
      if (is_type(node, "spread_element")) {  // `...KEYS`: its elements, read as one argument
        TSNode inner = ts_node_named_child(node, 0);
        out.push_back({node, resolve::elements(ev_.eval(inner)), std::move(p)});
        return;
      }
      out.push_back({node, ev_.eval(node), std::move(p)});
    };
    if (s.name_rest && each) {
      for (size_t i = at; i < args.size(); ++i) add(args[i], rest_path);
    } else if (s.name_rest) {  // `keys[0]` of a rest parameter: the argument at that offset
      size_t idx = 0;
      bool indexed = !rest_path.empty() && !rest_path.front().empty() && rest_path.front().size() < 3 &&
                     std::all_of(rest_path.front().begin(), rest_path.front().end(), [](char c) { return c >= '0' && c <= '9'; });
      if (indexed) idx = std::stoul(rest_path.front());
      if (indexed && at + idx < args.size()) {
        rest_path.erase(rest_path.begin());
        add(args[at + idx], rest_path);
      } else {
        out.push_back({args[at], Value{}, {}});  // a use of the rest array not modelled: dynamic
      }
    } else if (each && is_type(js::unwrap_value(args[at]), "array")) {
      for (TSNode e : named_children(js::unwrap_value(args[at])))
        if (!is_type(e, "comment")) add(e, rest_path);
    } else {
      add(args[at], s.name_path);
    }
    return out;
  }

  // The node an object literal argument holds at `path` (`{ key: "X" }` + {"key"} → "X"), or
  // a null node when the argument is not written out as literals.
  TSNode member_node(TSNode arg, const std::vector<std::string>& path) const {
    TSNode n = js::unwrap_value(arg);
    for (const std::string& k : path) {
      if (!is_type(n, "object")) return TSNode{};
      TSNode next{};
      for (TSNode p : named_children(n)) {
        if (!ts_node_is_null(next)) break;
        if (is_type(p, "pair") && js::name_of(f_, f_.field(p, f_.fields.key)).value_or(std::string(f_.text(f_.field(p, f_.fields.key)))) == k)
          next = js::unwrap_value(f_.field(p, f_.fields.value));
      }
      n = next;
    }
    return n;
  }

  // escapes: the env object handed to a function imported from a package outside the tree
  // (`configure(process.env)`, `schema.parse(env)` of an unmodelled library): whatever it reads
  // is invisible, so the report says the service's `unread` may be incomplete. Only direct
  // arguments, only callees bound to such an import, and not the sinks known to read nothing
  // by name (libraries.h: harmless_sink_spellings, library_sinks).
  void escape_check(TSNode call) {
    TSNode callee = js::unwrap_value(f_.field(call, f_.fields.function));
    if (!is_type(callee, "identifier") && !is_type(callee, "member_expression")) return;
    std::string_view text = f_.text(callee);
    for (auto h : js::harmless_sink_spellings())
      if (text == h || (h.back() == '.' && starts_with(text, h))) return;
    if (js::is_library_sink(f_, call)) return;  // dotenv & co. load the environment
    std::string_view head = text.substr(0, text.find('.'));
    if (is_type(callee, "identifier") && follow_env_argument(callee, call)) return;
    if (!ev_.imported_from_outside(head)) return;
    if (ev_.declared_callee(callee) != nullptr) return;  // declared: modelled
    for (TSNode a : js::call_arguments(f_, call)) {
      EnvObject obj = js::env_object_of(f_, a);
      if (obj == EnvObject::None) continue;
      out_.escapes.push_back(f_.file.make_escape(a, fmt::format("{} escapes into {}()", clip_source(f_.text(a), 40), clip_source(text, 60))));
      out_.handled_lines.push_back(f_.file.line(a));
      return;
    }
  }

  // `loadConfig(process.env)` with `loadConfig` imported from a module of the tree: its reads
  // with that argument the environment, reported where they are made with a `call` step here;
  // one it cannot follow is an escape. False when no argument is the environment or the callee
  // is not such an import.
  bool follow_env_argument(TSNode callee, TSNode call) {
    std::string_view name = f_.text(callee);
    auto args = js::call_arguments(f_, call);
    if (ev_.import_origin(name).empty()) {
      // A function of this file: its parameter is an env alias there (param_receives_env), so
      // the mention here is understood.
      if (!ev_.may_be_helper(name)) return false;
      for (TSNode a : args) {
        EnvObject obj = js::env_object_of(f_, a);
        if (obj != EnvObject::None && obj != EnvObject::DenoEnv) out_.handled_lines.push_back(f_.file.line(a));
      }
      return false;
    }
    if (ev_.imported_from_outside(name)) return false;
    for (size_t i = 0; i < args.size(); ++i) {
      EnvObject obj = js::env_object_of(f_, args[i]);
      if (obj == EnvObject::None || obj == EnvObject::DenoEnv) continue;
      Value v = ev_.imported_env_param_reads(name, static_cast<int>(i));
      auto reads = resolve::env_reads_of(v, f_.file.src.language);
      out_.handled_lines.push_back(f_.file.line(args[i]));
      if (!reads) {
        out_.escapes.push_back(f_.file.make_escape(args[i], fmt::format("{} escapes into {}() of another module (not followed)",
                                                                       clip_source(f_.text(args[i]), 40), clip_source(f_.text(callee), 60))));
        return true;
      }
      ViaStep step{f_.file.src.rel, f_.file.line(call), "call " + std::string(f_.text(callee))};
      for (EnvRead& r : *reads) {
        r.via.push_back(step);
        out_.reads.push_back(std::move(r));
      }
      return true;
    }
    return false;
  }

  // destructuring: `const { X = "d", Y: y = 2, "Z-1": z, [key]: w, ...rest } = process.env`.
  // Each property is a read at the property's position; `...rest` is a bulk use, not a read.
  void destructuring(TSNode pattern, EnvObject obj) {
    for (TSNode prop : named_children(pattern)) {
      std::string_view t = node_type(prop);
      TSNode key{}, name_expr{}, fallback{};
      std::optional<std::string> name;
      if (t == "shorthand_property_identifier_pattern") {
        key = prop;
        name = std::string(f_.text(prop));
      } else if (t == "object_assignment_pattern") {
        key = f_.field(prop, f_.fields.left);
        if (!is_type(key, "shorthand_property_identifier_pattern")) continue;
        name = std::string(f_.text(key));
        fallback = f_.field(prop, f_.fields.right);
      } else if (t == "pair_pattern") {
        key = f_.field(prop, f_.fields.key);
        std::string_view kt = node_type(key);
        if (kt == "property_identifier") {
          name = std::string(f_.text(key));
        } else {
          name_expr = kt == "computed_property_name" ? named_child(key, 0) : key;
          name = js::name_of(f_, name_expr);
        }
        TSNode value = f_.field(prop, f_.fields.value);
        if (is_type(value, "assignment_pattern")) fallback = f_.field(value, f_.fields.right);
      } else {
        continue;  // rest_pattern (bulk), comments
      }
      if (name && is_vite_builtin(obj, *name)) {
        out_.handled_lines.push_back(f_.file.line(key));
        continue;
      }
      EnvRead r = name ? f_.file.make_read(key, *name, ReadKind::Direct) : dynamic_read(key, name_expr);
      if (!ts_node_is_null(fallback)) r.default_value = js::default_of(f_, fallback);
      out_.reads.push_back(std::move(r));
    }
  }

  // One read per variable per expression: a later read of the same variable in the same
  // expression only contributes its default when the first has none.
  void emit_deduped(Path path, EnvRead r) {
    size_t i = path.size() - 1;
    for (size_t step = 0; step < js::kMaxClimb && i > 0 && is_expression_part(node_type(path[i - 1])); ++step) --i;
    TSNode scope = path[i];
    Key key{ts_node_start_byte(scope), ts_node_end_byte(scope), r.name, static_cast<int>(r.kind), r.dynamic_expr};
    auto [it, inserted] = seen_.try_emplace(std::move(key), out_.reads.size());
    if (inserted) {
      out_.reads.push_back(std::move(r));
      return;
    }
    EnvRead& first = out_.reads[it->second];
    if (!first.default_value && r.default_value) first.default_value = std::move(r.default_value);
  }

  using Key = std::tuple<uint32_t, uint32_t, std::string, int, std::string>;
  JsFile f_;
  js::JsEval ev_;
  FileResult& out_;
  std::map<Key, size_t> seen_;
};

}  // namespace

void extract_typescript(const ParsedFile& file, FileResult& out) { Extractor(file, out).run(); }

std::optional<std::vector<EnvRead>> typescript_env_param_reads(const ParsedFile& file, const std::string& fn, int index) {
  FileResult scratch;
  return Extractor(file, scratch).env_param_reads(fn, index);
}

}  // namespace envdrift
