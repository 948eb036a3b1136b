// JsonWriter (reports/json_writer.h) prints what nlohmann's dump(2, ' ', false, replace) prints:
// the same document built both ways, and the JSON report re-dumped by nlohmann after parsing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "reports/json_writer.h"
#include "reports/reporters.h"

using namespace envdrift;
using ojson = nlohmann::ordered_json;

namespace {

std::string dumped(const ojson& j) { return j.dump(2, ' ', false, ojson::error_handler_t::replace); }

// Strings nlohmann escapes or replaces: quotes, backslashes, every control byte, DEL, UTF-8 of
// 2-4 bytes, and bytes that are not UTF-8 (a lone continuation byte, a truncated sequence, an
// overlong encoding, a surrogate).
std::vector<std::string> hard_strings() {
  std::vector<std::string> out{"", "plain", "a\"b", "back\\slash", "tab\there", "new\nline", "\x7f", "é", "€", "😀",
                               "\x80", "a\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "x\xff" "y", "\"\\\b\f\n\r\t"};
  for (int c = 0; c < 0x20; ++c) out.push_back(std::string("c") + static_cast<char>(c) + "d");
  return out;
}

}  // namespace

TEST_CASE("JsonWriter writes nlohmann's pretty-printed format", "[json_writer]") {
  std::string text;
  JsonWriter w(text);
  ojson j = ojson::object();
  w.begin_object();
  w.member("int", -42);
  j["int"] = -42;
  w.member("big", std::numeric_limits<uint64_t>::max());
  j["big"] = std::numeric_limits<uint64_t>::max();
  w.member("min", std::numeric_limits<int64_t>::min());
  j["min"] = std::numeric_limits<int64_t>::min();
  for (double d : {100.0, 64.9, 0.1, 0.0, -3.5, 1e21, 33.3}) {
    std::string k = "d" + std::to_string(j.size());
    w.key(k);
    w.number(d);
    j[k] = d;
  }
  w.member("t", true);
  j["t"] = true;
  w.member("f", false);
  j["f"] = false;
  w.key("n");
  w.null();
  j["n"] = nullptr;
  w.key("empty_array");
  w.begin_array();
  w.end_array();
  j["empty_array"] = ojson::array();
  w.key("empty_object");
  w.begin_object();
  w.end_object();
  j["empty_object"] = ojson::object();
  w.key("strings");
  w.begin_array();
  ojson strings = ojson::array();
  for (const auto& s : hard_strings()) {
    w.string(s);
    strings.push_back(s);
  }
  w.end_array();
  j["strings"] = strings;
  w.key("keys");
  w.begin_object();
  ojson keys = ojson::object();
  int i = 0;
  for (const auto& s : hard_strings()) {
    std::string k = s + std::to_string(i++);  // distinct keys
    w.member(k, i);
    keys[k] = i;
  }
  w.end_object();
  j["keys"] = keys;
  w.key("nested");
  w.begin_array();
  w.begin_array();
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.integer(1);
  w.begin_object();
  w.end_object();
  w.end_array();
  w.end_object();
  w.end_array();
  w.begin_array();
  w.end_array();
  w.end_array();
  j["nested"] = ojson::parse(R"([[{"a": [1, {}]}], []])");
  w.end_object();
  CHECK(text == dumped(j));

  SECTION("a top-level array and scalar") {
    std::string a;
    JsonWriter wa(a);
    wa.begin_array();
    wa.string("x");
    wa.end_array();
    CHECK(a == dumped(ojson::array({"x"})));
    std::string s;
    JsonWriter ws(s);
    ws.string("a\x01");
    CHECK(s == dumped(ojson("a\x01")));
  }
}

TEST_CASE("the JSON report is what nlohmann prints for the same document", "[json_writer]") {
  Report report;
  report.command = "check";
  report.root = "/r\x01oot";
  report.has_registry = true;
  auto strings = hard_strings();
  for (size_t i = 0; i < strings.size(); ++i) {
    EnvRead r;
    r.name = "N" + strings[i];
    r.file = "src/" + strings[i] + ".ts";
    r.line = static_cast<int>(i) + 1;
    r.column = 3;
    r.kind = i % 3 == 0 ? ReadKind::Dynamic : ReadKind::Direct;
    r.dynamic_expr = strings[i];
    if (i % 2 == 0) r.default_value = DefaultValue{strings[i], "v" + strings[i], i % 4 == 0};
    if (i % 5 == 0) r.via.push_back(ViaStep{"a\x02.ts", 7, "helper " + strings[i]});
    report.reads.push_back(r);
    Finding f;
    f.name = r.name;
    f.message = "msg " + strings[i];
    f.known = i % 2 == 1;
    f.known_reason = i % 4 == 1 ? "" : "allowed";
    if (i % 3 == 1) f.doc = FindingDoc{"docs/env.md", 4, DefaultValue{"d", "d", true}, "S"};
    f.code.push_back(FindingCode{r.file, 2, 1, r.default_value, i % 2 == 0 ? "" : "note", 0, 0});
    f.incomplete = i % 7 == 0;
    report.findings.push_back(f);
    report.escapes.push_back(EnvEscape{r.file, 1, 2, Language::Go, "escape " + strings[i], ""});
  }
  Registry reg;
  reg.file = "docs/env.md";
  DocVariable v;
  v.name = "DOC";
  v.aliases = {"OLD", "old\x03"};
  v.file = "docs/env.md";
  v.line = 3;
  reg.variables.push_back(v);
  v.aliases.clear();
  v.default_stated = false;
  reg.variables.push_back(v);
  report.registries.push_back(reg);
  report.diagnostics.push_back(Diagnostic{Diagnostic::Severity::Note, "x\xff.md", 0, "bad \xc3"});
  ServiceCoverage c;
  c.service = "api";
  c.candidates = 3;
  c.resolved = 2;
  c.unresolved_at.push_back(FindingCode{"a.ts", 9, 0, std::nullopt, "", 0, 0});
  report.coverage.push_back(c);
  report.coverage.push_back(ServiceCoverage{});
  report.outside.push_back(OutsideDir{".", 4});
  report.stale.push_back(StaleEntry{"allow", FindingKind::Unread, "X", "", "why", true});
  report.stale.push_back(StaleEntry{"baseline", FindingKind::Unread, "Y", "api", "", false});
  report.changed_since = "main";
  summarize(report);
  std::ostringstream out;
  JsonReporter(ReporterOptions{}).write(report, out);
  std::string text = out.str();
  ojson parsed = ojson::parse(text);  // valid JSON (bad bytes were replaced)
  CHECK(text == dumped(parsed) + "\n");
  CHECK(parsed["reads"].size() == strings.size());
  CHECK(parsed["coverage"][0]["percent"] == 66.7);
  CHECK(text.find("\"percent\": 100.0") != std::string::npos);
  CHECK(parsed["stale"][0]["kind"].is_null());
  CHECK(parsed["documented"][1]["default_stated"] == false);
  CHECK(parsed["changed_since"] == "main");
}
