// Python frontend behaviour the fixture format cannot express: deep input, syntax errors,
// dynamic-read details (expression text, suffix), raw default text, language tags.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "analyzer/core/driver.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::find_read;
using envdrift::test::repeat;

TEST_CASE("python: 10,000-deep nesting is walked without recursion", "[python]") {
  SECTION("parentheses") {
    std::string src = "import os\nx = " + repeat("(", 10000) + "os.getenv(\"DEEP_PARENS\") or \"d\"" +
                      repeat(")", 10000) + "\n";
    FileResult r = analyze_text("deep.py", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_PARENS");
    CHECK(r.reads[0].line == 2);
    REQUIRE(r.reads[0].default_value);
    CHECK(r.reads[0].default_value->value == "d");
  }
  SECTION("calls and lists") {
    std::string src = "import os\nf(" + repeat("g([", 10000) + "os.environ[\"DEEP_CALL\"]" + repeat("])", 10000) + ")\n";
    FileResult r = analyze_text("deep.py", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_CALL");
    CHECK(r.reads[0].kind == ReadKind::Direct);
  }
  SECTION("a deep assignment target") {
    std::string src = "import os\n" + repeat("[", 10000) + "os.environ[\"DEEP_TARGET\"]" + repeat("]", 10000) +
                      " = v\nos.environ[\"AFTER\"]\n";
    FileResult r = analyze_text("deep.py", src);
    REQUIRE(r.reads.size() == 1);  // a write, however deep the target list
    CHECK(r.reads[0].name == "AFTER");
  }
  SECTION("a 10,000-long or chain") {
    std::string src = "import os\nv = ";
    for (int i = 0; i < 10000; ++i) src += "os.getenv(\"V" + std::to_string(i) + "\") or ";
    src += "\"x\"\n";
    FileResult r = analyze_text("chain.py", src);
    REQUIRE(r.reads.size() == 10000);
    // The climb is capped, so the reads near the fallback get it (and the scan stays linear).
    const EnvRead* last = find_read(r, "V9999");
    REQUIRE(last != nullptr);
    REQUIRE(last->default_value);
    CHECK(last->default_value->value == "x");
  }
  SECTION("a 10,000-long + chain of name parts") {
    std::string src = "import os\nos.getenv(\"P_\" + " + repeat("x + ", 10000) + "\"_S\")\n";
    FileResult r = analyze_text("plus.py", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);
    CHECK(r.reads[0].name == "P_");
    CHECK(r.reads[0].dynamic_suffix == "_S");
  }
}

TEST_CASE("python: a syntax error keeps the reads of the well-formed parts", "[python]") {
  std::string src =
      "import os\n"
      "a = os.getenv(\"BEFORE_ERROR\", \"b\")\n"
      "def broken(:\n"
      "    pass\n"
      "c = os.environ[\"AFTER_ERROR\"]\n";
  FileResult r = analyze_text("broken.py", src);
  const EnvRead* before = find_read(r, "BEFORE_ERROR");
  REQUIRE(before != nullptr);
  CHECK(before->line == 2);
  REQUIRE(before->default_value);
  CHECK(before->default_value->value == "b");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].severity == Diagnostic::Severity::Warning);
  CHECK(r.diagnostics[0].line == 3);
}

TEST_CASE("python: read locations, language and kind", "[python]") {
  FileResult r = analyze_text("pkg/settings.py", "import os\n\n  # c\nport = int(os.getenv(\"PORT\", \"8080\"))\n");
  REQUIRE(r.reads.size() == 1);
  const EnvRead& read = r.reads[0];
  CHECK(read.name == "PORT");
  CHECK(read.file == "pkg/settings.py");
  CHECK(read.line == 4);
  CHECK(read.column == 12);
  CHECK(read.language == Language::Python);
  CHECK(read.kind == ReadKind::Direct);
  CHECK(read.via.empty());
}

