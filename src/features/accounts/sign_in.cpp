// Signing in: the password throttle and trusted devices, per-address rate
// limits, sessions and API tokens resolved to a viewer, signing out.
#include "features/accounts/accounts_service.hpp"

#include <algorithm>

#include "features/accounts/account_deletion.hpp"
#include "features/accounts/user_rows.hpp"
#include "platform/crypto/crypto.hpp"

namespace moim::accounts {

using internal::kUserColumns;
using internal::load_interests;
using internal::user_from_row;

namespace {

constexpr std::int64_t kTouchEverySeconds = 60;  // how stale last_seen_at may get before a write

}  // namespace

std::int64_t login_delay_seconds(std::int64_t failures, std::int64_t free, std::int64_t cap) {
  // Five seconds first: long enough that a script notices, short enough that
  // a person who mistyped does not.
  constexpr std::int64_t kFirstDelaySeconds = 5;
  if (failures < free) return 0;
  const std::int64_t doublings = std::min<std::int64_t>(failures - free, 30);
  return std::min<std::int64_t>(kFirstDelaySeconds << doublings, cap);
}

Status AccountsService::throttle_check(db::Transaction& transaction, const std::string& account_key,
                                       const std::string& ip) {
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t since = now - config_.throttle_window_seconds;
  struct Scope {
    const char* sql;
    const std::string& key;
    int free;
    const char* message;
    const char* field;
  };
  for (const Scope& scope :
       {Scope{"SELECT COUNT(*), MAX(failed_at) FROM login_failures WHERE account_key = ? AND "
              "failed_at > ?",
              account_key, config_.max_failures_per_account,
              "too many failed logins for this account: try again later, or log in with a link "
              "sent to your email (POST /api/v1/auth/login-link)",
              "email"},
        Scope{"SELECT COUNT(*), MAX(failed_at) FROM login_failures WHERE ip = ? AND failed_at > ?",
              ip, config_.max_failures_per_ip,
              "too many failed logins from your network: try again later, or log in with a link "
              "sent to your email (POST /api/v1/auth/login-link)",
              ""}}) {
    auto row = transaction.query_one(scope.sql, {scope.key, since});
    if (!row) return row.error();
    const std::int64_t failures = (*row)->int64(0);
    if (failures == 0) continue;
    const std::int64_t delay =
        login_delay_seconds(failures, scope.free, config_.max_login_delay_seconds);
    const std::int64_t wait = (*row)->int64(1) + delay - now;
    if (wait > 0) {
      Error error = Error::too_many(scope.message, wait);
      error.field = scope.field;
      return error;
    }
  }
  return ok_status();
}

Result<bool> AccountsService::trusted_device(db::Transaction& transaction, std::int64_t user_id,
                                             const std::string& device_token) {
  if (device_token.empty() || device_token.size() > 100) return false;
  auto row = transaction.query_one(
      "SELECT 1 FROM trusted_devices WHERE token_hash = ? AND user_id = ? AND last_used_at > ?",
      {crypto::token_digest(device_token), user_id,
       clock_.now_seconds() - config_.device_lifetime_seconds});
  if (!row) return row.error();
  return row->has_value();
}

Result<std::int64_t> AccountsService::rate_wait(db::Transaction& transaction,
                                                const std::string& kind, const std::string& ip,
                                                int limit) {
  constexpr std::int64_t kHour = 3600;
  const std::int64_t now = clock_.now_seconds();
  auto rows = transaction.query(
      "SELECT happened_at FROM rate_events WHERE kind = ? AND subject = ? AND happened_at > ? "
      "ORDER BY happened_at DESC LIMIT ?",
      {kind, ip, now - kHour, std::int64_t{limit}});
  if (!rows) return rows.error();
  if (static_cast<int>(rows->size()) < limit) return std::int64_t{0};
  // Free again when the oldest of the last `limit` leaves the hour.
  return std::max<std::int64_t>(1, rows->back().int64(0) + kHour - now);
}

Status AccountsService::rate_limit(db::Transaction& transaction, const std::string& kind,
                                   const std::string& ip, int limit) {
  auto wait = rate_wait(transaction, kind, ip, limit);
  if (!wait) return wait.error();
  if (wait.value() > 0) return too_many_from_address(wait.value());
  const std::int64_t now = clock_.now_seconds();
  for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
           {"DELETE FROM rate_events WHERE kind = ? AND subject = ? AND happened_at <= ?",
            {kind, ip, now - 3600}},
           {"INSERT INTO rate_events (kind, subject, happened_at) VALUES (?, ?, ?)",
            {kind, ip, now}}}) {
    if (auto done = transaction.execute(sql, params); !done) return done.error();
  }
  return ok_status();
}

