// A pair's space on SQLite and PostgreSQL: who sees and acts, sessions with
// their reminders, notes shared only by both, the mid-point check-in's
// privacy, feedback with goals, the figures and the certificates.
#include "features/mentoring/pair_space.hpp"

#include <gtest/gtest.h>

#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::mentoring {
namespace {

using accounts::Viewer;
namespace engine = allocation::mentoring;

class PairSpaceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    certificates_ = std::make_unique<certificates::CertificatesService>(
        test_db_->database(), clock_, *communities_, "http://moim.test");
    mentoring_ = std::make_unique<MentoringService>(test_db_->database(), clock_, *communities_);
    spaces_ = std::make_unique<PairSpaceService>(test_db_->database(), clock_, *communities_,
                                                 *certificates_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    mentor_ = viewer("mentor@example.com", "김멘토", false);
    mentee_ = viewer("mentee@example.com", "Kwame", false);
    member_ = viewer("member@example.com", "박회원", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &mentor_, &mentee_, &member_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_
            ->change_stage(admin_, "lab", organizer_.user_id(), communities::Stage::kOrganizer, "")
            .ok());
    // 2027-03-01 to 2027-05-31, six sessions; one pair announced.
    auto program = mentoring_->create(organizer_, "lab",
                                      {.name = "Global mentoring",
                                       .starts_on = "2027-03-01",
                                       .ends_on = "2027-05-31",
                                       .sessions = 6,
                                       .session_minutes = 60,
                                       .languages = std::vector<std::string>{"en"}});
    ASSERT_TRUE(program.ok()) << program.error().message;
    program_ = program.value();
    ASSERT_TRUE(mentoring_
                    ->offer(mentor_, "lab", program_.id,
                            {.capacity = 1,
                             .languages = std::vector<std::string>{"en"},
                             .time_zone = "Asia/Seoul",
                             .availability = "mon 19:00-22:00"})
                    .ok());
    ASSERT_TRUE(mentoring_
                    ->apply(mentee_, "lab", program_.id,
                            {.goals = std::vector<std::string>{"Publish a paper"},
                             .languages = std::vector<std::string>{"en"},
                             .time_zone = "Europe/London",
                             .availability = "mon 10:00-13:00"})
                    .ok());
    auto offers = mentoring_->offers(organizer_, "lab", program_.id);
    ASSERT_TRUE(
        mentoring_->review_offer(organizer_, "lab", program_.id, offers->front().id, true, "")
            .ok());
    auto applications = mentoring_->applications(organizer_, "lab", program_.id);
    ASSERT_TRUE(
        mentoring_
            ->review_application(organizer_, "lab", program_.id, applications->front().id, true, "")
            .ok());
    auto run = mentoring_->match(organizer_, "lab", program_.id, engine::Mode::fit, 1);
    ASSERT_TRUE(run.ok()) << run.error().message;
    ASSERT_TRUE(mentoring_->announce(organizer_, "lab", program_.id, run->id).ok());
    pair_id_ = mentoring_->pairs(organizer_, "lab", program_.id)->front().id;
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t at(const std::string& local) { return *parse_local(local, "Asia/Seoul"); }
  void set_clock(std::int64_t when) { clock_.advance(when - clock_.now_seconds()); }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    auto row = reader->query_one(sql, {});
    return row.ok() && row->has_value() ? (*row)->int64(0) : -1;
  }

