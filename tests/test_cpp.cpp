// The C/C++ frontend (libclang) end to end: reads with exact positions and languages, helpers
// and macros across files of a scanned tree, the result cache, `docs` "Read by" lists, and
// --changed-since. The per-pattern cases are the annotated fixtures in fixtures/patterns/cpp/.
#include <catch2/catch.hpp>

#ifdef ENVDRIFT_HAVE_CPP

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "analyzer/core/driver.h"
#include "analyzer/frontend.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::describe_reads;
using envdrift::test::find_read;
using envdrift::test::run_envdrift;
using envdrift::test::run_shell;
using envdrift::test::TempTree;

namespace {

ScanOptions options_for(const TempTree& tree) {
  ScanOptions o;
  o.root = tree.path();
  o.paths = {tree.path()};
  o.use_gitignore = false;
  return o;
}

// A C++ service: a header with a macro and a helper declaration, the helper's body in one file,
// its call sites in another that mentions no env API at all.
void agent_tree(const TempTree& t) {
  t.write("services/agent/include/agent/env.h",
          "#pragma once\n#define AGENT_KEY \"AGENT_TOKEN\"\nint env_int(const char* key, int def);\n");
  t.write("services/agent/src/env.cpp",
          "#include <cstdlib>\n#include \"agent/env.h\"\n"
          "int env_int(const char* key, int def) {\n"
          "  const char* v = std::getenv(key);\n"
          "  return v ? std::atoi(v) : def;\n"
          "}\n"
          "const char* token() { return std::getenv(AGENT_KEY); }\n");
  t.write("services/agent/src/main.cpp",
          "#include \"agent/env.h\"\n"
          "int main() {\n"
          "  return env_int(\"AGENT_WORKERS\", 4);\n"
          "}\n");
}

}  // namespace

TEST_CASE("C and C++ reads carry their file, line, column and language", "[cpp]") {
  FileResult cpp = analyze_text("svc/main.cpp",
                                "#include <cstdlib>\n"
                                "int main() {\n"
                                "  const char* p = std::getenv(\"PORT\") ?: \"8080\";\n"
                                "  return p != nullptr;\n"
                                "}\n");
  REQUIRE(cpp.reads.size() == 1);
  const EnvRead& r = cpp.reads[0];
  CHECK(r.name == "PORT");
  CHECK(r.file == "svc/main.cpp");
  CHECK(r.line == 3);
  CHECK(r.column == 19);
  CHECK(r.language == Language::Cpp);
  CHECK(r.kind == ReadKind::Direct);
  REQUIRE(r.default_value.has_value());
  CHECK(r.default_value->raw == "\"8080\"");
  CHECK(r.default_value->value == "8080");
  CHECK(cpp.diagnostics.empty());
  CHECK(cpp.candidate_lines == std::vector<int>{3});

  FileResult c = analyze_text("tool.c", "#include <stdlib.h>\nint main(void) { return getenv(\"HOME\") != 0; }\n");
  REQUIRE(c.reads.size() == 1);
  CHECK(c.reads[0].name == "HOME");
  CHECK(c.reads[0].language == Language::C);
  CHECK(c.reads[0].line == 2);

  FileResult h = analyze_text("include/cfg.hpp", "#pragma once\n#include <cstdlib>\ninline const char* home() { return std::getenv(\"CFG_HOME\"); }\n");
  REQUIRE(h.reads.size() == 1);
  CHECK(h.reads[0].name == "CFG_HOME");
  CHECK(h.reads[0].language == Language::Cpp);
}

TEST_CASE("every C/C++ extension has the libclang frontend", "[cpp]") {
  for (const char* p : {"a.c", "a.h", "a.cc", "a.cpp", "a.cxx", "a.hpp", "a.hh"}) {
    INFO(p);
    const FrontendDescriptor* fe = frontend_for_path(p);
    REQUIRE(fe != nullptr);
    CHECK(fe->grammar == nullptr);
    CHECK(fe->analyze != nullptr);
  }
  CHECK(frontend_for_path("a.c")->language == Language::C);
  CHECK(frontend_for_path("a.hpp")->language == Language::Cpp);
}

TEST_CASE("a file that does not compile keeps its other reads and says where it broke", "[cpp]") {
  FileResult r = analyze_text("broken.cpp",
                              "#include <cstdlib>\n"
                              "const char* a() { return std::getenv(\"FIRST\"); }\n"
                              "int b() { return 1 + ; }\n"
                              "const char* c() { return std::getenv(\"SECOND\"); }\n");
  ScanResult as_scan;
  as_scan.reads = r.reads;
  CHECK(describe_reads(as_scan) == std::vector<std::string>{"broken.cpp:2 FIRST direct", "broken.cpp:4 SECOND direct"});
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Warning);
  CHECK(r.diagnostics[0].line == 3);
  // Unknown headers and undeclared names are not syntax errors: no diagnostic.
  FileResult ok = analyze_text("ok.cpp", "#include <boost/asio.hpp>\n#include <cstdlib>\nauto x = boost::asio::foo();\nconst char* y = getenv(\"Y\");\n");
  CHECK(ok.diagnostics.empty());
  REQUIRE(ok.reads.size() == 1);
  CHECK(ok.reads[0].name == "Y");
}

