#include "features/accounts/accounts_service.hpp"

#include <algorithm>

#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::accounts {

namespace {

constexpr const char* kUserColumns =
    "id, email, display_name, is_admin, email_verified_at, locale, bio, github_url, blog_url, "
    "linkedin_url, "
    "created_at";
constexpr std::int64_t kTouchEverySeconds = 60;  // how stale last_seen_at may get before a write

User user_from_row(const db::Row& row, std::size_t first = 0) {
  User user;
  user.id = row.int64(first + 0);
  user.email = row.text(first + 1);
  user.display_name = row.text(first + 2);
  user.is_admin = row.boolean(first + 3);
  user.email_verified = !row.is_null(first + 4);
  user.locale = row.opt_text(first + 5);
  user.bio = row.text(first + 6);
  user.github_url = row.text(first + 7);
  user.blog_url = row.text(first + 8);
  user.linkedin_url = row.text(first + 9);
  user.created_at = row.int64(first + 10);
  return user;
}

Status load_interests(db::Transaction& transaction, User& user) {
  auto rows =
      transaction.query("SELECT tag FROM user_interests WHERE user_id = ? ORDER BY tag", {user.id});
  if (!rows) return rows.error();
  for (const auto& row : *rows) user.interests.push_back(row.text(0));
  return ok_status();
}

Status check_url(const std::optional<std::string>& url, const std::string& field) {
  if (!url || url->empty()) return ok_status();
  if (!url->starts_with("https://") && !url->starts_with("http://")) {
    return Error::invalid(field, field + " must start with https:// or http://");
  }
  if (web::utf8_length(*url) > kMaxUrlChars) {
    return Error::invalid(
        field, field + " must be at most " + std::to_string(kMaxUrlChars) + " characters");
  }
  if (url->find_first_of(" \t\n\r\"<>") != std::string::npos) {
    return Error::invalid(field, field + " is not a valid address");
  }
  return ok_status();
}

Status check_display_name(const std::string& name) {
  if (name.empty()) return Error::invalid("display_name", "display_name is required");
  if (web::utf8_length(name) > kMaxDisplayNameChars) {
    return Error::invalid("display_name", "display_name must be at most " +
                                              std::to_string(kMaxDisplayNameChars) + " characters");
  }
  return ok_status();
}

Status check_locale(const std::optional<std::string>& locale) {
  if (locale && !locale->empty() && *locale != "ko" && *locale != "en") {
    return Error::invalid("locale", "locale must be ko or en");
  }
  return ok_status();
}

}  // namespace

