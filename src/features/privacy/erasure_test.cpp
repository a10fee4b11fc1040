// Erasure on SQLite and PostgreSQL: asking to delete (password, guards),
// the grace period and signing in to cancel, the job that erases what is
// due with a fake clock, an organizer's erasure on request, and the mails
// of each step. The demo-wide check, table by table, is
// src/app/erasure_demo_test.cpp.
#include "features/privacy/erasure.hpp"

#include <gtest/gtest.h>

#include "features/integrations/personal_data.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"
#include "platform/web/input.hpp"

namespace moim::privacy {
namespace {

using accounts::Viewer;
constexpr const char* kPassword = "password 123";
constexpr std::int64_t kDay = 24 * 3600;

class ErasureTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    auto erasers = room_erasers();
    erasers.push_back(automation::erase_personal);
    service_ = std::make_unique<ErasureService>(test_db_->database(), clock_, *communities_,
                                                std::move(erasers), ErasureConfig{});
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김서연", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* one : {&organizer_, &member_})
      ASSERT_TRUE(communities_->join(*one, "lab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "lab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "runs the lab")
                    .ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, kPassword, std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t count(const std::string& sql, const std::vector<db::Value>& params) {
    auto reader = test_db_->database().read();
    auto rows = reader->query(sql, params);
    EXPECT_TRUE(rows.ok() && rows->size() == 1);
    return rows->front().int64(0);
  }
  std::int64_t mails(const std::string& template_name, const std::string& to) {
    return count(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND target = ? AND payload LIKE ?",
        {to, "%\"template\":\"" + template_name + "\"%"});
  }
  std::int64_t members_counted() {
    return count("SELECT member_count FROM communities WHERE slug = 'lab'", {});
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<ErasureService> service_;
  Viewer admin_, organizer_, member_;
};

TEST_P(ErasureTest, AskingNeedsThePasswordAndSignsOutEverywhere) {
  auto grant = accounts_->log_in("member@example.com", kPassword, "10.0.0.1", "test");
  ASSERT_TRUE(grant.ok());
  auto empty = service_->request_own(member_, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "password");
  auto wrong = service_->request_own(member_, "not my password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().http_status, 422);
  EXPECT_EQ(wrong.error().field, "password");
  EXPECT_EQ(count("SELECT COUNT(*) FROM account_deletions", {}), 0);
  EXPECT_EQ(service_->request_own(Viewer{}, kPassword).error().http_status, 401);

  auto asked = service_->request_own(member_, kPassword);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->due_at, clock_.now_seconds() + accounts::kDeletionGraceDays * kDay);
  EXPECT_FALSE(accounts_->viewer_from_session(grant->token)->signed_in());
  EXPECT_EQ(mails("account_deletion_scheduled", "member@example.com"), 1);
  // Twice: refused, nothing new.
  auto again = service_->request_own(member_, kPassword);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM account_deletions", {}), 1);
}

TEST_P(ErasureTest, SigningInDuringTheGracePeriodCancels) {
  ASSERT_TRUE(service_->request_own(member_, kPassword).ok());
  clock_.advance(13 * kDay);
  ASSERT_TRUE(accounts_->log_in("member@example.com", kPassword, "10.0.0.1", "test").ok());
  EXPECT_EQ(mails("account_deletion_cancelled", "member@example.com"), 1);
  clock_.advance(2 * kDay);
  auto erased = service_->erase_due();
  ASSERT_TRUE(erased.ok());
  EXPECT_EQ(erased.value(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = 'member@example.com' AND "
                  "erased_at IS NULL",
                  {}),
            1);
  // And may ask again later.
  EXPECT_TRUE(service_->request_own(member_, kPassword).ok());
}

TEST_P(ErasureTest, TheJobErasesWhatIsDueAndNothingBefore) {
  const std::int64_t before = members_counted();
  ASSERT_TRUE(service_->request_own(member_, kPassword).ok());
  clock_.advance(14 * kDay - 60);
  EXPECT_EQ(service_->erase_due().value(), 0);
  clock_.advance(60);
  auto erased = service_->erase_due();
  ASSERT_TRUE(erased.ok()) << erased.error().message;
  EXPECT_EQ(erased.value(), 1);

  // The row stays, emptied; nobody can sign in to it.
  auto reader = test_db_->database().read();
  auto row = reader->query_one(
      "SELECT email, display_name, password_hash, bio, erased_at FROM users WHERE id = ?",
      {member_.user_id()});
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->text(0), "erased-" + std::to_string(member_.user_id()) + "@erased.invalid");
  EXPECT_EQ((*row)->text(1), std::string(web::kErasedName));
  EXPECT_EQ((*row)->text(2), "");
  EXPECT_FALSE((*row)->is_null(4));
  EXPECT_FALSE(accounts_->log_in("member@example.com", kPassword, "10.0.0.1", "test").ok());
  // Gone from the community, with its count.
  EXPECT_EQ(members_counted(), before - 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM memberships WHERE user_id = ?", {member_.user_id()}), 0);
  // The record keeps counts, never the data.
  auto report = reader->query_one("SELECT report FROM account_deletions WHERE user_id = ?",
                                  {member_.user_id()});
  ASSERT_TRUE(report.ok() && report->has_value());
  EXPECT_NE((*report)->text(0).find("\"memberships\""), std::string::npos);
  EXPECT_EQ((*report)->text(0).find("member@example.com"), std::string::npos);
  // The earlier mails lost address and body; the last one goes out.
  EXPECT_EQ(mails("account_deletion_scheduled", "member@example.com"), 0);
  EXPECT_EQ(mails("account_erased", "member@example.com"), 1);
  // Again: nothing is due, and erasing an erased account is refused.
  EXPECT_EQ(service_->erase_due().value(), 0);
  EXPECT_EQ(service_->erase({.id = 0, .user_id = member_.user_id()}).error().http_status, 409);
}

TEST_P(ErasureTest, TheOnlyOrganizerAndTheOnlyAdminAreRefusedUntilAnotherIsNamed) {
  // The admin runs "lab" beside another organizer, but is the only admin.
  auto admin = service_->request_own(admin_, kPassword);
  ASSERT_FALSE(admin.ok());
  EXPECT_EQ(admin.error().http_status, 409);
  EXPECT_EQ(admin.error().code, "last_admin");
  Viewer second_admin = viewer("admin2@example.com", "두번째 관리자", true);
  (void)second_admin;
  // Alone at the head of a community: refused, naming it.
  ASSERT_TRUE(communities_->create(admin_, {.slug = "solo", .name = "모두의연구소"}).ok());
  auto alone = service_->request_own(admin_, kPassword);
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error().http_status, 409);
  EXPECT_EQ(alone.error().code, "sole_organizer");
  EXPECT_EQ(alone.error().field, "account");
  EXPECT_NE(alone.error().message.find("모두의연구소"), std::string::npos);
  EXPECT_EQ(alone.error().message.find("가짜연구소"), std::string::npos);
  ASSERT_TRUE(communities_->join(member_, "solo").ok());
  ASSERT_TRUE(communities_
                  ->change_stage(admin_, "solo", member_.user_id(), communities::Stage::kOrganizer,
                                 "second organizer")
                  .ok());
  EXPECT_TRUE(service_->request_own(admin_, kPassword).ok());
}

TEST_P(ErasureTest, AnOrganizerErasesAMemberOnRequestWithAReasonInTheAuditLog) {
  const std::string reason = "본인이 운영진 메일로 요청 (2026-12-07)";
  EXPECT_EQ(service_->request_for_member(member_, "lab", organizer_.user_id(), reason)
                .error()
                .http_status,
            403);
  auto no_reason = service_->request_for_member(organizer_, "lab", member_.user_id(), "  ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_EQ(service_->request_for_member(organizer_, "nope", member_.user_id(), reason)
                .error()
                .http_status,
            404);
  EXPECT_EQ(service_->request_for_member(organizer_, "lab", 987654, reason).error().http_status,
            404);
  // Someone another community also relies on: only they or an admin.
  ASSERT_TRUE(communities_->create(admin_, {.slug = "other", .name = "모두의연구소"}).ok());
  ASSERT_TRUE(communities_->join(member_, "other").ok());
  auto elsewhere = service_->request_for_member(organizer_, "lab", member_.user_id(), reason);
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, "other_communities");
  EXPECT_EQ(elsewhere.error().field, "member");

  // Reasons count in characters, as the form does: 400 Korean characters
  // (1,200 bytes) are taken, 600 are refused naming the field.
  std::string long_reason = reason;
  while (web::utf8_length(long_reason) < 400) long_reason += "요";
  auto too_long = service_->request_for_member(admin_, "lab", member_.user_id(),
                                               long_reason + std::string(200, 'x'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "reason");
  auto asked = service_->request_for_member(admin_, "lab", member_.user_id(), long_reason);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.erasure_requested' AND "
                  "subject = ? AND actor_id = ? AND detail LIKE ?",
                  {std::to_string(member_.user_id()), admin_.user_id(), "%" + reason + "%"}),
            1);
  EXPECT_EQ(mails("account_deletion_scheduled", "member@example.com"), 1);
  // The member may still cancel by signing in.
  ASSERT_TRUE(accounts_->log_in("member@example.com", kPassword, "10.0.0.1", "test").ok());
  EXPECT_EQ(mails("account_deletion_cancelled", "member@example.com"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ErasureTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::privacy
