// Go frontend behaviour the fixture format cannot express: deep input, syntax errors,
// dynamic-read details (expression text, suffix), language tags, the scan prefilter.
#include <catch2/catch.hpp>

#include <string>

#include "analyzer/core/driver.h"
#include "support.h"

using namespace envdrift;
using envdrift::test::find_read;
using envdrift::test::repeat;

namespace {

const std::string kHeader = "package deep\n\nimport \"os\"\n\n";  // 4 lines

}  // namespace

TEST_CASE("10,000-deep go nesting is walked without recursion", "[go]") {
  SECTION("parentheses") {
    std::string src =
        kHeader + "var x = " + repeat("(", 10000) + "os.Getenv(\"DEEP_PARENS\")" + repeat(")", 10000) + "\n";
    FileResult r = analyze_text("deep.go", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_PARENS");
    CHECK(r.reads[0].line == 5);
    CHECK(r.reads[0].column == 10009);
  }
  SECTION("nested calls") {
    std::string src =
        kHeader + "var x = " + repeat("f(", 10000) + "os.LookupEnv(\"DEEP_CALL\")" + repeat(")", 10000) + "\n";
    FileResult r = analyze_text("deep.go", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_CALL");
  }
  SECTION("nested blocks and func literals keep the shadowing of os in scope") {
    // A parameter named os shadows the import in every one of the 10,000 nested literals;
    // once they are closed the import is visible again.
    std::string src = kHeader + "func f() {\n\tg(" + repeat("func(os T) { h(", 10000) + "os.Getenv(\"SHADOWED\")" +
                      repeat(") }", 10000) + ")\n\t" + repeat("{", 10000) + "_ = os.Getenv(\"IN_BLOCKS\")" +
                      repeat("}", 10000) + "\n\t_ = os.Getenv(\"AFTER\")\n}\n";
    FileResult r = analyze_text("deep.go", src);
    CHECK(r.diagnostics.empty());
    CHECK(find_read(r, "SHADOWED") == nullptr);
    CHECK(find_read(r, "IN_BLOCKS") != nullptr);
    CHECK(find_read(r, "AFTER") != nullptr);
    CHECK(r.reads.size() == 2);
  }
  SECTION("a 10,000-long + chain of name parts") {
    std::string src = kHeader + "var x = os.Getenv(\"P_\" + " + repeat("x + ", 10000) + "\"_S\")\n";
    FileResult r = analyze_text("plus.go", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);
    CHECK(r.reads[0].name == "P_");
    CHECK(r.reads[0].dynamic_suffix == "_S");
  }
  SECTION("10,000 reads in one function") {
    std::string src = kHeader + "func f() {\n";
    for (int i = 0; i < 10000; ++i) src += "\t_ = os.Getenv(\"V" + std::to_string(i) + "\")\n";
    src += "}\n";
    FileResult r = analyze_text("many.go", src);
    REQUIRE(r.reads.size() == 10000);
    const EnvRead* last = find_read(r, "V9999");
    REQUIRE(last != nullptr);
    CHECK(last->line == 10005);
  }
}

TEST_CASE("a go syntax error keeps the reads of the well-formed parts", "[go]") {
  std::string src =
      "package p\n"
      "import \"os\"\n"
      "var a = os.Getenv(\"BEFORE_ERROR\")\n"
      "func broken( {\n"
      "}\n";
  FileResult r = analyze_text("broken.go", src);
  const EnvRead* before = find_read(r, "BEFORE_ERROR");
  REQUIRE(before != nullptr);
  CHECK(before->line == 3);
  CHECK(before->column == 9);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Warning);
  CHECK(r.diagnostics[0].line == 4);
}

TEST_CASE("go read locations, language and kind", "[go]") {
  FileResult r = analyze_text("cmd/server/main.go",
                              "package main\n\nimport (\n\t\"fmt\"\n\to \"os\"\n)\n\n"
                              "func main() {\n\tfmt.Println(o.Getenv(\"PORT\"))\n}\n");
  REQUIRE(r.reads.size() == 1);
  const EnvRead& read = r.reads[0];
  CHECK(read.name == "PORT");
  CHECK(read.file == "cmd/server/main.go");
  CHECK(read.line == 9);
  CHECK(read.column == 14);
  CHECK(read.language == Language::Go);
  CHECK(read.kind == ReadKind::Direct);
  CHECK_FALSE(read.default_value);
  CHECK(read.via.empty());
}

TEST_CASE("go dynamic reads carry the expression text and the known prefix and suffix", "[go]") {
  FileResult r = analyze_text("dyn.go",
                              "package p\n"
                              "import (\n\t\"fmt\"\n\t\"os\"\n)\n"
                              "func (s *S) f(topic, p, tmpl string) {\n"  // a method: its parameters are unknown values
                              "\t_ = os.Getenv(\"KAFKA_\" + topic + \"_BROKERS\")\n"
                              "\t_ = os.Getenv(fmt.Sprintf(\"%s_URL\", p))\n"
                              "\t_ = os.ExpandEnv(tmpl)\n"
                              "}\n");
  REQUIRE(r.reads.size() == 3);
  for (const auto& read : r.reads) CHECK(read.kind == ReadKind::Dynamic);
  CHECK(r.reads[0].name == "KAFKA_");
  CHECK(r.reads[0].dynamic_suffix == "_BROKERS");
  CHECK(r.reads[0].dynamic_expr == "\"KAFKA_\" + topic + \"_BROKERS\"");
  CHECK(r.reads[0].line == 7);
  CHECK(r.reads[1].name == "");
  CHECK(r.reads[1].dynamic_suffix == "_URL");
  CHECK(r.reads[1].dynamic_expr == "fmt.Sprintf(\"%s_URL\", p)");
  CHECK(r.reads[2].name == "");
  CHECK(r.reads[2].dynamic_expr == "tmpl");
  CHECK(r.reads[2].column == 6);
}

TEST_CASE("a go file without an os or syscall import has no reads", "[go]") {
  FileResult r = analyze_text(
      "noimport.go", "package p\nimport os \"example.com/os\"\nvar a = os.Getenv(\"X\")\nvar b = Getenv(\"Y\")\n");
  CHECK(r.reads.empty());
  CHECK(r.diagnostics.empty());
  CHECK(analyze_text("empty.go", "").reads.empty());
}

TEST_CASE("the scan prefilter lets a go file that only calls os.ExpandEnv through", "[go]") {
  test::TempTree t;
  t.write("svc/paths.go", "package svc\n\nimport \"os\"\n\nvar dir = os.ExpandEnv(\"$DATA_DIR/cache\")\n");
  t.write("svc/other.go", "package svc\n\nfunc other() {}\n");
  ScanOptions opts;
  opts.root = t.path();
  opts.paths = {t.path()};
  opts.use_gitignore = false;
  opts.jobs = 1;
  ScanResult res = scan(opts);
  CHECK(res.files_scanned == 2);
  CHECK(res.files_parsed == 1);
  REQUIRE(res.reads.size() == 1);
  CHECK(res.reads[0].name == "DATA_DIR");
  CHECK(res.reads[0].file == "svc/paths.go");
  CHECK(res.reads[0].line == 5);
  CHECK(res.reads[0].column == 11);
}

TEST_CASE("go resolution is bounded: cycles, deep chains and recursive helpers", "[go]") {
  SECTION("constants defined in terms of each other") {
    FileResult r = analyze_text("cycle.go",
                                "package p\nimport \"os\"\nconst A = B + \"_X\"\nconst B = A\n"
                                "var x = os.Getenv(A)\n");
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);
    CHECK(r.reads[0].line == 5);
  }
  SECTION("a 10,000-long chain of constants stops at the depth cap") {
    std::string src = "package p\nimport \"os\"\nconst c0 = \"DEEP_CHAIN\"\n";
    for (int i = 1; i < 10000; ++i) src += "const c" + std::to_string(i) + " = c" + std::to_string(i - 1) + "\n";
    src += "var x = os.Getenv(c9999)\nvar y = os.Getenv(c3)\n";
    FileResult r = analyze_text("chain.go", src);
    REQUIRE(r.reads.size() == 2);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);
    CHECK(r.reads[1].name == "DEEP_CHAIN");
    CHECK(r.reads[1].kind == ReadKind::Constant);
    CHECK(r.reads[1].via.size() == 4);  // c3, c2, c1, c0
  }
  SECTION("10,000 reads of a constant in one function body") {
    std::string src = "package p\nimport \"os\"\nconst K = \"MANY_\" + \"K\"\nfunc f() {\n\tlocal := \"LOCAL_K\"\n";
    for (int i = 0; i < 10000; ++i) src += "\t_ = os.Getenv(K)\n\tx" + std::to_string(i) + " := os.Getenv(local)\n";
    src += "}\n";
    FileResult r = analyze_text("many.go", src);
    REQUIRE(r.reads.size() == 20000);
    CHECK(r.reads.back().name == "LOCAL_K");
    CHECK(r.reads.back().line == 20005);
    CHECK(r.reads.back().kind == ReadKind::Constant);
  }
  SECTION("a helper that calls itself is still a helper") {
    FileResult r = analyze_text("rec.go",
                                "package p\nimport \"os\"\n"
                                "func getEnv(k, d string) string {\n"
                                "\tif v := os.Getenv(k); v != \"\" {\n\t\treturn v\n\t}\n"
                                "\tif d == \"\" {\n\t\treturn getEnv(\"FALLBACK_\" + k, \"x\")\n\t}\n"
                                "\treturn d\n}\n"
                                "var port = getEnv(\"PORT\", \"80\")\n");
    const EnvRead* port = find_read(r, "PORT");
    REQUIRE(port != nullptr);
    CHECK(port->kind == ReadKind::Helper);
    REQUIRE(port->default_value);
    CHECK(port->default_value->value == "80");
    REQUIRE(port->via.size() == 1);
    CHECK(port->via[0].label == "helper getEnv");
    CHECK(port->via[0].line == 3);
    CHECK(r.read_symbols == std::vector<std::string>{"getEnv"});
  }
  SECTION("10,000 nested wrappers of a helper") {
    std::string src = "package p\nimport \"os\"\nfunc w0(k string) string { return os.Getenv(k) }\n";
    for (int i = 1; i < 10000; ++i)
      src += "func w" + std::to_string(i) + "(k string) string { return w" + std::to_string(i - 1) + "(k) }\n";
    src += "var a = w9999(\"TOO_DEEP\")\nvar b = w2(\"SHALLOW\")\n";
    FileResult r = analyze_text("wrappers.go", src);
    const EnvRead* shallow = find_read(r, "SHALLOW");
    REQUIRE(shallow != nullptr);
    CHECK(shallow->kind == ReadKind::Helper);
    CHECK(shallow->via[0].label == "helper w2");
  }
}

