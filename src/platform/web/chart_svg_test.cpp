#include "platform/web/chart_svg.hpp"

#include <expat.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace moim::web {
namespace {

// Parses the SVG with a real XML parser; collects element names and the
// text of <title> elements so the tests can look at what a reader hears.
struct Parsed {
  bool well_formed = false;
  std::string error;
  std::vector<std::string> elements;
  std::vector<std::string> titles;
  std::string root_role;
};

Parsed parse(const std::string& svg) {
  struct State {
    Parsed parsed;
    bool in_title = false;
  } parsing;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &parsing);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char** attributes) {
        auto& state = *static_cast<State*>(data);
        if (state.parsed.elements.empty()) {
          for (int idx = 0; attributes[idx] != nullptr; idx += 2)
            if (std::string(attributes[idx]) == "role")
              state.parsed.root_role = attributes[idx + 1];
        }
        state.parsed.elements.emplace_back(name);
        if (std::string(name) == "title") {
          state.in_title = true;
          state.parsed.titles.emplace_back();
        }
      },
      [](void* data, const XML_Char* name) {
        if (std::string(name) == "title") static_cast<State*>(data)->in_title = false;
      });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int length) {
    auto& state = *static_cast<State*>(data);
    if (state.in_title) state.parsed.titles.back().append(text, static_cast<std::size_t>(length));
  });
  parsing.parsed.well_formed =
      XML_Parse(parser, svg.data(), static_cast<int>(svg.size()), 1) == XML_STATUS_OK;
  if (!parsing.parsed.well_formed) parsing.parsed.error = XML_ErrorString(XML_GetErrorCode(parser));
  XML_ParserFree(parser);
  return parsing.parsed;
}

Chart hostile_chart() {
  return {.id = "rates",
          .title = "프로젝트별 수료율 <script>alert(1)</script>",
          .description = "Completion & drop-outs \"per\" project's",
          .points = {{"LLM 논문 읽기", 93.8}, {"<b>&amp;</b>", 50}, {"Kaggle \x01 study", 100}},
          .max_value = 100,
          .unit = "%"};
}

TEST(ChartSvg, BarChartIsWellFormedAccessibleAndEscaped) {
  const std::string svg = bar_chart_svg(hostile_chart());
  const Parsed parsed = parse(svg);
  ASSERT_TRUE(parsed.well_formed) << parsed.error << "\n" << svg;
  EXPECT_EQ(parsed.elements.front(), "svg");
  EXPECT_EQ(parsed.root_role, "img");
  EXPECT_NE(std::find(parsed.elements.begin(), parsed.elements.end(), "desc"),
            parsed.elements.end());
  // The chart's title comes first, unescaped for the reader; no element was injected.
  EXPECT_EQ(parsed.titles.front(), "프로젝트별 수료율 <script>alert(1)</script>");
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "script"), 0);
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "b"), 0);
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "rect"), 3);
  // Each bar carries its full label and value.
  EXPECT_EQ(parsed.titles[1], "LLM 논문 읽기: 93.8%");
  EXPECT_EQ(parsed.titles[2], "<b>&amp;</b>: 50%");
  EXPECT_NE(svg.find("aria-labelledby=\"rates-title rates-desc\""), std::string::npos);
}

TEST(ChartSvg, LineChartIsWellFormedWithOnePointPerValue) {
  Chart chart{.id = "attendance\"><x", .title = "주차별 출석률", .description = "출석률"};
  for (int week = 1; week <= 8; ++week)
    chart.points.push_back({"2027-W0" + std::to_string(week), 70.0 + week});
  const std::string svg = line_chart_svg(chart);
  const Parsed parsed = parse(svg);
  ASSERT_TRUE(parsed.well_formed) << parsed.error << "\n" << svg;
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "circle"), 8);
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "polyline"), 1);
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "x"), 0);  // id sanitised
  EXPECT_EQ(parsed.titles[1], "2027-W01: 71");
}

TEST(ChartSvg, EmptyAndOversizedChartsStayWellFormed) {
  EXPECT_TRUE(parse(bar_chart_svg({.id = "none", .title = "-", .description = ""})).well_formed);
  EXPECT_TRUE(parse(line_chart_svg({.id = "none", .title = "-", .description = ""})).well_formed);
  Chart many{.id = "many", .title = "many", .description = "many"};
  for (std::size_t idx = 0; idx < kMaxChartPoints + 50; ++idx)
    many.points.push_back({"긴 프로젝트 이름 " + std::to_string(idx), static_cast<double>(idx)});
  const Parsed parsed = parse(bar_chart_svg(many));
  ASSERT_TRUE(parsed.well_formed) << parsed.error;
  EXPECT_EQ(std::count(parsed.elements.begin(), parsed.elements.end(), "rect"),
            static_cast<long>(kMaxChartPoints));
}

TEST(ChartSvg, ValuesAboveTheTopAreClampedIntoThePlot) {
  const std::string svg = bar_chart_svg(
      {.id = "c", .title = "t", .description = "d", .points = {{"a", 250}}, .max_value = 100});
  EXPECT_TRUE(parse(svg).well_formed);
  EXPECT_EQ(svg.find("height=\"-"), std::string::npos);
  EXPECT_EQ(svg.find("y=\"-"), std::string::npos);
}

TEST(ChartSvg, XmlEscapeCoversMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(xml_escape("a<b>&\"'\x02z"), "a&lt;b&gt;&amp;&quot;&#39;z");
  EXPECT_EQ(xml_escape("한글"), "한글");
}

}  // namespace
}  // namespace moim::web
