#include "analyzer/typescript/tsconfig.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzer/core/resolve/project.h"

namespace envdrift::js {

namespace {

namespace fs = std::filesystem;

std::string dir_of(const std::string& rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

std::string join(const std::string& dir, std::string_view rel) {
  std::string joined = dir.empty() ? std::string(rel) : dir + "/" + std::string(rel);
  std::string out;
  return resolve::normalize_rel_path(joined, out) ? out : std::string();
}

// The parsed config nearest above `dir` (root-relative), and the directory it is in.
bool nearest_config(const std::string& root, std::string dir, nlohmann::json& out, std::string& config_dir) {
  for (int guard = 0; guard < 64; ++guard) {
    for (const char* name : {"tsconfig.json", "jsconfig.json"}) {
      fs::path p = fs::path(root) / dir / name;
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) continue;
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
      if (out.is_discarded() || !out.is_object()) return false;
      config_dir = dir;
      return true;
    }
    if (dir.empty()) return false;
    dir = dir_of(dir);
  }
  return false;
}

}  // namespace

std::vector<std::string> tsconfig_candidates(const std::string& root, const std::string& file_rel, std::string_view spec) {
  std::vector<std::string> out;
  if (root.empty()) return out;
  nlohmann::json cfg;
  std::string config_dir;
  if (!nearest_config(root, dir_of(file_rel), cfg, config_dir)) return out;
  auto opts = cfg.find("compilerOptions");
  if (opts == cfg.end() || !opts->is_object()) return out;
  std::string base = config_dir;
  bool has_base = false;
  if (auto b = opts->find("baseUrl"); b != opts->end() && b->is_string()) {
    base = join(config_dir, b->get<std::string>());
    has_base = true;
  }
  if (auto paths = opts->find("paths"); paths != opts->end() && paths->is_object()) {
    for (auto it = paths->begin(); it != paths->end(); ++it) {
      const std::string& pattern = it.key();
      if (!it.value().is_array()) continue;
      size_t star = pattern.find('*');
      std::string middle;
      if (star == std::string::npos) {
        if (spec != pattern) continue;
      } else {
        std::string_view pre = std::string_view(pattern).substr(0, star), post = std::string_view(pattern).substr(star + 1);
        if (spec.size() < pre.size() + post.size() || spec.substr(0, pre.size()) != pre ||
            spec.substr(spec.size() - post.size()) != post)
          continue;
        middle = std::string(spec.substr(pre.size(), spec.size() - pre.size() - post.size()));
      }
      for (const auto& target : it.value()) {
        if (!target.is_string()) continue;
        std::string t = target.get<std::string>();
        if (size_t s = t.find('*'); s != std::string::npos) t.replace(s, 1, middle);
        std::string c = join(base, t);
        if (!c.empty()) out.push_back(c);
      }
    }
  }
  if (has_base) {
    std::string c = join(base, spec);
    if (!c.empty()) out.push_back(c);
  }
  return out;
}

}  // namespace envdrift::js
