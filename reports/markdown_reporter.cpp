// `--format markdown`: a pull-request comment (SPEC section 5, issue 7).
//
//   <!-- envdrift-report -->            hidden marker: a workflow finds and updates its one comment
//   ### envdrift: <verdict line>       ❌ only when the check fails (policy.h): informational
//                                       findings and --exit-zero never show ❌
//   summary table: kind x (new, known, per service)
//   one <details> per kind: a table row per finding with `path#Lline` (relative to the
//     repository root; a link to the blob on the forge when a link base is known), documented
//     vs code default
//   <details> known (baseline / allow) and stale entries, never counted as new
//   footer: tool version and scan size
//
// GitHub rejects comments over 65,536 characters: rows are added while they fit a budget, and
// the rest is replaced by a count of what was cut, per kind.
#include <fmt/format.h>

#include <array>
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "reports/format_helpers.h"
#include "reports/reporters.h"

namespace envdrift {

namespace {

// Bytes, not characters: a byte count is never below GitHub's character count, so a comment
// within this many bytes is always accepted. The reserve keeps room for the truncation note.
constexpr size_t kCommentLimit = 65536;
constexpr size_t kTruncationReserve = 2048;
constexpr size_t kMaxEscapeLines = 10;  // escapes listed in a comment; the rest are counted

// Text for a table cell: one line, no column breaks, no raw HTML.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n':
      case '\r':
      case '\t': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// A code span that survives backticks and pipes in its content.
std::string code(std::string_view s) {
  std::string body;
  size_t run = 0, longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|') {
      body += "\\|";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      body += ' ';
    } else {
      body += c;
    }
  }
  if (body.empty()) return "` `";
  std::string fence(longest + 1, '`');
  bool pad = body.front() == '`' || body.back() == '`';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

// `path#Lline` as code, relative to the repository root; a link to the forge when one is known.
std::string where(const LocationStyle& style, std::string_view file, int line) {
  if (file.empty()) return "";
  std::string path = style.path(file);
  std::string text = code(line > 0 ? fmt::format("{}#L{}", path, line) : path);
  std::string url = style.link(file, line);
  return url.empty() ? text : fmt::format("[{}]({})", text, url);
}

std::string anchor_cell(const Finding& f, const LocationStyle& style) {
  FindingAnchor a = finding_anchor(f);
  std::string out = where(style, a.file, a.line);
  if (!a.in_docs && f.code.size() > 1) out += fmt::format(" (+{} more)", f.code.size() - 1);
  return out.empty() ? "—" : out;
}

std::string name_cell(const Finding& f) { return f.name.empty() ? "(no name)" : code(f.name); }

std::string service_cell(const Finding& f) { return f.service.empty() && !f.outside ? "—" : cell(finding_group(f)); }

// One table per section: the header, then rows added by the writer under its budget.
struct Section {
  std::string open;  // <details><summary>… + table header
  std::vector<std::string> rows;
  std::string close = "\n</details>\n\n";
  FindingKind kind = FindingKind::Undocumented;
  bool counts_as_finding = true;  // rows cut from it are counted as findings not shown
};

class MarkdownWriter {
 public:
  MarkdownWriter(const Report& report, const ReporterOptions& options) : report_(report), options_(options) {}

  std::string write() {
    counts_ = count_by_kind(report_.findings);
    bool outside = false, shared = false;
    for (const auto& f : report_.findings) {
      if (!f.service.empty()) services_.insert(f.service);
      outside = outside || f.outside;
      shared = shared || (f.service.empty() && !f.outside);
    }
    groups_.assign(services_.begin(), services_.end());
    if (outside) groups_.emplace_back(kOutsideGroup);
    if (shared && !groups_.empty()) groups_.emplace_back(kSharedGroup);

    std::string head = "<!-- envdrift-report -->\n### envdrift: " + verdict() + "\n\n";
    head += notes();
    head += summary_table();
    head += coverage();
    std::string foot = footer();

    std::vector<Section> sections = kind_sections();
    if (Section known = known_section(); !known.rows.empty()) sections.push_back(std::move(known));
    if (Section stale = stale_section(); !stale.rows.empty()) sections.push_back(std::move(stale));

    std::vector<size_t> shown = share_rows(sections, head.size() + foot.size());
    std::string body;
    size_t cut_findings = 0;
    for (size_t i = 0; i < sections.size(); ++i) {
      const Section& s = sections[i];
      size_t missing = s.rows.size() - shown[i];
      if (missing > 0) {
        if (s.counts_as_finding) {
          cut_findings += missing;
          cut_labels_.push_back(finding_kind_count(s.kind, missing));
        } else {
          cut_other_ += missing;
        }
      }
      if (shown[i] == 0) continue;
      body += s.open;
      for (size_t r = 0; r < shown[i]; ++r) body += s.rows[r];
      if (missing > 0) body += more_row(missing);
      body += s.close;
    }
    std::string out = head + body;
    if (cut_findings > 0 || cut_other_ > 0) out += truncation_note(cut_findings);
    out += foot;
    return out;
  }

