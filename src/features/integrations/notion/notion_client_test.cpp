// The pieces of the Notion connector that need no server: the request
// pacer (three requests per second per token), database ids as organizers
// paste them, what a page says, and Notion's limits on text (never empty,
// 2,000 characters per text object) and on blocks.
#include <gtest/gtest.h>

#include "features/integrations/notion/connection.hpp"
#include "features/integrations/notion/notion_client.hpp"
#include "features/integrations/notion/page_content.hpp"

namespace moim::automation::notion {
namespace {

TEST(RequestPacer, SpacesOneTokensRequestsAndLeavesOthersAlone) {
  RequestPacer pacer(std::chrono::milliseconds(334));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(pacer.reserve("a", start).count(), 0);
  EXPECT_EQ(pacer.reserve("a", start).count(), 334);
  EXPECT_EQ(pacer.reserve("a", start).count(), 668);
  EXPECT_EQ(pacer.reserve("b", start).count(), 0) << "another token has its own budget";
  // Ten requests at once: the last waits about three seconds, so a second
  // of any window holds at most three of them.
  for (int idx = 0; idx < 6; ++idx) pacer.reserve("a", start);
  EXPECT_EQ(pacer.reserve("a", start).count(), 334 * 9);
  // After a quiet spell there is no debt to pay.
  const auto later = start + std::chrono::seconds(10);
  EXPECT_EQ(pacer.reserve("a", later).count(), 0);
}

TEST(DatabaseId, AcceptsAnIdWithOrWithoutDashesOrALink) {
  const std::string plain = "5c6a28216bb14a7eb6e1c50111515c3d";
  EXPECT_EQ(parse_database_id(plain).value(), plain);
  EXPECT_EQ(parse_database_id("5c6a2821-6bb1-4a7e-b6e1-c50111515c3d").value(), plain);
  EXPECT_EQ(
      parse_database_id("https://www.notion.so/pseudolab/Projects-" + plain + "?v=abc").value(),
      plain);
  EXPECT_EQ(parse_database_id("5C6A28216BB14A7EB6E1C50111515C3D").value(), plain);
  for (const std::string bad : {"", "not an id", "5c6a2821", "https://www.notion.so/x"}) {
    auto parsed = parse_database_id(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field, "database_id");
    EXPECT_EQ(parsed.error().http_status, 400);
  }
}

TEST(PageContent, PropertiesCarryEveryColumnAndTheHashFollowsTheContent) {
  ProjectPage page;
  page.project_id = 42;
  page.title = "LLM 논문 읽기";
  page.builders = "김빌더";
  page.members = "이러너, 박러너";
  page.schedule = "Wed 20:00–21:30 (Asia/Seoul) · 2026-03-04 → 2026-05-27 · online";
  page.status = "Running";
  page.cohort = "7기";
  const auto properties = page_properties(page, "Name");
  EXPECT_EQ(properties.at("Name").at("title").at(0).at("text").at("content").as_string(),
            "LLM 논문 읽기");
  EXPECT_EQ(properties.at("Members").at("rich_text").at(0).at("text").at("content").as_string(),
            "이러너, 박러너");
  EXPECT_EQ(properties.at("Status").at("select").at("name").as_string(), "Running");
  EXPECT_EQ(properties.at(kProjectIdProperty).at("number").as_int64(), 42);
  for (const PropertySpec& spec : kProperties) EXPECT_TRUE(properties.contains(spec.name));

  const std::string before = content_hash(page);
  EXPECT_EQ(content_hash(ProjectPage::from_json(page.to_json())), before)
      << "the payload round trip keeps what is written";
  page.members += ", 최러너";
  EXPECT_NE(content_hash(page), before);
}

TEST(PageContent, EmptyTextIsAnEmptyArrayEverywhere) {
  EXPECT_TRUE(rich_text("").empty()) << "Notion refuses an empty text.content";
  ProjectPage page;  // a project in recruiting: no builders accepted, no members yet
  page.project_id = 7;
  page.title = "추천 시스템 스터디";
  page.status = "Recruiting";
  const auto properties = page_properties(page, "Name");
  for (const char* name : {"Builders", "Schedule", "Members", "Cohort"})
    EXPECT_TRUE(properties.at(name).at("rich_text").as_array().empty()) << name;
  EXPECT_EQ(properties.at("Name").at("title").as_array().size(), 1u);
}

std::string joined(const boost::json::array& parts) {
  std::string text;
  for (const auto& part : parts) text += part.at("text").at("content").as_string();
  return std::string(text);
}

TEST(PageContent, LongTextIsSplitIntoObjectsOfTwoThousandCharacters) {
  const std::string ascii(4500, 'a');
  auto parts = rich_text(ascii);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].at("text").at("content").as_string().size(), 2000u);
  EXPECT_EQ(parts[2].at("text").at("content").as_string().size(), 500u);
  EXPECT_EQ(joined(parts), ascii);
  // Korean: 2,001 syllables (3 bytes each, one UTF-16 unit) make 2 objects,
  // cut between characters.
  std::string korean;
  for (int idx = 0; idx < 2001; ++idx) korean += "가";
  parts = rich_text(korean);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("text").at("content").as_string().size(), 2000u * 3);
  EXPECT_EQ(parts[1].at("text").at("content").as_string(), "가");
  // An emoji is two UTF-16 units, as Notion counts: 1,000 fit, not 1,001.
  std::string emoji;
  for (int idx = 0; idx < 1001; ++idx) emoji += "😀";
  parts = rich_text(emoji);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("text").at("content").as_string().size(), 1000u * 4);
  EXPECT_EQ(joined(parts), emoji);
  EXPECT_EQ(rich_text(std::string(2000, 'b')).size(), 1u);
}

