// `--format html`: the nightly drift report as one self-contained page (no network: the CSS, the
// script and the trend chart are inline).
//
//   header: verdict, scan root, tool version, scan size
//   cards: new (and known) findings per kind;  table: new findings per service x kind
//   trend: with --history DIR, an inline SVG of new findings per night (html_history.h)
//   findings table (#findings): one row per finding, data-kind/-service/-status attributes;
//     click a header to sort; the filter box keeps rows matching every term: free text, or
//     kind:K, service:S, status:new|known. The URL hash (#filter=...&sort=COLUMN[&desc]) goes
//     through the same functions as the box and the headers, so a link reproduces a view.
//   stale baseline/allow entries, then scan errors and warnings
#include <fmt/format.h>

#include <set>
#include <string>

#include "reports/format_helpers.h"
#include "reports/html_history.h"
#include "reports/reporters.h"

namespace envdrift {

namespace {

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// `file:line` relative to the repository root, escaped; a link to the forge when one is known.
std::string loc(const LocationStyle& style, std::string_view file, int line) {
  if (file.empty()) return "";
  std::string path = style.path(file);
  std::string text = esc(line > 0 ? fmt::format("{}:{}", path, line) : path);
  std::string url = style.link(file, line);
  return url.empty() ? text : fmt::format("<a href=\"{}\">{}</a>", esc(url), text);
}

const char* const kStyle = R"CSS(
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#ffffff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg);
       margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.verdict { font-size: 16px; font-weight: 600; padding: 10px 14px; border-radius: 6px; margin: 12px 0; }
.verdict.drift { background: #ffebe9; border: 1px solid #ff818266; } .verdict.clean { background: #dafbe1; border: 1px solid #4ac26b66; }
.verdict.warn { background: #fff8c5; border: 1px solid #d4a72c66; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; background: var(--soft); }
.card .n { font-size: 22px; font-weight: 600; } .card .k { color: var(--muted); } .card .known { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); position: sticky; top: 0; }
#findings th { cursor: pointer; user-select: none; white-space: nowrap; }
#findings th[aria-sort=ascending]::after { content: " \25B2"; } #findings th[aria-sort=descending]::after { content: " \25BC"; }
td.num, th.num { text-align: right; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.kind { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; color: #fff; }
.kind-undocumented { background: #d73a49; } .kind-unread { background: #b08800; } .kind-default_mismatch { background: #8250df; }
.kind-dynamic { background: #0969da; } .kind-wrong_section { background: #bc4c00; } .kind-duplicate { background: #1a7f37; }
tr[data-status=known] td { color: var(--muted); }
tr[data-level=notice] .kind { background: #6e7781; } /* informational: never red */
.controls { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
#filter { width: 420px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
#shown { color: var(--muted); }
svg text.axis, svg text.legend { font-size: 11px; fill: var(--muted); }
)CSS";

// Sorting and filtering. applyFilter/applySort are the only code paths: the filter box, the
// column headers and the URL hash all call them.
const char* const kScript = R"JS(
(function () {
  var table = document.getElementById('findings');
  if (!table) return;
  var body = table.tBodies[0];
  var box = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(body.rows);
  var sortState = { column: '', desc: false };

  function matches(row, term) {
    var colon = term.indexOf(':');
    if (colon > 0) {
      var key = term.slice(0, colon), value = term.slice(colon + 1);
      if (key === 'kind' || key === 'service' || key === 'status') {
        return (row.getAttribute('data-' + key) || '').toLowerCase() === value;
      }
    }
    return row.textContent.toLowerCase().indexOf(term) >= 0;
  }

  function applyFilter(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    var visible = 0;
    rows.forEach(function (row) {
      var ok = terms.every(function (t) { return matches(row, t); });
      row.hidden = !ok;
      if (ok) visible++;
    });
    if (box.value !== query) box.value = query;
    shown.textContent = visible + ' of ' + rows.length + ' findings shown';
    table.setAttribute('data-visible', String(visible));
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute('data-value') || cell.textContent).trim() : '';
  }

  function applySort(column, desc) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var index = -1;
    headers.forEach(function (th, i) {
      if (th.getAttribute('data-column') === column) index = i;
      th.removeAttribute('aria-sort');
    });
    if (index < 0) return;
    headers[index].setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    rows.sort(function (a, b) {
      var c = cellValue(a, index).localeCompare(cellValue(b, index), undefined, { numeric: true, sensitivity: 'base' });
      return desc ? -c : c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    sortState = { column: column, desc: desc };
  }

  function writeHash() {
    var parts = [];
    if (box.value) parts.push('filter=' + encodeURIComponent(box.value));
    if (sortState.column) parts.push('sort=' + sortState.column + (sortState.desc ? '&desc' : ''));
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
  }

  function readHash() {
    var filter = '', column = '', desc = false;
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      var key = eq < 0 ? part : part.slice(0, eq), value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
      if (key === 'filter') filter = value;
      if (key === 'sort') column = value;
      if (key === 'desc') desc = true;
    });
    if (column) applySort(column, desc);
    applyFilter(filter);
  }

  box.addEventListener('input', function () { applyFilter(box.value); writeHash(); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener('click', function () {
      var column = th.getAttribute('data-column');
      applySort(column, sortState.column === column ? !sortState.desc : false);
      writeHash();
    });
  });
  window.addEventListener('hashchange', readHash);
  readHash();
})();
)JS";

class HtmlWriter {
 public:
  HtmlWriter(const Report& report, const ReporterOptions& options) : report_(report), options_(options) {}

  std::string write() {
    counts_ = count_by_kind(report_.findings);
    for (const auto& f : report_.findings) services_.insert(finding_group(f));
    std::string out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>envdrift report</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    out += header();
    out += cards();
    out += coverage();
    out += service_table();
    out += trend();
    out += findings_table();
    out += stale_table();
    out += diagnostics();
    out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
    return out;
  }

 private:
  size_t fresh_total() const {
    size_t n = 0;
    for (const auto& c : counts_) n += c.fresh;
    return n;
  }

  std::string header() const {
    const ReportSummary& s = report_.summary;
    std::string out = "<h1>envdrift: environment-variable drift</h1>\n";
    out += fmt::format("<p class=\"meta\">{} · envdrift {} · {} reads of {} variables in {} files{}</p>\n",
                       esc(report_.root), esc(options_.tool_version), s.reads, s.variables_read, s.files_scanned,
                       report_.changed_since.empty() ? "" : " · only files changed since " + esc(report_.changed_since));
    // The verdict agrees with the exit code: red only when a new finding fails the check.
    size_t fresh = fresh_total();
    size_t known = report_.findings.size() - fresh;
    LevelCounts levels = count_levels(report_.findings, options_.policy);
    auto plural = [](size_t n) { return n == 1 ? "" : "s"; };
    std::string verdict, cls;
    if (levels.fails > 0) {
      verdict = fmt::format("{} new finding{} fail{} the check", levels.fails, plural(levels.fails),
                            levels.fails == 1 ? "s" : "");
      cls = "drift";
    } else if (levels.warns > 0) {
      verdict = fmt::format("{} new finding{}, not failing (--exit-zero)", levels.warns, plural(levels.warns));
      cls = "warn";
    } else {
      verdict = levels.notices > 0 ? "No failing drift" : "No new drift";
      cls = "clean";
    }
    if (levels.fails > 0 && levels.warns > 0) verdict += fmt::format(", {} not failing", levels.warns);
    if (levels.notices > 0) verdict += fmt::format(", {} informational", levels.notices);
    if (known > 0) verdict += fmt::format(" ({} known, not counted)", known);
    out += fmt::format("<p id=\"verdict\" class=\"verdict {}\">{}</p>\n", cls, verdict);
    return out;
  }

  // One sentence of coverage per service, and the escapes (their services' `unread` findings
  // may be incomplete).
  std::string coverage() const {
    if (report_.coverage.empty()) return "";
    std::string out = "<ul id=\"coverage\" class=\"meta\">\n";
    for (const auto& c : report_.coverage)
      out += "<li>" + esc(coverage_sentence(c, report_.coverage.size() > 1, options_.locations)) + "</li>\n";
    if (std::string o = outside_sentence(report_.outside); !o.empty()) out += "<li class=\"outside\">" + esc(o) + "</li>\n";
    for (const auto& x : report_.escapes)
      out += "<li class=\"escape\">" + esc(escape_sentence(x, options_.locations)) + "</li>\n";
    return out + "</ul>\n";
  }

  std::string cards() const {
    std::string out = "<div class=\"cards\" id=\"kind-counts\">\n";
    for (FindingKind k : kAllFindingKinds) {
      const KindCounts& c = counts_[kind_index(k)];
      bool main_kind = k != FindingKind::WrongSection && k != FindingKind::Duplicate;
      if (!main_kind && c.fresh == 0 && c.known == 0) continue;
      out += fmt::format("<div class=\"card\" data-kind=\"{0}\" title=\"{1}\"><div class=\"n\">{2}</div><div class=\"k\">{0}</div>",
                         finding_kind_name(k), esc(finding_kind_help(k)), c.fresh);
      if (c.known > 0) out += fmt::format("<div class=\"known\">+{} known</div>", c.known);
      out += "</div>\n";
    }
    return out + "</div>\n";
  }

  // A group as the `service:` filter matches it (one word: "outside", "shared").
  static std::string filter_value(const std::string& group) {
    if (group == kOutsideGroup) return "outside";
    if (group == kSharedGroup) return "";
    return group;
  }

  std::string service_table() const {
    if (report_.findings.empty()) return "";
    std::string out = "<h2>By service</h2>\n<table id=\"services\">\n<thead><tr><th>Service</th>";
    for (FindingKind k : kAllFindingKinds) out += fmt::format("<th class=\"num\">{}</th>", finding_kind_name(k));
    out += "<th class=\"num\">total</th></tr></thead>\n<tbody>\n";
    for (const auto& s : services_) {
      std::array<size_t, kFindingKindCount> n{};
      size_t total = 0;
      for (const auto& f : report_.findings) {
        if (f.known || finding_group(f) != s) continue;
        ++n[kind_index(f.kind)];
        ++total;
      }
      out += fmt::format("<tr data-service=\"{}\"><td>{}</td>", esc(filter_value(s)), esc(s));
      for (size_t v : n) out += fmt::format("<td class=\"num\">{}</td>", v);
      out += fmt::format("<td class=\"num\">{}</td></tr>\n", total);
    }
    return out + "</tbody>\n</table>\n";
  }

  std::string trend() const {
    if (options_.history_dir.empty()) return "";
    History h = load_history(options_.history_dir);
    h.points.push_back(history_point(report_, "this run"));
    std::string out = fmt::format("<h2>Trend</h2>\n<p class=\"meta\">New findings per night: {} earlier report{} from "
                                  "<code>{}</code> and this run.",
                                  h.points.size() - 1, h.points.size() == 2 ? "" : "s", esc(options_.history_dir));
    if (!h.skipped.empty()) {
      out += fmt::format(" Skipped (not envdrift JSON reports): {}.", esc(fmt::format("{}", fmt::join(h.skipped, ", "))));
    }
    out += "</p>\n" + trend_chart_svg(h.points);
    return out;
  }

  std::string findings_table() const {
    if (!report_.has_registry) return "";
    std::string out = "<h2>Findings</h2>\n<div class=\"controls\"><input id=\"filter\" type=\"search\" "
                      "placeholder=\"Filter: text, kind:unread, service:api, status:known\" aria-label=\"Filter "
                      "findings\"><span id=\"shown\"></span></div>\n";
    out += fmt::format("<table id=\"findings\" data-total=\"{}\">\n<thead><tr>", report_.findings.size());
    for (const char* col : {"kind", "variable", "service", "location", "status", "details"}) {
      out += fmt::format("<th data-column=\"{0}\">{0}</th>", col);
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& f : report_.findings) out += row(f);
    return out + "</tbody>\n</table>\n";
  }

  std::string row(const Finding& f) const {
    const LocationStyle& style = options_.locations;
    FindingAnchor a = finding_anchor(f);
    std::string kind(finding_kind_name(f.kind));
    std::string status = f.known ? "known" : "new";
    std::string details = esc(f.message);
    if (f.kind == FindingKind::DefaultMismatch && f.doc && !f.code.empty()) {
      details += fmt::format("<br>documented <code>{}</code> at {}, code <code>{}</code>",
                             esc(quoted_default(f.doc->default_value)), loc(style, f.doc->file, f.doc->line),
                             esc(quoted_default(f.code.front().default_value)));
    }
    for (size_t i = a.in_docs ? 0 : 1; i < f.code.size(); ++i)
      details += "<br>also read at " + loc(style, f.code[i].file, f.code[i].line);
    if (f.known) details += "<br>accepted: " + esc(f.known_reason.empty() ? std::string("baseline") : f.known_reason);
    // data-value: sort a location by file then numerically by line
    return fmt::format(
        "<tr data-kind=\"{0}\" data-service=\"{1}\" data-status=\"{2}\" data-level=\"{9}\"><td><span class=\"kind kind-{0}\">{0}</span></td>"
        "<td><code>{3}</code></td><td>{4}</td><td data-value=\"{5} {6:08d}\"><code>{7}</code></td><td>{2}</td>"
        "<td>{8}</td></tr>\n",
        kind, esc(filter_value(finding_group(f))), status, esc(f.name),
        esc(f.service.empty() && !f.outside ? std::string("—") : finding_group(f)), esc(style.path(a.file)), a.line,
        loc(style, a.file, a.line), details, level_name(finding_level(f, options_.policy)));
  }

  static std::string_view level_name(FindingLevel l) {
    switch (l) {
      case FindingLevel::Fails: return "fails";
      case FindingLevel::Warns: return "warns";
      case FindingLevel::Notice: return "notice";
    }
    return "notice";
  }

  std::string stale_table() const {
    if (report_.stale.empty()) return "";
    std::string out = fmt::format("<h2>Stale entries ({})</h2>\n<p class=\"meta\">Baseline or allow entries that match "
                                  "no finding any more: delete them.</p>\n<table id=\"stale\">\n<thead><tr><th>origin</th>"
                                  "<th>kind</th><th>variable</th><th>service</th><th>reason</th></tr></thead>\n<tbody>\n",
                                  report_.stale.size());
    for (const auto& e : report_.stale) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", esc(e.origin),
                         finding_kind_name(e.kind), esc(e.name), esc(e.service), esc(e.reason));
    }
    return out + "</tbody>\n</table>\n";
  }

  std::string diagnostics() const {
    std::string rows;
    size_t n = 0;
    for (const auto& d : report_.diagnostics) {
      if (d.severity == Diagnostic::Severity::Note && !options_.verbose) continue;
      rows += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n", severity_name(d.severity),
                          loc(options_.locations, d.file, d.line), esc(d.message));
      ++n;
    }
    if (n == 0) return "";
    return fmt::format("<h2>Scan problems ({})</h2>\n<table id=\"diagnostics\">\n<thead><tr><th>severity</th><th>file</th>"
                       "<th>message</th></tr></thead>\n<tbody>\n{}</tbody>\n</table>\n",
                       n, rows);
  }

  const Report& report_;
  const ReporterOptions& options_;
  std::array<KindCounts, kFindingKindCount> counts_{};
  std::set<std::string> services_;
};

}  // namespace

void HtmlReporter::write(const Report& report, std::ostream& out) { out << HtmlWriter(report, options_).write(); }

}  // namespace envdrift