  moim::testing::FakeClock clock_{1'795'000'000};  // 2026-11-18
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<certificates::CertificatesService> certificates_;
  std::unique_ptr<MentoringService> mentoring_;
  std::unique_ptr<PairSpaceService> spaces_;
  Viewer admin_, organizer_, mentor_, mentee_, member_;
  Program program_;
  std::int64_t pair_id_ = 0;
};

TEST_P(PairSpaceTest, OnlyThePairActsOrganizersReadAnyoneElseGetsNothing) {
  auto mine = spaces_->space(mentee_, "lab", program_.id, pair_id_);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  EXPECT_TRUE(mine->mine);
  EXPECT_EQ(mine->goals, (std::vector<std::string>{"Publish a paper"}));
  EXPECT_TRUE(spaces_->space(organizer_, "lab", program_.id, pair_id_).ok());
  EXPECT_EQ(spaces_->space(member_, "lab", program_.id, pair_id_).error().http_status, 404);
  EXPECT_EQ(spaces_->space(Viewer{}, "lab", program_.id, pair_id_).error().http_status, 401);
  const std::int64_t when = at("2027-03-08T19:00");
  EXPECT_EQ(spaces_->propose(member_, "lab", program_.id, pair_id_, when, {}).error().http_status,
            404);
  EXPECT_EQ(
      spaces_->propose(organizer_, "lab", program_.id, pair_id_, when, {}).error().http_status,
      403);
  // Agreed goals: the pair's own, and counted for the figures.
  auto goals = spaces_->set_goals(mentor_, "lab", program_.id, pair_id_,
                                  {"Publish a paper", "Give a talk at PseudoCon"});
  ASSERT_TRUE(goals.ok()) << goals.error().message;
  EXPECT_EQ(goals->goals.size(), 2u);
  EXPECT_EQ(
      spaces_->set_goals(mentor_, "lab", program_.id, pair_id_, {"a", "b", "c", "d"}).error().field,
      "goals");
  EXPECT_EQ(spaces_->figures(organizer_, "lab", program_.id)->goals_total, 2);
  EXPECT_EQ(spaces_->figures(member_, "lab", program_.id).error().http_status, 403);
}

TEST_P(PairSpaceTest, SessionsAreProposedConfirmedRemindedAndHeld) {
  set_clock(at("2027-03-02T09:00"));
  // Bad times, named.
  EXPECT_EQ(spaces_->propose(mentee_, "lab", program_.id, pair_id_, at("2027-03-01T19:00"), {})
                .error()
                .field,
            "starts_at");  // past
  EXPECT_EQ(spaces_->propose(mentee_, "lab", program_.id, pair_id_, at("2027-08-01T19:00"), {})
                .error()
                .field,
            "starts_at");  // after the program
  EXPECT_EQ(spaces_->propose(mentee_, "lab", program_.id, pair_id_, at("2027-03-08T19:00"), 5)
                .error()
                .field,
            "minutes");
  auto first = spaces_->propose(mentee_, "lab", program_.id, pair_id_, at("2027-03-08T19:00"), {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->minutes, 60);
  // The proposer does not confirm their own time.
  EXPECT_EQ(spaces_->answer(mentee_, "lab", program_.id, pair_id_, first->id, "confirm")
                .error()
                .http_status,
            409);
  ASSERT_TRUE(spaces_->answer(mentor_, "lab", program_.id, pair_id_, first->id, "confirm").ok());
  const std::string reminders =
      "SELECT count(*) FROM outbox WHERE payload LIKE '%mentoring.reminder%' AND state = "
      "'pending' AND not_before = " +
      std::to_string(at("2027-03-07T19:00"));
  EXPECT_EQ(count(reminders), 2);
  // Cancelled: the reminders are taken back.
  ASSERT_TRUE(spaces_->answer(mentee_, "lab", program_.id, pair_id_, first->id, "cancel").ok());
  EXPECT_EQ(count(reminders), 0);
  EXPECT_EQ(spaces_->answer(mentee_, "lab", program_.id, pair_id_, first->id, "confirm")
                .error()
                .http_status,
            409);
  // Another, confirmed, then held once it has started.
  auto second = spaces_->propose(mentor_, "lab", program_.id, pair_id_, at("2027-03-09T19:00"), 90);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(spaces_->answer(mentee_, "lab", program_.id, pair_id_, second->id, "confirm").ok());
  EXPECT_EQ(spaces_->answer(mentee_, "lab", program_.id, pair_id_, second->id, "held")
                .error()
                .http_status,
            409);  // not yet
  set_clock(at("2027-03-09T20:30"));
  ASSERT_TRUE(spaces_->answer(mentee_, "lab", program_.id, pair_id_, second->id, "held").ok());
  EXPECT_EQ(spaces_->answer(mentor_, "lab", program_.id, pair_id_, second->id, "held")
                .error()
                .http_status,
            409);  // counted once
  auto space = spaces_->space(mentor_, "lab", program_.id, pair_id_);
  EXPECT_EQ(space->sessions_held, 1);
  ASSERT_EQ(space->sessions.size(), 2u);
  auto figures = spaces_->figures(organizer_, "lab", program_.id);
  EXPECT_EQ(figures->sessions_held, 1);
  EXPECT_EQ(figures->sessions_planned, 6);
  EXPECT_EQ(figures->held_by_week[1].second, 1);  // the program's second week
  // Each side's calendar file: the confirmed and cancelled sessions.
  auto calendar = spaces_->calendar(mentee_, "lab", program_.id, pair_id_);
  ASSERT_TRUE(calendar.ok());
  EXPECT_NE(calendar->find("DTSTART:20270309T100000Z"), std::string::npos) << *calendar;
  EXPECT_NE(calendar->find("STATUS:CANCELLED"), std::string::npos);
  EXPECT_EQ(spaces_->calendar(organizer_, "lab", program_.id, pair_id_).error().http_status, 404);
}

TEST_P(PairSpaceTest, NotesReachOrganizersOnlyWhenBothAgree) {
  auto note = spaces_->add_note(mentee_, "lab", program_.id, pair_id_, std::nullopt,
                                "We read the paper together", true);
  ASSERT_TRUE(note.ok()) << note.error().message;
  EXPECT_TRUE(note->shared_by_mentee);
  EXPECT_FALSE(note->shared());
  EXPECT_TRUE(spaces_->space(organizer_, "lab", program_.id, pair_id_)->notes.empty());
  EXPECT_EQ(spaces_->space(mentor_, "lab", program_.id, pair_id_)->notes.size(), 1u);
  ASSERT_TRUE(spaces_->share_note(mentor_, "lab", program_.id, pair_id_, note->id, true).ok());
  EXPECT_EQ(spaces_->space(organizer_, "lab", program_.id, pair_id_)->notes.size(), 1u);
  // Either one takes it back.
  ASSERT_TRUE(spaces_->share_note(mentee_, "lab", program_.id, pair_id_, note->id, false).ok());
  EXPECT_TRUE(spaces_->space(organizer_, "lab", program_.id, pair_id_)->notes.empty());
  EXPECT_EQ(spaces_->add_note(mentee_, "lab", program_.id, pair_id_, std::nullopt, "  ", false)
                .error()
                .field,
            "body");
  EXPECT_EQ(
      spaces_->add_note(mentee_, "lab", program_.id, pair_id_, 99999, "x", false).error().field,
      "session_id");
}

TEST_P(PairSpaceTest, CheckInShowsALightAndWordsOnlyWithARequestForHelp) {
  EXPECT_EQ(
      spaces_->check_in(mentee_, "lab", program_.id, pair_id_, Light::red, "", false).error().code,
      "checkin_not_open");
  set_clock(at("2027-04-20T09:00"));
  ASSERT_TRUE(spaces_
                  ->check_in(mentor_, "lab", program_.id, pair_id_, Light::green,
                             "going well, mentee is shy", false)
                  .ok());
  ASSERT_TRUE(spaces_
                  ->check_in(mentee_, "lab", program_.id, pair_id_, Light::red,
                             "we have not met for a month", true)
                  .ok());
  const auto words_of = [](const PairSpace& space, std::int64_t user_id) {
    for (const auto& checkin : space.checkins)
      if (checkin.user_id == user_id) return checkin.comment;
    return std::string("<none>");
  };
  auto organizers = spaces_->space(organizer_, "lab", program_.id, pair_id_);
  EXPECT_EQ(words_of(*organizers, mentor_.user_id()), "");
  EXPECT_EQ(words_of(*organizers, mentee_.user_id()), "we have not met for a month");
  auto mentee_view = spaces_->space(mentee_, "lab", program_.id, pair_id_);
  EXPECT_EQ(words_of(*mentee_view, mentor_.user_id()), "");  // not the other side's either
  auto figures = spaces_->figures(organizer_, "lab", program_.id);
  EXPECT_EQ(figures->green, 1);
  EXPECT_EQ(figures->red, 1);
  ASSERT_EQ(figures->help_requests.size(), 1u);
  EXPECT_EQ(figures->help_requests[0].name, "Kwame");
  // A change replaces it.
  ASSERT_TRUE(
      spaces_->check_in(mentee_, "lab", program_.id, pair_id_, Light::yellow, "", false).ok());
  figures = spaces_->figures(organizer_, "lab", program_.id);
  EXPECT_EQ(figures->red, 0);
  EXPECT_EQ(figures->yellow, 1);
  EXPECT_TRUE(figures->help_requests.empty());
}

TEST_P(PairSpaceTest, FeedbackGoalsFiguresAndCertificates) {
  EXPECT_EQ(spaces_->give_feedback(mentee_, "lab", program_.id, pair_id_, 5, "", std::nullopt)
                .error()
                .code,
            "feedback_not_open");
  // Three sessions held of six: half, enough for the mentee's certificate
  // of completion; the mentor gets one of mentoring.
  set_clock(at("2027-03-02T09:00"));
  for (const char* day : {"2027-03-08T19:00", "2027-03-22T19:00", "2027-04-05T19:00"}) {
    auto session = spaces_->propose(mentee_, "lab", program_.id, pair_id_, at(day), {});
    ASSERT_TRUE(session.ok()) << session.error().message;
    ASSERT_TRUE(
        spaces_->answer(mentor_, "lab", program_.id, pair_id_, session->id, "confirm").ok());
  }
  set_clock(at("2027-05-26T09:00"));
  auto space = spaces_->space(mentee_, "lab", program_.id, pair_id_);
  for (const auto& session : space->sessions)
    ASSERT_TRUE(spaces_->answer(mentee_, "lab", program_.id, pair_id_, session.id, "held").ok());
  EXPECT_EQ(spaces_->give_feedback(mentee_, "lab", program_.id, pair_id_, 6, "", std::nullopt)
                .error()
                .field,
            "rating");
  EXPECT_EQ(spaces_
                ->give_feedback(mentee_, "lab", program_.id, pair_id_, 5, "",
                                std::vector<bool>{true, true})
                .error()
                .field,
            "goals_reached");
  EXPECT_EQ(
      spaces_->give_feedback(mentor_, "lab", program_.id, pair_id_, 4, "", std::vector<bool>{true})
          .error()
          .field,
      "goals_reached");
  ASSERT_TRUE(spaces_
                  ->give_feedback(mentee_, "lab", program_.id, pair_id_, 5, "Thank you!",
                                  std::vector<bool>{true})
                  .ok());
  ASSERT_TRUE(
      spaces_->give_feedback(mentor_, "lab", program_.id, pair_id_, 3, "", std::nullopt).ok());
  // A second word replaces the first in the figures.
  ASSERT_TRUE(
      spaces_->give_feedback(mentor_, "lab", program_.id, pair_id_, 4, "", std::nullopt).ok());
  auto figures = spaces_->figures(organizer_, "lab", program_.id);
  EXPECT_EQ(figures->goals_total, 1);
  EXPECT_EQ(figures->goals_reached, 1);
  EXPECT_DOUBLE_EQ(figures->mentee_satisfaction, 5.0);
  EXPECT_DOUBLE_EQ(figures->mentor_satisfaction, 4.0);
  EXPECT_EQ(figures->sessions_held, 3);
  // Organizers see ratings, not words.
  auto organizers = spaces_->space(organizer_, "lab", program_.id, pair_id_);
  for (const auto& one : organizers->feedback) EXPECT_EQ(one.comment, "");

  EXPECT_EQ(spaces_->issue_certificates(organizer_, "lab", program_.id).error().code,
            "program_not_ended");
  set_clock(at("2027-06-01T09:00"));
  EXPECT_EQ(spaces_->issue_certificates(member_, "lab", program_.id).error().http_status, 403);
  auto issued = spaces_->issue_certificates(organizer_, "lab", program_.id);
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_EQ(issued->people, 2);  // the mentor, and the mentee: three of six is half
  EXPECT_EQ(issued->issued, 2);
  auto again = spaces_->issue_certificates(organizer_, "lab", program_.id);
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already, 2);
}

TEST_P(PairSpaceTest, ASmallGroupMeetsInTheMentorsSessions) {
  // A group program: the mentor takes two mentees, who meet together (one
  // of them was their mentee in the fixture's program: repeats allowed).
  auto group = mentoring_->create(organizer_, "lab",
                                  {.name = "Reading group",
                                   .starts_on = "2027-03-01",
                                   .ends_on = "2027-05-31",
                                   .format = "group",
                                   .languages = std::vector<std::string>{"en"},
                                   .allow_repeat_pairs = true});
  ASSERT_TRUE(group.ok()) << group.error().message;
  ASSERT_TRUE(mentoring_
                  ->offer(mentor_, "lab", group->id,
                          {.capacity = 2,
                           .languages = std::vector<std::string>{"en"},
                           .time_zone = "Asia/Seoul",
                           .availability = "mon 19:00-22:00"})
                  .ok());
  for (const Viewer* who : {&mentee_, &member_})
    ASSERT_TRUE(mentoring_
                    ->apply(*who, "lab", group->id,
                            {.goals = std::vector<std::string>{"Read a paper a week"},
                             .languages = std::vector<std::string>{"en"},
                             .time_zone = "Asia/Seoul",
                             .availability = "mon 19:00-22:00"})
                    .ok());
  auto offers = mentoring_->offers(organizer_, "lab", group->id);
  ASSERT_TRUE(
      mentoring_->review_offer(organizer_, "lab", group->id, offers->front().id, true, "").ok());
  auto applications = mentoring_->applications(organizer_, "lab", group->id);
  for (const auto& one : *applications)
    ASSERT_TRUE(
        mentoring_->review_application(organizer_, "lab", group->id, one.id, true, "").ok());
  auto run = mentoring_->match(organizer_, "lab", group->id, engine::Mode::fit, 1);
  ASSERT_TRUE(mentoring_->announce(organizer_, "lab", group->id, run->id).ok());
  auto pairs = mentoring_->pairs(organizer_, "lab", group->id);
  ASSERT_EQ(pairs->size(), 2u);
  const std::int64_t first = pairs->at(0).id, second = pairs->at(1).id;

  auto space = spaces_->space(mentee_, "lab", group->id,
                              pairs->at(0).mentee.user_id == mentee_.user_id() ? first : second);
  ASSERT_TRUE(space.ok());
  EXPECT_EQ(space->group, (std::vector<std::string>{"박회원"}));
  set_clock(at("2027-03-02T09:00"));
  // The mentor proposes once; both pairs have the session, each mentee
  // confirms their own.
  auto proposed =
      spaces_->propose(mentor_, "lab", group->id, first, at("2027-03-08T19:00"), std::nullopt);
  ASSERT_TRUE(proposed.ok()) << proposed.error().message;
  for (const std::int64_t pair : {first, second}) {
    auto seen = spaces_->space(mentor_, "lab", group->id, pair);
    ASSERT_EQ(seen->sessions.size(), 1u) << pair;
    EXPECT_EQ(seen->sessions[0].starts_at, at("2027-03-08T19:00"));
  }
  // A mentee's own proposal stays theirs.
  ASSERT_TRUE(spaces_
                  ->propose(member_, "lab", group->id,
                            pairs->at(0).mentee.user_id == member_.user_id() ? first : second,
                            at("2027-03-09T19:00"), std::nullopt)
                  .ok());
  EXPECT_EQ(spaces_->space(mentor_, "lab", group->id, first)->sessions.size() +
                spaces_->space(mentor_, "lab", group->id, second)->sessions.size(),
            3u);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PairSpaceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::mentoring
