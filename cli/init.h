// `envdrift init [DIR]`: a first run that guides. Detects the registry pages and the likely
// services of a repository, writes a commented `.envdrift.toml`, and optionally a docs page
// skeleton with generation markers (`--docs-skeleton PATH`) and a baseline (`--baseline`).
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace envdrift {

struct InitOptions {
  std::string dir = ".";
  bool force = false;          // overwrite the files init writes
  bool baseline = false;       // also write .envdrift-baseline.json (check --write-baseline)
  std::string docs_skeleton;   // also write this docs page (.md / .mdx) with marker regions
};

struct DetectedRegistry {
  std::string path;  // relative to the root, '/' separators
  size_t variables = 0;
};

struct DetectedService {
  std::string name;
  std::string root;         // relative to the repository root
  std::string manifest;     // the manifest that marks it: "services/api/package.json"
  std::string doc_section;  // a registry heading naming it ("" when none does)
};

struct Detection {
  std::vector<DetectedRegistry> registries;
  std::vector<DetectedService> services;
};

// Registries: Markdown/MDX pages whose name mentions env, config, setting or variable,
// `.env.example`-style templates (never a real `.env`), and `env*.json|yaml|yml` files, outside
// dev/generated/hidden/dependency directories and archived versions (a directory name holding a
// version number), that the registry readers accept and that document environment-style names.
// Services: directories (top level, or one level below a top-level directory that holds neither
// a manifest nor source files itself) holding a manifest of a language envdrift reads, except
// the conventional homes of docs sites, examples, benchmarks, vendored code and build trees.
Detection detect_project(const std::string& root);

// The commented config for `d` (what init writes).
std::string render_init_config(const Detection& d);

// Adds the subcommand to `app`; `run_init` runs it (after parsing) and returns the exit code.
CLI::App* add_init_command(CLI::App& app, InitOptions& options);
int run_init(const InitOptions& options);

}  // namespace envdrift
