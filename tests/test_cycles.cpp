// Definitions that refer to each other in a cycle (class attributes, enum members, class statics,
// constants, helpers calling each other), in every language: evaluated once each with a cycle
// guard, so a cyclic definition is a dynamic read (reported, not dropped) and the scan is linear.
// Without the memo / guard these took minutes in all (Python constants seen from a loop round:
// 25 s for 8, 39 s for 30; TypeScript: 3-14 s per 3- or 4-member enum or class-static cycle); the
// tests have no timer, a regression shows as a hang.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "analyzer/core/driver.h"
#include "analyzer/core/resolve/cycle_memo.h"
#include "tests/support.h"

using namespace envdrift;

namespace {

// "M0", "M1", ... each defined as the sum of all the others, spelled with `prefix` ("K." / "").
std::string others(int n, int i, const std::string& prefix, const std::string& sep = " + ") {
  std::string s;
  for (int j = 0; j < n; ++j) {
    if (j == i) continue;
    if (!s.empty()) s += sep;
    s += prefix + "M" + std::to_string(j);
  }
  return s;
}

// The reads of `r` as "line kind name", in order.
std::vector<std::string> lines_of(const FileResult& r) {
  std::vector<std::string> out;
  for (const auto& read : r.reads)
    out.push_back(std::to_string(read.line) + " " + std::string(read_kind_name(read.kind)) + " " + read.name);
  return out;
}

}  // namespace

TEST_CASE("cycles: mutually referencing definitions are dynamic reads, in linear time", "[cycles]") {
  for (int n : {4, 8, 30}) {
    CAPTURE(n);
    int after = n + 4;  // the line after the definitions (header lines + n members)
    SECTION("python class attributes " + std::to_string(n)) {
      std::string src = "import os\n\nclass K:\n";
      for (int i = 0; i < n; ++i) src += "    M" + std::to_string(i) + " = " + others(n, i, "K.") + "\n";
      src += "os.getenv(K.M0)\nfor s in ['_A', '_B']:\n    os.getenv(K.M1 + s)\n    os.getenv('LIT' + s)\n";
      FileResult r = analyze_text("app.py", src);
      std::string l = std::to_string(after);
      std::string loop = std::to_string(after + 2);
      std::string lit = std::to_string(after + 3);
      CHECK(lines_of(r) == std::vector<std::string>{l + " dynamic ", loop + " dynamic ", lit + " map LIT_A", lit + " map LIT_B"});
    }
    SECTION("python module constants in a loop round " + std::to_string(n)) {
      std::string src = "import os\n\n";
      for (int i = 0; i < n; ++i) src += "M" + std::to_string(i) + " = " + others(n, i, "") + "\n";
      src += "\nfor s in ['_A', '_B']:\n    os.getenv(M1 + s)\n";
      FileResult r = analyze_text("app.py", src);
      CHECK(lines_of(r) == std::vector<std::string>{std::to_string(n + 5) + " dynamic "});
    }
    SECTION("python helpers calling each other " + std::to_string(n)) {
      // h_i(k, d) calls every other helper on some d; only the last one reads.
      std::string src = "import os\n";
      for (int i = 0; i < n; ++i) {
        src += "def h" + std::to_string(i) + "(k, d):\n";
        for (int j = 0; j < n; ++j)
          if (j != i) src += "    if d == " + std::to_string(j) + ":\n        return h" + std::to_string(j) + "(k, d - 1)\n";
        src += i == n - 1 ? "    return os.getenv(k)\n" : "    return h" + std::to_string(i + 1) + "(k, d)\n";
      }
      src += "h0('CYCLE_FOO', 0)\n";
      FileResult r = analyze_text("app.py", src);
      REQUIRE(r.reads.size() == 1);
      CHECK(r.reads[0].name == "CYCLE_FOO");
      CHECK(r.reads[0].kind == ReadKind::Helper);
    }
    SECTION("typescript enum members " + std::to_string(n)) {
      std::string src = "enum E {\n";
      for (int i = 0; i < n; ++i) src += "  M" + std::to_string(i) + " = " + others(n, i, "E.") + ",\n";
      src += "}\nprocess.env[E.M0];\nfor (const s of ['_A']) { process.env[E.M1 + s]; }\n";
      FileResult r = analyze_text("app.ts", src);
      CHECK(lines_of(r) == std::vector<std::string>{std::to_string(n + 3) + " dynamic ", std::to_string(n + 4) + " dynamic "});
    }
    SECTION("typescript class statics " + std::to_string(n)) {
      std::string src = "class C {\n";
      for (int i = 0; i < n; ++i) src += "  static M" + std::to_string(i) + " = " + others(n, i, "C.") + ";\n";
      src += "}\nprocess.env[C.M0];\n";
      FileResult r = analyze_text("app.ts", src);
      CHECK(lines_of(r) == std::vector<std::string>{std::to_string(n + 3) + " dynamic "});
    }
    SECTION("typescript const object and constants " + std::to_string(n)) {
      std::string src = "const O = {\n";
      for (int i = 0; i < n; ++i) src += "  M" + std::to_string(i) + ": " + others(n, i, "O.") + ",\n";
      src += "} as const;\n";
      for (int i = 0; i < n; ++i) src += "const M" + std::to_string(i) + " = " + others(n, i, "") + ";\n";
      src += "process.env[O.M0];\nprocess.env[M0];\n";
      FileResult r = analyze_text("app.ts", src);
      CHECK(lines_of(r) == std::vector<std::string>{std::to_string(2 * n + 3) + " dynamic ", std::to_string(2 * n + 4) + " dynamic "});
    }
    SECTION("typescript helpers calling each other " + std::to_string(n)) {
      std::string src;
      for (int i = 0; i < n; ++i) {
        src += "function h" + std::to_string(i) + "(k: string, d: number): string | undefined {\n";
        for (int j = 0; j < n; ++j)
          if (j != i) src += "  if (d === " + std::to_string(j) + ") return h" + std::to_string(j) + "(k, d - 1);\n";
        src += i == n - 1 ? "  return process.env[k];\n" : "  return h" + std::to_string(i + 1) + "(k, d);\n";
        src += "}\n";
      }
      src += "h0(\"CYCLE_FOO\", 0);\n";
      FileResult r = analyze_text("app.ts", src);
      REQUIRE(r.reads.size() == 1);
      CHECK(r.reads[0].name == "CYCLE_FOO");
      CHECK(r.reads[0].kind == ReadKind::Helper);
    }
    SECTION("go constants and vars " + std::to_string(n)) {
      std::string src = "package main\n\nimport \"os\"\n\nconst (\n";
      for (int i = 0; i < n; ++i) src += "\tM" + std::to_string(i) + " = " + others(n, i, "") + "\n";
      src += ")\n\nfunc main() {\n\tos.Getenv(M0)\n}\n";
      FileResult r = analyze_text("main.go", src);
      CHECK(lines_of(r) == std::vector<std::string>{std::to_string(n + 9) + " dynamic "});
    }
  }
}

