// The merge, the ranking and the snippets, without a database.
#include "features/search/results.hpp"

#include <gtest/gtest.h>

namespace moim::search {
namespace {

SearchHit hit(std::string kind, std::int64_t id, int score, std::int64_t time) {
  return {.kind = std::move(kind), .id = id, .score = score, .time = time};
}

std::vector<std::string> order(const std::vector<SearchHit>& hits) {
  std::vector<std::string> names;
  for (const auto& found : hits) names.push_back(found.kind + std::to_string(found.id));
  return names;
}

TEST(SearchMerge, TitleMatchesFirstThenNewestThenKindAndId) {
  std::vector<std::vector<SearchHit>> sources{
      {hit("project", 1, kTitleScore, 100), hit("project", 2, kTextScore, 300)},
      {hit("growth_log", 7, kTextScore, 300), hit("growth_log", 8, kTextScore, 50)},
      {hit("event", 3, kTitleScore, 200)}};
  EXPECT_EQ(
      order(merge_hits(sources, 0, 10)),
      (std::vector<std::string>{"event3", "project1", "growth_log7", "project2", "growth_log8"}));
}

TEST(SearchMerge, PagesAcrossSources) {
  std::vector<std::vector<SearchHit>> sources{
      {hit("project", 1, kTextScore, 90), hit("project", 2, kTextScore, 70)},
      {hit("member", 5, kTextScore, 80), hit("member", 6, kTextScore, 60)}};
  EXPECT_EQ(order(merge_hits(sources, 0, 2)), (std::vector<std::string>{"project1", "member5"}));
  EXPECT_EQ(order(merge_hits(sources, 2, 2)), (std::vector<std::string>{"project2", "member6"}));
  EXPECT_TRUE(merge_hits(sources, 4, 2).empty());
  EXPECT_TRUE(merge_hits({}, 0, 20).empty());
}

TEST(SearchSnippet, MarksEveryMatchEscaped) {
  EXPECT_EQ(snippet_html("추천시스템을 만들고 추천 결과를 봤다", "추천"),
            "<mark>추천</mark>시스템을 만들고 <mark>추천</mark> 결과를 봤다");
  EXPECT_EQ(snippet_html("Built a <Recommender> & more", "recommender"),
            "Built a &lt;<mark>Recommender</mark>&gt; &amp; more");
}

TEST(SearchSnippet, CutsAroundTheMatchOnCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "가";
  text += " 추천시스템 ";
  for (int i = 0; i < 100; ++i) text += "나";
  const std::string html = snippet_html(text, "추천", 40);
  EXPECT_EQ(html.rfind("…", 0), 0u) << html;  // cut before
  EXPECT_NE(html.find("<mark>추천</mark>시스템"), std::string::npos) << html;
  EXPECT_EQ(html.substr(html.size() - std::string("…").size()), "…");
  // 10 characters before the match, 40 in all: whole syllables only.
  EXPECT_NE(html.find("가가가가가가가가가 <mark>"), std::string::npos) << html;
}

TEST(SearchSnippet, NoMatchInTheTextShowsItsBeginning) {
  EXPECT_EQ(snippet_html("line one\n\n  line two", "title-only"), "line one line two");
  EXPECT_EQ(snippet_html("", "x"), "");
}

TEST(SearchSnippet, WildcardsAreText) {
  EXPECT_EQ(marked_html("100% done_now", "0% d"), "10<mark>0% d</mark>one_now");
  EXPECT_EQ(marked_html("a_b", "%"), "a_b");
}

}  // namespace
}  // namespace moim::search
