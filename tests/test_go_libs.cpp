// Go configuration libraries (analyzer/go/struct_tags.cpp, flag_libs.cpp): behaviour the
// annotated fixtures cannot express — exact via chains, negative shapes, envconfig's word
// splitting, dynamic prefixes, deep input — plus the cross-package urfave/cli default.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/core/driver.h"
#include "analyzer/frontend.h"
#include "analyzer/go/libraries.h"
#include "reports/findings.h"
#include "tests/support.h"

using namespace envdrift;
using envdrift::test::find_read;
using envdrift::test::repeat;

namespace {

std::string describe(const EnvRead& r) {
  std::string s = std::to_string(r.line) + ":" + std::to_string(r.column) + " " + (r.name.empty() ? "?" : r.name) +
                  " " + std::string(read_kind_name(r.kind));
  if (r.kind == ReadKind::Dynamic) s += " suffix=" + r.dynamic_suffix;
  if (r.default_value) s += " default=" + (r.default_value->comparable ? r.default_value->value : "computed");
  for (const auto& v : r.via) s += " [" + v.label + " @" + std::to_string(v.line) + "]";
  return s;
}

std::vector<std::string> describe_all(const FileResult& r) {
  std::vector<std::string> out;
  for (const auto& read : r.reads) out.push_back(describe(read));
  std::sort(out.begin(), out.end());
  return out;
}

// A whole-tree scan of `root` (the driver: prefilter, parse rounds, cross-file resolution).
ScanResult scan_dir(const std::string& root) {
  ScanOptions o;
  o.root = root;
  o.paths = {o.root};
  o.use_gitignore = false;
  return scan(o);
}

// Every read of a scan as "file:line:col NAME kind ... [via]".
std::vector<std::string> described(const ScanResult& r) {
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(read.file + ":" + describe(read));
  return got;
}

// The described reads of a scan of fixtures/resolve/<name>, which must have no diagnostics.
std::vector<std::string> scan_fixture(const std::string& name) {
  ScanResult r = scan_dir(std::string(ENVDRIFT_SOURCE_DIR) + "/fixtures/resolve/" + name);
  CHECK(r.diagnostics.empty());
  return described(r);
}

}  // namespace

TEST_CASE("caarlos0/env tags: names, defaults, nested prefixes and the via chain", "[go_libs]") {
  std::string src =
      "package config\n"                                                 // 1
      "import \"github.com/caarlos0/env/v11\"\n"                         // 2
      "type DB struct {\n"                                               // 3
      "\tHost string `env:\"HOST\" envDefault:\"db\"`\n"                 // 4
      "}\n"                                                              // 5
      "type Config struct {\n"                                           // 6
      "\tPort int `env:\"PORT,required\" envDefault:\"8080\"`\n"        // 7
      "\tMain DB `envPrefix:\"MAIN_\"`\n"                                // 8
      "}\n"                                                              // 9
      "func Load() { var c Config; _ = env.Parse(&c) }\n";               // 10
  FileResult r = analyze_text("config.go", src);
  std::vector<std::string> expected{
      "4:2 MAIN_HOST tag default=db [tag env DB.Host @4] [envPrefix MAIN_ Config.Main @8]",
      "7:2 PORT tag default=8080 [tag env Config.Port @7]",
  };
  CHECK(describe_all(r) == expected);
}

TEST_CASE("struct tags of other libraries are not reads", "[go_libs]") {
  SECTION("a struct with json tags only") {
    FileResult r = analyze_text("model.go",
                                "package model\n"
                                "type User struct {\n"
                                "\tID   string `json:\"id\" db:\"ID\"`\n"
                                "\tName string `json:\"name,omitempty\" default:\"x\"`\n"
                                "}\n");
    CHECK(r.reads.empty());
  }
  SECTION("an envconfig import does not make every struct a config struct") {
    FileResult r = analyze_text("model.go",
                                "package model\n"
                                "import \"github.com/kelseyhightower/envconfig\"\n"
                                "type Payload struct { ID string `json:\"id\"` }\n"
                                "type Spec struct { Port int `envconfig:\"PORT\"` }\n"
                                "func f() { var s Spec; envconfig.MustProcess(\"\", &s) }\n");
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "PORT");
    CHECK(r.reads[0].line == 4);
  }
}

