#include "cli/init.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyzer/core/discovery.h"
#include "analyzer/core/normalize.h"
#include "analyzer/core/scope.h"
#include "cli/app.h"
#include "cli/config.h"
#include "registry/docs_writer.h"
#include "registry/model.h"
#include "reports/findings.h"

namespace fs = std::filesystem;

namespace envdrift {

namespace {

constexpr int kMaxDepth = 4;  // registry pages deeper than docs/a/b/c/ are not looked for

// Files that mark a directory as a unit of code in a language envdrift reads.
constexpr const char* kManifests[] = {"package.json", "deno.json",   "pyproject.toml", "setup.py",
                                      "setup.cfg",    "Pipfile",     "requirements.txt", "go.mod",
                                      "CMakeLists.txt", "meson.build"};

// The single directory names of the built-in excludes ("**/node_modules/**" -> node_modules).
const std::set<std::string>& excluded_dir_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    for (const auto& g : builtin_excludes()) {
      if (!starts_with(g, "**/") || g.size() < 7 || g.compare(g.size() - 3, 3, "/**") != 0) continue;
      std::string name = g.substr(3, g.size() - 6);
      if (name.find_first_of("/*?[") == std::string::npos) out.insert(name);
    }
    return out;
  }();
  return names;
}

// A directory name holding a version number ("version-v0.28.0", "v1.2"): an archived copy (of
// the docs, say), not the current tree.
bool versioned(const std::string& name) {
  for (size_t i = 0; i + 2 < name.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(name[i])) && name[i + 1] == '.' &&
        std::isdigit(static_cast<unsigned char>(name[i + 2])))
      return true;
  return false;
}

// Conventional homes of documentation sites, examples, benchmarks, vendored code and build
// trees: a manifest there does not make a deployable service.
bool non_service_dir(const std::string& name) {
  static const std::set<std::string> kNames{"docs",      "doc",        "documentation", "examples", "example",
                                            "samples",   "benchmark",  "benchmarks",    "bench",    "third_party",
                                            "thirdparty", "build",     "out",           "target"};
  return kNames.count(to_lower(name)) > 0;
}

// Source files directly in `dir`: a package of code, not a parent of services.
bool holds_source(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code sec;
    if (!it->is_regular_file(sec)) continue;
    std::string ext = to_lower(it->path().extension().string());
    for (const char* e : {".py", ".go", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".c", ".cc", ".cpp", ".h"})
      if (ext == e) return true;
  }
  return false;
}

// A directory init never looks into: hidden, a dependency/cache folder, an archived version, dev
// or generated code.
bool skipped_dir(const std::string& rel, const std::string& name) {
  static const ScopeRules scope;
  if (name.empty() || name[0] == '.' || excluded_dir_names().count(name) > 0 || versioned(name)) return true;
  std::string probe = rel + "/file";  // the scope globs match files
  return scope.is_dev(probe) || scope.is_generated(probe);
}

