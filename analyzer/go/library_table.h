// The go configuration libraries as data: one row per library form. The walkers (struct_tags.cpp
// for struct tags, flag_libs.cpp for call chains and prefix options) read these rows; a library
// whose behaviour fits a row needs no code of its own. Each row's semantics were taken from the
// library's own source or documentation (cited next to the row in library_table.cpp).
//
// Adding a library: a row here (and its import path, which also makes files mentioning it
// candidates through library_needles()), a fixture under fixtures/patterns/go/ and a README row.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace envdrift::go {

// How the variable's name is written in the library's struct tag.
enum class TagName {
  Head,   // the value up to the first comma; the rest are options: `env:"PORT,required"`
  List,   // every comma-separated item is a name: `env:"PORT,HTTP_PORT"`
  Whole,  // the whole value is the name: `env:"PORT"`
  Item,   // one `KEY<sep>NAME` item among comma-separated items: `arg:"--addr,env:X"`
};

// A struct-tag library: which tag names the variable, where the default is, how a nested
// struct's field prefixes the names inside it.
struct TagLibrary {
  std::string_view id{};           // the library (via text, README)
  std::string_view import_path{};  // its module path: in a file's imports or go.mod's requirements
  std::string_view tag{};          // the struct tag key holding the name
  TagName name = TagName::Head;
  std::string_view item{};         // Item: the item key (`env` in `env:X`)
  char item_sep = ':';           // Item: between the key and the name
  bool bare_item_is_field = false;  // Item: a bare `env` item names the field, upper-cased
  std::string_view default_tag{};     // a separate tag holding the default (`envDefault`, `default`)
  std::string_view default_option{};  // an option of the name tag holding the default (`default=`)
  bool default_to_end = false;      // the default option runs to the tag's end (commas included)
  std::string_view prefix_tag{};      // on a nested struct field: prefixes its fields' names
  std::string_view prefix_option{};   // an option of the name tag on a nested struct field (`prefix=`)
  std::string_view prefix_join{};     // between a prefix and the name (`_` for go-flags namespaces)
  // Every exported field is a read, its name derived from the field path, but only in a struct
  // given to `parse_function` (ardanlabs/conf's `conf.Parse(prefix, &cfg)`).
  bool every_field = false;
  std::string_view parse_function{};
};

// The struct-tag rows, in order of preference when several share a tag key and nothing says
// which library a struct belongs to (the first row of a key is the historical default).
std::span<const TagLibrary> tag_libraries();

// The row for tag key `tag` of a struct whose file imports `imports(path)` / whose module
// requires `requires(path)` (either may answer false for everything). Null when no row has the
// key. Rows with `every_field` are only returned when imported or required.
template <class Imports, class Requires>
const TagLibrary* tag_library_for(std::string_view tag, Imports imports, Requires requires_) {
  const TagLibrary* first = nullptr;
  for (const auto& row : tag_libraries()) {
    if (row.tag != tag) continue;
    if (imports(row.import_path)) return &row;
    if (first == nullptr && !row.every_field) first = &row;
  }
  for (const auto& row : tag_libraries())
    if (row.tag == tag && requires_(row.import_path)) return &row;
  return first;
}

// A flag definition chain that names its variable with a method: kingpin's
// `app.Flag("port", "…").Envar("PORT").Default("8080")`.
struct ChainLibrary {
  std::string_view id{};
  std::string_view import_path{};
  std::string_view root{};           // the method starting a flag's chain; argument 0 is the flag name
  std::string_view app_ctor{};       // the package function making an application (`New`)
  std::string_view sub{};            // a method of an application making a nested one (`Command`)
  std::string_view name_method{};    // names the variable (`Envar`)
  std::string_view no_env_method{};  // removes it (`NoEnvar`)
  std::string_view default_method{}; // the default (`Default`)
  std::string_view derive_method{};  // on the application: every flag without a name gets
                                   // `APP_FLAG` from the application's name (`DefaultEnvars`)
};
std::span<const ChainLibrary> chain_libraries();

// What a prefix option does.
enum class PrefixEffect {
  DeriveFlagNames,  // every flag of the parsed CLI reads PREFIX + the flag name (kong, ff)
  DynamicPrefix,    // every variable starting with the prefix is loaded: a dynamic read (koanf)
};

// A call that configures a prefix: `kong.DefaultEnvars("APP")`, `ff.WithEnvVarPrefix("APP")`,
// `env.Provider("APP_", ".", fn)`, v2 `env.Provider(".", env.Opt{Prefix: "APP_"})`.
struct PrefixOption {
  std::string_view id{};
  std::string_view import_path{};   // a fragment of the package's import path
  std::string_view function{};      // the package function
  int prefix_arg = 0;             // the argument holding the prefix; -1: none (no prefix at all)
  std::string_view prefix_field{};  // the prefix is this key of a struct literal argument
  std::string_view join{};          // put between a non-empty prefix and the derived name
  PrefixEffect effect = PrefixEffect::DeriveFlagNames;
  std::string_view mock_field{};    // a key of the struct literal that replaces the environment
};
std::span<const PrefixOption> prefix_options();

// The text that makes a file a candidate for the go frontend (the frontend's needles): the
// os functions plus every tag key, method and package of the rows above.
const std::vector<std::string_view>& library_needles();

}  // namespace envdrift::go
