// `--format json`: the SPEC section 5 object, schema version 1. Keys come out in the SPEC's order;
// new keys are only ever appended. `scan` omits documented/findings. `check` findings carry
// `known` (+ `known_reason`: "baseline" or the allow reason); `stale` lists baseline/allow entries
// that matched nothing; `changed_since` is set with --changed-since. Written as it goes
// (JsonWriter: nlohmann's pretty-printed format, without building the document first).
#include <cmath>
#include <string>

#include "reports/json_writer.h"
#include "reports/reporters.h"

namespace envdrift {

namespace {

// null, or {raw, value} plus "comparable": false for a default that is shown but never compared.
void write_default(JsonWriter& w, const std::optional<DefaultValue>& d) {
  if (!d) return w.null();
  w.begin_object();
  w.member("raw", d->raw);
  w.member("value", d->value);
  if (!d->comparable) w.member("comparable", false);
  w.end_object();
}

void write_summary(JsonWriter& w, const ReportSummary& s) {
  w.begin_object();
  w.member("files_scanned", s.files_scanned);
  w.member("reads", s.reads);
  w.member("variables_read", s.variables_read);
  w.member("documented", s.documented);
  w.member("undocumented", s.undocumented);
  w.member("unread", s.unread);
  w.member("default_mismatch", s.default_mismatch);
  w.member("dynamic", s.dynamic);
  w.member("wrong_section", s.wrong_section);
  w.member("duplicate", s.duplicate);
  w.member("unresolved", s.unresolved);
  w.member("escapes", s.escapes);
  w.member("known", s.known);
  w.end_object();
}

void write_coverage(JsonWriter& w, const ServiceCoverage& c) {
  w.begin_object();
  w.member("service", c.service);
  w.member("candidates", c.candidates);
  w.member("resolved", c.resolved);
  w.member("dynamic", c.dynamic);
  w.member("escaped", c.escaped);
  w.member("unresolved", c.unresolved);
  w.member("escapes", c.escapes);
  w.key("percent");
  w.number(std::round(c.percent() * 10.0) / 10.0);
  w.key("unresolved_at");
  w.begin_array();
  for (const auto& u : c.unresolved_at) {
    w.begin_object();
    w.member("file", u.file);
    w.member("line", u.line);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_read(JsonWriter& w, const EnvRead& r) {
  w.begin_object();
  w.member("name", r.name);
  w.member("file", r.file);
  w.member("line", r.line);
  w.member("column", r.column);
  w.member("language", language_name(r.language));
  w.member("kind", read_kind_name(r.kind));
  w.key("default");
  write_default(w, r.default_value);
  w.member("service", r.service);
  w.member("scope", r.dev ? "dev" : "product");
  w.key("via");
  w.begin_array();
  for (const auto& v : r.via) {
    w.begin_object();
    w.member("file", v.file);
    w.member("line", v.line);
    w.member("label", v.label);
    w.end_object();
  }
  w.end_array();
  if (r.kind == ReadKind::Dynamic) w.member("expression", r.dynamic_expr);
  w.end_object();
}

void write_documented(JsonWriter& w, const DocVariable& v) {
  w.begin_object();
  w.member("name", v.name);
  w.key("aliases");
  w.begin_array();
  for (const auto& a : v.aliases) w.string(a);
  w.end_array();
  w.member("file", v.file);
  w.member("line", v.line);
  w.member("section", v.section_path());
  w.key("default");
  write_default(w, v.default_value);
  w.member("required", v.required);
  w.member("deprecated", v.deprecated);
  w.member("reserved", v.reserved);
  w.member("test_only", v.test_only);
  // The page has no place for a default: `null` above means "unknown", not "no default".
  if (!v.default_stated) w.member("default_stated", false);
  w.end_object();
}

void write_finding(JsonWriter& w, const Finding& f) {
  w.begin_object();
  w.member("kind", finding_kind_name(f.kind));
  w.member("name", f.name);
  w.member("service", f.service);
  w.member("message", f.message);
  w.key("doc");
  if (f.doc) {
    w.begin_object();
    w.member("file", f.doc->file);
    w.member("line", f.doc->line);
    w.key("default");
    if (f.doc->default_value) w.string(f.doc->default_value->raw);
    else w.null();
    w.end_object();
  } else {
    w.null();
  }
  w.key("code");
  w.begin_array();
  for (const auto& c : f.code) {
    w.begin_object();
    w.member("file", c.file);
    w.member("line", c.line);
    w.key("default");
    if (c.default_value) w.string(c.default_value->value);
    else w.null();
    if (!c.note.empty()) w.member("note", c.note);
    w.end_object();
  }
  w.end_array();
  w.member("known", f.known);
  if (f.case_only) w.member("case_only", true);
  if (f.template_value) w.member("template_value", true);
  if (f.dev_only) w.member("dev_only", true);
  if (f.known) w.member("known_reason", f.known_reason.empty() ? std::string("baseline") : f.known_reason);
  if (f.incomplete) w.member("incomplete", true);
  if (f.outside) w.member("outside", true);
  w.end_object();
}

}  // namespace

void JsonReporter::write(const Report& report, std::ostream& out) {
  std::string text;
  text.reserve(256 + 640 * report.reads.size());
  JsonWriter w(text);
  w.begin_object();
  w.member("version", 1);
  w.key("tool");
  w.begin_object();
  w.member("name", "envdrift");
  w.member("version", options_.tool_version);
  w.end_object();
  w.member("root", report.root);
  w.key("registry");
  w.begin_array();
  for (const auto& reg : report.registries) {
    w.begin_object();
    w.member("file", reg.file);
    w.member("variables", reg.variables.size());
    w.end_object();
  }
  w.end_array();
  w.key("summary");
  write_summary(w, report.summary);
  w.key("reads");
  w.begin_array();
  for (const auto& r : report.reads) write_read(w, r);
  w.end_array();
  if (report.has_registry) {
    w.key("documented");
    w.begin_array();
    for (const auto& reg : report.registries)
      for (const auto& v : reg.variables) write_documented(w, v);
    w.end_array();
    w.key("findings");
    w.begin_array();
    for (const auto& f : report.findings) write_finding(w, f);
    w.end_array();
  }
  w.key("diagnostics");
  w.begin_array();
  for (const auto& d : report.diagnostics) {
    w.begin_object();
    w.member("file", d.file);
    w.member("line", d.line);
    w.member("severity", severity_name(d.severity));
    w.member("message", d.message);
    w.end_object();
  }
  w.end_array();
  if (report.has_registry) {
    w.key("stale");
    w.begin_array();
    for (const auto& e : report.stale) {
      w.begin_object();
      w.member("origin", e.origin);
      w.key("kind");
      if (e.any_kind) w.null();
      else w.string(finding_kind_name(e.kind));
      w.member("name", e.name);
      w.member("service", e.service);
      w.member("reason", e.reason);
      w.end_object();
    }
    w.end_array();
    if (!report.changed_since.empty()) w.member("changed_since", report.changed_since);
  }
  w.key("coverage");
  w.begin_array();
  for (const auto& c : report.coverage) write_coverage(w, c);
  w.end_array();
  if (report.has_registry) {
    w.key("outside_services");
    w.begin_array();
    for (const auto& d : report.outside) {
      w.begin_object();
      w.member("dir", d.dir);
      w.member("reads", d.reads);
      w.end_object();
    }
    w.end_array();
  }
  w.key("escapes");
  w.begin_array();
  for (const auto& x : report.escapes) {
    w.begin_object();
    w.member("file", x.file);
    w.member("line", x.line);
    w.member("column", x.column);
    w.member("service", x.service);
    w.member("message", x.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  text += '\n';
  out << text;
}

}  // namespace envdrift
