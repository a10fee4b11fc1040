// Accounts: sign-up, log-in, sessions, one-time links, API tokens, profiles.
// This is the public header other features use (Viewer, User, lookups).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::accounts {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  bool is_admin = false;
  bool email_verified = false;
  std::optional<std::string> locale;  // "ko", "en", or follow the browser
  std::string bio;
  std::string github_url;
  std::string blog_url;
  std::string linkedin_url;
  std::vector<std::string> interests;
  std::int64_t created_at = 0;
};

// Who is asking. Anonymous when user is empty.
struct Viewer {
  std::optional<User> user;
  std::int64_t session_id = 0;  // 0 when anonymous or via API token
  std::string csrf_token;       // the session's form token
  bool via_api_token = false;

  bool signed_in() const { return user.has_value(); }
  bool is_admin() const { return user && user->is_admin; }
  std::int64_t user_id() const { return user ? user->id : 0; }
};

struct AccountsConfig {
  std::int64_t session_idle_seconds = 14 * 24 * 3600;
  std::int64_t session_absolute_seconds = 30 * 24 * 3600;
  std::int64_t link_lifetime_seconds = 24 * 3600;  // verification and reset links
  std::int64_t login_link_lifetime_seconds = 15 * 60;
  // Login throttling delays, it never locks: failed logins within
  // throttle_window_seconds beyond these free ones make the next attempt
  // wait a growing delay (up to max_login_delay_seconds) after the last
  // failure (login_delay_seconds: 5, 10, 20, ... seconds). A device that
  // logged into the account before is not delayed.
  int max_failures_per_account = 5;
  int max_failures_per_ip = 30;
  std::int64_t throttle_window_seconds = 3600;
  std::int64_t max_login_delay_seconds = 15 * 60;
  std::int64_t device_lifetime_seconds = 365 * 24 * 3600;
  // Per client address and hour; mailed links also per recipient and hour.
  int signups_per_ip_per_hour = 20;
  int mail_links_per_ip_per_hour = 10;  // reset and login links
  int mail_links_per_recipient_per_hour = 3;
  std::string base_url = "http://127.0.0.1:8080";  // for links in mail
  bool dev_mode = false;                           // log mailed links
};

struct SignUp {
  std::string email;
  std::string display_name;
  std::string password;
  std::optional<std::string> locale;
};

struct SessionGrant {
  std::string token;  // the cookie value; only its digest is stored
  std::string csrf_token;
  std::int64_t expires_at = 0;
  User user;
  // The moim_device cookie to set: a device that logged in once passes the
  // login throttle of this account later. Empty: keep the one sent.
  std::string device_token;
};

// Who is trying to log in, beyond the credentials.
struct LoginClient {
  std::string ip;
  std::string user_agent;
  std::string device_token;  // the moim_device cookie, if any
};

struct ProfileUpdate {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
  std::optional<std::string> github_url;
  std::optional<std::string> blog_url;
  std::optional<std::string> linkedin_url;
  std::optional<std::vector<std::string>> interests;
  std::optional<std::string> locale;  // "" clears (follow the browser)
};

struct ApiToken {
  std::int64_t id = 0;
  std::string name;
  std::string prefix;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_at;
  bool revoked = false;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::string user_agent;
  std::string ip;
  bool current = false;
};

// Limits on what people type.
inline constexpr std::size_t kMinPasswordChars = 8;
inline constexpr std::size_t kMaxPasswordChars = 128;
inline constexpr std::size_t kMaxDisplayNameChars = 50;
inline constexpr std::size_t kMaxEmailChars = 254;
inline constexpr std::size_t kMaxBioChars = 500;
inline constexpr std::size_t kMaxUrlChars = 200;
inline constexpr std::size_t kMaxInterests = 20;
inline constexpr std::size_t kMaxInterestChars = 30;
inline constexpr std::size_t kMaxTokenNameChars = 60;

class AccountsService {
 public:
  AccountsService(db::Database& database, const Clock& clock, AccountsConfig config);

