#include "analyzer/core/resolve/value.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "analyzer/core/normalize.h"

namespace envdrift::resolve {

namespace {

int kind_rank(ReadKind k) { return k == ReadKind::Map ? 2 : k == ReadKind::Constant ? 1 : 0; }

std::optional<double> to_double(const Value& v) {
  if (v.type != Value::Type::Num) return std::nullopt;
  double d = 0;
  auto [p, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
  if (ec != std::errc() || p != v.text.data() + v.text.size()) return std::nullopt;
  return d;
}

Value from_double(double d) {
  if (!std::isfinite(d)) return {};
  if (std::floor(d) == d && std::fabs(d) < 9007199254740992.0) return Value::num(fmt::format("{}", static_cast<long long>(d)));
  auto c = canonical_number(fmt::format("{}", d));
  return c ? Value::num(*c) : Value{};
}

// Join the provenance of two operands into a result.
void merge_provenance(Value& out, const Value& a, const Value& b) {
  out.via = a.via;
  out.via.insert(out.via.end(), b.via.begin(), b.via.end());
  trim_via(out.via);
  out.kind = stronger(a.kind, b.kind);
}

Value scalar_binary(std::string_view op, const Value& a, const Value& b) {
  Value out;
  if (op == "+" && (a.type == Value::Type::Str || b.type == Value::Type::Str)) {
    if (!a.is_scalar() || !b.is_scalar()) return {};
    out = Value::str(a.text + b.text);
  } else {
    auto x = to_double(a), y = to_double(b);
    if (!x || !y) return {};
    if (op == "+") out = from_double(*x + *y);
    else if (op == "-") out = from_double(*x - *y);
    else if (op == "*") out = from_double(*x * *y);
    else if (op == "/" && *y != 0) out = from_double(*x / *y);
    else if (op == "%" && *y != 0) out = from_double(std::fmod(*x, *y));
    else if (op == "**") out = from_double(std::pow(*x, *y));
    else return {};
  }
  if (out.type != Value::Type::Unknown) merge_provenance(out, a, b);
  return out;
}

}  // namespace

Value Value::str(std::string s) {
  Value v;
  v.type = Type::Str;
  v.text = std::move(s);
  return v;
}

Value Value::num(std::string canonical) {
  Value v;
  v.type = Type::Num;
  v.text = std::move(canonical);
  return v;
}

Value Value::boolean(bool b) {
  Value v;
  v.type = Type::Bool;
  v.text = b ? "true" : "false";
  return v;
}

Value Value::of_type(Type t) {
  Value v;
  v.type = t;
  return v;
}

ReadKind stronger(ReadKind a, ReadKind b) { return kind_rank(a) >= kind_rank(b) ? a : b; }

void add_step(Value& v, ViaStep step, ReadKind kind) {
  if (v.type == Value::Type::Set) {
    for (auto& i : v.items) add_step(i, step, kind);
    return;
  }
  v.via.insert(v.via.begin(), std::move(step));  // outside-in: the latest indirection comes first
  trim_via(v.via);
  v.kind = stronger(v.kind, kind);
}

void trim_via(std::vector<ViaStep>& via) {
  if (via.size() <= kMaxVia) return;
  // Keep the steps nearest the read and the last one (where the literal is defined).
  via.erase(via.begin() + static_cast<std::ptrdiff_t>(kMaxVia - 1), via.end() - 1);
}

Value member(const Value& obj, std::string_view key) {
  if (obj.type == Value::Type::Set) {
    Value out;
    out.type = Value::Type::Set;
    for (const auto& alt : obj.items) {
      Value m = member(alt, key);
      if (m.type == Value::Type::Unknown) return {};
      out.items.push_back(std::move(m));
    }
    return out;
  }
  const Value* found = nullptr;
  Value element;
  if (obj.type == Value::Type::Record) {
    for (const auto& [k, v] : obj.fields)
      if (k == key) found = &v;
  } else if (obj.type == Value::Type::Array) {
    size_t idx = 0;
    auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), idx);
    if (ec == std::errc() && p == key.data() + key.size() && idx < obj.items.size()) found = &obj.items[idx];
  }
  if (found == nullptr) return {};
  Value out = *found;
  std::string label = obj.origin.empty() ? std::string(key) : obj.origin + (obj.type == Value::Type::Array ? "[" + std::string(key) + "]" : "." + std::string(key));
  if (out.is_scalar()) {
    // The chain reads outside-in: how the record was reached, the map step, the field's own.
    if (!obj.origin.empty()) {
      out.via.insert(out.via.begin(), ViaStep{obj.origin_file, obj.origin_line, "map " + label});
      out.kind = stronger(out.kind, ReadKind::Map);
    }
    out.via.insert(out.via.begin(), obj.via.begin(), obj.via.end());
    trim_via(out.via);
    out.kind = stronger(out.kind, obj.kind);
  } else if (out.type == Value::Type::Record || out.type == Value::Type::Array) {
    out.via.insert(out.via.begin(), obj.via.begin(), obj.via.end());
    trim_via(out.via);
    out.kind = stronger(out.kind, obj.kind);
    out.origin = label;
    out.origin_file = obj.origin_file;
    out.origin_line = obj.origin_line;
  }
  return out;
}

