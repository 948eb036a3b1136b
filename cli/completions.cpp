#include "cli/completions.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace envdrift {

namespace {

// CLI11 appends each validator's description to the type name: "TEXT:{text,json}" (IsMember),
// "TEXT:DIR" (ExistingDirectory), "UINT".
void classify(const CLI::Option& o, CliOption& out) {
  std::string full = o.get_type_name();
  size_t colon = full.find(':');
  out.type = full.substr(0, colon);
  if (!out.takes_value) return;
  out.kind = out.type == "TEXT" || out.type == "FILE" || out.type == "PATH" ? ValueKind::File : ValueKind::None;
  for (size_t pos = colon; pos != std::string::npos && pos < full.size(); pos = full.find(':', pos + 1)) {
    std::string v = full.substr(pos + 1, full.find(':', pos + 1) == std::string::npos ? std::string::npos
                                                                                      : full.find(':', pos + 1) - pos - 1);
    if (v == "DIR") {
      out.kind = ValueKind::Dir;
    } else if (v.size() >= 2 && v.front() == '{' && v.back() == '}') {
      out.kind = ValueKind::Words;
      out.choices.clear();
      std::string item;
      for (char c : v.substr(1, v.size() - 2)) {
        if (c == ',') out.choices.push_back(item), item.clear();
        else item += c;
      }
      if (!item.empty()) out.choices.push_back(item);
    }
  }
}

CliOption option_of(const CLI::Option& o) {
  CliOption out;
  out.longs = o.get_lnames();
  out.shorts = o.get_snames();
  if (!o.nonpositional()) out.positional = o.get_name(true, false);
  out.description = o.get_description();
  out.takes_value = o.get_expected_max() > 0;  // a flag expects 0 values
  out.repeatable = o.get_items_expected_max() > 1;
  out.required = o.get_required();
  classify(o, out);
  return out;
}

void options_of(const CLI::App& app, std::vector<CliOption>& options, std::vector<CliOption>* positionals) {
  for (const CLI::Option* o : app.get_options()) {
    CliOption c = option_of(*o);
    if (c.positional.empty()) options.push_back(std::move(c));
    else if (positionals != nullptr) positionals->push_back(std::move(c));
  }
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Every spelling of an option: "--format", "-o".
std::vector<std::string> spellings(const CliOption& o) {
  std::vector<std::string> out;
  for (const auto& l : o.longs) out.push_back("--" + l);
  for (const auto& s : o.shorts) out.push_back("-" + s);
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

// ---- bash ----

std::string bash_value(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::Words: return fmt::format("COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))", join(choices, " "));
    case ValueKind::Dir: return "COMPREPLY=($(compgen -d -- \"$cur\"))";
    case ValueKind::File: return "COMPREPLY=($(compgen -f -- \"$cur\"))";
    case ValueKind::None: break;
  }
  return ":";
}

std::string bash_words(const std::vector<CliOption>& options) {
  std::vector<std::string> words;
  for (const auto& o : options)
    for (const auto& s : spellings(o)) words.push_back(s);
  return join(words, " ");
}

// ---- zsh ----

std::string zsh_quote(const std::string& s) { return replace_all(s, "'", "'\\''"); }

std::string zsh_description(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return zsh_quote(out);
}

std::string zsh_action(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::Words: return "(" + join(choices, " ") + ")";
    case ValueKind::Dir: return "_files -/";
    case ValueKind::File: return "_files";
    case ValueKind::None: break;
  }
  return " ";
}

std::string zsh_message(const CliOption& o) {
  std::string m = o.positional.empty() ? o.type : o.positional;
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return m.empty() ? "value" : m;
}

// `exclusions`: the option's own exclusion list, or the given one ("(- *)": it ends the line).
std::string zsh_option_spec(const CliOption& o, const std::string& exclusions = "") {
  std::vector<std::string> names;
  for (const auto& l : o.longs) names.push_back("--" + l + (o.takes_value ? "=" : ""));
  for (const auto& s : o.shorts) names.push_back("-" + s + (o.takes_value ? "+" : ""));
  std::string value = o.takes_value ? fmt::format(":{}:{}", zsh_message(o), zsh_action(o.kind, o.choices)) : "";
  std::string tail = fmt::format("[{}]{}", zsh_description(o.description), value);
  std::string prefix;
  if (!exclusions.empty()) prefix = exclusions;
  else if (o.repeatable) prefix = "*";
  else if (names.size() > 1) prefix = "(" + join(spellings(o), " ") + ")";
  if (names.size() == 1) return fmt::format("'{}{}{}'", prefix, names[0], tail);
  return fmt::format("'{}'{{{}}}'{}'", prefix, join(names, ","), tail);
}

std::string zsh_positional_spec(const CliOption& p, size_t index) {
  std::string action = zsh_action(p.kind, p.choices);
  if (p.repeatable) return fmt::format("'*:{}:{}'", zsh_message(p), action);
  return fmt::format("'{}:{}:{}'", index + 1, zsh_message(p), action);
}

// ---- fish ----

std::string fish_quote(const std::string& s) { return "'" + replace_all(replace_all(s, "\\", "\\\\"), "'", "\\'") + "'"; }

std::string fish_value(const CliOption& o) {
  switch (o.kind) {
    case ValueKind::Words: return " -x -a " + fish_quote(join(o.choices, " "));
    case ValueKind::Dir: return " -x -a '(__fish_complete_directories)'";
    case ValueKind::File: return " -r -F";
    case ValueKind::None: break;
  }
  return o.takes_value ? " -x" : "";
}

// ---- roff ----

std::string roff(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string man_option(const CliOption& o) {
  std::string head;
  for (const auto& s : spellings(o)) head += (head.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(s));
  if (o.takes_value) {
    std::string value = o.kind == ValueKind::Words ? join(o.choices, "|") : o.type;
    head += fmt::format(" \\fI{}\\fR", roff(value));
  }
  std::string text = roff(o.description);
  if (o.repeatable) text += " (repeatable)";
  return fmt::format(".TP\n{}\n{}\n", head, text);
}

std::string synopsis_of(const std::string& program, const CliCommand& c) {
  std::string s = fmt::format("\\fB{} {}\\fR [\\fIoptions\\fR]", program, c.name);
  for (const auto& p : c.positionals) {
    std::string name = p.kind == ValueKind::Words ? join(p.choices, "|") : p.positional;
    if (p.repeatable) s += fmt::format(" [\\fI{}\\fR...]", roff(name));
    else if (p.required) s += fmt::format(" \\fI{}\\fR", roff(name));
    else s += fmt::format(" [\\fI{}\\fR]", roff(name));
  }
  return s;
}

}  // namespace

CliModel describe_cli(const CLI::App& app) {
  CliModel m;
  m.name = app.get_name();
  m.description = app.get_description();
  options_of(app, m.options, nullptr);
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    CliCommand c;
    c.name = sub->get_name();
    c.description = sub->get_description();
    options_of(*sub, c.options, &c.positionals);
    m.commands.push_back(std::move(c));
  }
  return m;
}

