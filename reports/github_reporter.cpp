// `--format github` and `--format rdjsonl`: annotations on the changed lines of a pull request.
//
// github: one GitHub Actions workflow command per new finding,
//   ::error file=<path>,line=<n>,endLine=<n>,col=<n>,endColumn=<n>,title=envdrift <kind>: <NAME>::<message>
// `::error` for a finding that fails the check, `::warning` for one that would but --exit-zero
// is set, `::notice` for an informational one (a kind not in fail_on, case-only, dev-only), so
// the annotations agree with the exit code (policy.h). Escaped per the workflow-command rules
// (data: % CR LF; properties also `:` and `,`). Known findings are listed in a collapsed
// `::group::` (not annotated), stale entries as notices, scan errors as `::error`.
// rdjsonl: reviewdog's Diagnostic JSON, one object per line, severity ERROR / WARNING / INFO by
// the same levels; known findings are INFO and say why they are accepted.
// Paths are relative to the repository root (ReporterOptions::locations).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "reports/format_helpers.h"
#include "reports/reporters.h"

namespace envdrift {

std::string github_escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// A plain log line must never start a workflow command: break every `::`.
std::string plain(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == ':' && !out.empty() && out.back() == ':') {
      out += " :";
    } else {
      out += c;
    }
  }
  return out;
}

std::string command(std::string_view name, const std::vector<std::pair<std::string, std::string>>& props,
                    std::string_view message) {
  std::string out = "::" + std::string(name);
  for (size_t i = 0; i < props.size(); ++i)
    out += (i == 0 ? " " : ",") + props[i].first + "=" + github_escape_property(props[i].second);
  return out + "::" + github_escape_data(message) + "\n";
}

std::vector<std::pair<std::string, std::string>> location_props(const std::string& file, int line, int column,
                                                                int end_line = 0, int end_column = 0) {
  std::vector<std::pair<std::string, std::string>> props;
  if (file.empty()) return props;
  props.emplace_back("file", file);
  if (line > 0) props.emplace_back("line", std::to_string(line));
  if (line > 0 && end_line > 0) props.emplace_back("endLine", std::to_string(end_line));
  if (column > 0) props.emplace_back("col", std::to_string(column));
  if (column > 0 && end_column > 0) props.emplace_back("endColumn", std::to_string(end_column));
  return props;
}

std::string annotation_message(const Finding& f, const LocationStyle& style) {
  std::string text = f.message;
  if (f.kind == FindingKind::DefaultMismatch && f.doc && !f.code.empty()) {
    text += fmt::format(" (docs: {}:{})", style.path(f.doc->file), f.doc->line);
  } else if (f.kind == FindingKind::Undocumented && f.code.size() > 1) {
    text += fmt::format(" (also read at {} other place{})", f.code.size() - 1, f.code.size() == 2 ? "" : "s");
  }
  return text;
}

std::string_view command_for(FindingLevel level) {
  switch (level) {
    case FindingLevel::Fails: return "error";
    case FindingLevel::Warns: return "warning";
    case FindingLevel::Notice: return "notice";
  }
  return "notice";
}

}  // namespace

void GithubReporter::write(const Report& report, std::ostream& out) {
  const LocationStyle& style = options_.locations;
  size_t fresh = 0, known = 0;
  for (const auto& f : report.findings) {
    if (f.known) {
      ++known;
      continue;
    }
    ++fresh;
    FindingAnchor a = finding_anchor(f);
    auto props = location_props(style.path(a.file), a.line, a.column, a.end_line, a.end_column);
    props.emplace_back("title", fmt::format("envdrift {}: {}", finding_kind_name(f.kind), f.name));
    out << command(command_for(finding_level(f, options_.policy)), props, annotation_message(f, style));
  }
  if (known > 0) {
    out << command("group", {}, fmt::format("envdrift: {} known finding{} (baseline / allow, not counted)", known,
                                            known == 1 ? "" : "s"));
    for (const auto& f : report.findings) {
      if (!f.known) continue;
      FindingAnchor a = finding_anchor(f);
      std::string file = style.path(a.file);
      std::string where = file.empty() ? "" : (a.line > 0 ? fmt::format("{}:{}  ", file, a.line) : file + "  ");
      out << plain(fmt::format("known ({}) {} {}{}  {}", f.known_reason.empty() ? "baseline" : f.known_reason,
                               finding_kind_name(f.kind), where, f.name, f.message))
          << '\n';
    }
    out << "::endgroup::\n";
  }
  for (const auto& e : report.stale) {
    std::string what = fmt::format("{} entry {} {}{} matches no finding any more: delete it", e.origin,
                                   finding_kind_name(e.kind), e.name, e.service.empty() ? "" : " (" + e.service + ")");
    out << command("notice", {{"title", "envdrift stale " + e.origin + " entry"}}, what);
  }
  for (const auto& d : report.diagnostics) {
    if (d.severity != Diagnostic::Severity::Error) continue;
    auto props = location_props(style.path(d.file), d.line, 0);
    props.emplace_back("title", "envdrift scan error");
    out << command("error", props, d.message);
  }
  std::string scope = report.changed_since.empty() ? "" : fmt::format(" in files changed since {}", report.changed_since);
  LevelCounts levels = count_levels(report.findings, options_.policy);
  std::vector<std::string> parts;
  if (levels.fails > 0) parts.push_back(fmt::format("{} failing", levels.fails));
  if (levels.warns > 0) parts.push_back(fmt::format("{} not failing (--exit-zero)", levels.warns));
  if (levels.notices > 0) parts.push_back(fmt::format("{} informational", levels.notices));
  out << plain(fmt::format("envdrift: {} new finding{}{}{}{}", fresh, fresh == 1 ? "" : "s", scope,
                           parts.empty() ? "" : fmt::format(" ({})", fmt::join(parts, ", ")),
                           known > 0 ? fmt::format(", {} known", known) : ""))
      << '\n';
}

void RdjsonlReporter::write(const Report& report, std::ostream& out) {
  using json = nlohmann::ordered_json;
  for (const auto& f : report.findings) {
    FindingAnchor a = finding_anchor(f);
    std::string message = f.name.empty() ? f.message : f.name + ": " + f.message;
    if (f.known) message = fmt::format("known ({}): {}", f.known_reason.empty() ? "baseline" : f.known_reason, message);
    json d;
    d["message"] = message;
    json location{{"path", options_.locations.path(a.file)}};
    if (a.line > 0) {
      json start{{"line", a.line}};
      if (a.column > 0) start["column"] = a.column;
      json range{{"start", std::move(start)}};
      if (a.end_line > 0 && a.end_column > 0) range["end"] = json{{"line", a.end_line}, {"column", a.end_column}};
      location["range"] = std::move(range);
    }
    d["location"] = std::move(location);
    switch (finding_level(f, options_.policy)) {
      case FindingLevel::Fails: d["severity"] = "ERROR"; break;
      case FindingLevel::Warns: d["severity"] = "WARNING"; break;
      case FindingLevel::Notice: d["severity"] = "INFO"; break;
    }
    d["source"] = json{{"name", "envdrift"}, {"url", project_uri()}};
    d["code"] = json{{"value", finding_kind_name(f.kind)}, {"url", rule_help_uri(f.kind)}};
    out << d.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  }
}

}  // namespace envdrift
