// `--format html` (issue 7): the self-contained nightly page, checked as text and in headless
// Chromium (Debian `chromium`, installed by scripts/dev.sh): the rows it shows, filtering and
// sorting driven through the URL hash (the same functions the filter box and the column headers
// call), and a screenshot written to <build dir>/test-output/html/. Without chromium these tests
// fail; set ENVDRIFT_NO_CHROMIUM=1 to skip the browser part.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "reports/reporter.h"
#include "support.h"

namespace fs = std::filesystem;
using envdrift::test::read_text;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::source_dir;
using envdrift::test::TempTree;

namespace {

using Strings = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// The demo's HTML report with a history of two earlier nights (one real `--format json` report,
// one hand-written summary) and a file that is not a report.
struct DemoPage {
  TempTree tmp;
  std::string path;
  DemoPage() {
    // No GitHub Actions links in the page under test (the suite may run inside Actions).
    for (const char* v : {"GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"}) ::unsetenv(v);
    std::string demo = source_dir() + "/fixtures/demo";
    fs::create_directories(tmp.abs("history"));
    auto json = run_envdrift({"check", demo, "--format", "json", "-o", tmp.abs("history/2026-11-20.json")});
    REQUIRE(json.exit_code == 1);
    tmp.write("history/2026-11-19.json",
              R"({"version":1,"summary":{"undocumented":3,"unread":2,"default_mismatch":4,"dynamic":1}})");
    tmp.write("history/notes.json", "not json");
    path = tmp.abs("report.html");
    auto r = run_envdrift({"check", demo, "--format", "html", "--history", tmp.abs("history"), "-o", path});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
  }
};

std::string build_dir() { return fs::path(ENVDRIFT_BINARY).parent_path().parent_path().string(); }

bool have_chromium() {
  if (run_shell("command -v chromium > /dev/null 2>&1") == 0) return true;
  const char* skip = std::getenv("ENVDRIFT_NO_CHROMIUM");
  if (skip != nullptr && std::string(skip) == "1") return false;
  FAIL("chromium is not installed: run `bash scripts/dev.sh build` (it installs Debian's chromium), or set "
       "ENVDRIFT_NO_CHROMIUM=1 to skip the browser tests");
  return false;
}

// Run headless chromium on `url` with `mode` ("--dump-dom" or "--screenshot=FILE"); the page's
// DOM after its script ran, for --dump-dom.
std::string chromium(const std::string& url, const std::string& mode) {
  TempTree profile;
  std::string out = profile.abs("out.html");
  std::string cmd = "cd '" + profile.path() + "' && timeout 120 chromium --headless --no-sandbox --disable-gpu " +
                    "--no-first-run --user-data-dir='" + profile.abs("profile") + "' --window-size=1280,1400 " + mode +
                    " '" + url + "' > '" + out + "' 2> '" + profile.abs("err.txt") + "'";
  int rc = run_shell(cmd);
  INFO(read_text(profile.abs("err.txt")));
  REQUIRE(rc == 0);
  return read_text(out);
}

struct Row {
  std::string kind;
  std::string variable;
  bool hidden = false;
};

// The findings rows of a dumped DOM, in document order.
std::vector<Row> finding_rows(const std::string& dom) {
  std::vector<Row> rows;
  for (size_t at = dom.find("<tr data-kind=\""); at != std::string::npos; at = dom.find("<tr data-kind=\"", at + 1)) {
    size_t tag_end = dom.find('>', at);
    std::string tag = dom.substr(at, tag_end - at);
    Row r;
    size_t k = at + 15;
    r.kind = dom.substr(k, dom.find('"', k) - k);
    r.hidden = contains(tag, " hidden");
    size_t code = dom.find("<code>", tag_end) + 6;
    r.variable = dom.substr(code, dom.find("</code>", code) - code);
    rows.push_back(r);
  }
  return rows;
}

Strings visible_variables(const std::vector<Row>& rows) {
  Strings out;
  for (const auto& r : rows)
    if (!r.hidden) out.push_back(r.variable);
  return out;
}

std::string file_url(const std::string& path, const std::string& hash) { return "file://" + path + hash; }

}  // namespace

