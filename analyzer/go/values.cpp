#include "analyzer/go/values.h"

#include <vector>

#include "analyzer/core/normalize.h"

namespace envdrift::go {

namespace {

// A name expression as a sequence of known texts and unknown holes (nullopt).
using Parts = NamePieces;

// `fmt.Sprintf(...)` (syntactically: the qualifier is not checked against the imports).
bool is_sprintf(const GoFile& f, TSNode call) {
  TSNode fn = unwrap(f.field(call, f.fields.function));
  if (!is_type(fn, "selector_expression")) return false;
  return f.text(f.field(fn, f.fields.operand)) == "fmt" && f.text(f.field(fn, f.fields.field)) == "Sprintf";
}

// The parts of a Printf format: literal runs (with `%%` decoded) and a hole per verb
// (`%s`, `%-10v`, `%[1]d`, `%*d`).
void format_parts(std::string_view format, Parts& out) {
  std::string run;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      run += format[i];
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      run += '%';
      ++i;
      continue;
    }
    // Flags, width, precision and argument indexes, then the verb letter.
    size_t j = i + 1;
    while (j < format.size() && std::string_view("+-# 0123456789.*[]").find(format[j]) != std::string_view::npos) ++j;
    if (!run.empty()) out.emplace_back(std::move(run));
    run.clear();
    out.emplace_back(std::nullopt);
    i = j;  // the verb (or the end of the string)
  }
  if (!run.empty()) out.emplace_back(std::move(run));
}

Parts flatten(const GoFile& f, TSNode expr) {
  Parts parts;
  std::vector<TSNode> stack{expr};  // explicit stack: `"A" + x + ...` may be thousands deep
  while (!stack.empty()) {
    TSNode n = unwrap(stack.back());
    stack.pop_back();
    std::string_view t = node_type(n);
    if (t == "binary_expression" && f.op(n) == "+") {
      stack.push_back(f.field(n, f.fields.right));
      stack.push_back(f.field(n, f.fields.left));
    } else if (auto s = string_literal(f, n)) {
      parts.emplace_back(std::move(*s));
    } else if (t == "call_expression" && is_sprintf(f, n)) {
      auto args = code_children(f.field(n, f.fields.arguments));
      auto format = args.empty() ? std::nullopt : string_literal(f, args[0]);
      if (format) format_parts(*format, parts);
      else parts.emplace_back(std::nullopt);
    } else {
      parts.emplace_back(std::nullopt);
    }
  }
  return parts;
}

}  // namespace

NameParts name_parts(const GoFile& f, TSNode expr) { return assemble_name_parts(flatten(f, expr)); }

std::optional<std::string> name_of(const GoFile& f, TSNode expr) {
  NameParts np = name_parts(f, expr);
  if (!np.complete) return std::nullopt;
  return np.text;
}

std::optional<std::string> string_literal(const GoFile& f, TSNode expr) {
  expr = unwrap(expr);
  std::string out;
  if (is_type(expr, "raw_string_literal")) {
    // Verbatim between the backquotes, minus carriage returns (the go spec drops them).
    std::string_view raw = f.text(expr);
    if (raw.size() < 2 || raw.front() != '`' || raw.back() != '`') return std::nullopt;
    for (char c : raw.substr(1, raw.size() - 2))
      if (c != '\r') out += c;
    return out;
  }
  if (!is_type(expr, "interpreted_string_literal")) return std::nullopt;
  if (!unquote_literal(f.text(expr), out)) return std::nullopt;
  return out;
}

std::optional<DefaultValue> default_of(const GoFile& f, TSNode expr) {
  expr = unwrap(expr);
  if (ts_node_is_null(expr) || is_type(expr, "nil")) return std::nullopt;
  std::string raw(f.text(expr));
  std::string_view t = node_type(expr);
  if (t == "true" || t == "false") return DefaultValue{raw, raw, true};
  if (t == "int_literal" || t == "float_literal") return DefaultValue{raw, normalize_code_value(raw), true};
  if (t == "unary_expression" && (f.op(expr) == "-" || f.op(expr) == "+")) {
    TSNode arg = unwrap(f.field(expr, f.fields.operand));
    if (is_type(arg, "int_literal") || is_type(arg, "float_literal"))
      return DefaultValue{raw, normalize_code_value(std::string(f.op(expr)) + std::string(f.text(arg))), true};
  }
  if (auto s = string_literal(f, expr)) return DefaultValue{raw, normalize_code_value(*s), true};
  return computed_default(raw);
}

}  // namespace envdrift::go
