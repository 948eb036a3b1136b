#include "cli/config.h"

#include "analyzer/core/io.h"

#include <cctype>
#include <cstdint>
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

// [[helper]] tables: `language` and `function` required; either `name_arg` (a wrapper that reads
// the variable its argument names, optionally with `default_arg`) or `env_object = true` (a
// function that returns the environment object).
void parse_helpers(const std::string& path, const toml::node& node, std::vector<DeclaredHelper>& out) {
  const toml::array* arr = node.as_array();
  if (arr == nullptr) fail(path, node.source(), "`helper` must be an array of tables: [[helper]]");
  for (const auto& item : *arr) {
    const toml::table* t = item.as_table();
    if (t == nullptr) fail(path, item.source(), "`helper` must be an array of tables: [[helper]]");
    check_keys(path, *t, {"language", "function", "name_arg", "default_arg", "env_object"}, "[[helper]]");
    DeclaredHelper h;
    auto lang = (*t)["language"].value<std::string>();
    if (!lang) fail(path, t->source(), "[[helper]] needs a `language` (typescript, javascript, python, go, c, cpp)");
    static const std::pair<std::string_view, Language> kLanguages[] = {
        {"typescript", Language::TypeScript}, {"javascript", Language::JavaScript}, {"tsx", Language::Tsx},
        {"python", Language::Python},         {"go", Language::Go},                 {"c", Language::C},
        {"cpp", Language::Cpp},               {"c++", Language::Cpp}};
    bool known = false;
    for (const auto& [n, l] : kLanguages)
      if (n == *lang) h.language = l, known = true;
    if (!known)
      fail(path, t->get("language")->source(),
           fmt::format("unknown language `{}` in [[helper]] (expected typescript, javascript, python, go, c, cpp)", *lang));
    auto fn = (*t)["function"].value<std::string>();
    if (!fn || trim(*fn).empty()) fail(path, t->source(), "[[helper]] needs a non-empty `function` (its qualified name)");
    h.function = std::string(trim(*fn));
    auto int_arg = [&](std::string_view key) -> int {
      const toml::node* n = t->get(key);
      if (n == nullptr) return -1;
      auto v = n->value<int64_t>();
      if (!v || *v < 0 || *v > 64) fail(path, n->source(), fmt::format("`{}` in [[helper]] must be an argument index (0, 1, ...)", key));
      return static_cast<int>(*v);
    };
    h.name_arg = int_arg("name_arg");
    h.default_arg = int_arg("default_arg");
    if (const toml::node* e = t->get("env_object")) {
      auto b = e->value<bool>();
      if (!b) fail(path, e->source(), "`env_object` in [[helper]] must be true or false");
      h.env_object = *b;
    }
    if (h.env_object && (h.name_arg >= 0 || h.default_arg >= 0))
      fail(path, t->source(), fmt::format("[[helper]] `{}`: `env_object = true` takes no `name_arg`/`default_arg`", h.function));
    if (!h.env_object && h.name_arg < 0)
      fail(path, t->source(), fmt::format("[[helper]] `{}` needs `name_arg` (or `env_object = true`)", h.function));
    if (h.default_arg >= 0 && h.default_arg == h.name_arg)
      fail(path, t->source(), fmt::format("[[helper]] `{}`: `default_arg` and `name_arg` are the same argument", h.function));
    h.origin = fmt::format("{}:{}", fs::path(path).filename().string(), t->source().begin.line);
    out.push_back(std::move(h));
  }
}

