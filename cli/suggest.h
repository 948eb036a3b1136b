// "Did you mean": the nearest known word to a mistyped subcommand or option, and the message a
// CLI11 parse error is replaced with when the mistyped word can be named.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace envdrift {

// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "chekc" is one
// edit from "check").
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`: within 1 edit for words of up to 4 characters, 2 beyond that
// (the first candidate wins a tie); failing that, the only candidate `word` is a prefix of.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

// After a failed parse of argv by `app`: the first unknown subcommand or option, or a value
// outside an option's choices, as "unknown command `chek` (did you mean `check`?)" / "unknown
// option `--formt` for `envdrift check` (did you mean `--format`?)" / "invalid value `jsn` for
// `--format` (did you mean `json`?); expected one of ..."; nullopt when every word is known
// (the error is about something else: a missing value, a file that does not exist), so CLI11's
// own message stands.
std::optional<std::string> unknown_word_message(const CLI::App& app, int argc, const char* const* argv);

}  // namespace envdrift
