// The mentoring room on SQLite and PostgreSQL, per role: programs, offers
// and applications with their bad input, review, pins and exclusions,
// matching in both modes with unmatched mentees explained, announcing with
// its mails, who may see a pair, and the community's history.
#include "features/mentoring/mentoring_service.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::mentoring {
namespace {

using accounts::Viewer;
namespace engine = allocation::mentoring;

class MentoringServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<MentoringService>(test_db_->database(), clock_, *communities_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    mentor_ = viewer("mentor@example.com", "김멘토", false);
    mentor2_ = viewer("mentor2@example.com", "Ada Mentor", false);
    mentee_ = viewer("mentee@example.com", "이멘티", false);
    mentee2_ = viewer("mentee2@example.com", "Kwame Mentee", false);
    member_ = viewer("member@example.com", "박회원", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &mentor_, &mentor2_, &mentee_, &mentee2_, &member_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_
            ->change_stage(admin_, "lab", organizer_.user_id(), communities::Stage::kOrganizer, "")
            .ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  Program program(const std::string& audience = "members") {
    auto created = service_->create(organizer_, "lab",
                                    {.name = "Global mentoring",
                                     .starts_on = "2027-03-01",
                                     .ends_on = "2027-05-31",
                                     .format = "one_to_one",
                                     .cadence_days = 14,
                                     .sessions = 6,
                                     .session_minutes = 60,
                                     .languages = std::vector<std::string>{"ko", "en"},
                                     .topics = std::vector<std::string>{"LLM", "CV", "MLOps"},
                                     .audience = audience});
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.value();
  }
  OfferInput offer_input(std::vector<std::string> languages = {"ko", "en"},
                         std::string availability = "mon 19:00-22:00\nwed 19:00-22:00") {
    return {.capacity = 1,
            .languages = std::move(languages),
            .topics = std::vector<std::string>{"llm"},
            .time_zone = "Asia/Seoul",
            .availability = std::move(availability),
            .bio = "ML engineer",
            .help_with = "career, papers"};
  }
  ApplicationInput application_input(std::vector<std::string> languages = {"en"},
                                     std::string zone = "Europe/London",
                                     std::string availability = "mon 10:00-13:00") {
    // London's Monday 10:00-13:00 (UTC+0, then +1 from 28 March) meets
    // Seoul's Monday 19:00-22:00 (UTC+9) for an hour or more all program.
    return {.goals = std::vector<std::string>{"Ship an LLM side project"},
            .languages = std::move(languages),
            .topics = std::vector<std::string>{"LLM", "CV"},
            .time_zone = std::move(zone),
            .availability = std::move(availability)};
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    auto row = reader->query_one(sql, {});
    return row.ok() && row->has_value() ? (*row)->int64(0) : -1;
  }
  // Two accepted mentors and two accepted mentees.
  void accept_everyone(const Program& made) {
    auto offers = service_->offers(organizer_, "lab", made.id);
    ASSERT_TRUE(offers.ok());
    for (const auto& offer : *offers)
      ASSERT_TRUE(service_->review_offer(organizer_, "lab", made.id, offer.id, true, "").ok());
    auto applications = service_->applications(organizer_, "lab", made.id);
    ASSERT_TRUE(applications.ok());
    for (const auto& one : *applications)
      ASSERT_TRUE(service_->review_application(organizer_, "lab", made.id, one.id, true, "").ok());
  }

  moim::testing::FakeClock clock_{1'795'000'000};  // 2026-11-18
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<MentoringService> service_;
  Viewer admin_, organizer_, mentor_, mentor2_, mentee_, mentee2_, member_, stranger_;
};

TEST_P(MentoringServiceTest, OrganizersOpenProgramsMembersReadThem) {
  const Program made = program();
  EXPECT_EQ(made.languages, (std::vector<std::string>{"ko", "en"}));
  EXPECT_TRUE(made.signups_open());
  EXPECT_GT(made.ends_at - made.starts_at, 90 * 86400 - 3600);
  // Members and anonymous visitors of a members-only program.
  EXPECT_EQ(service_->programs(member_, "lab")->size(), 1u);
  EXPECT_EQ(service_->program(Viewer{}, "lab", made.id).error().http_status, 404);
  EXPECT_TRUE(service_->programs(Viewer{}, "lab")->empty());
  // Only organizers create and change.
  EXPECT_EQ(service_->create(member_, "lab", {.name = "x"}).error().http_status, 403);
  EXPECT_EQ(service_->update(member_, "lab", made.id, {.name = "x"}).error().http_status, 403);
  auto renamed = service_->update(organizer_, "lab", made.id, {.name = "멘토링 2기"});
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(renamed->name, "멘토링 2기");
}

TEST_P(MentoringServiceTest, BadProgramInputNamesTheField) {
  const ProgramInput good{.name = "P",
                          .starts_on = "2027-03-01",
                          .ends_on = "2027-05-31",
                          .languages = std::vector<std::string>{"ko"}};
  const auto field_of = [&](ProgramInput input) {
    auto made = service_->create(organizer_, "lab", input);
    EXPECT_FALSE(made.ok());
    return made ? std::string() : made.error().field;
  };
  ProgramInput input = good;
  input.starts_on = "2027-02-30";
  EXPECT_EQ(field_of(input), "starts_on");
  input = good;
  input.ends_on = "2027-02-01";
  EXPECT_EQ(field_of(input), "ends_on");
  input = good;
  input.session_minutes = 5;
  EXPECT_EQ(field_of(input), "session_minutes");
  input = good;
  input.languages = std::vector<std::string>{"ko", "KO"};
  EXPECT_EQ(field_of(input), "languages");
  input = good;
  input.format = "triads";
  EXPECT_EQ(field_of(input), "format");
  input = good;
  input.audience = "everyone";
  EXPECT_EQ(field_of(input), "audience");
  EXPECT_EQ(count("SELECT count(*) FROM mentoring_programs"), 0);
}

TEST_P(MentoringServiceTest, SignUpsAreCheckedAndOncePerPerson) {
  const Program made = program();
  auto offered = service_->offer(mentor_, "lab", made.id, offer_input());
  ASSERT_TRUE(offered.ok()) << offered.error().message;
  EXPECT_EQ(offered->profile.topics, (std::vector<std::string>{"LLM"}));  // the program's spelling
  EXPECT_EQ(offered->hours.size(), 2u);
  // Offering twice.
  EXPECT_EQ(service_->offer(mentor_, "lab", made.id, offer_input()).error().http_status, 409);
  // Bad input, each named; nothing stored.
  OfferInput bad = offer_input();
  bad.time_zone = "Mars/Olympus";
  EXPECT_EQ(service_->offer(mentor2_, "lab", made.id, bad).error().field, "time_zone");
  bad = offer_input({"ja"});
  EXPECT_EQ(service_->offer(mentor2_, "lab", made.id, bad).error().field, "languages");
  bad = offer_input();
  bad.capacity = 0;
  EXPECT_EQ(service_->offer(mentor2_, "lab", made.id, bad).error().field, "capacity");
  bad = offer_input({"en"}, "mon 7pm");
  EXPECT_EQ(service_->offer(mentor2_, "lab", made.id, bad).error().field, "availability");
  EXPECT_EQ(count("SELECT count(*) FROM mentoring_offers"), 1);

  auto applied = service_->apply(mentee_, "lab", made.id, application_input());
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(service_->apply(mentee_, "lab", made.id, application_input()).error().http_status, 409);
  ApplicationInput too_many = application_input();
  too_many.goals = std::vector<std::string>{"a", "b", "c", "d"};
  EXPECT_EQ(service_->apply(mentee2_, "lab", made.id, too_many).error().field, "goals");
  ApplicationInput ranked = application_input();
  ranked.ranking = std::vector<std::int64_t>{offered->id, offered->id};
  EXPECT_EQ(service_->apply(mentee2_, "lab", made.id, ranked).error().field, "ranking");
  ranked.ranking = std::vector<std::int64_t>{999};
  EXPECT_EQ(service_->apply(mentee2_, "lab", made.id, ranked).error().field, "ranking");
  // Changing keeps what is not given.
  auto changed = service_->change_application(mentee_, "lab", made.id,
                                              {.ranking = std::vector<std::int64_t>{offered->id}});
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->ranking, (std::vector<std::int64_t>{offered->id}));
  EXPECT_EQ(changed->goals, applied->goals);
  // Members only: a stranger may not sign up.
  EXPECT_EQ(service_->apply(stranger_, "lab", made.id, application_input()).error().http_status,
            404);
  auto read = service_->program(member_, "lab", made.id);
  EXPECT_EQ(read->mentors, 1);
  EXPECT_EQ(read->mentees, 1);
  // Withdrawn, then made again: counted once.
  ASSERT_TRUE(service_->withdraw(mentee_, "lab", made.id, false).ok());
  EXPECT_EQ(service_->program(member_, "lab", made.id)->mentees, 0);
  ASSERT_TRUE(service_->apply(mentee_, "lab", made.id, application_input()).ok());
  EXPECT_EQ(service_->program(member_, "lab", made.id)->mentees, 1);
}

TEST_P(MentoringServiceTest, MentorsChangeOrWithdrawTheirOfferWhileSignUpsAreOpen) {
  const Program made = program();
  EXPECT_EQ(service_->change_offer(mentor_, "lab", made.id, {.capacity = 2}).error().http_status,
            404);  // nothing to change yet
  ASSERT_TRUE(service_->offer(mentor_, "lab", made.id, offer_input()).ok());
  auto changed = service_->change_offer(mentor_, "lab", made.id, {.capacity = 3});
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->capacity, 3);
  EXPECT_EQ(changed->bio, "ML engineer");  // kept
  EXPECT_EQ(changed->hours.size(), 2u);
  EXPECT_EQ(service_->change_offer(mentor_, "lab", made.id, {.capacity = 99}).error().field,
            "capacity");
  // Withdrawn, then offered again: one offer, pending review again.
  auto offers = service_->offers(organizer_, "lab", made.id);
  ASSERT_TRUE(
      service_->review_offer(organizer_, "lab", made.id, offers->front().id, true, "").ok());
  ASSERT_TRUE(service_->withdraw(mentor_, "lab", made.id, true).ok());
  EXPECT_EQ(service_->program(member_, "lab", made.id)->mentors, 0);
  auto again = service_->offer(mentor_, "lab", made.id, offer_input());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->status, Review::pending);
  EXPECT_EQ(again->id, offers->front().id);
  EXPECT_EQ(service_->program(member_, "lab", made.id)->mentors, 1);
}

