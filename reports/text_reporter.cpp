// `--format text`: what a person reads in a terminal (see tests/snapshots/*.txt).
//
// check: one block per finding kind ("undocumented (1)"), inside it one block per service when
//   services are configured, one line per finding (`file:line  NAME  message`) with its extra
//   code locations and doc location indented below; then diagnostics (`file:line: warning: msg`;
//   notes and not-comparable defaults only with --verbose); then the summary line.
//   Known findings (baseline / [[allow]]) follow in one "known (baseline/allowed)" block with
//   their reason, then stale baseline/allow entries; the summary counts new findings only.
// scan:  one line per read (`file:line:col NAME [kind] default=raw service=S via label`), then
//   diagnostics and the summary line.
#include <algorithm>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "reports/format_helpers.h"
#include "reports/reporters.h"

namespace envdrift {

namespace {

struct Palette {
  bool on = false;
  std::string paint(std::string_view code, std::string_view text) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
};

std::string_view kind_colour(FindingKind k) {
  switch (k) {
    case FindingKind::Undocumented: return "1;31";
    case FindingKind::Unread: return "1;33";
    case FindingKind::DefaultMismatch: return "1;35";
    case FindingKind::Dynamic: return "1;36";
    case FindingKind::WrongSection: return "1;33";
    case FindingKind::Duplicate: return "1;34";
    case FindingKind::Unresolved: return "2";
  }
  return "1";
}

std::string_view severity_colour(Diagnostic::Severity s) {
  switch (s) {
    case Diagnostic::Severity::Error: return "1;31";
    case Diagnostic::Severity::Warning: return "1;33";
    case Diagnostic::Severity::Note: return "1;36";
  }
  return "1";
}

// Raw default text on one line (a multi-line expression would break the one-line-per-read layout).
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

std::string location(std::string_view file, int line) {
  if (file.empty()) return {};
  return line > 0 ? fmt::format("{}:{}", file, line) : std::string(file);
}

std::string counted(size_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

std::string summary_line(const Report& report) {
  const ReportSummary& s = report.summary;
  std::string out = fmt::format("{} of {} in {}", counted(s.reads, "read", "reads"),
                                counted(s.variables_read, "variable", "variables"),
                                counted(s.files_scanned, "file", "files"));
  if (!report.has_registry) return out;
  out += fmt::format("; {} undocumented, {} unread, {}, {} dynamic", s.undocumented, s.unread,
                     counted(s.default_mismatch, "default mismatch", "default mismatches"), s.dynamic);
  if (s.wrong_section > 0) out += fmt::format(", {} wrong section", s.wrong_section);
  if (s.duplicate > 0) out += ", " + counted(s.duplicate, "duplicate", "duplicates");
  if (s.unresolved > 0) out += fmt::format(", {} unresolved", s.unresolved);
  if (s.known > 0) out += fmt::format(" ({} known, not counted)", s.known);
  if (!report.stale.empty()) out += ", " + counted(report.stale.size(), "stale entry", "stale entries");
  if (!report.changed_since.empty()) out += fmt::format("; only files changed since {}", report.changed_since);
  return out;
}

class TextWriter {
 public:
  TextWriter(const Report& report, const ReporterOptions& options, std::ostream& out)
      : report_(report), options_(options), out_(out) {
    palette_.on = options.color;
  }

  void write() {
    if (report_.has_registry) {
      findings();
    } else {
      reads();
    }
    diagnostics();
    coverage();
    out_ << palette_.paint("1", summary_line(report_)) << '\n';
  }

 private:
  void reads() {
    for (const auto& r : report_.reads) {
      bool dynamic = r.kind == ReadKind::Dynamic;
      std::string line = fmt::format("{}:{}:{} {}{} [{}]", r.file, r.line, r.column, palette_.paint("1", r.name),
                                     dynamic ? "*" : "", read_kind_name(r.kind));
      if (dynamic && !r.dynamic_expr.empty()) line += " expr=" + one_line(r.dynamic_expr);
      if (r.default_value) line += " default=" + one_line(r.default_value->raw);
      if (!r.service.empty()) line += " service=" + r.service;
      if (r.dev) line += " scope=dev";
      for (size_t i = 0; i < r.via.size(); ++i) line += (i == 0 ? " via " : " > ") + r.via[i].label;
      out_ << line << '\n';
    }
    if (!report_.reads.empty()) out_ << '\n';
  }

  void findings() {
    std::vector<Finding> fresh, known;
    for (const auto& f : report_.findings) (f.known ? known : fresh).push_back(f);
    by_kind(fresh);
    if (!known.empty()) {
      out_ << palette_.paint("1;2", fmt::format("known (baseline/allowed) ({})", known.size())) << '\n';
      for (const auto& f : known) {
        finding(f, "  ", fmt::format("  [{}: {}]", finding_kind_name(f.kind),
                                     f.known_reason.empty() ? std::string("baseline") : f.known_reason));
      }
      out_ << '\n';
    }
    if (!report_.stale.empty()) {
      out_ << palette_.paint("1;33", fmt::format("stale ({}): entries that match no finding any more; delete them",
                                                 report_.stale.size()))
           << '\n';
      for (const auto& e : report_.stale) {
        std::string line = fmt::format("  {}  {}  {}", e.origin, e.any_kind ? "any kind" : finding_kind_name(e.kind),
                                       e.name.empty() ? std::string("(no name)") : e.name);
        if (!e.service.empty()) line += fmt::format("  service={}", e.service);
        if (!e.reason.empty()) line += fmt::format("  reason: {}", e.reason);
        out_ << line << '\n';
      }
      out_ << '\n';
    }
  }

  // New findings: one block per kind, inside it one block per service when any is set.
  void by_kind(const std::vector<Finding>& all) {
    for (size_t i = 0; i < all.size();) {
      size_t end = i;
      bool any_service = false;
      for (; end < all.size() && all[end].kind == all[i].kind; ++end)
        any_service = any_service || !all[end].service.empty() || all[end].outside;
      out_ << palette_.paint(kind_colour(all[i].kind), fmt::format("{} ({})", finding_kind_name(all[i].kind), end - i))
           << '\n';
      for (size_t j = i; j < end;) {
        size_t group_end = j;
        while (group_end < end && all[group_end].service == all[j].service && all[group_end].outside == all[j].outside)
          ++group_end;
        std::string indent = "  ";
        if (any_service) {
          std::string label = finding_group(all[j]);
          out_ << "  " << palette_.paint("1", fmt::format("{} ({})", label, group_end - j)) << '\n';
          indent = "    ";
        }
        for (size_t k = j; k < group_end; ++k) finding(all[k], indent);
        j = group_end;
      }
      out_ << '\n';
      i = end;
    }
  }

  void finding(const Finding& f, const std::string& indent, const std::string& suffix = "") {
    std::string where;
    if (!f.code.empty()) {
      where = location(f.code.front().file, f.code.front().line);
    } else if (f.doc) {
      where = location(f.doc->file, f.doc->line);
    }
    std::string name = f.name.empty() ? std::string("(no name)") : f.name;
    out_ << indent << (where.empty() ? std::string() : palette_.paint("2", where) + "  ")
         << palette_.paint("1", name) << "  " << f.message << suffix << '\n';
    std::vector<std::string> shown{where};  // an alias read on the same line is not "also at" it
    for (size_t i = 1; i < f.code.size(); ++i) {
      std::string at = location(f.code[i].file, f.code[i].line);
      if (std::find(shown.begin(), shown.end(), at) != shown.end()) continue;
      shown.push_back(at);
      out_ << indent << "  also at " << at << '\n';
    }
    if (!f.code.empty() && f.doc) out_ << indent << "  documented at " << location(f.doc->file, f.doc->line) << '\n';
  }

  // One line of coverage per service (SPEC section 5), and the escapes.
  void coverage() {
    for (const auto& c : report_.coverage) out_ << palette_.paint("2", coverage_sentence(c, report_.coverage.size() > 1)) << '\n';
    if (std::string o = outside_sentence(report_.outside); !o.empty()) out_ << palette_.paint("2", o) << '\n';
    for (const auto& x : report_.escapes)
      diagnostic_line(Diagnostic::Severity::Warning, x.file, x.line, fmt::format("escape: {}", x.message));
  }

  void diagnostic_line(Diagnostic::Severity severity, std::string_view file, int line, std::string_view message) {
    std::string where = location(file, line);
    out_ << (where.empty() ? std::string() : where + ": ")
         << palette_.paint(severity_colour(severity), severity_name(severity)) << ": " << message << '\n';
  }

  // With --verbose, `check` also lists defaults that are shown but never compared.
  size_t not_comparable_notes() {
    size_t n = 0;
    for (const auto& reg : report_.registries) {
      for (const auto& v : reg.variables) {
        if (!v.default_value || v.default_value->comparable) continue;
        diagnostic_line(Diagnostic::Severity::Note, v.file, v.line,
                        fmt::format("{}: documented default \"{}\" is not comparable", v.name,
                                    one_line(v.default_value->raw)));
        ++n;
      }
    }
    for (const auto& r : report_.reads) {
      if (!r.default_value || r.default_value->comparable) continue;
      diagnostic_line(Diagnostic::Severity::Note, r.file, r.line,
                      fmt::format("{}: code default `{}` is not comparable", r.name, one_line(r.default_value->raw)));
      ++n;
    }
    return n;
  }

  void diagnostics() {
    size_t shown = 0;
    for (const auto& d : report_.diagnostics) {
      if (d.severity == Diagnostic::Severity::Note && !options_.verbose) continue;
      diagnostic_line(d.severity, d.file, d.line, d.message);
      ++shown;
    }
    if (options_.verbose && report_.has_registry) shown += not_comparable_notes();
    if (shown > 0) out_ << '\n';
  }

  const Report& report_;
  const ReporterOptions& options_;
  std::ostream& out_;
  Palette palette_;
};

}  // namespace

void TextReporter::write(const Report& report, std::ostream& out) { TextWriter(report, options_, out).write(); }

}  // namespace envdrift
