// The diff engine (reports/diff.cpp): reads and registries built by hand, exact findings out.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reports/findings.h"

using namespace envdrift;

namespace {

using Strings = std::vector<std::string>;

DefaultValue value(const std::string& raw, const std::string& normalized, bool comparable = true) {
  return DefaultValue{raw, normalized, comparable};
}

EnvRead read(const std::string& name, const std::string& file, int line,
             std::optional<DefaultValue> def = std::nullopt) {
  EnvRead r;
  r.name = name;
  r.file = file;
  r.line = line;
  r.column = 1;
  r.default_value = std::move(def);
  return r;
}

EnvRead dynamic_read(const std::string& prefix, const std::string& suffix, const std::string& expr,
                     const std::string& file, int line) {
  EnvRead r = read(prefix, file, line);
  r.kind = ReadKind::Dynamic;
  r.dynamic_suffix = suffix;
  r.dynamic_expr = expr;
  return r;
}

DocVariable doc(const std::string& name, int line, std::optional<DefaultValue> def = std::nullopt,
                Strings section = {}, Strings aliases = {}) {
  DocVariable v;
  v.name = name;
  v.line = line;
  v.file = "docs/env.md";
  v.default_value = std::move(def);
  v.section = std::move(section);
  v.aliases = std::move(aliases);
  return v;
}

Registry registry(std::vector<DocVariable> vars, Strings ignored = {}) {
  Registry r;
  r.file = "docs/env.md";
  r.variables = std::move(vars);
  r.ignored = std::move(ignored);
  return r;
}

std::string where(const std::string& file, int line) { return file + ":" + std::to_string(line); }

// One line per finding: "kind [service] NAME code=a:1,b:2 doc=docs/env.md:3".
Strings describe(const std::vector<Finding>& findings) {
  Strings out;
  for (const auto& f : findings) {
    std::string s = std::string(finding_kind_name(f.kind)) + " [" + f.service + "] " + f.name;
    if (!f.code.empty()) {
      s += " code=";
      for (size_t i = 0; i < f.code.size(); ++i) s += (i ? "," : "") + where(f.code[i].file, f.code[i].line);
    }
    if (f.doc) s += " doc=" + where(f.doc->file, f.doc->line);
    out.push_back(s);
  }
  return out;
}

std::vector<Finding> run(const std::vector<EnvRead>& reads, const std::vector<DocVariable>& vars,
                         const DiffOptions& options = {}) {
  return diff(reads, {registry(vars)}, options);
}

DiffOptions demo_services() {
  DiffOptions o;
  o.services = {{"api", {"services/api"}, "API service"},
                {"worker", {"services/worker"}, "Worker service"},
                {"ingest", {"services/ingest"}, "Ingest service"}};
  return o;
}

}  // namespace

TEST_CASE("finding kind names round-trip and are the SPEC spellings", "[diff]") {
  CHECK(finding_kind_name(FindingKind::Undocumented) == "undocumented");
  CHECK(finding_kind_name(FindingKind::DefaultMismatch) == "default_mismatch");
  CHECK(finding_kind_name(FindingKind::WrongSection) == "wrong_section");
  for (auto k : {FindingKind::Undocumented, FindingKind::Unread, FindingKind::DefaultMismatch, FindingKind::Dynamic,
                 FindingKind::WrongSection, FindingKind::Duplicate})
    CHECK(parse_finding_kind(finding_kind_name(k)) == k);
  CHECK_FALSE(parse_finding_kind("default-mismatch").has_value());
}

TEST_CASE("service_for_file picks the longest root prefix on path boundaries", "[diff]") {
  std::vector<ServiceSpec> services{{"api", {"services/api/"}, ""},
                                    {"api-admin", {"./services/api/admin"}, ""},
                                    {"tools", {"tools", "scripts"}, ""}};
  CHECK(service_for_file(services, "services/api/src/config.ts") == "api");
  CHECK(service_for_file(services, "services/api/admin/x.ts") == "api-admin");
  CHECK(service_for_file(services, "services/apis/x.ts") == "");
  CHECK(service_for_file(services, "scripts/run.py") == "tools");
  CHECK(service_for_file(services, "README.md") == "");
  CHECK(service_for_file({}, "services/api/x.ts") == "");
}

