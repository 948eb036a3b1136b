// sethvargo/go-envconfig's Lookupers: where a struct processed with
// `envconfig.ProcessWith(ctx, &envconfig.Config{Target: &c, Lookuper: l})` (v1) or
// `envconfig.ProcessWith(ctx, &c, l)` (v0) looks its keys up. Following the library's sources:
//   OsLookuper()            Lookup(k) = os.LookupEnv(k)
//   PrefixLookuper(p, l)    Lookup(k) = l.Lookup(p + k)      -> the prefixes of l, each + p
//   MultiLookuper(ls...)    the first lookuper that has k    -> every branch's prefixes
//   MapLookuper(m)          Lookup(k) = m[k]                 -> no environment read (the map's
//                                                              values are read where written)
// A lookuper held in a local or package variable, or returned by a function of the file, is
// followed to its expression (bounded depth).
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/resolve/files.h"
#include "analyzer/go/libraries.h"

namespace envdrift::go {

namespace {

constexpr int kMaxLookuperDepth = 8;

// Does statement `stmt` bind `name`? Then the bound expression (null when it binds it without
// one, like `var x T` or a multi-value call).
bool binds(const GoFile& f, TSNode stmt, std::string_view name, TSNode& out) {
  std::string_view t = node_type(stmt);
  if (t == "short_var_declaration" || t == "assignment_statement") {
    if (t == "assignment_statement" && f.op(stmt) != "=") return false;
    auto left = code_children(f.field(stmt, f.fields.left));
    auto right = code_children(f.field(stmt, f.fields.right));
    for (size_t i = 0; i < left.size(); ++i) {
      if (!is_type(left[i], "identifier") || f.text(left[i]) != name) continue;
      out = left.size() == right.size() ? right[i] : TSNode{};
      return true;
    }
    return false;
  }
  if (t == "var_declaration" || t == "var_spec" || t == "var_spec_list") {
    for (TSNode s : code_children(stmt)) {
      if (is_type(s, "var_spec_list") || is_type(s, "var_spec")) {
        if (binds(f, s, name, out)) return true;
        continue;
      }
    }
    if (t != "var_spec") return false;
    auto vals = code_children(child_by_field(stmt, "value"));
    size_t i = 0;
    for (TSNode k : code_children(stmt)) {
      if (!is_type(k, "identifier")) continue;
      if (f.text(k) == name) {
        out = i < vals.size() ? vals[i] : TSNode{};
        return true;
      }
      ++i;
    }
  }
  return false;
}

GoPrefix then(const GoPrefix& outer, const GoPrefix& inner) {
  // `inner` is looked up with `outer`'s text in front of the key: outer's text comes first.
  GoPrefix p = outer;
  if (!p.dynamic) {
    p.head += inner.head;
    p.dynamic = inner.dynamic;
    p.tail = inner.tail;
    if (inner.dynamic) p.expr = inner.expr;
  } else {
    p.tail += inner.head;  // the rest after an unknown part is only known up to it
  }
  p.steps.insert(p.steps.end(), inner.steps.begin(), inner.steps.end());
  return p;
}

class Lookupers {
 public:
  Lookupers(const GoFile& f, const GoExprEval& eval, const std::vector<std::string>& q) : f_(f), eval_(eval), q_(q) {}

  std::optional<std::vector<GoPrefix>> of(TSNode expr, int depth) {
    expr = unwrap(expr);
    if (ts_node_is_null(expr) || depth > kMaxLookuperDepth) return std::nullopt;
    if (is_type(expr, "identifier")) return of(local_binding(f_, expr), depth + 1);
    if (!is_type(expr, "call_expression")) return std::nullopt;
    auto args = call_args(f_, expr);
    std::string_view fn = qualified_call(f_, expr, q_);
    if (fn == "OsLookuper") return std::vector<GoPrefix>{GoPrefix{}};
    if (fn == "MapLookuper") return std::vector<GoPrefix>{};
    if (fn == "MultiLookuper") {
      std::vector<GoPrefix> out;
      std::vector<std::string> answered;  // keys a MapLookuper literal before has
      for (TSNode a : args) {
        auto p = of(a, depth + 1);
        if (!p) return std::nullopt;
        for (auto& x : *p) {
          if (!x.dynamic)
            for (const auto& k : answered) x.excluded.insert(x.head + k);
          out.push_back(std::move(x));
        }
        map_keys(a, answered);
      }
      return out;
    }
    if (fn == "PrefixLookuper" && args.size() == 2) {
      auto inner = of(args[1], depth + 1);
      if (!inner) return std::nullopt;
      GoPrefix p;
      NameParts np = eval_.name(args[0]);
      std::string label = "PrefixLookuper " + (np.complete ? np.text : std::string(f_.text(args[0])));
      if (np.complete) {
        p.head = np.text;
      } else {
        p.dynamic = true;
        p.head = np.prefix;
        p.tail = np.suffix;
        p.expr = f_.file.make_dynamic(args[0], args[0]).dynamic_expr;
      }
      p.steps.push_back(ViaStep{f_.file.src.rel, f_.file.line(expr), std::move(label)});
      std::vector<GoPrefix> out;
      for (const auto& q : *inner) out.push_back(then(q, p));
      return out;
    }
    if (!fn.empty()) return std::nullopt;
    // A function of this file returning a lookuper: every `return` it has.
    TSNode callee = unwrap(f_.field(expr, f_.fields.function));
    if (!is_type(callee, "identifier")) return std::nullopt;
    TSNode decl{};
    for (TSNode d : code_children(f_.file.root))
      if (is_type(d, "function_declaration") && f_.text(f_.field(d, f_.fields.name)) == f_.text(callee)) decl = d;
    if (ts_node_is_null(decl)) return std::nullopt;
    std::vector<GoPrefix> out;
    bool any = false, unknown = false;
    walk_preorder(child_by_field(decl, "body"), [&](TSNode n) {
      if (unknown || is_type(n, "func_literal")) return false;
      if (!is_type(n, "return_statement")) return true;
      auto p = of(named_child(named_child(n, 0), 0), depth + 1);
      if (!p) unknown = true;
      else out.insert(out.end(), p->begin(), p->end()), any = true;
      return false;
    });
    if (unknown || !any) return std::nullopt;
    return out;
  }