TEST_CASE("go packages that import each other resolve without looping", "[go]") {
  test::TempTree t;
  t.write("go.mod", "module example.com/m\n");
  t.write("a/a.go", "package a\n\nimport (\n\t\"os\"\n\t\"example.com/m/b\"\n)\n\nconst Name = b.Prefix + \"A\"\nconst Prefix = b.Name\n\nvar x = os.Getenv(Name)\nvar y = os.Getenv(b.Own)\n");
  t.write("b/b.go", "package b\n\nimport \"example.com/m/a\"\n\nconst Prefix = \"B_\"\nconst Name = a.Prefix\nconst Own = \"OWN_B\"\n");
  ScanOptions opts;
  opts.root = t.path();
  opts.paths = {t.path()};
  opts.use_gitignore = false;
  ScanResult res = scan(opts);
  REQUIRE(res.reads.size() == 2);
  CHECK(res.reads[0].name == "B_A");
  CHECK(res.reads[0].kind == ReadKind::Constant);
  REQUIRE(res.reads[0].via.size() == 2);
  CHECK(res.reads[0].via[0].label == "constant Name");
  CHECK(res.reads[0].via[1].label == "constant Prefix");
  CHECK(res.reads[0].via[1].file == "b/b.go");
  CHECK(res.reads[1].name == "OWN_B");
  CHECK(res.reads[1].via[0].file == "b/b.go");
  CHECK(res.reads[1].via[0].line == 7);
}
