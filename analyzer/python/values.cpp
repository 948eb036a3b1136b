#include "analyzer/python/values.h"

#include "analyzer/core/normalize.h"

namespace envdrift::py {

namespace {

bool has_interpolation(TSNode str) {
  for (TSNode k : code_children(str))
    if (is_type(k, "interpolation")) return true;
  return false;
}

// A `string` node without placeholders: its decoded text. `f"X"` counts (no placeholder).
std::optional<std::string> plain_string(const PyFile& f, TSNode str) {
  if (!is_type(str, "string") || has_interpolation(str)) return std::nullopt;
  std::string_view raw = f.text(str);
  std::string without_f;
  for (size_t i = 0; i < raw.size() && raw[i] != '"' && raw[i] != '\''; ++i) {
    if (raw[i] == 'f' || raw[i] == 'F') {
      // Drop the f prefix: with no placeholder an f-string is a plain literal.
      without_f = std::string(raw.substr(0, i)) + std::string(raw.substr(i + 1));
      raw = without_f;
      break;
    }
  }
  std::string out;
  if (!unquote_literal(raw, out)) return std::nullopt;
  return out;
}

// A name expression as a sequence of known texts and unknown holes (nullopt).
using Parts = NamePieces;

// Append the parts of one f-string: its literal runs, and a hole per placeholder.
void fstring_parts(const PyFile& f, TSNode str, Parts& out) {
  for (TSNode k : code_children(str)) {
    if (is_type(k, "string_content")) out.emplace_back(std::string(f.text(k)));
    else if (is_type(k, "interpolation")) out.emplace_back(std::nullopt);
  }
}

Parts flatten(const PyFile& f, TSNode expr) {
  Parts parts;
  std::vector<TSNode> stack{expr};  // explicit stack: `"A" + x + ...` may be thousands deep
  while (!stack.empty()) {
    TSNode n = unwrap(stack.back());
    stack.pop_back();
    std::string_view t = node_type(n);
    if (t == "binary_operator" && f.op(n) == "+") {
      stack.push_back(f.field(n, f.fields.right));
      stack.push_back(f.field(n, f.fields.left));
    } else if (t == "concatenated_string") {
      auto kids = code_children(n);
      for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
    } else if (t == "string") {
      if (auto s = plain_string(f, n)) parts.emplace_back(std::move(*s));
      else fstring_parts(f, n, parts);
    } else {
      parts.emplace_back(std::nullopt);
    }
  }
  return parts;
}

}  // namespace

NameParts name_parts(const PyFile& f, TSNode expr) { return assemble_name_parts(flatten(f, expr)); }

std::optional<std::string> name_of(const PyFile& f, TSNode expr) {
  NameParts np = name_parts(f, expr);
  if (!np.complete) return std::nullopt;
  return np.text;
}

std::optional<std::string> string_literal(const PyFile& f, TSNode expr) {
  expr = unwrap(expr);
  if (is_type(expr, "string")) return plain_string(f, expr);
  if (!is_type(expr, "concatenated_string")) return std::nullopt;
  std::string out;
  for (TSNode k : code_children(expr)) {
    auto s = plain_string(f, k);
    if (!s) return std::nullopt;
    out += *s;
  }
  return out;
}

std::optional<DefaultValue> default_of(const PyFile& f, TSNode expr) {
  expr = unwrap(expr);
  if (ts_node_is_null(expr) || is_type(expr, "none")) return std::nullopt;
  std::string raw(f.text(expr));
  std::string_view t = node_type(expr);
  if (t == "true" || t == "false") return DefaultValue{raw, to_lower(raw), true};
  if (t == "integer" || t == "float") return DefaultValue{raw, normalize_code_value(raw), true};
  if (t == "unary_operator" && (f.op(expr) == "-" || f.op(expr) == "+")) {
    TSNode arg = unwrap(f.field(expr, f.fields.argument));
    if (is_type(arg, "integer") || is_type(arg, "float"))
      return DefaultValue{raw, normalize_code_value(std::string(f.op(expr)) + std::string(f.text(arg))), true};
  }
  if (auto s = string_literal(f, expr)) return DefaultValue{raw, normalize_code_value(*s), true};
  return computed_default(raw);
}

}  // namespace envdrift::py