TEST_CASE("envconfig: split_words, the Process prefix and the unprefixed fallback", "[go_libs]") {
  std::string src =
      "package config\n"                                                              // 1
      "import \"github.com/kelseyhightower/envconfig\"\n"                              // 2
      "type Spec struct {\n"                                                          // 3
      "\tMaxHTTPConns int `split_words:\"true\"`\n"                                   // 4
      "\tAutoscalingV2Enabled bool `split_words:\"true\"`\n"                          // 5
      "\tURL string `split_words:\"true\"`\n"                                         // 6
      "\tAPIKey string `envconfig:\"api_key\" default:\"none\"`\n"                    // 7
      "}\n"                                                                           // 8
      "func Load() { s := &Spec{}; envconfig.MustProcess(\"svc\", s) }\n";            // 9
  FileResult r = analyze_text("config.go", src);
  std::vector<std::string> expected{
      "4:2 SVC_MAX_HTTP_CONNS tag [tag envconfig Spec.MaxHTTPConns @4] [envconfig.Process prefix svc @9]",
      "5:2 SVC_AUTOSCALING_V2_ENABLED tag [tag envconfig Spec.AutoscalingV2Enabled @5] [envconfig.Process prefix svc @9]",
      "6:2 SVC_URL tag [tag envconfig Spec.URL @6] [envconfig.Process prefix svc @9]",
      "7:2 API_KEY tag default=none [tag envconfig Spec.APIKey (unprefixed) @7]",
      "7:2 SVC_API_KEY tag default=none [tag envconfig Spec.APIKey @7] [envconfig.Process prefix svc @9]",
  };
  CHECK(describe_all(r) == expected);
}

TEST_CASE("envconfig: a tag that names the variable is the name, the prefixed key is never undocumented", "[go_libs]") {
  // athens: Process("athens", &c) with `envconfig:"ATHENS_PORT"` tries ATHENS_ATHENS_PORT first,
  // then ATHENS_PORT (the name its docs give); nested structs prefix with the field's key.
  std::string src =
      "package config\n"                                                       // 1
      "import \"github.com/kelseyhightower/envconfig\"\n"                       // 2
      "type Minio struct {\n"                                                 // 3
      "\tEndpoint string `envconfig:\"ATHENS_MINIO_ENDPOINT\"`\n"              // 4
      "}\n"                                                                   // 5
      "type Config struct {\n"                                                // 6
      "\tPort string `envconfig:\"ATHENS_PORT\"`\n"                             // 7
      "\tMinio *Minio\n"                                                      // 8
      "}\n"                                                                   // 9
      "func Load(c *Config) error { return envconfig.Process(\"athens\", c) }\n";  // 10
  FileResult r = analyze_text("config.go", src);
  std::vector<std::string> expected{
      "4:2 ATHENS_MINIO_ENDPOINT tag [tag envconfig Minio.Endpoint (unprefixed) @4]",
      "4:2 ATHENS_MINIO_ATHENS_MINIO_ENDPOINT tag [tag envconfig Minio.Endpoint @4] [envconfig nested Config.Minio @8] "
      "[envconfig.Process prefix athens @10]",
      "7:2 ATHENS_ATHENS_PORT tag [tag envconfig Config.Port @7] [envconfig.Process prefix athens @10]",
      "7:2 ATHENS_PORT tag [tag envconfig Config.Port (unprefixed) @7]",
  };
  std::vector<std::string> got = describe_all(r);
  std::sort(expected.begin(), expected.end());
  CHECK(got == expected);
  // Documented: ATHENS_PORT only. The prefixed keys are read but not findings; the tag names are.
  Registry reg;
  reg.file = "docs/env.md";
  DocVariable port;
  port.name = "ATHENS_PORT";
  port.file = "docs/env.md";
  port.line = 3;
  reg.variables = {port};
  std::vector<std::string> findings;
  for (const auto& f : diff(r.reads, {reg}, DiffOptions{})) findings.push_back(std::string(finding_kind_name(f.kind)) + " " + f.name);
  CHECK(findings == std::vector<std::string>{"undocumented ATHENS_MINIO_ENDPOINT"});
}

