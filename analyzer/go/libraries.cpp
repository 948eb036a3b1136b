// The entry point of the go library matchers and the small helpers both halves share (imports,
// qualified calls, the struct type behind `&cfg`). The matchers themselves live in
// struct_tags.cpp (caarlos0/env, envconfig, go-arg) and flag_libs.cpp (urfave/cli, viper).
#include "analyzer/go/libraries.h"

#include "analyzer/core/resolve/files.h"
#include "analyzer/go/values.h"

namespace envdrift::go {

GoExprEval literal_eval(const GoFile& f) {
  GoExprEval e;
  e.name = [&f](TSNode n) { return name_parts(f, n); };
  e.names = [&f](TSNode n) {
    std::vector<NameParts> out;
    n = unwrap(n);
    if (is_type(n, "composite_literal")) {
      TSNode body = child_by_field(n, "body");
      for (TSNode el : code_children(body)) {
        TSNode v = is_type(el, "literal_element") || is_type(el, "element") ? ts_node_named_child(el, 0) : el;
        out.push_back(name_parts(f, v));
      }
    } else {
      out.push_back(name_parts(f, n));
    }
    return out;
  };
  e.default_value = [&f](TSNode n) { return default_of(f, n); };
  return e;
}

void extract_go_libraries(const GoFile& f, const GoExprEval& eval, FileResult& out) {
  extract_struct_tags(f, eval, out);
  extract_flag_libs(f, eval, out);
  extract_flag_chains(f, eval, out);
}

namespace {

// The import specs of `f` (they come right after the package clause).
std::vector<TSNode> import_specs(const GoFile& f) {
  TSTreeCursor cur = ts_tree_cursor_new(f.file.root);
  std::vector<TSNode> decls;
  if (ts_tree_cursor_goto_first_child(&cur)) {
    do {
      TSNode k = ts_tree_cursor_current_node(&cur);
      if (is_type(k, "import_declaration")) decls.push_back(k);
      else if (ts_node_is_named(k) && !is_type(k, "package_clause") && !is_type(k, "comment")) break;
    } while (ts_tree_cursor_goto_next_sibling(&cur));
  }
  ts_tree_cursor_delete(&cur);
  std::vector<TSNode> specs;
  for (TSNode decl : decls) {
    for (TSNode k : code_children(decl)) {
      if (is_type(k, "import_spec")) specs.push_back(k);
      else if (is_type(k, "import_spec_list"))
        for (TSNode s : code_children(k))
          if (is_type(s, "import_spec")) specs.push_back(s);
    }
  }
  return specs;
}

const std::vector<GoImport>& imports_of(const GoFile& f) {
  if (!f.imports) {
    std::vector<GoImport> out;
    for (TSNode spec : import_specs(f))
      if (auto path = string_literal(f, f.field(spec, f.fields.path))) out.push_back({std::move(*path), f.field(spec, f.fields.name)});
    f.imports = std::move(out);
  }
  return *f.imports;
}

}  // namespace

std::vector<std::string> import_paths(const GoFile& f) {
  std::vector<std::string> out;
  for (const GoImport& im : imports_of(f)) out.push_back(im.path);
  return out;
}

std::vector<std::string> import_names(const GoFile& f, std::string_view fragment, std::string_view default_name) {
  std::vector<std::string> names;
  for (const GoImport& im : imports_of(f)) {
    if (im.path.find(fragment) == std::string::npos) continue;
    if (ts_node_is_null(im.alias)) names.emplace_back(default_name);
    else if (is_type(im.alias, "package_identifier")) names.emplace_back(f.text(im.alias));
  }
  return names;
}

TSNode name_site(const GoFile& f, TSNode at, TSNode name) {
  TSNode lit = unwrap(name);
  if (ts_node_is_null(lit) || ts_node_is_null(at)) return at;
  if (!is_type(lit, "interpreted_string_literal") && !is_type(lit, "raw_string_literal")) return at;
  return f.file.line(lit) != f.file.line(at) ? lit : at;
}

std::vector<TSNode> list_elements(TSNode list) {
  std::vector<TSNode> out;
  list = unwrap(list);
  if (!is_type(list, "composite_literal")) return out;
  for (TSNode el : code_children(child_by_field(list, "body")))
    out.push_back(is_type(el, "literal_element") || is_type(el, "element") ? ts_node_named_child(el, 0) : el);
  return out;
}

std::string_view qualified_call(const GoFile& f, TSNode call, const std::vector<std::string>& qualifiers) {
  if (!is_type(call, "call_expression")) return {};
  TSNode fn = unwrap(f.field(call, f.fields.function));
  if (!is_type(fn, "selector_expression")) return {};
  std::string_view q = f.text(f.field(fn, f.fields.operand));
  for (const auto& name : qualifiers)
    if (name == q) return f.text(f.field(fn, f.fields.field));
  return {};
}

std::vector<TSNode> call_args(const GoFile& f, TSNode call) {
  return code_children(f.field(call, f.fields.arguments));
}

namespace {

// `Config`, `*Config`, `Config[T]` -> "Config"; `config.Spec` -> "config.Spec"; literals -> "".
// `node` receives the type expression named (pointers removed).
std::string type_name(const GoFile& f, TSNode type, TSNode& node) {
  while (is_type(type, "pointer_type")) type = named_child(type, 0);
  if (is_type(type, "generic_type")) type = child_by_field(type, "type");
  node = type;
  if (is_type(type, "type_identifier")) return std::string(f.text(type));
  if (is_type(type, "qualified_type"))
    return std::string(f.text(child_by_field(type, "package"))) + "." + std::string(f.text(child_by_field(type, "name")));
  return {};
}

// The struct type a value expression builds: `Config{}`, `&Config{}`, `new(Config)`.
std::string value_type(const GoFile& f, TSNode value, TSNode& node) {
  value = unwrap(value);
  if (is_type(value, "unary_expression") && f.op(value) == "&") value = unwrap(f.field(value, f.fields.operand));
  if (is_type(value, "composite_literal")) return type_name(f, child_by_field(value, "type"), node);
  if (is_type(value, "call_expression") && f.text(f.field(value, f.fields.function)) == "new") {
    auto args = call_args(f, value);
    if (args.size() == 1) return type_name(f, args[0], node);
  }
  return {};
}

// The type the declaration of identifier `ident` in scope gives it: a `var x T` / `var x = v` /
// `x := v` before it in the enclosing blocks, or a parameter `x *T` of the enclosing function.
std::string scoped_type(const GoFile& f, TSNode ident, TSNode& node) {
  std::string_view var = f.text(ident);
  uint32_t here = ts_node_start_byte(ident);
  std::vector<TSNode> path = resolve::ancestor_path(f.file.root, ident);
  for (size_t i = path.size(); i-- > 0;) {
    TSNode scope = path[i];
    std::string_view t = node_type(scope);
    if (t == "statement_list") {
      auto stmts = code_children(scope);
      for (size_t k = stmts.size(); k-- > 0;) {
        if (ts_node_end_byte(stmts[k]) > here) continue;
        TSNode st = stmts[k];
        if (is_type(st, "short_var_declaration")) {
          auto left = code_children(f.field(st, f.fields.left));
          auto right = code_children(f.field(st, f.fields.right));
          for (size_t j = 0; j < left.size(); ++j)
            if (f.text(left[j]) == var) return j < right.size() ? value_type(f, right[j], node) : std::string{};
        } else if (is_type(st, "var_declaration")) {
          for (TSNode spec : code_children(st)) {
            if (!is_type(spec, "var_spec")) continue;
            auto vals = code_children(child_by_field(spec, "value"));
            size_t j = 0;
            for (TSNode id : code_children(spec)) {
              if (!is_type(id, "identifier")) continue;
              if (f.text(id) == var) {
                std::string out = type_name(f, child_by_field(spec, "type"), node);
                if (out.empty() && j < vals.size()) out = value_type(f, vals[j], node);
                return out;
              }
              ++j;
            }
          }
        }
      }
    } else if (t == "function_declaration" || t == "method_declaration" || t == "func_literal") {
      for (TSNode decl : code_children(child_by_field(scope, "parameters")))
        for (TSNode id : code_children(decl))
          if (is_type(id, "identifier") && f.text(id) == var) return type_name(f, child_by_field(decl, "type"), node);
    }
  }
  return {};
}

}  // namespace

std::string struct_type_of(const GoFile& f, TSNode expr, TSNode* type_node) {
  TSNode scratch{};
  TSNode& node = type_node != nullptr ? *type_node : scratch;
  expr = unwrap(expr);
  if (std::string t = value_type(f, expr, node); !t.empty()) return t;
  if (is_type(expr, "unary_expression") && f.op(expr) == "&") expr = unwrap(f.field(expr, f.fields.operand));
  if (!is_type(expr, "identifier")) return {};
  std::string_view var = f.text(expr);
  std::string found;
  // The declaration in scope first (`var s Service` in this function, not an `s` of another).
  if (std::string t = scoped_type(f, expr, node); !t.empty()) return t;
  walk_preorder(f.file.root, [&](TSNode n) {
    if (!found.empty()) return false;
    std::string_view t = node_type(n);
    if (t == "var_spec" || t == "parameter_declaration") {
      TSNode type = child_by_field(n, "type");
      TSNode values = child_by_field(n, "value");
      auto vals = code_children(values);
      size_t i = 0;
      for (TSNode k : code_children(n)) {
        if (!is_type(k, "identifier")) continue;
        if (f.text(k) == var) {
          found = type_name(f, type, node);
          if (found.empty() && i < vals.size()) found = value_type(f, vals[i], node);
          return false;
        }
        ++i;
      }
    } else if (t == "short_var_declaration") {
      auto left = code_children(f.field(n, f.fields.left));
      auto right = code_children(f.field(n, f.fields.right));
      for (size_t i = 0; i < left.size() && i < right.size(); ++i)
        if (f.text(left[i]) == var) found = value_type(f, right[i], node);
    }
    return true;
  });
  return found;
}

}  // namespace envdrift::go