std::string bash_completion(const CliModel& m) {
  std::string fn = "_" + m.name;
  std::vector<std::string> names;
  for (const auto& c : m.commands) names.push_back(c.name);
  std::string out = fmt::format(
      "# bash completion for {0}\n"
      "# Generated by `{0} completions bash` from the command-line definition; do not edit.\n"
      "{1}() {{\n"
      "    local cur prev cmd i\n"
      "    cur=\"${{COMP_WORDS[COMP_CWORD]}}\"\n"
      "    prev=\"\"\n"
      "    (( COMP_CWORD > 0 )) && prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"\n"
      "    cmd=\"\"\n"
      "    for (( i = 1; i < COMP_CWORD; i++ )); do\n"
      "        case \"${{COMP_WORDS[i]}}\" in\n"
      "            -*) ;;\n"
      "            *) cmd=\"${{COMP_WORDS[i]}}\"; break ;;\n"
      "        esac\n"
      "    done\n"
      "    COMPREPLY=()\n"
      "    case \"$cmd\" in\n"
      "        \"\")\n"
      "            if [[ \"$cur\" == -* ]]; then\n"
      "                COMPREPLY=($(compgen -W \"{2}\" -- \"$cur\"))\n"
      "            else\n"
      "                COMPREPLY=($(compgen -W \"{3}\" -- \"$cur\"))\n"
      "            fi\n"
      "            ;;\n",
      m.name, fn, bash_words(m.options), join(names, " "));
  for (const auto& c : m.commands) {
    out += fmt::format("        {})\n", c.name);
    std::string value_cases;
    for (const auto& o : c.options) {
      if (!o.takes_value) continue;
      value_cases += fmt::format("                {}) {}; return 0 ;;\n", join(spellings(o), "|"), bash_value(o.kind, o.choices));
    }
    if (!value_cases.empty()) out += "            case \"$prev\" in\n" + value_cases + "            esac\n";
    std::string positional = c.positionals.empty() ? ":" : bash_value(c.positionals.front().kind, c.positionals.front().choices);
    out += fmt::format(
        "            if [[ \"$cur\" == -* ]]; then\n"
        "                COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))\n"
        "            else\n"
        "                {}\n"
        "            fi\n"
        "            ;;\n",
        bash_words(c.options), positional);
  }
  out += fmt::format(
      "    esac\n"
      "    return 0\n"
      "}}\n"
      "complete -o filenames -F {} {}\n",
      fn, m.name);
  return out;
}