TEST(PageContent, TheBodyIsTheSummaryThenOneBlockPerLine) {
  ProjectPage page;
  page.summary = "LLM 논문을 매주 한 편씩 읽어요.";
  page.description =
      "# 소개\n\n매주 발표합니다.\r\n- 준비물: 노트북\n1. 첫 주\n> 인용\n## 일정\n### 세부";
  const auto blocks = page_body(page);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"quote", "LLM 논문을 매주 한 편씩 읽어요."},
      {"heading_1", "소개"},
      {"paragraph", "매주 발표합니다."},
      {"bulleted_list_item", "준비물: 노트북"},
      {"numbered_list_item", "첫 주"},
      {"quote", "인용"},
      {"heading_2", "일정"},
      {"heading_3", "세부"}};
  ASSERT_EQ(blocks.size(), expected.size());
  for (std::size_t idx = 0; idx < expected.size(); ++idx) {
    const auto& block = blocks[idx].as_object();
    EXPECT_EQ(block.at("type").as_string(), expected[idx].first) << idx;
    EXPECT_EQ(joined(block.at(expected[idx].first).at("rich_text").as_array()),
              expected[idx].second);
  }
  EXPECT_TRUE(page_body(ProjectPage{}).empty());
  ProjectPage long_page;
  for (int idx = 0; idx < 250; ++idx) long_page.description += "line\n";
  EXPECT_EQ(page_body(long_page).size(), 250u) << "the connector sends it 100 at a time";
}

TEST(NotionResponse, TellsTransientFromPermanent) {
  NotionResponse limited;
  limited.status = 429;
  EXPECT_TRUE(limited.transient());
  NotionResponse broken;
  broken.status = 502;
  EXPECT_TRUE(broken.transient());
  NotionResponse timeout;
  timeout.transport_error = "Operation timed out";
  EXPECT_TRUE(timeout.transient());
  NotionResponse refused;
  refused.status = 400;
  refused.body = boost::json::object{{"object", "error"},
                                     {"status", 400},
                                     {"code", "validation_error"},
                                     {"message", "Title is not provided."}};
  EXPECT_FALSE(refused.transient());
  EXPECT_EQ(refused.problem(), "Notion 400 validation_error: Title is not provided.");
}

}  // namespace
}  // namespace moim::automation::notion
