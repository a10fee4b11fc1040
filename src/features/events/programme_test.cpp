#include <gtest/gtest.h>

#include "features/events/programme_service.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::events {
namespace {

using accounts::Viewer;
using communities::Stage;

constexpr std::int64_t kStart = 1'800'000'000;
constexpr std::int64_t kEventStart = kStart + 7 * 86400;

class ProgrammeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    events_ = std::make_unique<EventsService>(test_db_->database(), clock_, *communities_,
                                              EventsOptions{});
    programme_ = std::make_unique<ProgrammeService>(test_db_->database(), clock_, *communities_,
                                                    *events_, "https://moim.example");
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김연사", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &member_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    EventInput input{
        .title = "PseudoCon", .starts_at = kEventStart, .ends_at = kEventStart + 8 * 3600};
    auto created = events_->create(organizer_, "lab", input);
    ASSERT_TRUE(created.ok()) << created.error().message;
    event_id_ = created->id;
  }
  void TearDown() override {
    if (test_db_)
      automation::testing::MailRenderCheck(test_db_->database()).expect_every_email_row_renders();
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  TalkInput talk(const std::string& title) {
    return {.title = title,
            .abstract = "한국어 LLM을 작은 GPU에서 미세조정한 경험을 나눠요.",
            .bio = "가짜연구소 러너",
            .level = TalkLevel::intermediate,
            .minutes = 30};
  }
  SessionInput session(const std::string& title, std::int64_t offset, const std::string& track) {
    return {.title = title,
            .kind = SessionKind::talk,
            .track = track,
            .starts_at = kEventStart + offset,
            .ends_at = kEventStart + offset + 1800};
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }

  moim::testing::FakeClock clock_{kStart};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<EventsService> events_;
  std::unique_ptr<ProgrammeService> programme_;
  Viewer admin_, organizer_, member_, stranger_, anonymous_;
  std::int64_t event_id_ = 0;
};

TEST_P(ProgrammeTest, MembersSubmitOrganizersReviewWithAMailEachWay) {
  EXPECT_EQ(programme_->submit_talk(anonymous_, "lab", event_id_, talk("t")).error().http_status,
            401);
  EXPECT_EQ(programme_->submit_talk(stranger_, "lab", event_id_, talk("t")).error().http_status,
            403);
  auto submitted = programme_->submit_talk(member_, "lab", event_id_, talk("한국어 LLM 미세조정"));
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  EXPECT_EQ(submitted->status, TalkStatus::submitted);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE target = 'organizer@example.com' AND "
                  "payload LIKE '%events.talk_submitted%'"),
            1);
  // Only organizers see every talk and decide.
  EXPECT_EQ(programme_->talks(member_, "lab", event_id_, true).error().http_status, 403);
  EXPECT_EQ(programme_->talks(member_, "lab", event_id_, false)->size(), 1u);
  EXPECT_EQ(programme_->review(member_, "lab", event_id_, submitted->id, Decision::accept, "")
                .error()
                .http_status,
            403);
  // Asking for changes needs a note; the speaker then revises.
  EXPECT_EQ(
      programme_
          ->review(organizer_, "lab", event_id_, submitted->id, Decision::request_changes, " ")
          .error()
          .field,
      "note");
  auto asked = programme_->review(organizer_, "lab", event_id_, submitted->id,
                                  Decision::request_changes, "데모를 넣어 주세요");
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->status, TalkStatus::changes_requested);
  EXPECT_EQ(programme_->revise_talk(stranger_, "lab", event_id_, submitted->id, talk("x"))
                .error()
                .http_status,
            404);
  auto revised =
      programme_->revise_talk(member_, "lab", event_id_, submitted->id, talk("데모 포함"));
  ASSERT_TRUE(revised.ok()) << revised.error().message;
  EXPECT_EQ(revised->status, TalkStatus::submitted);
  auto accepted =
      programme_->review(organizer_, "lab", event_id_, submitted->id, Decision::accept, "");
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  ASSERT_TRUE(accepted->session_id.has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE target = 'member@example.com' AND "
                  "payload LIKE '%events.talk_reviewed%'"),
            2);
  // The accepted talk is a session without a slot, with its speaker.
  auto shown = programme_->programme(organizer_, "lab", event_id_);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->sessions.size(), 1u);
  EXPECT_FALSE(shown->sessions[0].starts_at.has_value());
  ASSERT_EQ(shown->sessions[0].speakers.size(), 1u);
  EXPECT_EQ(shown->sessions[0].speakers[0].name, "김연사");
  EXPECT_TRUE(programme_->programme(anonymous_, "lab", event_id_)->sessions.empty());
  // Decided is decided.
  auto again =
      programme_->review(organizer_, "lab", event_id_, submitted->id, Decision::decline, "");
  EXPECT_EQ(again.error().http_status, 409);
  EXPECT_EQ(again.error().field, "decision");
}

