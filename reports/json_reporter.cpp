// `--format json`: the SPEC section 5 object, schema version 1. Keys come out in the SPEC's order
// (nlohmann::ordered_json); new keys are only ever appended. `scan` omits documented/findings.
// `check` findings carry `known` (+ `known_reason`: "baseline" or the allow reason); `stale`
// lists baseline/allow entries that matched nothing; `changed_since` is set with --changed-since.
#include <nlohmann/json.hpp>

#include <cmath>

#include "reports/reporters.h"

namespace envdrift {

namespace {

using json = nlohmann::ordered_json;

// null, or {raw, value} plus "comparable": false for a default that is shown but never compared.
json default_json(const std::optional<DefaultValue>& d) {
  if (!d) return nullptr;
  json j{{"raw", d->raw}, {"value", d->value}};
  if (!d->comparable) j["comparable"] = false;
  return j;
}

json summary_json(const ReportSummary& s) {
  return json{{"files_scanned", s.files_scanned},   {"reads", s.reads},
              {"variables_read", s.variables_read}, {"documented", s.documented},
              {"undocumented", s.undocumented},     {"unread", s.unread},
              {"default_mismatch", s.default_mismatch}, {"dynamic", s.dynamic},
              {"wrong_section", s.wrong_section},   {"duplicate", s.duplicate},
              {"unresolved", s.unresolved},     {"escapes", s.escapes},
              {"known", s.known}};
}

json coverage_json(const ServiceCoverage& c) {
  json at = json::array();
  for (const auto& u : c.unresolved_at) at.push_back(json{{"file", u.file}, {"line", u.line}});
  return json{{"service", c.service},     {"candidates", c.candidates}, {"resolved", c.resolved},
              {"dynamic", c.dynamic},     {"escaped", c.escaped},       {"unresolved", c.unresolved},
              {"escapes", c.escapes},     {"percent", std::round(c.percent() * 10.0) / 10.0},
              {"unresolved_at", std::move(at)}};
}

json read_json(const EnvRead& r) {
  json via = json::array();
  for (const auto& v : r.via) via.push_back(json{{"file", v.file}, {"line", v.line}, {"label", v.label}});
  json j{{"name", r.name},
         {"file", r.file},
         {"line", r.line},
         {"column", r.column},
         {"language", language_name(r.language)},
         {"kind", read_kind_name(r.kind)},
         {"default", default_json(r.default_value)},
         {"service", r.service},
         {"scope", r.dev ? "dev" : "product"},
         {"via", std::move(via)}};
  if (r.kind == ReadKind::Dynamic) j["expression"] = r.dynamic_expr;
  return j;
}

json documented_json(const DocVariable& v) {
  json j{{"name", v.name},
         {"aliases", v.aliases},
         {"file", v.file},
         {"line", v.line},
         {"section", v.section_path()},
         {"default", default_json(v.default_value)},
         {"required", v.required},
         {"deprecated", v.deprecated},
         {"reserved", v.reserved},
         {"test_only", v.test_only}};
  // The page has no place for a default: `null` above means "unknown", not "no default".
  if (!v.default_stated) j["default_stated"] = false;
  return j;
}

json finding_json(const Finding& f) {
  json doc = nullptr;
  if (f.doc) {
    doc = json{{"file", f.doc->file},
               {"line", f.doc->line},
               {"default", f.doc->default_value ? json(f.doc->default_value->raw) : json(nullptr)}};
  }
  json code = json::array();
  for (const auto& c : f.code) {
    json cj{{"file", c.file}, {"line", c.line}, {"default", c.default_value ? json(c.default_value->value) : json(nullptr)}};
    if (!c.note.empty()) cj["note"] = c.note;
    code.push_back(std::move(cj));
  }
  json j{{"kind", finding_kind_name(f.kind)}, {"name", f.name},          {"service", f.service},
         {"message", f.message},              {"doc", std::move(doc)}, {"code", std::move(code)},
         {"known", f.known}};
  if (f.case_only) j["case_only"] = true;
  if (f.template_value) j["template_value"] = true;
  if (f.dev_only) j["dev_only"] = true;
  if (f.known) j["known_reason"] = f.known_reason.empty() ? std::string("baseline") : f.known_reason;
  if (f.incomplete) j["incomplete"] = true;
  if (f.outside) j["outside"] = true;
  return j;
}

}  // namespace

void JsonReporter::write(const Report& report, std::ostream& out) {
  // The top-level object is a vector of (key, value) pairs whose keys are const: growing it
  // copies every value so far, the arrays of reads included. Room for every key up front.
  json j = json::object();
  j.get_ref<json::object_t&>().reserve(16);
  j["version"] = 1;
  j["tool"] = json{{"name", "envdrift"}, {"version", options_.tool_version}};
  j["root"] = report.root;
  j["registry"] = json::array();
  for (const auto& reg : report.registries)
    j["registry"].push_back(json{{"file", reg.file}, {"variables", reg.variables.size()}});
  j["summary"] = summary_json(report.summary);
  j["reads"] = json::array();
  for (const auto& r : report.reads) j["reads"].push_back(read_json(r));
  if (report.has_registry) {
    j["documented"] = json::array();
    for (const auto& reg : report.registries)
      for (const auto& v : reg.variables) j["documented"].push_back(documented_json(v));
    j["findings"] = json::array();
    for (const auto& f : report.findings) j["findings"].push_back(finding_json(f));
  }
  j["diagnostics"] = json::array();
  for (const auto& d : report.diagnostics) {
    j["diagnostics"].push_back(
        json{{"file", d.file}, {"line", d.line}, {"severity", severity_name(d.severity)}, {"message", d.message}});
  }
  if (report.has_registry) {
    j["stale"] = json::array();
    for (const auto& e : report.stale) {
      j["stale"].push_back(json{{"origin", e.origin},
                                {"kind", e.any_kind ? json(nullptr) : json(finding_kind_name(e.kind))},
                                {"name", e.name},
                                {"service", e.service},
                                {"reason", e.reason}});
    }
    if (!report.changed_since.empty()) j["changed_since"] = report.changed_since;
  }
  j["coverage"] = json::array();
  for (const auto& c : report.coverage) j["coverage"].push_back(coverage_json(c));
  if (report.has_registry) {
    j["outside_services"] = json::array();
    for (const auto& d : report.outside) j["outside_services"].push_back(json{{"dir", d.dir}, {"reads", d.reads}});
  }
  j["escapes"] = json::array();
  for (const auto& x : report.escapes)
    j["escapes"].push_back(json{{"file", x.file}, {"line", x.line}, {"column", x.column}, {"service", x.service},
                                {"message", x.message}});
  // Source text is not always valid UTF-8: replace bad bytes instead of throwing.
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace envdrift
