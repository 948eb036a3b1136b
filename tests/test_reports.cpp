// The text and JSON reporters, rendered from hand-made Reports and compared with committed
// snapshot files in tests/snapshots/. After a deliberate output change, regenerate them with
//   ENVDRIFT_UPDATE_SNAPSHOTS=1 build/tests/envdrift_tests "[reports]"
// and review the git diff of tests/snapshots/.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/reporter.h"

using namespace envdrift;

namespace {

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// Snapshot files: a short header naming where the content came from, a `---` line, the content.

const char* const kSnapshotHeaderEnd = "---\n";

std::string snapshot_path(const std::string& name) {
  return std::string(ENVDRIFT_SOURCE_DIR) + "/tests/snapshots/" + name;
}

Strings split_lines(const std::string& text) {
  Strings out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A line diff (longest common subsequence): " " kept, "-" only in the snapshot, "+" only in the output.
std::string line_diff(const std::string& expected, const std::string& actual) {
  Strings a = split_lines(expected), b = split_lines(actual);
  std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "  " + a[i++] + "\n";
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "- " + a[i++] + "\n";
    } else {
      out += "+ " + b[j++] + "\n";
    }
  }
  return out;
}

void check_snapshot(const std::string& name, const std::string& source, const std::string& actual) {
  const std::string path = snapshot_path(name);
  const char* update = std::getenv("ENVDRIFT_UPDATE_SNAPSHOTS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary);
    out << "snapshot: " << name << "\nsource: " << source
        << "\nupdate: ENVDRIFT_UPDATE_SNAPSHOTS=1 build/tests/envdrift_tests \"[reports]\"\n"
        << kSnapshotHeaderEnd << actual;
    REQUIRE(out.good());
    WARN("updated snapshot " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("missing snapshot " << path << " (run with ENVDRIFT_UPDATE_SNAPSHOTS=1); output was:\n" << actual);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string file = ss.str();
  size_t body = file.find(kSnapshotHeaderEnd);
  REQUIRE(body != std::string::npos);
  std::string expected = file.substr(body + std::string(kSnapshotHeaderEnd).size());
  if (expected != actual) {
    // Printed unwrapped on stderr (Catch wraps messages at 80 columns), then failed.
    std::cerr << "--- snapshot " << path << "\n+++ output\n" << line_diff(expected, actual) << std::flush;
    FAIL("output differs from snapshot " << path
                                         << " (diff on stderr; update with ENVDRIFT_UPDATE_SNAPSHOTS=1)");
  }
}

// ---------------------------------------------------------------------------------------------
// Hand-made reports.

EnvRead read(const std::string& name, const std::string& file, int line, int column, Language lang, ReadKind kind,
             std::optional<DefaultValue> def, const std::string& service) {
  EnvRead r;
  r.name = name;
  r.file = file;
  r.line = line;
  r.column = column;
  r.language = lang;
  r.kind = kind;
  r.default_value = std::move(def);
  r.service = service;
  return r;
}

DocVariable doc(const std::string& name, int line, std::optional<DefaultValue> def, Strings section) {
  DocVariable v;
  v.name = name;
  v.file = "docs/env-vars.md";
  v.line = line;
  v.default_value = std::move(def);
  v.section = std::move(section);
  return v;
}

std::vector<EnvRead> sample_reads() {
  std::vector<EnvRead> reads;
  reads.push_back(read("PORT", "services/api/src/config.ts", 3, 16, Language::TypeScript, ReadKind::Direct,
                       DefaultValue{"8080", "8080", true}, "api"));
  reads.push_back(read("REQUEST_TIMEOUT_MS", "services/api/src/config.ts", 7, 28, Language::TypeScript,
                       ReadKind::Direct, DefaultValue{"15_000", "15000", true}, "api"));
  reads.push_back(read("SESSION_COOKIE_NAME", "services/api/src/config.ts", 10, 22, Language::TypeScript,
                       ReadKind::Direct, DefaultValue{"\"sid\"", "sid", true}, "api"));
  reads.push_back(read("SESSION_COOKIE_NAME", "services/api/src/session.ts", 4, 9, Language::TypeScript,
                       ReadKind::Direct, std::nullopt, "api"));
  EnvRead dyn = read("FEATURE_", "services/api/src/config.ts", 16, 10, Language::TypeScript, ReadKind::Dynamic,
                     std::nullopt, "api");
  dyn.dynamic_expr = "`FEATURE_${flag.toUpperCase()}`";
  reads.push_back(dyn);
  EnvRead topic = read("KAFKA_TOPIC", "services/ingest/internal/config/config.go", 140, 17, Language::Go,
                       ReadKind::Helper, DefaultValue{"\"aisoc.raw_events\"", "aisoc.raw_events", true}, "ingest");
  topic.via.push_back({"services/ingest/internal/config/config.go", 211, "helper getEnv"});
  reads.push_back(topic);
  reads.push_back(read("WORKERS", "services/worker/settings.py", 12, 5, Language::Python, ReadKind::Settings,
                       DefaultValue{"os.cpu_count()", "", false}, "worker"));
  return reads;
}

Report sample_check_report() {
  Report report;
  report.command = "check";
  report.root = "/abs/demo";
  report.has_registry = true;
  report.reads = sample_reads();

  Registry reg;
  reg.file = "docs/env-vars.md";
  Strings api{"Environment Variables", "API service"};
  Strings ingest{"Environment Variables", "Ingest service"};
  reg.variables.push_back(doc("PORT", 9, DefaultValue{"`8080`", "8080", true}, api));
  reg.variables.push_back(doc("REQUEST_TIMEOUT_MS", 13, DefaultValue{"30000 (30 s)", "30000", true}, api));
  DocVariable rate = doc("RATE_LIMIT_PER_MINUTE", 14, DefaultValue{"600", "600", true}, api);
  rate.deprecated = true;
  reg.variables.push_back(rate);
  reg.variables.push_back(doc("RATE_LIMIT_PER_MINUTE", 15, std::nullopt, api));
  DocVariable topic = doc("KAFKA_TOPIC", 120, DefaultValue{"security.events", "security.events", true}, ingest);
  topic.aliases = {"KAFKA_EVENTS_TOPIC"};
  topic.required = true;
  reg.variables.push_back(topic);
  DocVariable workers = doc("WORKERS", 30, DefaultValue{"computed default", "", false}, {"Worker service"});
  workers.test_only = true;
  workers.reserved = true;
  reg.variables.push_back(workers);
  DocVariable home = doc("HOME_DIR", 31, std::nullopt, {"Worker service"});
  home.default_stated = false;
  reg.variables.push_back(home);
  report.registries.push_back(reg);

  auto code = [](const EnvRead& r) { return FindingCode{r.file, r.line, r.column, r.default_value, {}, 0, 0}; };
  auto doc_of = [](const DocVariable& v) { return FindingDoc{v.file, v.line, v.default_value, v.section_path()}; };
  const auto& reads = report.reads;
  const auto& vars = report.registries[0].variables;
  auto finding = [](FindingKind k, std::string n, std::string svc, std::string msg, std::optional<FindingDoc> d,
                    std::vector<FindingCode> c) {
    Finding f;
    f.kind = k;
    f.name = std::move(n);
    f.service = std::move(svc);
    f.message = std::move(msg);
    f.doc = std::move(d);
    f.code = std::move(c);
    return f;
  };
  report.findings = {
      finding(FindingKind::Undocumented, "SESSION_COOKIE_NAME", "api",
       "read by api but not documented in docs/env-vars.md", std::nullopt, {code(reads[2]), code(reads[3])}),
      finding(FindingKind::Unread, "RATE_LIMIT_PER_MINUTE", "api",
       "documented under \"Environment Variables > API service\" but not read by api", doc_of(vars[2]), {}),
      finding(FindingKind::DefaultMismatch, "REQUEST_TIMEOUT_MS", "api",
       "documented default \"30000\" but code falls back to \"15000\"", doc_of(vars[1]), {code(reads[1])}),
      finding(FindingKind::DefaultMismatch, "KAFKA_TOPIC", "ingest",
       "documented default \"security.events\" but code falls back to \"aisoc.raw_events\"", doc_of(vars[4]),
       {code(reads[5])}),
      finding(FindingKind::Dynamic, "FEATURE_", "api",
       "variable name is computed at run time: `FEATURE_${flag.toUpperCase()}` (known prefix \"FEATURE_\")",
       std::nullopt, {code(reads[4])}),
      finding(FindingKind::Duplicate, "RATE_LIMIT_PER_MINUTE", "",
       "documented twice under \"Environment Variables > API service\" (first at docs/env-vars.md:14)",
       doc_of(vars[3]), {}),
  };
  report.diagnostics = {
      {Diagnostic::Severity::Warning, "services/api/src/legacy.js", 12, "syntax error; reads after this line may be missing"},
      {Diagnostic::Severity::Note, "assets/logo.bin", 0, "binary file skipped"},
      {Diagnostic::Severity::Error, "services/worker/huge.py", 0, "file could not be read: permission denied"},
  };
  report.summary.files_scanned = 5;
  summarize(report);
  return report;
}

Report sample_scan_report() {
  Report report;
  report.command = "scan";
  report.root = "/abs/demo";
  report.reads = sample_reads();
  report.diagnostics = {{Diagnostic::Severity::Note, "assets/logo.bin", 0, "binary file skipped"}};
  report.summary.files_scanned = 4;
  summarize(report);
  return report;
}

std::string render(const Report& report, const std::string& format, bool color = false, bool verbose = false) {
  ReporterOptions options;
  options.color = color;
  options.verbose = verbose;
  auto reporter = make_reporter(format, options);
  REQUIRE(reporter != nullptr);
  std::ostringstream out;
  reporter->write(report, out);
  return out.str();
}

std::string strip_ansi(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

const char* const kCheckSource = "tests/test_reports.cpp sample_check_report()";
const char* const kScanSource = "tests/test_reports.cpp sample_scan_report()";

}  // namespace

TEST_CASE("make_reporter knows text and json only", "[reports]") {
  CHECK(make_reporter("text", {}) != nullptr);
  CHECK(make_reporter("json", {}) != nullptr);
  CHECK(make_reporter("yaml", {}) == nullptr);
  CHECK(make_reporter("", {}) == nullptr);
}

TEST_CASE("text check report matches its snapshot", "[reports][snapshot]") {
  check_snapshot("check.txt", std::string(kCheckSource) + ", text", render(sample_check_report(), "text"));
}

TEST_CASE("text check report with --verbose shows notes and not-comparable defaults", "[reports][snapshot]") {
  check_snapshot("check_verbose.txt", std::string(kCheckSource) + ", text --verbose",
                 render(sample_check_report(), "text", false, true));
}

TEST_CASE("text scan report matches its snapshot", "[reports][snapshot]") {
  check_snapshot("scan.txt", std::string(kScanSource) + ", text", render(sample_scan_report(), "text"));
}

TEST_CASE("json check report matches its snapshot", "[reports][snapshot]") {
  check_snapshot("check.json", std::string(kCheckSource) + ", json", render(sample_check_report(), "json"));
}

TEST_CASE("json scan report matches its snapshot", "[reports][snapshot]") {
  check_snapshot("scan.json", std::string(kScanSource) + ", json", render(sample_scan_report(), "json"));
}

TEST_CASE("text colour: ANSI codes only when asked, same text underneath", "[reports]") {
  Report report = sample_check_report();
  std::string plain = render(report, "text");
  std::string colored = render(report, "text", true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(colored.find("\x1b[1;31mundocumented (1)\x1b[0m") != std::string::npos);
  CHECK(strip_ansi(colored) == plain);
}

TEST_CASE("text check report without findings is one summary line", "[reports]") {
  Report report;
  report.command = "check";
  report.has_registry = true;
  report.reads = {sample_reads()[0]};
  report.summary.files_scanned = 1;
  summarize(report);
  CHECK(render(report, "text") == "1 read of 1 variable in 1 file; 0 undocumented, 0 unread, 0 default mismatches, 0 dynamic\n");
}

TEST_CASE("text: two names read on one line (an alias pair) show the line once, not as also-at", "[reports]") {
  Report report;
  report.command = "check";
  report.has_registry = true;
  Finding f;
  f.kind = FindingKind::Undocumented;
  f.name = "MAX_EVENTS";
  f.message = "read but not documented";
  f.code = {FindingCode{"cfg.py", 7, 5, std::nullopt, {}, 0, 0}, FindingCode{"cfg.py", 7, 30, std::nullopt, {}, 0, 0},
            FindingCode{"other.py", 2, 1, std::nullopt, {}, 0, 0}};
  report.findings = {f};
  summarize(report);
  auto lines = split_lines(render(report, "text"));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1] == "  cfg.py:7  MAX_EVENTS  read but not documented");
  CHECK(lines[2] == "    also at other.py:2");
  CHECK(std::count(lines.begin(), lines.end(), "    also at cfg.py:7") == 0);
}

TEST_CASE("text report lists file-less diagnostics without a location", "[reports]") {
  Report report;
  report.command = "check";
  report.has_registry = true;
  report.diagnostics = {{Diagnostic::Severity::Error, "", 0, "found no environment reads in 3 source files"}};
  summarize(report);
  CHECK(render(report, "text") ==
        "error: found no environment reads in 3 source files\n\n"
        "0 reads of 0 variables in 0 files; 0 undocumented, 0 unread, 0 default mismatches, 0 dynamic\n");
}

TEST_CASE("json report has every SPEC key, with the right type, in the SPEC order", "[reports]") {
  using ojson = nlohmann::ordered_json;
  ojson j = ojson::parse(render(sample_check_report(), "json"));
  auto keys = [](const ojson& o) {
    Strings out;
    for (auto it = o.begin(); it != o.end(); ++it) out.push_back(it.key());
    return out;
  };
  CHECK(keys(j) == Strings{"version", "tool", "root", "registry", "summary", "reads", "documented", "findings",
                           "diagnostics", "stale", "coverage", "outside_services", "escapes"});
  CHECK(j["outside_services"].is_array());
  CHECK(j["version"] == 1);
  CHECK(keys(j["tool"]) == Strings{"name", "version"});
  CHECK(j["tool"]["name"] == "envdrift");
  CHECK(j["tool"]["version"] == "0.1.0");
  CHECK(j["root"] == "/abs/demo");
  REQUIRE(j["registry"].size() == 1);
  CHECK(j["registry"][0] == ojson{{"file", "docs/env-vars.md"}, {"variables", 7}});

  for (const char* k : {"files_scanned", "reads", "variables_read", "documented", "undocumented", "unread",
                        "default_mismatch", "dynamic", "wrong_section", "duplicate", "known"}) {
    INFO(k);
    CHECK(j["summary"][k].is_number_unsigned());
  }
  CHECK(j["summary"]["reads"] == 7);
  CHECK(j["summary"]["variables_read"] == 5);
  CHECK(j["summary"]["documented"] == 6);
  CHECK(j["summary"]["default_mismatch"] == 2);

  auto check_default = [](const ojson& d) {
    if (d.is_null()) return;
    REQUIRE(d.is_object());
    CHECK(d["raw"].is_string());
    CHECK(d["value"].is_string());
    if (d.contains("comparable")) CHECK(d["comparable"] == false);
  };
  REQUIRE(j["reads"].size() == 7);
  for (const auto& r : j["reads"]) {
    INFO(r.dump());
    Strings expected{"name", "file", "line", "column", "language", "kind", "default", "service", "scope", "via"};
    if (r["kind"] == "dynamic") expected.push_back("expression");
    CHECK(r["scope"] == "product");
    CHECK(keys(r) == expected);
    CHECK(r["name"].is_string());
    CHECK(r["file"].is_string());
    CHECK(r["line"].is_number_integer());
    CHECK(r["column"].is_number_integer());
    CHECK(r["language"].is_string());
    CHECK(r["kind"].is_string());
    CHECK(r["service"].is_string());
    check_default(r["default"]);
    REQUIRE(r["via"].is_array());
    for (const auto& v : r["via"]) CHECK(keys(v) == Strings{"file", "line", "label"});
  }
  CHECK(j["reads"][5]["via"][0] == ojson{{"file", "services/ingest/internal/config/config.go"},
                                          {"line", 211},
                                          {"label", "helper getEnv"}});
  CHECK(j["reads"][4]["expression"] == "`FEATURE_${flag.toUpperCase()}`");
  CHECK(j["reads"][6]["default"] == ojson{{"raw", "os.cpu_count()"}, {"value", ""}, {"comparable", false}});
  CHECK(j["reads"][0]["default"] == ojson{{"raw", "8080"}, {"value", "8080"}});

  REQUIRE(j["documented"].size() == 7);
  for (const auto& d : j["documented"]) {
    INFO(d.dump());
    Strings expected{"name", "aliases", "file", "line", "section", "default",
                     "required", "deprecated", "reserved", "test_only"};
    if (d.contains("default_stated")) expected.push_back("default_stated");
    CHECK(keys(d) == expected);
    CHECK(d["aliases"].is_array());
    CHECK(d["section"].is_string());
    CHECK(d["line"].is_number_integer());
    for (const char* flag : {"required", "deprecated", "reserved", "test_only"}) CHECK(d[flag].is_boolean());
    check_default(d["default"]);
  }
  CHECK(j["documented"][4]["aliases"] == ojson::array({"KAFKA_EVENTS_TOPIC"}));
  CHECK(j["documented"][4]["section"] == "Environment Variables > Ingest service");
  CHECK(j["documented"][4]["required"] == true);
  CHECK(j["documented"][3]["default"].is_null());
  CHECK(j["documented"][6]["default_stated"] == false);

  REQUIRE(j["findings"].size() == 6);
  for (const auto& f : j["findings"]) {
    INFO(f.dump());
    CHECK(keys(f) == Strings{"kind", "name", "service", "message", "doc", "code", "known"});
    for (const char* k : {"kind", "name", "service", "message"}) CHECK(f[k].is_string());
    if (!f["doc"].is_null()) {
      CHECK(keys(f["doc"]) == Strings{"file", "line", "default"});
      CHECK((f["doc"]["default"].is_string() || f["doc"]["default"].is_null()));
    }
    REQUIRE(f["code"].is_array());
    for (const auto& c : f["code"]) {
      CHECK(keys(c) == Strings{"file", "line", "default"});
      CHECK((c["default"].is_string() || c["default"].is_null()));
    }
  }
  // The SPEC example finding, field for field.
  CHECK(j["findings"][3] ==
        ojson{{"kind", "default_mismatch"},
              {"name", "KAFKA_TOPIC"},
              {"service", "ingest"},
              {"message", "documented default \"security.events\" but code falls back to \"aisoc.raw_events\""},
              {"doc", {{"file", "docs/env-vars.md"}, {"line", 120}, {"default", "security.events"}}},
              {"code", ojson::array({{{"file", "services/ingest/internal/config/config.go"},
                                      {"line", 140},
                                      {"default", "aisoc.raw_events"}}})},
              {"known", false}});
  CHECK(j["findings"][0]["doc"].is_null());
  CHECK(j["findings"][0]["code"][1]["default"].is_null());

  REQUIRE(j["diagnostics"].size() == 3);
  CHECK(j["diagnostics"][0] == ojson{{"file", "services/api/src/legacy.js"},
                                     {"line", 12},
                                     {"severity", "warning"},
                                     {"message", "syntax error; reads after this line may be missing"}});
}

TEST_CASE("json scan report omits documented and findings", "[reports]") {
  auto j = nlohmann::json::parse(render(sample_scan_report(), "json"));
  CHECK_FALSE(j.contains("documented"));
  CHECK_FALSE(j.contains("findings"));
  CHECK(j["registry"] == nlohmann::json::array());
  CHECK(j["reads"].size() == 7);
  CHECK(j["summary"]["files_scanned"] == 4);
}

TEST_CASE("json output survives invalid UTF-8 in source text", "[reports]") {
  Report report = sample_scan_report();
  report.reads[0].default_value = DefaultValue{"\"\xff\xfe\"", "\xff\xfe", true};
  std::string out;
  REQUIRE_NOTHROW(out = render(report, "json"));
  CHECK_NOTHROW(nlohmann::json::parse(out));
}
