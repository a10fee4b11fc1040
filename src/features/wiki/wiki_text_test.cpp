// A wiki page's text: titles fold, [[links]] resolve or show as missing,
// code is left alone, script and javascript: are neutralised by the
// sanitizing renderer, and headings make the table of contents.
#include "features/wiki/wiki_text.hpp"

#include <gtest/gtest.h>

namespace moim::wiki::text {
namespace {

FindPage only(const std::string& title, std::int64_t id) {
  return [=](const std::string& asked) -> std::optional<std::int64_t> {
    if (fold_title(asked) == fold_title(title)) return id;
    return std::nullopt;
  };
}

TEST(WikiText, FoldsTitles) {
  EXPECT_EQ(fold_title("  Code  of   Conduct "), "code of conduct");
  EXPECT_EQ(fold_title("온보딩 가이드"), "온보딩 가이드");
  EXPECT_TRUE(title_problem("온보딩 가이드").empty());
  EXPECT_FALSE(title_problem("a/b").empty());
  EXPECT_FALSE(title_problem("[[x]]").empty());
  EXPECT_FALSE(title_problem("   ").empty());
}

TEST(WikiText, FindsLinksOutsideCode) {
  const std::string body =
      "See [[온보딩 가이드]] and [[Code of conduct|the code]].\n"
      "`[[not a link]]`\n```\n[[nor this]]\n```\n[[온보딩  가이드]] again";
  EXPECT_EQ(link_titles(body), (std::vector<std::string>{"온보딩 가이드", "Code of conduct"}));
}

TEST(WikiText, ResolvesExistingAndMissingLinks) {
  const std::string out = resolve_links("[[온보딩 가이드]] · [[Missing page|누락]]", "/c/lab/wiki",
                                        only("온보딩 가이드", 7));
  EXPECT_EQ(out, "[온보딩 가이드](/c/lab/wiki/7) · [누락](/c/lab/wiki/new?title=Missing%20page)");
}

TEST(WikiText, RendersMissingLinksAndHeadingIds) {
  const auto rendered =
      render("# 소개\n\n[[없는 페이지]]\n\n## 규칙 *하나*\n\ntext", "/c/lab/wiki", only("x", 1));
  EXPECT_NE(rendered.html.find("<a class=\"wiki-missing\" href=\"/c/lab/wiki/new?title="),
            std::string::npos)
      << rendered.html;
  EXPECT_NE(rendered.html.find("<h1 id=\"section-1\">소개</h1>"), std::string::npos)
      << rendered.html;
  ASSERT_EQ(rendered.toc.size(), 2u);
  EXPECT_EQ(rendered.toc[0].level, 1);
  EXPECT_EQ(rendered.toc[1].id, "section-2");
  EXPECT_EQ(rendered.toc[1].text, "규칙 하나");
}

TEST(WikiText, NeutralisesScriptsAndJavascriptLinks) {
  const auto rendered = render(
      "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n"
      "[[<b>bold</b>]]",
      "/c/lab/wiki", only("x", 1));
  EXPECT_EQ(rendered.html.find("<script"), std::string::npos) << rendered.html;
  EXPECT_EQ(rendered.html.find("javascript:"), std::string::npos) << rendered.html;
  EXPECT_EQ(rendered.html.find("<img"), std::string::npos) << rendered.html;
  EXPECT_EQ(rendered.html.find("<b>"), std::string::npos) << rendered.html;
}

}  // namespace
}  // namespace moim::wiki::text
