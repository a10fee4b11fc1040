#include "features/communities/communities_service.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::communities {
namespace {

using accounts::Viewer;

class CommunitiesServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    service_ = std::make_unique<CommunitiesService>(test_db_->database(), clock_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김러너", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    auto created =
        service_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소", .description = "ML"});
    ASSERT_TRUE(created.ok()) << created.error().message;
    community_ = created.value();
    ASSERT_TRUE(service_->join(organizer_, "pseudolab").ok());
    ASSERT_TRUE(service_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(), Stage::kOrganizer,
                                   "runs 10기")
                    .ok());
    ASSERT_TRUE(service_->join(member_, "pseudolab").ok());
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

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<CommunitiesService> service_;
  Viewer admin_, organizer_, member_, stranger_;
  Community community_;
};

TEST_P(CommunitiesServiceTest, OnlyAnAdminCreatesCommunitiesAndTheCreatorOrganizesIt) {
  EXPECT_EQ(service_->create(organizer_, {.slug = "geultto", .name = "글또"}).error().http_status,
            403);
  EXPECT_EQ(service_->create(Viewer{}, {.slug = "geultto", .name = "글또"}).error().http_status,
            401);
  EXPECT_EQ(service_->create(admin_, {.slug = "pseudolab", .name = "dup"}).error().field, "slug");
  EXPECT_EQ(service_->create(admin_, {.slug = "Bad Slug", .name = "x"}).error().field, "slug");
  EXPECT_EQ(service_->create(admin_, {.slug = "ok-slug", .name = "x", .time_zone = "Mars/Base"})
                .error()
                .field,
            "time_zone");
  EXPECT_EQ(count("SELECT COUNT(*) FROM communities"), 1);
  EXPECT_TRUE(service_->standing(admin_, community_)->can_manage());
  EXPECT_EQ(service_->standing(admin_, community_)->stage, Stage::kOrganizer);
}

// find() keeps community rows across requests on SQLite while nothing was
// committed; a write from another process (here a second handle on the same
// database, as `moim` commands or psql would be) shows at the next find.
TEST_P(CommunitiesServiceTest, AKeptCommunityShowsEveryWriteFromElsewhere) {
  for (const char* name : {"바뀐 이름", "Renamed", "가짜연구소"}) {
    ASSERT_TRUE(service_->find("pseudolab").ok());
    ASSERT_TRUE(service_->find("pseudolab").ok());
    auto other = db::Database::open(test_db_->url());
    ASSERT_TRUE(other.ok());
    auto writer = other.value()->write();
    ASSERT_TRUE(writer
                    ->execute("UPDATE communities SET name = ? WHERE slug = 'pseudolab'",
                              {std::string(name)})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
    EXPECT_EQ(service_->find("pseudolab")->name, name);
  }
  // A member who joins changes the count at once.
  const auto before = service_->find("pseudolab")->member_count;
  ASSERT_TRUE(service_->join(stranger_, "pseudolab").ok());
  EXPECT_EQ(service_->find("pseudolab")->member_count, before + 1);
}

TEST_P(CommunitiesServiceTest, JoiningStartsAsObserverOnce) {
  auto standing = service_->standing(member_, community_);
  EXPECT_EQ(standing->stage, Stage::kObserver);
  EXPECT_EQ(service_->join(member_, "pseudolab").error().http_status, 409);
  EXPECT_EQ(service_->join(member_, "nowhere").error().http_status, 404);
}

TEST_P(CommunitiesServiceTest, TheMemberCountMovesWithEveryJoinAndLeave) {
  const auto counted = [&] { return service_->find("pseudolab").value().member_count; };
  const std::int64_t before = counted();
  EXPECT_EQ(before, count("SELECT COUNT(*) FROM memberships WHERE community_id = " +
                          std::to_string(community_.id)));
  ASSERT_TRUE(service_->join(stranger_, "pseudolab").ok());
  EXPECT_EQ(counted(), before + 1);
  EXPECT_EQ(service_->join(stranger_, "pseudolab").error().http_status, 409);
  EXPECT_EQ(counted(), before + 1);  // a refused join counts nobody
  ASSERT_TRUE(service_->leave(stranger_, "pseudolab").ok());
  EXPECT_EQ(counted(), before);
}

TEST_P(CommunitiesServiceTest, OrganizersRaiseStagesWithHistoryAndAudit) {
  auto changed =
      service_->change_stage(organizer_, "pseudolab", member_.user_id(), Stage::kRunner, "선발됨");
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->stage, Stage::kRunner);
  auto history = service_->stage_history(organizer_, "pseudolab", member_.user_id());
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().to, Stage::kRunner);
  EXPECT_EQ(history->front().from, Stage::kObserver);
  EXPECT_EQ(history->front().changed_by, "운영진");
  EXPECT_EQ(history->front().reason, "선발됨");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.stage_changed'"), 2);
}

