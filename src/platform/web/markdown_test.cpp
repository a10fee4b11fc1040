#include "platform/web/markdown.hpp"

#include <gtest/gtest.h>

namespace moim::web {
namespace {

TEST(Markdown, RendersMarkdownAndEscapesRawHtml) {
  const std::string html = render_markdown("# 주간 스터디\n\n**굵게** <script>alert(1)</script>\n");
  EXPECT_NE(html.find("<h1>주간 스터디</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>굵게</strong>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
}

TEST(Markdown, KeepsSafeLinksAndNeutralizesDangerousOnes) {
  const std::vector<std::pair<std::string, bool>> cases{
      {"[a](https://pseudo-lab.com/x?a=1&b=2)", true},
      {"[a](/c/pseudolab)", true},
      {"[a](mailto:hi@example.com)", true},
      {"[a](javascript:alert(1))", false},
      {"[a](JaVaScRiPt:alert(1))", false},
      {"[a](data:text/html;base64,PHNjcmlwdD4=)", false},
      {"[a](&#106;avascript:alert(1))", false},
      {"![i](vbscript:msgbox)", false},
  };
  for (const auto& [markdown, safe] : cases) {
    const std::string html = render_markdown(markdown);
    const bool neutralized = html.find("=\"#\"") != std::string::npos;
    EXPECT_EQ(neutralized, !safe) << markdown << " -> " << html;
    EXPECT_EQ(html.find("avascript:"), std::string::npos) << html;
  }
}

TEST(Markdown, RawHtmlAttributesCannotSneakIn) {
  const std::string html =
      render_markdown("<img src=x onerror=alert(1)>\n\n<a href=\"javascript:x\">y</a>");
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("<a href"), std::string::npos) << html;
}

}  // namespace
}  // namespace moim::web
