#include "features/communities/privacy_notice.hpp"

#include <gtest/gtest.h>

#include "features/communities/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::communities {
namespace {

using accounts::Viewer;

class PrivacyNoticeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<CommunitiesService>(test_db_->database(), clock_);
    notices_ = std::make_unique<PrivacyNotices>(test_db_->database(), clock_, *communities_);
    admin_ = viewer("admin@example.com", true);
    organizer_ = viewer("organizer@example.com", false);
    member_ = viewer("member@example.com", false);
    outsider_ = viewer("outsider@example.com", false);
    auto created = communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"});
    ASSERT_TRUE(created.ok()) << created.error().message;
    community_ = created->id;
    ASSERT_TRUE(communities_->join(organizer_, "pseudolab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "pseudolab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    ASSERT_TRUE(communities_->join(member_, "pseudolab").ok());
  }
  Viewer viewer(const std::string& email, bool admin) {
    auto user = accounts_->create_user(
        {email, email.substr(0, email.find('@')), "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  bool needs(const Viewer& who) {
    auto needs = notices_->needs_agreement(who, "pseudolab");
    EXPECT_TRUE(needs.ok()) << needs.error().message;
    return needs.ok() && needs.value();
  }

  moim::testing::FakeClock clock_{1767225600};  // 2026-01-01
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<CommunitiesService> communities_;
  std::unique_ptr<PrivacyNotices> notices_;
  Viewer admin_, organizer_, member_, outsider_, anonymous_;
  std::int64_t community_ = 0;
};

TEST_P(PrivacyNoticeTest, NoNoticeYet) {
  auto view = notices_->view(anonymous_, "pseudolab");
  ASSERT_TRUE(view.ok()) << view.error().message;
  EXPECT_FALSE(view->notice.has_value());
  EXPECT_EQ(view->current_version, 0);
  EXPECT_TRUE(view->versions.empty());
  EXPECT_FALSE(needs(member_));
  EXPECT_EQ(notices_->agree(member_, "pseudolab").error().http_status, 404);
  EXPECT_EQ(notices_->view(anonymous_, "nowhere").error().http_status, 404);
  EXPECT_EQ(notices_->view(anonymous_, "pseudolab", 1).error().http_status, 404);
}

TEST_P(PrivacyNoticeTest, OnlyOrganizersAndAdminsPublish) {
  const PrivacyNoticeInput input{"# 개인정보 처리방침", "# Privacy notice"};
  EXPECT_EQ(notices_->publish(anonymous_, "pseudolab", input).error().http_status, 401);
  EXPECT_EQ(notices_->publish(member_, "pseudolab", input).error().http_status, 403);
  EXPECT_EQ(notices_->publish(outsider_, "pseudolab", input).error().http_status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM privacy_notices"), 0);
  auto first = notices_->publish(organizer_, "pseudolab", input);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->notice.version, 1);
  auto second = notices_->publish(admin_, "pseudolab", {"# 개정", ""});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->notice.version, 2);
  // Each publication is in the audit log, with its version.
  AuditLog log(test_db_->database(), *communities_);
  auto entries = log.entries(organizer_, "pseudolab", {.area = "community"});
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  int published = 0;
  for (const auto& entry : entries->entries) {
    if (entry.action != "community.privacy_notice_published") continue;
    ++published;
    EXPECT_TRUE(entry.detail.contains("version"));
  }
  EXPECT_EQ(published, 2);
}

TEST_P(PrivacyNoticeTest, BadTextIsRefusedNamingTheField) {
  auto empty = notices_->publish(organizer_, "pseudolab", {"  \n", ""});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().http_status, 400);
  EXPECT_EQ(empty.error().field, "body_ko");
  auto long_ko = notices_->publish(organizer_, "pseudolab",
                                   {std::string(kMaxPrivacyNoticeChars + 1, 'a'), "ok"});
  EXPECT_EQ(long_ko.error().field, "body_ko");
  auto long_en = notices_->publish(organizer_, "pseudolab",
                                   {"좋아요", std::string(kMaxPrivacyNoticeChars + 1, 'a')});
  EXPECT_EQ(long_en.error().field, "body_en");
  EXPECT_EQ(long_en.error().http_status, 400);
  auto bad_utf8 = notices_->publish(organizer_, "pseudolab", {"ok", "\xff\xfe"});
  EXPECT_EQ(bad_utf8.error().field, "body_en");
  // Korean counts characters, not bytes: 20000 Hangul syllables are fine.
  std::string hangul;
  for (std::size_t i = 0; i < kMaxPrivacyNoticeChars; ++i) hangul += "가";
  EXPECT_TRUE(notices_->publish(organizer_, "pseudolab", {hangul, ""}).ok());
}

TEST_P(PrivacyNoticeTest, IdenticalTextMakesNoNewVersion) {
  ASSERT_TRUE(notices_->publish(organizer_, "pseudolab", {"첫 줄\n둘째 줄", "en"}).ok());
  // The same text from a form (CRLF, margins) is the same version.
  auto again = notices_->publish(organizer_, "pseudolab", {"  첫 줄\r\n둘째 줄\r\n", "en "});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->notice.version, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM privacy_notices"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'community.privacy_notice_published'"),
            1);
}

