// read_registry_file: read a registry file and pick its reader by name.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/core/normalize.h"
#include "analyzer/core/io.h"
#include "registry/model.h"

namespace envdrift {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

enum class RegistryKind { Markdown, Dotenv, Json, Yaml, Unknown };

// `.md`/`.mdx`/`.markdown` -> Markdown; `.env`, `.env.example`, `.env.local.sample`,
// `prod.env`, `app.env.example`, `env.example` -> dotenv.
RegistryKind kind_for(std::string_view path) {
  std::string base = to_lower(std::filesystem::path(std::string(path)).filename().string());
  if (ends_with(base, ".md") || ends_with(base, ".mdx") || ends_with(base, ".markdown")) return RegistryKind::Markdown;
  if (ends_with(base, ".json")) return RegistryKind::Json;
  if (ends_with(base, ".yaml") || ends_with(base, ".yml")) return RegistryKind::Yaml;
  if (starts_with(base, ".env") || ends_with(base, ".env")) return RegistryKind::Dotenv;
  for (std::string_view suffix : {".example", ".sample", ".template", ".dist", ".defaults"}) {
    if (!ends_with(base, suffix)) continue;
    std::string_view stem = std::string_view(base).substr(0, base.size() - suffix.size());
    if (ends_with(stem, ".env") || stem == "env" || starts_with(stem, ".env")) return RegistryKind::Dotenv;
  }
  return RegistryKind::Unknown;
}

}  // namespace

Registry read_registry_file(const std::string& path, const std::string& rel) {
  std::string text;
  if (ReadResult r = read_regular_file(path, text); !r.ok())
    throw RegistryError{"cannot read registry file " + path + ": " + r.error};
  switch (kind_for(path)) {
    case RegistryKind::Markdown: return read_markdown_registry(text, rel);
    case RegistryKind::Dotenv: return read_dotenv_registry(text, rel);
    case RegistryKind::Json: return read_json_registry(text, rel);
    case RegistryKind::Yaml: return read_yaml_registry(text, rel);
    case RegistryKind::Unknown: break;
  }
  throw RegistryError{"cannot read registry file " + path +
                      ": unknown registry type (expected .md, .mdx, .markdown, .json, .yaml, .yml, or a .env.example-style file)"};
}

}  // namespace envdrift
