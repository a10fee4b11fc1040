#include "features/privacy/retention.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/db/dry_run.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::privacy {
namespace {

using accounts::Viewer;
constexpr std::int64_t kDay = 86400;

// The rows each room's rule is about, written as the rooms would leave them:
// a closed cohort with a placed and an unplaced applicant, a past event with
// a guest and a member, the outbox's finished and pending rows, sessions.
class RetentionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    retention_ = std::make_unique<RetentionService>(test_db_->database(), clock_, *communities_);
    admin_ = viewer("admin@example.com", true);
    organizer_ = viewer("organizer@example.com", false);
    member_ = viewer("member@example.com", false);
    placed_ = viewer("placed@example.com", false).user_id();
    unplaced_ = viewer("unplaced@example.com", false).user_id();
    auto created = communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"});
    ASSERT_TRUE(created.ok()) << created.error().message;
    community_ = created->id;
    ASSERT_TRUE(communities_->join(organizer_, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "runs it")
                    .ok());
    ASSERT_TRUE(communities_->join(member_, "pseudolab").ok());
    seed();
  }
  Viewer viewer(const std::string& email, bool admin) {
    auto user = accounts_->create_user(
        {email, email.substr(0, email.find('@')), "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  void exec(const std::string& sql, std::vector<db::Value> params = {}) {
    auto writer = test_db_->database().write();
    ASSERT_TRUE(writer.ok());
    auto done = writer->execute(sql, params);
    ASSERT_TRUE(done.ok()) << sql << ": " << done.error().message;
    ASSERT_TRUE(writer->commit().ok());
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  std::string text(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->text(0);
  }
  void seed() {
    const std::int64_t now = clock_.now_seconds();
    const db::Value c = community_;
    exec(
        "INSERT INTO cohorts (id, community_id, cohort_key, name, created_at, updated_at) "
        "VALUES (500, ?, '6', '6기', 1, 1)",
        {c});
    exec(
        "INSERT INTO academy_projects (id, community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
        "min_runners, max_runners, created_at, updated_at) VALUES (600, ?, 500, '추천시스템', "
        "'study', 'beginner', 'ko', 'online', 1, '20:00', 90, 'Asia/Seoul', '2026-01-05', "
        "'2026-03-01', 2, 10, 1, 1)",
        {c});
    exec("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (600, ?, 1)",
         {placed_});
    for (auto [id, user] : {std::pair{700, placed_}, std::pair{701, unplaced_}}) {
      exec(
          "INSERT INTO applications (id, community_id, cohort_id, scope, user_id, answers, "
          "status, submitted_at, updated_at) VALUES (?, ?, 500, 'cohort', ?, '[\"저는...\"]', "
          "'submitted', 1, 1)",
          {std::int64_t{id}, c, user});
      exec(
          "INSERT INTO application_choices (application_id, choice_rank, project_id) VALUES "
          "(?, 1, 600)",
          {std::int64_t{id}});
    }
    exec(
        "INSERT INTO seat_offers (cohort_id, project_id, user_id, state, offered_at, deadline) "
        "VALUES (500, 600, ?, 'expired', 1, 2)",
        {unplaced_});
    exec("INSERT INTO cohort_closures (cohort_id, closed_at) VALUES (500, ?)", {now});

    exec(
        "INSERT INTO events (id, community_id, title, starts_at, ends_at, "
        "registration_opens_at, registration_closes_at, created_at, updated_at) VALUES "
        "(800, ?, 'PseudoCon', ?, ?, 1, 2, 1, 1)",
        {c, now - 11 * kDay, now - 10 * kDay});
    exec(
        "INSERT INTO event_ticket_types (id, event_id, name, capacity) VALUES (801, 800, "
        "'일반', 100)");
    exec(
        "INSERT INTO event_questions (id, event_id, kind, label, created_at, updated_at) VALUES "
        "(802, 800, 'text', '소속', 1, 1)");
    exec(
        "INSERT INTO event_registrations (id, event_id, ticket_type_id, user_id, person_key, "
        "name, email, status, ticket_code, token_digest, created_at, updated_at) VALUES "
        "(900, 800, 801, NULL, 'e:guest@example.com', '손님', 'guest@example.com', "
        "'confirmed', 'T-900', 'digest-900', 1, 1), (901, 800, 801, ?, 'u:member', 'member', "
        "'member@example.com', 'confirmed', 'T-901', 'digest-901', 1, 1)",
        {member_.user_id()});
    exec(
        "INSERT INTO event_answers (registration_id, question_id, label, answer, created_at) "
        "VALUES "
        "(900, 802, '소속', '가짜연구소', 1), (901, 802, '소속', '가짜연구소', 1)");

    for (auto [key, state, age] : {std::tuple{"old-done", "done", 100},
                                   {"old-pending", "pending", 100},
                                   {"new-done", "done", 10}}) {
      exec(
          "INSERT INTO outbox (kind, target, payload, idempotency_key, not_before, state, "
          "created_at, community_id) VALUES ('email', 'someone@example.com', "
          "'{\"subject\":\"안녕하세요\"}', ?, 0, ?, ?, ?)",
          {std::string(key), std::string(state), now - age * kDay, c});
    }
    exec(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
        "expires_at) VALUES ('gone', ?, 'x', 1, 1, ?), ('live', ?, 'x', 1, 1, ?)",
        {member_.user_id(), now - 2 * kDay, member_.user_id(), now + 60 * kDay});
  }
  std::int64_t due(const RetentionView& view, const std::string& kind) {
    for (const auto& count : view.due) {
      if (count.kind == kind) return count.count;
    }
    return -1;
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<RetentionService> retention_;
  Viewer admin_, organizer_, member_;
  std::int64_t placed_ = 0, unplaced_ = 0, community_ = 0;
};

TEST_P(RetentionTest, ADryRunShowsWhatIsDueAndTheRunPurgesExactlyThat) {
  // The defaults: outbox rows after 90 days; the cohort closed today and the
  // event ended 10 days ago are not due yet.
  auto first = retention_->view(organizer_, "pseudolab");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->policy.is_default);
  EXPECT_EQ(due(*first, "outbox_payloads"), 1);
  EXPECT_EQ(due(*first, "unplaced_applications"), 0);
  EXPECT_EQ(due(*first, "guest_registrations"), 0);

  ASSERT_TRUE(retention_
                  ->set_policy(organizer_, "pseudolab",
                               {.unplaced_applications_days = 30, .guest_registrations_days = 7})
                  .ok());
  clock_.advance(31 * kDay);
  auto dry = retention_->view(organizer_, "pseudolab");
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(due(*dry, "outbox_payloads"), 1);  // new-done is 41 days old: not yet
  EXPECT_EQ(due(*dry, "unplaced_applications"), 1);
  EXPECT_EQ(due(*dry, "guest_registrations"), 1);
  // The dry runs deleted nothing.
  auto totals_dry = retention_->run(/*dry_run=*/true);
  ASSERT_TRUE(totals_dry.ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM retention_runs"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = 'gone'"), 1);

  auto totals = retention_->run(/*dry_run=*/false);
  ASSERT_TRUE(totals.ok()) << totals.error().message;
  // Applications: the unplaced one went with its choices and untaken offer;
  // the runner's stays. The project still counts its applicants as it did.
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications WHERE id = 701"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM application_choices WHERE application_id = 701"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM seat_offers"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications WHERE id = 700"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM application_choices WHERE application_id = 700"), 1);
  // The guest lost name, address, link and answers; the member's registration
  // and every check-in figure stay.
  EXPECT_EQ(text("SELECT name || '|' || email FROM event_registrations WHERE id = 900"), "|");
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations WHERE id = 900 AND token_digest "
                  "IS NULL AND status = 'confirmed'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_answers WHERE registration_id = 900"), 0);
  EXPECT_EQ(text("SELECT email FROM event_registrations WHERE id = 901"), "member@example.com");
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_answers WHERE registration_id = 901"), 1);
  // The outbox: only the finished old row lost its address and body.
  EXPECT_EQ(text("SELECT target || payload FROM outbox WHERE idempotency_key = 'old-done'"), "{}");
  EXPECT_EQ(text("SELECT target FROM outbox WHERE idempotency_key = 'old-pending'"),
            "someone@example.com");
  EXPECT_EQ(text("SELECT target FROM outbox WHERE idempotency_key = 'new-done'"),
            "someone@example.com");
  // Sessions a day past their expiry go; live ones stay.
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = 'gone'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = 'live'"), 1);

  // What went is recorded as counts, per community and for the installation.
  EXPECT_EQ(count("SELECT COUNT(*) FROM retention_runs WHERE community_id IS NOT NULL"), 3);
  EXPECT_EQ(count("SELECT purged FROM retention_runs WHERE kind = 'unplaced_applications'"), 1);
  EXPECT_EQ(count("SELECT purged FROM retention_runs WHERE kind = 'sessions'"), 1);
  auto after = retention_->view(organizer_, "pseudolab");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->recent.size(), 3u);
  EXPECT_EQ(due(*after, "outbox_payloads"), 0);
  EXPECT_EQ(due(*after, "guest_registrations"), 0);

  // Nothing is due again: a second run purges and records nothing.
  auto again = retention_->run(false);
  ASSERT_TRUE(again.ok());
  for (const auto& total : again.value()) EXPECT_EQ(total.count, 0) << total.kind;
  EXPECT_EQ(count("SELECT COUNT(*) FROM retention_runs"), 4);
}