std::string zsh_completion(const CliModel& m) {
  std::string fn = "_" + m.name;
  std::string out = fmt::format(
      "#compdef {0}\n"
      "# zsh completion for {0}\n"
      "# Generated by `{0} completions zsh` from the command-line definition; do not edit.\n"
      "\n"
      "{1}() {{\n"
      "  local curcontext=\"$curcontext\" state line ret=1\n"
      "  typeset -A opt_args\n"
      "  local -a commands\n"
      "  commands=(\n",
      m.name, fn);
  for (const auto& c : m.commands)
    out += fmt::format("    '{}:{}'\n", c.name, zsh_quote(replace_all(c.description, ":", "\\:")));
  out += "  )\n  _arguments -C \\\n";
  for (const auto& o : m.options) {
    // --help and --version end the command line.
    out += "    " + zsh_option_spec(o, "(- *)") + " \\\n";
  }
  out += fmt::format(
      "    '1: :->command' \\\n"
      "    '*:: :->args' && ret=0\n"
      "  case $state in\n"
      "    command)\n"
      "      _describe -t commands '{} command' commands && ret=0\n"
      "      ;;\n"
      "    args)\n"
      "      case $line[1] in\n",
      m.name);
  for (const auto& c : m.commands) {
    out += fmt::format("        {})\n          _arguments \\\n", c.name);
    for (const auto& o : c.options) out += "            " + zsh_option_spec(o) + " \\\n";
    for (size_t i = 0; i < c.positionals.size(); ++i)
      out += "            " + zsh_positional_spec(c.positionals[i], i) + " \\\n";
    out += "            && ret=0\n          ;;\n";
  }
  out += fmt::format(
      "      esac\n"
      "      ;;\n"
      "  esac\n"
      "  return ret\n"
      "}}\n"
      "\n"
      "# Autoloaded from $fpath the file is the function's body; sourced, it registers the function.\n"
      "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
      "  {0} \"$@\"\n"
      "else\n"
      "  compdef {0} {1}\n"
      "fi\n",
      fn, m.name);
  return out;
}

std::string fish_completion(const CliModel& m) {
  std::string out = fmt::format(
      "# fish completion for {0}\n"
      "# Generated by `{0} completions fish` from the command-line definition; do not edit.\n"
      "complete -c {0} -f\n",
      m.name);
  for (const auto& o : m.options) {
    std::string line = fmt::format("complete -c {} -n __fish_use_subcommand", m.name);
    for (const auto& s : o.shorts) line += " -s " + s;
    for (const auto& l : o.longs) line += " -l " + l;
    out += line + fish_value(o) + " -d " + fish_quote(o.description) + "\n";
  }
  for (const auto& c : m.commands)
    out += fmt::format("complete -c {} -n __fish_use_subcommand -a {} -d {}\n", m.name, c.name, fish_quote(c.description));
  for (const auto& c : m.commands) {
    std::string cond = fmt::format("complete -c {} -n {}", m.name, fish_quote("__fish_seen_subcommand_from " + c.name));
    for (const auto& o : c.options) {
      std::string line = cond;
      for (const auto& s : o.shorts) line += " -s " + s;
      for (const auto& l : o.longs) line += " -l " + l;
      out += line + fish_value(o) + " -d " + fish_quote(o.description) + "\n";
    }
    if (!c.positionals.empty()) {
      const CliOption& p = c.positionals.front();
      switch (p.kind) {
        case ValueKind::Words: out += cond + " -a " + fish_quote(join(p.choices, " ")) + "\n"; break;
        case ValueKind::Dir: out += cond + " -a '(__fish_complete_directories)'\n"; break;
        case ValueKind::File: out += cond + " -F\n"; break;
        case ValueKind::None: break;
      }
    }
  }
  return out;
}

