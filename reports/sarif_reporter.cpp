// `--format sarif`: SARIF 2.1.0 for GitHub code scanning (issue 7).
//
// One run; tool.driver.rules holds one rule per finding kind (id `envdrift/<kind>`, kebab-case,
// stable) with a title and help text. Each finding is one result at its anchor (the code location
// for undocumented / default_mismatch / dynamic / wrong_section, the docs entry for unread /
// duplicate), with the other side as relatedLocations. artifactLocation.uri is relative to the
// repository root (uriBaseId SRCROOT, declared in originalUriBaseIds; ReporterOptions::locations),
// whatever directory holds the config; partialFingerprints carries finding_fingerprint() (kind,
// service, name: no path), so an alert survives edits that move its line. Result levels follow
// the fail policy (error fails the check, warning under --exit-zero, note informational); every
// rule has a helpUri into the README's findings section.
// Known findings: baselineState "unchanged" (baseline) or an accepted external suppression
// (allow entry, with its reason); with a baseline in play the others are "new". Stale entries go
// to run.properties.staleEntries. Diagnostics become invocation notifications.
#include <nlohmann/json.hpp>

#include "reports/format_helpers.h"
#include "reports/reporters.h"

namespace envdrift {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* kSrcRoot = "SRCROOT";

std::string root_uri(std::string_view root) {
  std::string uri = "file://" + uri_path(root);
  if (uri.back() != '/') uri += '/';
  return uri;
}

// `file` is relative to the scan root; the URI is relative to SRCROOT (the repository root).
json physical_location(const LocationStyle& style, std::string_view file, int line, int column, int end_line = 0,
                       int end_column = 0) {
  json loc;
  loc["artifactLocation"] = json{{"uri", uri_path(style.path(file))}, {"uriBaseId", kSrcRoot}};
  if (line > 0) {
    json region{{"startLine", line}};
    if (column > 0) region["startColumn"] = column;
    if (end_line > 0) region["endLine"] = end_line;
    if (column > 0 && end_column > 0) region["endColumn"] = end_column;
    loc["region"] = std::move(region);
  }
  return loc;
}

std::string_view sarif_level(FindingLevel level) {
  switch (level) {
    case FindingLevel::Fails: return "error";
    case FindingLevel::Warns: return "warning";
    case FindingLevel::Notice: return "note";
  }
  return "note";
}

// The level a finding of kind `k` gets unless it is informational (case-only, dev-only).
std::string_view rule_level(FindingKind k, const FailPolicy& policy) {
  Finding probe;
  probe.kind = k;
  return sarif_level(finding_level(probe, policy));
}

json rule_json(FindingKind k, const FailPolicy& policy) {
  std::string help(finding_kind_help(k));
  return json{{"id", finding_rule_id(k)},
              {"name", finding_kind_name(k)},
              {"shortDescription", {{"text", finding_kind_title(k)}}},
              {"fullDescription", {{"text", help}}},
              {"help", {{"text", help}, {"markdown", help}}},
              {"helpUri", rule_help_uri(k)},
              {"defaultConfiguration", {{"level", rule_level(k, policy)}}},
              {"properties", {{"tags", {"envdrift", "configuration", "documentation"}}}}};
}

// The message with the other side of the finding, so the alert alone says what differs.
std::string result_text(const Finding& f) {
  std::string text = f.name.empty() ? f.message : f.name + ": " + f.message;
  if (f.kind == FindingKind::DefaultMismatch && f.doc && !f.code.empty()) {
    text += " (documented " + quoted_default(f.doc->default_value) + ", code " +
            quoted_default(f.code.front().default_value) + ")";
  }
  if (text.empty() || text.back() != '.') text += '.';
  return text;
}

json result_json(const Finding& f, bool baseline_in_play, const ReporterOptions& options) {
  const LocationStyle& style = options.locations;
  FindingAnchor a = finding_anchor(f);
  json r;
  r["ruleId"] = finding_rule_id(f.kind);
  r["ruleIndex"] = kind_index(f.kind);
  r["level"] = sarif_level(finding_level(f, options.policy));
  r["message"] = json{{"text", result_text(f)}};
  r["locations"] = json::array();
  if (!a.file.empty()) {
    r["locations"].push_back(
        json{{"physicalLocation", physical_location(style, a.file, a.line, a.column, a.end_line, a.end_column)}});
  }

  json related = json::array();
  int id = 1;
  auto relate = [&](std::string_view file, int line, int column, std::pair<int, int> end, const std::string& text) {
    if (file.empty()) return;
    related.push_back(json{{"id", id++},
                           {"physicalLocation", physical_location(style, file, line, column, end.first, end.second)},
                           {"message", {{"text", text}}}});
  };
  for (size_t i = 0; i < f.code.size(); ++i) {
    const FindingCode& c = f.code[i];
    if (!a.in_docs && i == 0) continue;  // that is the result's own location
    relate(c.file, c.line, c.column, code_end(c), "read here");
  }
  if (f.doc && !a.in_docs) relate(f.doc->file, f.doc->line, 0, {0, 0}, "documented here");
  if (!related.empty()) r["relatedLocations"] = std::move(related);

  r["partialFingerprints"] = json{{"envdriftFinding/v1", finding_fingerprint(f)}};
  if (f.known && f.known_reason != "baseline" && !f.known_reason.empty()) {
    r["suppressions"] = json::array({json{{"kind", "external"}, {"status", "accepted"}, {"justification", f.known_reason}}});
  } else if (baseline_in_play) {
    r["baselineState"] = f.known ? "unchanged" : "new";
  }
  json props{{"kind", finding_kind_name(f.kind)}, {"variable", f.name}};
  if (!f.service.empty()) props["service"] = f.service;
  if (f.outside) props["outsideServices"] = true;
  r["properties"] = std::move(props);
  return r;
}

json notification_json(const Diagnostic& d, const LocationStyle& style) {
  json n{{"level", d.severity == Diagnostic::Severity::Error     ? "error"
                   : d.severity == Diagnostic::Severity::Warning ? "warning"
                                                                 : "note"},
         {"message", {{"text", d.message}}}};
  if (!d.file.empty()) n["locations"] = json::array({json{{"physicalLocation", physical_location(style, d.file, d.line, 0)}}});
  return n;
}

}  // namespace

