#include "analyzer/core/resolve/env_param.h"

#include <cstdlib>

namespace envdrift::resolve {

namespace {

constexpr std::string_view kEnvParamExport = "\x01envparam:";

}  // namespace

std::string env_param_export(std::string_view fn, int index) {
  return std::string(kEnvParamExport) + std::string(fn) + ":" + std::to_string(index);
}

bool parse_env_param_export(std::string_view name, std::string* fn, int* index) {
  if (name.substr(0, kEnvParamExport.size()) != kEnvParamExport) return false;
  std::string_view spec = name.substr(kEnvParamExport.size());
  size_t colon = spec.rfind(':');
  if (colon == std::string_view::npos) return false;
  *fn = std::string(spec.substr(0, colon));
  *index = std::atoi(std::string(spec.substr(colon + 1)).c_str());
  return true;
}

Value env_reads_value(const std::vector<EnvRead>& reads) {
  Value arr = Value::of_type(Value::Type::Array);
  for (const EnvRead& r : reads) {
    Value rec = Value::of_type(Value::Type::Record);
    rec.fields.emplace_back("name", Value::str(r.name));
    rec.fields.emplace_back("file", Value::str(r.file));
    rec.fields.emplace_back("line", Value::num(std::to_string(r.line)));
    rec.fields.emplace_back("column", Value::num(std::to_string(r.column)));
    rec.fields.emplace_back("kind", Value::str(std::string(read_kind_name(r.kind))));
    if (r.default_value) {
      rec.fields.emplace_back("default_raw", Value::str(r.default_value->raw));
      rec.fields.emplace_back("default_value", Value::str(r.default_value->value));
      rec.fields.emplace_back("comparable", Value::boolean(r.default_value->comparable));
    }
    arr.items.push_back(std::move(rec));
  }
  return arr;
}

std::optional<std::vector<EnvRead>> env_reads_of(const Value& v, Language language) {
  if (v.type != Value::Type::Array) return std::nullopt;
  std::vector<EnvRead> out;
  for (const Value& rec : v.items) {
    EnvRead r;
    r.language = language;
    for (const auto& [k, x] : rec.fields) {
      if (k == "name") r.name = x.text;
      else if (k == "file") r.file = x.text;
      else if (k == "line") r.line = std::atoi(x.text.c_str());
      else if (k == "column") r.column = std::atoi(x.text.c_str());
      else if (k == "kind") r.kind = parse_read_kind(x.text).value_or(ReadKind::Direct);
      else if (k == "default_raw" || k == "default_value" || k == "comparable") {
        if (!r.default_value) r.default_value = DefaultValue{};
        if (k == "default_raw") r.default_value->raw = x.text;
        else if (k == "default_value") r.default_value->value = x.text;
        else r.default_value->comparable = x.text == "true";
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace envdrift::resolve