TEST_CASE("a prefix that is not a literal makes the tag reads dynamic", "[go_libs]") {
  std::string src =
      "package config\n"
      "import \"github.com/kelseyhightower/envconfig\"\n"
      "type Spec struct { Port int }\n"
      "func Load(name string) { var s Spec; envconfig.Process(name, &s) }\n";
  FileResult r = analyze_text("config.go", src);
  REQUIRE(r.reads.size() == 1);
  CHECK(r.reads[0].kind == ReadKind::Dynamic);
  CHECK(r.reads[0].name == "");
  CHECK(r.reads[0].dynamic_suffix == "_PORT");
  CHECK(r.reads[0].dynamic_expr == "name");
  CHECK(r.reads[0].line == 3);
}

TEST_CASE("go-arg: env item in either order, derived names, no env item no read", "[go_libs]") {
  std::string src =
      "package main\n"                                                              // 1
      "import \"github.com/alexflint/go-arg\"\n"                                     // 2
      "var args struct {\n"                                                         // 3
      "\tAddr string `arg:\"env:APP_ADDR,--addr\" default:\":80\"`\n"               // 4
      "\tLogLevel string `arg:\"--log-level,env\"`\n"                              // 5
      "\tQuiet bool `arg:\"-q\"`\n"                                                 // 6
      "}\n"                                                                         // 7
      "type Args struct { Token string `arg:\"env:TOKEN\"` }\n"                      // 8
      "func main() { arg.MustParse(&args) }\n";                                     // 9
  FileResult r = analyze_text("main.go", src);
  std::vector<std::string> expected{
      "4:2 APP_ADDR tag default=:80 [tag arg args.Addr @4]",
      "5:2 LOGLEVEL tag [tag arg args.LogLevel @5]",  // go-arg upper-cases the field name as is
      "8:20 TOKEN tag [tag arg Args.Token @8]",
  };
  CHECK(describe_all(r) == expected);
}

TEST_CASE("urfave/cli: flags without EnvVars and look-alike types are not reads", "[go_libs]") {
  SECTION("cli.StringFlag without EnvVars") {
    FileResult r = analyze_text("main.go",
                                "package main\n"
                                "import \"github.com/urfave/cli/v2\"\n"
                                "var f = &cli.StringFlag{Name: \"listen\", Value: \":80\", Usage: \"APP_LISTEN\"}\n");
    CHECK(r.reads.empty());
  }
  SECTION("a cli.StringFlag of a package that is not urfave/cli") {
    FileResult r = analyze_text("main.go",
                                "package main\n"
                                "import \"example.com/mycli/cli\"\n"
                                "var f = &cli.StringFlag{EnvVars: []string{\"NOT_URFAVE\"}}\n");
    CHECK(r.reads.empty());
  }
  SECTION("the exact read of a flag") {
    FileResult r = analyze_text("main.go",
                                "package main\n"
                                "import (\n\t\"time\"\n\tcli \"github.com/urfave/cli/v2\"\n)\n"
                                "var f = &cli.DurationFlag{\n"
                                "\tName: \"ttl\",\n"
                                "\tValue: 90 * time.Minute,\n"
                                "\tEnvVars: []string{\"APP_TTL\"},\n"
                                "}\n");
    std::vector<std::string> expected{"9:2 APP_TTL schema default=1h30m0s [urfave/cli flag ttl @6]"};
    CHECK(describe_all(r) == expected);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].default_value->raw == "90 * time.Minute");
  }
}