TEST_CASE("python: defaults keep the literal as written and compare the normalized value", "[python]") {
  FileResult r = analyze_text("d.py",
                              "import os\n"
                              "a = os.getenv(\"A\", 5_000)\n"
                              "b = os.getenv(\"B\", '5000')\n"
                              "c = os.environ.get(\"C\", True)\n"
                              "d = os.environ.get(\"D\", str(BASE / \"data\"))\n"
                              "e = os.getenv(\"E\", None)\n"
                              "f = os.getenv(\"F\", \"\")\n"
                              "g = os.getenv(\"G\", -1.50)\n");
  REQUIRE(r.reads.size() == 7);
  const EnvRead* a = find_read(r, "A");
  REQUIRE((a && a->default_value));
  CHECK(a->default_value->raw == "5_000");
  CHECK(a->default_value->value == "5000");
  CHECK(a->default_value->comparable);
  const EnvRead* b = find_read(r, "B");
  REQUIRE((b && b->default_value));
  CHECK(b->default_value->raw == "'5000'");
  CHECK(b->default_value->value == "5000");
  const EnvRead* c = find_read(r, "C");
  REQUIRE((c && c->default_value));
  CHECK(c->default_value->raw == "True");
  CHECK(c->default_value->value == "true");
  const EnvRead* d = find_read(r, "D");
  REQUIRE((d && d->default_value));
  CHECK(d->default_value->raw == "str(BASE / \"data\")");
  CHECK(d->default_value->value == "str(BASE / \"data\")");
  CHECK_FALSE(d->default_value->comparable);
  const EnvRead* e = find_read(r, "E");
  REQUIRE(e);
  CHECK_FALSE(e->default_value);
  const EnvRead* f = find_read(r, "F");
  REQUIRE((f && f->default_value));
  CHECK(f->default_value->value.empty());
  CHECK(f->default_value->comparable);
  const EnvRead* g = find_read(r, "G");
  REQUIRE((g && g->default_value));
  CHECK(g->default_value->value == "-1.5");
}

TEST_CASE("python: dynamic reads carry the expression text and the known prefix and suffix", "[python]") {
  FileResult r = analyze_text("dyn.py",
                              "import os\n"
                              "a = os.environ[f\"{p}_URL\"]\n"
                              "b = os.getenv(\"KAFKA_\" + topic + \"_BROKERS\")\n"
                              "for k, v in os.environ.items():\n"
                              "    if k.startswith(\"APP_\"): pass\n");
  REQUIRE(r.reads.size() == 3);
  const EnvRead& a = r.reads[0];
  CHECK(a.kind == ReadKind::Dynamic);
  CHECK(a.name.empty());
  CHECK(a.dynamic_suffix == "_URL");
  CHECK(a.dynamic_expr == "f\"{p}_URL\"");
  CHECK(a.column == 5);
  const EnvRead& b = r.reads[1];
  CHECK(b.kind == ReadKind::Dynamic);
  CHECK(b.name == "KAFKA_");
  CHECK(b.dynamic_suffix == "_BROKERS");
  CHECK(b.dynamic_expr == "\"KAFKA_\" + topic + \"_BROKERS\"");
  const EnvRead& bulk = r.reads[2];
  CHECK(bulk.kind == ReadKind::Dynamic);
  CHECK(bulk.name == "APP_");
  CHECK(bulk.line == 4);
  CHECK(bulk.column == 13);
  CHECK(bulk.dynamic_expr == "os.environ.items()");
}

TEST_CASE("python: only names imported from os are the environment", "[python]") {
  std::string body = "a = environ.get(\"A\")\nb = getenv(\"B\")\n";
  CHECK(analyze_text("none.py", body).reads.empty());
  CHECK(analyze_text("other.py", "from werkzeug import environ, getenv\n" + body).reads.empty());
  FileResult r = analyze_text("star.py", "from os import *\n" + body);
  REQUIRE(r.reads.size() == 2);
  CHECK(r.reads[0].name == "A");
  CHECK(r.reads[1].name == "B");
  // `import x as os` rebinds the name: `os` is no longer the os module.
  CHECK(analyze_text("rebound.py", "import fakeos as os\nos.getenv(\"C\")\n").reads.empty());
}