TEST_P(MentoringServiceTest, OutsidersJoinTheCommunityWithTheirApplication) {
  const Program open = program("anyone");
  EXPECT_EQ(service_->programs(Viewer{}, "lab")->size(), 1u);
  auto applied = service_->apply(stranger_, "lab", open.id, application_input());
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  auto community = communities_->find("lab");
  EXPECT_TRUE(communities_->standing(stranger_, *community)->is_member());
  // A refused application makes nobody a member.
  const Viewer other = viewer("other@example.com", "Other", false);
  ApplicationInput bad = application_input();
  bad.time_zone = "Nowhere/City";
  EXPECT_EQ(service_->apply(other, "lab", open.id, bad).error().field, "time_zone");
  EXPECT_FALSE(communities_->standing(other, *community)->is_member());
}

TEST_P(MentoringServiceTest, MatchesExplainsAndAnnouncesOnce) {
  const Program made = program();
  ASSERT_TRUE(service_->offer(mentor_, "lab", made.id, offer_input()).ok());
  ASSERT_TRUE(service_->apply(mentee_, "lab", made.id, application_input()).ok());
  // Speaks only Korean... but the only mentor speaking it is full: with
  // one seat, one of the two is left, and the reason says why.
  ASSERT_TRUE(service_->apply(mentee2_, "lab", made.id, application_input({"ko"})).ok());
  // Review is for organizers; matching needs accepted people.
  EXPECT_EQ(service_->offers(member_, "lab", made.id).error().http_status, 403);
  EXPECT_EQ(service_->match(organizer_, "lab", made.id, engine::Mode::fit, 7).error().http_status,
            422);
  accept_everyone(made);
  auto run = service_->match(organizer_, "lab", made.id, engine::Mode::fit, 7);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->summary.matched, 1);
  ASSERT_EQ(run->pairs.size(), 1u);
  EXPECT_EQ(run->pairs[0].mentor_name, "김멘토");
  EXPECT_GE(run->pairs[0].overlap_minutes, 60);
  ASSERT_EQ(run->unmatched.size(), 1u);
  EXPECT_EQ(run->unmatched[0].reason, "mentors_full");
  // The same seed gives the same pairs; runs are kept, newest first.
  auto again = service_->match(organizer_, "lab", made.id, engine::Mode::fit, 7);
  EXPECT_EQ(again->pairs[0].application_id, run->pairs[0].application_id);
  EXPECT_EQ(service_->runs(organizer_, "lab", made.id)->front().id, again->id);
  EXPECT_EQ(count("SELECT count(*) FROM mentoring_pairs"), 0);  // nothing announced yet

  EXPECT_EQ(service_->announce(member_, "lab", made.id, run->id).error().http_status, 403);
  auto announced = service_->announce(organizer_, "lab", made.id, run->id);
  ASSERT_TRUE(announced.ok()) << announced.error().message;
  EXPECT_TRUE(announced->announced);
  EXPECT_EQ(count("SELECT count(*) FROM mentoring_pairs"), 1);
  // Both sides are mailed, each with the other's profile.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE kind = 'email' AND payload LIKE "
                  "'%mentoring.matched%'"),
            2);
  EXPECT_EQ(service_->announce(organizer_, "lab", made.id, run->id).error().http_status, 409);
  EXPECT_FALSE(service_->program(member_, "lab", made.id)->signups_open());
  EXPECT_EQ(service_->apply(member_, "lab", made.id, application_input()).error().code,
            "signups_closed");

  // Who sees the pair: its two people and organizers; a third member a 404.
  const std::int64_t pair_id = service_->pairs(organizer_, "lab", made.id)->front().id;
  auto seen = service_->pair(mentee_, "lab", made.id, pair_id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->mentor.display_name, "김멘토");
  EXPECT_FALSE(seen->common.empty());
  EXPECT_TRUE(service_->pair(mentor_, "lab", made.id, pair_id).ok());
  EXPECT_EQ(service_->pair(member_, "lab", made.id, pair_id).error().http_status, 404);
  EXPECT_EQ(service_->pair(mentee2_, "lab", made.id, pair_id).error().http_status, 404);
  EXPECT_TRUE(service_->pairs(member_, "lab", made.id)->empty());
  // The one left without a mentor is told why on their own page.
  const Viewer& left = run->unmatched[0].mentee_name == "이멘티" ? mentee_ : mentee2_;
  auto standing = service_->standing(left, service_->program(left, "lab", made.id).value());
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->unmatched_reason.value_or(""), "mentors_full");
}

