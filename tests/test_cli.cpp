// End-to-end: the real binary on the demo and on bad input, checking messages and exit codes
// (SPEC section 1: 0 clean, 1 drift, 2 usage/config, 3 incomplete).
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support.h"

using envdrift::test::run_envdrift;
using envdrift::test::TempTree;
namespace fs = std::filesystem;

namespace {
std::string demo() { return envdrift::test::source_dir() + "/fixtures/demo"; }
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }
}  // namespace

TEST_CASE("check on the demo reports every finding kind and exits 1", "[cli]") {
  auto r = run_envdrift({"check", demo()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "SESSION_COOKIE_NAME"));
  CHECK(contains(r.out, "services/api/src/config.ts:10"));
  CHECK(contains(r.out, "RATE_LIMIT_PER_MINUTE"));
  CHECK(contains(r.out, "REQUEST_TIMEOUT_MS"));
  CHECK(contains(r.out, "WORKER_QUEUE"));
  CHECK(contains(r.out, "FEATURE_"));
  CHECK(contains(r.out, "KAFKA_TOPIC"));
#ifdef ENVDRIFT_HAVE_CPP
  // The C++ agent's own drift: a macro of its header through a helper of its .cpp.
  CHECK(contains(r.out, "services/agent/src/config.cpp:20  AGENT_FLUSH_INTERVAL_S  documented default \"30\" but code falls back to \"10\""));
#endif
  CHECK_FALSE(contains(r.out, "NODE_ENV"));        // [ignore] names
  CHECK_FALSE(contains(r.out, "PYTHONUNBUFFERED")); // a write
}