TEST_CASE("undocumented: one finding per name with every code location, and aliases document reads", "[diff]") {
  auto findings = run({read("B_VAR", "src/b.ts", 9), read("A_VAR", "src/z.ts", 3), read("A_VAR", "src/a.ts", 7),
                       read("PORT", "src/a.ts", 1), read("CORS_ORIGINS", "src/a.ts", 2)},
                      {doc("PORT", 3), doc("AISOC_CORS_ORIGINS", 4, std::nullopt, {}, {"CORS_ORIGINS"})});
  CHECK(describe(findings) == Strings{"undocumented [] A_VAR code=src/a.ts:7,src/z.ts:3",
                                      "undocumented [] B_VAR code=src/b.ts:9"});
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].message == "read but not documented in docs/env.md");
  CHECK_FALSE(findings[0].doc.has_value());
}

TEST_CASE("ignored names: [ignore] names are never undocumented, registry-ignored names never reported", "[diff]") {
  DiffOptions o;
  o.ignore_names = {"NODE_ENV"};
  std::vector<Registry> regs{registry({doc("LEGACY", 5, value("1", "1")), doc("NODE_ENV", 6)}, {"LEGACY", "CI"})};
  auto findings = diff({read("NODE_ENV", "a.ts", 1), read("CI", "a.ts", 2), read("LEGACY", "a.ts", 3, value("2", "2")),
                        read("OTHER", "a.ts", 4)},
                       regs, o);
  // LEGACY's default differs and it is read, but the page ignores it: nothing at all.
  CHECK(describe(findings) == Strings{"undocumented [] OTHER code=a.ts:4"});

  // A documented [ignore] name that nothing reads is still unread.
  auto unread = diff({}, {registry({doc("NODE_ENV", 6)})}, o);
  CHECK(describe(unread) == Strings{"unread [] NODE_ENV doc=docs/env.md:6"});
}

TEST_CASE("mentioned names: a read of one is documented, a mention is never unread", "[diff]") {
  Registry prose;
  prose.file = "docs/config.md";
  prose.mentioned = {{"ATHENS_STORAGE_TYPE", 4}, {"GOPATH_EXTRA", 9}};
  auto findings = diff({read("ATHENS_STORAGE_TYPE", "cmd/main.go", 12, value("memory", "memory")),
                        read("ATHENS_PORT", "cmd/main.go", 13)},
                       {prose}, {});
  // Only the name the page never mentions; GOPATH_EXTRA (mentioned, not read) is not unread.
  CHECK(describe(findings) == Strings{"undocumented [] ATHENS_PORT code=cmd/main.go:13"});
}

TEST_CASE("suppressions drop a read from one finding kind (or all), never from reads", "[diff]") {
  EnvRead all = read("X_ALL", "a.ts", 1);
  all.suppressions = {""};
  EnvRead undoc = read("X_UNDOC", "a.ts", 2);
  undoc.suppressions = {"undocumented"};
  EnvRead other = read("X_OTHER", "a.ts", 3);
  other.suppressions = {"dynamic"};
  EnvRead mismatch = read("PORT", "a.ts", 4, value("9000", "9000"));
  mismatch.suppressions = {"default_mismatch"};
  EnvRead mismatch2 = read("PORT", "b.ts", 5, value("9001", "9001"));
  auto findings = run({all, undoc, other, mismatch, mismatch2}, {doc("PORT", 10, value("8080", "8080"))});
  // PORT is still read (no unread), and only b.ts:5 differs unsuppressed.
  CHECK(describe(findings) == Strings{"undocumented [] X_OTHER code=a.ts:3",
                                      "default_mismatch [] PORT code=b.ts:5 doc=docs/env.md:10"});
}

TEST_CASE("unread: documented names read nowhere, unless an alias or a dynamic prefix may read them", "[diff]") {
  auto findings = run({read("NEW_NAME", "a.py", 1), dynamic_read("FEATURE_", "", "f\"FEATURE_{x}\"", "a.py", 2),
                       dynamic_read("", "", "name", "a.py", 3), dynamic_read("PLUGIN_", "_URL", "...", "a.py", 4)},
                      {doc("OLD_NAME", 1, std::nullopt, {}, {"NEW_NAME"}), doc("FEATURE_BETA", 2), doc("FEATURE_", 3),
                       doc("PLUGIN_X_URL", 4), doc("PLUGIN_X_KEY", 5), doc("NEVER", 6)});
  // FEATURE_ with an empty dynamic part is still matched by the prefix; PLUGIN_X_KEY fails the suffix;
  // the prefix-less dynamic read ("name") proves nothing.
  Strings expected{"unread [] NEVER doc=docs/env.md:6", "unread [] PLUGIN_X_KEY doc=docs/env.md:5",
                   "dynamic []  code=a.py:3", "dynamic [] FEATURE_ code=a.py:2",
                   "dynamic [] PLUGIN_ code=a.py:4"};
  CHECK(describe(findings) == expected);
  REQUIRE(findings.size() == 5);
  CHECK(findings[0].message == "documented but never read");
}