TEST_CASE("viper: Get reads only with AutomaticEnv, and defaults and prefixes apply", "[go_libs]") {
  SECTION("viper.Get without AutomaticEnv") {
    FileResult r = analyze_text("config.go",
                                "package config\n"
                                "import \"github.com/spf13/viper\"\n"
                                "func f() {\n"
                                "\tviper.SetEnvPrefix(\"app\")\n"
                                "\tviper.SetDefault(\"port\", 80)\n"
                                "\t_ = viper.GetString(\"port\")\n"
                                "\t_ = viper.Get(\"db.host\")\n"
                                "}\n");
    CHECK(r.reads.empty());
  }
  SECTION("AutomaticEnv without a prefix, and a second instance configured apart") {
    FileResult r = analyze_text("config.go",
                                "package config\n"                            // 1
                                "import \"github.com/spf13/viper\"\n"         // 2
                                "func f() {\n"                                // 3
                                "\tviper.AutomaticEnv()\n"                    // 4
                                "\tviper.SetDefault(\"Port\", \"80\")\n"      // 5
                                "\t_ = viper.GetInt(\"port\")\n"              // 6
                                "\tother := viper.New()\n"                    // 7
                                "\t_ = other.GetInt(\"port\")\n"              // 8
                                "}\n");
    std::vector<std::string> expected{"6:6 PORT helper default=80 [viper key port @6]"};
    CHECK(describe_all(r) == expected);
  }
  SECTION("a prefix that is not a literal") {
    FileResult r = analyze_text("config.go",
                                "package config\n"
                                "import \"github.com/spf13/viper\"\n"
                                "func f(p string) {\n"
                                "\tviper.SetEnvPrefix(p)\n"
                                "\tviper.BindEnv(\"db_host\")\n"
                                "}\n");
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].kind == ReadKind::Dynamic);
    CHECK(r.reads[0].name == "");
    CHECK(r.reads[0].dynamic_suffix == "_DB_HOST");
    CHECK(r.reads[0].line == 5);
  }
}

TEST_CASE("deep input to the library matchers does not overflow", "[go_libs]") {
  SECTION("10,000 nested inline structs") {
    std::string src = "package deep\nimport \"github.com/caarlos0/env/v11\"\ntype Config struct {\n" +
                      repeat("A struct {\n", 10000) + "X string `env:\"DEEP\"`\n" + repeat("}\n", 10000) + "}\n" +
                      "var _ = env.Parse\n";
    FileResult r = analyze_text("deep.go", src);
    CHECK(r.reads.empty());  // nesting is followed 16 levels deep only
  }
  SECTION("a 10,000-long product as a flag's Value") {
    std::string src = "package deep\nimport (\n\"time\"\n\"github.com/urfave/cli/v2\"\n)\n"
                      "var f = &cli.DurationFlag{EnvVars: []string{\"DEEP_TTL\"}, Value: " +
                      repeat("2 * ", 10000) + "time.Second}\n";
    FileResult r = analyze_text("deep.go", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "DEEP_TTL");
    REQUIRE(r.reads[0].default_value);
    CHECK_FALSE(r.reads[0].default_value->comparable);
  }
  SECTION("a struct of 10,000 tagged fields among 10,000 declarations") {
    std::string src = "package wide\nimport \"github.com/spf13/viper\"\ntype Config struct {\n";
    for (int i = 0; i < 10000; ++i) src += "\tF" + std::to_string(i) + " string `env:\"V" + std::to_string(i) + "\"`\n";
    src += "}\n";
    for (int i = 0; i < 10000; ++i) src += "var x" + std::to_string(i) + " = viper.GetString(\"k\")\n";
    FileResult r = analyze_text("wide.go", src);
    CHECK(r.reads.size() == 10000);
    const EnvRead* last = find_read(r, "V9999");
    REQUIRE(last != nullptr);
    CHECK(last->line == 10003);
  }
  SECTION("a struct nesting itself") {
    std::string src = "package p\nimport \"github.com/caarlos0/env/v11\"\n"
                      "type Node struct {\n\tName string `env:\"NAME\"`\n\tNext *Node `envPrefix:\"N_\"`\n}\n"
                      "type Root struct{ Node Node }\nvar _ = env.Parse\n";
    FileResult r = analyze_text("cycle.go", src);
    CHECK(find_read(r, "NAME") != nullptr);
    CHECK(find_read(r, "N_NAME") != nullptr);
    CHECK(r.reads.size() == 16);  // NAME, N_NAME, N_N_NAME, …: the nesting limit stops the cycle
  }
}