TEST_CASE("python: a file declares its helper functions and settings classes as read symbols", "[python]") {
  FileResult r = analyze_text("helpers.py",
                              "import os\n"
                              "from pydantic_settings import BaseSettings\n"
                              "def get_flag(name, default='0'):\n"
                              "    return os.getenv(name, default)\n"
                              "def unrelated(x):\n"
                              "    return x\n"
                              "class Base(BaseSettings):\n"
                              "    level: str = 'info'\n");
  CHECK(r.read_symbols == std::vector<std::string>{"get_flag", "Base"});
  REQUIRE(r.reads.size() == 1);  // the body's read through a parameter is not a read itself
  CHECK(r.reads[0].name == "LEVEL");
  CHECK(r.reads[0].kind == ReadKind::Settings);
  CHECK(r.reads[0].line == 8);
}

TEST_CASE("python: helper defaults follow the body, and via names the helper", "[python]") {
  FileResult r = analyze_text("h.py",
                              "import os\n"
                              "def get_list(name, sep=',', default=None):\n"
                              "    raw = os.getenv(name)\n"
                              "    if raw is None:\n"
                              "        return default\n"
                              "    return raw.split(sep)\n"
                              "hosts = get_list('HOSTS', ';', default='a;b')\n"
                              "none = get_list('NO_DEFAULT', ';')\n");
  const EnvRead* hosts = find_read(r, "HOSTS");
  REQUIRE(hosts);
  CHECK(hosts->kind == ReadKind::Helper);
  CHECK(hosts->line == 7);
  REQUIRE(hosts->default_value);
  CHECK(hosts->default_value->value == "a;b");  // not the separator, although it is the second positional
  REQUIRE(hosts->via.size() == 1);
  CHECK(hosts->via[0].label == "helper get_list");
  CHECK(hosts->via[0].line == 2);
  const EnvRead* none = find_read(r, "NO_DEFAULT");
  REQUIRE(none);
  CHECK_FALSE(none->default_value);  // the signature's `default=None`
}

TEST_CASE("python: deep constant chains and self-referencing names stay bounded", "[python]") {
  std::string src = "import os\nA0 = 'X'\n";
  for (int i = 1; i < 200; ++i) src += "A" + std::to_string(i) + " = A" + std::to_string(i - 1) + " + 'Y'\n";
  src += "os.getenv(A199)\nB = B + 'Z'\nos.getenv(B)\nC = D\nD = C\nos.getenv(C)\n";
  FileResult r = analyze_text("chain.py", src);
  REQUIRE(r.reads.size() == 3);  // all three stay (dynamic when unresolved), no crash / hang
  CHECK(r.reads[1].kind == ReadKind::Dynamic);
  CHECK(r.reads[2].kind == ReadKind::Dynamic);
}

// A class record holds its bases by reference (resolve::Value::shared) and the MROs are worked
// out once per file: a chain of settings classes is built in time linear in its records, and a
// class far below BaseSettings is still a settings class (the chain used to be cut at 32 bases).
TEST_CASE("a 100-class chain of settings subclasses reads every field once, at its declaration", "[python][settings]") {
  std::string src = "from pydantic_settings import BaseSettings\n\nclass S0(BaseSettings):\n    f0: str = \"d0\"\n";
  for (int i = 1; i < 100; ++i)
    src += "\nclass S" + std::to_string(i) + "(S" + std::to_string(i - 1) + "):\n    f" + std::to_string(i) + ": str = \"d" +
           std::to_string(i) + "\"\n";
  auto r = envdrift::analyze_text("settings.py", src);
  REQUIRE(r.reads.size() == 100);
  std::set<std::string> names;
  for (const auto& read : r.reads) {
    names.insert(read.name);
    int i = std::stoi(read.name.substr(1));
    CHECK(read.line == 4 + 3 * i);  // `fI: str` in class SI
    REQUIRE(read.default_value);
    CHECK(read.default_value->value == "d" + std::to_string(i));
  }
  CHECK(names.size() == 100);
  CHECK(names.count("F99") == 1);
}
