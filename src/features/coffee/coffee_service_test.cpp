#include "features/coffee/coffee_service.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::coffee {
namespace {

using accounts::Viewer;
using communities::Stage;

class CoffeeServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    academy_ =
        std::make_unique<academy::AcademyService>(test_db_->database(), clock_, *communities_);
    service_ =
        std::make_unique<CoffeeService>(test_db_->database(), clock_, *communities_, *academy_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    ASSERT_TRUE(communities_->join(organizer_, "lab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    for (int idx = 0; idx < 8; ++idx) {
      members_.push_back(viewer("m" + std::to_string(idx) + "@example.com",
                                "Member " + std::to_string(idx), false));
      ASSERT_TRUE(communities_->join(members_.back(), "lab").ok());
    }
  }
  // Whatever mail a scenario enqueued must reach people as real mail.
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
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  Program program(const std::string& name, std::int64_t min_size, std::int64_t target_size,
                  std::int64_t max_size) {
    ProgramInput input;
    input.name = name;
    input.cadence = "biweekly";
    input.min_size = min_size;
    input.target_size = target_size;
    input.max_size = max_size;
    auto created = service_->create(organizer_, "lab", input);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.value();
  }
  void opt_in(const Viewer& who, std::int64_t program_id) {
    auto joined = service_->participate(who, "lab", program_id, {.opted_in = true});
    ASSERT_TRUE(joined.ok()) << joined.error().message;
  }
  // Every pair of one closed round's groups.
  std::set<std::pair<std::int64_t, std::int64_t>> pairs_of(const std::vector<Group>& groups) {
    std::set<std::pair<std::int64_t, std::int64_t>> pairs;
    for (const auto& group : groups) {
      for (const auto& a : group.members)
        for (const auto& b : group.members)
          if (a.user_id < b.user_id) pairs.insert({a.user_id, b.user_id});
    }
    return pairs;
  }

  // Academy fixtures written directly (the academy's own tests cover how
  // they come about): a cohort with its six phases, an approved project,
  // its builders and runners.
  void sql(const std::string& statement, const std::vector<db::Value>& params = {}) {
    auto transaction = test_db_->database().write();
    auto done = transaction->execute(statement, params);
    ASSERT_TRUE(done.ok()) << done.error().message;
    ASSERT_TRUE(transaction->commit().ok());
  }
  std::int64_t community_id() { return count("SELECT id FROM communities WHERE slug = 'lab'"); }
  std::int64_t cohort(const std::string& key) {
    sql("INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) VALUES (?, "
        "?, ?, 1, 1)",
        {community_id(), key, key + "기"});
    const std::int64_t id = count("SELECT id FROM cohorts WHERE cohort_key = '" + key + "'");
    const char* phases[] = {"proposals", "recruiting", "selection", "running", "wrap_up", "closed"};
    const std::int64_t day = 24 * 3600, start = clock_.now_seconds() - 60 * day;
    for (int idx = 0; idx < 6; ++idx) {
      // Running now; 'closed' begins in 200 days.
      const std::int64_t from =
          idx < 4 ? start + idx * 10 * day : clock_.now_seconds() + (idx - 3) * 100 * day;
      sql("INSERT INTO cohort_phases (cohort_id, phase, starts_at, ends_at) VALUES (?, ?, ?, ?)",
          {id, std::string(phases[idx]), from,
           idx == 3 ? clock_.now_seconds() + 100 * day : from + 10 * day});
    }
    return id;
  }
  std::int64_t project(std::int64_t cohort_id, const std::string& title,
                       const std::string& status = "approved") {
    sql("INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, min_runners, "
        "max_runners, status, created_at, updated_at) VALUES (?, ?, ?, 'study', 'beginner', 'ko', "
        "'online', 2, '20:00', 60, 'Asia/Seoul', '2026-09-01', '2026-12-31', 0, 10, ?, 1, 1)",
        {community_id(), cohort_id, title, status});
    return count("SELECT MAX(id) FROM academy_projects");
  }
  void builder(std::int64_t project_id, const Viewer& who) {
    sql("INSERT INTO project_builders (project_id, user_id, role, invited_at, accepted_at) VALUES "
        "(?, ?, 'lead', 1, 1)",
        {project_id, who.user_id()});
  }
  void runner(std::int64_t project_id, const Viewer& who) {
    sql("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, 1)",
        {project_id, who.user_id()});
  }
  std::set<std::int64_t> grouped_in(const CloseOutcome& outcome, std::int64_t program_id) {
    std::set<std::int64_t> people;
    auto groups = service_->round_groups(organizer_, "lab", program_id, outcome.closed.id);
    EXPECT_TRUE(groups.ok());
    for (const auto& group : groups.value())
      for (const auto& member : group.members) people.insert(member.user_id);
    return people;
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<academy::AcademyService> academy_;
  std::unique_ptr<CoffeeService> service_;
  Viewer admin_, organizer_, stranger_;
  std::vector<Viewer> members_;
};

TEST_P(CoffeeServiceTest, OrganizersCreateProgramsOthersAreRefused) {
  ProgramInput input;
  input.name = "격주 커피챗";
  EXPECT_EQ(service_->create(Viewer{}, "lab", input).error().http_status, 401);
  EXPECT_EQ(service_->create(stranger_, "lab", input).error().http_status, 403);
  EXPECT_EQ(service_->create(members_[0], "lab", input).error().http_status, 403);
  EXPECT_EQ(service_->create(organizer_, "nowhere", input).error().http_status, 404);
  auto created = service_->create(organizer_, "lab", input);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->cadence, Cadence::kBiweekly);
  EXPECT_EQ(created->min_size, 3);
  EXPECT_EQ(created->target_size, 4);
  EXPECT_EQ(created->open_round.number, 1);
  EXPECT_EQ(created->open_round.cutoff_at, clock_.now_seconds() + 14 * 24 * 3600);
  EXPECT_TRUE(service_->create(admin_, "lab", input).ok());  // platform admins manage too
  EXPECT_EQ(service_->programs(members_[0], "lab")->size(), 2u);
  EXPECT_EQ(service_->programs(stranger_, "lab").error().http_status, 403);
  EXPECT_EQ(service_->programs(Viewer{}, "lab").error().http_status, 401);
}

TEST_P(CoffeeServiceTest, BadProgramInputNamesTheFieldAndWritesNothing) {
  const std::vector<std::pair<ProgramInput, std::string>> cases{
      {{}, "name"},
      {{.name = ""}, "name"},
      {{.name = std::string(81, 'x')}, "name"},
      {{.name = "x", .description = std::string(2001, 'd')}, "description"},
      {{.name = "x", .cadence = "daily"}, "cadence"},
      {{.name = "x", .min_size = 1}, "min_size"},
      {{.name = "x", .min_size = 4, .target_size = 4, .max_size = 3}, "max_size"},
      {{.name = "x", .min_size = 3, .target_size = 5, .max_size = 4}, "target_size"},
      {{.name = "x", .max_size = 9}, "max_size"},
      {{.name = "x", .cutoff_at = clock_.now_seconds() - 1}, "cutoff_at"},
  };
  for (const auto& [input, field] : cases) {
    auto created = service_->create(organizer_, "lab", input);
    ASSERT_FALSE(created.ok()) << field;
    EXPECT_EQ(created.error().http_status, 400) << field;
    EXPECT_EQ(created.error().field, field);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_programs"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_rounds"), 0);
  const Program made = program("ok", 3, 4, 4);
  auto bad_edit = service_->update(organizer_, "lab", made.id, {.min_size = 5});
  EXPECT_EQ(bad_edit.error().field, "max_size");
  auto edited = service_->update(organizer_, "lab", made.id,
                                 {.cadence = "weekly", .min_size = 2, .target_size = 2});
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->cadence, Cadence::kWeekly);
  EXPECT_EQ(edited->max_size, 4);
  EXPECT_EQ(service_->update(members_[0], "lab", made.id, {.name = "mine"}).error().http_status,
            403);
}