Result<std::string> normalise_email(const std::string& email) {
  std::string normal = web::trim(email);
  std::transform(normal.begin(), normal.end(), normal.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  const std::size_t at = normal.find('@');
  const bool shaped = at != std::string::npos && at > 0 &&
                      normal.find('@', at + 1) == std::string::npos &&
                      normal.find('.', at) != std::string::npos && normal.back() != '.' &&
                      normal.find_first_of(" \t\r\n<>,;\"'()") == std::string::npos;
  if (normal.empty()) return Error::invalid("email", "email is required");
  if (!shaped || normal.size() > kMaxEmailChars || !web::is_valid_utf8(normal)) {
    return Error::invalid("email", "email is not a valid address");
  }
  return normal;
}

std::int64_t login_delay_seconds(std::int64_t failures, std::int64_t free, std::int64_t cap) {
  // Five seconds first: long enough that a script notices, short enough that
  // a person who mistyped does not.
  constexpr std::int64_t kFirstDelaySeconds = 5;
  if (failures < free) return 0;
  const std::int64_t doublings = std::min<std::int64_t>(failures - free, 30);
  return std::min<std::int64_t>(kFirstDelaySeconds << doublings, cap);
}

Status check_password(const std::string& password, const std::string& field) {
  if (!web::is_valid_utf8(password)) return Error::invalid(field, field + " is not valid UTF-8");
  const std::size_t length = web::utf8_length(password);
  if (length < kMinPasswordChars) {
    return Error::invalid(
        field, field + " must be at least " + std::to_string(kMinPasswordChars) + " characters");
  }
  if (length > kMaxPasswordChars) {
    return Error::invalid(
        field, field + " must be at most " + std::to_string(kMaxPasswordChars) + " characters");
  }
  return ok_status();
}

AccountsService::AccountsService(db::Database& database, const Clock& clock, AccountsConfig config)
    : database_(database), clock_(clock), config_(std::move(config)) {}

Result<std::optional<User>> AccountsService::sign_up(const SignUp& input, const std::string& ip) {
  // Every check first, the same for a new and a known address.
  auto email = normalise_email(input.email);
  if (!email) return email.error();
  const std::string display_name = web::trim(input.display_name);
  if (auto status = check_display_name(display_name); !status) return status.error();
  if (auto status = check_password(input.password, "password"); !status) return status.error();
  if (auto status = check_locale(input.locale); !status) return status.error();
  {
    // A cheap refusal before the slow hash, so a flood costs us little.
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto wait = rate_wait(*reader, "signup", ip, config_.signups_per_ip_per_hour);
    if (!wait) return wait.error();
    if (wait.value() > 0) return too_many_from_address(wait.value());
  }
  // Hashed for a known address too: both answers take the same time.
  const std::string hashed = crypto::hash_password(input.password);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (auto status = rate_limit(*transaction, "signup", ip, config_.signups_per_ip_per_hour);
      !status)
    return status.error();
  auto existing = transaction->query_one(
      std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?", {email.value()});
  if (!existing) return existing.error();
  if (existing->has_value()) {
    // Tell the owner, not the visitor; at most one such mail per hour.
    const User owner = user_from_row(**existing);
    outbox::OutboxMessage mail{.kind = "email",
                               .target = owner.email,
                               .payload = {{"template", "account_exists"},
                                           {"language", owner.locale.value_or("ko")},
                                           {"to_name", owner.display_name},
                                           {"link", config_.base_url + "/password/forgot"}},
                               .idempotency_key = "account_exists:" + std::to_string(owner.id) +
                                                  ":" + std::to_string(now / 3600)};
    if (auto status = outbox::enqueue(*transaction, mail, now); !status) return status.error();
    if (auto status = transaction->commit(); !status) return status.error();
    return std::optional<User>{};
  }
  auto inserted = transaction->query(
      std::string("INSERT INTO users (email, display_name, password_hash, is_admin, "
                  "email_verified_at, locale, created_at, updated_at) "
                  "VALUES (?, ?, ?, 0, NULL, ?, ?, ?) RETURNING ") +
          kUserColumns,
      {email.value(), display_name, hashed,
       input.locale && !input.locale->empty() ? db::Value{*input.locale} : db::null(), now, now});
  if (!inserted) {
    // Signed up at the same moment by someone else: the same quiet answer.
    if (inserted.error().code == db::kUniqueViolation) return std::optional<User>{};
    return inserted.error();
  }
  User user = user_from_row(inserted->front());
  auto link = issue_link(*transaction, user.id, "verify_email", user);
  if (!link) return link.error();
  if (auto status = transaction->commit(); !status) return status.error();
  if (config_.dev_mode) {
    log::info("mail_link",
              {{"purpose", "verify_email"}, {"to", user.email}, {"link", link.value()}});
  }
  return std::optional<User>{std::move(user)};
}

Result<User> AccountsService::create_user(const SignUp& input, bool is_admin) {
  return insert_user(input, nullptr, is_admin, true, false);
}

Result<User> AccountsService::create_user_with_hash(const SignUp& input,
                                                    const std::string& password_hash,
                                                    bool is_admin) {
  return insert_user(input, &password_hash, is_admin, true, false);
}

Result<User> AccountsService::insert_user(const SignUp& input, const std::string* password_hash,
                                          bool is_admin, bool verified, bool send_verification) {
  auto email = normalise_email(input.email);
  if (!email) return email.error();
  const std::string display_name = web::trim(input.display_name);
  if (auto status = check_display_name(display_name); !status) return status.error();
  if (auto status = check_password(input.password, "password"); !status) return status.error();
  if (auto status = check_locale(input.locale); !status) return status.error();

  // Hash before the transaction: argon2id takes tens of milliseconds and the
  // SQLite writer lock should not wait on it.
  const std::string hashed = password_hash ? *password_hash : crypto::hash_password(input.password);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto inserted = transaction->query(
      std::string("INSERT INTO users (email, display_name, password_hash, is_admin, "
                  "email_verified_at, locale, "
                  "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ") +
          kUserColumns,
      {email.value(), display_name, hashed, std::int64_t{is_admin},
       verified ? db::Value{now} : db::null(),
       input.locale && !input.locale->empty() ? db::Value{*input.locale} : db::null(), now, now});
  if (!inserted) {
    if (inserted.error().code == db::kUniqueViolation) {
      return Error::conflict("email", "an account with this email already exists");
    }
    return inserted.error();
  }
  User user = user_from_row(inserted->front());
  std::string link;
  if (send_verification) {
    auto issued = issue_link(*transaction, user.id, "verify_email", user);
    if (!issued) return issued.error();
    link = issued.value();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  if (config_.dev_mode && !link.empty()) {
    log::info("mail_link", {{"purpose", "verify_email"}, {"to", user.email}, {"link", link}});
  }
  return user;
}

Result<std::string> AccountsService::issue_link(db::Transaction& transaction, std::int64_t user_id,
                                                const std::string& purpose, const User& recipient) {
  const std::string token = crypto::random_token();
  const std::string digest = crypto::token_digest(token);
  const std::int64_t now = clock_.now_seconds();
  auto stored = transaction.execute(
      "INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES "
      "(?, ?, ?, ?, ?)",
      {digest, user_id, purpose, now, now + config_.link_lifetime_seconds});
  if (!stored) return stored.error();
  const std::string path =
      purpose == "verify_email" ? "/verify-email?token=" : "/password/reset?token=";
  const std::string link = config_.base_url + path + token;
  outbox::OutboxMessage mail{
      .kind = "email",
      .target = recipient.email,
      .payload = {{"template", purpose},
                  {"language", recipient.locale.value_or("ko")},
                  {"to_name", recipient.display_name},
                  {"link", link},
                  {"expires_at", now + config_.link_lifetime_seconds}},
      .idempotency_key = purpose + ":" + std::to_string(user_id) + ":" + digest.substr(0, 16)};
  if (auto status = outbox::enqueue(transaction, mail, now); !status) return status.error();
  return link;
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

Status AccountsService::change_password(const Viewer& viewer, const std::string& current_password,
                                        const std::string& new_password) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (auto status = check_password(new_password, "new_password"); !status) return status;
  std::string stored_hash;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto row =
        reader->query_one("SELECT password_hash FROM users WHERE id = ?", {viewer.user_id()});
    if (!row) return row.error();
    if (!row->has_value()) return Error::not_found("account not found");
    stored_hash = (*row)->text(0);
  }
  if (!crypto::verify_password(current_password, stored_hash)) {
    return Error::invalid("current_password", "the current password is not right");
  }
  const std::string new_hash = crypto::hash_password(new_password);
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated =
      transaction->execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                           {new_hash, clock_.now_seconds(), viewer.user_id()});
  if (!updated) return updated.error();
  // Other devices must log in again with the new password; this one stays.
  // API tokens are revoked and unused reset links voided (docs/security.md).
  if (auto status = end_access(*transaction, viewer.user_id(), viewer.session_id); !status)
    return status;
  return transaction->commit();
}

Status AccountsService::verify_email(const std::string& link_token) {
  if (link_token.empty() || link_token.size() > 100)
    return Error::invalid("token", "the link is not valid");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT user_id, expires_at, used_at FROM one_time_tokens WHERE token_hash = ? AND purpose = "
      "'verify_email'",
      {crypto::token_digest(link_token)});
  if (!row) return row.error();
  if (!row->has_value() || !(*row)->is_null(2)) {
    return Error::invalid("token", "the link is not valid or was already used");
  }
  if (now >= (*row)->int64(1))
    return Error::invalid("token", "the link has expired; ask for a new one");
  const std::int64_t user_id = (*row)->int64(0);
  auto used = transaction->execute("UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ?",
                                   {now, crypto::token_digest(link_token)});
  if (!used) return used.error();
  auto verified = transaction->execute(
      "UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE "
      "id = ?",
      {now, now, user_id});
  if (!verified) return verified.error();
  return transaction->commit();
}

