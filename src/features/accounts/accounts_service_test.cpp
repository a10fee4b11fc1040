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
    auto user = service_->sign_up({email, "러너", "correct horse", std::nullopt}, "10.0.0.1");
    EXPECT_TRUE(user.ok() && user->has_value()) << (user.ok() ? "known" : user.error().message);
    return user.value().value();
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

TEST_P(AccountsServiceTest, SignUpWithAKnownEmailCreatesNothingAndMailsTheOwner) {
  sign_up();
  auto again = service_->sign_up({"RUNNER@example.com", "Other", "another password", std::nullopt},
                                 "10.0.0.2");
  ASSERT_TRUE(again.ok()) << again.error().message;  // the caller answers as for a new one
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE target = 'runner@example.com' AND payload "
                  "LIKE '%account_exists%'"),
            1);
  // Asked again within the hour: still one mail to the owner.
  ASSERT_TRUE(
      service_
          ->sign_up({"runner@example.com", "Other", "another password", std::nullopt}, "10.0.0.3")
          .ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);  // verification, and the owner's mail
}

TEST_P(AccountsServiceTest, SignUpsAreLimitedPerAddress) {
  const int limit = AccountsConfig{}.signups_per_ip_per_hour;
  for (int idx = 0; idx < limit; ++idx) {
    ASSERT_TRUE(service_
                    ->sign_up({"many" + std::to_string(idx) + "@example.com", "M", "correct horse",
                               std::nullopt},
                              "10.0.0.7")
                    .ok());
  }
  auto refused =
      service_->sign_up({"one-more@example.com", "M", "correct horse", std::nullopt}, "10.0.0.7");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 429);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_TRUE(
      service_->sign_up({"elsewhere@example.com", "M", "correct horse", std::nullopt}, "10.0.0.8")
          .ok());
  clock_.advance(3601);
  EXPECT_TRUE(
      service_->sign_up({"one-more@example.com", "M", "correct horse", std::nullopt}, "10.0.0.7")
          .ok());
}

TEST_P(AccountsServiceTest, BadSignUpInputNamesTheField) {
  const std::string ip = "10.0.0.1";
  EXPECT_EQ(service_->sign_up({"not-an-email", "A", "long enough", std::nullopt}, ip).error().field,
            "email");
  EXPECT_EQ(service_->sign_up({"a@b.co", "", "long enough", std::nullopt}, ip).error().field,
            "display_name");
  EXPECT_EQ(service_->sign_up({"a@b.co", "A", "short", std::nullopt}, ip).error().field,
            "password");
  EXPECT_EQ(service_->sign_up({"a@b.co", "A", "long enough", std::string("fr")}, ip).error().field,
            "locale");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

TEST_P(AccountsServiceTest, LogInCreatesASessionThatExpiresWhenIdleOrTooOld) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "test");
  ASSERT_TRUE(grant.ok()) << grant.error().message;
  EXPECT_EQ(grant->token.size(), 43u);
  EXPECT_TRUE(service_->viewer_from_session(grant->token)->signed_in());
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + grant->token + "'"),
            0);  // only digests

  clock_.advance(AccountsConfig{}.session_idle_seconds + 1);
  EXPECT_FALSE(service_->viewer_from_session(grant->token)->signed_in());

  auto second = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "test");
  for (int day = 0; day < 40; ++day) {  // active every day, still ends at the absolute limit
    clock_.advance(24 * 3600);
    if (day < 29) {
      EXPECT_TRUE(service_->viewer_from_session(second->token)->signed_in()) << day;
    }
  }
  EXPECT_FALSE(service_->viewer_from_session(second->token)->signed_in());
}

TEST(LoginDelay, GrowsFromFiveSecondsAndStopsAtTheCap) {
  EXPECT_EQ(login_delay_seconds(0, 5, 900), 0);
  EXPECT_EQ(login_delay_seconds(4, 5, 900), 0);
  EXPECT_EQ(login_delay_seconds(5, 5, 900), 5);
  EXPECT_EQ(login_delay_seconds(6, 5, 900), 10);
  EXPECT_EQ(login_delay_seconds(7, 5, 900), 20);
  EXPECT_EQ(login_delay_seconds(12, 5, 900), 640);
  EXPECT_EQ(login_delay_seconds(13, 5, 900), 900);
  EXPECT_EQ(login_delay_seconds(1000, 5, 900), 900);
}