TEST_CASE("default_mismatch compares normalized values, one finding per entry with the differing reads", "[diff]") {
  auto findings = run(
      {read("TIMEOUT_MS", "a.ts", 7, value("15_000", "15000")), read("TIMEOUT_MS", "b.ts", 3, value("30000", "30000")),
       read("TIMEOUT_MS", "c.ts", 1), read("TIMEOUT_MS", "d.ts", 2, value("15e3", "15000")),
       read("TOPIC", "t.go", 5, value("\"aisoc.raw_events\"", "aisoc.raw_events")),
       read("FLAG", "f.py", 1, value("True", "true")), read("HOST", "h.go", 1, value("\"\"", "")),
       read("USER", "u.go", 1, value("\"root\"", "root")), read("SECRET", "s.py", 1, value("\"x\"", "x")),
       read("COLUMNLESS", "c.py", 1, value("\"x\"", "x")), read("COMPUTED", "k.ts", 1, value("os.cpus()", "", false))},
      {doc("TIMEOUT_MS", 13, value("30000 (30 s)", "30000")), doc("TOPIC", 20, value("security.events", "security.events")),
       doc("FLAG", 21, value("`true`", "true")), doc("HOST", 22), doc("USER", 23),
       doc("SECRET", 24, value("random", "random", false)),
       [] {
         DocVariable v = doc("COLUMNLESS", 25);
         v.default_stated = false;
         return v;
       }(),
       doc("COMPUTED", 26, value("4", "4"))});
  CHECK(describe(findings) == Strings{"default_mismatch [] TIMEOUT_MS code=a.ts:7,d.ts:2 doc=docs/env.md:13",
                                      "default_mismatch [] TOPIC code=t.go:5 doc=docs/env.md:20",
                                      "default_mismatch [] USER code=u.go:1 doc=docs/env.md:23"});
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].message == "documented default \"30000\" but code falls back to \"15000\"");
  CHECK(findings[1].message == "documented default \"security.events\" but code falls back to \"aisoc.raw_events\"");
  CHECK(findings[2].message == "documented without a default but code falls back to \"root\"");
  REQUIRE(findings[0].doc.has_value());
  CHECK(findings[0].doc->default_value->raw == "30000 (30 s)");
  CHECK(findings[0].code[1].default_value->raw == "15e3");
}

TEST_CASE("default_mismatch lists every distinct differing code value", "[diff]") {
  auto findings = run({read("MODE", "a.ts", 1, value("'a'", "a")), read("MODE", "b.ts", 1, value("'b'", "b")),
                       read("MODE", "c.ts", 1, value("'a'", "a"))},
                      {doc("MODE", 2, value("c", "c"))});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "documented default \"c\" but code falls back to \"a\", \"b\"");
  CHECK(findings[0].code.size() == 3);
}

TEST_CASE("dynamic: one finding per unresolved read, naming its expression", "[diff]") {
  auto findings = run({dynamic_read("FEATURE_", "", "`FEATURE_${flag.toUpperCase()}`", "src/f.ts", 16),
                       dynamic_read("", "", "key", "src/g.ts", 2), dynamic_read("FEATURE_", "", "x", "src/a.ts", 1)},
                      {doc("FEATURE_A", 1)});
  Strings expected{"dynamic []  code=src/g.ts:2", "dynamic [] FEATURE_ code=src/a.ts:1",
                   "dynamic [] FEATURE_ code=src/f.ts:16"};
  CHECK(describe(findings) == expected);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].message == "variable name is computed at run time: key");
  CHECK(findings[2].message ==
        "variable name is computed at run time: `FEATURE_${flag.toUpperCase()}` (known prefix \"FEATURE_\")");
}

TEST_CASE("duplicate: one name twice in the same section of a page, not across sections", "[diff]") {
  Strings api{"Env", "API service"};
  Strings worker{"Env", "Worker service"};
  auto findings = run({read("PORT", "a.ts", 1), read("DATABASE_URL", "a.ts", 2)},
                      {doc("PORT", 10, std::nullopt, api), doc("DATABASE_URL", 11, std::nullopt, api),
                       doc("DATABASE_URL", 20, std::nullopt, worker), doc("PORT", 14, std::nullopt, api),
                       doc("PORT", 30, std::nullopt, {"Env", "API service", "Nested"})});
  CHECK(describe(findings) == Strings{"duplicate [] PORT doc=docs/env.md:14"});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "documented twice under \"Env > API service\" (first at docs/env.md:10)");
}