TEST_CASE("html page is self-contained and lists every finding", "[html]") {
  DemoPage page;
  std::string html = read_text(page.path);
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  // no network: no external scripts, styles, images or fonts
  CHECK_FALSE(contains(html, "<script src"));
  CHECK_FALSE(contains(html, "<link"));
  CHECK_FALSE(contains(html, "url("));
  CHECK_FALSE(contains(html, "src=\"http"));
  CHECK_FALSE(contains(html, "href=\"http"));
  CHECK(count_of(html, "<tr data-kind=") == 7);
  // the dynamic read does not fail the check: counted apart, not in the red count
  CHECK(contains(html, "<p id=\"verdict\" class=\"verdict drift\">6 new findings fail the check, 1 informational</p>"));
  CHECK(count_of(html, "data-level=\"fails\"") == 6);
  CHECK(contains(html, "<tr data-kind=\"dynamic\" data-service=\"api\" data-status=\"new\" data-level=\"notice\">"));
  // counts per kind and per service
  CHECK(contains(html, "<div class=\"card\" data-kind=\"default_mismatch\""));
  CHECK(contains(html, "<div class=\"n\">3</div><div class=\"k\">default_mismatch</div>"));
  CHECK(contains(html, "<tr data-service=\"worker\"><td>worker</td><td class=\"num\">0</td><td class=\"num\">0</td>"
                       "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0</td>"
                       "<td class=\"num\">0</td><td class=\"num\">2</td></tr>"));
  CHECK(contains(html, "<td><code>REQUEST_TIMEOUT_MS</code></td><td>api</td>"));
  // locations relative to the repository holding the demo (issue 16)
  std::string prefix = envdrift::path_prefix(envdrift::repository_root(source_dir() + "/fixtures/demo"),
                                             source_dir() + "/fixtures/demo");
  CHECK(contains(html, "documented <code>&quot;30000&quot;</code> at " + prefix +
                           "docs/env-vars.md:13, code <code>&quot;15000&quot;</code>"));
}

TEST_CASE("html trend chart plots the history and this run", "[html]") {
  DemoPage page;
  std::string html = read_text(page.path);
  CHECK(contains(html, "<svg id=\"trend\""));
  CHECK(contains(html, "2 earlier reports from"));
  CHECK(contains(html, "Skipped (not envdrift JSON reports): notes.json."));
  // one point per night and per series: the total, then each kind that was ever non-zero
  CHECK(contains(html, "<title>2026-11-19 total: 10</title>"));
  CHECK(contains(html, "<title>2026-11-20 total: 7</title>"));
  CHECK(contains(html, "<title>this run total: 7</title>"));
  CHECK(contains(html, "<title>2026-11-19 default_mismatch: 4</title>"));
  CHECK(contains(html, "<title>this run wrong_section: 1</title>"));
  CHECK(count_of(html, "<polyline class=\"series\"") == 6);  // total + 5 kinds (no duplicate ever)
  CHECK_FALSE(contains(html, "data-series=\"duplicate\""));
}

