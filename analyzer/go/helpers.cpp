// Env helper functions: a function declaration whose parameter flows into the name of a read
// (`os.Getenv(key)`, `os.LookupEnv(key)`, or another helper) is a helper, and its call sites
// are reads. The summary says which parameters are names (an alias helper
// `getEnvFallback(primary, alternate, fallback)` reads both) and which argument is the default,
// found by following the body, not by position:
//   func getEnv(key, fallback string) string {
//       if v, ok := os.LookupEnv(key); ok { return v }
//       return fallback                        // a parameter returned: the default argument
//   }
//   func mustGetEnvInt(key string, def int) int { s := getEnv(key, ""); if s == "" { return def } … }
//   func getBool(key string) bool { v := os.Getenv(key); if v == "" { return false } … }  // constant
// Also here: defaults of reads, names with their known parts, the file's helper names.
#include <algorithm>

#include "analyzer/core/normalize.h"
#include "analyzer/go/env_bindings.h"
#include "analyzer/go/evaluate.h"
#include "analyzer/go/values.h"

namespace envdrift::go {

namespace {

constexpr size_t kMaxSummaryNesting = 12;

bool contains_env(std::string_view name) { return to_lower(name).find("env") != std::string::npos; }

bool is_param_of(const Value& v, TSNode fn) {
  return v.type == Value::Type::Param && v.text == "p:" + std::to_string(ts_node_start_byte(fn));
}

// `int(x)`, `time.Duration(x)`, `strconv.Itoa(x)`-free conversions around a returned value.
TSNode strip_conversion(const GoFile& f, TSNode e) {
  for (int guard = 0; guard < 4; ++guard) {
    e = unwrap(e);
    // `time.Duration(def) * time.Second`: the parameter scaled by a unit.
    if (is_type(e, "binary_expression") && f.op(e) == "*" && is_type(unwrap(f.field(e, f.fields.right)), "selector_expression")) {
      e = f.field(e, f.fields.left);
      continue;
    }
    if (!is_type(e, "call_expression") && !is_type(e, "type_conversion_expression")) return e;
    if (is_type(e, "type_conversion_expression")) {
      e = f.field(e, f.fields.operand);
      continue;
    }
    TSNode fn = unwrap(f.field(e, f.fields.function));
    auto args = code_children(f.field(e, f.fields.arguments));
    std::string_view name = is_type(fn, "selector_expression") ? f.text(f.field(fn, f.fields.field)) : f.text(fn);
    bool conversion = name == "Duration" || name == "string" || name == "int" || name == "int64" || name == "float64" ||
                      name == "bool" || name == "uint" || name == "int32";
    if (!conversion || args.size() != 1) return e;
    e = args[0];
  }
  return e;
}

// `v == ""`, `len(v) == 0`, `!ok`: a test that the value is missing.
bool is_missing_test(const GoFile& f, TSNode cond) {
  cond = unwrap(cond);
  if (is_type(cond, "unary_expression")) return f.op(cond) == "!" && is_type(unwrap(f.field(cond, f.fields.operand)), "identifier");
  if (!is_type(cond, "binary_expression")) return false;
  std::string_view op = f.op(cond);
  if (op == "||") return is_missing_test(f, f.field(cond, f.fields.left));
  if (op != "==") return false;
  TSNode r = unwrap(f.field(cond, f.fields.right));
  if (auto s = string_literal(f, r); s && s->empty()) return true;
  TSNode l = unwrap(f.field(cond, f.fields.left));
  return is_type(l, "call_expression") && f.text(f.field(l, f.fields.function)) == "len" && f.text(r) == "0";
}

}  // namespace

std::shared_ptr<const GoHelper> GoEval::helper_of(TSNode callee, Path ctx, int depth) {
  callee = unwrap(callee);
  if (depth > kMaxEvalDepth) return nullptr;
  Value v;
  if (is_type(callee, "identifier")) {
    if (is_builtin_function(f_.text(callee))) return nullptr;
    // A local of that name (`get := envOr`) shadows the package's functions; a local closure
    // is not summarized.
    v = ctx.empty() || !locally_bound(f_.text(callee)) ? package_value(std::string(f_.text(callee)), depth + 1)
                                                       : lookup_name(f_.text(callee), callee, ctx, nullptr, depth + 1);
  } else if (is_type(callee, "selector_expression")) {
    TSNode q = unwrap(f_.field(callee, f_.fields.operand));
    std::string field(f_.text(f_.field(callee, f_.fields.field)));
    build_index();
    if (is_type(q, "identifier") && imports_.count(f_.text(q))) {
      auto dir = import_dir(f_.text(q));
      if (!dir) return reader_at(callee, ctx, depth + 1);  // `os.Getenv` as a value, a [[helper]]
      v = other_package(*dir, field, depth + 1);
    } else if (contains_env(field)) {
      // `c.getEnv("X", "d")`: a method of this package (the receiver's type is not checked).
      v = package_value(std::string(kMethodKey) + field, depth + 1);
    }
  }
  if (auto h = reader_of(v)) return h;
  // Not a function of the package: a reader held in a variable, field or parameter, or a
  // `[[helper]]` declaration (readers.cpp).
  return reader_at(callee, ctx, depth + 1);
}

// Helpers that call each other: one reached again while it is summarized is no helper for the
// time being, and what was summarized from that is redone once it turns out to be one
// (resolve::CycleMemo). A chain of wrappers deeper than evaluation goes: no helper, unmemoized.
std::shared_ptr<const GoHelper> GoEval::summarize(TSNode fn, int depth) {
  uint32_t key = ts_node_start_byte(fn);
  if (const auto* known = summaries_.find(key)) return *known;
  if (summarizing_.size() > kMaxSummaryNesting || depth > kMaxEvalDepth) return nullptr;
  return summaries_.get(
      key, nullptr,
      [&](std::shared_ptr<const GoHelper>& out) {
        summarizing_.insert(key);
        out = summarize_body(fn, depth);
        summarizing_.erase(key);
      },
      [](const std::shared_ptr<const GoHelper>& final_value) { return final_value == nullptr; },
      [](const std::shared_ptr<const GoHelper>& provisional) { return provisional != nullptr; });
}

std::shared_ptr<const GoHelper> GoEval::summarize_body(TSNode fn, int depth) {
  bool method = is_type(fn, "method_declaration");
  if ((!is_type(fn, "function_declaration") && !method) || named_child_count(child_by_field(fn, "parameters")) == 0 ||
      (method && !contains_env(f_.text(f_.field(fn, f_.fields.name)))))
    return nullptr;
  auto h = std::make_shared<GoHelper>();
  h->name = std::string(f_.text(f_.field(fn, f_.fields.name)));
  h->file = f_.file.src.rel;
  h->line = f_.file.line(fn);
  auto add_name = [&](int p, std::string prefix, std::string suffix) {
    if (std::find(h->name_params.begin(), h->name_params.end(), p) != h->name_params.end()) return;
    h->name_params.push_back(p);
    h->name_affixes.emplace_back(std::move(prefix), std::move(suffix));
  };
  auto params = parameter_identifiers(fn);
  const int variadic = variadic_parameter(fn);
  // Which parameter flows into name expression `arg`, and the constant text around it: each
  // parameter in turn stands for a marker, and the name must come out as text around it.
  auto name_flow = [&](TSNode arg, Path path, const std::pair<std::string, std::string>& inner) -> bool {
    bool any = false;
    for (size_t p = 0; p < params.size(); ++p) {
      Bindings b{{std::string(f_.text(params[p])), param_marker(static_cast<int>(p) == variadic)}};
      auto around = resolve::affixes_around_marker(eval(arg, path, &b, depth + 1));
      if (around.size() != 1) continue;
      add_name(static_cast<int>(p), inner.first + around[0].first, around[0].second + inner.second);
      if (static_cast<int>(p) == variadic) h->variadic_param = variadic;
      any = true;
    }
    return any;
  };
  int call_default_param = -1;
  std::optional<DefaultValue> call_constant_default;

  std::vector<TSNode> prefix = path_to(fn);
  prefix.pop_back();
  EnvBindings env(f_);
  walk_enter_leave(
      fn,
      [&](Path sub) {
        env.enter(sub);
        TSNode n = sub.back();
        if (is_type(n, "func_literal")) return false;
        if (!is_type(n, "call_expression")) return true;
        std::vector<TSNode> full = prefix;
        full.insert(full.end(), sub.begin(), sub.end());
        Path path(full);
        TSNode callee = f_.field(n, f_.fields.function);
        auto args = code_children(f_.field(n, f_.fields.arguments));
        auto envfn = env.env_function(callee);
        if (envfn == EnvFunction::Getenv || envfn == EnvFunction::LookupEnv) {
          if (!args.empty()) name_flow(args[0], path, {});
          return true;
        }
        if (envfn || env_selector(callee)) return true;
        auto inner = helper_of(callee, path, depth + 1);
        if (!inner) return true;
        bool reads_param = false;
        for (size_t i = 0; i < inner->name_params.size(); ++i) {
          int np = inner->name_params[i];
          if (np < 0 || static_cast<size_t>(np) >= args.size()) continue;
          if (name_flow(args[np], path, inner->name_affixes[i])) reads_param = true;
        }
        if (!reads_param) return true;
        // `getenv(key)` with getenv a parameter: a read only where the caller hands a reader.
        if (Value cv = eval(callee, path, nullptr, depth + 1); is_param_of(cv, fn)) h->getter_param = cv.param;
        int dp = inner->default_param;
        if (dp >= 0 && static_cast<size_t>(dp) < args.size()) {
          Value d = eval(args[dp], path, nullptr, depth + 1);
          if (is_param_of(d, fn)) {
            if (call_default_param < 0) call_default_param = d.param;
          } else if (!call_constant_default) {
            call_constant_default = default_value(args[dp], path, nullptr, depth + 1);
          }
        } else if (!call_constant_default) {
          call_constant_default = inner->constant_default;
        }
        return true;
      },
      [&](Path sub) { env.leave(sub); });

  if (!h->name_params.empty()) {
    auto is_name = [&](int p) { return std::find(h->name_params.begin(), h->name_params.end(), p) != h->name_params.end(); };
    // A parameter returned or assigned as the value: the default argument.
    walk_preorder(child_by_field(fn, "body"), [&](TSNode n) {
      std::string_view t = node_type(n);
      if (h->default_param >= 0 || t == "func_literal") return false;
      TSNode e{};
      if (t == "return_statement") e = named_child(named_child(n, 0), 0);
      else if (t == "assignment_statement") e = named_child(f_.field(n, f_.fields.right), 0);
      else return true;
      e = strip_conversion(f_, e);
      if (!is_type(e, "identifier")) return false;
      std::vector<TSNode> path = path_to(e);
      Value d = eval(e, Path(path), nullptr, depth + 1);
      if (is_param_of(d, fn) && !is_name(d.param)) h->default_param = d.param;
      return false;
    });
    if (h->default_param < 0 && call_default_param >= 0 && !is_name(call_default_param)) h->default_param = call_default_param;
    if (h->default_param < 0) {
      // The constant returned (or assigned) when the value is missing: `if v == "" { return "d" }`.
      walk_preorder(child_by_field(fn, "body"), [&](TSNode n) {
        std::string_view t = node_type(n);
        if (h->constant_default || t == "func_literal") return false;
        if (t != "if_statement" || !is_missing_test(f_, child_by_field(n, "condition"))) return true;
        for (TSNode stmt : code_children(named_child(child_by_field(n, "consequence"), 0))) {
          TSNode e{};
          if (is_type(stmt, "return_statement")) e = named_child(named_child(stmt, 0), 0);
          else if (is_type(stmt, "assignment_statement")) e = named_child(f_.field(stmt, f_.fields.right), 0);
          else continue;
          if (ts_node_is_null(e) || is_type(unwrap(e), "nil")) break;
          std::vector<TSNode> path = path_to(e);
          Value d = eval(e, Path(path), nullptr, depth + 1);
          if (d.type == Value::Type::Param) break;
          h->constant_default = default_value(e, Path(path), nullptr, depth + 1);
          break;
        }
        return !h->constant_default;
      });
    }
    if (h->default_param < 0 && !h->constant_default) h->constant_default = call_constant_default;
    h->name_param = h->name_params.front();
  }
  if (h->name_params.empty()) return nullptr;
  return h;
}

std::optional<DefaultValue> GoEval::default_value(TSNode expr, Path ctx, const Bindings* b, int depth) {
  expr = unwrap(expr);
  if (ts_node_is_null(expr) || is_type(expr, "nil") || depth > kMaxEvalDepth) return std::nullopt;
  auto lit = default_of(f_, expr);
  if (lit && lit->comparable) return lit;
  if (is_type(expr, "call_expression")) {
    // The fallback is itself a helper read (`getEnv("A", getEnv("B", "d"))`): its default.
    if (auto h = helper_of(f_.field(expr, f_.fields.function), ctx, depth + 1)) {
      auto args = code_children(f_.field(expr, f_.fields.arguments));
      if (h->default_param >= 0 && static_cast<size_t>(h->default_param) < args.size())
        return default_value(args[h->default_param], ctx, b, depth + 1);
      return h->constant_default;
    }
  }
  Value v = eval(expr, ctx, b, depth + 1);
  if (v.type == Value::Type::Null) return std::nullopt;
  if (auto d = default_from_value(v, f_.text(expr))) return d;
  return lit;
}

NameParts GoEval::name_parts_at(TSNode expr, Path ctx, const Bindings* b) {
  NamePieces parts;
  std::vector<TSNode> stack{expr};  // explicit stack: `"A" + x + ...` may be thousands deep
  while (!stack.empty()) {
    TSNode n = unwrap(stack.back());
    stack.pop_back();
    if (is_type(n, "binary_expression") && f_.op(n) == "+") {
      stack.push_back(f_.field(n, f_.fields.right));
      stack.push_back(f_.field(n, f_.fields.left));
      continue;
    }
    Value v = is_type(n, "identifier") || is_type(n, "selector_expression") || is_type(n, "call_expression") ||
                      is_type(n, "index_expression")
                  ? eval(n, ctx, b)
                  : Value{};
    if (v.type == Value::Type::Str) {
      parts.emplace_back(v.text);
      continue;
    }
    NameParts lit = name_parts(f_, n);
    if (lit.complete) {
      parts.emplace_back(lit.text);
      continue;
    }
    if (!lit.prefix.empty()) parts.emplace_back(lit.prefix);
    parts.emplace_back(std::nullopt);
    if (!lit.suffix.empty()) parts.emplace_back(lit.suffix);
  }
  return assemble_name_parts(parts);
}

std::vector<std::string> GoEval::declared_helpers() {
  std::vector<std::string> out;
  for (TSNode decl : code_children(f_.file.root))
    if ((is_type(decl, "function_declaration") || is_type(decl, "method_declaration")) && summarize(decl))
      out.emplace_back(f_.text(f_.field(decl, f_.fields.name)));
  return out;
}

}  // namespace envdrift::go