TEST_CASE("deeply nested C++ input is handled without overflowing the stack", "[cpp]") {
  // Within clang's own bracket limit (256): the read is found through 200 parentheses.
  std::string nested = "#include <cstdlib>\nconst char* v = std::getenv(" + test::repeat("(", 200) + "\"DEEP\"" +
                       test::repeat(")", 200) + ");\n";
  FileResult r = analyze_text("deep.cpp", nested);
  CHECK(find_read(r, "DEEP") != nullptr);
  // Beyond it clang stops with a fatal error; the point is that nothing crashes.
  std::string deeper = "#include <cstdlib>\nconst char* v = std::getenv(" + test::repeat("(", 5000) + "\"DEEPER\"" +
                       test::repeat(")", 5000) + ");\n";
  FileResult d = analyze_text("deeper.cpp", deeper);
  CHECK(d.reads.size() <= 1);
  std::string blocks = "#include <cstdlib>\nvoid f() {" + test::repeat("{", 2000) + "std::getenv(\"IN_BLOCKS\");" +
                       test::repeat("}", 2000) + "}\n";
  FileResult b = analyze_text("blocks.cpp", blocks);
  CHECK(b.reads.size() <= 1);
}

TEST_CASE("helpers and macros resolve across the files of a tree", "[cpp]") {
  TempTree t;
  agent_tree(t);
  ScanResult r = scan(options_for(t));
  CHECK(describe_reads(r) == std::vector<std::string>{
                                 "services/agent/src/env.cpp:7 AGENT_TOKEN constant [macro AGENT_KEY @services/agent/include/agent/env.h:2]",
                                 "services/agent/src/main.cpp:3 AGENT_WORKERS helper default=4 [helper env_int @services/agent/src/env.cpp:3]",
                             });
  CHECK(r.diagnostics.empty());
}

TEST_CASE("compile_commands.json flags decide the names a file reads", "[cpp]") {
  TempTree t;
  t.write("src/app.cpp", "#include <cstdlib>\nconst char* u() { return std::getenv(PREFIX \"URL\"); }\n");
  ScanResult without = scan(options_for(t));
  CHECK(without.reads.empty());  // PREFIX is not defined: the call does not parse
  t.write("compile_commands.json", "[{\"directory\": \"" + t.path() + "\", \"file\": \"src/app.cpp\", "
                                   "\"command\": \"c++ -DPREFIX=\\\\\\\"SHOP_\\\\\\\" -c src/app.cpp\"}]");
  ScanResult with = scan(options_for(t));
  REQUIRE(with.reads.size() == 1);
  CHECK(with.reads[0].name == "SHOP_URL");
  CHECK(with.reads[0].kind == ReadKind::Constant);
}

TEST_CASE("the result cache replays C/C++ results and a header edit re-analyzes its includers", "[cpp][cache]") {
  TempTree t, cache_dir;
  agent_tree(t);
  ScanOptions o = options_for(t);
  o.use_cache = true;
  o.cache_dir = cache_dir.path();
  o.cache_salt = "envdrift test";
  ScanResult first = scan(o);
  ScanResult second = scan(o);
  CHECK(second.files_from_cache == second.files_parsed);
  CHECK(second.files_parsed >= 2);
  CHECK(describe_reads(second) == describe_reads(first));
  // The macro lives in the header: env.cpp's read changes without env.cpp changing.
  t.write("services/agent/include/agent/env.h",
          "#pragma once\n#define AGENT_KEY \"AGENT_SECRET\"\nint env_int(const char* key, int def);\n");
  ScanResult third = scan(o);
  CHECK(describe_reads(third) == std::vector<std::string>{
                                     "services/agent/src/env.cpp:7 AGENT_SECRET constant [macro AGENT_KEY @services/agent/include/agent/env.h:2]",
                                     "services/agent/src/main.cpp:3 AGENT_WORKERS helper default=4 [helper env_int @services/agent/src/env.cpp:3]",
                                 });
}

