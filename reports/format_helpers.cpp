#include "reports/format_helpers.h"

#include <tuple>

#include <fmt/format.h>

namespace envdrift {

FindingAnchor finding_anchor(const Finding& f) {
  bool docs_side = f.kind == FindingKind::Unread || f.kind == FindingKind::Duplicate ||
                   f.kind == FindingKind::Unresolved;
  auto from_doc = [&] {
    FindingAnchor a;
    a.file = f.doc->file;
    a.line = f.doc->line;
    a.in_docs = true;
    return a;
  };
  auto from_code = [&] {
    const FindingCode& c = f.code.front();
    FindingAnchor a;
    a.file = c.file;
    a.line = c.line;
    a.column = c.column;
    std::tie(a.end_line, a.end_column) = code_end(c);
    return a;
  };
  if (docs_side && f.doc) return from_doc();
  if (!f.code.empty()) return from_code();
  if (f.doc) return from_doc();
  return {};
}

std::string finding_rule_id(FindingKind k) {
  std::string id = "envdrift/";
  for (char c : finding_kind_name(k)) id += c == '_' ? '-' : c;
  return id;
}

std::string_view finding_kind_title(FindingKind k) {
  switch (k) {
    case FindingKind::Undocumented: return "Undocumented variable";
    case FindingKind::Unread: return "Documented variable read nowhere";
    case FindingKind::DefaultMismatch: return "Documented default differs from the code";
    case FindingKind::Dynamic: return "Variable name computed at run time";
    case FindingKind::WrongSection: return "Variable documented under another service";
    case FindingKind::Duplicate: return "Variable documented twice";
    case FindingKind::Unresolved: return "Documented variable the analyzer could not confirm";
  }
  return "Finding";
}

std::string_view finding_kind_help(FindingKind k) {
  switch (k) {
    case FindingKind::Undocumented:
      return "The code reads this environment variable but the docs page does not list it. Document it (name, "
             "default, meaning) in the registry, or add `envdrift: ignore[undocumented]` on the read if it is "
             "internal.";
    case FindingKind::Unread:
      return "The docs page lists this environment variable but no code reads it any more. Remove the entry, or "
             "mark it deprecated/reserved if it is kept on purpose.";
    case FindingKind::DefaultMismatch:
      return "The default written in the docs differs from the literal fallback in the code. Fix whichever side "
             "is wrong so operators are not misled.";
    case FindingKind::Dynamic:
      return "The variable name is built at run time, so envdrift cannot tell which variables are read. Use "
             "literal names, or document the prefix and suppress with `envdrift: ignore[dynamic]`.";
    case FindingKind::WrongSection:
      return "The variable is documented, but only under another service's section of the docs page. Move or "
             "copy the entry to the section of the service that reads it.";
    case FindingKind::Duplicate:
      return "The same variable is documented twice in one section of the docs page. Keep one entry.";
    case FindingKind::Unresolved:
      return "No read the analyzer resolved produces this documented variable, but its name appears in the "
             "service's code (a string literal, an attribute, a keyword argument, a struct tag), so it may be read "
             "in a way envdrift cannot follow. Informational: the finding lists where the name appears; "
             "report the pattern so the analyzer learns it.";
  }
  return "";
}

std::string finding_kind_count(FindingKind k, size_t n) {
  switch (k) {
    case FindingKind::DefaultMismatch: return fmt::format("{} default mismatch{}", n, n == 1 ? "" : "es");
    case FindingKind::WrongSection: return fmt::format("{} wrong section", n);
    case FindingKind::Duplicate: return fmt::format("{} duplicate{}", n, n == 1 ? "" : "s");
    case FindingKind::Unresolved: return fmt::format("{} unresolved", n);
    default: return fmt::format("{} {}", n, finding_kind_name(k));
  }
}

size_t kind_index(FindingKind k) {
  for (size_t i = 0; i < kAllFindingKinds.size(); ++i)
    if (kAllFindingKinds[i] == k) return i;
  return 0;
}

std::array<KindCounts, kFindingKindCount> count_by_kind(const std::vector<Finding>& findings) {
  std::array<KindCounts, kFindingKindCount> out{};
  for (const auto& f : findings) {
    KindCounts& c = out[kind_index(f.kind)];
    if (f.known) {
      ++c.known;
    } else {
      ++c.fresh;
    }
  }
  return out;
}

std::string finding_group(const Finding& f) {
  if (f.outside) return std::string(kOutsideGroup);
  return f.service.empty() ? std::string(kSharedGroup) : f.service;
}

std::string outside_sentence(const std::vector<OutsideDir>& dirs) {
  if (dirs.empty()) return {};
  size_t total = 0;
  for (const auto& d : dirs) total += d.reads;
  std::string where;
  constexpr size_t kShown = 5;
  for (size_t i = 0; i < dirs.size() && i < kShown; ++i)
    where += fmt::format("{}{} ({})", i == 0 ? "" : ", ", dirs[i].dir, dirs[i].reads);
  if (dirs.size() > kShown) where += fmt::format(", {} more", dirs.size() - kShown);
  return fmt::format("outside services: {} read{} in {}: declare them as [[service]] roots or [scope] dev", total,
                     total == 1 ? "" : "s", where);
}

std::string quoted_default(const std::optional<DefaultValue>& d) {
  if (!d) return "(none)";
  if (!d->comparable) return d->raw;
  return fmt::format("\"{}\"", d->value);
}

std::pair<int, int> code_end(const FindingCode& c) {
  if (c.line > 0 && c.end_line == c.line && c.column > 0 && c.end_column > c.column) return {c.end_line, c.end_column};
  return {0, 0};
}

std::string coverage_sentence(const ServiceCoverage& c, bool several, const LocationStyle& style) {
  auto counted = [](size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::string label = c.service.empty() ? (several ? "outside services" : "tree") : c.service;
  std::string line = fmt::format("coverage {}: {:.0f}% of {} resolved", label, c.percent(),
                                 counted(c.candidates, "candidate site", "candidate sites"));
  if (c.dynamic > 0) line += fmt::format(", {} dynamic", c.dynamic);
  if (c.unresolved > 0) {
    line += fmt::format(", {} unresolved", c.unresolved);
    if (!c.unresolved_at.empty())
      line += fmt::format(" (first {}:{})", style.path(c.unresolved_at.front().file), c.unresolved_at.front().line);
  }
  if (c.escapes > 0) line += fmt::format(", {}: unread findings may be incomplete", counted(c.escapes, "escape", "escapes"));
  return line;
}

std::string escape_sentence(const EnvEscape& x, const LocationStyle& style) {
  return fmt::format("{}:{}: escape: {}", style.path(x.file), x.line, x.message);
}

}  // namespace envdrift
