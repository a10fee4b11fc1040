// Every Discord error moim can meet has its own organizer message, in Korean
// and English, in the catalog (web/i18n).
#include "features/integrations/discord/discord_errors.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

namespace moim::discord {
namespace {

boost::json::object catalog(const std::string& language) {
  std::ifstream in(std::string(MOIM_SOURCE_DIR) + "/web/i18n/" + language + ".json");
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str()).as_object();
}

ApiAnswer refused(long status, int code, std::string message = {}) {
  ApiAnswer answer;
  answer.status = status;
  answer.code = code;
  answer.message = std::move(message);
  return answer;
}

TEST(DiscordErrors, EachCodeGetsItsOwnHint) {
  EXPECT_EQ(hint_key(refused(403, 50001), Operation::kInvite), "discord_error_50001");
  EXPECT_EQ(hint_key(refused(403, 50001), Operation::kReadServer), "discord_error_50001_members");
  // 50013 names the permission the operation needs.
  EXPECT_EQ(hint_key(refused(403, 50013), Operation::kInvite), "discord_error_50013_invite");
  EXPECT_EQ(hint_key(refused(403, 50013), Operation::kMessage), "discord_error_50013_message");
  EXPECT_EQ(hint_key(refused(403, 50013), Operation::kRole), "discord_error_50013");
  EXPECT_EQ(hint_key(refused(400, 30013), Operation::kChannel), "discord_error_30013");
  EXPECT_EQ(hint_key(refused(400, 30005), Operation::kRole), "discord_error_30005");
  EXPECT_EQ(hint_key(refused(400, 50035,
                             "Invalid Form Body: parent_id: Maximum number of "
                             "channels in category reached (50)"),
                     Operation::kChannel),
            "discord_error_50035_category");
  EXPECT_EQ(hint_key(refused(404, 10003), Operation::kMessage),
            "discord_error_10003_announcements");
  EXPECT_EQ(hint_key(refused(401, 0), Operation::kRole), "discord_error_unauthorized");
  EXPECT_EQ(hint_key(refused(400, 12345), Operation::kRole), "discord_error_other");
  // What retries by itself needs no hint.
  EXPECT_EQ(hint_key(refused(503, 0), Operation::kRole), "");
  EXPECT_EQ(hint_key(refused(429, 0), Operation::kRole), "");
  EXPECT_EQ(hint_marker("discord_error_50001"), " [hint:discord_error_50001]");
}

TEST(DiscordErrors, EveryHintIsInTheCatalogInKoreanAndEnglish) {
  const auto korean = catalog("ko");
  const auto english = catalog("en");
  for (const auto& key : all_hint_keys()) {
    EXPECT_TRUE(korean.contains(key)) << key;
    EXPECT_TRUE(english.contains(key)) << key;
  }
  EXPECT_NE(std::string(english.at("discord_error_50013").as_string()).find("Manage Roles"),
            std::string::npos);
  EXPECT_NE(std::string(english.at("discord_error_50001_members").as_string())
                .find("Server Members Intent"),
            std::string::npos);
}

}  // namespace
}  // namespace moim::discord
