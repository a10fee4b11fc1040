#include "features/coffee/group_mail.hpp"

#include <gtest/gtest.h>

namespace moim::coffee {
namespace {

MailPerson person(std::int64_t id, std::string name, std::optional<std::string> locale,
                  std::string zone, std::vector<std::string> topics) {
  MailPerson result;
  result.user_id = id;
  result.display_name = std::move(name);
  result.email = "p" + std::to_string(id) + "@example.com";
  result.locale = std::move(locale);
  result.time_zone = std::move(zone);
  result.topics = std::move(topics);
  return result;
}

TEST(GroupMail, SharedTopicsNeedTwoPeopleAndIgnoreCase) {
  EXPECT_EQ(shared_topics({{"LLM", "Rust"}, {"llm", "NeRF"}, {"nerf"}, {"Rust"}}),
            (std::vector<std::string>{"LLM", "Rust", "NeRF"}));
  EXPECT_TRUE(shared_topics({{"a", "A"}, {"b"}}).empty());  // one person twice is not sharing
}

TEST(GroupMail, EachRecipientReadsTheirLanguageAndTheirTimeZone) {
  const std::vector<MailPerson> group{person(1, "김서연", std::nullopt, "Asia/Seoul", {"LLM"}),
                                      person(2, "Mina", "en", "Europe/Berlin", {"LLM"}),
                                      person(3, "이지호", "ko", "Asia/Seoul", {})};
  const MailContext context{"가짜연구소", "ko", "격주 커피챗", "/c/lab/coffee/1",
                            42,           3,    1'800'000'000};
  // Tuesday 11:00 UTC: 20:00 in Seoul, 12:00 in Berlin.
  auto korean = group_mail(context, group[0], group, 3, {35}, {"LLM"});
  EXPECT_EQ(korean.kind, "email");
  EXPECT_EQ(korean.target, "p1@example.com");
  EXPECT_EQ(korean.idempotency_key, "coffee_group:42:1");
  EXPECT_EQ(korean.payload.at("language").as_string(), "ko");
  const std::string korean_text(korean.payload.at("text").as_string());
  EXPECT_NE(korean_text.find("화 20:00"), std::string::npos);
  EXPECT_NE(korean_text.find("진행 제안: 이지호"), std::string::npos);
  EXPECT_NE(korean_text.find("Mina"), std::string::npos);
  EXPECT_EQ(korean_text.find("- 김서연"), std::string::npos);  // not introduced to oneself

  auto english = group_mail(context, group[1], group, 3, {35}, {"LLM"});
  const std::string english_text(english.payload.at("text").as_string());
  EXPECT_NE(english_text.find("Tue 12:00"), std::string::npos);
  EXPECT_NE(english_text.find("Suggested host: 이지호"), std::string::npos);
  EXPECT_EQ(english.payload.at("members").as_array().size(), 3u);
  EXPECT_EQ(english.payload.at("common_slots").as_array().at(0).as_string(), "Tue 12:00");
}

}  // namespace
}  // namespace moim::coffee