TEST(Milestones, TakingPartEarnsParticipantAndAnAuditEarnsAuditor) {
  for (Milestone milestone : {Milestone::kGrowthLog, Milestone::kRetrospective,
                              Milestone::kCoffeeChat, Milestone::kDiscordLinked})
    EXPECT_EQ(stage_earned_by(milestone), Stage::kParticipant);
  EXPECT_EQ(stage_earned_by(Milestone::kAudit), Stage::kAuditor);
  EXPECT_EQ(milestone_reason(Milestone::kGrowthLog), "stage_reason_growth_log");
  EXPECT_EQ(milestone_reason(Milestone::kAudit), "stage_reason_audit");
}

TEST_P(CommunitiesServiceTest, MilestonesRaiseWithinTheCallersTransactionAndNeverLower) {
  const auto record = [&](std::int64_t user_id, Milestone milestone) {
    auto transaction = test_db_->database().write();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(service_
                    ->record_milestone(*transaction, community_.id, user_id, milestone,
                                       clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(transaction->commit().ok());
  };
  const auto stage_of = [&](const Viewer& who) {
    return service_->member(organizer_, "pseudolab", who.user_id()).value().stage;
  };
  // 눈팅 → 소통 by a first growth log, with the history's reason.
  record(member_.user_id(), Milestone::kGrowthLog);
  EXPECT_EQ(stage_of(member_), Stage::kParticipant);
  auto history = service_->stage_history(organizer_, "pseudolab", member_.user_id());
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().from, Stage::kObserver);
  EXPECT_EQ(history->front().to, Stage::kParticipant);
  EXPECT_EQ(history->front().changed_by, "");  // the system, not a person
  EXPECT_EQ(history->front().reason, "stage_reason_growth_log");
  // A second log changes nothing.
  record(member_.user_id(), Milestone::kRetrospective);
  EXPECT_EQ(service_->stage_history(organizer_, "pseudolab", member_.user_id())->size(), 2u);
  // 소통 → 청강 by an audit.
  record(member_.user_id(), Milestone::kAudit);
  EXPECT_EQ(stage_of(member_), Stage::kAuditor);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.stage_raised'"), 2);
  // Never lowered: an organizer who audits or writes a log stays organizer.
  record(organizer_.user_id(), Milestone::kAudit);
  record(organizer_.user_id(), Milestone::kCoffeeChat);
  EXPECT_EQ(stage_of(organizer_), Stage::kOrganizer);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.stage_raised'"), 2);
  // Someone who is not a member is left alone.
  record(stranger_.user_id(), Milestone::kGrowthLog);
  EXPECT_EQ(count("SELECT COUNT(*) FROM memberships WHERE user_id = " +
                  std::to_string(stranger_.user_id())),
            0);
  // Rolled back with the caller's transaction.
  auto other = viewer("other@example.com", "다른멤버", false);
  ASSERT_TRUE(service_->join(other, "pseudolab").ok());
  {
    auto transaction = test_db_->database().write();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(service_
                    ->record_milestone(*transaction, community_.id, other.user_id(),
                                       Milestone::kAudit, clock_.now_seconds())
                    .ok());
  }  // not committed
  EXPECT_EQ(stage_of(other), Stage::kObserver);
}

TEST_P(CommunitiesServiceTest, MembersAndStrangersCannotManage) {
  for (const Viewer* who : {&member_, &stranger_}) {
    EXPECT_EQ(service_->change_stage(*who, "pseudolab", member_.user_id(), Stage::kBuilder, "")
                  .error()
                  .http_status,
              403);
    EXPECT_EQ(service_->members(*who, "pseudolab", {}).error().http_status, 403);
    EXPECT_EQ(service_->members_csv(*who, "pseudolab", {}).error().http_status, 403);
    EXPECT_EQ(service_->update(*who, "pseudolab", {.name = "hijacked"}).error().http_status, 403);
  }
  EXPECT_EQ(service_->members(Viewer{}, "pseudolab", {}).error().http_status, 401);
  EXPECT_EQ(service_->find("pseudolab")->name, "가짜연구소");
}

TEST_P(CommunitiesServiceTest, TheLastOrganizerCannotStepDownOrLeave) {
  ASSERT_TRUE(
      service_->change_stage(organizer_, "pseudolab", admin_.user_id(), Stage::kParticipant, "")
          .ok());
  EXPECT_EQ(
      service_->change_stage(organizer_, "pseudolab", organizer_.user_id(), Stage::kRunner, "")
          .error()
          .http_status,
      409);
  EXPECT_EQ(service_->leave(organizer_, "pseudolab").error().http_status, 409);
  EXPECT_TRUE(service_->leave(member_, "pseudolab").ok());
}

TEST_P(CommunitiesServiceTest, MemberSearchFiltersByTextAndStageAndPages) {
  for (int member_idx = 0; member_idx < 12; ++member_idx) {
    Viewer extra = viewer("m" + std::to_string(member_idx) + "@example.com",
                          "러너 " + std::to_string(member_idx), false);
    ASSERT_TRUE(service_->join(extra, "pseudolab").ok());
  }
  auto by_text = service_->members(organizer_, "pseudolab", {.text = "러너"});
  EXPECT_EQ(by_text->total, 13);  // 12 extras and 김러너
  auto by_email = service_->members(organizer_, "pseudolab", {.text = "M1@EXAMPLE"});
  EXPECT_EQ(by_email->total, 1);
  auto organizers = service_->members(organizer_, "pseudolab", {.stage = Stage::kOrganizer});
  EXPECT_EQ(organizers->total, 2);
  auto second_page = service_->members(organizer_, "pseudolab", {.page = 2, .per_page = 5});
  EXPECT_EQ(second_page->members.size(), 5u);
  EXPECT_EQ(second_page->total, 15);
  auto wildcard = service_->members(organizer_, "pseudolab", {.text = "%"});
  EXPECT_EQ(wildcard->total, 0);
}

TEST_P(CommunitiesServiceTest, CsvExportHasABomQuotesAndDefusesFormulas) {
  accounts::ProfileUpdate update;
  update.display_name = "=HYPERLINK(\"x\"), 김";
  ASSERT_TRUE(accounts_->update_profile(member_, update).ok());
  auto csv = service_->members_csv(organizer_, "pseudolab", {});
  ASSERT_TRUE(csv.ok());
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBFname,email,stage"));
  EXPECT_NE(csv->find("\"'=HYPERLINK(\"\"x\"\"), 김\""), std::string::npos) << *csv;
  EXPECT_NE(csv->find("운영진,organizer@example.com,organizer"), std::string::npos);
}

TEST_P(CommunitiesServiceTest, ProfilesAreVisibleOnlyWithinSharedCommunities) {
  auto shared = service_->profile(member_, organizer_.user_id(), *accounts_);
  ASSERT_TRUE(shared.ok());
  EXPECT_TRUE(shared->user.email.empty());
  EXPECT_EQ(service_->profile(stranger_, organizer_.user_id(), *accounts_).error().http_status,
            404);
  EXPECT_EQ(service_->profile(Viewer{}, organizer_.user_id(), *accounts_).error().http_status, 401);
  EXPECT_FALSE(service_->profile(admin_, stranger_.user_id(), *accounts_)->user.email.empty());
  EXPECT_TRUE(service_->profile(stranger_, stranger_.user_id(), *accounts_).ok());
}

INSTANTIATE_TEST_SUITE_P(Drivers, CommunitiesServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::communities