TEST_P(AccountsServiceTest, WrongPasswordsDelayTheNextAttemptMoreAndMore) {
  sign_up();
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto failed = service_->log_in("runner@example.com", "wrong password", "10.0.0.1", "");
    EXPECT_EQ(failed.error().code, "invalid_credentials");
  }
  std::vector<long long> waits;
  for (int round = 0; round < 4; ++round) {
    // Too soon: refused without looking at the password, and told how long.
    auto early = service_->log_in("runner@example.com", "correct horse", "10.0.0.2", "");
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().http_status, 429);
    waits.push_back(early.error().retry_after_seconds);
    clock_.advance(early.error().retry_after_seconds);
    EXPECT_EQ(service_->log_in("runner@example.com", "wrong again", "10.0.0.3", "").error().code,
              "invalid_credentials");
  }
  EXPECT_EQ(waits, (std::vector<long long>{5, 10, 20, 40}));
  // Never a lockout: after the delay the owner's password works.
  clock_.advance(80);
  EXPECT_TRUE(service_->log_in("runner@example.com", "correct horse", "10.0.0.2", "").ok());
}

TEST_P(AccountsServiceTest, AnAttackDoesNotKeepTheOwnersDeviceOut) {
  sign_up();
  auto first = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->device_token.size(), 43u);
  // Thirty failures for the account, from the owner's own address too.
  for (int attempt = 0; attempt < 40; ++attempt) {
    (void)service_->log_in("runner@example.com", "guess " + std::to_string(attempt), "10.0.0.1",
                           "");
    clock_.advance(60);
  }
  auto stranger = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().http_status, 429);
  auto owner = service_->log_in("runner@example.com", "correct horse",
                                LoginClient{"10.0.0.1", "", first->device_token});
  ASSERT_TRUE(owner.ok()) << owner.error().message;
  EXPECT_TRUE(owner->device_token.empty());  // the known device keeps its cookie
  // The owner's login does not wipe the slate for whoever keeps guessing.
  EXPECT_EQ(
      service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "").error().http_status,
      429);
  // A device token is the account's: it does not open another one's throttle.
  sign_up("other@example.com");
  for (int attempt = 0; attempt < 6; ++attempt)
    (void)service_->log_in("other@example.com", "guess", "10.0.0.9", "");
  EXPECT_EQ(service_
                ->log_in("other@example.com", "correct horse",
                         LoginClient{"10.0.0.1", "", first->device_token})
                .error()
                .http_status,
            429);
}

TEST_P(AccountsServiceTest, ALoginLinkLetsTheOwnerInOnceAndExpires) {
  User user = sign_up();
  for (int attempt = 0; attempt < 8; ++attempt)
    (void)service_->log_in("runner@example.com", "guess", "10.0.0.9", "");
  ASSERT_TRUE(service_->request_login_link("Runner@example.com", "10.0.0.2").ok());
  ASSERT_TRUE(service_->request_login_link("nobody@example.com", "10.0.0.2").ok());
  const std::string token = last_link_token();
  auto grant = service_->log_in_with_link(token, LoginClient{"10.0.0.2", "", ""});
  ASSERT_TRUE(grant.ok()) << grant.error().message;
  EXPECT_EQ(grant->user.id, user.id);
  EXPECT_TRUE(service_->viewer_from_session(grant->token)->signed_in());
  EXPECT_EQ(service_->log_in_with_link(token, {}).error().field, "token");  // once
  ASSERT_TRUE(service_->request_login_link("runner@example.com", "10.0.0.2").ok());
  const std::string late = last_link_token();
  clock_.advance(AccountsConfig{}.login_link_lifetime_seconds + 1);
  EXPECT_FALSE(service_->log_in_with_link(late, {}).ok());
}

TEST_P(AccountsServiceTest, MailedLinksAreLimitedPerRecipientAndPerAddress) {
  sign_up();
  const std::int64_t before = count("SELECT COUNT(*) FROM outbox");
  // Thirty requests from thirty addresses: a few mails, the same answer.
  for (int idx = 0; idx < 30; ++idx) {
    EXPECT_TRUE(
        service_->request_password_reset("runner@example.com", "10.1.0." + std::to_string(idx))
            .ok());
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox") - before,
            AccountsConfig{}.mail_links_per_recipient_per_hour);
  // One address asking again and again is told to wait.
  Status last = ok_status();
  for (int idx = 0; idx <= AccountsConfig{}.mail_links_per_ip_per_hour && last.ok(); ++idx)
    last = service_->request_password_reset("x" + std::to_string(idx) + "@example.com", "10.2.0.1");
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().http_status, 429);
  EXPECT_GT(last.error().retry_after_seconds, 0);
}