 private:
  static std::string more_row(size_t missing) { return fmt::format("| … | {} more not shown | | |\n", missing); }

  // How many rows of each section fit the comment: every section's frame first, then the room
  // left is shared out smallest section first (each takes at most an equal share of what is
  // left), so one huge kind cannot push the small ones out of the comment.
  static std::vector<size_t> share_rows(const std::vector<Section>& sections, size_t fixed) {
    std::vector<size_t> shown(sections.size(), 0);
    size_t budget = kCommentLimit - kTruncationReserve;
    std::vector<size_t> bytes(sections.size(), 0);
    for (size_t i = 0; i < sections.size(); ++i) {
      fixed += sections[i].open.size() + sections[i].close.size() + more_row(sections[i].rows.size()).size();
      for (const auto& r : sections[i].rows) bytes[i] += r.size();
    }
    if (fixed >= budget) return shown;
    size_t room = budget - fixed;
    std::vector<size_t> order(sections.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bytes[a] < bytes[b]; });
    for (size_t n = 0; n < order.size(); ++n) {
      size_t i = order[n];
      size_t share = room / (order.size() - n);
      size_t used = 0;
      for (const auto& r : sections[i].rows) {
        if (used + r.size() > share) break;
        used += r.size();
        ++shown[i];
      }
      room -= used;
    }
    return shown;
  }

  size_t total_known() const {
    size_t n = 0;
    for (const auto& c : counts_) n += c.known;
    return n;
  }

  // The verdict agrees with the exit code: ❌ only when some new finding fails the check; new
  // findings that do not (informational, kinds outside fail_on, everything under --exit-zero)
  // are counted apart and never turn it red.
  std::string verdict() const {
    if (!report_.has_registry) {
      return fmt::format("{} environment reads found (no registry compared)", report_.summary.reads);
    }
    std::array<size_t, kFindingKindCount> fails{}, warns{}, notices{};
    for (const auto& f : report_.findings) {
      if (f.known) continue;
      switch (finding_level(f, options_.policy)) {
        case FindingLevel::Fails: ++fails[kind_index(f.kind)]; break;
        case FindingLevel::Warns: ++warns[kind_index(f.kind)]; break;
        case FindingLevel::Notice: ++notices[kind_index(f.kind)]; break;
      }
    }
    auto describe = [](const std::array<size_t, kFindingKindCount>& n, size_t& total) {
      std::vector<std::string> parts;
      total = 0;
      for (FindingKind k : kAllFindingKinds) {
        if (size_t c = n[kind_index(k)]; c > 0) {
          parts.push_back(finding_kind_count(k, c));
          total += c;
        }
      }
      return fmt::format("{}", fmt::join(parts, ", "));
    };
    size_t n_fail = 0, n_warn = 0, n_note = 0;
    std::string fail_parts = describe(fails, n_fail), warn_parts = describe(warns, n_warn),
                note_parts = describe(notices, n_note);
    std::string out;
    if (n_fail > 0) {
      out = fmt::format("❌ {} new finding{}: {}", n_fail, n_fail == 1 ? "" : "s", fail_parts);
    } else if (n_warn > 0) {
      out = fmt::format("⚠️ {} new finding{}, not failing (--exit-zero): {}", n_warn, n_warn == 1 ? "" : "s", warn_parts);
    } else if (n_note > 0) {
      out = "✅ no failing environment-variable drift";
    } else {
      out = "✅ no new environment-variable drift";
    }
    if (n_fail > 0 && n_warn > 0) out += fmt::format("; {} not failing: {}", n_warn, warn_parts);
    if (n_note > 0) out += fmt::format("; ℹ️ {} informational: {}", n_note, note_parts);
    if (size_t known = total_known(); known > 0) out += fmt::format(" ({} known, not counted)", known);
    return out;
  }

