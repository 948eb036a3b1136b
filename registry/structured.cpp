// Structured registries kept as data: JSON (nlohmann_json) and YAML (yaml-cpp).
//
// Accepted shapes (the same for both formats):
//   [ {name: X, default: ..., description: ..., service: ..., aliases: [...], deprecated: true}, ... ]
//   {variables: [ ...the list above... ]}           (also `env`, `vars`)
//   {X: {default: ..., ...}, Y: {...}}              (a map keyed by name; a scalar value is the default)
// `default` absent: unknown (default_stated = false); `default: null`: no default; a scalar:
// that value, compared literally (numbers and booleans canonicalized as in code).
// `service` becomes the entry's section, so `doc_section` prefixes in the config apply to it.
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "analyzer/core/normalize.h"
#include "registry/model.h"

namespace envdrift {

namespace {

constexpr std::string_view kListKeys[] = {"variables", "env", "vars"};

DefaultValue literal_default(const std::string& raw) { return DefaultValue{raw, normalize_code_value(raw), true}; }

// 1-based line of the first `"name"` string at or after `from` in a JSON text; advances `from`.
int json_line_of(std::string_view text, const std::string& name, size_t& from) {
  std::string needle = "\"" + name + "\"";
  size_t pos = text.find(needle, from);
  if (pos == std::string_view::npos) pos = text.find(needle);
  if (pos == std::string_view::npos) return 0;
  from = pos + needle.size();
  int line = 1;
  for (size_t i = 0; i < pos; ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

std::string json_scalar(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();  // numbers, booleans
}

bool json_truthy(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return iequals(v.get<std::string>(), "true") || iequals(v.get<std::string>(), "yes");
  return false;
}

void json_entry(Registry& r, std::string_view text, size_t& cursor, std::string name, const nlohmann::json& obj) {
  DocVariable v;
  v.file = r.file;
  if (obj.is_object()) {
    if (name.empty()) {
      auto it = obj.find("name");
      if (it == obj.end() || !it->is_string() || it->get<std::string>().empty()) {
        r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, 0, "registry entry without a string `name`; skipped"});
        return;
      }
      name = it->get<std::string>();
    }
    v.default_stated = false;
    for (const auto& [key, val] : obj.items()) {
      if (key == "default") {
        v.default_stated = true;
        if (!val.is_null()) v.default_value = literal_default(json_scalar(val));
      } else if (key == "description" && val.is_string()) {
        v.description = val.get<std::string>();
      } else if (key == "service" && val.is_string() && !val.get<std::string>().empty()) {
        v.section = {val.get<std::string>()};
      } else if (key == "aliases" && val.is_array()) {
        for (const auto& a : val)
          if (a.is_string()) v.aliases.push_back(a.get<std::string>());
      } else if (key == "aliases" && val.is_string()) {
        v.aliases.push_back(val.get<std::string>());
      } else if (key == "deprecated") {
        v.deprecated = json_truthy(val);
      } else if (key == "required") {
        v.required = json_truthy(val);
      } else if (key == "reserved") {
        v.reserved = json_truthy(val);
      } else if (key == "test_only") {
        v.test_only = json_truthy(val);
      }
    }
  } else if (obj.is_null()) {
    v.default_stated = true;
  } else if (!obj.is_array()) {
    v.default_value = literal_default(json_scalar(obj));
  } else {
    r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, 0, fmt::format("registry entry `{}` is a list; skipped", name)});
    return;
  }
  v.name = name;
  v.line = json_line_of(text, v.name, cursor);
  r.variables.push_back(std::move(v));
}

std::string yaml_scalar(const YAML::Node& n) { return n.Scalar(); }

bool yaml_truthy(const YAML::Node& n) {
  if (!n.IsScalar()) return false;
  std::string s = to_lower(n.Scalar());
  return s == "true" || s == "yes" || s == "on";
}

bool yaml_null(const YAML::Node& n) {
  return n.IsNull() || (n.IsScalar() && n.Tag() != "!" && (n.Scalar() == "~" || n.Scalar() == "null"));
}