// The page's dry run costs the same however much is due: it stops counting
// past the cap and says "1000+"; the run itself purges everything.
TEST_P(RetentionTest, TheDryRunStopsCountingAtTheCapAndTheRunPurgesAll) {
  exec(
      "INSERT INTO outbox (kind, target, payload, idempotency_key, not_before, state, "
      "created_at, community_id) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
      "WHERE i < ?) SELECT 'email', 'x@example.com', '{\"a\":1}', 'bulk-' || i, 0, 'done', "
      "?, ? FROM n",
      {db::kDryRunCap + 5, clock_.now_seconds() - 200 * kDay, community_});
  auto view = retention_->view(organizer_, "pseudolab");
  ASSERT_TRUE(view.ok()) << view.error().message;
  ASSERT_EQ(view->due.front().kind, "outbox_payloads");
  EXPECT_EQ(view->due.front().count, db::kDryRunCap);
  EXPECT_TRUE(view->due.front().more);
  auto totals = retention_->run(/*dry_run=*/false);
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(
      count(
          "SELECT COUNT(*) FROM outbox WHERE state = 'done' AND payload <> '{}' AND created_at < " +
          std::to_string(clock_.now_seconds() - 90 * kDay)),
      0);
  EXPECT_EQ(count("SELECT purged FROM retention_runs WHERE kind = 'outbox_payloads' AND "
                  "community_id IS NOT NULL"),
            db::kDryRunCap + 6);  // the bulk and the seeded old-done row
  auto after = retention_->view(organizer_, "pseudolab");
  EXPECT_FALSE(after->due.front().more);
  EXPECT_EQ(after->due.front().count, 0);
}