Value param_member(const Value& param, std::string_view key) {
  if (param.type != Value::Type::Param || param.path.size() >= kMaxParamPath) return {};
  Value out = param;
  out.path.emplace_back(key);
  return out;
}

Value apply_path(const Value& arg, const std::vector<std::string>& path) {
  Value v = arg;
  for (const auto& k : path) {
    v = k == kEachElement ? elements(v) : member(v, k);
    if (v.type == Value::Type::Unknown) return {};
  }
  return v;
}

Value binary(std::string_view op, const Value& a, const Value& b) {
  if (a.type != Value::Type::Set && b.type != Value::Type::Set) return scalar_binary(op, a, b);
  std::vector<Value> as = alternatives(a), bs = alternatives(b);
  if (as.empty() || bs.empty() || as.size() * bs.size() > kMaxAlternatives) return {};
  Value out;
  out.type = Value::Type::Set;
  for (const auto& x : as)
    for (const auto& y : bs) {
      Value r = scalar_binary(op, x, y);
      if (r.type == Value::Type::Unknown) return {};
      out.items.push_back(std::move(r));
    }
  return out;
}

Value negate(const Value& v) {
  if (v.type != Value::Type::Num) return {};
  Value out = v;
  if (out.text == "0") return out;
  out.text = out.text.front() == '-' ? out.text.substr(1) : "-" + out.text;
  return out;
}

Value elements(const Value& v, bool record_values) {
  Value out;
  out.type = Value::Type::Set;
  // A loop over more names than a set holds stays unresolved rather than silently truncated.
  if (v.items.size() > kMaxAlternatives || v.fields.size() > kMaxAlternatives) return {};
  if (v.type == Value::Type::Array) {
    for (size_t i = 0; i < v.items.size(); ++i) out.items.push_back(member(v, std::to_string(i)));
  } else if (v.type == Value::Type::Record) {
    for (size_t i = 0; i < v.fields.size(); ++i) {
      if (record_values) {
        out.items.push_back(member(v, v.fields[i].first));
      } else {
        Value k = Value::str(v.fields[i].first);
        if (!v.origin.empty()) add_step(k, ViaStep{v.origin_file, v.origin_line, "map keys of " + v.origin}, ReadKind::Map);
        out.items.push_back(std::move(k));
      }
    }
  } else {
    return {};
  }
  for (const auto& i : out.items)
    if (i.type == Value::Type::Unknown) return {};
  return out;
}

std::vector<Value> alternatives(const Value& v) {
  if (v.type != Value::Type::Set) return {v};
  std::vector<Value> out;
  for (const auto& i : v.items) {
    auto sub = alternatives(i);
    out.insert(out.end(), sub.begin(), sub.end());
    if (out.size() > kMaxAlternatives) return {};
  }
  return out;
}

std::optional<std::string> number_text(std::string_view literal) {
  std::string_view digits = literal;
  if (!digits.empty() && digits.back() == 'n') digits.remove_suffix(1);
  return canonical_number(digits);
}

std::vector<std::pair<std::string, std::string>> affixes_around_marker(const Value& v) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Value& alt : alternatives(v)) {
    size_t at = alt.type == Value::Type::Str ? alt.text.find(kNameMarker) : std::string::npos;
    if (at == std::string::npos || alt.text.find(kNameMarker, at + 1) != std::string::npos) return {};
    out.emplace_back(alt.text.substr(0, at), alt.text.substr(at + 1));
  }
  return out;
}

std::pair<std::string, std::string> common_affixes(const std::vector<std::pair<std::string, std::string>>& affixes) {
  if (affixes.empty()) return {};
  std::string prefix = affixes.front().first, suffix = affixes.front().second;
  for (const auto& [p, s] : affixes) {
    size_t i = 0;
    while (i < prefix.size() && i < p.size() && prefix[i] == p[i]) ++i;
    prefix.resize(i);
    size_t j = 0;
    while (j < suffix.size() && j < s.size() && suffix[suffix.size() - 1 - j] == s[s.size() - 1 - j]) ++j;
    suffix = suffix.substr(suffix.size() - j);
  }
  return {prefix, suffix};
}

Value with_affixes(const Value& name, const HelperSummary& s) {
  if (s.name_affixes.empty() || name.type == Value::Type::Param) return name;
  Value out;
  out.type = Value::Type::Set;
  for (const auto& [prefix, suffix] : s.name_affixes) {
    Value v = name;
    if (!prefix.empty()) v = binary("+", Value::str(prefix), v);
    if (!suffix.empty()) v = binary("+", v, Value::str(suffix));
    if (v.type == Value::Type::Unknown) return {};
    if (s.name_affixes.size() == 1) return v;
    for (auto& alt : alternatives(v)) out.items.push_back(std::move(alt));
  }
  return out;
}

}  // namespace envdrift::resolve