TEST_CASE("services: sections belong to services, shared sections document for everyone", "[diff]") {
  auto section = [&](const std::string& s) { return Strings{"Environment Variables", s}; };
  std::vector<DocVariable> vars{
      doc("PORT", 9, value("8080", "8080"), section("API service (services/api)")),
      doc("DATABASE_URL", 10, std::nullopt, section("API service (services/api)")),
      doc("RATE_LIMIT", 12, value("600", "600"), section("API service (services/api)")),
      doc("WORKER_QUEUE", 18, value("`jobs`", "jobs"), section("worker SERVICE")),
      doc("DATABASE_URL", 19, std::nullopt, section("worker SERVICE")),
      doc("KAFKA_TOPIC", 24, std::nullopt, section("Ingest service (services/ingest)")),
      doc("ONLY_INGEST", 25, std::nullopt, section("Ingest service (services/ingest)")),
      doc("AISOC_CORS_ORIGINS", 31, value("http://localhost:3000", "http://localhost:3000"),
          section("CORS configuration"), {"CORS_ORIGINS"}),
      doc("SHARED_UNREAD", 32, std::nullopt, section("CORS configuration")),
  };
  std::vector<EnvRead> reads{
      read("PORT", "services/api/src/config.ts", 3, value("8080", "8080")),
      read("DATABASE_URL", "services/api/src/config.ts", 4),
      read("CORS_ORIGINS", "services/api/src/config.ts", 8, value("\"*\"", "*")),
      read("SESSION", "services/api/src/config.ts", 10),
      read("WORKER_QUEUE", "libs/queue.py", 7, value("\"default\"", "default")),
      read("DATABASE_URL", "services/worker/settings.py", 8),
      read("KAFKA_TOPIC", "services/worker/settings.py", 10, value("\"security.events\"", "security.events")),
      read("RATE_LIMIT", "services/worker/settings.py", 11),
      read("KAFKA_TOPIC", "services/ingest/config.go", 19),
      read("AISOC_CORS_ORIGINS", "services/ingest/config.go", 20),
      read("SESSION", "scripts/dev.sh.py", 1),  // a file of no service: documented anywhere is enough
      read("ONLY_INGEST", "scripts/dev.sh.py", 2),
  };
  reads[4].service = "worker";  // set by the driver (outside the roots): respected as is
  auto findings = diff(reads, {registry(vars)}, demo_services());
  CHECK(describe(findings) ==
        Strings{"undocumented [] SESSION code=scripts/dev.sh.py:1",
                "undocumented [api] SESSION code=services/api/src/config.ts:10",
                "unread [] SHARED_UNREAD doc=docs/env.md:32",
                "unread [api] RATE_LIMIT doc=docs/env.md:12",
                "default_mismatch [api] AISOC_CORS_ORIGINS code=services/api/src/config.ts:8 doc=docs/env.md:31",
                "default_mismatch [worker] WORKER_QUEUE code=libs/queue.py:7 doc=docs/env.md:18",
                "wrong_section [worker] KAFKA_TOPIC code=services/worker/settings.py:10 doc=docs/env.md:24",
                "wrong_section [worker] RATE_LIMIT code=services/worker/settings.py:11 doc=docs/env.md:12"});
  REQUIRE(findings.size() == 8);
  CHECK(findings[1].message == "read by api but not documented in docs/env.md");
  CHECK(findings[3].message ==
        "documented under \"Environment Variables > API service (services/api)\" but not read by api; read by worker");
  CHECK(findings[6].message ==
        "read by worker but documented only under \"Environment Variables > Ingest service (services/ingest)\" "
        "(ingest)");
}

TEST_CASE("services: a heading claimed by two doc_section prefixes goes to the longer one", "[diff]") {
  DiffOptions o;
  o.services = {{"api", {"services/api"}, "API"}, {"api-admin", {"services/admin"}, "API admin"}};
  auto findings = diff({read("ADMIN_TOKEN", "services/api/x.ts", 1)},
                       {registry({doc("ADMIN_TOKEN", 5, std::nullopt, {"Env", "API admin service"})})}, o);
  CHECK(describe(findings) == Strings{"unread [api-admin] ADMIN_TOKEN doc=docs/env.md:5",
                                      "wrong_section [api] ADMIN_TOKEN code=services/api/x.ts:1 doc=docs/env.md:5"});
}

TEST_CASE("without services every read and section is the one service \"\"", "[diff]") {
  EnvRead r = read("KAFKA_TOPIC", "services/worker/settings.py", 10);
  r.service = "worker";  // ignored when no services are configured
  auto findings = run({r}, {doc("KAFKA_TOPIC", 24, std::nullopt, {"Ingest service"}),
                            doc("KAFKA_TOPIC", 30, std::nullopt, {"Worker service"})});
  CHECK(findings.empty());
}