TEST_P(CoffeeServiceTest, AvailabilityIsStoredInUtcAndShownBackInTheMembersZone) {
  const Program made = program("p", 3, 4, 4);
  ParticipationInput input;
  input.time_zone = "Europe/Berlin";
  input.slots = std::vector<LocalSlot>{{1, 19}, {3, 20}};
  input.languages = std::vector<std::string>{"Korean", " English ", "Korean"};
  input.topics = std::vector<std::string>{"LLM"};
  auto saved = service_->participate(members_[0], "lab", made.id, input);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_TRUE(saved->opted_in);
  EXPECT_EQ(saved->time_zone, "Europe/Berlin");
  // Berlin is UTC+1 in January 2027: Tuesday 19:00 is 18:00 UTC.
  EXPECT_EQ(saved->slots, (std::vector<int>{24 + 18, 3 * 24 + 19}));
  EXPECT_EQ(saved->languages, (std::vector<std::string>{"Korean", "English"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_slots"), 2);
  EXPECT_EQ(service_->participate(stranger_, "lab", made.id, input).error().http_status, 403);
  // A platform admin who is not a member sees programs but does not take part.
  const Viewer outside_admin = viewer("root@example.com", "Root", true);
  EXPECT_TRUE(service_->view(outside_admin, "lab", made.id).ok());
  EXPECT_EQ(service_->participate(outside_admin, "lab", made.id, input).error().http_status, 403);
}

TEST_P(CoffeeServiceTest, BadParticipationNamesTheFieldAndWritesNothing) {
  const Program made = program("p", 3, 4, 4);
  const std::vector<std::pair<ParticipationInput, std::string>> cases{
      {{.time_zone = "Mars/Base"}, "time_zone"},
      {{.slots = std::vector<LocalSlot>{{7, 0}}}, "slots"},
      {{.slots = std::vector<LocalSlot>{{0, 24}}}, "slots"},
      {{.topics = std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}},
       "topics"},
      {{.languages = std::vector<std::string>{std::string(31, 'x')}}, "languages"},
      {{.avoid = std::vector<std::int64_t>{members_[0].user_id()}}, "avoid"},
      {{.avoid = std::vector<std::int64_t>{stranger_.user_id()}}, "avoid"},
  };
  for (const auto& [input, field] : cases) {
    auto saved = service_->participate(members_[0], "lab", made.id, input);
    ASSERT_FALSE(saved.ok()) << field;
    EXPECT_EQ(saved.error().http_status, 400) << field;
    EXPECT_EQ(saved.error().field, field);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_participants"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_avoid"), 0);
}

TEST_P(CoffeeServiceTest, TheAvoidListIsPrivateAndHonoured) {
  const Program made = program("p", 3, 3, 4);
  for (int idx = 0; idx < 6; ++idx) opt_in(members_[idx], made.id);
  ParticipationInput avoid;
  avoid.avoid = std::vector<std::int64_t>{members_[1].user_id(), members_[2].user_id()};
  ASSERT_TRUE(service_->participate(members_[0], "lab", made.id, avoid).ok());
  EXPECT_EQ(service_->view(members_[0], "lab", made.id)->mine.avoid.size(), 2u);
  EXPECT_TRUE(service_->view(members_[1], "lab", made.id)->mine.avoid.empty());
  auto closed = service_->close_round(organizer_, "lab", made.id);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->hard_violations, 0);
  auto groups = service_->round_groups(organizer_, "lab", made.id, closed->closed.id);
  ASSERT_TRUE(groups.ok());
  const auto pairs = pairs_of(groups.value());
  for (const auto& other : {members_[1], members_[2]}) {
    EXPECT_FALSE(pairs.contains(std::minmax(members_[0].user_id(), other.user_id())));
  }
  // Organizers see groups, never the lists; the mail carries nothing of them.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%avoid%'"), 0);
}

