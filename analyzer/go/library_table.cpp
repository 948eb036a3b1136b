// The rows of library_table.h. Sources of each row's semantics:
// - caarlos0/env: README (`env:"KEY,opts"`, `envDefault`, `envPrefix`, Options.Prefix).
// - sethvargo/go-envconfig: README (`env:"KEY, default=v"` running to the end, `prefix=`).
// - alecthomas/kong: tag.go (`env` split on commas into Envs, `default`, `envprefix`, `prefix`),
//   options.go DefaultEnvars (PREFIX + camelCase(flag name with - and . as _), joined by `_`,
//   upper-cased; flags with an env tag keep theirs).
// - jessevdk/go-flags: option.go EnvKeyWithNamespace (`env:"KEY"`, `default`, group
//   `env-namespace:"NS"` joined with EnvNamespaceDelimiter, "_" by default; `env-delim` splits
//   the value, not the name).
// - alexflint/go-arg: README (`arg:"--addr,env:X"`, bare `env` = the field name upper-cased).
// - ardanlabs/conf: fields.go / sources.go (every settable field; env key = camelSplit of the
//   field path or the `env:` item, joined by `_`, upper-cased, after `PREFIX_`; `default:`;
//   `conf:"-"` skipped; anonymous structs add no key).
// - alecthomas/kingpin: app.go DefaultEnvars ("<app>_<flag>" through envarTransform: runs of
//   non-alphanumerics become `_`, upper-cased), flags.go Envar / NoEnvar / Default.
// - peterbourgon/ff v3/v4: WithEnvVarPrefix (prefix + "_" + the flag name capitalised, `.`/`-`
//   replaced by `_`); v4 WithEnvVars and v3 WithEnvVarNoPrefix (no prefix).
// - knadh/koanf providers/env: v1 Provider(prefix, delim, cb) / ProviderWithValue; v2
//   Provider(delim, Opt{Prefix, TransformFunc, EnvironFunc}) — EnvironFunc replaces os.Environ.
#include "analyzer/go/library_table.h"

#include <array>
#include <deque>
#include <string>

namespace envdrift::go {

std::span<const TagLibrary> tag_libraries() {
  static const std::array<TagLibrary, 6> kRows{{
      {.id = "caarlos0/env", .import_path = "github.com/caarlos0/env", .tag = "env", .name = TagName::Head,
       .default_tag = "envDefault", .prefix_tag = "envPrefix"},
      {.id = "sethvargo/go-envconfig", .import_path = "github.com/sethvargo/go-envconfig", .tag = "env",
       .name = TagName::Head, .default_option = "default=", .default_to_end = true, .prefix_option = "prefix="},
      {.id = "alecthomas/kong", .import_path = "github.com/alecthomas/kong", .tag = "env", .name = TagName::List,
       .default_tag = "default", .prefix_tag = "envprefix"},
      {.id = "jessevdk/go-flags", .import_path = "github.com/jessevdk/go-flags", .tag = "env", .name = TagName::Whole,
       .default_tag = "default", .prefix_tag = "env-namespace", .prefix_join = "_"},
      {.id = "alexflint/go-arg", .import_path = "github.com/alexflint/go-arg", .tag = "arg", .name = TagName::Item,
       .item = "env", .item_sep = ':', .bare_item_is_field = true, .default_tag = "default"},
      {.id = "ardanlabs/conf", .import_path = "github.com/ardanlabs/conf", .tag = "conf", .name = TagName::Item,
       .item = "env", .item_sep = ':', .default_option = "default:", .every_field = true,
       .parse_function = "Parse"},
  }};
  return kRows;
}

std::span<const ChainLibrary> chain_libraries() {
  static const std::array<ChainLibrary, 1> kRows{{
      {.id = "alecthomas/kingpin", .import_path = "alecthomas/kingpin", .root = "Flag", .app_ctor = "New",
       .sub = "Command", .name_method = "Envar", .no_env_method = "NoEnvar", .default_method = "Default",
       .derive_method = "DefaultEnvars"},
  }};
  return kRows;
}

std::span<const PrefixOption> prefix_options() {
  static const std::array<PrefixOption, 7> kRows{{
      {.id = "kong", .import_path = "alecthomas/kong", .function = "DefaultEnvars", .prefix_arg = 0, .join = "_",
       .effect = PrefixEffect::DeriveFlagNames},
      {.id = "ff", .import_path = "peterbourgon/ff", .function = "WithEnvVarPrefix", .prefix_arg = 0, .join = "_",
       .effect = PrefixEffect::DeriveFlagNames},
      {.id = "ff", .import_path = "peterbourgon/ff", .function = "WithEnvVars", .prefix_arg = -1,
       .effect = PrefixEffect::DeriveFlagNames},
      {.id = "ff", .import_path = "peterbourgon/ff", .function = "WithEnvVarNoPrefix", .prefix_arg = -1,
       .effect = PrefixEffect::DeriveFlagNames},
      {.id = "koanf env", .import_path = "knadh/koanf/providers/env/v2", .function = "Provider", .prefix_arg = 1,
       .prefix_field = "Prefix", .effect = PrefixEffect::DynamicPrefix, .mock_field = "EnvironFunc"},
      {.id = "koanf env", .import_path = "knadh/koanf/providers/env", .function = "Provider", .prefix_arg = 0,
       .effect = PrefixEffect::DynamicPrefix},
      {.id = "koanf env", .import_path = "knadh/koanf/providers/env", .function = "ProviderWithValue",
       .prefix_arg = 0, .effect = PrefixEffect::DynamicPrefix},
  }};
  return kRows;
}

const std::vector<std::string_view>& library_needles() {
  static const std::vector<std::string_view> kNeedles = [] {
    // The os functions and the libraries modelled by hand (envconfig, urfave/cli, viper).
    std::vector<std::string_view> out{"Getenv", "LookupEnv", "ExpandEnv", "envconfig", "split_words",
                                      "EnvVar", "BindEnv", "AutomaticEnv", "envPrefix"};
    static std::deque<std::string> owned;  // stable addresses for the views
    for (const auto& r : tag_libraries()) {
      owned.push_back(std::string(r.tag) + ":\"");
      out.push_back(owned.back());
      out.push_back(r.import_path);
    }
    for (const auto& r : chain_libraries()) {
      out.push_back(r.name_method);
      out.push_back(r.derive_method);
    }
    for (const auto& r : prefix_options()) out.push_back(r.import_path);
    return out;
  }();
  return kNeedles;
}

}  // namespace envdrift::go