TEST_CASE("struct types that nest each other many times are expanded once per prefix and within a budget", "[go_libs]") {
  SECTION("three self-references without a prefix: one read, no escape") {
    // 3^17 paths; each spells the same PORT at the same field, so the struct is expanded once
    // per depth (without that the budget runs out and an escape says reads were dropped).
    std::string src = "package p\nimport \"github.com/caarlos0/env/v11\"\n"
                      "type A struct {\n\tX *A\n\tY *A\n\tZ *A\n\tPort int `env:\"PORT\"`\n}\n"
                      "func main() { var c A; env.Parse(&c) }\n";
    FileResult r = analyze_text("cycle.go", src);
    REQUIRE(r.reads.size() == 1);
    CHECK(r.reads[0].name == "PORT");
    CHECK(r.reads[0].line == 7);
    CHECK(r.escapes.empty());
  }
  SECTION("a struct reached deep first is expanded again when reached shallower") {
    // Root.Deep reaches Leaf 16 levels down (its Inner struct lies past the nesting limit);
    // Root.Near reaches Leaf at level 1, where Inner's INNER is read.
    std::string src = "package p\nimport \"github.com/caarlos0/env/v11\"\n"
                      "type Root struct {\n\tDeep D1\n\tNear Leaf\n}\n";
    for (int i = 1; i < 15; ++i)
      src += "type D" + std::to_string(i) + " struct { Next D" + std::to_string(i + 1) + " }\n";
    src += "type D15 struct { Next Leaf }\n"
           "type Leaf struct {\n\tLeafVar string `env:\"LEAF\"`\n\tIn Inner\n}\n"
           "type Inner struct {\n\tV string `env:\"INNER\"`\n}\n"
           "func main() { var c Root; env.Parse(&c) }\n";
    FileResult r = analyze_text("deep.go", src);
    CHECK(find_read(r, "LEAF") != nullptr);
    const EnvRead* inner = find_read(r, "INNER");
    REQUIRE(inner != nullptr);
    CHECK(inner->line == 27);
    CHECK(r.escapes.empty());
  }
  SECTION("two prefixed self-references: the budget, then the shallow names and an escape") {
    // X_…, Y_… over 16 levels is 2^17 - 1 distinct names. The full walk runs out of its 20,000
    // paid field visits; the walks 0, 1, 2, … levels deep share 50,000 visits (3 per expansion,
    // 2^(L+1) - 1 expansions at L levels): levels 0 to 12 fit, so every X/Y word of length up to 12
    // is read, and none longer (a depth-first walk cut off would keep one deep corner instead).
    std::string src = "package p\nimport \"github.com/caarlos0/env/v11\"\n"
                      "type A struct {\n\tX *A `envPrefix:\"X_\"`\n\tY *A `envPrefix:\"Y_\"`\n\tPort int `env:\"PORT\"`\n}\n"
                      "func main() { var c A; env.Parse(&c) }\n";
    FileResult r = analyze_text("cycle.go", src);
    CHECK(r.reads.size() == 8191);
    CHECK(find_read(r, "PORT") != nullptr);
    CHECK(find_read(r, "Y_PORT") != nullptr);
    CHECK(find_read(r, "Y_X_Y_X_Y_X_Y_X_Y_X_Y_X_PORT") != nullptr);
    CHECK(find_read(r, "X_X_X_X_X_X_X_X_X_X_X_X_X_PORT") == nullptr);
    REQUIRE(r.escapes.size() == 1);
    CHECK(r.escapes[0].file == "cycle.go");
    CHECK(r.escapes[0].message ==
          "nested struct types spell too many field paths (over 20000 repeated field visits): its fields are read 12 "
          "levels deep only (not followed)");
  }
  SECTION("ardanlabs/conf field paths through a self-reference: the budget, an escape") {
    std::string src = "package p\nimport \"github.com/ardanlabs/conf/v3\"\n"
                      "type A struct {\n\tX *A\n\tY *A\n\tPort int\n}\n"
                      "func main() { var c A; conf.Parse(\"APP\", &c) }\n";
    FileResult r = analyze_text("conf.go", src);
    CHECK(find_read(r, "APP_PORT") != nullptr);
    CHECK(find_read(r, "APP_Y_PORT") != nullptr);
    CHECK(r.reads.size() < 20000);
    CHECK(r.escapes.size() == 1);
  }
}

