// Baseline loading and the known/stale marking shared by --baseline and [[allow]].
#include "reports/baseline.h"

#include "analyzer/core/io.h"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace envdrift {

namespace {

BaselineEntry entry_from_json(const nlohmann::json& f, size_t index, const std::string& path) {
  if (!f.is_object()) throw BaselineError{fmt::format("{}: findings[{}] is not an object", path, index)};
  auto kind_it = f.find("kind");
  auto name_it = f.find("name");
  if (kind_it == f.end() || !kind_it->is_string())
    throw BaselineError{fmt::format("{}: findings[{}] has no `kind`", path, index)};
  if (name_it == f.end() || !name_it->is_string())
    throw BaselineError{fmt::format("{}: findings[{}] has no `name`", path, index)};
  auto kind = parse_finding_kind(kind_it->get<std::string>());
  if (!kind) {
    throw BaselineError{
        fmt::format("{}: findings[{}] has an unknown kind `{}`", path, index, kind_it->get<std::string>())};
  }
  BaselineEntry e;
  e.kind = *kind;
  e.name = name_it->get<std::string>();
  auto service_it = f.find("service");
  if (service_it != f.end() && service_it->is_string()) e.service = service_it->get<std::string>();
  return e;
}

std::string fingerprint_of(const BaselineEntry& e) {
  Finding f;
  f.kind = e.kind;
  f.name = e.name;
  f.service = e.service;
  return finding_fingerprint(f);
}

bool allow_matches(const AllowEntry& a, const Finding& f) {
  if (a.name != f.name) return false;
  if (a.kind && *a.kind != f.kind) return false;
  if (a.service && *a.service != f.service) return false;
  return true;
}

}  // namespace

std::vector<BaselineEntry> parse_baseline(const std::string& text, const std::string& path) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw BaselineError{fmt::format("{}: not a JSON report (invalid JSON)", path)};
  if (!j.is_object() || !j.contains("findings") || !j["findings"].is_array()) {
    throw BaselineError{
        fmt::format("{}: not a `check --format json` report (no `findings` array)", path)};
  }
  std::vector<BaselineEntry> out;
  std::set<std::string> seen;
  const auto& findings = j["findings"];
  for (size_t i = 0; i < findings.size(); ++i) {
    BaselineEntry e = entry_from_json(findings[i], i, path);
    if (seen.insert(fingerprint_of(e)).second) out.push_back(std::move(e));
  }
  return out;
}

std::vector<BaselineEntry> load_baseline(const std::string& path) {
  std::string text;
  if (ReadResult r = read_regular_file(path, text, 256u << 20); !r.ok())
    throw BaselineError{fmt::format("{}: cannot read the baseline file: {}", path, r.error)};
  return parse_baseline(text, path);
}

void apply_allow(Report& report, const std::vector<AllowEntry>& entries) {
  for (const auto& a : entries) {
    bool matched = false;
    for (auto& f : report.findings) {
      if (!allow_matches(a, f)) continue;
      matched = true;
      if (!f.known) {
        f.known = true;
        f.known_reason = a.reason;
      }
    }
    if (!matched) {
      StaleEntry s;
      s.origin = "allow";
      s.kind = a.kind.value_or(FindingKind::Undocumented);
      s.name = a.name;
      s.service = a.service.value_or("");
      s.reason = a.reason;
      s.any_kind = !a.kind.has_value();
      report.stale.push_back(std::move(s));
    }
  }
}

void apply_baseline(Report& report, const std::vector<BaselineEntry>& entries) {
  std::set<std::string> matched;
  std::set<std::string> wanted;
  for (const auto& e : entries) wanted.insert(fingerprint_of(e));
  for (auto& f : report.findings) {
    std::string fp = finding_fingerprint(f);
    if (!wanted.count(fp)) continue;
    matched.insert(fp);
    if (!f.known) {
      f.known = true;
      f.known_reason = "baseline";
    }
  }
  for (const auto& e : entries) {
    if (matched.count(fingerprint_of(e))) continue;
    report.stale.push_back(StaleEntry{"baseline", e.kind, e.name, e.service, ""});
  }
}

}  // namespace envdrift