TEST_P(ProgrammeTest, BadInputNamesTheFieldAndWritesNothing) {
  TalkInput bad = talk("t");
  bad.abstract = "짧아요";
  EXPECT_EQ(programme_->submit_talk(member_, "lab", event_id_, bad).error().field, "abstract");
  bad = talk("t");
  bad.minutes = 3;
  EXPECT_EQ(programme_->submit_talk(member_, "lab", event_id_, bad).error().field, "minutes");
  bad = talk("t");
  bad.level.reset();
  EXPECT_EQ(programme_->submit_talk(member_, "lab", event_id_, bad).error().field, "level");
  bad = talk(std::string(10000, 'x'));
  EXPECT_EQ(programme_->submit_talk(member_, "lab", event_id_, bad).error().field, "title");
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_talks"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);

  SessionInput outside = session("early", -3600, "A");
  EXPECT_EQ(programme_->create_session(organizer_, "lab", event_id_, outside).error().field,
            "starts_at");
  SessionInput half = session("half", 0, "A");
  half.ends_at.reset();
  EXPECT_EQ(programme_->create_session(organizer_, "lab", event_id_, half).error().field,
            "ends_at");
  SessionInput foreign = session("foreign", 0, "A");
  foreign.speaker_ids = {987654};
  EXPECT_EQ(programme_->create_session(organizer_, "lab", event_id_, foreign).error().field,
            "speaker_ids");
  // The failed speaker check came after the insert: the transaction took it back.
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_sessions"), 0);
  EXPECT_EQ(programme_
                ->add_sponsor(organizer_, "lab", event_id_,
                              {.name = "AI Corp", .logo_url = "javascript:alert(1)"})
                .error()
                .field,
            "logo_url");
  EXPECT_EQ(programme_->add_speaker(organizer_, "lab", event_id_, {.name = ""}).error().field,
            "name");
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_sponsors"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_speakers"), 0);
}

TEST_P(ProgrammeTest, OnlyOrganizersPlaceSessionsAndSponsors) {
  EXPECT_EQ(programme_->create_session(member_, "lab", event_id_, session("x", 0, "A"))
                .error()
                .http_status,
            403);
  EXPECT_EQ(programme_->create_session(anonymous_, "lab", event_id_, session("x", 0, "A"))
                .error()
                .http_status,
            401);
  EXPECT_EQ(
      programme_->add_sponsor(member_, "lab", event_id_, {.name = "AI Corp"}).error().http_status,
      403);
  auto speaker = programme_->add_speaker(organizer_, "lab", event_id_,
                                         {.name = "박연사", .link = "https://example.com"});
  ASSERT_TRUE(speaker.ok()) << speaker.error().message;
  SessionInput input = session("RAG 실전", 3600, "A");
  input.speaker_ids = {speaker->id};
  auto created = programme_->create_session(organizer_, "lab", event_id_, input);
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_EQ(created->speakers.size(), 1u);
  input.title = "RAG in practice";
  input.speaker_ids.clear();
  auto changed = programme_->update_session(organizer_, "lab", event_id_, created->id, input);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->title, "RAG in practice");
  EXPECT_TRUE(changed->speakers.empty());
  ASSERT_TRUE(programme_
                  ->add_sponsor(organizer_, "lab", event_id_,
                                {.name = "Silver Co", .tier = SponsorTier::silver})
                  .ok());
  ASSERT_TRUE(programme_
                  ->add_sponsor(organizer_, "lab", event_id_,
                                {.name = "Plat Co", .tier = SponsorTier::platinum})
                  .ok());
  auto shown = programme_->programme(anonymous_, "lab", event_id_);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->sponsors.size(), 2u);
  EXPECT_EQ(shown->sponsors[0].name, "Plat Co");  // by tier
  EXPECT_EQ(programme_->delete_session(member_, "lab", event_id_, created->id).error().http_status,
            403);
  EXPECT_TRUE(programme_->delete_session(organizer_, "lab", event_id_, created->id).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_sessions"), 0);
}

TEST_P(ProgrammeTest, StarsMakeAPersonalSecretFeed) {
  auto first =
      programme_->create_session(organizer_, "lab", event_id_, session("한국어 임베딩", 0, "A"));
  auto second = programme_->create_session(organizer_, "lab", event_id_,
                                           session("Vision 모델 경량화", 0, "B"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(programme_->star(anonymous_, "lab", event_id_, first->id, true).error().http_status,
            401);
  EXPECT_EQ(programme_->star(member_, "lab", event_id_, 999999, true).error().http_status, 404);
  ASSERT_TRUE(programme_->star(member_, "lab", event_id_, first->id, true).ok());
  auto twice = programme_->star(member_, "lab", event_id_, first->id, true);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->stars, 1);
  EXPECT_TRUE(twice->starred);
  auto url = programme_->star_feed_url(member_, "lab", event_id_);
  ASSERT_TRUE(url.ok()) << url.error().message;
  ASSERT_TRUE(url->starts_with("https://moim.example/c/lab/events/"));
  std::string token = url->substr(url->rfind('/') + 1);
  token.resize(token.size() - 4);  // ".ics"
  auto feed = programme_->star_feed(token);
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  EXPECT_NE(feed->find("한국어 임베딩"), std::string::npos);
  EXPECT_EQ(feed->find("Vision"), std::string::npos);
  ASSERT_TRUE(programme_->star(member_, "lab", event_id_, first->id, false).ok());
  EXPECT_EQ(programme_->star_feed(token)->find("한국어 임베딩"), std::string::npos);
  EXPECT_EQ(programme_->star_feed("forged").error().http_status, 404);
  // A new address retires the old one; only digests are stored.
  ASSERT_TRUE(programme_->star_feed_url(member_, "lab", event_id_).ok());
  EXPECT_EQ(programme_->star_feed(token).error().http_status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_star_feeds"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ProgrammeTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