TEST_CASE("the matchers work with the literal-only evaluator", "[go_libs]") {
  // What extract_go_libraries does with no resolution engine behind it: literals only.
  SourceFile src{"cfg.go", "cfg.go", Language::Go,
                 "package p\n"                                                                     // 1
                 "import (\n\t\"time\"\n\t\"github.com/urfave/cli/v2\"\n\t\"github.com/spf13/viper\"\n)\n"  // 2-6
                 "const Def = \":1\"\n"                                                            // 7
                 "var f = &cli.DurationFlag{Name: \"t\", EnvVars: []string{\"A_T\", \"B_T\"}, Value: 2 * time.Hour}\n"  // 8
                 "var g = &cli.StringFlag{Name: \"l\", EnvVars: []string{\"L\"}, Value: Def}\n"      // 9
                 "type C struct { P int `env:\"P\" envDefault:\"1\"` }\n"                            // 10
                 "func init() { viper.SetEnvPrefix(\"x\"); viper.BindEnv(\"k\") }\n"};               // 11
  const FrontendDescriptor* fe = frontend_for_path("cfg.go");
  REQUIRE(fe != nullptr);
  TSParser* parser = ts_parser_new();
  ts_parser_set_language(parser, fe->grammar());
  TSTree* tree = ts_parser_parse_string(parser, nullptr, src.text.data(), static_cast<uint32_t>(src.text.size()));
  ParsedFile pf{src, ts_tree_root_node(tree)};
  go::GoFile gf(pf);
  FileResult out;
  go::extract_go_libraries(gf, go::literal_eval(gf), out);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  std::vector<std::string> expected{
      "10:17 P tag default=1 [tag env C.P @10]",
      "11:40 X_K helper [viper key k @11] [viper SetEnvPrefix x @11]",
      "8:38 A_T schema default=2h0m0s [urfave/cli flag t @8]",
      "8:38 B_T schema default=2h0m0s [urfave/cli flag t @8]",
      "9:36 L schema default=computed [urfave/cli flag l @9]",  // a constant needs the go evaluator
  };
  CHECK(describe_all(out) == expected);
}

// Enabled by the lead once the go evaluator resolves constants of other packages.
TEST_CASE("urfave/cli Value from a constant of another package", "[go_libs][go_libs_xpkg]") {
  ScanResult r = scan_dir(std::string(ENVDRIFT_SOURCE_DIR) + "/fixtures/resolve/go_libs_urfave");
  CHECK(r.diagnostics.empty());
  std::vector<std::string> got = described(r);
  std::vector<std::string> expected{
      "cmd/api/main.go:15:3 API_LISTEN schema default=:8080 [urfave/cli flag listen @13]",
      "cmd/api/main.go:20:3 API_TTL schema default=computed [urfave/cli flag ttl @18]",
      "cmd/api/main.go:25:3 API_WORKERS schema default=16 [urfave/cli flag workers @23]",
  };
  CHECK(got == expected);
}

TEST_CASE("viper configured in one package, read in another", "[go_libs][go_libs_xpkg]") {
  // cmd/root.go: SetEnvPrefix("app") @12, the replacer, AutomaticEnv, SetDefault. server.go has
  // none of them (and no prefilter needle): the package-level viper is process-wide. Its
  // viper.New() instance stays file-local (no read), and tools/ is another module (tools/go.mod)
  // without AutomaticEnv (no read).
  std::vector<std::string> expected{
      "internal/server/server.go:11:10 APP_DB_HOST helper default=localhost [viper key db.host @11] [viper SetEnvPrefix app @12]",
      "internal/server/server.go:12:10 APP_DB_PORT helper default=5432 [viper key db.port @12] [viper SetEnvPrefix app @12]",
      "internal/server/server.go:13:48 APP_SERVICE_NAME helper [viper key service.name @13] [viper SetEnvPrefix app @12]",
      "internal/server/server.go:13:81 APP_HTTP_READ_TIMEOUT helper default=30s [viper key http.read-timeout @13] [viper SetEnvPrefix app @12]",
  };
  CHECK(scan_fixture("go_libs_viper") == expected);
  ScanResult r = scan_dir(std::string(ENVDRIFT_SOURCE_DIR) + "/fixtures/resolve/go_libs_viper");
  REQUIRE(r.reads.size() == 4);
  REQUIRE(r.reads[0].via.size() == 2);
  CHECK(r.reads[0].via[0].file == "internal/server/server.go");
  CHECK(r.reads[0].via[1].file == "cmd/root.go");
}