TEST_CASE("several registries: documented in any of them counts, messages name them all", "[diff]") {
  Registry env;
  env.file = ".env.example";
  env.variables = {doc("FROM_DOTENV", 1)};
  env.variables[0].file = ".env.example";
  auto findings = diff({read("FROM_DOTENV", "a.py", 1), read("NOWHERE", "a.py", 2)},
                       {registry({doc("PORT", 1)}), env}, {});
  CHECK(describe(findings) == Strings{"undocumented [] NOWHERE code=a.py:2", "unread [] PORT doc=docs/env.md:1"});
  REQUIRE_FALSE(findings.empty());
  CHECK(findings[0].message == "read but not documented in docs/env.md, .env.example");
}

TEST_CASE("summarize counts reads, distinct names and findings per kind", "[diff]") {
  Report report;
  report.summary.files_scanned = 4;
  report.reads = {read("A", "a.ts", 1), read("A", "b.ts", 1), read("B", "a.ts", 2),
                  dynamic_read("C_", "", "x", "a.ts", 3)};
  report.registries = {registry({doc("A", 1), doc("Z", 2), doc("Z", 9, std::nullopt, {"Other"})})};
  report.findings = diff(report.reads, report.registries, {});
  summarize(report);
  CHECK(report.summary.files_scanned == 4);
  CHECK(report.summary.reads == 4);
  CHECK(report.summary.variables_read == 2);
  CHECK(report.summary.documented == 2);
  CHECK(report.summary.undocumented == 1);
  CHECK(report.summary.unread == 1);
  CHECK(report.summary.dynamic == 1);
  CHECK(report.summary.default_mismatch == 0);
  CHECK(report.summary.duplicate == 0);
}

TEST_CASE("default_mismatch: a difference only in letter case is marked case_only", "[diff]") {
  auto findings = run({read("LOG_LEVEL", "a.py", 1, value("\"INFO\"", "INFO")),
                       read("MODE", "m.py", 1, value("\"STRICT\"", "STRICT")), read("MODE", "n.py", 1, value("\"x\"", "x")),
                       read("EMPTY", "e.py", 1, value("\"\"", ""))},
                      {doc("LOG_LEVEL", 2, value("`info`", "info")), doc("MODE", 3, value("`strict`", "strict")),
                       doc("EMPTY", 4, value("_empty_", ""))});
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].name == "LOG_LEVEL");
  CHECK(findings[0].case_only);
  CHECK(findings[0].message == "documented default \"info\" but code falls back to \"INFO\" (differs only in letter case)");
  CHECK(findings[1].name == "MODE");  // one read differs in more than case: a real mismatch
  CHECK_FALSE(findings[1].case_only);
  CHECK(findings[1].message == "documented default \"strict\" but code falls back to \"STRICT\", \"x\"");
}

// A `.env`-style template's value is what a deployment is meant to set (`DB_HOST=db`, a sample
// password), rarely what the code does without it: the corpus' Django trees had 32 such
// mismatches, none of them drift. Informational unless `template_values = "defaults"`.
TEST_CASE("default_mismatch with a .env template's value is informational unless its values are defaults", "[diff]") {
  DocVariable host = doc("DB_HOST", 3, value("db", "db"));
  host.file = ".env.example";
  host.template_value = true;
  DocVariable port = doc("DB_PORT", 4, value("`5432`", "5432"));  // a docs page: a stated default
  std::vector<EnvRead> reads{read("DB_HOST", "settings.py", 10, value("\"localhost\"", "localhost")),
                             read("DB_PORT", "settings.py", 11, value("\"5433\"", "5433"))};
  auto findings = run(reads, {host, port});
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].name == "DB_HOST");
  CHECK(findings[0].template_value);
  CHECK(findings[0].informational());
  CHECK(findings[0].message ==
        "documented default \"db\" but code falls back to \"localhost\" (the value a .env template sets, not necessarily a default)");
  CHECK(findings[1].name == "DB_PORT");
  CHECK_FALSE(findings[1].informational());

  DiffOptions strict;
  strict.template_values_are_defaults = true;
  auto compared = run(reads, {host, port}, strict);
  REQUIRE(compared.size() == 2);
  CHECK_FALSE(compared[0].template_value);
  CHECK_FALSE(compared[0].informational());
  CHECK(compared[0].message == "documented default \"db\" but code falls back to \"localhost\"");
}