TEST_P(MentoringServiceTest, NoSharedLanguageOrHoursIsExplained) {
  const Program made = program();
  ASSERT_TRUE(service_->offer(mentor_, "lab", made.id, offer_input({"ko"})).ok());
  ASSERT_TRUE(service_->apply(mentee_, "lab", made.id, application_input({"en"})).ok());
  // Speaks Korean, but free only when the mentor is asleep.
  ASSERT_TRUE(service_
                  ->apply(mentee2_, "lab", made.id,
                          application_input({"ko"}, "Asia/Seoul", "sat 03:00-05:00"))
                  .ok());
  accept_everyone(made);
  auto run = service_->match(organizer_, "lab", made.id, engine::Mode::stable, 1);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_TRUE(run->pairs.empty());
  std::map<std::string, std::string> reasons;
  for (const auto& one : run->unmatched) reasons[one.mentee_name] = one.reason;
  EXPECT_EQ(reasons["이멘티"], "no_shared_language");
  EXPECT_EQ(reasons["Kwame Mentee"], "no_common_hours");
}

TEST_P(MentoringServiceTest, PinsExclusionsAndStaleRuns) {
  const Program made = program();
  ASSERT_TRUE(service_->offer(mentor_, "lab", made.id, offer_input()).ok());
  ASSERT_TRUE(service_->offer(mentor2_, "lab", made.id, offer_input()).ok());
  ASSERT_TRUE(service_->apply(mentee_, "lab", made.id, application_input()).ok());
  accept_everyone(made);
  const auto offers = service_->offers(organizer_, "lab", made.id).value();
  const auto applications = service_->applications(organizer_, "lab", made.id).value();
  const std::int64_t application = applications.front().id;
  // Exclude the first mentor: the mentee gets the second.
  EXPECT_EQ(service_->add_rule(organizer_, "lab", made.id, offers[0].id, application, false, "")
                .error()
                .field,
            "reason");
  auto rule =
      service_->add_rule(organizer_, "lab", made.id, offers[0].id, application, false, "same team");
  ASSERT_TRUE(rule.ok()) << rule.error().message;
  EXPECT_EQ(service_->add_rule(organizer_, "lab", made.id, offers[0].id, application, true, "again")
                .error()
                .http_status,
            409);
  auto run = service_->match(organizer_, "lab", made.id, engine::Mode::fit, 3);
  ASSERT_EQ(run->pairs.size(), 1u);
  EXPECT_EQ(run->pairs[0].offer_id, offers[1].id);
  // A pin the other way round.
  ASSERT_TRUE(service_->remove_rule(organizer_, "lab", made.id, rule->id).ok());
  ASSERT_TRUE(
      service_->add_rule(organizer_, "lab", made.id, offers[0].id, application, true, "asked")
          .ok());
  run = service_->match(organizer_, "lab", made.id, engine::Mode::fit, 3);
  ASSERT_EQ(run->pairs.size(), 1u);
  EXPECT_EQ(run->pairs[0].offer_id, offers[0].id);
  EXPECT_TRUE(run->pairs[0].pinned);
  // Each decision is in the audit log with its reason (issue #16).
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'mentoring.pair_excluded' AND "
                  "detail LIKE '%same team%'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'mentoring.rule_removed'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'mentoring.pair_pinned' AND "
                  "detail LIKE '%asked%'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action IN "
                  "('mentoring.offer_reviewed', 'mentoring.application_reviewed')"),
            3);
  // The pinned mentor withdraws: the run is out of date.
  ASSERT_TRUE(service_->withdraw(mentor_, "lab", made.id, true).ok());
  EXPECT_EQ(service_->announce(organizer_, "lab", made.id, run->id).error().code, "stale_run");
  EXPECT_EQ(count("SELECT count(*) FROM mentoring_pairs"), 0);
}