  // The constant keys of `MapLookuper(map[string]string{"K": …})`, added to `keys`.
  void map_keys(TSNode expr, std::vector<std::string>& keys) {
    expr = unwrap(expr);
    if (qualified_call(f_, expr, q_) != "MapLookuper") return;
    auto args = call_args(f_, expr);
    TSNode lit = args.size() == 1 ? composite_of(f_, args[0]) : TSNode{};
    if (ts_node_is_null(lit)) return;
    for (TSNode el : code_children(child_by_field(lit, "body"))) {
      if (!is_type(el, "keyed_element")) continue;
      auto kv = code_children(el);
      if (kv.empty()) continue;
      TSNode k = is_type(kv[0], "literal_element") ? named_child(kv[0], 0) : kv[0];
      NameParts np = eval_.name(k);
      if (np.complete) keys.push_back(np.text);
    }
  }

 private:
  const GoFile& f_;
  const GoExprEval& eval_;
  const std::vector<std::string>& q_;
};

}  // namespace

TSNode local_binding(const GoFile& f, TSNode ident) {
  if (!is_type(ident, "identifier")) return {};
  std::string_view name = f.text(ident);
  uint32_t here = ts_node_start_byte(ident);
  std::vector<TSNode> path = resolve::ancestor_path(f.file.root, ident);
  for (size_t i = path.size(); i-- > 0;) {
    TSNode scope = path[i];
    if (is_type(scope, "statement_list") || is_type(scope, "source_file")) {
      auto stmts = code_children(scope);
      for (size_t s = stmts.size(); s-- > 0;) {
        if (is_type(scope, "statement_list") && ts_node_end_byte(stmts[s]) > here) continue;
        TSNode out{};
        if (binds(f, stmts[s], name, out)) return out;
      }
    }
    std::string_view t = node_type(scope);
    if (t == "function_declaration" || t == "method_declaration" || t == "func_literal") {
      // A parameter of the same name hides the outer declarations.
      for (TSNode decl : code_children(child_by_field(scope, "parameters")))
        for (TSNode id : code_children(decl))
          if (is_type(id, "identifier") && f.text(id) == name) return {};
    }
  }
  return {};
}

TSNode composite_of(const GoFile& f, TSNode expr) {
  for (int guard = 0; guard < 4; ++guard) {
    expr = unwrap(expr);
    if (is_type(expr, "unary_expression") && f.op(expr) == "&") expr = unwrap(f.field(expr, f.fields.operand));
    if (is_type(expr, "composite_literal")) return expr;
    if (!is_type(expr, "identifier")) return {};
    expr = local_binding(f, expr);
  }
  return {};
}

TSNode keyed_value(const GoFile& f, TSNode lit, std::string_view key) {
  for (TSNode el : code_children(child_by_field(lit, "body"))) {
    if (!is_type(el, "keyed_element")) continue;
    auto kv = code_children(el);
    if (kv.size() != 2) continue;
    TSNode k = is_type(kv[0], "literal_element") ? named_child(kv[0], 0) : kv[0];
    if (f.text(k) != key) continue;
    return is_type(kv[1], "literal_element") ? named_child(kv[1], 0) : kv[1];
  }
  return {};
}

std::optional<std::vector<GoPrefix>> lookuper_prefixes(const GoFile& f, TSNode expr, const GoExprEval& eval,
                                                       const std::vector<std::string>& qualifiers) {
  return Lookupers(f, eval, qualifiers).of(expr, 0);
}

}  // namespace envdrift::go
