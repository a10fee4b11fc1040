#include "features/accounts/accounts_service.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::accounts {
namespace {

class AccountsServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    service_ = std::make_unique<AccountsService>(test_db_->database(), clock_, AccountsConfig{});
  }
  User sign_up(const std::string& email = "runner@example.com") {
    auto user = service_->sign_up({email, "러너", "correct horse", std::nullopt});
    EXPECT_TRUE(user.ok()) << user.error().message;
    return user.value();
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  // The link token is only in the outbox payload (mail), like a real user gets it.
  std::string last_link_token() {
    auto reader = test_db_->database().read();
    auto row = reader->query_one("SELECT payload FROM outbox ORDER BY id DESC LIMIT 1");
    const std::string payload = row.value()->text(0);
    const std::size_t start = payload.find("token=") + 6;
    return payload.substr(start, payload.find('"', start) - start);
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<AccountsService> service_;
};

TEST_P(AccountsServiceTest, SignUpStoresAnArgon2HashAndQueuesTheVerificationMail) {
  User user = sign_up("  Runner@Example.COM ");
  EXPECT_EQ(user.email, "runner@example.com");
  EXPECT_FALSE(user.email_verified);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND target = 'runner@example.com'"),
      1);
}

TEST_P(AccountsServiceTest, DuplicateEmailIsAConflictNamingTheFieldAndWritesNothing) {
  sign_up();
  auto again = service_->sign_up({"RUNNER@example.com", "Other", "another password", std::nullopt});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 409);
  EXPECT_EQ(again.error().field, "email");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
}

TEST_P(AccountsServiceTest, BadSignUpInputNamesTheField) {
  EXPECT_EQ(service_->sign_up({"not-an-email", "A", "long enough", std::nullopt}).error().field,
            "email");
  EXPECT_EQ(service_->sign_up({"a@b.co", "", "long enough", std::nullopt}).error().field,
            "display_name");
  EXPECT_EQ(service_->sign_up({"a@b.co", "A", "short", std::nullopt}).error().field, "password");
  EXPECT_EQ(service_->sign_up({"a@b.co", "A", "long enough", std::string("fr")}).error().field,
            "locale");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

TEST_P(AccountsServiceTest, LogInCreatesASessionThatExpiresWhenIdleOrTooOld) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "test");
  ASSERT_TRUE(grant.ok()) << grant.error().message;
  EXPECT_EQ(grant->token.size(), 43u);
  EXPECT_TRUE(service_->viewer_from_session(grant->token).signed_in());
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + grant->token + "'"),
            0);  // only digests

  clock_.advance(AccountsConfig{}.session_idle_seconds + 1);
  EXPECT_FALSE(service_->viewer_from_session(grant->token).signed_in());

  auto second = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "test");
  for (int day = 0; day < 40; ++day) {  // active every day, still ends at the absolute limit
    clock_.advance(24 * 3600);
    if (day < 29) {
      EXPECT_TRUE(service_->viewer_from_session(second->token).signed_in()) << day;
    }
  }
  EXPECT_FALSE(service_->viewer_from_session(second->token).signed_in());
}

TEST_P(AccountsServiceTest, WrongPasswordsAreThrottledPerAccount) {
  sign_up();
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto failed = service_->log_in("runner@example.com", "wrong password", "10.0.0.1", "");
    EXPECT_EQ(failed.error().code, "invalid_credentials");
  }
  auto blocked = service_->log_in("runner@example.com", "correct horse", "10.0.0.2", "");
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().http_status, 429);
  clock_.advance(16 * 60);
  EXPECT_TRUE(service_->log_in("runner@example.com", "correct horse", "10.0.0.2", "").ok());
}

TEST_P(AccountsServiceTest, AccountsSeededWithOneSharedHashLogInWithThatPassword) {
  const std::string hash = crypto::hash_password("shared demo pass");
  for (const char* email : {"a@example.com", "b@example.com"}) {
    ASSERT_TRUE(
        service_
            ->create_user_with_hash({email, "데모", "shared demo pass", std::nullopt}, hash, false)
            .ok());
    EXPECT_TRUE(service_->log_in(email, "shared demo pass", "10.0.0.1", "").ok());
  }
  EXPECT_FALSE(service_->log_in("a@example.com", "something else", "10.0.0.1", "").ok());
}