Status AccountsService::resend_verification(const Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (viewer.user->email_verified)
    return Error::conflict("email", "this email is already verified");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto link = issue_link(*transaction, viewer.user_id(), "verify_email", *viewer.user);
  if (!link) return link.error();
  if (auto status = transaction->commit(); !status) return status;
  if (config_.dev_mode)
    log::info("mail_link",
              {{"purpose", "verify_email"}, {"to", viewer.user->email}, {"link", link.value()}});
  return ok_status();
}

Status AccountsService::request_password_reset(const std::string& email, const std::string& ip) {
  auto normal = normalise_email(email);
  if (!normal) return normal.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (auto status = rate_limit(*transaction, "reset", ip, config_.mail_links_per_ip_per_hour);
      !status)
    return status;
  auto row = transaction->query_one(
      std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?", {normal.value()});
  if (!row) return row.error();
  if (!row->has_value()) return transaction->commit();  // same answer either way
  User user = user_from_row(**row);
  // A recipient gets a few links an hour, however often someone asks; the
  // answer stays the same, so it says nothing about the account.
  auto recent = transaction->query_one(
      "SELECT COUNT(*) FROM one_time_tokens WHERE user_id = ? AND purpose = 'reset_password' AND "
      "created_at > ?",
      {user.id, clock_.now_seconds() - 3600});
  if (!recent) return recent.error();
  if ((*recent)->int64(0) >= config_.mail_links_per_recipient_per_hour)
    return transaction->commit();
  auto link = issue_link(*transaction, user.id, "reset_password", user);
  if (!link) return link.error();
  if (auto status = transaction->commit(); !status) return status;
  if (config_.dev_mode)
    log::info("mail_link",
              {{"purpose", "reset_password"}, {"to", user.email}, {"link", link.value()}});
  return ok_status();
}

Status AccountsService::reset_password(const std::string& link_token,
                                       const std::string& new_password) {
  if (auto status = check_password(new_password, "new_password"); !status) return status;
  if (link_token.empty() || link_token.size() > 100)
    return Error::invalid("token", "the link is not valid");
  const std::string new_hash = crypto::hash_password(new_password);
  const std::int64_t now = clock_.now_seconds();
  const std::string digest = crypto::token_digest(link_token);
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT user_id, expires_at, used_at FROM one_time_tokens WHERE token_hash = ? AND purpose = "
      "'reset_password'",
      {digest});
  if (!row) return row.error();
  if (!row->has_value() || !(*row)->is_null(2)) {
    return Error::invalid("token", "the link is not valid or was already used");
  }
  if (now >= (*row)->int64(1))
    return Error::invalid("token", "the link has expired; ask for a new one");
  const std::int64_t user_id = (*row)->int64(0);
  for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
           {"UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ?", {now, digest}},
           // Receiving the mail proves the address, too.
           {"UPDATE users SET password_hash = ?, email_verified_at = COALESCE(email_verified_at, "
            "?), "
            "updated_at = ? WHERE id = ?",
            {new_hash, now, now, user_id}},
           {"DELETE FROM login_failures WHERE account_key = (SELECT email FROM users WHERE id = ?)",
            {user_id}}}) {
    if (auto done = transaction->execute(sql, params); !done) return done.error();
  }
  // Every session, API token, and every other reset or login link: an older
  // link may be what an attacker holds.
  if (auto status = end_access(*transaction, user_id, 0); !status) return status;
  return transaction->commit();
}

