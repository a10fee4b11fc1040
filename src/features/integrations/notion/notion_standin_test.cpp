// The Notion stand-in (tests/standins/notion_standin.py) refuses what Notion
// refuses, so the connector's tests mean something: each rule with a wrong
// request that fails and the right one that passes. The rules: the version
// header's value, populated text of at most 2,000 characters, at most 100
// blocks per request, no edits to a page in the trash until it is restored
// on its own, and data sources (2025-09-03) instead of the 2022 endpoints.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "features/integrations/notion/notion_client.hpp"
#include "features/integrations/testing/helper_process.hpp"

namespace moim::automation::notion {
namespace {

constexpr const char* kToken = "secret_standin";
constexpr const char* kDatabase = "5c6a28216bb14a7eb6e1c50111515c3d";

class NotionStandinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    standin_ = std::make_unique<testing::HelperProcess>(
        MOIM_SOURCE_DIR "/tests/standins/notion_standin.py",
        std::vector<std::string>{"--moim-columns", "yes"});
    client_ = client(kNotionVersion);
    auto database = client_->send(kToken, "GET", std::string("/v1/databases/") + kDatabase);
    ASSERT_EQ(database.status, 200);
    source_ = std::string(database.body.at("data_sources").at(0).at("id").as_string());
  }

  std::unique_ptr<NotionClient> client(const std::string& version) {
    return std::make_unique<NotionClient>(
        NotionClientOptions{.api_url = "http://127.0.0.1:" + std::to_string(standin_->port()),
                            .timeout_ms = 5000,
                            .spacing = std::chrono::milliseconds(0),
                            .notion_version = version});
  }
  NotionResponse send(const std::string& method, const std::string& path, const std::string& json) {
    const boost::json::value body = boost::json::parse(json);
    return client_->send(kToken, method, path, &body);
  }
  // A page whose Members are `members` (a JSON rich text array) and whose body is `children`.
  NotionResponse create(const std::string& members, const std::string& children = "[]") {
    return send("POST", "/v1/pages",
                R"({"parent": {"type": "data_source_id", "data_source_id": ")" + source_ +
                    R"("}, "properties": {"Name": {"title": [{"text": {"content": "p"}}]},
                       "Members": {"rich_text": )" +
                    members + R"(}}, "children": )" + children + "}");
  }
  static std::string text_array(const std::string& content) {
    return R"([{"text": {"content": ")" + content + R"("}}])";
  }
  static std::string paragraphs(int count) {
    std::string blocks = "[";
    for (int idx = 0; idx < count; ++idx)
      blocks +=
          std::string(idx ? "," : "") +
          R"({"type": "paragraph", "paragraph": {"rich_text": [{"text": {"content": "line"}}]}})";
    return blocks + "]";
  }
  static std::string message(const NotionResponse& answer) {
    return answer.body.is_object() ? std::string(answer.body.at("message").as_string()) : "";
  }

  std::unique_ptr<testing::HelperProcess> standin_;
  std::unique_ptr<NotionClient> client_;
  std::string source_;
};

TEST_F(NotionStandinTest, RefusesAMissingUnknownOrOlderVersion) {
  const std::string path = std::string("/v1/databases/") + kDatabase;
  auto missing = client("")->send(kToken, "GET", path);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body.at("code").as_string(), "missing_version");
  auto unknown = client("2099-01-01")->send(kToken, "GET", path);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(message(unknown).find("2099-01-01 is invalid"), std::string::npos) << message(unknown);
  auto older = client("2022-06-28")->send(kToken, "GET", path);
  EXPECT_EQ(older.status, 400) << "the stand-in speaks 2025-09-03 only";
  EXPECT_EQ(client("2025-09-03")->send(kToken, "GET", path).status, 200);
}

TEST_F(NotionStandinTest, RefusesEmptyTextAndTakesAnEmptyArray) {
  auto empty = create(text_array(""));
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.body.at("code").as_string(), "validation_error");
  EXPECT_NE(message(empty).find("text.content should be populated"), std::string::npos)
      << message(empty);
  EXPECT_EQ(create("[]").status, 200);
}