TEST_P(AccountsServiceTest, UnknownEmailAndWrongPasswordLookTheSame) {
  sign_up();
  auto unknown = service_->log_in("nobody@example.com", "whatever1", "10.0.0.1", "");
  auto wrong = service_->log_in("runner@example.com", "whatever1", "10.0.0.1", "");
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_P(AccountsServiceTest, VerificationLinkWorksOnceAndExpires) {
  User user = sign_up();
  const std::string token = last_link_token();
  ASSERT_TRUE(service_->verify_email(token).ok());
  EXPECT_TRUE(service_->user(user.id)->email_verified);
  EXPECT_EQ(service_->verify_email(token).error().field, "token");

  User other = sign_up("other@example.com");
  const std::string late = last_link_token();
  clock_.advance(AccountsConfig{}.link_lifetime_seconds + 1);
  EXPECT_FALSE(service_->verify_email(late).ok());
  EXPECT_FALSE(service_->user(other.id)->email_verified);
}

TEST_P(AccountsServiceTest, PasswordResetChangesThePasswordAndEndsEverySession) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  ASSERT_TRUE(service_->request_password_reset("runner@example.com").ok());
  ASSERT_TRUE(service_->request_password_reset("nobody@example.com").ok());  // no enumeration
  const std::string token = last_link_token();
  ASSERT_TRUE(service_->reset_password(token, "battery staple").ok());
  EXPECT_FALSE(service_->viewer_from_session(grant->token).signed_in());
  EXPECT_FALSE(service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "").ok());
  EXPECT_TRUE(service_->log_in("runner@example.com", "battery staple", "10.0.0.1", "").ok());
  EXPECT_FALSE(service_->reset_password(token, "third password").ok());
}

TEST_P(AccountsServiceTest, ChangingThePasswordKeepsThisSessionAndEndsTheOthers) {
  sign_up();
  auto here = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  auto there = service_->log_in("runner@example.com", "correct horse", "10.0.0.9", "");
  Viewer viewer = service_->viewer_from_session(here->token);
  EXPECT_EQ(service_->change_password(viewer, "wrong one", "new password 1").error().field,
            "current_password");
  ASSERT_TRUE(service_->change_password(viewer, "correct horse", "new password 1").ok());
  EXPECT_TRUE(service_->viewer_from_session(here->token).signed_in());
  EXPECT_FALSE(service_->viewer_from_session(there->token).signed_in());
}

TEST_P(AccountsServiceTest, ApiTokensAuthenticateUntilRevoked) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  Viewer viewer = service_->viewer_from_session(grant->token);
  auto created = service_->create_api_token(viewer, "laptop script");
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string secret = created->second;
  EXPECT_TRUE(secret.starts_with("moim_"));
  auto via_token = service_->viewer_from_api_token(secret);
  ASSERT_TRUE(via_token.ok());
  EXPECT_TRUE(via_token->via_api_token);
  EXPECT_EQ(service_->create_api_token(via_token.value(), "nested").error().http_status, 403);
  ASSERT_TRUE(service_->revoke_api_token(viewer, created->first.id).ok());
  EXPECT_EQ(service_->viewer_from_api_token(secret).error().http_status, 401);
  EXPECT_EQ(service_->revoke_api_token(viewer, created->first.id).error().http_status, 404);
}

TEST_P(AccountsServiceTest, ProfileUpdatesValidateLinksAndInterests) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  Viewer viewer = service_->viewer_from_session(grant->token);
  ProfileUpdate bad_link;
  bad_link.github_url = "javascript:alert(1)";
  EXPECT_EQ(service_->update_profile(viewer, bad_link).error().field, "github_url");
  ProfileUpdate good;
  good.bio = "추천시스템을 공부합니다";
  good.interests = std::vector<std::string>{"nlp", "추천시스템"};
  good.locale = "en";
  auto updated = service_->update_profile(viewer, good);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->bio, "추천시스템을 공부합니다");
  EXPECT_EQ(updated->interests.size(), 2u);
  EXPECT_EQ(updated->locale, "en");
}

INSTANTIATE_TEST_SUITE_P(Drivers, AccountsServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::accounts