TEST_P(MentoringServiceTest, EarlierProgramsPairsAreNotRepeated) {
  const Program first = program();
  ASSERT_TRUE(service_->offer(mentor_, "lab", first.id, offer_input()).ok());
  ASSERT_TRUE(service_->apply(mentee_, "lab", first.id, application_input()).ok());
  accept_everyone(first);
  auto run = service_->match(organizer_, "lab", first.id, engine::Mode::fit, 1);
  ASSERT_TRUE(service_->announce(organizer_, "lab", first.id, run->id).ok());

  const Program second = program();
  ASSERT_TRUE(service_->offer(mentor_, "lab", second.id, offer_input()).ok());
  ASSERT_TRUE(service_->offer(mentor2_, "lab", second.id, offer_input()).ok());
  ASSERT_TRUE(service_->apply(mentee_, "lab", second.id, application_input()).ok());
  accept_everyone(second);
  run = service_->match(organizer_, "lab", second.id, engine::Mode::fit, 1);
  ASSERT_EQ(run->pairs.size(), 1u);
  EXPECT_EQ(run->pairs[0].mentor_name, "Ada Mentor");
}

TEST_P(MentoringServiceTest, ABuildersExperienceCountsWhenAllElseIsEqual) {
  // Two mentors alike in everything but their stage: the builder (빌더)
  // scores one more, whatever the seed.
  ASSERT_TRUE(
      communities_
          ->change_stage(admin_, "lab", mentor2_.user_id(), communities::Stage::kBuilder, "")
          .ok());
  const Program made = program();
  ASSERT_TRUE(service_->offer(mentor_, "lab", made.id, offer_input()).ok());
  ASSERT_TRUE(service_->offer(mentor2_, "lab", made.id, offer_input()).ok());
  ASSERT_TRUE(service_->apply(mentee_, "lab", made.id, application_input()).ok());
  accept_everyone(made);
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    auto run = service_->match(organizer_, "lab", made.id, engine::Mode::fit, seed);
    ASSERT_TRUE(run.ok()) << run.error().message;
    ASSERT_EQ(run->pairs.size(), 1u);
    EXPECT_EQ(run->pairs[0].mentor_name, "Ada Mentor") << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, MentoringServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::mentoring
