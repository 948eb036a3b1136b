// Structured registries kept as data: JSON (nlohmann_json) and YAML (yaml-cpp).
//
// Accepted shapes (the same for both formats):
//   [ {name: X, default: ..., description: ..., service: ..., aliases: [...], deprecated: true}, ... ]
//   {variables: [ ...the list above... ]}           (also `env`, `vars`)
//   {X: {default: ..., ...}, Y: {...}}              (a map keyed by name; a scalar value is the default)
// A list item that is a bare name is an entry without a stated default; any other non-entry item
// (null, a number, prose) is a warning on its line, never a nameless entry.
// `default` absent: unknown (default_stated = false); `default: null`: no default; a scalar:
// that value, compared literally (numbers and booleans canonicalized as in code).
// `service` becomes the entry's section, so `doc_section` prefixes in the config apply to it.
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "analyzer/core/normalize.h"
#include "registry/inline_text.h"
#include "registry/model.h"

namespace envdrift {

namespace {

// Whether the JSON document is a top-level list (its first non-blank character is `[`).
bool doc_is_array_hint(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return i != std::string_view::npos && text[i] == '[';
}

constexpr std::string_view kListKeys[] = {"variables", "env", "vars"};

DefaultValue literal_default(const std::string& raw) { return DefaultValue{raw, normalize_code_value(raw), true}; }

// Lines of a JSON text's values, gathered while nlohmann parses it (it keeps no positions): a
// counting input iterator tells the parse callback how far the lexer is, and the offsets only
// grow, so the lines are counted in one pass.
struct JsonLines {
  std::string_view text;
  const char* last = nullptr;  // how far the lexer has read
  size_t counted = 0;          // text[0, counted) has `line - 1` newlines
  int line = 1;
  std::vector<int> root_items;                        // elements of a top-level list
  std::map<std::string, int, std::less<>> keys;       // top-level keys
  std::map<std::string, std::vector<int>, std::less<>> key_items;  // elements of a top-level key's list
  std::string current_key;                            // the top-level key being parsed
  std::vector<int>* name_target = nullptr;            // the element whose "name" key line replaces its start line

  int line_now() {
    size_t at = static_cast<size_t>(last - text.data());
    if (at > 0) --at;  // the lexer reads one character past a token
    for (; counted < at && counted < text.size(); ++counted) line += text[counted] == '\n' ? 1 : 0;
    return line;
  }
};

struct CountingIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p = nullptr;
  const char** last = nullptr;
  reference operator*() const { return *p; }
  CountingIterator& operator++() {
    *last = ++p;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator t = *this;
    ++*this;
    return t;
  }
  bool operator==(const CountingIterator& o) const { return p == o.p; }
  bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

std::string json_scalar(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();  // numbers, booleans
}

bool json_truthy(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return iequals(v.get<std::string>(), "true") || iequals(v.get<std::string>(), "yes");
  return false;
}

const char* json_kind(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "a list";
  return "an object";
}

// `name` empty: an element of a list, which must be an object with a `name` (or a bare name
// string); anything else is skipped with a warning, never a nameless entry.
void json_entry(Registry& r, int line, std::string name, const nlohmann::json& obj) {
  DocVariable v;
  v.file = r.file;
  v.line = line;
  if (name.empty() && !obj.is_object()) {
    if (obj.is_string() && registry_detail::looks_like_env_name(obj.get<std::string>(), true)) {
      v.name = obj.get<std::string>();  // a bare name: documented, default not stated
      v.default_stated = false;
      r.variables.push_back(std::move(v));
      return;
    }
    r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, line,
                             fmt::format("registry list item is {}, not an entry with a `name`; skipped", json_kind(obj))});
    return;
  }
  if (obj.is_object()) {
    if (name.empty()) {
      auto it = obj.find("name");
      if (it == obj.end() || !it->is_string() || it->get<std::string>().empty()) {
        r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, line, "registry entry without a string `name`; skipped"});
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
    r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, line, fmt::format("registry entry `{}` is a list; skipped", name)});
    return;
  }
  v.name = name;
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

const char* yaml_kind(const YAML::Node& n) {
  if (yaml_null(n)) return "null";
  if (n.IsScalar()) return "a scalar";
  if (n.IsSequence()) return "a list";
  return "a mapping";
}

