// Finding kind names, service lookup by file path, and the report summary.
#include "reports/findings.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include "analyzer/core/driver.h"

namespace envdrift {

namespace {

// The stable names users write in `fail_on` and `envdrift: ignore[<kind>]`, in report order.
constexpr std::array<std::pair<FindingKind, std::string_view>, kFindingKindCount> kFindingKinds{{
    {FindingKind::Undocumented, "undocumented"},
    {FindingKind::Unread, "unread"},
    {FindingKind::DefaultMismatch, "default_mismatch"},
    {FindingKind::Dynamic, "dynamic"},
    {FindingKind::WrongSection, "wrong_section"},
    {FindingKind::Duplicate, "duplicate"},
    {FindingKind::Unresolved, "unresolved"},
}};

// A configured root in canonical form: no leading "./", no trailing "/", "." meaning the tree.
std::string_view canonical_root(std::string_view root) {
  while (root.substr(0, 2) == "./") root.remove_prefix(2);
  while (!root.empty() && root.back() == '/') root.remove_suffix(1);
  if (root == ".") return {};
  return root;
}

// Is `rel` the directory/file `root` or inside it? ("services/api" claims "services/api/x.ts"
// but not "services/apis/x.ts".)
bool path_under(std::string_view rel, std::string_view root) {
  if (root.empty()) return true;
  if (root.find_first_of("*?") != std::string_view::npos) {
    // A glob root ("apps/*", "packages/*/server") claims the files under any directory it
    // matches: try each directory prefix of `rel`, then `rel` itself.
    for (size_t slash = rel.find('/'); slash != std::string_view::npos; slash = rel.find('/', slash + 1))
      if (glob_match(root, rel.substr(0, slash))) return true;
    return glob_match(root, rel);
  }
  if (rel.substr(0, root.size()) != root) return false;
  return rel.size() == root.size() || rel[root.size()] == '/';
}

}  // namespace

std::string_view finding_kind_name(FindingKind k) {
  for (const auto& [kind, name] : kFindingKinds)
    if (kind == k) return name;
  return "unknown";
}

std::optional<FindingKind> parse_finding_kind(std::string_view name) {
  for (const auto& [kind, n] : kFindingKinds)
    if (n == name) return kind;
  return std::nullopt;
}

std::string service_for_file(const std::vector<ServiceSpec>& services, std::string_view rel) {
  while (rel.substr(0, 2) == "./") rel.remove_prefix(2);
  const ServiceSpec* best = nullptr;
  size_t best_len = 0;
  for (const auto& s : services) {
    for (const auto& r : s.roots) {
      std::string_view root = canonical_root(r);
      if (!path_under(rel, root)) continue;
      if (best == nullptr || root.size() > best_len) {
        best = &s;
        best_len = root.size();
      }
    }
  }
  return best != nullptr ? best->name : std::string();
}

std::vector<OutsideDir> outside_directories(const std::vector<EnvRead>& reads, const std::vector<ServiceSpec>& services) {
  if (services.empty()) return {};
  // The literal part of each root ("apps/*/server" -> "apps"): a directory holding one is no
  // candidate for a new service.
  std::vector<std::string_view> roots;
  for (const auto& s : services) {
    for (const auto& r : s.roots) {
      std::string_view root = canonical_root(r);
      if (size_t wild = root.find_first_of("*?"); wild != std::string_view::npos) {
        root = root.substr(0, wild);
        root = root.substr(0, root.rfind('/') == std::string_view::npos ? 0 : root.rfind('/'));
      }
      roots.push_back(root);
    }
  }
  auto holds_root = [&](std::string_view dir) {
    return std::any_of(roots.begin(), roots.end(), [&](std::string_view root) { return path_under(root, dir); });
  };
  std::map<std::string, size_t> by_dir;
  for (const auto& r : reads) {
    if (r.dev || !r.service.empty()) continue;
    std::string_view file = r.file;
    size_t last = file.rfind('/');
    if (last == std::string_view::npos) {
      ++by_dir["."];
      continue;
    }
    std::string_view dir = file.substr(0, last);
    for (size_t slash = file.find('/'); slash != std::string_view::npos && slash <= last; slash = file.find('/', slash + 1)) {
      if (!holds_root(file.substr(0, slash))) {
        dir = file.substr(0, slash);
        break;
      }
    }
    ++by_dir[std::string(dir)];
  }
  std::vector<OutsideDir> out;
  for (auto& [dir, n] : by_dir) out.push_back({dir, n});
  std::stable_sort(out.begin(), out.end(), [](const OutsideDir& a, const OutsideDir& b) { return a.reads > b.reads; });
  return out;
}

std::vector<ServiceCoverage> service_coverage(const std::vector<FileCoverage>& files, const std::vector<EnvEscape>& escapes,
                                              const std::vector<ServiceSpec>& services) {
  std::map<std::string, ServiceCoverage> by;
  for (const auto& f : files) {
    std::string svc = service_for_file(services, f.file);
    ServiceCoverage& c = by[svc];
    c.service = svc;
    c += f;
    for (int line : f.unresolved_lines)
      if (c.unresolved_at.size() < 10) c.unresolved_at.push_back(FindingCode{f.file, line, 0, std::nullopt, {}, 0, 0});
  }
  for (const auto& x : escapes) {
    std::string svc = service_for_file(services, x.file);
    ServiceCoverage& c = by[svc];
    c.service = svc;
    ++c.escapes;
  }
  std::vector<ServiceCoverage> out;
  for (const auto& s : services)
    if (auto it = by.find(s.name); it != by.end()) out.push_back(std::move(it->second));
  if (auto it = by.find(""); it != by.end()) out.push_back(std::move(it->second));
  return out;
}

void summarize(Report& report) {
  ReportSummary& s = report.summary;
  s.reads = report.reads.size();
  std::set<std::string_view> read_names;
  for (const auto& r : report.reads)
    if (r.kind != ReadKind::Dynamic) read_names.insert(r.name);
  s.variables_read = read_names.size();
  std::set<std::string_view> documented;
  for (const auto& reg : report.registries)
    for (const auto& v : reg.variables) documented.insert(v.name);
  s.documented = documented.size();
  s.undocumented = s.unread = s.default_mismatch = s.dynamic = s.wrong_section = s.duplicate = s.unresolved = s.known = 0;
  for (const auto& f : report.findings) {
    if (f.known) {  // accepted drift: counted apart, the per-kind counts are new findings only
      ++s.known;
      continue;
    }
    switch (f.kind) {
      case FindingKind::Undocumented: ++s.undocumented; break;
      case FindingKind::Unread: ++s.unread; break;
      case FindingKind::DefaultMismatch: ++s.default_mismatch; break;
      case FindingKind::Dynamic: ++s.dynamic; break;
      case FindingKind::WrongSection: ++s.wrong_section; break;
      case FindingKind::Duplicate: ++s.duplicate; break;
      case FindingKind::Unresolved: ++s.unresolved; break;
    }
  }
  s.escapes = report.escapes.size();
}

}  // namespace envdrift

namespace envdrift {

std::string finding_fingerprint(const Finding& f) {
  std::string fp(finding_kind_name(f.kind));
  fp += ':';
  fp += f.service;
  fp += ':';
  fp += f.name;
  return fp;
}

}  // namespace envdrift
