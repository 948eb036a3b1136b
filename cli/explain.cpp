#include "cli/explain.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzer/core/normalize.h"

namespace envdrift {

ExplainResult explain(const std::string& name, const std::vector<EnvRead>& reads,
                      const std::vector<Registry>& registries) {
  ExplainResult ex;
  ex.name = name;
  std::vector<std::string> names{name};
  for (const auto& reg : registries) {
    for (const auto& v : reg.variables) {
      bool match = v.name == name;
      for (const auto& a : v.aliases) match = match || a == name;
      if (!match) continue;
      ex.documented.push_back(v);
      names.push_back(v.name);
      names.insert(names.end(), v.aliases.begin(), v.aliases.end());
    }
    for (const auto& m : reg.mentioned)
      if (m.name == name) ex.mentioned.emplace_back(reg.file, m.line);
  }
  for (const auto& r : reads) {
    if (r.kind == ReadKind::Dynamic) {
      if (starts_with(name, r.name) && name.size() >= r.dynamic_suffix.size() &&
          name.compare(name.size() - r.dynamic_suffix.size(), std::string::npos, r.dynamic_suffix) == 0)
        ex.dynamic_candidates.push_back(r);
      continue;
    }
    for (const auto& n : names) {
      if (r.name == n) {
        ex.reads.push_back(r);
        break;
      }
    }
  }
  return ex;
}

namespace {
std::string default_text(const std::optional<DefaultValue>& d) {
  if (!d) return "no default";
  if (!d->comparable) return fmt::format("default {} (not comparable)", d->raw);
  return fmt::format("default \"{}\"", d->value);
}
}  // namespace

std::string render_explain_text(const ExplainResult& ex, bool color) {
  auto bold = [&](const std::string& s) { return color ? "\x1b[1m" + s + "\x1b[0m" : s; };
  std::string out = bold(ex.name) + "\n";
  out += fmt::format("  read {} time{}\n", ex.reads.size(), ex.reads.size() == 1 ? "" : "s");
  for (const auto& r : ex.reads) {
    out += fmt::format("  {}:{}:{}  {} [{}] {}{}\n", r.file, r.line, r.column, r.name, read_kind_name(r.kind),
                       default_text(r.default_value), r.service.empty() ? "" : " (service " + r.service + ")");
    for (const auto& v : r.via) out += fmt::format("      via {}  {}:{}\n", v.label, v.file, v.line);
  }
  for (const auto& r : ex.dynamic_candidates) {
    out += fmt::format("  {}:{}:{}  may be read by the dynamic read `{}`\n", r.file, r.line, r.column, r.dynamic_expr);
  }
  for (const auto& [file, line] : ex.mentioned)
    out += fmt::format("  mentioned at {}:{} (a page without entries: documented, default unknown)\n", file, line);
  if (!ex.registry_found) {
    out += "  not documented: no registry configured (pass --registry FILE or set `registry` in .envdrift.toml)\n";
  } else if (ex.documented.empty() && ex.mentioned.empty()) {
    out += "  not documented\n";
  } else {
    for (const auto& d : ex.documented) {
      out += fmt::format("  documented at {}:{} in \"{}\", {}", d.file, d.line, d.section_path(),
                         default_text(d.default_value));
      if (!d.aliases.empty()) {
        out += ", aliases";
        for (const auto& a : d.aliases) out += " " + a;
      }
      out += "\n";
    }
  }
  return out;
}

std::string render_explain_json(const ExplainResult& ex) {
  using json = nlohmann::ordered_json;
  auto def = [](const std::optional<DefaultValue>& d) -> json {
    if (!d) return nullptr;
    json j{{"raw", d->raw}, {"value", d->value}};
    if (!d->comparable) j["comparable"] = false;
    return j;
  };
  json j;
  j["name"] = ex.name;
  j["reads"] = json::array();
  for (const auto& r : ex.reads) {
    json via = json::array();
    for (const auto& v : r.via) via.push_back({{"file", v.file}, {"line", v.line}, {"label", v.label}});
    j["reads"].push_back({{"name", r.name}, {"file", r.file}, {"line", r.line}, {"column", r.column},
                          {"language", language_name(r.language)}, {"kind", read_kind_name(r.kind)},
                          {"default", def(r.default_value)}, {"service", r.service}, {"via", via}});
  }
  j["registry_found"] = ex.registry_found;
  j["documented"] = json::array();
  for (const auto& d : ex.documented) {
    j["documented"].push_back({{"name", d.name}, {"aliases", d.aliases}, {"file", d.file}, {"line", d.line},
                               {"section", d.section_path()}, {"default", def(d.default_value)}});
  }
  j["mentioned"] = json::array();
  for (const auto& [file, line] : ex.mentioned) j["mentioned"].push_back({{"file", file}, {"line", line}});
  return j.dump(2) + "\n";
}

}  // namespace envdrift
