#include "cli/color.h"

namespace envdrift {

bool parse_color_mode(const std::string& text, ColorMode& out) {
  if (text == "auto") out = ColorMode::Auto;
  else if (text == "always") out = ColorMode::Always;
  else if (text == "never") out = ColorMode::Never;
  else return false;
  return true;
}

bool decide_color(ColorMode mode, bool to_terminal, const char* no_color) {
  switch (mode) {
    case ColorMode::Always: return true;
    case ColorMode::Never: return false;
    case ColorMode::Auto: break;
  }
  bool disabled = no_color != nullptr && no_color[0] != '\0';  // only a non-empty NO_COLOR disables
  return to_terminal && !disabled;
}

}  // namespace envdrift
