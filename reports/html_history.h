// The nightly trend behind `--format html --history DIR`: earlier `--format json` reports read
// back as counts per kind, and the small inline-SVG chart drawn from them.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "reports/findings.h"

namespace envdrift {

struct HistoryPoint {
  std::string label;                // the file name without ".json" (e.g. "2026-11-21"), or "this run"
  std::array<size_t, kFindingKindCount> counts{};   // new findings per kind, in kAllFindingKinds order
};

struct History {
  std::vector<HistoryPoint> points;  // by file name, oldest first
  std::vector<std::string> skipped;  // files in DIR that are not envdrift JSON reports
};

// Every *.json in `dir` (not recursive), sorted by name, so date-named files give nights in
// order. Counts come from the report's findings (known ones left out), else from its summary.
History load_history(const std::string& dir);

// The point for the report being rendered.
HistoryPoint history_point(const Report& report, std::string label);

// An <svg> line chart: one line per kind that was ever non-zero plus the total, a legend, and the
// labels on the x axis. Empty string for no points.
std::string trend_chart_svg(const std::vector<HistoryPoint>& points);

}  // namespace envdrift
