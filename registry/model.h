// The documented-variable model (SPEC section 4) and the registry readers' entry points.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"

namespace envdrift {

struct DocVariable {
  std::string name;
  std::vector<std::string> aliases;            // legacy names documented for the same variable
  std::optional<DefaultValue> default_value;   // nullopt: the page says there is no default
  // false when the page has no place for a default at all (a table without a Default column,
  // a heading-per-variable entry whose prose names none): "unknown", not "no default".
  bool default_stated = true;
  std::vector<std::string> section;            // heading path, outermost first
  std::string file;                            // as given to the reader (relative to the root)
  int line = 0;                                // 1-based line of the row / entry
  bool required = false;
  bool deprecated = false;
  bool reserved = false;
  bool test_only = false;
  // The default is the value a `.env`-style template sets (`.env.example`, `.env.production`):
  // often what a deployment is meant to set (`DB_HOST=db`, a sample password), not what the code
  // does without it, so a mismatch with the code's fallback is informational unless the config
  // says the template's values are defaults (`template_values = "defaults"`).
  bool template_value = false;
  std::string description;                     // the description cell, if the page has one

  // "Environment Variables > Ingest service (services/ingest)": the heading path for display.
  std::string section_path() const;
};

// A name a page mentions without documenting it as an entry (see Registry::mentioned).
struct DocMention {
  std::string name;
  int line = 0;  // 1-based, the first mention
};

struct Registry {
  std::string file;                            // relative to the scan root
  std::vector<DocVariable> variables;
  std::vector<std::string> ignored;            // names in `<!-- envdrift: ignore NAME -->`
  // A Markdown page with no entries at all (no table, component or heading per variable) that
  // still names variables in its prose, code spans or code blocks (`set ATHENS_STORAGE_TYPE`,
  // `# Env override: ATHENS_STORAGE_TYPE`, `[$NTFY_DEBUG]`): the names it mentions. A read of
  // one is documented (default unknown); a mention is never `unread`, since a page also names
  // variables it does not own (`GOPATH`, another tool's settings).
  std::vector<DocMention> mentioned;
  std::vector<Diagnostic> diagnostics;
};

// Read a registry file, choosing the reader by file name and content:
// `.md`/`.mdx`/`.markdown` -> Markdown/MDX; `.env*`/`*.env.example` -> dotenv;
// `.json` -> JSON, `.yaml`/`.yml` -> YAML structured registry.
// Throws RegistryError when the file cannot be read or its type is unknown.
struct RegistryError {
  std::string message;
};
Registry read_registry_file(const std::string& path, const std::string& rel);

// The readers, on text already in memory (what the tests call).
Registry read_markdown_registry(std::string_view text, const std::string& rel);
Registry read_dotenv_registry(std::string_view text, const std::string& rel);
// Structured registries (registry/structured.cpp): a list of {name, default, description,
// service, aliases, deprecated, required}, or a map keyed by name.
Registry read_json_registry(std::string_view text, const std::string& rel);
Registry read_yaml_registry(std::string_view text, const std::string& rel);

}  // namespace envdrift