TEST_P(CoffeeServiceTest, ClosingARoundGroupsEveryoneInAndMailsThem) {
  const Program made = program("p", 3, 3, 4);
  for (int idx = 0; idx < 8; ++idx) opt_in(members_[idx], made.id);
  ASSERT_TRUE(service_->participate(members_[7], "lab", made.id, {.snoozed = true}).ok());
  ASSERT_TRUE(service_->participate(members_[6], "lab", made.id, {.opted_in = false}).ok());
  EXPECT_EQ(service_->close_round(members_[0], "lab", made.id).error().http_status, 403);
  auto closed = service_->close_round(organizer_, "lab", made.id);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->people, 6);
  EXPECT_EQ(closed->groups, 2);
  EXPECT_EQ(closed->next.number, 2);
  EXPECT_EQ(closed->next.cutoff_at, made.open_round.cutoff_at + 14 * 24 * 3600);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND payload LIKE "
                  "'%coffee_group%'"),
            6);
  auto groups = service_->round_groups(organizer_, "lab", made.id, closed->closed.id);
  ASSERT_TRUE(groups.ok());
  std::set<std::int64_t> seen;
  for (const auto& group : groups.value()) {
    EXPECT_GE(group.members.size(), 3u);
    EXPECT_LE(group.members.size(), 4u);
    int hosts = 0;
    for (const auto& member : group.members) {
      seen.insert(member.user_id);
      hosts += member.is_host ? 1 : 0;
    }
    EXPECT_EQ(hosts, 1);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_FALSE(seen.contains(members_[6].user_id()));  // opted out
  EXPECT_FALSE(seen.contains(members_[7].user_id()));  // snoozed
  auto mine = service_->view(members_[0], "lab", made.id);
  ASSERT_TRUE(mine->my_group.has_value());
  EXPECT_EQ(mine->my_group->round_number, 1);
  EXPECT_FALSE(service_->view(members_[7], "lab", made.id)->my_group.has_value());
  // The snooze covered round 1 only.
  EXPECT_FALSE(service_->view(members_[7], "lab", made.id)->mine.snoozed);
}

