// Defaults of direct reads given by the code around them rather than by an argument:
//   port := os.Getenv("PORT"); if port == "" { port = "8080" }        -> 8080
//   v, ok := os.LookupEnv("MODE"); if !ok { v = "auto" }              -> auto
//   v := os.Getenv("T"); if v == "" { return "30s" } … return v        -> 30s (early return)
//   if v := os.Getenv("HOST"); v != "" { return v }; return "localhost" -> localhost
// The variable must be tested for being missing (`== ""`, `len(v) == 0`, `!ok`) and, for the
// return forms, be what the function returns.
#include <algorithm>

#include "analyzer/go/evaluate.h"

namespace envdrift::go {

namespace {

bool names_one_of(const GoFile& f, TSNode n, const std::vector<std::string>& vars) {
  n = unwrap(n);
  if (!is_type(n, "identifier")) return false;
  for (const auto& v : vars)
    if (f.text(n) == v) return true;
  return false;
}

// `v == ""`, `len(v) == 0`, `!ok`, `a || b` with one of those first.
bool tests_missing(const GoFile& f, TSNode cond, const std::vector<std::string>& vars) {
  cond = unwrap(cond);
  if (is_type(cond, "unary_expression")) return f.op(cond) == "!" && names_one_of(f, f.field(cond, f.fields.operand), vars);
  if (!is_type(cond, "binary_expression")) return false;
  std::string_view op = f.op(cond);
  if (op == "||") return tests_missing(f, f.field(cond, f.fields.left), vars);
  if (op != "==") return false;
  TSNode l = unwrap(f.field(cond, f.fields.left)), r = unwrap(f.field(cond, f.fields.right));
  if (f.text(r) == "\"\"" || f.text(r) == "``") return names_one_of(f, l, vars);
  if (f.text(r) == "0" && is_type(l, "call_expression") && f.text(f.field(l, f.fields.function)) == "len")
    return names_one_of(f, named_child(f.field(l, f.fields.arguments), 0), vars);
  return false;
}

// `v != ""`, `len(v) > 0`, `ok`, `ok && …`: a test that the value is present.
bool tests_present(const GoFile& f, TSNode cond, const std::vector<std::string>& vars) {
  cond = unwrap(cond);
  if (names_one_of(f, cond, vars)) return true;
  if (!is_type(cond, "binary_expression")) return false;
  std::string_view op = f.op(cond);
  if (op == "&&") return tests_present(f, f.field(cond, f.fields.left), vars);
  TSNode l = unwrap(f.field(cond, f.fields.left)), r = unwrap(f.field(cond, f.fields.right));
  if (op == "!=" && (f.text(r) == "\"\"" || f.text(r) == "``")) return names_one_of(f, l, vars);
  if ((op == ">" || op == "!=") && f.text(r) == "0" && is_type(l, "call_expression") && f.text(f.field(l, f.fields.function)) == "len")
    return names_one_of(f, named_child(f.field(l, f.fields.arguments), 0), vars);
  return false;
}

// The expression of a `return x` statement (first result), or null.
TSNode returned(TSNode stmt) {
  if (!is_type(stmt, "return_statement")) return {};
  return named_child(named_child(stmt, 0), 0);
}

// Does the block return `var` (possibly converted or parsed: `return v`, `return strings.TrimSpace(v)`)?
bool returns_var(const GoFile& f, TSNode body, const std::string& var) {
  bool found = false;
  walk_preorder(body, [&](TSNode n) {
    if (found || is_type(n, "func_literal")) return false;
    if (!is_type(n, "return_statement")) return true;
    TSNode e = unwrap(returned(n));
    if (is_type(e, "call_expression")) e = unwrap(named_child(f.field(e, f.fields.arguments), 0));
    found = is_type(e, "identifier") && f.text(e) == var;
    return false;
  });
  return found;
}

// The statements after `stmt` in `list`, at most `limit` of them.
std::vector<TSNode> following(const std::vector<TSNode>& stmts, TSNode stmt, size_t limit) {
  auto it = std::lower_bound(stmts.begin(), stmts.end(), ts_node_start_byte(stmt),
                             [](TSNode n, uint32_t b) { return ts_node_start_byte(n) < b; });
  if (it == stmts.end() || !ts_node_eq(*it, stmt)) return {};
  std::vector<TSNode> out;
  for (++it; it != stmts.end() && out.size() < limit; ++it) out.push_back(*it);
  return out;
}

// How far after a declaration its default may be set.
constexpr size_t kMaxFollowing = 8;

}  // namespace

const std::vector<TSNode>& GoEval::statements_of(TSNode list) {
  auto [it, fresh] = block_stmts_.try_emplace(ts_node_start_byte(list));
  if (fresh) it->second = code_children(list);
  return it->second;
}

std::optional<DefaultValue> GoEval::local_default(TSNode call, Path path) {
  // call -> expression_list -> the declaration or assignment binding it; or the read parsed
  // first: call -> argument_list -> `strconv.Atoi(…)` -> expression_list -> the statement.
  if (path.size() < 4 || !ts_node_eq(path.back(), call)) return std::nullopt;
  if (path.size() >= 6 && is_type(path[path.size() - 2], "argument_list") && is_parse_call(path[path.size() - 3]) &&
      ts_node_eq(named_child(path[path.size() - 2], 0), call))
    return parse_default(path.first(path.size() - 2));
  TSNode list = path[path.size() - 2], stmt = path[path.size() - 3];
  std::string_view st = node_type(stmt);
  if (!is_type(list, "expression_list") || code_children(list).size() != 1) return std::nullopt;
  if (st != "short_var_declaration" && st != "assignment_statement" && st != "var_spec") return std::nullopt;
  if (st != "var_spec" && !ts_node_eq(f_.field(stmt, f_.fields.right), list)) return std::nullopt;
  std::vector<std::string> vars;
  TSNode left = st == "var_spec" ? stmt : f_.field(stmt, f_.fields.left);
  for (TSNode id : code_children(left))
    if (is_type(id, "identifier")) vars.emplace_back(f_.text(id));
  if (vars.empty() || vars[0] == "_") return std::nullopt;
  if (st == "var_spec") stmt = path[path.size() - 4];  // the var_declaration is the statement
  std::vector<TSNode> ctx(path.begin(), path.end());

  TSNode fn{};
  for (size_t i = path.size(); i-- > 0;)
    if (is_type(path[i], "function_declaration") || is_type(path[i], "method_declaration") || is_type(path[i], "func_literal")) {
      fn = path[i];
      break;
    }
  auto value_of = [&](TSNode e) -> std::optional<DefaultValue> {
    if (ts_node_is_null(e) || is_type(unwrap(e), "nil")) return std::nullopt;
    std::vector<TSNode> p = path_to(e);
    return default_value(e, Path(p));
  };

  TSNode holder = parent(stmt);
  if (is_type(holder, "if_statement") && ts_node_eq(child_by_field(holder, "initializer"), stmt)) {
    // `if v := os.Getenv("X"); v != "" { return v }` then `return "d"` after the if.
    if (!tests_present(f_, child_by_field(holder, "condition"), vars)) return std::nullopt;
    if (!returns_var(f_, child_by_field(holder, "consequence"), vars[0])) return std::nullopt;
    TSNode list = parent(holder);
    if (!is_type(list, "statement_list")) return std::nullopt;
    auto next = following(statements_of(list), holder, 1);
    TSNode e = next.empty() ? TSNode{} : returned(next[0]);
    return ts_node_is_null(e) ? std::nullopt : value_of(e);
  }
  if (!is_type(holder, "statement_list")) return std::nullopt;
  // The statements after the declaration: `if v == "" { v = "d" }` / `{ return "d" }`.
  for (TSNode s : following(statements_of(holder), stmt, kMaxFollowing)) {
    if (!is_type(s, "if_statement")) continue;
    if (!tests_missing(f_, child_by_field(s, "condition"), vars)) continue;
    for (TSNode inner : code_children(named_child(child_by_field(s, "consequence"), 0))) {
      if (is_type(inner, "assignment_statement")) {
        auto l = code_children(f_.field(inner, f_.fields.left));
        auto r = code_children(f_.field(inner, f_.fields.right));
        if (l.size() == 1 && r.size() == 1 && names_one_of(f_, l[0], {vars[0]})) return value_of(r[0]);
        continue;
      }
      TSNode e = returned(inner);
      if (ts_node_is_null(e)) continue;
      if (ts_node_is_null(fn) || !returns_var(f_, child_by_field(fn, "body"), vars[0])) return std::nullopt;
      return value_of(e);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// `strconv.Atoi(x)`, `strconv.ParseBool(x)`, `strconv.ParseInt(x, 10, 64)`, `strconv.ParseUint`,
// `strconv.ParseFloat(x, 64)`, `time.ParseDuration(x)`: a parse of the read returning (value, error).
bool GoEval::is_parse_call(TSNode call) {
  if (!is_type(call, "call_expression")) return false;
  TSNode fn = unwrap(f_.field(call, f_.fields.function));
  if (!is_type(fn, "selector_expression")) return false;
  TSNode q = unwrap(f_.field(fn, f_.fields.operand));
  if (!is_type(q, "identifier")) return false;
  build_index();
  auto imp = imports_.find(f_.text(q));
  if (imp == imports_.end()) return false;
  std::string_view name = f_.text(f_.field(fn, f_.fields.field));
  if (imp->second == "time") return name == "ParseDuration";
  return imp->second == "strconv" &&
         (name == "Atoi" || name == "ParseBool" || name == "ParseInt" || name == "ParseUint" || name == "ParseFloat");
}

// `n, err := strconv.Atoi(os.Getenv("X")); if err != nil { n = 5 }` (or `{ return 5 }` in a
// function returning n): the value the parse failure gives, which is what an unset X gives.
// `path` ends at the parse call.
std::optional<DefaultValue> GoEval::parse_default(Path path) {
  if (path.size() < 3) return std::nullopt;
  TSNode list = path[path.size() - 2], stmt = path[path.size() - 3];
  std::string_view st = node_type(stmt);
  if (!is_type(list, "expression_list") || code_children(list).size() != 1) return std::nullopt;
  if (st != "short_var_declaration" && st != "assignment_statement") return std::nullopt;
  auto left = code_children(f_.field(stmt, f_.fields.left));
  if (left.size() != 2 || !is_type(left[0], "identifier") || !is_type(left[1], "identifier")) return std::nullopt;
  std::string var(f_.text(left[0])), err(f_.text(left[1]));
  if (var == "_" || err == "_") return std::nullopt;
  TSNode holder = parent(stmt);
  if (!is_type(holder, "statement_list")) return std::nullopt;
  TSNode fn{};
  for (size_t i = path.size(); i-- > 0;)
    if (is_type(path[i], "function_declaration") || is_type(path[i], "method_declaration") || is_type(path[i], "func_literal")) {
      fn = path[i];
      break;
    }
  for (TSNode s : following(statements_of(holder), stmt, kMaxFollowing)) {
    if (!is_type(s, "if_statement")) continue;
    TSNode cond = unwrap(child_by_field(s, "condition"));
    if (!is_type(cond, "binary_expression") || f_.op(cond) != "!=" || !names_one_of(f_, f_.field(cond, f_.fields.left), {err}) ||
        !is_type(unwrap(f_.field(cond, f_.fields.right)), "nil"))
      continue;
    for (TSNode inner : code_children(named_child(child_by_field(s, "consequence"), 0))) {
      TSNode e{};
      if (is_type(inner, "assignment_statement")) {
        auto l = code_children(f_.field(inner, f_.fields.left));
        auto r = code_children(f_.field(inner, f_.fields.right));
        if (l.size() == 1 && r.size() == 1 && names_one_of(f_, l[0], {var})) e = r[0];
        else continue;
      } else {
        e = returned(inner);
        if (ts_node_is_null(e)) continue;
        if (ts_node_is_null(fn) || !returns_var(f_, child_by_field(fn, "body"), var)) return std::nullopt;
      }
      if (ts_node_is_null(e) || is_type(unwrap(e), "nil")) return std::nullopt;
      std::vector<TSNode> p = path_to(e);
      return default_value(e, Path(p));
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace envdrift::go
