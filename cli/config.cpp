#include "cli/config.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "analyzer/core/normalize.h"

namespace fs = std::filesystem;

namespace envdrift {

std::vector<FindingKind> default_fail_on() {
  return {FindingKind::Undocumented, FindingKind::Unread, FindingKind::DefaultMismatch,
          FindingKind::WrongSection, FindingKind::Duplicate};
}

std::optional<std::string> find_config(const std::string& start) {
  std::error_code ec;
  fs::path p = fs::absolute(start, ec).lexically_normal();
  if (!fs::is_directory(p, ec)) p = p.parent_path();
  for (;;) {
    fs::path candidate = p / ".envdrift.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (p == p.root_path() || p.empty()) return std::nullopt;
    p = p.parent_path();
  }
}

namespace {

[[noreturn]] void fail(const std::string& path, const toml::source_region& where, const std::string& what) {
  throw ConfigError{fmt::format("{}:{}:{}: {}", path, where.begin.line, where.begin.column, what)};
}

std::vector<std::string> string_list(const std::string& path, const toml::node& node, std::string_view key) {
  std::vector<std::string> out;
  if (auto s = node.value<std::string>()) {  // a single string is accepted as a one-item list
    out.push_back(*s);
    return out;
  }
  const toml::array* arr = node.as_array();
  if (arr == nullptr) fail(path, node.source(), fmt::format("`{}` must be a list of strings", key));
  for (const auto& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) fail(path, item.source(), fmt::format("`{}` must be a list of strings", key));
    out.push_back(*s);
  }
  return out;
}

void check_keys(const std::string& path, const toml::table& t, const std::set<std::string_view>& allowed,
                std::string_view where) {
  for (const auto& [k, v] : t) {
    if (!allowed.count(k.str())) {
      fail(path, k.source(), fmt::format("unknown key `{}`{}", k.str(), where.empty() ? "" : fmt::format(" in {}", where)));
    }
  }
}

// [[allow]] tables: `name` and `reason` required (an accepted drift must say why), `kind` and
// `service` optional.
void parse_allow(const std::string& path, const toml::node& node, std::vector<AllowEntry>& out) {
  const toml::array* arr = node.as_array();
  if (arr == nullptr) fail(path, node.source(), "`allow` must be an array of tables: [[allow]]");
  for (const auto& item : *arr) {
    const toml::table* t = item.as_table();
    if (t == nullptr) fail(path, item.source(), "`allow` must be an array of tables: [[allow]]");
    check_keys(path, *t, {"name", "kind", "service", "reason"}, "[[allow]]");
    AllowEntry a;
    const toml::node* name = t->get("name");
    if (name == nullptr) fail(path, t->source(), "[[allow]] needs a `name`");
    auto name_s = name->value<std::string>();
    if (!name_s) fail(path, name->source(), "`name` in [[allow]] must be a string");
    a.name = *name_s;
    if (const toml::node* kind = t->get("kind")) {
      auto k = kind->value<std::string>();
      auto parsed = k ? parse_finding_kind(*k) : std::nullopt;
      if (!parsed) fail(path, kind->source(), fmt::format("unknown finding kind `{}` in [[allow]]", k.value_or("")));
      a.kind = *parsed;
    }
    if (const toml::node* service = t->get("service")) {
      auto sv = service->value<std::string>();
      if (!sv) fail(path, service->source(), "`service` in [[allow]] must be a string");
      a.service = *sv;
    }
    const toml::node* reason = t->get("reason");
    if (reason == nullptr) fail(path, t->source(), fmt::format("[[allow]] `{}` needs a `reason`", a.name));
    auto reason_s = reason->value<std::string>();
    if (!reason_s || trim(*reason_s).empty())
      fail(path, reason->source(), fmt::format("`reason` in [[allow]] `{}` must be a non-empty string", a.name));
    a.reason = *reason_s;
    out.push_back(std::move(a));
  }
}

}  // namespace

Config parse_config(const std::string& text, const std::string& path) {
  Config cfg;
  cfg.file = path;
  cfg.dir = fs::path(path).parent_path().string();
  cfg.fail_on = default_fail_on();
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw ConfigError{fmt::format("{}:{}:{}: invalid TOML: {}", path, e.source().begin.line,
                                  e.source().begin.column, e.description())};
  }
  check_keys(path, root, {"registry", "include", "exclude", "service", "ignore", "fail_on", "docs", "allow"}, "");
  if (auto* n = root.get("registry")) cfg.registry = string_list(path, *n, "registry");
  if (auto* n = root.get("include")) cfg.include = string_list(path, *n, "include");
  if (auto* n = root.get("exclude")) cfg.exclude = string_list(path, *n, "exclude");
  if (auto* n = root.get("fail_on")) {
    cfg.fail_on.clear();
    for (const auto& k : string_list(path, *n, "fail_on")) {
      auto kind = parse_finding_kind(k);
      if (!kind) fail(path, n->source(), fmt::format("unknown finding kind `{}` in `fail_on`", k));
      cfg.fail_on.push_back(*kind);
    }
  }
  if (auto* n = root.get("service")) {
    const toml::array* arr = n->as_array();
    if (arr == nullptr) fail(path, n->source(), "`service` must be an array of tables: [[service]]");
    for (const auto& item : *arr) {
      const toml::table* t = item.as_table();
      if (t == nullptr) fail(path, item.source(), "`service` must be an array of tables: [[service]]");
      check_keys(path, *t, {"name", "roots", "doc_section"}, "[[service]]");
      ServiceSpec s;
      auto name = (*t)["name"].value<std::string>();
      if (!name || name->empty()) fail(path, t->source(), "[[service]] needs a non-empty `name`");
      s.name = *name;
      if (auto* r = t->get("roots")) s.roots = string_list(path, *r, "roots");
      if (s.roots.empty()) fail(path, t->source(), fmt::format("[[service]] `{}` needs `roots`", s.name));
      for (auto& r : s.roots) {
        while (!r.empty() && r.back() == '/') r.pop_back();
        if (r.rfind("./", 0) == 0) r = r.substr(2);
      }
      if (auto ds = (*t)["doc_section"].value<std::string>()) s.doc_section = *ds;
      cfg.services.push_back(std::move(s));
    }
  }
  if (auto* n = root.get("docs")) {
    const toml::table* t = n->as_table();
    if (t == nullptr) fail(path, n->source(), "`docs` must be a table: [docs]");
    check_keys(path, *t, {"columns"}, "[docs]");
    if (auto* cols = t->get("columns")) {
      for (const auto& c : string_list(path, *cols, "columns")) {
        DocsColumn col;
        if (!parse_docs_column(c, col))
          fail(path, cols->source(), fmt::format("unknown docs column `{}` (expected name, default, read_by, description)", c));
        cfg.docs_columns.push_back(col);
      }
      if (cfg.docs_columns.empty()) fail(path, cols->source(), "`columns` in [docs] must not be empty");
    }
  }
  if (auto* n = root.get("allow")) parse_allow(path, *n, cfg.allow);
  if (auto* n = root.get("ignore")) {
    const toml::table* t = n->as_table();
    if (t == nullptr) fail(path, n->source(), "`ignore` must be a table: [ignore]");
    check_keys(path, *t, {"names"}, "[ignore]");
    if (auto* names = t->get("names")) cfg.ignore_names = string_list(path, *names, "names");
  }
  return cfg;
}

Config load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError{fmt::format("{}: cannot read the config file", path)};
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), fs::absolute(path).lexically_normal().string());
}

}  // namespace envdrift
