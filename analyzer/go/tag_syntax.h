// The text of struct tags and the name derivations the tag libraries apply to field and flag
// names, each written after the library's own function (cited per function).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envdrift::go {

// reflect.StructTag.Lookup: the value of `key` in a conventional `k:"v" k2:"v2"` tag.
std::optional<std::string> tag_lookup(std::string_view tag, std::string_view key);
// The tag's value is a true boolean (`"true"`, `"1"`, `"t"`, …).
bool tag_true(const std::string& tag, std::string_view key);
// `a, b,c` -> {"a", "b", "c"} (each trimmed; an empty string gives {""}).
std::vector<std::string> split_commas(std::string_view s);
bool is_upper(char c);
// kelseyhightower/envconfig's split_words: "MaxHTTPConns" -> "Max_HTTP_Conns".
std::string split_words(std::string_view name);
// kong's camelCase (fatih/camelcase): splits between runs of lower-case letters, upper-case
// letters, digits and other characters, an upper-case run giving its last letter to a
// following lower-case run: "HTTPAddr" -> {"HTTP", "Addr"}, "s3_bucket" -> {"s", "3", "_", "bucket"}.
std::vector<std::string> kong_camel_case(std::string_view name);
// kong's flag name for a field: lower-cased words of kong_camel_case joined with `-`.
std::string kong_flag_name(std::string_view field);
// kong's DefaultEnvars: PREFIX and the words of the flag name (`-`/`.` as `_`), `_`-only and
// blank words dropped, joined with `_`, upper-cased.
std::string kong_default_envar(std::string_view prefix, std::string_view flag);
// ardanlabs/conf's camelSplit: "FOOBar" -> {"FOO", "Bar"}, "DBHost" -> {"DB", "Host"}.
std::vector<std::string> conf_camel_split(std::string_view name);
// kingpin's envarTransform / ff's flag-to-variable: runs of characters other than ASCII letters,
// digits and `_` become one `_`, then upper-cased ("bar-waz" -> "BAR_WAZ").
std::string envar_transform(std::string_view name);

}  // namespace envdrift::go