TEST_CASE("html without --history has no chart, and a missing history dir is a usage error", "[html]") {
  std::string demo = source_dir() + "/fixtures/demo";
  auto r = run_envdrift({"check", demo, "--format", "html"});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "<table id=\"findings\""));
  CHECK_FALSE(contains(r.out, "<svg"));
  auto bad = run_envdrift({"check", demo, "--format", "html", "--history", demo + "/no-such-dir"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("html in headless chromium: rows, filter from the URL hash, screenshot", "[html][chromium]") {
  if (!have_chromium()) return;
  DemoPage page;

  std::vector<Row> all = finding_rows(chromium(file_url(page.path, ""), "--dump-dom"));
  REQUIRE(all.size() == 7);
  CHECK(visible_variables(all) == Strings{"SESSION_COOKIE_NAME", "RATE_LIMIT_PER_MINUTE", "AGENT_FLUSH_INTERVAL_S",
                                          "REQUEST_TIMEOUT_MS", "WORKER_QUEUE", "FEATURE_", "KAFKA_TOPIC"});

  std::string dom = chromium(file_url(page.path, "#filter=kind:default_mismatch"), "--dump-dom");
  std::vector<Row> rows = finding_rows(dom);
  REQUIRE(rows.size() == 7);  // filtered rows are hidden, not removed
  CHECK(visible_variables(rows) == Strings{"AGENT_FLUSH_INTERVAL_S", "REQUEST_TIMEOUT_MS", "WORKER_QUEUE"});
  CHECK(contains(dom, "<span id=\"shown\">3 of 7 findings shown</span>"));
  CHECK(contains(dom, "data-visible=\"3\""));

  // free text and a service term together; every term must match
  rows = finding_rows(chromium(file_url(page.path, "#filter=" + std::string("settings.py%20service:worker")), "--dump-dom"));
  CHECK(visible_variables(rows) == Strings{"WORKER_QUEUE", "KAFKA_TOPIC"});
  rows = finding_rows(chromium(file_url(page.path, "#filter=status:known"), "--dump-dom"));
  CHECK(visible_variables(rows).empty());

  // sorting through the hash: variable names descending
  dom = chromium(file_url(page.path, "#sort=variable&desc"), "--dump-dom");
  CHECK(visible_variables(finding_rows(dom)) ==
        Strings{"WORKER_QUEUE", "SESSION_COOKIE_NAME", "REQUEST_TIMEOUT_MS", "RATE_LIMIT_PER_MINUTE", "KAFKA_TOPIC", "FEATURE_",
                "AGENT_FLUSH_INTERVAL_S"});
  CHECK(contains(dom, "<th data-column=\"variable\" aria-sort=\"descending\">"));

  std::string shots = build_dir() + "/test-output/html";
  fs::create_directories(shots);
  std::string png = shots + "/demo-report.png";
  fs::remove(png);
  chromium(file_url(page.path, "#filter=kind:default_mismatch"), "--screenshot=" + png);
  REQUIRE(fs::exists(png));
  CHECK(fs::file_size(png) > 10000);
  std::string head = read_text(png).substr(0, 8);
  CHECK(head == "\x89PNG\r\n\x1a\n");
}

namespace {

envdrift::Report known_and_stale_report() {
  using namespace envdrift;
  Report report;
  report.command = "check";
  report.root = "/abs/<demo>";
  report.has_registry = true;
  Finding evil;
  evil.kind = FindingKind::Undocumented;
  evil.name = "<img src=x onerror=alert(1)>";
  evil.service = "api\"x";
  evil.message = "read by api but not documented </td></tr><script>alert(2)</script>";
  evil.code = {FindingCode{"src/a&b.ts", 3, 1, std::nullopt, {}, 0, 0}};
  Finding known;
  known.kind = FindingKind::Unread;
  known.name = "OLD_URL";
  known.message = "documented but not read";
  known.doc = FindingDoc{"docs/env.md", 9, std::nullopt, "Env"};
  known.known = true;
  known.known_reason = "kept for v1 clients";
  report.findings = {evil, known};
  report.stale = {StaleEntry{"baseline", FindingKind::Dynamic, "GONE_", "worker", ""}};
  report.changed_since = "HEAD~3";
  summarize(report);
  return report;
}

std::string render_html(const envdrift::Report& report) {
  auto reporter = envdrift::make_reporter("html", {});
  std::ostringstream out;
  reporter->write(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("html escapes every value and lists known findings and stale entries apart", "[html]") {
  std::string html = render_html(known_and_stale_report());
  CHECK_FALSE(contains(html, "<img"));
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK(contains(html, "<code>&lt;img src=x onerror=alert(1)&gt;</code>"));
  CHECK(contains(html, "data-service=\"api&quot;x\""));
  CHECK(contains(html, "&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
  CHECK(contains(html, "<p id=\"verdict\" class=\"verdict drift\">1 new finding fails the check (1 known, not counted)</p>"));
  CHECK(contains(html, "<tr data-kind=\"unread\" data-service=\"\" data-status=\"known\" data-level=\"notice\">"));
  CHECK(contains(html, "accepted: kept for v1 clients"));
  CHECK(contains(html, "<div class=\"known\">+1 known</div>"));
  CHECK(contains(html, "<h2>Stale entries (1)</h2>"));
  CHECK(contains(html, "<tr><td>baseline</td><td>dynamic</td><td><code>GONE_</code></td><td>worker</td><td></td></tr>"));
  CHECK(contains(html, "only files changed since HEAD~3"));
  CHECK(contains(html, "/abs/&lt;demo&gt;"));
}
