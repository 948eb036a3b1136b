// Whether the text output is coloured: `--color auto|always|never` and NO_COLOR (no-color.org).
#pragma once

#include <string>

namespace envdrift {

enum class ColorMode { Auto, Always, Never };

// "auto", "always", "never" -> the mode; false for anything else.
bool parse_color_mode(const std::string& text, ColorMode& out);

// `always` and `never` are what they say (a command-line choice overrides the environment, as
// no-color.org asks). `auto` colours only a terminal (`to_terminal`: stdout is a TTY and no
// --output file) and only when NO_COLOR is unset or empty (`no_color` is getenv("NO_COLOR")).
bool decide_color(ColorMode mode, bool to_terminal, const char* no_color);

}  // namespace envdrift
