// Syntax helpers shared by the JS evaluator's files (evaluate.cpp, summaries.cpp): not an API.
#pragma once

#include <vector>

#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js::internal {

inline bool contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

// Visit every node below `root` with its ancestor path (prefix + the nodes down to it).
template <class Visit>
void walk_with_path(std::vector<TSNode> path, TSNode root, Visit&& visit) {
  walk_path(std::move(path), root, std::forward<Visit>(visit));
}

// The identifier a parameter binds and its default (`x`, `x = d`, `x: T = d`, `x?: T`), and
// whether it is a rest parameter (`...keys`, `...keys: string[]`: the arguments from there on).
inline void parameter_parts(const JsFile& f, TSNode p, TSNode* ident, TSNode* def, bool* rest = nullptr) {
  std::string_view t = node_type(p);
  *ident = TSNode{};
  *def = TSNode{};
  if (rest != nullptr) *rest = false;
  if (t == "identifier" || t == "rest_pattern") {
    *ident = p;
  } else if (t == "required_parameter" || t == "optional_parameter") {
    *ident = f.field(p, f.fields.pattern);
    *def = f.field(p, f.fields.value);
  } else if (t == "assignment_pattern") {
    *ident = f.field(p, f.fields.left);
    *def = f.field(p, f.fields.right);
  }
  if (is_type(*ident, "rest_pattern")) {
    *ident = ts_node_named_child(*ident, 0);
    if (rest != nullptr) *rest = true;
  }
  if (!is_type(*ident, "identifier")) *ident = TSNode{};
}

inline std::vector<TSNode> parameters_of(const JsFile& f, TSNode fn) {
  std::vector<TSNode> out;
  TSNode single = child_by_field(fn, "parameter");
  if (!ts_node_is_null(single)) {
    out.push_back(single);
    return out;
  }
  TSNode params = child_by_field(fn, "parameters");
  for (TSNode p : named_children(params)) {
    if (!is_type(p, "comment")) out.push_back(p);
  }
  (void)f;
  return out;
}

}  // namespace envdrift::js::internal
