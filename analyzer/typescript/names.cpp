#include "analyzer/typescript/names.h"

#include <vector>

#include "analyzer/typescript/evaluate.h"

namespace envdrift::js {

namespace {

struct Segment {
  bool known = false;
  std::string text;
};

void append_known(std::vector<Segment>& out, std::string_view text) {
  if (!out.empty() && out.back().known) {
    out.back().text += text;
  } else {
    out.push_back({true, std::string(text)});
  }
}

void append_unknown(std::vector<Segment>& out) {
  if (out.empty() || out.back().known) out.push_back({false, {}});
}

// The value of a non-literal part when it is one constant string.
bool constant_part(const JsFile& f, TSNode n, bool resolve_constants, std::vector<Segment>& out) {
  if (!resolve_constants || f.eval == nullptr) return false;
  Value v = f.eval->eval(n);
  if (!v.is_scalar()) return false;
  append_known(out, v.text);
  return true;
}

// A template literal: its fragments are known, its substitutions are not.
void template_segments(const JsFile& f, TSNode tmpl, std::vector<Segment>& out, bool resolve_constants) {
  std::string plain;
  if (unquote_literal(f.text(tmpl), plain)) {
    append_known(out, plain);
    return;
  }
  for (TSNode part : named_children(tmpl)) {
    std::string_view t = node_type(part);
    if (t == "string_fragment" || t == "escape_sequence") {
      append_known(out, f.text(part));
    } else if (t == "template_substitution") {
      if (!constant_part(f, named_child(part, 0), resolve_constants, out)) append_unknown(out);
    }
  }
}

// Flatten a `+` chain into known/unknown segments, left to right, with an explicit stack
// (a long concatenation must not recurse).
std::vector<Segment> segments_of(const JsFile& f, TSNode expr, bool resolve_constants) {
  std::vector<Segment> out;
  std::vector<TSNode> stack{expr};
  while (!stack.empty()) {
    TSNode n = unwrap_value(stack.back());
    stack.pop_back();
    std::string_view t = node_type(n);
    if (t == "binary_expression" && f.op(n) == "+") {
      stack.push_back(f.field(n, f.fields.right));
      stack.push_back(f.field(n, f.fields.left));
      continue;
    }
    std::string value;
    if (t == "string" && unquote_literal(f.text(n), value)) {
      append_known(out, value);
    } else if (t == "template_string") {
      template_segments(f, n, out, resolve_constants);
    } else if (!constant_part(f, n, resolve_constants, out)) {
      append_unknown(out);
    }
  }
  return out;
}

}  // namespace

NameParts name_parts(const JsFile& f, TSNode expr, bool resolve_constants) {
  NamePieces pieces;
  for (auto& s : segments_of(f, expr, resolve_constants)) {
    if (s.known) pieces.emplace_back(std::move(s.text));
    else pieces.emplace_back(std::nullopt);
  }
  NameParts parts = assemble_name_parts(pieces);
  if (parts.complete) parts.prefix = parts.text;
  return parts;
}

std::optional<std::string> name_of(const JsFile& f, TSNode expr) {
  NameParts parts = name_parts(f, expr);
  if (parts.complete && !parts.text.empty()) return parts.text;
  if (parts.complete || f.eval == nullptr) return std::nullopt;
  // Constants, constant maps, enums: one resolved name (sets are expanded by the extractor).
  Value v = f.eval->eval(expr);
  if (v.type != Value::Type::Str || v.text.empty()) return std::nullopt;
  return v.text;
}

}  // namespace envdrift::js
