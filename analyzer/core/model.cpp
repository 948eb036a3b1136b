#include "analyzer/core/model.h"

#include <array>
#include <utility>

namespace envdrift {

std::string_view language_name(Language lang) {
  switch (lang) {
    case Language::TypeScript: return "typescript";
    case Language::Tsx: return "tsx";
    case Language::JavaScript: return "javascript";
    case Language::Python: return "python";
    case Language::Go: return "go";
    case Language::C: return "c";
    case Language::Cpp: return "cpp";
  }
  return "unknown";
}

namespace {
constexpr std::array<std::pair<ReadKind, std::string_view>, 8> kKinds{{
    {ReadKind::Direct, "direct"},
    {ReadKind::Constant, "constant"},
    {ReadKind::Map, "map"},
    {ReadKind::Helper, "helper"},
    {ReadKind::Settings, "settings"},
    {ReadKind::Tag, "tag"},
    {ReadKind::Schema, "schema"},
    {ReadKind::Dynamic, "dynamic"},
}};
}  // namespace

std::string_view read_kind_name(ReadKind kind) {
  for (auto& [k, n] : kKinds)
    if (k == kind) return n;
  return "unknown";
}

std::optional<ReadKind> parse_read_kind(std::string_view name) {
  for (auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view severity_name(Diagnostic::Severity s) {
  switch (s) {
    case Diagnostic::Severity::Note: return "note";
    case Diagnostic::Severity::Warning: return "warning";
    case Diagnostic::Severity::Error: return "error";
  }
  return "unknown";
}

}  // namespace envdrift