TEST_P(CoffeeServiceTest, TooFewPeopleIsAConflictAndNothingIsWritten) {
  const Program made = program("p", 3, 4, 4);
  opt_in(members_[0], made.id);
  opt_in(members_[1], made.id);
  auto closed = service_->close_round(organizer_, "lab", made.id);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().http_status, 409);
  EXPECT_EQ(closed.error().field, "participants");
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_rounds WHERE closed_at IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_groups"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(CoffeeServiceTest, PairsDoNotRepeatAcrossRoundsAndPrograms) {
  // Six people in pairs: after any two rounds the pairs not yet met form a
  // 3-regular graph, which always has a perfect matching, so a third round
  // without repeats always exists. Here that third round belongs to another
  // program of the same community, which must know the first one's history.
  const Program first = program("first", 2, 2, 2);
  const Program second = program("second", 2, 2, 2);
  for (int idx = 0; idx < 6; ++idx) {
    opt_in(members_[idx], first.id);
    opt_in(members_[idx], second.id);
  }
  std::set<std::pair<std::int64_t, std::int64_t>> met;
  for (const std::int64_t program_id : {first.id, first.id, second.id}) {
    auto closed = service_->close_round(organizer_, "lab", program_id);
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(closed->repeated_pairs, 0) << "round " << met.size() / 3 + 1;
    auto groups = service_->round_groups(organizer_, "lab", program_id, closed->closed.id);
    ASSERT_TRUE(groups.ok());
    EXPECT_EQ(groups->size(), 3u);
    for (const auto& pair : pairs_of(groups.value())) {
      EXPECT_TRUE(met.insert(pair).second) << "a pair met twice";
    }
  }
  EXPECT_EQ(met.size(), 9u);
}

TEST_P(CoffeeServiceTest, UnavoidableRepeatsAreFewestAndReported) {
  // Four people have exactly three repeat-free pairings; the fourth round
  // must repeat, and then exactly two pairs.
  const Program pairs = program("pairs", 2, 2, 2);
  for (int idx = 0; idx < 4; ++idx) opt_in(members_[idx], pairs.id);
  std::set<std::pair<std::int64_t, std::int64_t>> met;
  for (int round = 1; round <= 3; ++round) {
    auto closed = service_->close_round(organizer_, "lab", pairs.id);
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(closed->repeated_pairs, 0) << "round " << round;
    auto groups = service_->round_groups(organizer_, "lab", pairs.id, closed->closed.id);
    for (const auto& pair : pairs_of(groups.value())) met.insert(pair);
  }
  EXPECT_EQ(met.size(), 6u);  // everyone has met everyone
  auto fourth = service_->close_round(organizer_, "lab", pairs.id);
  ASSERT_TRUE(fourth.ok());
  EXPECT_EQ(fourth->repeated_pairs, 2);
  EXPECT_EQ(count("SELECT repeated_pairs FROM coffee_rounds WHERE number = 4"), 2);
}