TEST_F(NotionStandinTest, RefusesMoreThanTwoThousandCharactersInOneTextObject) {
  EXPECT_EQ(create(text_array(std::string(2000, 'a'))).status, 200);
  auto long_text = create(text_array(std::string(2001, 'a')));
  EXPECT_EQ(long_text.status, 400);
  EXPECT_NE(message(long_text).find("length should be ≤ `2000`"), std::string::npos);
  // Notion counts UTF-16 units: 1,001 emoji are 2,002 of them.
  std::string emoji;
  for (int idx = 0; idx < 1001; ++idx) emoji += "😀";
  EXPECT_EQ(create(text_array(emoji)).status, 400);
  std::string korean;
  for (int idx = 0; idx < 2000; ++idx) korean += "가";
  EXPECT_EQ(create(text_array(korean)).status, 200) << "a Hangul syllable is one unit";
}

TEST_F(NotionStandinTest, RefusesMoreThanAHundredBlocksInOneRequest) {
  EXPECT_EQ(create("[]", paragraphs(101)).status, 400);
  auto page = create("[]", paragraphs(100));
  ASSERT_EQ(page.status, 200);
  const std::string children =
      "/v1/blocks/" + std::string(page.body.at("id").as_string()) + "/children";
  EXPECT_EQ(send("PATCH", children, R"({"children": )" + paragraphs(101) + "}").status, 400);
  EXPECT_EQ(send("PATCH", children, R"({"children": )" + paragraphs(100) + "}").status, 200);
  auto listed = client_->send(kToken, "GET", children + "?page_size=100");
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(listed.body.at("has_more").as_bool()) << "200 blocks, 100 a page";
}

TEST_F(NotionStandinTest, APageInTheTrashIsRestoredOnItsOwnBeforeAnEdit) {
  auto page = create("[]");
  ASSERT_EQ(page.status, 200);
  const std::string path = "/v1/pages/" + std::string(page.body.at("id").as_string());
  ASSERT_EQ(send("PATCH", path, R"({"in_trash": true})").status, 200);
  const std::string edit =
      R"({"properties": {"Members": {"rich_text": [{"text": {"content": "x"}}]}}})";
  auto refused = send("PATCH", path, edit);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(message(refused).find("archived"), std::string::npos) << message(refused);
  EXPECT_EQ(
      send("PATCH", path, R"({"in_trash": false, "properties": {"Members": {"rich_text": []}}})")
          .status,
      400)
      << "not even in the request that restores it";
  ASSERT_EQ(send("PATCH", path, R"({"in_trash": false})").status, 200);
  EXPECT_EQ(send("PATCH", path, edit).status, 200);
}

TEST_F(NotionStandinTest, SpeaksDataSourcesAndRefusesADatabaseParentWithSeveral) {
  const std::string database = std::string("/v1/databases/") + kDatabase;
  auto old_query = send("POST", database + "/query", "{}");
  EXPECT_EQ(old_query.status, 400);
  EXPECT_EQ(old_query.body.at("code").as_string(), "invalid_request_url");
  EXPECT_EQ(send("PATCH", database, R"({"properties": {"X": {"rich_text": {}}}})").status, 400)
      << "columns belong to the data source";
  EXPECT_EQ(send("POST", "/v1/data_sources/" + source_ + "/query", "{}").status, 200);
  const std::string by_database =
      R"({"parent": {"database_id": ")" + std::string(kDatabase) +
      R"("}, "properties": {"Name": {"title": [{"text": {"content": "p"}}]}}})";
  EXPECT_EQ(send("POST", "/v1/pages", by_database).status, 200) << "one data source: accepted";
  const boost::json::value second = boost::json::parse(R"({"add_data_source": "Archive"})");
  ASSERT_EQ(client_->send(kToken, "POST", "/_control", &second).status, 200);
  auto listed = client_->send(kToken, "GET", database);
  EXPECT_EQ(listed.body.at("data_sources").as_array().size(), 2u);
  EXPECT_EQ(send("POST", "/v1/pages", by_database).status, 400) << "which of the two?";
  EXPECT_EQ(create("[]").status, 200);
}

}  // namespace
}  // namespace moim::automation::notion