// `max_file_size`: a positive number of bytes, or a string such as "32 MiB" / "512KiB".
size_t parse_size(const std::string& path, const toml::node& n) {
  constexpr const char* kWant = "`max_file_size` must be a positive number of bytes or a size such as \"32 MiB\"";
  if (const auto* i = n.as_integer()) {
    if (i->get() <= 0) fail(path, n.source(), kWant);
    return static_cast<size_t>(i->get());
  }
  if (n.as_string() == nullptr) fail(path, n.source(), kWant);
  std::optional<std::string> s = n.value<std::string>();
  if (!s) fail(path, n.source(), kWant);
  size_t i = 0;
  uint64_t v = 0;
  while (i < s->size() && (*s)[i] >= '0' && (*s)[i] <= '9' && v < (uint64_t{1} << 40)) v = v * 10 + static_cast<uint64_t>((*s)[i++] - '0');
  if (i == 0) fail(path, n.source(), kWant);
  while (i < s->size() && (*s)[i] == ' ') ++i;
  std::string unit = s->substr(i);
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  uint64_t mul = 0;
  if (unit.empty() || unit == "b" || unit == "bytes") mul = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") mul = 1024;
  else if (unit == "m" || unit == "mb" || unit == "mib") mul = 1024 * 1024;
  else if (unit == "g" || unit == "gb" || unit == "gib") mul = 1024 * 1024 * 1024;
  if (mul == 0 || v == 0 || v >= (uint64_t{1} << 40) / mul) fail(path, n.source(), kWant);
  return static_cast<size_t>(v * mul);
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
  check_keys(path, root, {"registry", "include", "exclude", "service", "helper", "ignore", "fail_on", "docs", "allow", "scope", "max_file_size", "template_values"}, "");
  if (auto* n = root.get("max_file_size")) cfg.max_file_size = parse_size(path, *n);
  if (auto* n = root.get("template_values")) {
    auto v = n->value<std::string>();
    if (!v || (*v != "examples" && *v != "defaults"))
      fail(path, n->source(), "`template_values` must be \"examples\" or \"defaults\"");
    cfg.template_values_are_defaults = *v == "defaults";
  }
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
        std::string lexical = fs::path(r).lexically_normal().generic_string();
        if (fs::path(r).is_absolute() || lexical == ".." || lexical.rfind("../", 0) == 0)
          fail(path, t->source(),
               fmt::format("[[service]] `{}`: root `{}` is outside the scan root (roots are relative to the "
                           "directory of .envdrift.toml)", s.name, r));
      }
      for (const auto& other : cfg.services)
        if (other.name == s.name) fail(path, t->source(), fmt::format("[[service]] `{}` is declared twice", s.name));
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
  if (auto* n = root.get("helper")) parse_helpers(path, *n, cfg.helpers);
  if (auto* n = root.get("scope")) {
    const toml::table* t = n->as_table();
    if (t == nullptr) fail(path, n->source(), "`scope` must be a table: [scope]");
    check_keys(path, *t, {"dev", "extend_dev", "generated", "extend_generated", "check_dev"}, "[scope]");
    if (auto* v = t->get("dev")) cfg.scope.dev = string_list(path, *v, "dev");
    if (auto* v = t->get("generated")) cfg.scope.generated = string_list(path, *v, "generated");
    for (const auto& [key, globs] : {std::pair{"extend_dev", &cfg.scope.dev}, std::pair{"extend_generated", &cfg.scope.generated}})
      if (auto* v = t->get(key))
        for (auto& g : string_list(path, *v, key)) globs->push_back(std::move(g));
    if (auto* v = t->get("check_dev")) {
      auto b = v->value<bool>();
      if (!b) fail(path, v->source(), "`check_dev` in [scope] must be true or false");
      cfg.scope.check_dev = *b;
    }
  }
  if (auto* n = root.get("ignore")) {
    const toml::table* t = n->as_table();
    if (t == nullptr) fail(path, n->source(), "`ignore` must be a table: [ignore]");
    check_keys(path, *t, {"names"}, "[ignore]");
    if (auto* names = t->get("names")) cfg.ignore_names = string_list(path, *names, "names");
  }
  return cfg;
}

Config load_config(const std::string& path) {
  std::string text;
  if (ReadResult r = read_regular_file(path, text); !r.ok())
    throw ConfigError{fmt::format("{}: cannot read the config file: {}", path, r.error)};
  return parse_config(text, fs::absolute(path).lexically_normal().string());
}

}  // namespace envdrift