  // Context a reviewer needs before the numbers: the --changed-since scope and incomplete scans.
  std::string notes() const {
    std::string out;
    if (!report_.changed_since.empty())
      out += fmt::format("Only drift in files changed since {}.\n\n", code(report_.changed_since));
    size_t errors = 0;
    for (const auto& d : report_.diagnostics)
      if (d.severity == Diagnostic::Severity::Error) ++errors;
    if (errors > 0)
      out += fmt::format("> ⚠️ {} error{} while scanning: the result may be incomplete (run `envdrift check` for "
                         "details).\n\n",
                         errors, errors == 1 ? "" : "s");
    return out;
  }

  std::string summary_table() const {
    if (!report_.has_registry) return "";
    bool any_known = total_known() > 0;
    bool by_service = !groups_.empty();
    std::string header = "| Kind | New |";
    std::string rule = "| --- | ---: |";
    if (any_known) {
      header += " Known |";
      rule += " ---: |";
    }
    if (by_service) {
      for (const auto& g : groups_) {
        header += " " + cell(g) + " |";
        rule += " ---: |";
      }
    }
    std::string out = header + "\n" + rule + "\n";
    for (FindingKind k : kAllFindingKinds) {
      const KindCounts& c = counts_[kind_index(k)];
      bool main_kind = k == FindingKind::Undocumented || k == FindingKind::Unread ||
                       k == FindingKind::DefaultMismatch || k == FindingKind::Dynamic;
      if (!main_kind && c.fresh == 0 && c.known == 0) continue;
      out += fmt::format("| {} | {} |", finding_kind_name(k), c.fresh);
      if (any_known) out += fmt::format(" {} |", c.known);
      if (by_service) {
        for (const auto& g : groups_) out += fmt::format(" {} |", fresh_in(k, g));
      }
      out += "\n";
    }
    return out + "\n";
  }

  size_t fresh_in(FindingKind k, const std::string& group) const {
    size_t n = 0;
    for (const auto& f : report_.findings)
      if (!f.known && f.kind == k && finding_group(f) == group) ++n;
    return n;
  }

