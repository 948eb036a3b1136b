#include "analyzer/typescript/defaults.h"

#include <string>

#include "analyzer/core/normalize.h"
#include "analyzer/typescript/env_access.h"
#include "analyzer/typescript/evaluate.h"

namespace envdrift::js {

namespace {

// Computed defaults are displayed, never compared; keep the display bounded.
constexpr size_t kMaxRawDefault = 200;

DefaultValue computed(std::string_view raw) {
  std::string r(raw.substr(0, kMaxRawDefault));
  if (raw.size() > kMaxRawDefault) r += "…";
  return DefaultValue{r, r, false};
}

DefaultValue number_literal(std::string_view raw, std::string_view sign = {}) {
  std::string text(sign);
  text += raw;
  std::string_view digits = text;
  if (!digits.empty() && digits.back() == 'n') digits.remove_suffix(1);  // BigInt literal
  return DefaultValue{text, normalize_code_value(digits), true};
}

// Does `node` read variable `name` anywhere below it? (The value branch of a presence ternary.)
bool reads_variable(const JsFile& f, TSNode node, std::string_view name) {
  bool found = false;
  walk_preorder(node, [&](TSNode n) {
    if (found) return false;
    if (auto a = access_of(f, n)) {
      auto n2 = access_name(f, *a);
      if (n2 && *n2 == name) found = true;
    }
    return !found;
  });
  return found;
}

// `cond ? value : fallback` where `cond` tests the presence of `name`: the fallback is the
// default when the value branch actually uses the variable.
std::optional<DefaultValue> presence_default(const JsFile& f, TSNode tern, bool negated,
                                             const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  TSNode value = f.field(tern, negated ? f.fields.alternative : f.fields.consequence);
  TSNode fallback = f.field(tern, negated ? f.fields.consequence : f.fields.alternative);
  if (!reads_variable(f, value, *name)) return std::nullopt;
  return default_of(f, fallback);
}

// A read sitting in a branch of a ternary: a default only when the condition tests the same
// variable and this read is the branch taken when it is set.
std::optional<DefaultValue> branch_default(const JsFile& f, TSNode tern, TSNode branch,
                                           const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  TSNode cond = unwrap_value(f.field(tern, f.fields.condition));
  bool negated = false;
  for (size_t step = 0; step < kMaxClimb && is_type(cond, "unary_expression") && f.op(cond) == "!"; ++step) {
    negated = !negated;
    cond = unwrap_value(f.field(cond, f.fields.argument));
  }
  auto tested = leading_access(f, cond);
  if (!tested) return std::nullopt;
  auto tested_name = access_name(f, *tested);
  if (!tested_name || *tested_name != *name) return std::nullopt;
  if (!same(f.field(tern, negated ? f.fields.alternative : f.fields.consequence), branch)) return std::nullopt;
  return default_of(f, f.field(tern, negated ? f.fields.consequence : f.fields.alternative));
}

// path[i] is a condition candidate: look through `!` and parentheses for the ternary it tests.
std::optional<DefaultValue> negated_presence(const JsFile& f, Path path, size_t i,
                                             const std::optional<std::string>& name) {
  bool negated = false;
  for (size_t step = 0; step < kMaxClimb && i > 0; ++step) {
    TSNode a = path[i - 1];
    if (is_type(a, "unary_expression") && f.op(a) == "!") {
      negated = !negated;
    } else if (!is_type(a, "parenthesized_expression")) {
      break;
    }
    --i;
  }
  if (i > 0 && is_type(path[i - 1], "ternary_expression") &&
      same(f.field(path[i - 1], f.fields.condition), path[i]))
    return presence_default(f, path[i - 1], negated, name);
  return std::nullopt;
}

// The first fallback of `left ?? right` / `left || right` that is not itself another read:
// in `A || (B || "x")` A's fallback is "x". Null when the chain ends in a read.
TSNode fallback_after(const JsFile& f, TSNode right) {
  TSNode fallback = right;
  for (size_t step = 0; step < kMaxClimb; ++step) {
    TSNode u = unwrap_value(fallback);
    if (!is_type(u, "binary_expression")) break;
    std::string_view op = f.op(u);
    if ((op != "??" && op != "||") || !leading_access(f, f.field(u, f.fields.left))) break;
    fallback = f.field(u, f.fields.right);
  }
  return leading_access(f, fallback) ? TSNode{} : fallback;
}

}  // namespace

std::optional<DefaultValue> default_of(const JsFile& f, TSNode expr) {
  f.last_fallback = expr;
  TSNode e = unwrap_value(expr);
  if (ts_node_is_null(e)) return std::nullopt;
  std::string_view et = node_type(e);
  if (f.eval != nullptr && et != "string" && et != "number" && et != "true" && et != "false" && et != "null") {
    // Constants, members of constant maps, folded arithmetic: `?? DEFAULT_TIMEOUT_MS`, `10 * 1024`.
    Value v = f.eval->eval(e);
    if (v.is_scalar()) return DefaultValue{std::string(f.text(e).substr(0, kMaxRawDefault)), normalize_code_value(v.text), true};
    if (v.type == Value::Type::Null) return std::nullopt;
  }
  std::string_view t = node_type(e);
  std::string_view raw = f.text(e);
  if (t == "string" || t == "template_string") {
    std::string value;
    if (!unquote_literal(raw, value)) return computed(raw);
    return DefaultValue{std::string(raw), normalize_code_value(value), true};
  }
  if (t == "number") return number_literal(raw);
  if (t == "unary_expression") {
    std::string_view op = f.op(e);
    TSNode arg = unwrap_value(f.field(e, f.fields.argument));
    if ((op == "-" || op == "+") && is_type(arg, "number")) return number_literal(f.text(arg), op == "-" ? "-" : "");
    return computed(raw);
  }
  if (t == "true" || t == "false") return DefaultValue{std::string(raw), normalize_code_value(raw), true};
  if (t == "null" || t == "undefined" || (t == "identifier" && raw == "undefined")) return std::nullopt;
  return computed(raw);
}

namespace {

// Whether default_for_read's step at path[i] (not presence_only) only climbs one level and
// decides nothing: a value wrapper or `await`; an operand of `&&` (`process.env.X &&
// process.env.X.trim() || "d"`); the right operand of `||` / `??` (its value is the
// expression's); a left one whose fallback is itself a read (`A || B`: A's default is B's,
// further up).
bool pure_step(const JsFile& f, Path path, size_t i) {
  TSNode cur = path[i], p = path[i - 1];
  std::string_view t = node_type(p);
  if (is_value_wrapper(t) || t == "await_expression") return true;
  if (t != "binary_expression") return false;
  std::string_view op = f.op(p);
  if (op == "&&") return true;
  if (op != "??" && op != "||") return false;
  return !same(f.field(p, f.fields.left), cur) || ts_node_is_null(fallback_after(f, f.field(p, f.fields.right)));
}

// Climbs the pure steps above path[i] (kMaxClimb steps in all at most) through the file's
// AncestorSkipper: the reads of one long `||` chain climb it once between them, not once each.
void climb_pure(const JsFile& f, Path path, size_t& i, size_t& step) {
  size_t j = f.pure_climbs.find(path, i, [&](size_t k) { return k == 0 || !pure_step(f, path, k); });
  if (j == AncestorSkipper::npos) j = 0;  // the run goes on above the path's start
  if (step + (i - j) > kMaxClimb) {
    step = kMaxClimb;  // the climb stops inside the run: where exactly does not matter
    return;
  }
  step += i - j;
  i = j;
}

}  // namespace

std::optional<DefaultValue> default_for_read(const JsFile& f, Path path, const std::optional<std::string>& name,
                                             bool presence_only) {
  if (path.empty()) return std::nullopt;
  size_t i = path.size() - 1;  // path[i] is the expression whose value is the read's value
  for (size_t step = 0; step < kMaxClimb && i > 0; ++step) {
    if (!presence_only) {
      climb_pure(f, path, i, step);
      if (step >= kMaxClimb || i == 0) break;
    }
    TSNode cur = path[i];
    TSNode p = path[i - 1];
    std::string_view t = node_type(p);
    if (t == "unary_expression" && f.op(p) == "!") return negated_presence(f, path, i, name);
    if (t == "ternary_expression") {
      if (same(f.field(p, f.fields.condition), cur)) return presence_default(f, p, false, name);
      return presence_only ? std::nullopt : branch_default(f, p, cur, name);
    }
    if (presence_only) {  // through value wrappers only (climb_pure took every pure step otherwise)
      if (!is_value_wrapper(t)) break;
      --i;
      continue;
    }
    if (t == "member_expression") {
      // A method call on the value: `process.env.X?.trim()`, `.toLowerCase()`, `.split(",")`.
      if (i >= 2 && same(f.field(p, f.fields.object), cur) && is_type(path[i - 2], "call_expression") &&
          same(f.field(path[i - 2], f.fields.function), p)) {
        i -= 2;
        continue;
      }
      break;
    }
    if (t == "arguments") {
      // The first argument of a numeric/string parse: `Number(process.env.X) || 5000`.
      // Also a local parse function given only the value: `toBool(process.env.X) ?? false`.
      bool parse_call = i >= 2 && is_type(path[i - 2], "call_expression") &&
                        is_type(unwrap_value(f.field(path[i - 2], f.fields.function)), "identifier") &&
                        named_child_count(p) == 1;
      if (i >= 2 && (is_conversion_call(f, path[i - 2]) || parse_call) && same(named_child(p, 0), cur)) {
        i -= 2;
        continue;
      }
      break;
    }
    // Left of `??` / `||` with a fallback that is not a read (every other binary step was pure).
    if (t != "binary_expression" || (f.op(p) != "??" && f.op(p) != "||")) break;
    return default_of(f, fallback_after(f, f.field(p, f.fields.right)));
  }
  return std::nullopt;
}

TSNode early_return_fallback(const JsFile& f, Path path) {
  if (path.empty()) return TSNode{};
  size_t i = path.size() - 1;
  for (size_t step = 0; step < kMaxClimb && i > 0; ++step) {
    std::string_view t = node_type(path[i - 1]);
    if (is_value_wrapper(t) || t == "await_expression") {
      --i;
    } else if (t == "arguments" && i >= 2 && is_conversion_call(f, path[i - 2])) {
      i -= 2;
    } else if (t == "member_expression" && i >= 2 && is_type(path[i - 2], "call_expression")) {
      i -= 2;  // `process.env.X?.trim()`
    } else {
      break;
    }
  }
  if (i < 3 || !is_type(path[i - 1], "variable_declarator") || !same(f.field(path[i - 1], f.fields.value), path[i]))
    return TSNode{};
  TSNode var = f.field(path[i - 1], f.fields.name);
  if (!is_type(var, "identifier")) return TSNode{};
  std::string_view v = f.text(var);
  TSNode decl = path[i - 2];
  TSNode block = path[i - 3];
  bool after = false;
  for (TSNode s : named_children(block)) {
    if (same(s, decl)) {
      after = true;
      continue;
    }
    if (!after) continue;
    if (is_type(s, "return_statement")) {
      // `return v ? parse(v) : "d"`, `return !v ? "d" : v`, `return v ?? "d"`, `return Number(v) || 5`.
      TSNode e = unwrap_value(named_child(s, 0));
      if (is_type(e, "ternary_expression")) {
        TSNode cond = unwrap_value(f.field(e, f.fields.condition));
        bool negated = is_type(cond, "unary_expression") && f.op(cond) == "!";
        if (negated) cond = unwrap_value(f.field(cond, f.fields.argument));
        if (f.text(cond) == v) return f.field(e, negated ? f.fields.consequence : f.fields.alternative);
      } else if (is_type(e, "binary_expression") && (f.op(e) == "??" || f.op(e) == "||")) {
        TSNode left = unwrap_value(f.field(e, f.fields.left));
        if (is_conversion_call(f, left)) left = unwrap_value(named_child(f.field(left, f.fields.arguments), 0));
        if (f.text(left) == v) return f.field(e, f.fields.right);
      }
      return TSNode{};
    }
    if (!is_type(s, "if_statement")) continue;
    TSNode cond = unwrap_value(f.field(s, f.fields.condition));
    bool tests = false;
    if (is_type(cond, "unary_expression") && f.op(cond) == "!") {
      tests = f.text(unwrap_value(f.field(cond, f.fields.argument))) == v;
    } else if (is_type(cond, "binary_expression")) {
      std::string_view op = f.op(cond);
      std::string_view l = f.text(f.field(cond, f.fields.left)), r = f.text(f.field(cond, f.fields.right));
      tests = (op == "===" || op == "==") && l == v && (r == "undefined" || r == "null" || r == "\"\"");
    }
    if (!tests) continue;
    TSNode body = f.field(s, f.fields.consequence);
    if (is_type(body, "statement_block")) body = named_child(body, 0);
    if (!is_type(body, "return_statement")) return TSNode{};
    return named_child(body, 0);
  }
  return TSNode{};
}

}  // namespace envdrift::js