Error AccountsService::too_many_from_address(std::int64_t wait_seconds) {
  return Error::too_many("too many requests from your address; try again later", wait_seconds);
}

const std::string& AccountsService::dummy_password_hash() {
  // Hashed once, with the same argon2id parameters as real passwords, so an
  // unknown email costs a login as long as a wrong password does.
  static const std::string hash = crypto::hash_password("not anyone's password");
  return hash;
}

Result<SessionGrant> AccountsService::log_in(const std::string& email, const std::string& password,
                                             const LoginClient& client) {
  auto normal = normalise_email(email);
  if (!normal) return normal.error();
  if (password.empty()) return Error::invalid("password", "password is required");
  if (password.size() > kMaxPasswordChars * 4)
    return Error::invalid("password", "password is too long");

  std::optional<db::Row> found;
  bool trusted = false;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto row = reader->query_one(
        std::string("SELECT password_hash, ") + kUserColumns + " FROM users WHERE email = ?",
        {normal.value()});
    if (!row) return row.error();
    found = std::move(row.value());
    // A device that logged into this account before is its owner's: an
    // attacker's failures must not keep them out.
    if (found) {
      auto known = trusted_device(*reader, found->int64(1), client.device_token);
      if (!known) return known.error();
      trusted = known.value();
    }
    if (!trusted) {
      if (auto status = throttle_check(*reader, normal.value(), client.ip); !status)
        return status.error();
    }
  }
  // Verify outside any transaction (slow on purpose); an unknown email
  // verifies against a dummy hash so that both take the same time.
  const bool valid =
      crypto::verify_password(password, found ? found->text(0) : dummy_password_hash()) &&
      found.has_value();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (!valid) {
    auto recorded = transaction->execute(
        "INSERT INTO login_failures (account_key, ip, failed_at) VALUES (?, ?, ?)",
        {normal.value(), client.ip, now});
    if (!recorded) return recorded.error();
    if (auto status = transaction->commit(); !status) return status.error();
    return Error{401, "invalid_credentials", "the email or password is not right", "password"};
  }
  User user = user_from_row(*found, 1);
  if (auto status = load_interests(*transaction, user); !status) return status.error();
  auto grant = open_session(*transaction, std::move(user), client);
  if (!grant) return grant.error();
  // Failures end with a login that had to get past them; a known device's
  // login says nothing about whoever else keeps guessing.
  if (!trusted) {
    auto cleared =
        transaction->execute("DELETE FROM login_failures WHERE account_key = ?", {normal.value()});
    if (!cleared) return cleared.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return grant;
}

Result<SessionGrant> AccountsService::open_session(db::Transaction& transaction, User user,
                                                   const LoginClient& client) {
  const std::int64_t now = clock_.now_seconds();
  SessionGrant grant{crypto::random_token(),
                     crypto::random_token(),
                     now + config_.session_absolute_seconds,
                     std::move(user),
                     {}};
  auto created = transaction.execute(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
      "expires_at, user_agent, ip) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {crypto::token_digest(grant.token), grant.user.id, grant.csrf_token, now, now,
       grant.expires_at, client.user_agent.substr(0, 200), client.ip});
  if (!created) return created.error();
  auto known = trusted_device(transaction, grant.user.id, client.device_token);
  if (!known) return known.error();
  if (known.value()) {
    auto touched =
        transaction.execute("UPDATE trusted_devices SET last_used_at = ? WHERE token_hash = ?",
                            {now, crypto::token_digest(client.device_token)});
    if (!touched) return touched.error();
  } else {
    grant.device_token = crypto::random_token();
    auto stored = transaction.execute(
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES (?, "
        "?, ?, ?)",
        {crypto::token_digest(grant.device_token), grant.user.id, now, now});
    if (!stored) return stored.error();
  }
  // Signing in during a deletion's grace period cancels it (issue #16).
  if (auto cancelled = cancel_deletion(transaction, grant.user, now, config_.base_url); !cancelled)
    return cancelled.error();
  return grant;
}

