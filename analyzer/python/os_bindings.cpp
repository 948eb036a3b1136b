#include "analyzer/python/os_bindings.h"

namespace envdrift::py {

namespace {
// Statements that can hold an import somewhere below them; expressions never do, so the import
// scan does not descend into them.
bool may_hold_imports(std::string_view type) {
  return type == "module" || type == "block" || type == "if_statement" || type == "elif_clause" ||
         type == "else_clause" || type == "try_statement" || type == "except_clause" ||
         type == "except_group_clause" || type == "finally_clause" || type == "with_statement" ||
         type == "for_statement" || type == "while_statement" || type == "function_definition" ||
         type == "class_definition" || type == "decorated_definition" || type == "match_statement" ||
         type == "case_clause" || type == "ERROR";
}
}  // namespace

OsBindings::OsBindings(const PyFile& f) : f_(f) {
  walk_preorder(f.file.root, [&](TSNode n) {
    std::string_view t = node_type(n);
    if (t == "import_statement") {
      add_import(n);
      return false;
    }
    if (t == "import_from_statement") {
      add_from_import(n);
      return false;
    }
    return may_hold_imports(t);
  });
}

// `import os`, `import os.path` (binds `os`), `import os as o`; `import x as os` unbinds `os`.
void OsBindings::add_import(TSNode stmt) {
  for (TSNode item : code_children(stmt)) {
    if (is_type(item, "aliased_import")) {
      std::string_view module = f_.text(f_.field(item, f_.fields.name));
      std::string alias(f_.text(f_.field(item, f_.fields.alias)));
      if (module == "os") {
        module_.insert(alias);
      } else {
        module_.erase(alias);
        environ_.erase(alias);
        getenv_.erase(alias);
      }
    }
  }
}

// `from os import environ, getenv`, `from os import environ as E`, `from os import *`.
void OsBindings::add_from_import(TSNode stmt) {
  if (f_.text(f_.field(stmt, f_.fields.module_name)) != "os") return;
  for (TSNode item : code_children(stmt)) {
    if (same(item, f_.field(stmt, f_.fields.module_name))) continue;
    if (is_type(item, "wildcard_import")) {
      environ_.insert("environ");
      getenv_.insert("getenv");
      continue;
    }
    std::string_view imported, local;
    if (is_type(item, "aliased_import")) {
      imported = f_.text(f_.field(item, f_.fields.name));
      local = f_.text(f_.field(item, f_.fields.alias));
    } else if (is_type(item, "dotted_name")) {
      imported = local = f_.text(item);
    }
    if (imported == "environ") environ_.emplace(local);
    if (imported == "getenv") getenv_.emplace(local);
  }
}

bool OsBindings::is_bound_anywhere(std::string_view name) const {
  return module_.count(name) != 0 || environ_.count(name) != 0 || getenv_.count(name) != 0;
}

void OsBindings::enter_scope(TSNode function) {
  // The walk is pre-order, so nothing before this function is looked up again: drop the
  // shadows of functions that ended (keeps the list to the enclosing functions).
  uint32_t here = ts_node_start_byte(function);
  std::erase_if(shadows_, [&](const Shadow& s) { return s.end <= here; });
  std::vector<std::string_view> locals;
  for (TSNode p : code_children(f_.field(function, f_.fields.parameters))) {
    std::string_view t = node_type(p);
    if (t == "identifier") {
      locals.push_back(f_.text(p));
    } else if (t == "default_parameter" || t == "typed_default_parameter") {
      locals.push_back(f_.text(f_.field(p, f_.fields.name)));
    } else if (t == "typed_parameter" || t == "list_splat_pattern" || t == "dictionary_splat_pattern") {
      TSNode id = named_child(p, 0);
      if (is_type(id, "identifier")) locals.push_back(f_.text(id));
    }
  }
  TSNode body = f_.field(function, f_.fields.body);
  if (is_type(body, "block")) {
    for (TSNode stmt : code_children(body)) {
      if (!is_type(stmt, "expression_statement")) continue;
      TSNode assign = named_child(stmt, 0);
      if (!is_type(assign, "assignment")) continue;
      TSNode left = f_.field(assign, f_.fields.left);
      if (is_type(left, "identifier")) locals.push_back(f_.text(left));
    }
  }
  for (std::string_view name : locals) {
    if (is_bound_anywhere(name))
      shadows_.push_back({ts_node_start_byte(function), ts_node_end_byte(function), std::string(name)});
  }
}

bool OsBindings::bound(TSNode n, const std::set<std::string, std::less<>>& names) const {
  if (!is_type(n, "identifier")) return false;
  std::string_view name = f_.text(n);
  if (names.count(name) == 0) return false;
  uint32_t at = ts_node_start_byte(n);
  for (const Shadow& s : shadows_) {
    if (s.start <= at && at < s.end && s.name == name) return false;
  }
  return true;
}

bool OsBindings::is_environ(TSNode n) const {
  n = unwrap(n);
  if (is_environ_name(n)) return true;
  return is_type(n, "attribute") && f_.text(f_.field(n, f_.fields.attribute)) == "environ" &&
         is_os_module(unwrap(f_.field(n, f_.fields.object)));
}

bool OsBindings::is_getenv(TSNode n) const {
  n = unwrap(n);
  if (is_getenv_name(n)) return true;
  return is_type(n, "attribute") && f_.text(f_.field(n, f_.fields.attribute)) == "getenv" &&
         is_os_module(unwrap(f_.field(n, f_.fields.object)));
}

}  // namespace envdrift::py