TEST_CASE("check --format json on the demo has the SPEC shape and the planted findings", "[cli]") {
  auto r = run_envdrift({"check", demo(), "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["version"] == 1);
  CHECK(j["tool"]["name"] == "envdrift");
  CHECK(j["tool"]["version"] == "0.1.0");
  CHECK(j["root"] == fs::canonical(demo()).string());
  REQUIRE(j["registry"].size() == 1);
  CHECK(j["registry"][0]["file"] == "docs/env-vars.md");
  CHECK(j["registry"][0]["variables"] == 17);
  for (const char* k : {"files_scanned", "reads", "variables_read", "documented", "undocumented", "unread",
                        "default_mismatch", "dynamic"}) {
    INFO(k);
    CHECK(j["summary"][k].is_number_unsigned());
  }
#ifdef ENVDRIFT_HAVE_CPP
  CHECK(j["summary"]["files_scanned"] == 5);
  CHECK(j["summary"]["default_mismatch"] == 3);
#endif
  CHECK(j["summary"]["undocumented"] == 1);
  CHECK(j["summary"]["unread"] == 1);
  CHECK(j["summary"]["dynamic"] == 1);

  // A read carries every SPEC key.
  const nlohmann::json* timeout = nullptr;
  for (auto& read : j["reads"])
    if (read["name"] == "REQUEST_TIMEOUT_MS") timeout = &read;
  REQUIRE(timeout != nullptr);
  CHECK((*timeout)["file"] == "services/api/src/config.ts");
  CHECK((*timeout)["line"] == 7);
  CHECK((*timeout)["column"] == 28);
  CHECK((*timeout)["language"] == "typescript");
  CHECK((*timeout)["kind"] == "direct");
  CHECK((*timeout)["default"]["raw"] == "15_000");
  CHECK((*timeout)["default"]["value"] == "15000");
  CHECK((*timeout)["service"] == "api");
  CHECK((*timeout)["via"].is_array());

  bool mismatch = false, wrong_section = false;
  for (auto& f : j["findings"]) {
    if (f["kind"] == "default_mismatch" && f["name"] == "REQUEST_TIMEOUT_MS") {
      mismatch = true;
      CHECK(f["service"] == "api");
      CHECK(f["doc"]["file"] == "docs/env-vars.md");
      CHECK(f["doc"]["line"] == 13);
      CHECK(f["code"][0]["file"] == "services/api/src/config.ts");
      CHECK(f["code"][0]["line"] == 7);
      CHECK(f["code"][0]["default"] == "15000");
    }
    if (f["kind"] == "wrong_section" && f["name"] == "KAFKA_TOPIC") {
      wrong_section = true;
      CHECK(f["service"] == "worker");
    }
  }
  CHECK(mismatch);
  CHECK(wrong_section);
  for (auto& d : j["documented"]) {
    for (const char* k : {"name", "aliases", "file", "line", "section", "default"}) {
      INFO(k);
      CHECK(d.contains(k));
    }
  }
}

TEST_CASE("scan lists reads without a registry", "[cli]") {
  auto r = run_envdrift({"scan", demo(), "--format", "json"});
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK_FALSE(j.contains("findings"));
  CHECK_FALSE(j.contains("documented"));
  CHECK(j["summary"]["reads"].get<int>() >= 15);
}

TEST_CASE("explain shows the reads and the doc entry of one variable", "[cli]") {
  auto r = run_envdrift({"explain", "KAFKA_TOPIC", "--path", demo()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "services/worker/worker/settings.py:11"));
  CHECK(contains(r.out, "services/ingest/internal/config/config.go:19"));
  CHECK(contains(r.out, "documented at docs/env-vars.md:"));
  auto none = run_envdrift({"explain", "NOT_A_VAR_ANYWHERE", "--path", demo()});
  CHECK(none.exit_code == 1);
  CHECK(contains(none.out, "not documented"));
}

TEST_CASE("usage errors exit 2 with a clear message", "[cli]") {
  auto missing = run_envdrift({"check", demo(), "--registry", "/nonexistent/env.md"});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "/nonexistent/env.md"));
  auto fmt = run_envdrift({"check", demo(), "--format", "yaml"});
  CHECK(fmt.exit_code == 2);
  auto nopath = run_envdrift({"scan", "/nonexistent/tree"});
  CHECK(nopath.exit_code == 2);
  CHECK(contains(nopath.err, "path does not exist: /nonexistent/tree"));
  auto version = run_envdrift({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(contains(version.out, "envdrift 0.1.0"));
}

TEST_CASE("a malformed config exits 2 naming the line", "[cli]") {
  TempTree t;
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n[[service]]\nname = \"a\"\nroots = \"x\n");
  t.write("a.py", "import os\nos.getenv('A')\n");
  auto r = run_envdrift({"check", t.path()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, t.abs(".envdrift.toml") + ":4:"));
}

TEST_CASE("no registry at all exits 2", "[cli]") {
  TempTree t;
  t.write("a.py", "import os\nos.getenv('A')\n");
  auto r = run_envdrift({"check", t.path()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "no registry found"));
}

TEST_CASE("a registry option takes one file, so a PATH after it is scanned, and it repeats", "[cli]") {
  TempTree t;
  t.write("a.ts", "const url = process.env.A_URL || process.env.B_URL;\n");
  t.write("b.py", "import os\nv = os.getenv(\"NEW_NAME\")\n");
  t.write("docs/env.md", "| Variable | Default |\n|---|---|\n| `A_URL` | |\n");
  t.write("docs/more.md", "| Variable | Default |\n|---|---|\n| `NEW_NAME` | |\n");
  auto r = run_envdrift({"check", "--registry", "docs/env.md", ".", "--format", "json"}, t.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["name"] == "B_URL");
  CHECK(j["findings"][1]["name"] == "NEW_NAME");

  auto both = run_envdrift({"check", "--registry", "docs/env.md", "--registry", "docs/more.md", ".",
                            "--format", "json"}, t.path());
  INFO(both.out << both.err);
  REQUIRE(both.exit_code == 1);
  auto jb = nlohmann::json::parse(both.out);
  CHECK(jb["registry"].size() == 2);
  REQUIRE(jb["findings"].size() == 1);
  CHECK(jb["findings"][0]["name"] == "B_URL");
}

TEST_CASE("a registry found by convention is used without a config", "[cli]") {
  TempTree t;
  t.write("a.py", "import os\nos.getenv('A')\nos.getenv('B')\n");
  t.write(".env.example", "A=1\n");
  auto r = run_envdrift({"check", t.path(), "--format", "json"});
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["registry"][0]["file"] == ".env.example");
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["kind"] == "undocumented");
  CHECK(j["findings"][0]["name"] == "B");
}

TEST_CASE("a syntax error keeps earlier reads and names the file", "[cli]") {
  TempTree t;
  t.write(".env.example", "GOOD=1\n");
  t.write("svc/broken.py", "import os\nGOOD = os.getenv(\"GOOD\", \"1\")\ndef f(:\n    pass\n");
  auto r = run_envdrift({"check", t.path(), "--format", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["reads"].size() == 1);
  CHECK(j["reads"][0]["name"] == "GOOD");
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["file"] == "svc/broken.py");
  CHECK(j["diagnostics"][0]["severity"] == "warning");
  CHECK(contains(j["diagnostics"][0]["message"], "syntax error at line 3"));
}