TEST_P(AccountsServiceTest, UnknownEmailVerifiesADummyHash) {
  // Not a timing test (the HTTP test measures): the unknown address is
  // recorded as a failure like a wrong password, and throttled alike.
  for (int attempt = 0; attempt < 5; ++attempt)
    EXPECT_EQ(service_->log_in("nobody@example.com", "whatever1", "10.0.0.1", "").error().code,
              "invalid_credentials");
  EXPECT_EQ(service_->log_in("nobody@example.com", "whatever1", "10.0.0.1", "").error().http_status,
            429);
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
  EXPECT_FALSE(service_->viewer_from_session(grant->token)->signed_in());
  EXPECT_FALSE(service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "").ok());
  EXPECT_TRUE(service_->log_in("runner@example.com", "battery staple", "10.0.0.1", "").ok());
  EXPECT_FALSE(service_->reset_password(token, "third password").ok());
}

TEST_P(AccountsServiceTest, ChangingThePasswordKeepsThisSessionAndEndsTheOthers) {
  sign_up();
  auto here = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  auto there = service_->log_in("runner@example.com", "correct horse", "10.0.0.9", "");
  Viewer viewer = service_->viewer_from_session(here->token).value();
  EXPECT_EQ(service_->change_password(viewer, "wrong one", "new password 1").error().field,
            "current_password");
  ASSERT_TRUE(service_->change_password(viewer, "correct horse", "new password 1").ok());
  EXPECT_TRUE(service_->viewer_from_session(here->token)->signed_in());
  EXPECT_FALSE(service_->viewer_from_session(there->token)->signed_in());
}

TEST_P(AccountsServiceTest, AResetVoidsEveryOtherOutstandingLink) {
  sign_up();
  ASSERT_TRUE(service_->request_password_reset("runner@example.com", "10.0.0.1").ok());
  const std::string link_a = last_link_token();
  ASSERT_TRUE(service_->request_login_link("runner@example.com", "10.0.0.1").ok());
  const std::string login_link = last_link_token();
  ASSERT_TRUE(service_->request_password_reset("runner@example.com", "10.0.0.1").ok());
  const std::string link_b = last_link_token();
  ASSERT_NE(link_a, link_b);
  ASSERT_TRUE(service_->reset_password(link_b, "battery staple").ok());
  EXPECT_EQ(service_->reset_password(link_a, "attacker's choice").error().field, "token");
  EXPECT_FALSE(service_->log_in_with_link(login_link, {}).ok());
  EXPECT_TRUE(service_->log_in("runner@example.com", "battery staple", "10.0.0.1", "").ok());
}

TEST_P(AccountsServiceTest, ChangingThePasswordVoidsResetLinksAndApiTokens) {
  sign_up();
  ASSERT_TRUE(service_->request_password_reset("runner@example.com", "10.0.0.1").ok());
  const std::string link = last_link_token();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  Viewer viewer = service_->viewer_from_session(grant->token).value();
  auto token = service_->create_api_token(viewer, "script");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(service_->change_password(viewer, "correct horse", "new password 1").ok());
  EXPECT_FALSE(service_->reset_password(link, "attacker's choice").ok());
  EXPECT_EQ(service_->viewer_from_api_token(token->second).error().http_status, 401);
}

TEST_P(AccountsServiceTest, LoggingOutEverywhereRevokesApiTokensToo) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  Viewer viewer = service_->viewer_from_session(grant->token).value();
  auto token = service_->create_api_token(viewer, "script");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(service_->log_out_everywhere(viewer).ok());
  EXPECT_FALSE(service_->viewer_from_session(grant->token)->signed_in());
  EXPECT_EQ(service_->viewer_from_api_token(token->second).error().http_status, 401);
}

TEST_P(AccountsServiceTest, ApiTokensAuthenticateUntilRevoked) {
  sign_up();
  auto grant = service_->log_in("runner@example.com", "correct horse", "10.0.0.1", "");
  Viewer viewer = service_->viewer_from_session(grant->token).value();
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
  Viewer viewer = service_->viewer_from_session(grant->token).value();
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
