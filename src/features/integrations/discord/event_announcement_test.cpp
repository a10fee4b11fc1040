// The text an organizer sees before announcing an event is the exact text
// Discord gets: tested here in both languages for each state of
// registration, without a server.
#include "features/integrations/discord/event_announcement.hpp"

#include <gtest/gtest.h>

namespace moim::discord {
namespace {

class EventAnnouncementText : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
    ASSERT_TRUE(loaded.ok());
    catalog_ = std::move(loaded.value());
    // 2027-03-06 10:00 to 18:00 in Seoul (01:00 to 09:00 UTC).
    event_.id = 7;
    event_.title = "PseudoCon 2027";
    event_.time_zone = "Asia/Seoul";
    event_.venue = "강남 홀";
    event_.kind = events::Kind::conference;
    event_.starts_at = 1'804'294'800;
    event_.ends_at = event_.starts_at + 8 * 3600;
    event_.registration_opens_at = event_.starts_at - 30 * 86400;
    event_.registration_closes_at = event_.starts_at - 86400;
    event_.capacity = 100;
    event_.confirmed = 10;
  }
  std::string text(const std::string& language, std::int64_t now) {
    return event_announcement_text(catalog_, language, event_,
                                   "https://moim.example/c/it-lab/events/7", now);
  }
  web::Catalog catalog_;
  events::Event event_;
};

TEST_F(EventAnnouncementText, SaysWhatWhenWhereHowToRegisterAndTheLinkInKorean) {
  EXPECT_EQ(text("ko", event_.starts_at - 10 * 86400),
            "📢 PseudoCon 2027\n"
            "🗓 일시: 2027-03-06 10:00 – 18:00 (Asia/Seoul)\n"
            "📍 장소: 강남 홀\n"
            "📝 신청 받는 중 · 2027-03-05 10:00까지\n"
            "🔗 https://moim.example/c/it-lab/events/7");
}

TEST_F(EventAnnouncementText, FollowsRegistrationThroughItsStatesInEnglish) {
  EXPECT_NE(
      text("en", event_.starts_at - 40 * 86400).find("📝 Registration opens 2027-02-04 10:00\n"),
      std::string::npos);
  event_.confirmed = 100;
  EXPECT_NE(text("en", event_.starts_at - 10 * 86400)
                .find("📝 Full · waitlist open until 2027-03-05 10:00\n"),
            std::string::npos);
  EXPECT_NE(text("en", event_.starts_at - 3600).find("📝 Registration is closed\n"),
            std::string::npos);
  event_.status = events::EventStatus::cancelled;
  EXPECT_NE(text("en", event_.starts_at - 10 * 86400).find("📝 This event is cancelled\n"),
            std::string::npos);
}

TEST_F(EventAnnouncementText, OnlineEventsSayOnlineAndLongEventsBothDates) {
  event_.venue.clear();
  event_.kind = events::Kind::online;
  event_.ends_at = event_.starts_at + 2 * 86400;
  const std::string english = text("en", event_.starts_at - 10 * 86400);
  EXPECT_NE(english.find("📍 Where: Online\n"), std::string::npos) << english;
  EXPECT_NE(english.find("🗓 When: 2027-03-06 10:00 – 2027-03-08 10:00 (Asia/Seoul)\n"),
            std::string::npos)
      << english;
  EXPECT_NE(text("ko", event_.starts_at - 10 * 86400).find("📍 장소: 온라인\n"), std::string::npos);
}

}  // namespace
}  // namespace moim::discord