std::string completion_script(const CliModel& m, const std::string& shell) {
  if (shell == "bash") return bash_completion(m);
  if (shell == "zsh") return zsh_completion(m);
  if (shell == "fish") return fish_completion(m);
  return "";
}

std::string man_page(const CliModel& m, const std::string& version) {
  std::string upper;
  for (char c : m.name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out = fmt::format(".\\\" Generated by `{0} man` from the command-line definition; do not edit.\n"
                                ".TH {1} 1 \"\" \"{0} {2}\" \"User Commands\"\n"
                                ".SH NAME\n{0} \\- {3}\n"
                                ".SH SYNOPSIS\n",
                                m.name, upper, version, roff(m.description.substr(m.description.find(": ") == std::string::npos
                                                                                      ? 0
                                                                                      : m.description.find(": ") + 2)));
  for (const auto& c : m.commands) out += fmt::format("{}\n.br\n", synopsis_of(m.name, c));
  out += fmt::format(
      ".SH DESCRIPTION\n"
      "{} parses TypeScript/JavaScript, Python and Go service trees, extracts every environment-variable "
      "read (name, default, location), reads the documented registry (a Markdown/MDX docs page, a "
      ".env.example, or a JSON/YAML registry), and reports variables that are undocumented, unread, or "
      "whose documented default differs from the code's fallback.\n",
      m.name);
  if (!m.options.empty()) {
    out += ".SH OPTIONS\n";
    for (const auto& o : m.options) out += man_option(o);
  }
  out += ".SH COMMANDS\n";
  for (const auto& c : m.commands) {
    out += fmt::format(".SS {}\n{}\n.PP\n{}\n", c.name, synopsis_of(m.name, c), roff(c.description));
    for (const auto& p : c.positionals)
      out += fmt::format(".TP\n\\fI{}\\fR\n{}\n", roff(p.positional), roff(p.description));
    for (const auto& o : c.options) out += man_option(o);
  }
  out +=
      ".SH EXIT STATUS\n"
      ".TP\n0\nno drift (or only findings of kinds that do not fail)\n"
      ".TP\n1\ndrift found (check), a stale docs page (docs \\-\\-check), NAME unknown (explain)\n"
      ".TP\n2\nusage or configuration error\n"
      ".TP\n3\nincomplete result: an input could not be read or parsed, or check found no reads in a tree with "
      "source files\n"
      ".SH ENVIRONMENT\n"
      ".TP\nNO_COLOR\nwhen set and not empty, text output is not coloured (unless \\-\\-color always)\n"
      ".TP\nENVDRIFT_CACHE_DIR\nthe result cache directory (default $XDG_CACHE_HOME/envdrift or ~/.cache/envdrift)\n"
      ".TP\nENVDRIFT_PARSE_TIMEOUT_MS\nthe parse timeout per file (default 10000)\n"
      ".SH FILES\n"
      ".TP\n\\&.envdrift.toml\nthe configuration, found upward from the first PATH; \\fBenvdrift init\\fR writes one\n";
  return out;
}

namespace {

int emit_generated(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::cout << text;
    std::cout.flush();
    return 0;
  }
  std::error_code ec;
  if (auto parent = std::filesystem::path(output).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent, ec);
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    std::cerr << "envdrift: error: cannot write " << output << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

CLI::App* add_completions_command(CLI::App& app, GeneratedOutput& o) {
  CLI::App* cmd = app.add_subcommand("completions", "Print the shell completion script (bash, zsh or fish)");
  cmd->add_option("SHELL", o.shell, "The shell")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->add_option("--output,-o", o.output, "Write the script to FILE instead of stdout");
  return cmd;
}

CLI::App* add_man_command(CLI::App& app, GeneratedOutput& o) {
  CLI::App* cmd = app.add_subcommand("man", "Print the man page (roff)");
  cmd->add_option("--output,-o", o.output, "Write the page to FILE instead of stdout");
  return cmd;
}

int run_completions(const CLI::App& root, const GeneratedOutput& o) {
  return emit_generated(completion_script(describe_cli(root), o.shell), o.output);
}

int run_man(const CLI::App& root, const GeneratedOutput& o, const std::string& version) {
  return emit_generated(man_page(describe_cli(root), version), o.output);
}

}  // namespace envdrift