TEST_P(RetentionTest, PeriodsAreBoundedAuditedAndForOrganizersOnly) {
  EXPECT_EQ(retention_->view(Viewer{}, "pseudolab").error().http_status, 401);
  EXPECT_EQ(retention_->view(member_, "pseudolab").error().http_status, 403);
  EXPECT_EQ(retention_->set_policy(member_, "pseudolab", {.outbox_days = 30}).error().http_status,
            403);
  EXPECT_EQ(retention_->view(organizer_, "nowhere").error().http_status, 404);
  for (std::int64_t bad : {std::int64_t{-1}, std::int64_t{0}, std::int64_t{1'000'000'000}}) {
    auto refused = retention_->set_policy(organizer_, "pseudolab",
                                          {.outbox_days = 30, .guest_registrations_days = bad});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 400);
    EXPECT_EQ(refused.error().field, "guest_registrations_days");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM retention_policies"), 0);  // nothing half-written

  auto saved = retention_->set_policy(organizer_, "pseudolab", {.outbox_days = 30});
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->outbox_days, 30);
  EXPECT_EQ(saved->guest_registrations_days, 180);  // kept its default
  auto view = retention_->view(admin_, "pseudolab");
  ASSERT_TRUE(view.ok());
  EXPECT_FALSE(view->policy.is_default);
  EXPECT_EQ(view->policy.outbox_days, 30);
  EXPECT_EQ(text("SELECT detail FROM audit_log WHERE action = 'community.retention_changed'"),
            "{\"before\":{\"outbox_days\":90,\"unplaced_applications_days\":365,"
            "\"guest_registrations_days\":180},\"after\":{\"outbox_days\":30,"
            "\"unplaced_applications_days\":365,\"guest_registrations_days\":180}}");
}

INSTANTIATE_TEST_SUITE_P(Drivers, RetentionTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::privacy