bool env_like(const std::string& name) {
  if (name.empty() || !(std::isupper(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Could this file be a registry? (The reader decides.)
bool registry_candidate(const std::string& file_name) {
  std::string n = to_lower(file_name);
  std::string ext = fs::path(n).extension().string();
  if (ext == ".md" || ext == ".mdx" || ext == ".markdown") {
    for (const char* word : {"env", "config", "setting", "variable"})
      if (n.find(word) != std::string::npos) return true;
    return false;
  }
  // A template, never the real thing: `.env` / `.env.local` hold secrets, not documentation.
  for (const char* suffix : {".example", ".sample", ".template", ".dist", ".defaults"}) {
    if (!ends_with(n, suffix)) continue;
    std::string stem = n.substr(0, n.size() - std::string_view(suffix).size());
    if (stem == ".env" || stem == "env" || ends_with(stem, ".env") || starts_with(stem, ".env.")) return true;
  }
  if (ext == ".json" || ext == ".yaml" || ext == ".yml") return starts_with(n, "env");
  return false;
}

// The reader accepts it and it documents environment-style names (at least half of them).
size_t registry_variables(const fs::path& file, const std::string& rel) {
  Registry reg;
  try {
    reg = read_registry_file(file.string(), rel);
  } catch (const RegistryError&) {
    return 0;
  }
  for (const auto& d : reg.diagnostics)
    if (d.severity == Diagnostic::Severity::Error) return 0;
  size_t env = 0;
  for (const auto& v : reg.variables) env += env_like(v.name) ? 1 : 0;
  return env * 2 >= reg.variables.size() ? reg.variables.size() : 0;
}

std::string manifest_in(const fs::path& dir) {
  std::error_code ec;
  for (const char* m : kManifests)
    if (fs::is_regular_file(dir / m, ec)) return m;
  return "";
}

std::vector<std::pair<std::string, fs::path>> subdirs(const fs::path& dir, const std::string& rel) {
  std::vector<std::pair<std::string, fs::path>> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code sec;
    if (!it->is_directory(sec) || it->is_symlink(sec)) continue;
    std::string name = it->path().filename().string();
    std::string child = rel.empty() ? name : rel + "/" + name;
    if (!skipped_dir(child, name)) out.emplace_back(child, it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Breadth-first over the tree (no recursion), down to kMaxDepth.
void find_registries(const fs::path& root, Detection& d) {
  std::vector<std::pair<std::string, int>> queue{{"", 0}};
  for (size_t q = 0; q < queue.size(); ++q) {
    auto [rel, depth] = queue[q];
    fs::path dir = rel.empty() ? root : root / rel;
    std::error_code ec;
    std::vector<std::string> files;
    for (auto it = fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code sec;
      if (it->is_regular_file(sec) && registry_candidate(it->path().filename().string()))
        files.push_back(it->path().filename().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string frel = rel.empty() ? f : rel + "/" + f;
      if (size_t n = registry_variables(dir / f, frel)) d.registries.push_back({frel, n});
    }
    if (depth + 1 < kMaxDepth)
      for (const auto& [child, path] : subdirs(dir, rel)) queue.emplace_back(child, depth + 1);
  }
}

void find_services(const fs::path& root, Detection& d) {
  for (const auto& [rel, path] : subdirs(root, "")) {
    if (non_service_dir(path.filename().string())) continue;
    if (std::string m = manifest_in(path); !m.empty()) {
      d.services.push_back({path.filename().string(), rel, rel + "/" + m, ""});
      continue;
    }
    if (holds_source(path)) continue;  // a package of code (bookwyrm/), not services/ or apps/
    for (const auto& [child, cpath] : subdirs(path, rel)) {
      if (non_service_dir(cpath.filename().string())) continue;
      if (std::string m = manifest_in(cpath); !m.empty())
        d.services.push_back({cpath.filename().string(), child, child + "/" + m, ""});
    }
  }
  // Two services of one name (apps/web, sites/web): name them by their roots.
  std::map<std::string, int> count;
  for (const auto& s : d.services) ++count[s.name];
  for (auto& s : d.services) {
    if (count[s.name] < 2) continue;
    s.name = s.root;
    std::replace(s.name.begin(), s.name.end(), '/', '-');
  }
}

bool starts_with_word(const std::string& text, const std::string& word) {
  std::string t = to_lower(text), w = to_lower(word);
  if (!starts_with(t, w)) return false;
  return t.size() == w.size() || !std::isalnum(static_cast<unsigned char>(t[w.size()]));
}

// The registry heading that names each service: one mentioning its root ("API service
// (services/api)"), else one starting with its name as a word ("Worker service").
void find_doc_sections(const fs::path& root, Detection& d) {
  std::vector<std::string> headings;
  for (const auto& r : d.registries) {
    Registry reg;
    try {
      reg = read_registry_file((root / r.path).string(), r.path);
    } catch (const RegistryError&) {
      continue;
    }
    for (const auto& v : reg.variables)
      for (const auto& h : v.section)
        if (std::find(headings.begin(), headings.end(), h) == headings.end()) headings.push_back(h);
  }
  for (auto& s : d.services) {
    for (const auto& h : headings)
      if (s.doc_section.empty() && h.find(s.root) != std::string::npos) s.doc_section = h;
    for (const auto& h : headings)
      if (s.doc_section.empty() && starts_with_word(h, s.name)) s.doc_section = h;
  }
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool write_new_file(const std::string& path, const std::string& text, std::string& error) {
  std::error_code ec;
  if (fs::path parent = fs::path(path).parent_path(); !parent.empty()) fs::create_directories(parent, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) error = fmt::format("cannot write {}", path);
  return static_cast<bool>(out);
}

int run_in_process(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return run_cli(static_cast<int>(argv.size()), argv.data());
}

std::string skeleton_page(const std::vector<DetectedService>& services, bool mdx) {
  std::string intro =
      "# Environment variables\n"
      "\n"
      "Every environment variable the code reads. The tables between the `envdrift` markers are\n"
      "generated from the code by `envdrift docs --write` (name, default, the files that read it);\n"
      "write each variable's description in its Description cell, it is kept. Everything outside\n"
      "the markers is yours. `envdrift docs --check` fails when a table is stale.\n";
  std::vector<NewRegion> regions;
  for (const auto& s : services) regions.push_back({s.doc_section, s.name});
  if (regions.empty()) regions.push_back({"Variables", ""});
  return insert_docs_regions(intro, mdx, regions, "");
}

}  // namespace

Detection detect_project(const std::string& root) {
  Detection d;
  fs::path r(root);
  find_registries(r, d);
  find_services(r, d);
  find_doc_sections(r, d);
  return d;
}

std::string render_init_config(const Detection& d) {
  std::string out =
      "# envdrift configuration, written by `envdrift init`: edit it freely (README, \"Configuration\").\n"
      "# Paths are relative to the directory of this file.\n"
      "\n"
      "# The registry: the pages that document the variables (Markdown/MDX docs pages,\n"
      "# .env.example-style files, JSON/YAML registries).\n";
  if (d.registries.empty()) {
    out +=
        "# None was found: name the page that documents your variables (a Markdown table with\n"
        "# Variable/Default/Description columns, or a .env.example), or create one with\n"
        "# `envdrift init --docs-skeleton docs/env.md`.\n"
        "# registry = [\"docs/env.md\"]\n";
  } else {
    std::string list;
    for (const auto& r : d.registries) {
      out += fmt::format("#   {}: {} variable{}\n", r.path, r.variables, r.variables == 1 ? "" : "s");
      list += (list.empty() ? "" : ", ") + toml_string(r.path);
    }
    out += fmt::format("registry = [{}]\n", list);
  }
  out +=
      "\n"
      "# Files to scan and to leave out (globs relative to this directory), on top of .gitignore and\n"
      "# the built-in excludes (node_modules, .venv, ...).\n"
      "# include = [\"services/**\"]\n"
      "# exclude = [\"**/testdata/**\"]\n"
      "\n";
  if (d.services.size() >= 2) {
    out +=
        "# One [[service]] per deployable unit: drift is reported per service, and a variable read by\n"
        "# one service but documented only under another's section is `wrong_section`. doc_section is\n"
        "# the registry heading (a text prefix) the service is documented under; a section no service\n"
        "# claims is shared by all.\n";
    for (const auto& s : d.services) {
      out += fmt::format("\n# found {}\n[[service]]\nname = {}\nroots = [{}]\n", s.manifest, toml_string(s.name),
                         toml_string(s.root));
      if (!s.doc_section.empty()) out += fmt::format("doc_section = {}\n", toml_string(s.doc_section));
      else out += "# doc_section = \"...\"   (no registry heading names this service yet)\n";
    }
    out += "\n";
  } else {
    out += "# Services: none or one found, so the whole tree is one service. With several deployable\n"
           "# units, declare each to get per-service drift:\n";
    if (d.services.size() == 1) {
      const auto& s = d.services.front();
      out += fmt::format("# [[service]]\n# name = {}\n# roots = [{}]   (found {})\n", toml_string(s.name),
                         toml_string(s.root), s.manifest);
    } else {
      out += "# [[service]]\n# name = \"api\"\n# roots = [\"services/api\"]\n";
    }
    out += "# doc_section = \"API service\"\n\n";
  }
  std::string kinds;
  for (auto k : default_fail_on()) kinds += (kinds.empty() ? "" : ", ") + toml_string(std::string(finding_kind_name(k)));
  out += fmt::format(
      "# Variables the platform or a framework sets, never reported as undocumented.\n"
      "[ignore]\n"
      "names = []\n"
      "\n"
      "# The finding kinds that make `envdrift check` exit 1 (these are the default):\n"
      "# fail_on = [{}]\n",
      kinds);
  return out;
}

CLI::App* add_init_command(CLI::App& app, InitOptions& o) {
  CLI::App* cmd = app.add_subcommand("init", "Detect registries and services, write a commented .envdrift.toml");
  cmd->add_option("DIR", o.dir, "The repository root to configure (default: .)")->check(CLI::ExistingDirectory);
  cmd->add_flag("--force", o.force, "Overwrite the files init writes when they exist");
  cmd->add_flag("--baseline", o.baseline,
                "Also write .envdrift-baseline.json: today's findings, accepted (check --baseline)");
  cmd->add_option("--docs-skeleton", o.docs_skeleton,
                  "Also write this docs page (.md or .mdx) with a generated table per service, and register it");
  return cmd;
}

int run_init(const InitOptions& o) {
  fs::path root = fs::absolute(o.dir).lexically_normal();
  auto shown = [&](const std::string& rel) { return (fs::path(o.dir) / rel).lexically_normal().string(); };
  auto fail = [](const std::string& message) {
    std::cerr << "envdrift: error: " << message << "\n";
    return 2;
  };
  std::error_code ec;
  std::string config_path = (root / ".envdrift.toml").string();
  std::string baseline_rel = ".envdrift-baseline.json";
  std::vector<std::pair<std::string, std::string>> targets{{config_path, shown(".envdrift.toml")}};
  std::string skeleton_rel;
  if (!o.docs_skeleton.empty()) {
    std::string ext = to_lower(fs::path(o.docs_skeleton).extension().string());
    if (ext != ".md" && ext != ".mdx")
      return fail(fmt::format("--docs-skeleton {}: the page must be Markdown (.md) or MDX (.mdx)", o.docs_skeleton));
    fs::path abs = fs::absolute(o.docs_skeleton).lexically_normal();
    skeleton_rel = relative_to(root.string(), abs.string());
    targets.emplace_back(abs.string(), o.docs_skeleton);
  }
  if (o.baseline) targets.emplace_back((root / baseline_rel).string(), shown(baseline_rel));
  if (!o.force)
    for (const auto& [path, name] : targets)
      if (fs::exists(fs::symlink_status(path, ec)))
        return fail(fmt::format("{} already exists; pass --force to overwrite it", name));

  Detection d = detect_project(root.string());
  if (o.baseline && d.registries.empty() && skeleton_rel.empty())
    return fail("--baseline needs a registry to diff against and none was found: name one in .envdrift.toml first, "
                "or create one with --docs-skeleton PATH");
  if (!skeleton_rel.empty()) {
    // The skeleton's headings are the services' doc_sections, so each table is claimed.
    for (auto& s : d.services)
      if (s.doc_section.empty()) s.doc_section = s.name;
    if (d.services.size() < 2) d.services.clear();
    d.registries.push_back({skeleton_rel, 0});
  }

  std::string error;
  if (!write_new_file(config_path, render_init_config(d), error)) return fail(error);
  std::cout << fmt::format("envdrift: wrote {}\n", shown(".envdrift.toml"));
  for (const auto& r : d.registries)
    if (r.path != skeleton_rel) std::cout << fmt::format("  registry {} ({} variable{})\n", r.path, r.variables, r.variables == 1 ? "" : "s");
  if (d.registries.empty()) std::cout << "  registry: none found (see the comment in the file)\n";
  if (d.services.size() >= 2) {
    for (const auto& s : d.services)
      std::cout << fmt::format("  service {}: {}{}\n", s.name, s.root,
                               s.doc_section.empty() ? std::string(", no docs heading names it")
                                                     : fmt::format(", documented under \"{}\"", s.doc_section));
  } else {
    std::cout << "  services: the whole tree is one service\n";
  }

  if (!skeleton_rel.empty()) {
    std::string page = skeleton_page(d.services, to_lower(fs::path(o.docs_skeleton).extension().string()) == ".mdx");
    if (!write_new_file(targets[1].first, page, error)) return fail(error);
    // Only the new page: a page of the user's with markers is theirs to regenerate.
    int rc = run_in_process({"envdrift", "docs", "--write", "--quiet", "--registry", targets[1].first, root.string()});
    if (rc != 0) return fail(fmt::format("wrote {}, but `envdrift docs --write` failed (exit {})", o.docs_skeleton, rc));
    std::cout << fmt::format("envdrift: wrote {} (tables generated from the code; add descriptions)\n", o.docs_skeleton);
  }
  std::string path_arg = fs::path(o.dir).lexically_normal() == "." ? "" : " " + o.dir;
  if (o.baseline) {
    int rc = run_in_process({"envdrift", "check", "--quiet", "--write-baseline", (root / baseline_rel).string(), root.string()});
    if (rc != 0) return fail(fmt::format("`envdrift check --write-baseline` failed (exit {}); run it to see why", rc));
    std::cout << fmt::format("envdrift: wrote {} (today's findings, accepted)\n", shown(baseline_rel));
    std::cout << fmt::format("next: envdrift check --baseline {}{}\n", shown(baseline_rel), path_arg);
  } else {
    std::cout << fmt::format("next: envdrift check{}\n", path_arg);
  }
  return 0;
}

}  // namespace envdrift
