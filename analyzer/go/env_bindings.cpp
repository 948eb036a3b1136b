#include "analyzer/go/env_bindings.h"

#include <algorithm>
#include <array>

namespace envdrift::go {

namespace {

struct EnvFunctionEntry {
  std::string_view package;  // import path
  std::string_view name;     // exported function name
  EnvFunction function;
};

// The one list of environment functions the go frontend knows.
constexpr std::array<EnvFunctionEntry, 5> kEnvFunctions{{
    {"os", "Getenv", EnvFunction::Getenv},
    {"os", "LookupEnv", EnvFunction::LookupEnv},
    {"os", "ExpandEnv", EnvFunction::ExpandEnv},
    {"os", "Expand", EnvFunction::Expand},
    {"syscall", "Getenv", EnvFunction::Getenv},
}};

std::optional<EnvFunction> lookup(std::string_view package, std::string_view name) {
  for (const auto& e : kEnvFunctions)
    if (e.package == package && e.name == name) return e.function;
  return std::nullopt;
}

bool has_env_functions(std::string_view package) {
  return std::any_of(kEnvFunctions.begin(), kEnvFunctions.end(),
                     [&](const EnvFunctionEntry& e) { return e.package == package; });
}

// Nodes that open a block scope in go (the function scopes hold the parameters; the
// if/for/switch statements hold the variables of their init statements).
bool opens_scope(std::string_view t) {
  return t == "block" || t == "function_declaration" || t == "method_declaration" || t == "func_literal" ||
         t == "if_statement" || t == "for_statement" || t == "expression_switch_statement" ||
         t == "type_switch_statement" || t == "select_statement" || t == "expression_case" ||
         t == "type_case" || t == "default_case" || t == "communication_case";
}

bool is_function_node(TSNode n) {
  std::string_view t = node_type(n);
  return t == "function_declaration" || t == "method_declaration" || t == "func_literal";
}

}  // namespace

EnvBindings::EnvBindings(const GoFile& f) : f_(f) { collect_imports(); }

void EnvBindings::collect_imports() {
  // Imports only appear at the top of a file, right below source_file.
  TSTreeCursor cur = ts_tree_cursor_new(f_.file.root);
  std::vector<TSNode> decls;
  if (ts_tree_cursor_goto_first_child(&cur)) {
    do {
      TSNode k = ts_tree_cursor_current_node(&cur);
      std::string_view t = node_type(k);
      if (t == "import_declaration") decls.push_back(k);
      else if (ts_node_is_named(k) && t != "package_clause" && t != "comment" && t != "ERROR") break;  // imports come first
    } while (ts_tree_cursor_goto_next_sibling(&cur));
  }
  ts_tree_cursor_delete(&cur);
  for (TSNode decl : decls) {
    for (TSNode spec : code_children(decl)) {
      if (is_type(spec, "import_spec")) import_spec(spec);
      if (is_type(spec, "import_spec_list"))
        for (TSNode s : code_children(spec))
          if (is_type(s, "import_spec")) import_spec(s);
    }
  }
}

void EnvBindings::import_spec(TSNode spec) {
  std::string path;
  if (!unquote_literal(f_.text(f_.field(spec, f_.fields.path)), path) || !has_env_functions(path)) return;
  TSNode name = f_.field(spec, f_.fields.name);
  if (ts_node_is_null(name)) {
    // The package name of "os" and "syscall" is the import path itself.
    qualifiers_[path] = path;
  } else if (is_type(name, "dot")) {
    dot_packages_.push_back(path);
  } else if (is_type(name, "package_identifier")) {
    qualifiers_[std::string(f_.text(name))] = path;
  }  // `_`: imported for side effects only
}

bool EnvBindings::interesting(std::string_view name) const {
  if (qualifiers_.count(std::string(name)) != 0) return true;
  for (const auto& pkg : dot_packages_)
    if (lookup(pkg, name)) return true;
  return false;
}

bool EnvBindings::shadowed(std::string_view name) const {
  auto it = shadow_.find(std::string(name));
  return it != shadow_.end() && it->second > 0;
}

void EnvBindings::declare(TSNode identifier) {
  if (!is_type(identifier, "identifier") || scopes_.empty()) return;
  std::string name(f_.text(identifier));
  if (!interesting(name)) return;
  ++shadow_[name];
  scopes_.back().names.push_back(std::move(name));
}

void EnvBindings::declare_identifiers(TSNode list) {
  for (TSNode k : code_children(list)) declare(k);
}

void EnvBindings::enter(Path path) {
  TSNode n = path.back();
  std::string_view t = node_type(n);
  if (!opens_scope(t)) return;
  scopes_.push_back(Scope{n, {}});
  // `switch os := v.(type) { case T: ... }` binds `os` in every case clause.
  if ((t == "type_case" || t == "default_case") && path.size() >= 2 &&
      is_type(path[path.size() - 2], "type_switch_statement"))
    declare_identifiers(f_.field(path[path.size() - 2], f_.fields.alias));
}

void EnvBindings::leave(Path path) {
  TSNode n = path.back();
  if (!scopes_.empty() && ts_node_eq(scopes_.back().node, n)) {
    for (const auto& name : scopes_.back().names) --shadow_[name];
    scopes_.pop_back();
    return;
  }
  // A declaration binds its names from the end of the statement on (`os := os.Getenv("X")`
  // still reads through the import on the right-hand side).
  declare_from(path);
}

void EnvBindings::declare_from(Path path) {
  TSNode n = path.back();
  std::string_view t = node_type(n);
  if (t == "short_var_declaration") {
    declare_identifiers(f_.field(n, f_.fields.left));
  } else if (t == "range_clause" || t == "receive_statement") {
    if (has_token(n, ":=")) declare_identifiers(f_.field(n, f_.fields.left));
  } else if (t == "var_spec" || t == "const_spec") {
    declare_identifiers(n);  // the identifiers directly below are the names
  } else if (t == "parameter_declaration" || t == "variadic_parameter_declaration") {
    // Only the parameters of a function with a body bind names (not those of a func type).
    if (path.size() >= 3 && is_type(path[path.size() - 2], "parameter_list") && is_function_node(path[path.size() - 3]))
      declare_identifiers(n);
  }
}

std::optional<EnvFunction> EnvBindings::env_function(TSNode callee) const {
  callee = unwrap(callee);
  if (is_type(callee, "selector_expression")) {
    TSNode operand = unwrap(f_.field(callee, f_.fields.operand));
    if (!is_type(operand, "identifier")) return std::nullopt;
    auto it = qualifiers_.find(std::string(f_.text(operand)));
    if (it == qualifiers_.end() || shadowed(it->first)) return std::nullopt;
    return lookup(it->second, f_.text(f_.field(callee, f_.fields.field)));
  }
  if (is_type(callee, "identifier")) {
    std::string_view name = f_.text(callee);
    if (shadowed(name)) return std::nullopt;
    for (const auto& pkg : dot_packages_)
      if (auto fn = lookup(pkg, name)) return fn;
  }
  return std::nullopt;
}

}  // namespace envdrift::go
