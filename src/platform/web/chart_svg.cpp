#include "platform/web/chart_svg.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace moim::web {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n') break;
        out += ch;
    }
  }
  return out;
}

namespace {

constexpr int kLeft = 48;  // room for the y axis labels
constexpr int kRight = 16;
constexpr int kTop = 24;
constexpr int kBottom = 64;  // room for the x labels
constexpr int kPlotWidth = kChartWidth - kLeft - kRight;
constexpr int kPlotHeight = kChartHeight - kTop - kBottom;

std::string number(double value) {
  char buffer[32];
  if (std::abs(value - std::round(value)) < 1e-9)
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  else
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string safe_id(const std::string& id) {
  std::string out;
  for (char ch : id)
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_') out += ch;
  return out.empty() ? "chart" : out;
}

// A label wider than its slot is shortened with an ellipsis (the full text
// stays in the point's <title>). Width in half-ems: ASCII 1, anything else
// (Hangul, CJK) 2.
std::string short_label(const std::string& label, std::size_t max_units) {
  std::size_t units = 0, idx = 0;
  while (idx < label.size()) {
    const auto lead = static_cast<unsigned char>(label[idx]);
    const std::size_t width = lead < 0x80 ? 1 : 2;
    if (units + width > max_units) return label.substr(0, idx) + "…";
    idx += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    units += width;
  }
  return label;
}

struct Frame {
  std::string svg;
  double top = 1;
  std::vector<ChartPoint> points;
};

Frame open_frame(const Chart& chart) {
  Frame frame;
  frame.points = chart.points;
  if (frame.points.size() > kMaxChartPoints) frame.points.resize(kMaxChartPoints);
  double largest = 0;
  for (const auto& point : frame.points) largest = std::max(largest, point.value);
  frame.top = chart.max_value > 0 ? chart.max_value : std::max(1.0, largest);
  const std::string id = safe_id(chart.id);
  frame.svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
      std::to_string(kChartWidth) + " " + std::to_string(kChartHeight) + "\" aria-labelledby=\"" +
      id + "-title " + id + "-desc\">";
  frame.svg += "<title id=\"" + id + "-title\">" + xml_escape(chart.title) + "</title>";
  frame.svg += "<desc id=\"" + id + "-desc\">" + xml_escape(chart.description) + "</desc>";
  // Axes and three guide lines (0, half, top).
  for (int step = 0; step <= 2; ++step) {
    const double value = frame.top * step / 2;
    const int y = kTop + kPlotHeight - kPlotHeight * step / 2;
    frame.svg += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + std::to_string(y) +
                 "\" x2=\"" + std::to_string(kLeft + kPlotWidth) + "\" y2=\"" + std::to_string(y) +
                 "\" stroke=\"#ccc\"/>";
    frame.svg += "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + std::to_string(y + 4) +
                 "\" text-anchor=\"end\" font-size=\"11\">" +
                 xml_escape(number(value) + chart.unit) + "</text>";
  }
  if (frame.points.empty()) {
    frame.svg += "<text x=\"" + std::to_string(kChartWidth / 2) + "\" y=\"" +
                 std::to_string(kTop + kPlotHeight / 2) +
                 "\" text-anchor=\"middle\" font-size=\"13\">-</text>";
  }
  return frame;
}

double y_of(const Frame& frame, double value) {
  const double clamped = std::clamp(value, 0.0, frame.top);
  return kTop + kPlotHeight - kPlotHeight * clamped / frame.top;
}

double slot_width(const Frame& frame) {
  return static_cast<double>(kPlotWidth) / std::max<std::size_t>(1, frame.points.size());
}

std::string x_label(const Frame& frame, std::size_t idx, double center) {
  // About 6.5 px per half-em at font-size 11; keep one unit for the ellipsis.
  const std::size_t max_units =
      std::max<std::size_t>(2, static_cast<std::size_t>(slot_width(frame) / 6.5) - 1);
  return "<text x=\"" + number(center) + "\" y=\"" + std::to_string(kTop + kPlotHeight + 16) +
         "\" text-anchor=\"middle\" font-size=\"11\">" +
         xml_escape(short_label(frame.points[idx].label, max_units)) + "</text>";
}

}  // namespace

std::string bar_chart_svg(const Chart& chart) {
  Frame frame = open_frame(chart);
  const double slot = slot_width(frame);
  for (std::size_t idx = 0; idx < frame.points.size(); ++idx) {
    const auto& point = frame.points[idx];
    const double x = kLeft + slot * static_cast<double>(idx) + slot * 0.15;
    const double y = y_of(frame, point.value);
    const double height = kTop + kPlotHeight - y;
    frame.svg += "<g><title>" + xml_escape(point.label + ": " + number(point.value) + chart.unit) +
                 "</title><rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" +
                 number(slot * 0.7) + "\" height=\"" + number(height) +
                 "\" fill=\"#3b6fd8\"/><text x=\"" + number(x + slot * 0.35) + "\" y=\"" +
                 number(y - 4) + "\" text-anchor=\"middle\" font-size=\"11\">" +
                 xml_escape(number(point.value) + chart.unit) + "</text></g>";
    frame.svg += x_label(frame, idx, x + slot * 0.35);
  }
  return frame.svg + "</svg>";
}

std::string line_chart_svg(const Chart& chart) {
  Frame frame = open_frame(chart);
  const double slot = slot_width(frame);
  std::string path;
  for (std::size_t idx = 0; idx < frame.points.size(); ++idx) {
    const double x = kLeft + slot * (static_cast<double>(idx) + 0.5);
    path += (idx == 0 ? "" : " ") + number(x) + "," + number(y_of(frame, frame.points[idx].value));
  }
  if (frame.points.size() > 1)
    frame.svg +=
        "<polyline points=\"" + path + "\" fill=\"none\" stroke=\"#3b6fd8\" stroke-width=\"2\"/>";
  for (std::size_t idx = 0; idx < frame.points.size(); ++idx) {
    const auto& point = frame.points[idx];
    const double x = kLeft + slot * (static_cast<double>(idx) + 0.5);
    const double y = y_of(frame, point.value);
    frame.svg += "<g><title>" + xml_escape(point.label + ": " + number(point.value) + chart.unit) +
                 "</title><circle cx=\"" + number(x) + "\" cy=\"" + number(y) +
                 "\" r=\"4\" fill=\"#3b6fd8\"/><text x=\"" + number(x) + "\" y=\"" + number(y - 8) +
                 "\" text-anchor=\"middle\" font-size=\"11\">" +
                 xml_escape(number(point.value) + chart.unit) + "</text></g>";
    frame.svg += x_label(frame, idx, x);
  }
  return frame.svg + "</svg>";
}

}  // namespace moim::web
