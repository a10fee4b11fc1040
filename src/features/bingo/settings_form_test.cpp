#include "features/bingo/settings_form.hpp"

#include <gtest/gtest.h>

namespace moim::bingo::pages {
namespace {

std::map<std::string, std::string> form(std::map<std::string, std::string> changes) {
  std::map<std::string, std::string> fields{{"size", "3"},        {"picks", "2"},
                                            {"keywords", "a\nb"}, {"prizes", "1: 5\n2: 1"},
                                            {"booths", ""},       {"rate_limit_seconds", "5"}};
  for (auto& [name, value] : changes) fields[name] = value;
  return fields;
}

TEST(SettingsForm, ReadsCategoriesTiersBoothsAndTimes) {
  auto input = settings_input(form({{"keywords", "AI: LLM\n  RAG \n\nWeb:React"},
                                    {"booths", "Sponsor\n Lab "},
                                    {"starts_at", "2031-05-01T10:00"},
                                    {"closed", "yes"}}),
                              "Asia/Seoul");
  ASSERT_TRUE(input.ok()) << input.error().message;
  ASSERT_EQ(input->keywords.size(), 3u);
  EXPECT_EQ(input->keywords[0].category, "AI");
  EXPECT_EQ(input->keywords[0].text, "LLM");
  EXPECT_EQ(input->keywords[1].category, "");
  EXPECT_EQ(input->keywords[1].text, "RAG");
  EXPECT_EQ(input->keywords[2].text, "React");
  ASSERT_EQ(input->prizes.size(), 2u);
  EXPECT_EQ(input->prizes[1].lines, 2);
  EXPECT_EQ(input->prizes[1].stock, 1);
  EXPECT_EQ(input->booths, (std::vector<std::string>{"Sponsor", "Lab"}));
  EXPECT_EQ(input->starts_at, 1935363600);  // 2031-05-01 01:00 UTC
  EXPECT_FALSE(input->ends_at.has_value());
  EXPECT_TRUE(input->closed);
}

TEST(SettingsForm, NamesTheFieldAtFault) {
  struct Case {
    std::string name, value;
  };
  for (const Case& bad : {Case{"size", "6"}, Case{"size", "x"}, Case{"picks", "-1"},
                          Case{"rate_limit_seconds", "99999"}, Case{"prizes", "one: 5"},
                          Case{"prizes", "1 5"}, Case{"keywords", "AI:"},
                          Case{"starts_at", "tomorrow"}, Case{"booths", std::string(61, 'b')}}) {
    auto input = settings_input(form({{bad.name, bad.value}}), "Asia/Seoul");
    ASSERT_FALSE(input.ok()) << bad.name << "=" << bad.value;
    EXPECT_EQ(input.error().field, bad.name);
    EXPECT_EQ(input.error().http_status, 400);
  }
}

TEST(SettingsForm, StoredValuesReadBackTheSame) {
  Game game;
  game.size = 4;
  game.picks = 3;
  game.keywords = {{"LLM", "AI"}, {"Go", ""}};
  game.prizes = {{.id = 1, .lines = 1, .stock = 10}};
  game.booths = {{.id = 1, .name = "Sponsor", .code = "ABCDEFGHJK"}};
  game.starts_at = 1935363600;
  std::map<std::string, std::string> fields;
  for (const auto& [name, value] : settings_values(game, "Asia/Seoul"))
    if (value.is_string()) fields[name] = std::string(value.as_string());
  auto input = settings_input(fields, "Asia/Seoul");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input->size, 4);
  EXPECT_EQ(input->keywords.size(), 2u);
  EXPECT_EQ(input->keywords[0].category, "AI");
  EXPECT_EQ(input->booths, (std::vector<std::string>{"Sponsor"}));
  EXPECT_EQ(input->starts_at, 1935363600);
}

}  // namespace
}  // namespace moim::bingo::pages