TEST_P(PrivacyNoticeTest, MembersAgreeAndAreAskedAgainForANewVersion) {
  ASSERT_TRUE(notices_->publish(organizer_, "pseudolab", {"v1", "v1"}).ok());
  EXPECT_TRUE(needs(member_));
  EXPECT_FALSE(needs(anonymous_));
  // Not a member: no agreement to give (and the banner never asks).
  EXPECT_EQ(notices_->agree(anonymous_, "pseudolab").error().http_status, 401);
  EXPECT_EQ(notices_->agree(outsider_, "pseudolab").error().http_status, 403);
  auto agreed = notices_->agree(member_, "pseudolab", 1);
  ASSERT_TRUE(agreed.ok()) << agreed.error().message;
  EXPECT_EQ(agreed->version, 1);
  EXPECT_EQ(agreed->agreed_at, clock_.now_seconds());
  EXPECT_FALSE(needs(member_));
  // Idempotent: the first agreement's time stays.
  clock_.advance(60);
  auto again = notices_->agree(member_, "pseudolab");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->agreed_at, agreed->agreed_at);
  EXPECT_EQ(count("SELECT COUNT(*) FROM privacy_notice_agreements"), 1);

  ASSERT_TRUE(notices_->publish(organizer_, "pseudolab", {"v2", "v2"}).ok());
  EXPECT_TRUE(needs(member_));
  auto view = notices_->view(member_, "pseudolab");
  ASSERT_TRUE(view.ok());
  EXPECT_TRUE(view->needs_agreement);
  EXPECT_EQ(view->agreed_version, 1);
  EXPECT_EQ(view->current_version, 2);
  ASSERT_EQ(view->versions.size(), 2u);
  EXPECT_EQ(view->versions.front().version, 2);
  // Agreeing to the version read, when a newer one came out: 409.
  auto stale = notices_->agree(member_, "pseudolab", 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().http_status, 409);
  EXPECT_TRUE(needs(member_));
  ASSERT_TRUE(notices_->agree(member_, "pseudolab", 2).ok());
  EXPECT_FALSE(needs(member_));
  // Earlier versions stay readable.
  auto first = notices_->view(anonymous_, "pseudolab", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->notice->body_ko, "v1");
  EXPECT_EQ(first->current_version, 2);
}

TEST_P(PrivacyNoticeTest, ThePublicSeesTheNoticeButNoAgreement) {
  ASSERT_TRUE(notices_->publish(organizer_, "pseudolab", {"", "English only"}).ok());
  auto view = notices_->view(anonymous_, "pseudolab");
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->notice.has_value());
  EXPECT_EQ(view->notice->body_en, "English only");
  EXPECT_EQ(view->notice->body_ko, "");
  EXPECT_FALSE(view->needs_agreement);
  EXPECT_FALSE(view->agreed_version.has_value());
  auto organizer = notices_->view(organizer_, "pseudolab");
  EXPECT_TRUE(organizer->can_manage);
  EXPECT_TRUE(organizer->needs_agreement);  // organizers are members too
}

INSTANTIATE_TEST_SUITE_P(Drivers, PrivacyNoticeTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::communities