TEST_CASE("binary and non-UTF-8 files are skipped, noted only with --verbose", "[cli]") {
  TempTree t;
  t.write(".env.example", "A=\n");
  t.write("a.py", "import os\nos.getenv('A')\n");
  t.write("blob.js", std::string("\x7f" "ELF\0\0\0process.env.X", 19));
  t.write("legacy.py", "# -*- coding: latin-1 -*-\nimport os\nos.getenv('\xe9t\xe9')\n");
  auto quiet = run_envdrift({"check", t.path()});
  CHECK(quiet.exit_code == 0);
  CHECK_FALSE(contains(quiet.out, "blob.js"));
  auto verbose = run_envdrift({"check", t.path(), "--verbose"});
  CHECK(verbose.exit_code == 0);
  CHECK(contains(verbose.out, "blob.js"));
  CHECK(contains(verbose.out, "binary file skipped"));
  CHECK(contains(verbose.out, "legacy.py"));
  CHECK(contains(verbose.out, "not valid UTF-8"));
  // Where the time went, on stderr: a.py is analyzed, blob.js and legacy.py are read but not.
  CHECK(contains(verbose.err, "envdrift: note: 3 source files: 1 analyzed"));
  CHECK_FALSE(contains(quiet.err, "source files"));
}

TEST_CASE("an unreadable file makes the result incomplete: exit 3", "[cli]") {
  TempTree t;
  t.write(".env.example", "A=\n");
  t.write("a.py", "import os\nos.getenv('A')\n");
  fs::create_symlink(t.abs("gone.py"), t.abs("broken_link.py"));
  auto r = run_envdrift({"check", t.path()});
  CHECK(r.exit_code == 3);
  CHECK(contains(r.out, "broken_link.py"));
  CHECK(contains(r.out, "cannot read file"));
}

TEST_CASE("a tree with sources but zero reads exits 3", "[cli]") {
  TempTree t;
  t.write(".env.example", "A=\n");
  t.write("a.py", "print('hello')\n");
  t.write("b.ts", "export const x = 1;\n");
  auto r = run_envdrift({"check", t.path()});
  CHECK(r.exit_code == 3);
  CHECK(contains(r.out + r.err, "found no environment reads in 2 source files"));
}

TEST_CASE("a default that differs only in letter case is reported as case_only and does not fail check", "[cli]") {
  TempTree t;
  t.write("app.py", "import os\nlevel = os.getenv(\"LOG_LEVEL\", \"INFO\")\n");
  // The only finding of `check` when the page documents LOG_LEVEL with `default_cell`.
  auto finding_for = [&](const std::string& default_cell, int expected_exit) {
    t.write("docs/env.md", "| Variable | Default |\n|---|---|\n| `LOG_LEVEL` | " + default_cell + " |\n");
    auto r = run_envdrift({"check", "--registry", "docs/env.md", ".", "--format", "json"}, t.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == expected_exit);
    auto findings = nlohmann::json::parse(r.out)["findings"];
    REQUIRE(findings.size() == 1);
    CHECK(findings[0]["kind"] == "default_mismatch");
    return findings[0];
  };
  CHECK(finding_for("`info`", 0)["case_only"] == true);
  CHECK_FALSE(finding_for("`warn`", 1).contains("case_only"));
}

TEST_CASE("a .env template's value that differs from the code's fallback does not fail check unless its values are defaults", "[cli]") {
  TempTree t;
  t.write("settings.py", "import os\nhost = os.getenv(\"DB_HOST\", \"localhost\")\n");
  t.write(".env.example", "DB_HOST=db\n");
  auto r = run_envdrift({"check", t.path(), "--format", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto findings = nlohmann::json::parse(r.out)["findings"];
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["kind"] == "default_mismatch");
  CHECK(findings[0]["template_value"] == true);
  CHECK(findings[0]["doc"]["file"] == ".env.example");

  t.write(".envdrift.toml", "registry = [\".env.example\"]\ntemplate_values = \"defaults\"\n");
  auto strict = run_envdrift({"check", t.path(), "--format", "json"});
  CHECK(strict.exit_code == 1);
  auto compared = nlohmann::json::parse(strict.out)["findings"];
  REQUIRE(compared.size() == 1);
  CHECK_FALSE(compared[0].contains("template_value"));
}
