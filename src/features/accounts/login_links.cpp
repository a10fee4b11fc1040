// One-time login links mailed to the account's address: the way in for an
// owner whose account is being guessed at (the password throttle delays
// everyone without a known device), and for anyone who forgot which
// password they used. A link works once, for login_link_lifetime_seconds.
#include "features/accounts/accounts_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::accounts {

Status AccountsService::request_login_link(const std::string& email, const std::string& ip) {
  auto normal = normalise_email(email);
  if (!normal) return normal.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (auto status = rate_limit(*transaction, "login_link", ip, config_.mail_links_per_ip_per_hour);
      !status)
    return status;
  auto row = transaction->query_one("SELECT id, display_name, locale FROM users WHERE email = ?",
                                    {normal.value()});
  if (!row) return row.error();
  if (!row->has_value()) return transaction->commit();  // the same answer either way
  const std::int64_t user_id = (*row)->int64(0);
  auto recent = transaction->query_one(
      "SELECT COUNT(*) FROM login_links WHERE user_id = ? AND created_at > ?",
      {user_id, now - 3600});
  if (!recent) return recent.error();
  if ((*recent)->int64(0) >= config_.mail_links_per_recipient_per_hour)
    return transaction->commit();
  const std::string token = crypto::random_token();
  const std::string digest = crypto::token_digest(token);
  const std::int64_t expires_at = now + config_.login_link_lifetime_seconds;
  auto stored = transaction->execute(
      "INSERT INTO login_links (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      {digest, user_id, now, expires_at});
  if (!stored) return stored.error();
  const std::string link = config_.base_url + "/login/link?token=" + token;
  outbox::OutboxMessage mail{
      .kind = "email",
      .target = normal.value(),
      .payload = {{"template", "login_link"},
                  {"language", (*row)->opt_text(2).value_or("ko")},
                  {"to_name", (*row)->text(1)},
                  {"link", link},
                  {"expires_at", expires_at}},
      .idempotency_key = "login_link:" + std::to_string(user_id) + ":" + digest.substr(0, 16)};
  if (auto status = outbox::enqueue(*transaction, mail, now); !status) return status;
  if (auto status = transaction->commit(); !status) return status;
  if (config_.dev_mode)
    log::info("mail_link", {{"purpose", "login_link"}, {"to", normal.value()}, {"link", link}});
  return ok_status();
}

Result<SessionGrant> AccountsService::log_in_with_link(const std::string& link_token,
                                                       const LoginClient& client) {
  if (link_token.empty() || link_token.size() > 100)
    return Error::invalid("token", "the link is not valid");
  const std::string digest = crypto::token_digest(link_token);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT user_id, expires_at, used_at FROM login_links WHERE token_hash = ?", {digest});
  if (!row) return row.error();
  if (!row->has_value() || !(*row)->is_null(2))
    return Error::invalid("token", "the link is not valid or was already used");
  if (now >= (*row)->int64(1))
    return Error::invalid("token", "the link has expired; ask for a new one");
  const std::int64_t user_id = (*row)->int64(0);
  auto used = transaction->execute("UPDATE login_links SET used_at = ? WHERE token_hash = ?",
                                   {now, digest});
  if (!used) return used.error();
  auto found = user(*transaction, user_id);
  if (!found) return found.error();
  // Opening the mail proves the address; the failures were not the owner's.
  for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
           {"UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ?",
            {now, user_id}},
           {"DELETE FROM login_failures WHERE account_key = ?", {found->email}}}) {
    if (auto done = transaction->execute(sql, params); !done) return done.error();
  }
  auto grant = open_session(*transaction, std::move(found.value()), client);
  if (!grant) return grant.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return grant;
}

}  // namespace moim::accounts