TEST_P(CoffeeServiceTest, FeedbackAndStats) {
  const Program made = program("p", 3, 3, 3);
  for (int idx = 0; idx < 6; ++idx) opt_in(members_[idx], made.id);
  auto closed = service_->close_round(organizer_, "lab", made.id);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  opt_in(members_[6], made.id);  // joined after the round: never grouped so far
  auto groups = service_->round_groups(organizer_, "lab", made.id, closed->closed.id).value();
  ASSERT_EQ(groups.size(), 2u);
  const std::int64_t first_member = groups[0].members[0].user_id;
  const Viewer& answering =
      *std::find_if(members_.begin(), members_.end(),
                    [&](const Viewer& viewer) { return viewer.user_id() == first_member; });
  ASSERT_TRUE(service_->answer(answering, "lab", made.id, groups[0].id, true).ok());
  // Someone from the other group cannot answer for this one.
  const std::int64_t outsider_id = groups[1].members[0].user_id;
  const Viewer& outsider =
      *std::find_if(members_.begin(), members_.end(),
                    [&](const Viewer& viewer) { return viewer.user_id() == outsider_id; });
  EXPECT_EQ(service_->answer(outsider, "lab", made.id, groups[0].id, true).error().http_status,
            404);
  ASSERT_TRUE(service_->answer(outsider, "lab", made.id, groups[1].id, false).ok());
  auto stats = service_->stats(organizer_, "lab", made.id);
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(stats->rounds_closed, 1);
  EXPECT_EQ(stats->groups, 2);
  EXPECT_EQ(stats->groups_answered, 2);
  EXPECT_EQ(stats->groups_met, 1);
  EXPECT_DOUBLE_EQ(stats->met_rate, 0.5);
  EXPECT_EQ(stats->new_connections, 3);  // the three pairs of the group that met
  EXPECT_EQ(stats->people_grouped, 6);
  ASSERT_EQ(stats->never_grouped.size(), 1u);
  EXPECT_EQ(stats->never_grouped[0].first, members_[6].user_id());
  EXPECT_EQ(service_->stats(members_[0], "lab", made.id).error().http_status, 403);
  auto view = service_->view(answering, "lab", made.id);
  for (const auto& member : view->my_group->members) {
    if (member.user_id == first_member) {
      EXPECT_EQ(member.met, std::optional<bool>(true));
    }
  }
}

TEST_P(CoffeeServiceTest, DueRoundsCloseOnTheirOwnEvenWhenTooFewTookPart) {
  const Program busy = program("busy", 3, 3, 4);
  const Program quiet = program("quiet", 3, 3, 4);
  for (int idx = 0; idx < 6; ++idx) opt_in(members_[idx], busy.id);
  opt_in(members_[0], quiet.id);
  EXPECT_EQ(service_->close_due_rounds().value(), 0);  // not due yet
  clock_.advance(15 * 24 * 3600);
  auto closed = service_->close_due_rounds();
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed.value(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_groups"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_rounds WHERE closed_at IS NULL"), 2);
  // The next cut-off lies in the future even when the worker was late.
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_rounds WHERE closed_at IS NULL AND cutoff_at > " +
                  std::to_string(clock_.now_seconds())),
            2);
  EXPECT_EQ(service_->close_due_rounds().value(), 0);
}

TEST_P(CoffeeServiceTest, ACohortProgramTakesItsBuildersAndRunnersOnlyAndDropsLeavers) {
  const std::int64_t ten = cohort("10"), nine = cohort("9");
  const std::int64_t nlp = project(ten, "NLP 스터디"), vision = project(ten, "Vision 논문");
  const std::int64_t old = project(nine, "지난 기수 프로젝트");
  builder(nlp, members_[0]);
  runner(nlp, members_[1]);
  runner(vision, members_[2]);
  runner(vision, members_[3]);
  runner(old, members_[4]);  // another cohort; members_[5] is in no project at all
  auto created = service_->create(organizer_, "lab",
                                  {.name = "10기 커피챗", .audience = "cohort", .cohort = "10"});
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->audience, "cohort");
  EXPECT_EQ(created->audience_cohort_key, "10");
  EXPECT_EQ(created->audience_name, "10기");
  const std::int64_t id = created->id;

  for (int idx : {4, 5}) {
    auto refused = service_->participate(members_[idx], "lab", id, {.opted_in = true});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 403);
    EXPECT_EQ(refused.error().field, "audience");
    EXPECT_NE(refused.error().message.find("10기"), std::string::npos);
    EXPECT_FALSE(service_->view(members_[idx], "lab", id)->in_audience);
  }
  for (int idx : {0, 1, 2, 3}) opt_in(members_[idx], id);
  EXPECT_TRUE(service_->view(members_[0], "lab", id)->in_audience);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_participants"), 4);

  // A runner who dropped out stays opted in but is no longer grouped.
  sql("INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, outcome, "
      "updated_at) VALUES (?, ?, ?, 'runner', 'dropped', 'dropped', 1)",
      {ten, nlp, members_[1].user_id()});
  auto closed = service_->close_round(organizer_, "lab", id);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(grouped_in(closed.value(), id),
            (std::set<std::int64_t>{members_[0].user_id(), members_[2].user_id(),
                                    members_[3].user_id()}));
  // Opting out is always possible, in the audience or not.
  EXPECT_TRUE(service_->participate(members_[1], "lab", id, {.opted_in = false}).ok());

  // Once the cohort is closed nobody is in its audience: no groups form.
  sql("INSERT INTO cohort_closures (cohort_id, closed_at) VALUES (?, ?)",
      {ten, clock_.now_seconds()});
  auto after = service_->close_round(organizer_, "lab", id);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().field, "participants");
  EXPECT_FALSE(service_->view(members_[0], "lab", id)->in_audience);
}

