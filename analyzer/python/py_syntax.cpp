#include "analyzer/python/py_syntax.h"

namespace envdrift::py {

Fields::Fields(const TSLanguage* lang)
    : object(field_id(lang, "object")),
      attribute(field_id(lang, "attribute")),
      function(field_id(lang, "function")),
      arguments(field_id(lang, "arguments")),
      value(field_id(lang, "value")),
      subscript(field_id(lang, "subscript")),
      left(field_id(lang, "left")),
      right(field_id(lang, "right")),
      op(field_id(lang, "operator")),
      name(field_id(lang, "name")),
      alias(field_id(lang, "alias")),
      module_name(field_id(lang, "module_name")),
      body(field_id(lang, "body")),
      parameters(field_id(lang, "parameters")),
      argument(field_id(lang, "argument")) {}

PyFile::PyFile(const ParsedFile& f)
    : file(f), fields(ts_node_is_null(f.root) ? nullptr : ts_node_language(f.root)) {}

TSNode PyFile::field(TSNode n, TSFieldId id) const {
  if (ts_node_is_null(n) || id == 0) return TSNode{};
  return ts_node_child_by_field_id(n, id);
}

bool same(TSNode a, TSNode b) {
  return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b);
}

TSNode unwrap(TSNode n) {
  while (is_type(n, "parenthesized_expression")) {
    auto kids = code_children(n);
    if (kids.size() != 1) return n;
    n = kids[0];
  }
  return n;
}

std::vector<TSNode> code_children(TSNode n) {
  std::vector<TSNode> out;
  if (ts_node_is_null(n)) return out;
  // ts_node_named_child would descend into anonymous tokens that hold an extra (`not \ in`
  // keeps its line continuation inside the `not in` token), so iterate the direct children,
  // through a child range: ts_node_child(n, i) is linear in i, a module of thousands of
  // statements would make this quadratic.
  for (TSNode k : named_children(n))
    if (!is_type(k, "comment") && !is_type(k, "line_continuation")) out.push_back(k);
  return out;
}

}  // namespace envdrift::py