  // Creates the account and mails a verification link (through the outbox).
  // When the address already has an account nothing is created, its owner is
  // mailed instead, and the result is empty: callers answer both the same,
  // so nobody learns who has an account. Throttled per client address.
  Result<std::optional<User>> sign_up(const SignUp& input, const std::string& ip);
  // Creates an account directly (CLI, demo): verified, optionally admin.
  Result<User> create_user(const SignUp& input, bool is_admin);
  // Seeding many accounts (the demo): argon2id is deliberately slow, so the
  // caller hashes one password once (crypto::hash_password) and reuses it.
  Result<User> create_user_with_hash(const SignUp& input, const std::string& password_hash,
                                     bool is_admin);
  Result<SessionGrant> log_in(const std::string& email, const std::string& password,
                              const LoginClient& client);
  Result<SessionGrant> log_in(const std::string& email, const std::string& password,
                              const std::string& ip, const std::string& user_agent) {
    return log_in(email, password, LoginClient{ip, user_agent, {}});
  }
  // Mails a one-time login link (the way in while the account is under
  // attack). Same answer whether or not the address has an account.
  Status request_login_link(const std::string& email, const std::string& ip);
  Result<SessionGrant> log_in_with_link(const std::string& link_token, const LoginClient& client);
  Status log_out(const std::string& session_token);
  Status log_out_everywhere(const Viewer& viewer);
  // Resolves a session cookie; anonymous (not an error) when unknown or
  // expired; an Error only when storage fails (then we cannot tell).
  Result<Viewer> viewer_from_session(const std::string& session_token);
  // Resolves "Authorization: Bearer moim_..."; an Error when the token is bad.
  Result<Viewer> viewer_from_api_token(const std::string& api_token);

  Status change_password(const Viewer& viewer, const std::string& current_password,
                         const std::string& new_password);
  Status verify_email(const std::string& link_token);
  Status resend_verification(const Viewer& viewer);
  // Always succeeds for a well-formed address, so nobody learns who has an
  // account; at most mail_links_per_recipient_per_hour mails go out, and a
  // client address asking too often gets a 429.
  Status request_password_reset(const std::string& email, const std::string& ip = "");
  Status reset_password(const std::string& link_token, const std::string& new_password);

  Result<User> user(std::int64_t user_id);
  Result<User> update_profile(const Viewer& viewer, const ProfileUpdate& update);

  // The token text is returned once, here, and never again.
  Result<std::pair<ApiToken, std::string>> create_api_token(const Viewer& viewer,
                                                            const std::string& name);
  Result<std::vector<ApiToken>> api_tokens(const Viewer& viewer);
  Status revoke_api_token(const Viewer& viewer, std::int64_t token_id);
  Result<std::vector<SessionInfo>> sessions(const Viewer& viewer);

  const AccountsConfig& config() const { return config_; }

 private:
  Status throttle_check(db::Transaction& transaction, const std::string& account_key,
                        const std::string& ip);
  // A 429 when `ip` did `kind` `limit` times in the last hour; else records it.
  Status rate_limit(db::Transaction& transaction, const std::string& kind, const std::string& ip,
                    int limit);
  // Seconds until `ip` may do `kind` again; 0: now.
  Result<std::int64_t> rate_wait(db::Transaction& transaction, const std::string& kind,
                                 const std::string& ip, int limit);
  static Error too_many_from_address(std::int64_t wait_seconds);
  Result<User> user(db::Transaction& transaction, std::int64_t user_id);
  static const std::string& dummy_password_hash();
  Result<bool> trusted_device(db::Transaction& transaction, std::int64_t user_id,
                              const std::string& device_token);
  // The session (and, for a new device, the device token) after a good login.
  Result<SessionGrant> open_session(db::Transaction& transaction, User user,
                                    const LoginClient& client);
  // Ends every way into the account but `keep_session_id`: sessions, API
  // tokens, unused reset and login links, trusted devices.
  Status end_access(db::Transaction& transaction, std::int64_t user_id,
                    std::int64_t keep_session_id);
  Result<std::string> issue_link(db::Transaction& transaction, std::int64_t user_id,
                                 const std::string& purpose, const User& recipient);
  Result<User> insert_user(const SignUp& input, const std::string* password_hash, bool is_admin,
                           bool verified, bool send_verification);

  db::Database& database_;
  const Clock& clock_;
  AccountsConfig config_;
};

// Normalises and checks an email address ("field" names it in errors).
Result<std::string> normalise_email(const std::string& email);
Status check_password(const std::string& password, const std::string& field);
// How long the next login must wait after `failures` recent failures of
// which `free` cost nothing: 0, then 5, 10, 20, ... seconds, at most `cap`.
std::int64_t login_delay_seconds(std::int64_t failures, std::int64_t free, std::int64_t cap);

}  // namespace moim::accounts