Result<User> AccountsService::user(std::int64_t user_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  return user(*reader, user_id);
}

Result<User> AccountsService::user(db::Transaction& transaction, std::int64_t user_id) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {user_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such user");
  User found = user_from_row(**row);
  if (auto status = load_interests(transaction, found); !status) return status.error();
  return found;
}

Result<User> AccountsService::update_profile(const Viewer& viewer, const ProfileUpdate& update) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (update.display_name) {
    if (auto status = check_display_name(*update.display_name); !status) return status.error();
  }
  if (update.bio && web::utf8_length(*update.bio) > kMaxBioChars) {
    return Error::invalid("bio",
                          "bio must be at most " + std::to_string(kMaxBioChars) + " characters");
  }
  for (const auto& [url, field] :
       {std::pair{&update.github_url, "github_url"}, std::pair{&update.blog_url, "blog_url"},
        std::pair{&update.linkedin_url, "linkedin_url"}}) {
    if (auto status = check_url(*url, field); !status) return status.error();
  }
  if (auto status = check_locale(update.locale); !status) return status.error();
  if (update.interests) {
    if (update.interests->size() > kMaxInterests) {
      return Error::invalid(
          "interests", "interests may have at most " + std::to_string(kMaxInterests) + " tags");
    }
    for (const auto& tag : *update.interests) {
      if (tag.empty() || web::utf8_length(tag) > kMaxInterestChars) {
        return Error::invalid("interests", "each interest must be 1 to " +
                                               std::to_string(kMaxInterestChars) + " characters");
      }
    }
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE users SET display_name = COALESCE(?, display_name), bio = COALESCE(?, bio), "
      "github_url = COALESCE(?, github_url), blog_url = COALESCE(?, blog_url), "
      "linkedin_url = COALESCE(?, linkedin_url), updated_at = ? WHERE id = ?",
      {db::maybe(update.display_name), db::maybe(update.bio), db::maybe(update.github_url),
       db::maybe(update.blog_url), db::maybe(update.linkedin_url), now, viewer.user_id()});
  if (!updated) return updated.error();
  if (update.locale) {
    auto saved = transaction->execute(
        "UPDATE users SET locale = ? WHERE id = ?",
        {update.locale->empty() ? db::null() : db::Value{*update.locale}, viewer.user_id()});
    if (!saved) return saved.error();
  }
  if (update.interests) {
    auto cleared =
        transaction->execute("DELETE FROM user_interests WHERE user_id = ?", {viewer.user_id()});
    if (!cleared) return cleared.error();
    for (const auto& tag : *update.interests) {
      auto added = transaction->execute("INSERT INTO user_interests (user_id, tag) VALUES (?, ?)",
                                        {viewer.user_id(), tag});
      if (!added) return added.error();
    }
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return user(viewer.user_id());
}