TEST_CASE("docs lists C/C++ files under Read by", "[cpp][docs][cli]") {
  TempTree t;
  agent_tree(t);
  t.write(".envdrift.toml", "registry = [\"docs/env.md\"]\n[[service]]\nname = \"agent\"\nroots = [\"services/agent\"]\ndoc_section = \"Agent\"\n");
  t.write("docs/env.md", "# Env\n\n## Agent\n\n<!-- envdrift:begin section=agent -->\n<!-- envdrift:end -->\n");
  auto r = run_envdrift({"docs", "--stdout", t.path()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("| `AGENT_TOKEN` | — | `services/agent/src/env.cpp` |") != std::string::npos);
  CHECK(r.out.find("| `AGENT_WORKERS` | `4` | `services/agent/src/main.cpp` |") != std::string::npos);
}

TEST_CASE("changed-since keeps the findings of changed C/C++ files only", "[cpp][changed-since]") {
  TempTree t;
  auto git = [&](const std::string& args) {
    return run_shell("git -C '" + t.path() + "' -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false " +
                     args + " >/dev/null 2>&1");
  };
  REQUIRE(git("init -q") == 0);
  t.write("docs/env.md", "# Env\n\n| Variable | Default | Description |\n|---|---|---|\n| `DOC_VAR` | — | read |\n");
  t.write("src/a.cpp", "#include <cstdlib>\nconst char* a() { return std::getenv(\"UNDOC_A\"); }\n");
  t.write("src/b.c", "#include <stdlib.h>\nconst char* b(void) { return getenv(\"DOC_VAR\"); }\n");
  REQUIRE(git("add -A") == 0);
  REQUIRE(git("commit -q -m base") == 0);
  t.write("src/b.c", "#include <stdlib.h>\nconst char* b(void) { return getenv(\"DOC_VAR\") ? getenv(\"DOC_VAR\") : getenv(\"UNDOC_B\"); }\n");
  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json", "--changed-since", "HEAD"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  std::set<std::string> names;
  auto j = nlohmann::json::parse(r.out);
  for (const auto& f : j["findings"]) names.insert(f["kind"].get<std::string>() + " " + f["name"].get<std::string>());
  CHECK(names == std::set<std::string>{"undocumented UNDOC_B"});
}

// libclang is loaded with dlopen when the first C/C++ file is analyzed (analyzer/cpp/libclang.h),
// not linked: a library that cannot be loaded costs that language's reads, with an error naming
// the file and the loader's reason (exit 3: the report is incomplete), and nothing else; a tree
// without C/C++ never loads it at all.
TEST_CASE("a libclang that cannot be loaded is an error on each C/C++ file, other languages unaffected", "[cpp][cli]") {
  TempTree t;
  t.write("main.cpp", "#include <cstdlib>\nconst char* p = std::getenv(\"CPP_PORT\");\n");
  t.write("app.py", "import os\nX = os.getenv(\"PY_PORT\")\n");
  struct EnvGuard {
    EnvGuard() { ::setenv("ENVDRIFT_LIBCLANG", "/nonexistent/libclang-envdrift.so", 1); }
    ~EnvGuard() { ::unsetenv("ENVDRIFT_LIBCLANG"); }
  } guard;
  auto r = run_envdrift({"scan", "--no-cache", "--format", "json", t.path()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["reads"].size() == 1);
  CHECK(j["reads"][0]["name"] == "PY_PORT");
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["file"] == "main.cpp");
  CHECK(j["diagnostics"][0]["severity"] == "error");
  CHECK(j["diagnostics"][0]["message"].get<std::string>().starts_with(
      "cannot load libclang (/nonexistent/libclang-envdrift.so: cannot open shared object file"));

  TempTree no_cpp;
  no_cpp.write("app.py", "import os\nX = os.getenv(\"PY_PORT\")\n");
  auto clean = run_envdrift({"scan", "--no-cache", "--format", "json", no_cpp.path()});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(nlohmann::json::parse(clean.out)["diagnostics"].empty());
}

#endif  // ENVDRIFT_HAVE_CPP

// A documented name read by a getenv() call in an #else branch (left out by the configuration
// the file is parsed with, and not turned on by the second parse: the #else of an #if expression)
// is `unresolved`: the message
// says the env API call lies in code the analysis did not see, and offers no [[helper]] for
// getenv itself. A call of a function out of sight still gets its [[helper]] hint.
TEST_CASE("an env API call in a preprocessor branch left out is unresolved without a helper hint", "[cpp][cli]") {
  TempTree t;
  t.write("docs/env.md", "# Env\n\n| Name | Description |\n|---|---|\n| `GATED_NAME` | x |\n| `VENDOR_NAME` | y |\n");
  t.write("src/gated.c",
          "#include <stdlib.h>\n"
          "const char *vendor_knob(const char *name);\n"
          "#if !defined(NO_GATE) || GATE_LEVEL < 2\n"
          "static const char *gated(void) { return 0; }\n"
          "#else\n"
          "static const char *gated(void) { return getenv(\"GATED_NAME\"); }\n"
          "#endif\n"
          "const char *vendor(void) { return vendor_knob(\"VENDOR_NAME\"); }\n"
          "const char *use(void) { return gated(); }\n");
  auto r = run_envdrift({"check", t.path(), "--registry", t.abs("docs/env.md"), "--format", "json", "--no-cache"});
  INFO(r.out << r.err);
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& f : j["findings"]) by_name[f["name"].get<std::string>()] = f;
  REQUIRE(by_name.count("GATED_NAME") == 1);
  CHECK(by_name["GATED_NAME"]["kind"] == "unresolved");
  std::string gated = by_name["GATED_NAME"]["message"];
  CHECK(gated.find("that getenv() call lies in code the analysis did not see") != std::string::npos);
  CHECK(gated.find("[[helper]]") == std::string::npos);
  REQUIRE(by_name.count("VENDOR_NAME") == 1);
  CHECK(by_name["VENDOR_NAME"]["kind"] == "unresolved");
  std::string vendor = by_name["VENDOR_NAME"]["message"];
  CHECK(vendor.find("declare [[helper]] language = \"c\" function = \"vendor_knob\" name_arg = 0") != std::string::npos);
}
