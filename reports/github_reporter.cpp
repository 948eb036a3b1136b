// `--format github` and `--format rdjsonl`: annotations on the changed lines of a pull request.
//
// github: one GitHub Actions workflow command per new finding,
//   ::warning file=<path>,line=<n>,col=<n>,title=envdrift <kind>: <NAME>::<message>
// escaped per the workflow-command rules (data: % CR LF; properties also `:` and `,`). Known
// findings are listed in a collapsed `::group::` (not annotated), stale entries as notices,
// scan errors as `::error`.
// rdjsonl: reviewdog's Diagnostic JSON, one object per line; known findings come with severity
// INFO and say why they are accepted.
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

std::vector<std::pair<std::string, std::string>> location_props(std::string_view file, int line, int column) {
  std::vector<std::pair<std::string, std::string>> props;
  if (file.empty()) return props;
  props.emplace_back("file", std::string(file));
  if (line > 0) props.emplace_back("line", std::to_string(line));
  if (column > 0) props.emplace_back("col", std::to_string(column));
  return props;
}

std::string annotation_message(const Finding& f) {
  std::string text = f.message;
  if (f.kind == FindingKind::DefaultMismatch && f.doc && !f.code.empty()) {
    text += fmt::format(" (docs: {}:{})", f.doc->file, f.doc->line);
  } else if (f.kind == FindingKind::Undocumented && f.code.size() > 1) {
    text += fmt::format(" (also read at {} other place{})", f.code.size() - 1, f.code.size() == 2 ? "" : "s");
  }
  return text;
}

}  // namespace

void GithubReporter::write(const Report& report, std::ostream& out) {
  size_t fresh = 0, known = 0;
  for (const auto& f : report.findings) {
    if (f.known) {
      ++known;
      continue;
    }
    ++fresh;
    FindingAnchor a = finding_anchor(f);
    auto props = location_props(a.file, a.line, a.column);
    props.emplace_back("title", fmt::format("envdrift {}: {}", finding_kind_name(f.kind), f.name));
    out << command(f.kind == FindingKind::Dynamic ? "notice" : "warning", props, annotation_message(f));
  }
  if (known > 0) {
    out << command("group", {}, fmt::format("envdrift: {} known finding{} (baseline / allow, not counted)", known,
                                            known == 1 ? "" : "s"));
    for (const auto& f : report.findings) {
      if (!f.known) continue;
      FindingAnchor a = finding_anchor(f);
      std::string where = a.file.empty() ? "" : (a.line > 0 ? fmt::format("{}:{}  ", a.file, a.line) : a.file + "  ");
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
    auto props = location_props(d.file, d.line, 0);
    props.emplace_back("title", "envdrift scan error");
    out << command("error", props, d.message);
  }
  std::string scope = report.changed_since.empty() ? "" : fmt::format(" in files changed since {}", report.changed_since);
  out << plain(fmt::format("envdrift: {} new finding{}{}{}", fresh, fresh == 1 ? "" : "s", scope,
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
    json location{{"path", a.file}};
    if (a.line > 0) {
      json start{{"line", a.line}};
      if (a.column > 0) start["column"] = a.column;
      location["range"] = json{{"start", std::move(start)}};
    }
    d["location"] = std::move(location);
    d["severity"] = f.known ? "INFO" : (f.kind == FindingKind::Dynamic ? "INFO" : "WARNING");
    d["source"] = json{{"name", "envdrift"}};
    d["code"] = json{{"value", finding_kind_name(f.kind)}};
    out << d.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  }
}

}  // namespace envdrift