Result<std::pair<ApiToken, std::string>> AccountsService::create_api_token(
    const Viewer& viewer, const std::string& name) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (viewer.via_api_token) return Error::forbidden("create API tokens from a logged-in session");
  const std::string clean = web::trim(name);
  if (clean.empty() || web::utf8_length(clean) > kMaxTokenNameChars) {
    return Error::invalid(
        "name", "name must be 1 to " + std::to_string(kMaxTokenNameChars) + " characters");
  }
  const std::string token = "moim_" + crypto::random_token();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto count = transaction->query_one(
      "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL",
      {viewer.user_id()});
  if (!count) return count.error();
  if (count.value()->int64(0) >= 20)
    return Error::conflict("name", "at most 20 active tokens; revoke one first");
  auto row = transaction->query_one(
      "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, "
      "?) RETURNING id",
      {viewer.user_id(), clean, crypto::token_digest(token), token.substr(0, 12), now});
  if (!row) return row.error();
  ApiToken created{(*row)->int64(0), clean, token.substr(0, 12), now, std::nullopt, false};
  if (auto status = transaction->commit(); !status) return status.error();
  return std::make_pair(created, token);
}

Result<std::vector<ApiToken>> AccountsService::api_tokens(const Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id "
      "= ? "
      "ORDER BY id DESC",
      {viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<ApiToken> tokens;
  for (const auto& row : *rows) {
    tokens.push_back(
        {row.int64(0), row.text(1), row.text(2), row.int64(3), row.opt_int64(4), !row.is_null(5)});
  }
  return tokens;
}

Status AccountsService::revoke_api_token(const Viewer& viewer, std::int64_t token_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
      {clock_.now_seconds(), token_id, viewer.user_id()});
  if (!updated) return updated.error();
  if (updated.value() == 0) return Error::not_found("no such active token");
  return transaction->commit();
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