TEST_CASE("cycles: helpers that call each other are found whichever is summarized first", "[cycles]") {
  // The reading helper declared first: summarizing it meets the wrapper, which meets the reader
  // again while that is in progress. The wrapper must not be remembered as "no helper".
  SECTION("typescript") {
    FileResult r = analyze_text("app.ts",
                                "function h2(k: string, d?: boolean) { if (d) return h1(k); return process.env[k]; }\n"
                                "function h1(k: string) { return h2(k); }\n"
                                "h1(\"CYCLE_ONE\");\n"
                                "h2(\"CYCLE_TWO\", true);\n");
    CHECK(lines_of(r) == std::vector<std::string>{"3 helper CYCLE_ONE", "4 helper CYCLE_TWO"});
  }
  SECTION("python") {
    FileResult r = analyze_text("app.py",
                                "import os\n"
                                "def h2(k, d=False):\n    if d:\n        return h1(k)\n    return os.getenv(k)\n"
                                "def h1(k):\n    return h2(k)\n"
                                "h1('CYCLE_ONE')\n"
                                "h2('CYCLE_TWO', True)\n");
    CHECK(lines_of(r) == std::vector<std::string>{"8 helper CYCLE_ONE", "9 helper CYCLE_TWO"});
  }
  SECTION("go") {
    FileResult r = analyze_text("main.go",
                                "package main\n\nimport \"os\"\n\n"
                                "func h2(k string, d bool) string {\n\tif d {\n\t\treturn h1(k)\n\t}\n\treturn os.Getenv(k)\n}\n\n"
                                "func h1(k string) string {\n\treturn h2(k, false)\n}\n\n"
                                "func main() {\n\th1(\"CYCLE_ONE\")\n\th2(\"CYCLE_TWO\", true)\n}\n");
    CHECK(lines_of(r) == std::vector<std::string>{"17 helper CYCLE_ONE", "18 helper CYCLE_TWO"});
  }
  SECTION("typescript: a cycle that never reads is no helper, and no read") {
    FileResult r = analyze_text("app.ts",
                                "function a(k: string): string { return b(k); }\n"
                                "function b(k: string): string { return a(k); }\n"
                                "a(\"NOT_A_VAR\");\n");
    CHECK(r.reads.empty());
  }
}