void SarifReporter::write(const Report& report, std::ostream& out) {
  bool baseline_in_play = false;
  for (const auto& f : report.findings) baseline_in_play = baseline_in_play || (f.known && f.known_reason == "baseline");
  for (const auto& e : report.stale) baseline_in_play = baseline_in_play || e.origin == "baseline";

  const LocationStyle& style = options_.locations;
  json driver{{"name", "envdrift"},
              {"version", options_.tool_version},
              {"semanticVersion", options_.tool_version},
              {"informationUri", project_uri()},
              {"rules", json::array()}};
  for (FindingKind k : kAllFindingKinds) driver["rules"].push_back(rule_json(k, options_.policy));

  json run;
  run["tool"] = json{{"driver", std::move(driver)}};
  json invocation{{"executionSuccessful", true}};
  json notes = json::array();
  for (const auto& d : report.diagnostics) {
    if (d.severity == Diagnostic::Severity::Note && !options_.verbose) continue;
    if (d.severity == Diagnostic::Severity::Error) invocation["executionSuccessful"] = false;
    notes.push_back(notification_json(d, style));
  }
  // Escapes and coverage are notes of the run: where the analysis could not follow the env
  // object (the service's `unread` results may be incomplete), and how much it resolved.
  for (const auto& x : report.escapes)
    notes.push_back(notification_json({Diagnostic::Severity::Note, x.file, x.line, "escape: " + x.message}, style));
  for (const auto& c : report.coverage) {
    notes.push_back(notification_json(
        {Diagnostic::Severity::Note, "", 0, coverage_sentence(c, report.coverage.size() > 1, style)}, style));
  }
  if (std::string o = outside_sentence(report.outside); !o.empty())
    notes.push_back(notification_json({Diagnostic::Severity::Note, "", 0, o}, style));
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);
  run["invocations"] = json::array({std::move(invocation)});
  std::string base = style.base_dir.empty() ? report.root : style.base_dir;
  if (!base.empty()) run["originalUriBaseIds"] = json{{kSrcRoot, {{"uri", root_uri(base)}}}};
  run["results"] = json::array();
  for (const auto& f : report.findings) run["results"].push_back(result_json(f, baseline_in_play, options_));

  json props = json::object();
  if (!report.changed_since.empty()) props["changedSince"] = report.changed_since;
  if (!report.stale.empty()) {
    json stale = json::array();
    for (const auto& e : report.stale) {
      stale.push_back(json{{"origin", e.origin},
                           {"kind", finding_kind_name(e.kind)},
                           {"name", e.name},
                           {"service", e.service},
                           {"reason", e.reason}});
    }
    props["staleEntries"] = std::move(stale);
  }
  if (!props.empty()) run["properties"] = std::move(props);

  json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = json::array({std::move(run)});
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace envdrift
