#include "tests/fuzz/harness.h"

#include <fmt/format.h>

#include <algorithm>

#include "analyzer/core/driver.h"
#include "cli/config.h"
#include "registry/model.h"

namespace envdrift::fuzz {
namespace {

// Lines of the text as an editor counts them (a final line without '\n' counts; "" has one).
int line_count(std::string_view text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// Lines of a source file as the analyzer counts them: a lone CR ends a line too (the driver maps
// it to LF before parsing, so classic-Mac files get real line numbers).
int source_line_count(std::string_view text) {
  int lines = line_count(text);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) ++lines;
  return lines;
}

std::string check_file_result(const FileResult& r, std::string_view rel, std::string_view text) {
  int lines = source_line_count(text);
  for (const auto& read : r.reads) {
    if (read.file != rel) return fmt::format("read of {} attributed to {}, not {}", read.name, read.file, rel);
    if (read.line < 1 || read.line > lines || read.column < 1)
      return fmt::format("read of {} at {}:{} outside the {} lines of {}", read.name, read.line, read.column, lines, rel);
  }
  for (const auto& e : r.escapes)
    if (e.line < 1 || e.line > lines || e.column < 1)
      return fmt::format("escape `{}` at {}:{} outside the {} lines of {}", e.message, e.line, e.column, lines, rel);
  for (int l : r.candidate_lines)
    if (l < 1 || l > lines) return fmt::format("candidate line {} outside the {} lines of {}", l, lines, rel);
  for (const auto& d : r.diagnostics)
    if (d.line < 0 || d.line > lines) return fmt::format("diagnostic `{}` at line {} outside the {} lines", d.message, d.line, lines);
  return {};
}

std::string analyze_as(std::string_view input, std::initializer_list<std::string_view> rels) {
  for (auto rel : rels) {
    FileResult r = analyze_text(rel, std::string(input));
    if (auto err = check_file_result(r, rel, input); !err.empty()) return err;
  }
  return {};
}

std::string check_registry(const Registry& reg, std::string_view text) {
  int lines = line_count(text);
  for (const auto& v : reg.variables)
    if (v.line < 0 || v.line > lines)
      return fmt::format("variable {} at line {} outside the {} lines of {}", v.name, v.line, lines, reg.file);
  for (const auto& d : reg.diagnostics)
    if (d.line < 0 || d.line > lines) return fmt::format("diagnostic `{}` at line {} outside the {} lines", d.message, d.line, lines);
  return {};
}

std::string run_typescript(std::string_view in) { return analyze_as(in, {"src/fuzz.ts", "src/fuzz.tsx", "src/fuzz.js"}); }
std::string run_python(std::string_view in) { return analyze_as(in, {"app/fuzz.py"}); }
std::string run_go(std::string_view in) { return analyze_as(in, {"cmd/fuzz.go"}); }

std::string run_markdown(std::string_view in) {
  for (const char* rel : {"docs/env.md", "docs/env.mdx"})
    if (auto err = check_registry(read_markdown_registry(in, rel), in); !err.empty()) return err;
  return {};
}
std::string run_dotenv(std::string_view in) { return check_registry(read_dotenv_registry(in, ".env.example"), in); }
std::string run_json(std::string_view in) { return check_registry(read_json_registry(in, "docs/env.json"), in); }
std::string run_yaml(std::string_view in) { return check_registry(read_yaml_registry(in, "docs/env.yaml"), in); }

std::string run_config(std::string_view in) {
  try {
    parse_config(std::string(in), "/fuzz/.envdrift.toml");
  } catch (const ConfigError&) {
    // The documented outcome of a bad config: a message, not a crash.
  }
  return {};
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> kTargets{
      {"typescript", run_typescript}, {"python", run_python}, {"go", run_go},
      {"markdown", run_markdown},     {"dotenv", run_dotenv}, {"json", run_json},
      {"yaml", run_yaml},             {"config", run_config},
  };
  return kTargets;
}

const Target* find_target(std::string_view name) {
  for (const auto& t : targets())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace envdrift::fuzz
