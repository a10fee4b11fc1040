// Passwords (change, reset by a mailed link) and verifying the address.
#include "features/accounts/accounts_service.hpp"

#include "features/accounts/user_rows.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"

namespace moim::accounts {

using internal::kUserColumns;
using internal::user_from_row;

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

}  // namespace moim::accounts