TEST_P(CoffeeServiceTest, AProjectProgramTakesThatProjectsPeopleOnly) {
  const std::int64_t ten = cohort("10");
  const std::int64_t nlp = project(ten, "NLP 스터디"), vision = project(ten, "Vision 논문");
  builder(nlp, members_[0]);
  runner(nlp, members_[1]);
  runner(nlp, members_[2]);
  runner(vision, members_[3]);
  auto created = service_->create(organizer_, "lab",
                                  {.name = "NLP 커피챗", .audience = "project", .project_id = nlp});
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->audience_name, "NLP 스터디");
  for (int idx : {0, 1, 2}) opt_in(members_[idx], created->id);
  EXPECT_EQ(service_->participate(members_[3], "lab", created->id, {.opted_in = true})
                .error()
                .http_status,
            403);
  // Switching the program to all members opens it to everyone.
  auto opened = service_->update(organizer_, "lab", created->id, {.audience = "members"});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->audience, "members");
  EXPECT_TRUE(opened->audience_name.empty());
  opt_in(members_[3], created->id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_program_audiences"), 0);
}

TEST_P(CoffeeServiceTest, BadAudiencesNameTheFieldAndWriteNothing) {
  const std::int64_t ten = cohort("10");
  const std::int64_t proposed = project(ten, "심사 중", "proposed");
  const std::vector<std::pair<ProgramInput, std::string>> cases{
      {{.name = "x", .audience = "alumni"}, "audience"},
      {{.name = "x", .audience = "cohort"}, "cohort"},
      {{.name = "x", .audience = "cohort", .cohort = "99"}, "cohort"},
      {{.name = "x", .audience = "members", .cohort = "10"}, "cohort"},
      {{.name = "x", .audience = "project"}, "project_id"},
      {{.name = "x", .audience = "project", .project_id = 999999}, "project_id"},
      {{.name = "x", .audience = "project", .project_id = proposed}, "project_id"},
      {{.name = "x", .cohort = "10"}, "cohort"},
  };
  for (const auto& [input, field] : cases) {
    auto created = service_->create(organizer_, "lab", input);
    ASSERT_FALSE(created.ok()) << field;
    EXPECT_EQ(created.error().http_status, 400) << field << ": " << created.error().message;
    EXPECT_EQ(created.error().field, field) << created.error().message;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_programs"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coffee_program_audiences"), 0);
}

TEST_P(CoffeeServiceTest, ARoundMixesProjectsWhenAsked) {
  // Four projects of two: groups of four can each hold one person per project.
  const std::int64_t ten = cohort("10");
  std::map<std::int64_t, std::int64_t> project_of;
  for (int idx = 0; idx < 8; ++idx) {
    if (idx % 2 == 0) project(ten, "P" + std::to_string(idx / 2));
    const std::int64_t project_id = count("SELECT MAX(id) FROM academy_projects");
    runner(project_id, members_[idx]);
    project_of[members_[idx].user_id()] = project_id;
  }
  auto created = service_->create(organizer_, "lab",
                                  {.name = "섞기",
                                   .min_size = 4,
                                   .target_size = 4,
                                   .max_size = 4,
                                   .mix_circles = false,
                                   .mix_projects = true});
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(created->mix_projects);
  EXPECT_FALSE(created->mix_cohorts);
  for (const auto& member : members_) opt_in(member, created->id);
  auto closed = service_->close_round(organizer_, "lab", created->id);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  auto groups = service_->round_groups(organizer_, "lab", created->id, closed->closed.id);
  ASSERT_EQ(groups->size(), 2u);
  for (const auto& group : groups.value()) {
    std::set<std::int64_t> projects;
    for (const auto& member : group.members) projects.insert(project_of.at(member.user_id));
    EXPECT_EQ(projects.size(), 4u) << "two people of one project in one group";
  }
}

TEST(Cadence, MonthlyKeepsTheDayAndClampsToTheMonthsEnd) {
  // 2027-01-31 12:00 UTC → 2027-02-28 12:00 UTC.
  EXPECT_EQ(next_cutoff(1801396800, Cadence::kMonthly), 1803816000);
  EXPECT_EQ(next_cutoff(1801396800, Cadence::kWeekly), 1801396800 + 7 * 86400);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CoffeeServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::coffee