Status AccountsService::end_access(db::Transaction& transaction, std::int64_t user_id,
                                   std::int64_t keep_session_id) {
  const std::int64_t now = clock_.now_seconds();
  for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
           {"DELETE FROM sessions WHERE user_id = ? AND id <> ?", {user_id, keep_session_id}},
           {"UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            {now, user_id}},
           {"UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = "
            "'reset_password' AND used_at IS NULL",
            {now, user_id}},
           {"UPDATE login_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
            {now, user_id}},
           // A device an intruder logged in from must not keep passing the
           // throttle; the owner's next login trusts their device again.
           {"DELETE FROM trusted_devices WHERE user_id = ?", {user_id}}}) {
    if (auto done = transaction.execute(sql, params); !done) return done.error();
  }
  return ok_status();
}

Status AccountsService::log_out(const std::string& session_token) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto deleted = transaction->execute("DELETE FROM sessions WHERE token_hash = ?",
                                      {crypto::token_digest(session_token)});
  if (!deleted) return deleted.error();
  return transaction->commit();
}

Status AccountsService::log_out_everywhere(const Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  // Every session, this one too, and every API token (docs/security.md).
  if (auto status = end_access(*transaction, viewer.user_id(), 0); !status) return status;
  return transaction->commit();
}

Result<Viewer> AccountsService::viewer_from_session(const std::string& session_token) {
  Viewer viewer;
  if (session_token.empty() || session_token.size() > 100) return viewer;
  const std::string digest = crypto::token_digest(session_token);
  const std::int64_t now = clock_.now_seconds();
  std::int64_t last_seen = 0;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto row = reader->query_one(
        std::string("SELECT s.id, s.csrf_token, s.last_seen_at, s.expires_at, ") +
            "u.id, u.email, u.display_name, u.is_admin, u.email_verified_at, u.locale, "
            "u.bio, u.github_url, u.blog_url, u.linkedin_url, u.created_at "
            "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
        {digest});
    if (!row) return row.error();
    if (!row->has_value()) return viewer;
    const db::Row& session = **row;
    last_seen = session.int64(2);
    if (now >= session.int64(3) || now - last_seen >= config_.session_idle_seconds) return viewer;
    User user = user_from_row(session, 4);
    if (auto loaded = load_interests(*reader, user); !loaded) return loaded.error();
    viewer.user = std::move(user);
    viewer.session_id = session.int64(0);
    viewer.csrf_token = session.text(1);
  }
  if (now - last_seen >= kTouchEverySeconds) {
    // Idle expiry needs last_seen_at, but not to the second: a write per
    // minute per session instead of one per request.
    if (auto transaction = database_.write(); transaction) {
      if (transaction->execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?",
                               {now, viewer.session_id})) {
        (void)transaction->commit();
      }
    }
  }
  return viewer;
}

Result<Viewer> AccountsService::viewer_from_api_token(const std::string& api_token) {
  if (!api_token.starts_with("moim_") || api_token.size() > 100) {
    return Error::unauthenticated("the API token is not valid");
  }
  const std::string digest = crypto::token_digest(api_token);
  Viewer viewer;
  std::int64_t token_id = 0;
  std::optional<std::int64_t> last_used;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto row = reader->query_one(
        std::string("SELECT t.id, t.last_used_at, ") +
            "u.id, u.email, u.display_name, u.is_admin, u.email_verified_at, u.locale, "
            "u.bio, u.github_url, u.blog_url, u.linkedin_url, u.created_at "
            "FROM api_tokens t JOIN users u ON u.id = t.user_id "
            "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
        {digest});
    if (!row) return row.error();
    if (!row->has_value())
      return Error::unauthenticated("the API token is not valid or was revoked");
    token_id = (*row)->int64(0);
    last_used = (*row)->opt_int64(1);
    User user = user_from_row(**row, 2);
    if (auto status = load_interests(*reader, user); !status) return status.error();
    viewer.user = std::move(user);
    viewer.via_api_token = true;
  }
  const std::int64_t now = clock_.now_seconds();
  if (!last_used || now - *last_used >= kTouchEverySeconds) {
    if (auto transaction = database_.write(); transaction) {
      if (transaction->execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
                               {now, token_id})) {
        (void)transaction->commit();
      }
    }
  }
  return viewer;
}

Result<std::vector<SessionInfo>> AccountsService::sessions(const Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT id, created_at, last_seen_at, user_agent, ip FROM sessions WHERE user_id = ? AND "
      "expires_at > ? "
      "ORDER BY last_seen_at DESC",
      {viewer.user_id(), clock_.now_seconds()});
  if (!rows) return rows.error();
  std::vector<SessionInfo> sessions;
  for (const auto& row : *rows) {
    sessions.push_back({row.int64(0), row.int64(1), row.int64(2), row.text(3), row.text(4),
                        row.int64(0) == viewer.session_id});
  }
  return sessions;
}

}  // namespace moim::accounts