TEST_CASE("viper: a configuration in another file of the module needs AutomaticEnv to read", "[go_libs][go_libs_xpkg]") {
  // The module's other file sets a prefix but never calls AutomaticEnv: Get* reads nothing.
  test::TempTree tree;
  tree.write("go.mod", "module example.com/x\n");
  tree.write("a/a.go", "package a\nimport \"github.com/spf13/viper\"\nfunc init() { viper.SetEnvPrefix(\"x\"); viper.BindEnv(\"k\") }\n");
  tree.write("b/b.go", "package b\nimport \"github.com/spf13/viper\"\nfunc F() string { return viper.GetString(\"db.host\") }\n");
  ScanResult r = scan_dir(tree.path());
  REQUIRE(r.reads.size() == 1);  // the BindEnv of a.go only
  CHECK(r.reads[0].file == "a/a.go");
  CHECK(r.reads[0].name == "X_K");
}

TEST_CASE("envconfig.Process of a struct declared in another file or package", "[go_libs][go_libs_xpkg]") {
  // main.go:15 Process("myapp", &spec) with `var spec config.Spec`; main.go:19
  // MustProcess("worker", local) with `local := &Local{}` of local.go. Every read is emitted
  // once, by main.go, at the field's file and line: spec.go (which has an envconfig tag) does not
  // read Spec on its own because another file processes it with a prefix, so there is no PORT /
  // DB_HOST beside MYAPP_PORT / MYAPP_DB_HOST; APP_USER is envconfig's unprefixed fallback of
  // the tag. local.go has no envconfig tag and reads nothing by itself.
  std::vector<std::string> expected{
      "config/spec.go:6:2 MYAPP_PORT tag default=8080 [tag envconfig Spec.Port @6] [envconfig.Process prefix myapp @15]",
      "config/spec.go:7:2 APP_USER tag [tag envconfig Spec.User (unprefixed) @7]",
      "config/spec.go:7:2 MYAPP_APP_USER tag [tag envconfig Spec.User @7] [envconfig.Process prefix myapp @15]",
      "config/spec.go:12:2 MYAPP_DB_HOST tag default=db [tag envconfig Database.Host @12] [envconfig nested Spec.DB @8] [envconfig.Process prefix myapp @15]",
      "local.go:5:2 WORKER_DEBUG tag [tag envconfig Local.Debug @5] [envconfig.Process prefix worker @19]",
      "local.go:6:2 WORKER_LOGLEVEL tag default=info [tag envconfig Local.LogLevel @6] [envconfig.Process prefix worker @19]",
  };
  CHECK(scan_fixture("go_libs_envconfig") == expected);
}

TEST_CASE("caarlos0/env nested struct types of another file or package", "[go_libs][go_libs_xpkg]") {
  // main.go's Config nests config.Database (envPrefix DB_ @13) and Cache of cache.go (CACHE_
  // @14); ParseWithOptions @21 gives config.Database the prefix REPLICA_. The prefixed reads stay
  // at the fields of database.go / cache.go, and those files do not read their structs on their
  // own (no HOST, PORT, URL): another file reaches them with a prefix.
  std::vector<std::string> expected{
      "cache.go:4:2 CACHE_URL tag default=redis://localhost:6379 [tag env Cache.URL @4] [envPrefix CACHE_ Config.Cache @14]",
      "config/database.go:4:2 DB_HOST tag default=localhost [tag env Database.Host @4] [envPrefix DB_ Config.DB @13]",
      "config/database.go:4:2 REPLICA_HOST tag default=localhost [tag env Database.Host @4] [env.Options Prefix REPLICA_ @21]",
      "config/database.go:5:2 DB_PORT tag [tag env Database.Port @5] [envPrefix DB_ Config.DB @13]",
      "config/database.go:5:2 REPLICA_PORT tag [tag env Database.Port @5] [env.Options Prefix REPLICA_ @21]",
      "main.go:12:2 PORT tag default=8080 [tag env Config.Port @12]",
  };
  CHECK(scan_fixture("go_libs_caarlos0") == expected);
}