  std::vector<Section> kind_sections() const {
    std::vector<Section> out;
    for (FindingKind k : kAllFindingKinds) {
      size_t n = counts_[kind_index(k)].fresh;
      if (n == 0) continue;
      Section s;
      s.kind = k;
      bool fails = false;
      for (const auto& f : report_.findings)
        fails = fails || (!f.known && f.kind == k && finding_level(f, options_.policy) != FindingLevel::Notice);
      s.open = fmt::format("<details><summary><b>{}</b> ({}){}</summary>\n\n", finding_kind_name(k), n,
                           fails ? "" : ": informational, not failing");
      if (k == FindingKind::DefaultMismatch) {
        s.open += "| Variable | Service | Code | Docs | Documented default | Code default |\n"
                  "| --- | --- | --- | --- | --- | --- |\n";
      } else {
        s.open += "| Variable | Service | Location | Details |\n| --- | --- | --- | --- |\n";
      }
      for (const auto& f : report_.findings) {
        if (f.known || f.kind != k) continue;
        if (k == FindingKind::DefaultMismatch) {
          std::string code_where = f.code.empty() ? "—" : where(style(), f.code.front().file, f.code.front().line);
          std::string doc_where = f.doc ? where(style(), f.doc->file, f.doc->line) : "—";
          std::string doc_default = f.doc ? code(quoted_default(f.doc->default_value)) : "—";
          std::string code_default = f.code.empty() ? "—" : code(quoted_default(f.code.front().default_value));
          s.rows.push_back(fmt::format("| {} | {} | {} | {} | {} | {} |\n", name_cell(f), service_cell(f), code_where,
                                       doc_where, doc_default, code_default));
        } else {
          s.rows.push_back(
              fmt::format("| {} | {} | {} | {} |\n", name_cell(f), service_cell(f), anchor_cell(f, style()), cell(f.message)));
        }
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  Section known_section() const {
    Section s;
    s.counts_as_finding = false;
    s.open = fmt::format("<details><summary><b>known</b> ({}): accepted by the baseline or an allow entry, not "
                         "counted</summary>\n\n| Kind | Variable | Service | Location | Reason |\n"
                         "| --- | --- | --- | --- | --- |\n",
                         total_known());
    for (const auto& f : report_.findings) {
      if (!f.known) continue;
      s.rows.push_back(fmt::format("| {} | {} | {} | {} | {} |\n", finding_kind_name(f.kind), name_cell(f),
                                   service_cell(f), anchor_cell(f, style()),
                                   cell(f.known_reason.empty() ? std::string("baseline") : f.known_reason)));
    }
    return s;
  }

  Section stale_section() const {
    Section s;
    s.counts_as_finding = false;
    s.open = fmt::format("<details><summary><b>stale</b> ({}): baseline or allow entries that match nothing any "
                         "more; delete them</summary>\n\n| Origin | Kind | Variable | Service | Reason |\n"
                         "| --- | --- | --- | --- | --- |\n",
                         report_.stale.size());
    for (const auto& e : report_.stale) {
      s.rows.push_back(fmt::format("| {} | {} | {} | {} | {} |\n", cell(e.origin), finding_kind_name(e.kind),
                                   e.name.empty() ? "(no name)" : code(e.name), e.service.empty() ? "—" : cell(e.service),
                                   e.reason.empty() ? "—" : cell(e.reason)));
    }
    return s;
  }

  std::string truncation_note(size_t cut_findings) const {
    std::string out = "> ⚠️ Truncated to fit GitHub's 65,536-character comment limit: ";
    if (cut_findings > 0) {
      out += fmt::format("{} finding{} not shown ({})", cut_findings, cut_findings == 1 ? "" : "s",
                         fmt::join(cut_labels_, ", "));
    }
    if (cut_other_ > 0) {
      out += fmt::format("{}{} known or stale entr{} not shown", cut_findings > 0 ? "; " : "", cut_other_,
                         cut_other_ == 1 ? "y" : "ies");
    }
    out += ". The full list is in `envdrift check --format text` or the SARIF/JSON report.\n\n";
    return out;
  }

  // The coverage sentence of each service and where the env object escapes, as a quiet list
  // under the summary (an escape means that service's `unread` findings may be incomplete).
  std::string coverage() const {
    std::string outside = outside_sentence(report_.outside);
    if (report_.coverage.empty() && outside.empty()) return "";
    std::string out;
    for (const auto& c : report_.coverage)
      out += "- " + cell(coverage_sentence(c, report_.coverage.size() > 1, style())) + "\n";
    if (!outside.empty()) out += "- " + cell(outside) + "\n";
    size_t shown = 0;
    for (const auto& x : report_.escapes) {
      if (++shown > kMaxEscapeLines) {
        out += fmt::format("- … {} more escape{}\n", report_.escapes.size() - kMaxEscapeLines,
                           report_.escapes.size() - kMaxEscapeLines == 1 ? "" : "s");
        break;
      }
      out += "- " + cell(escape_sentence(x, style())) + "\n";
    }
    return out + "\n";
  }

  std::string footer() const {
    const ReportSummary& s = report_.summary;
    return fmt::format("<sub>envdrift {} · {} read{} of {} variable{} in {} file{}</sub>\n", options_.tool_version,
                       s.reads, s.reads == 1 ? "" : "s", s.variables_read, s.variables_read == 1 ? "" : "s",
                       s.files_scanned, s.files_scanned == 1 ? "" : "s");
  }

  const LocationStyle& style() const { return options_.locations; }

  const Report& report_;
  const ReporterOptions& options_;
  std::array<KindCounts, kFindingKindCount> counts_{};
  std::set<std::string> services_;
  std::vector<std::string> groups_;  // summary columns: services, "outside services", "(shared)"
  std::vector<std::string> cut_labels_;
  size_t cut_other_ = 0;
};

}  // namespace

void MarkdownReporter::write(const Report& report, std::ostream& out) { out << MarkdownWriter(report, options_).write(); }

}  // namespace envdrift