void yaml_entry(Registry& r, std::string name, const YAML::Node& obj, int line) {
  DocVariable v;
  v.file = r.file;
  v.line = line;
  if (obj.IsMap()) {
    v.line = obj.Mark().line >= 0 ? obj.Mark().line + 1 : line;
    if (name.empty()) {
      YAML::Node n = obj["name"];
      if (!n || !n.IsScalar() || n.Scalar().empty()) {
        r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, v.line, "registry entry without a `name`; skipped"});
        return;
      }
      name = n.Scalar();
      v.line = n.Mark().line + 1;
    }
    v.default_stated = false;
    for (const auto& kv : obj) {
      std::string key = kv.first.Scalar();
      const YAML::Node& val = kv.second;
      if (key == "default") {
        v.default_stated = true;
        if (!yaml_null(val) && val.IsScalar()) v.default_value = literal_default(yaml_scalar(val));
      } else if (key == "description" && val.IsScalar()) {
        v.description = val.Scalar();
      } else if (key == "service" && val.IsScalar() && !val.Scalar().empty()) {
        v.section = {val.Scalar()};
      } else if (key == "aliases" && val.IsSequence()) {
        for (const auto& a : val)
          if (a.IsScalar()) v.aliases.push_back(a.Scalar());
      } else if (key == "aliases" && val.IsScalar()) {
        v.aliases.push_back(val.Scalar());
      } else if (key == "deprecated") {
        v.deprecated = yaml_truthy(val);
      } else if (key == "required") {
        v.required = yaml_truthy(val);
      } else if (key == "reserved") {
        v.reserved = yaml_truthy(val);
      } else if (key == "test_only") {
        v.test_only = yaml_truthy(val);
      }
    }
  } else if (yaml_null(obj)) {
    v.default_stated = true;
  } else if (obj.IsScalar()) {
    v.default_value = literal_default(obj.Scalar());
  } else {
    r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, line, fmt::format("registry entry `{}` is a list; skipped", name)});
    return;
  }
  v.name = name;
  r.variables.push_back(std::move(v));
}

}  // namespace

Registry read_json_registry(std::string_view text, const std::string& rel) {
  Registry r;
  r.file = rel;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for `1e999`
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, 0, fmt::format("invalid JSON registry: {}", e.what())});
    return r;
  }
  size_t cursor = 0;
  const nlohmann::json* list = doc.is_array() ? &doc : nullptr;
  if (doc.is_object()) {
    for (std::string_view k : kListKeys) {
      auto it = doc.find(std::string(k));
      if (it != doc.end() && it->is_array()) list = &*it;
    }
    if (list == nullptr) {
      for (const auto& [name, val] : doc.items()) json_entry(r, text, cursor, name, val);
    }
  }
  if (list != nullptr) {
    for (const auto& item : *list) json_entry(r, text, cursor, "", item);
  } else if (!doc.is_object()) {
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, 0, "a JSON registry must be a list or an object"});
  }
  return r;
}

Registry read_yaml_registry(std::string_view text, const std::string& rel) {
  Registry r;
  r.file = rel;
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                             fmt::format("invalid YAML registry: {}", e.msg)});
    return r;
  }
  YAML::Node list;
  bool has_list = false;
  if (doc.IsSequence()) list = doc, has_list = true;
  if (doc.IsMap()) {
    const YAML::Node& cdoc = doc;
    for (std::string_view k : kListKeys) {
      YAML::Node n = cdoc[std::string(k)];
      if (n && n.IsSequence()) list = n, has_list = true;
    }
    if (!has_list) {
      for (const auto& kv : doc) yaml_entry(r, kv.first.Scalar(), kv.second, kv.first.Mark().line + 1);
    }
  }
  if (has_list) {
    for (const auto& item : list) yaml_entry(r, "", item, item.Mark().line + 1);
  } else if (!doc.IsMap() && !doc.IsNull()) {
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, 0, "a YAML registry must be a list or a mapping"});
  }
  return r;
}

}  // namespace envdrift
