#include "reports/html_history.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/format_helpers.h"

namespace fs = std::filesystem;

namespace envdrift {

namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Line colours per kind (kAllFindingKinds order), then the total.
constexpr std::array<const char*, kFindingKindCount> kKindColours{"#d73a49", "#b08800", "#8250df", "#0969da", "#bc4c00", "#1a7f37", "#6e7781"};
constexpr const char* kTotalColour = "#24292f";

bool point_from_json(const nlohmann::json& j, HistoryPoint& p) {
  if (!j.is_object() || !j.contains("summary") || !j["summary"].is_object()) return false;
  if (j.contains("findings") && j["findings"].is_array()) {
    for (const auto& f : j["findings"]) {
      if (!f.is_object() || !f.contains("kind") || !f["kind"].is_string()) continue;
      if (f.contains("known") && f["known"].is_boolean() && f["known"].get<bool>()) continue;
      auto kind = parse_finding_kind(f["kind"].get<std::string>());
      if (kind) ++p.counts[kind_index(*kind)];
    }
    return true;
  }
  const auto& s = j["summary"];
  for (FindingKind k : kAllFindingKinds) {
    std::string key(finding_kind_name(k));
    if (s.contains(key) && s[key].is_number_unsigned()) p.counts[kind_index(k)] = s[key].get<size_t>();
  }
  return true;
}

}  // namespace

History load_history(const std::string& dir) {
  History h;
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    HistoryPoint p;
    p.label = path.stem().string();
    nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !point_from_json(j, p)) {
      h.skipped.push_back(path.filename().string());
      continue;
    }
    h.points.push_back(std::move(p));
  }
  return h;
}

HistoryPoint history_point(const Report& report, std::string label) {
  HistoryPoint p;
  p.label = std::move(label);
  for (const auto& f : report.findings)
    if (!f.known) ++p.counts[kind_index(f.kind)];
  return p;
}

std::string trend_chart_svg(const std::vector<HistoryPoint>& points) {
  if (points.empty()) return "";
  constexpr int kWidth = 740, kHeight = 240, kLeft = 64, kRight = 150, kTop = 16, kBottom = 56;
  const int plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  size_t max_total = 1;
  std::array<bool, kFindingKindCount> used{};
  for (const auto& p : points) {
    size_t total = 0;
    for (size_t i = 0; i < p.counts.size(); ++i) {
      total += p.counts[i];
      used[i] = used[i] || p.counts[i] > 0;
    }
    max_total = std::max(max_total, total);
  }
  auto x_of = [&](size_t i) {
    return points.size() == 1 ? kLeft + plot_w / 2.0 : kLeft + plot_w * static_cast<double>(i) / (points.size() - 1);
  };
  auto y_of = [&](size_t v) { return kTop + plot_h * (1.0 - static_cast<double>(v) / max_total); };

  std::string svg = fmt::format(
      "<svg id=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"new findings per night\">\n",
      kWidth, kHeight);
  // axes and the y scale (0 and the maximum)
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#8c959f\"/>\n", kLeft, kTop, kTop + plot_h);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#8c959f\"/>\n", kLeft, kTop + plot_h,
                     kLeft + plot_w);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"axis\">0</text>\n", kLeft - 6, kTop + plot_h + 4);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"axis\">{}</text>\n", kLeft - 6, kTop + 4, max_total);

  auto series = [&](const char* colour, const std::string& name, auto value_of) {
    std::string pts;
    std::string dots;
    for (size_t i = 0; i < points.size(); ++i) {
      size_t v = value_of(points[i]);
      pts += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "" : " ", x_of(i), y_of(v));
      dots += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} {}: {}</title></circle>\n",
                          x_of(i), y_of(v), colour, xml_escape(points[i].label), xml_escape(name), v);
    }
    svg += fmt::format("<polyline class=\"series\" data-series=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
                       "points=\"{}\"/>\n",
                       xml_escape(name), colour, pts);
    svg += dots;
  };
  int legend_y = kTop + 4;
  auto legend = [&](const char* colour, const std::string& name) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"4\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
                       "class=\"legend\">{}</text>\n",
                       kLeft + plot_w + 14, legend_y, colour, kLeft + plot_w + 32, legend_y + 6, xml_escape(name));
    legend_y += 18;
  };
  series(kTotalColour, "total", [](const HistoryPoint& p) {
    size_t t = 0;
    for (size_t c : p.counts) t += c;
    return t;
  });
  legend(kTotalColour, "total");
  for (size_t k = 0; k < kAllFindingKinds.size(); ++k) {
    if (!used[k]) continue;
    std::string name(finding_kind_name(kAllFindingKinds[k]));
    series(kKindColours[k], name, [k](const HistoryPoint& p) { return p.counts[k]; });
    legend(kKindColours[k], name);
  }
  // x labels: all of them when few, else every n-th plus the last
  size_t every = std::max<size_t>(1, (points.size() + 9) / 10);
  for (size_t i = 0; i < points.size(); ++i) {
    if (i % every != 0 && i + 1 != points.size()) continue;
    svg += fmt::format("<text class=\"axis\" text-anchor=\"end\" transform=\"translate({:.1f},{}) rotate(-30)\">{}</text>\n",
                       x_of(i), kTop + plot_h + 14, xml_escape(points[i].label));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace envdrift