TEST_CASE("cross-file struct types: type arguments, dynamic prefixes, plain models", "[go_libs][go_libs_xpkg]") {
  test::TempTree tree;
  tree.write("go.mod", "module example.com/m\n");
  tree.write("config/config.go",
             "package config\n"                                       // 1
             "type Config struct {\n"                                 // 2
             "\tAddr string `env:\"ADDR\"`\n"                         // 3
             "}\n"                                                    // 4
             "type Spec struct {\n"                                   // 5
             "\tPort int\n"                                           // 6
             "}\n");                                                  // 7
  tree.write("cmd/app/main.go",
             "package main\n"                                                                    // 1
             "import (\n"                                                                        // 2
             "\t\"github.com/caarlos0/env/v11\"\n"                                               // 3
             "\t\"github.com/kelseyhightower/envconfig\"\n"                                      // 4
             "\t\"example.com/m/config\"\n"                                                     // 5
             ")\n"                                                                               // 6
             "// A model without tags nesting a struct of another package: no read of its own.\n"  // 7
             "type Server struct {\n"                                                            // 8
             "\tCfg config.Config\n"                                                            // 9
             "}\n"                                                                               // 10
             "func main() {\n"                                                                   // 11
             "\tc, _ := env.ParseAsWithOptions[config.Config](env.Options{Prefix: \"SVC_\"})\n"  // 12
             "\t_ = c\n"                                                                         // 13
             "}\n"                                                                               // 14
             "func load(name string) {\n"                                                        // 15
             "\tvar s config.Spec\n"                                                             // 16
             "\tenvconfig.MustProcess(name, &s)\n"                                               // 17
             "}\n");                                                                             // 18
  ScanResult r = scan_dir(tree.path());
  std::vector<std::string> got = described(r);
  // config.Config is parsed with the prefix SVC_ (so config.go does not read a plain ADDR);
  // Server nests it without a prefix: nothing of its own. Spec has no tag: main.go's Process
  // with an unknown prefix is its only read.
  std::vector<std::string> expected{
      "config/config.go:3:2 SVC_ADDR tag [tag env Config.Addr @3] [env.Options Prefix SVC_ @12]",
      "config/config.go:6:2 ? dynamic suffix=_PORT [tag envconfig Spec.Port @6] [envconfig.Process prefix name @17]",
  };
  CHECK(got == expected);
  const EnvRead* dyn = nullptr;
  for (const auto& read : r.reads)
    if (read.kind == ReadKind::Dynamic) dyn = &read;
  REQUIRE(dyn != nullptr);
  CHECK(dyn->dynamic_expr == "name");  // the caller's expression, not the field's text
}

TEST_CASE("a struct parsed with a prefix in one file and without one in another reads both", "[go_libs][go_libs_xpkg]") {
  test::TempTree tree;
  tree.write("go.mod", "module example.com/m\n");
  tree.write("config/config.go", "package config\ntype Config struct {\n\tAddr string `env:\"ADDR\"`\n}\n");
  tree.write("a/a.go",
             "package a\nimport (\n\t\"github.com/caarlos0/env/v11\"\n\t\"example.com/m/config\"\n)\n"
             "func A() { var c config.Config; _ = env.ParseWithOptions(&c, env.Options{Prefix: \"A_\"}) }\n");
  tree.write("b/b.go",
             "package b\nimport (\n\t\"github.com/caarlos0/env/v11\"\n\t\"example.com/m/config\"\n)\n"
             "func B() { var c config.Config; _ = env.Parse(&c) }\n");
  ScanResult r = scan_dir(tree.path());
  std::vector<std::string> got = described(r);
  std::vector<std::string> expected{
      "config/config.go:3:2 ADDR tag [tag env Config.Addr @3]",
      "config/config.go:3:2 A_ADDR tag [tag env Config.Addr @3] [env.Options Prefix A_ @6]",
  };
  CHECK(got == expected);
}
