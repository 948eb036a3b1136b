#include "cli/suggest.h"

#include <algorithm>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace envdrift {

size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the optimal-string-alignment table: O(|a|·|b|) time, O(|b|) memory.
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  // Option words carry their dashes; they do not count towards the length.
  size_t letters = word.size() - std::min(word.find_first_not_of('-'), word.size());
  size_t limit = letters <= 4 ? 1 : 2;
  std::optional<std::string> best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  if (best) return best;
  std::optional<std::string> prefixed;
  for (const auto& c : candidates) {
    if (letters == 0 || c.size() <= word.size() || c.compare(0, word.size(), word) != 0) continue;
    if (prefixed) return std::nullopt;  // ambiguous
    prefixed = c;
  }
  return prefixed;
}

namespace {

struct OptionNames {
  std::vector<std::string> words;  // "--format", "-o", ...
  std::vector<std::string> long_words;
  std::vector<const CLI::Option*> options;
};

OptionNames names_of(const CLI::App& app) {
  OptionNames n;
  for (const CLI::Option* o : app.get_options()) {
    if (!o->nonpositional()) continue;
    for (const auto& l : o->get_lnames()) n.words.push_back("--" + l), n.long_words.push_back("--" + l), n.options.push_back(o);
    for (const auto& s : o->get_snames()) n.words.push_back("-" + s), n.options.push_back(o);
  }
  return n;
}

const CLI::Option* option_named(const CLI::App& app, const std::string& word) {
  for (const CLI::Option* o : app.get_options()) {
    if (!o->nonpositional()) continue;
    for (const auto& l : o->get_lnames())
      if (word == "--" + l) return o;
    for (const auto& s : o->get_snames())
      if (word == "-" + s) return o;
  }
  return nullptr;
}

std::string command_path(const CLI::App& app, const CLI::App* sub) {
  return sub == nullptr ? app.get_name() : app.get_name() + " " + sub->get_name();
}

// The message for an unknown option word (`word` already without `=value`).
std::string unknown_option(const CLI::App& app, const CLI::App* sub, const std::string& word) {
  const CLI::App& owner = sub == nullptr ? app : *sub;
  OptionNames names = names_of(owner);
  std::optional<std::string> hint;
  if (word.size() > 2 && word[0] == '-' && word[1] != '-') hint = nearest("-" + word, names.long_words);  // -format
  if (!hint) hint = nearest(word, names.words);
  std::string where = command_path(app, sub);
  if (hint) return fmt::format("unknown option `{}` for `{}` (did you mean `{}`?)", word, where, *hint);
  return fmt::format("unknown option `{}` for `{}`; see `{} --help`", word, where, where);
}

// A value outside the option's choices (CLI11's IsMember shows them as "{a,b,c}" in the type name).
std::optional<std::string> bad_choice(const CLI::Option& o, const std::string& name, const std::string& value) {
  std::string type = o.get_type_name();
  size_t open = type.find('{'), close = type.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  std::vector<std::string> choices;
  std::string item;
  for (char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') choices.push_back(item), item.clear();
    else item += c;
  }
  choices.push_back(item);
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return std::nullopt;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  if (auto hint = nearest(value, choices))
    return fmt::format("invalid value `{}` for `{}` (did you mean `{}`?); expected one of {}", value, name, *hint, list);
  return fmt::format("invalid value `{}` for `{}`; expected one of {}", value, name, list);
}

}  // namespace

std::optional<std::string> unknown_word_message(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* sub = nullptr;
  std::vector<std::string> commands;
  for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; })) commands.push_back(s->get_name());
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--") return std::nullopt;
    const CLI::App& owner = sub == nullptr ? app : *sub;
    if (word.size() > 1 && word[0] == '-') {
      std::string name = word.substr(0, word.find('='));
      const CLI::Option* o = option_named(owner, name);
      if (o == nullptr && name.size() > 2 && name[1] != '-') {
        // `-qv`: a run of short flags; known when every letter is a flag of the command.
        bool all = true;
        for (size_t k = 1; k < name.size() && all; ++k) all = option_named(owner, std::string("-") + name[k]) != nullptr;
        if (all) continue;
      }
      if (o == nullptr) return unknown_option(app, sub, name);
      if (o->get_expected_max() == 0) continue;  // a flag
      std::string value;
      if (name.size() < word.size()) value = word.substr(name.size() + 1);
      else if (i + 1 < argc) value = argv[++i];  // its value is the next word
      else continue;
      if (auto message = bad_choice(*o, name, value)) return message;
      continue;
    }
    if (sub == nullptr) {
      for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; }))
        if (s->get_name() == word) sub = s;
      if (sub != nullptr) continue;
      if (auto hint = nearest(word, commands))
        return fmt::format("unknown command `{}` (did you mean `{}`?)", word, *hint);
      std::string list;
      for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
      return fmt::format("unknown command `{}`; the commands are {}", word, list);
    }
  }
  return std::nullopt;
}

}  // namespace envdrift
