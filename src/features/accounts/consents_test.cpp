// Consents (issue #16): recorded with the account, a history per purpose,
// required ones kept, and people from before consents as they were.
#include "features/accounts/consents.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::accounts {
namespace {

class ConsentsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    service_ = std::make_unique<AccountsService>(test_db_->database(), clock_, AccountsConfig{});
  }
  Result<std::optional<User>> sign_up(const std::vector<std::string>& purposes,
                                      const std::string& email = "runner@example.com") {
    return sign_up_with_consents(*service_, {email, "러너", "correct horse", std::nullopt},
                                 "10.0.0.1", purposes);
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  std::set<std::string> current(std::int64_t user_id) {
    auto reader = test_db_->database().read();
    return current_consents(*reader, user_id).value();
  }
  Result<bool> set(std::int64_t user_id, const std::string& purpose, bool granted) {
    auto writer = test_db_->database().write();
    if (!writer) return writer.error();
    auto changed = set_consent(*writer, user_id, purpose, granted, clock_.now_seconds());
    if (changed) {
      EXPECT_TRUE(writer->commit().ok());
    }
    return changed;
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<AccountsService> service_;
};

TEST_P(ConsentsTest, SignUpRecordsEachChosenConsentWithThePolicyVersion) {
  auto user = sign_up({"account", "community_membership", "newsletter"});
  ASSERT_TRUE(user.ok() && user->has_value()) << (user.ok() ? "known" : user.error().message);
  const std::int64_t id = (*user)->id;
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents WHERE withdrawn_at IS NULL AND policy_version = "
                  "'2026-12' AND granted_at = " +
                  std::to_string(clock_.now_seconds())),
            3);
  EXPECT_EQ(current(id), (std::set<std::string>{"account", "community_membership", "newsletter"}));
  auto reader = test_db_->database().read();
  EXPECT_FALSE(has_consent(*reader, id, "profile_visible").value());
  EXPECT_FALSE(has_consent(*reader, id, "bingo_name").value());
  EXPECT_TRUE(has_consent(*reader, id, "newsletter").value());
  EXPECT_TRUE(optional_mail_allowed(*reader, "runner@example.com").value());
  EXPECT_TRUE(optional_mail_allowed(*reader, "guest@example.com").value());  // no account
}

TEST_P(ConsentsTest, AMissingRequiredConsentRefusesTheSignUpNamingTheField) {
  for (const auto& [purposes, field] :
       {std::pair<std::vector<std::string>, std::string>{{}, "consent_account"},
        {{"account", "newsletter"}, "consent_community_membership"},
        {{"community_membership"}, "consent_account"}}) {
    auto user = sign_up(purposes);
    ASSERT_FALSE(user.ok());
    EXPECT_EQ(user.error().http_status, 422);
    EXPECT_EQ(user.error().code, "consent_required");
    EXPECT_EQ(user.error().field, field);
  }
  auto unknown = sign_up({"account", "community_membership", "sell_my_data"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().http_status, 422);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents"), 0);
}

TEST_P(ConsentsTest, AKnownAddressRecordsNothing) {
  ASSERT_TRUE(sign_up({"account", "community_membership"}).ok());
  auto again = sign_up({"account", "community_membership", "newsletter", "bingo_name"});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents"), 2);
}

TEST_P(ConsentsTest, WithdrawingStampsTheRowAndGrantingAgainAddsOne) {
  auto user = sign_up({"account", "community_membership", "profile_visible"});
  const std::int64_t id = (*user)->id;
  clock_.advance(60);
  EXPECT_TRUE(set(id, "profile_visible", false).value());
  EXPECT_FALSE(set(id, "profile_visible", false).value());  // already withdrawn: nothing
  EXPECT_FALSE(current(id).contains("profile_visible"));
  clock_.advance(60);
  EXPECT_TRUE(set(id, "profile_visible", true).value());
  EXPECT_TRUE(current(id).contains("profile_visible"));
  auto reader = test_db_->database().read();
  auto history = consent_history(*reader, id).value();
  std::vector<ConsentRecord> visible;
  for (const auto& record : history)
    if (record.purpose == "profile_visible") visible.push_back(record);
  ASSERT_EQ(visible.size(), 2u);
  EXPECT_FALSE(visible[0].withdrawn_at.has_value());  // newest first: the new grant
  EXPECT_EQ(visible[1].withdrawn_at, std::optional<std::int64_t>(visible[0].granted_at - 60));
}

TEST_P(ConsentsTest, RequiredConsentsCannotBeWithdrawnAndUnknownOnesAreNotFound) {
  auto user = sign_up({"account", "community_membership"});
  const std::int64_t id = (*user)->id;
  auto refused = set(id, "account", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 409);
  EXPECT_EQ(refused.error().field, "consent_account");
  auto unknown = set(id, "sell_my_data", true);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().http_status, 404);
  EXPECT_TRUE(current(id).contains("account"));
}

TEST_P(ConsentsTest, PeopleFromBeforeConsentsKeepWhatTheyHadUntilTheyChange) {
  auto old =
      service_->create_user({"old@example.com", "오래된", "correct horse", std::nullopt}, false);
  ASSERT_TRUE(old.ok());
  const std::int64_t id = old->id;
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents"), 0);
  std::set<std::string> everything;
  for (const auto& purpose : kConsentPurposes) everything.emplace(purpose.name);
  EXPECT_EQ(current(id), everything);
  {
    auto reader = test_db_->database().read();
    EXPECT_TRUE(optional_mail_allowed(*reader, "old@example.com").value());
    EXPECT_TRUE(without_consent(*reader, {id}, "bingo_name").value().empty());
  }
  clock_.advance(3600);
  EXPECT_TRUE(set(id, "bingo_name", false).value());
  everything.erase("bingo_name");
  EXPECT_EQ(current(id), everything);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents WHERE policy_version = 'before-2026-12'"), 6);
  auto reader = test_db_->database().read();
  EXPECT_EQ(without_consent(*reader, {id}, "bingo_name").value(), std::set<std::int64_t>{id});
}

TEST_P(ConsentsTest, NewsletterWithdrawnStopsOptionalMail) {
  auto user = sign_up({"account", "community_membership", "newsletter"});
  const std::int64_t id = (*user)->id;
  ASSERT_TRUE(set(id, "newsletter", false).ok());
  auto reader = test_db_->database().read();
  EXPECT_FALSE(optional_mail_allowed(*reader, "runner@example.com").value());
}

TEST(ConsentForm, TickedFieldsAreTheChosenPurposesInOrder) {
  const std::map<std::string, std::string> form{{"consent_newsletter", "1"},
                                                {"consent_account", "on"},
                                                {"consent_bingo_name", ""},
                                                {"consent_elsewhere", "1"}};
  EXPECT_EQ(consents_from_form(form), (std::vector<std::string>{"account", "newsletter"}));
}

INSTANTIATE_TEST_SUITE_P(Drivers, ConsentsTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::accounts
