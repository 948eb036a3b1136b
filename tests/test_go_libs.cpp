// Go configuration libraries (analyzer/go/struct_tags.cpp, flag_libs.cpp): behaviour the
// annotated fixtures cannot express — exact via chains, negative shapes, envconfig's word
// splitting, dynamic prefixes, deep input — plus the cross-package urfave/cli default.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "analyzer/core/driver.h"
#include "analyzer/frontend.h"
#include "analyzer/go/libraries.h"
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

TEST_CASE("viper: Get reads only with AutomaticEnv; defaults and prefixes apply", "[go_libs]") {
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
    auto start = std::chrono::steady_clock::now();
    std::string src = "package wide\nimport \"github.com/spf13/viper\"\ntype Config struct {\n";
    for (int i = 0; i < 10000; ++i) src += "\tF" + std::to_string(i) + " string `env:\"V" + std::to_string(i) + "\"`\n";
    src += "}\n";
    for (int i = 0; i < 10000; ++i) src += "var x" + std::to_string(i) + " = viper.GetString(\"k\")\n";
    FileResult r = analyze_text("wide.go", src);
    CHECK(r.reads.size() == 10000);
    const EnvRead* last = find_read(r, "V9999");
    REQUIRE(last != nullptr);
    CHECK(last->line == 10003);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
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
  ScanOptions o;
  o.root = std::string(ENVDRIFT_SOURCE_DIR) + "/fixtures/resolve/go_libs_urfave";
  o.paths = {o.root};
  o.use_gitignore = false;
  ScanResult r = scan(o);
  CHECK(r.diagnostics.empty());
  std::vector<std::string> got;
  for (const auto& read : r.reads) got.push_back(read.file + ":" + describe(read));
  std::vector<std::string> expected{
      "cmd/api/main.go:15:3 API_LISTEN schema default=:8080 [urfave/cli flag listen @13]",
      "cmd/api/main.go:20:3 API_TTL schema default=computed [urfave/cli flag ttl @18]",
      "cmd/api/main.go:25:3 API_WORKERS schema default=16 [urfave/cli flag workers @23]",
  };
  CHECK(got == expected);
}
