#include "analyzer/typescript/js_syntax.h"

namespace envdrift::js {

Fields::Fields(const TSLanguage* lang)
    : object(field_id(lang, "object")),
      property(field_id(lang, "property")),
      index(field_id(lang, "index")),
      function(field_id(lang, "function")),
      arguments(field_id(lang, "arguments")),
      left(field_id(lang, "left")),
      right(field_id(lang, "right")),
      op(field_id(lang, "operator")),
      condition(field_id(lang, "condition")),
      consequence(field_id(lang, "consequence")),
      alternative(field_id(lang, "alternative")),
      argument(field_id(lang, "argument")),
      name(field_id(lang, "name")),
      value(field_id(lang, "value")),
      pattern(field_id(lang, "pattern")),
      key(field_id(lang, "key")) {}

JsFile::JsFile(const ParsedFile& f)
    : file(f), fields(ts_node_is_null(f.root) ? nullptr : ts_node_language(f.root)) {}

TSNode JsFile::field(TSNode n, TSFieldId id) const {
  if (ts_node_is_null(n) || id == 0) return TSNode{};
  return ts_node_child_by_field_id(n, id);
}

std::string_view JsFile::op(TSNode n) const { return node_type(field(n, fields.op)); }

namespace {
// The first named child that is not a comment (comments are named extras in these grammars).
TSNode first_expression_child(TSNode n) {
  for (TSNode k : named_children(n)) {
    if (!is_type(k, "comment")) return k;
  }
  return TSNode{};
}
}  // namespace

bool same(TSNode a, TSNode b) {
  return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b);
}

bool is_value_wrapper(std::string_view type) {
  return type == "parenthesized_expression" || type == "non_null_expression" || type == "as_expression" ||
         type == "satisfies_expression" || type == "type_assertion";
}

TSNode unwrap_value(TSNode n) {
  while (!ts_node_is_null(n)) {
    std::string_view t = node_type(n);
    if (t == "parenthesized_expression" || t == "non_null_expression" || t == "as_expression" ||
        t == "satisfies_expression") {
      // The expression is the first named child (`as`/`satisfies` put the type after it).
      TSNode inner = first_expression_child(n);
      if (ts_node_is_null(inner)) return n;
      n = inner;
    } else if (t == "type_assertion") {
      // `<T>x`: type arguments first, the expression last.
      uint32_t c = named_child_count(n);
      if (c == 0) return n;
      n = named_child(n, c - 1);
    } else {
      return n;
    }
  }
  return n;
}

}  // namespace envdrift::js
