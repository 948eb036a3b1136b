#include "analyzer/go/go_syntax.h"

namespace envdrift::go {

Fields::Fields(const TSLanguage* lang)
    : function(field_id(lang, "function")),
      arguments(field_id(lang, "arguments")),
      operand(field_id(lang, "operand")),
      field(field_id(lang, "field")),
      name(field_id(lang, "name")),
      path(field_id(lang, "path")),
      left(field_id(lang, "left")),
      right(field_id(lang, "right")),
      op(field_id(lang, "operator")),
      alias(field_id(lang, "alias")) {}

GoFile::GoFile(const ParsedFile& f)
    : file(f), fields(ts_node_is_null(f.root) ? nullptr : ts_node_language(f.root)) {}

TSNode GoFile::field(TSNode n, TSFieldId id) const {
  if (ts_node_is_null(n) || id == 0) return TSNode{};
  return ts_node_child_by_field_id(n, id);
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
  // Through a child range: ts_node_named_child(n, i) is linear in i, a loop over it quadratic.
  for (TSNode k : named_children(n))
    if (!is_type(k, "comment")) out.push_back(k);
  return out;
}

bool has_token(TSNode n, std::string_view token) {
  if (ts_node_is_null(n)) return false;
  for (TSNode k : children(n)) {
    if (!ts_node_is_named(k) && node_type(k) == token) return true;
  }
  return false;
}

}  // namespace envdrift::go