// `name` empty: an element of a list, which must be a mapping with a `name` (or a bare name);
// anything else is skipped with a warning, never a nameless entry.
void yaml_entry(Registry& r, std::string name, const YAML::Node& obj, int line) {
  DocVariable v;
  v.file = r.file;
  v.line = line;
  if (name.empty() && !obj.IsMap()) {
    if (obj.IsScalar() && !yaml_null(obj) && registry_detail::looks_like_env_name(obj.Scalar(), true)) {
      v.name = obj.Scalar();  // a bare name: documented, default not stated
      v.default_stated = false;
      r.variables.push_back(std::move(v));
      return;
    }
    r.diagnostics.push_back({Diagnostic::Severity::Warning, r.file, line,
                             fmt::format("registry list item is {}, not an entry with a `name`; skipped", yaml_kind(obj))});
    return;
  }
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
  JsonLines lines;
  lines.text = text;
  lines.last = text.data();
  // Element starts: a container's start event or a scalar's value event, one level below its
  // list. A "name" key directly inside an element moves the element's line to the name.
  using Event = nlohmann::json::parse_event_t;
  const bool top_list = doc_is_array_hint(text);
  auto element_list = [&](int depth) -> std::vector<int>* {
    if (depth == 1 && top_list) return &lines.root_items;
    if (depth == 2 && !lines.current_key.empty()) return &lines.key_items[lines.current_key];
    return nullptr;
  };
  try {
    CountingIterator begin{text.data(), &lines.last}, end{text.data() + text.size(), &lines.last};
    doc = nlohmann::json::parse(begin, end, [&](int depth, Event event, nlohmann::json& parsed) {
      if (event == Event::key && depth == 1 && !top_list) {
        lines.current_key = parsed.get<std::string>();
        lines.keys.emplace(lines.current_key, lines.line_now());
      } else if (event == Event::object_start || event == Event::array_start || event == Event::value) {
        if (std::vector<int>* list = element_list(depth)) {
          list->push_back(lines.line_now());
          lines.name_target = event == Event::object_start ? list : nullptr;
        }
      } else if (event == Event::key && lines.name_target != nullptr && element_list(depth - 1) == lines.name_target &&
                 parsed.is_string() && parsed.get<std::string>() == "name") {
        lines.name_target->back() = lines.line_now();
      }
      return true;
    });
  } catch (const nlohmann::json::exception& e) {  // parse_error (the lexer stopped there), out_of_range (`1e999`)
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, lines.line_now(), fmt::format("invalid JSON registry: {}", e.what())});
    return r;
  }
  auto item_line = [](const std::vector<int>* v, size_t i) { return v != nullptr && i < v->size() ? (*v)[i] : 0; };
  const nlohmann::json* list = doc.is_array() ? &doc : nullptr;
  const std::vector<int>* list_lines = doc.is_array() ? &lines.root_items : nullptr;
  if (doc.is_object()) {
    for (std::string_view k : kListKeys) {
      auto it = doc.find(std::string(k));
      if (it != doc.end() && it->is_array()) {
        list = &*it;
        auto kl = lines.key_items.find(k);
        list_lines = kl == lines.key_items.end() ? nullptr : &kl->second;
      }
    }
    if (list == nullptr) {
      for (const auto& [name, val] : doc.items()) {
        auto kl = lines.keys.find(name);
        json_entry(r, kl == lines.keys.end() ? 0 : kl->second, name, val);
      }
    }
  }
  if (list != nullptr) {
    size_t i = 0;
    for (const auto& item : *list) json_entry(r, item_line(list_lines, i++), "", item);
  } else if (!doc.is_object()) {
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, 1, "a JSON registry must be a list or an object"});
  }
  return r;
}

Registry read_yaml_registry(std::string_view text, const std::string& rel) {
  Registry r;
  r.file = rel;
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own message for it is "bad file"
    r.diagnostics.push_back({Diagnostic::Severity::Error, rel, e.mark.line >= 0 ? e.mark.line + 1 : 1,
                             fmt::format("invalid YAML registry: nested deeper than {} levels", e.depth())});
    return r;
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