TEST_CASE("cycles: CycleMemo recomputes what relied on an in-progress value that changed", "[cycles]") {
  resolve::CycleMemo<char, int> memo;
  int computed = 0;
  auto unknown = [](int v) { return v == -1; };
  std::function<int(char)> get = [&](char k) -> int {
    return memo.get(k, -1, [&](int& out) {
      ++computed;
      if (k == 'A') { get('B'); out = 10; }             // A = {x: 10, y: B}
      else if (k == 'B') { int a = get('A'); out = a < 0 ? -1 : a + 1; }  // B = A.x + 1
      else if (k == 'C') { out = get('D') < 0 ? -1 : 1; }  // C = D, D = C: a true cycle
      else if (k == 'D') { out = get('C') < 0 ? -1 : 1; }
    }, unknown);
  };
  CHECK(get('A') == 10);
  CHECK(get('B') == 11);  // not the -1 it was computed as while A was in progress
  CHECK(computed == 3);
  CHECK(get('C') == -1);
  CHECK(get('D') == -1);  // the cycle's provisional value became final: not recomputed
  CHECK(computed == 5);
  CHECK(memo.depth() == 0);
}

TEST_CASE("cycles: a 4,000-constant chain resolves with a bounded via chain", "[cycles]") {
  // Each constant names the previous one: every read resolves (memoized), its `via` keeps the
  // steps nearest the read and the definition of the literal, and the module's declarations are
  // indexed once (looking each name up by walking the module made this cubic in TypeScript).
  const int n = 4000;
  SECTION("typescript") {
    std::string src = "const A0 = \"CHAIN_X\";\n";
    for (int i = 1; i < n; ++i) src += "const A" + std::to_string(i) + " = A" + std::to_string(i - 1) + ";\n";
    for (int i = 0; i < n; ++i) src += "process.env[A" + std::to_string(i) + "];\n";
    FileResult r = analyze_text("app.ts", src);
    REQUIRE(r.reads.size() == static_cast<size_t>(n));
    const EnvRead& last = r.reads.back();
    CHECK(last.name == "CHAIN_X");
    CHECK(last.kind == ReadKind::Constant);
    REQUIRE(last.via.size() == resolve::kMaxVia);
    CHECK(last.via.front().label == "constant A3999");
    CHECK(last.via.back().label == "constant A0");
    CHECK(last.via.back().line == 1);
  }
  SECTION("python") {
    std::string src = "import os\nA0 = 'CHAIN_X'\n";
    for (int i = 1; i < n; ++i) src += "A" + std::to_string(i) + " = A" + std::to_string(i - 1) + "\n";
    for (int i = 0; i < n; ++i) src += "os.getenv(A" + std::to_string(i) + ")\n";
    FileResult r = analyze_text("app.py", src);
    REQUIRE(r.reads.size() == static_cast<size_t>(n));
    const EnvRead& last = r.reads.back();
    CHECK(last.name == "CHAIN_X");
    REQUIRE(last.via.size() == resolve::kMaxVia);
    CHECK(last.via.front().label == "constant A3999");
    CHECK(last.via.back().label == "constant A0");
  }
}

TEST_CASE("cycles: many small cyclic enums and class statics stay linear", "[cycles]") {
  // Small cycles were the slow ones (a 4-member enum cycle took 3-6 s without the memo; larger
  // ones hit the depth bound sooner): 40 of each took minutes.
  std::string src;
  for (int e = 0; e < 40; ++e) {
    std::string en = "E" + std::to_string(e), cn = "C" + std::to_string(e);
    src += "enum " + en + " {\n";
    for (int i = 0; i < 4; ++i) src += "  M" + std::to_string(i) + " = " + others(4, i, en + ".") + ",\n";
    src += "}\nclass " + cn + " {\n";
    for (int i = 0; i < 4; ++i) src += "  static M" + std::to_string(i) + " = " + others(4, i, cn + ".") + ";\n";
    src += "}\nprocess.env[" + en + ".M0];\nprocess.env[" + cn + ".M1];\n";
  }
  FileResult r = analyze_text("app.ts", src);
  REQUIRE(r.reads.size() == 80);
  for (const auto& read : r.reads) CHECK(read.kind == ReadKind::Dynamic);
}
