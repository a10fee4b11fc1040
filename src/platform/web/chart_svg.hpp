// Small server-rendered SVG charts (bar and line) for the statistics pages:
// no script, readable by screen readers (role="img" with <title> and
// <desc>), every label escaped, Korean text fine (UTF-8 passes through).
#pragma once

#include <string>
#include <vector>

namespace moim::web {

struct ChartPoint {
  std::string label;  // on the x axis, e.g. a project title or a week
  double value = 0;
};

struct Chart {
  std::string id;           // unique on the page; prefixes the title/desc ids ([A-Za-z0-9_-])
  std::string title;        // what the chart shows, e.g. "프로젝트별 수료율"
  std::string description;  // one sentence read by screen readers
  std::vector<ChartPoint> points;
  double max_value = 0;  // top of the y axis; 0: the largest value (at least 1)
  std::string unit;      // appended to value labels, e.g. "%"
};

inline constexpr int kChartWidth = 640;
inline constexpr int kChartHeight = 280;
inline constexpr std::size_t kMaxChartPoints = 200;  // more are left out (the CSV has all)

// One bar per point, its value written above it.
std::string bar_chart_svg(const Chart& chart);
// Points joined by a line, each marked and labelled.
std::string line_chart_svg(const Chart& chart);

// &, <, >, " and ' as entities, for SVG text and attributes.
std::string xml_escape(const std::string& text);

}  // namespace moim::web
