#include "features/accounts/account_deletion.hpp"

#include <boost/json/serialize.hpp>

#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::accounts {

namespace {

constexpr const char* kPending = "cancelled_at IS NULL AND erased_at IS NULL";
constexpr const char* kColumns = "id, user_id, requested_at, due_at, requested_by, reason";

AccountDeletion deletion_from_row(const db::Row& row) {
  AccountDeletion out;
  out.id = row.int64(0);
  out.user_id = row.int64(1);
  out.requested_at = row.int64(2);
  out.due_at = row.int64(3);
  if (!row.is_null(4)) out.requested_by = row.int64(4);
  out.reason = row.text(5);
  return out;
}

// The mails of a request's life; essential (the person must be able to act).
Status mail(db::Transaction& transaction, const User& user, const std::string& template_name,
            boost::json::object extra, const std::string& key, std::int64_t now) {
  boost::json::object payload{{"template", template_name},
                              {"language", user.locale.value_or("ko")},
                              {"to_name", user.display_name}};
  for (auto& [name, value] : extra) payload[name] = value;
  return outbox::enqueue(transaction,
                         {.kind = "email",
                          .target = user.email,
                          .payload = std::move(payload),
                          .idempotency_key = key},
                         now);
}

}  // namespace

Result<std::optional<AccountDeletion>> pending_deletion(db::Transaction& transaction,
                                                        std::int64_t user_id) {
  auto row = transaction.query_one(std::string("SELECT ") + kColumns +
                                       " FROM account_deletions WHERE user_id = ? AND " + kPending,
                                   {user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<AccountDeletion>{};
  return std::optional<AccountDeletion>{deletion_from_row(**row)};
}

Result<AccountDeletion> schedule_deletion(db::Transaction& transaction, const User& user,
                                          std::int64_t requested_by, const std::string& reason,
                                          std::int64_t now, std::int64_t grace_days,
                                          const std::string& base_url) {
  // Characters, as the form counts them (a Korean reason is three bytes a character).
  if (web::utf8_length(reason) > kMaxDeletionReasonChars)
    return Error::invalid("reason", "at most 500 characters");
  auto erased = transaction.query_one("SELECT erased_at FROM users WHERE id = ?", {user.id});
  if (!erased) return erased.error();
  if (!erased->has_value()) return Error::not_found("no such account");
  if (!(*erased)->is_null(0)) return Error::conflict("account", "this account is already erased");
  auto pending = pending_deletion(transaction, user.id);
  if (!pending) return pending.error();
  if (pending->has_value())
    return Error::conflict("account", "a deletion of this account is already scheduled");
  const std::int64_t due_at = now + grace_days * 24 * 3600;
  auto inserted = transaction.query(
      std::string("INSERT INTO account_deletions (user_id, requested_at, due_at, requested_by, "
                  "reason) VALUES (?, ?, ?, ?, ?) RETURNING ") +
          kColumns,
      {user.id, now, due_at, requested_by, reason});
  if (!inserted) {
    if (inserted.error().code == db::kUniqueViolation)
      return Error::conflict("account", "a deletion of this account is already scheduled");
    return inserted.error();
  }
  // Signed out everywhere: the next sign-in is the one that cancels.
  for (const char* sql :
       {"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM api_tokens WHERE user_id = ?"}) {
    if (auto done = transaction.execute(sql, {user.id}); !done) return done.error();
  }
  AccountDeletion deletion = deletion_from_row(inserted->front());
  if (auto status = mail(transaction, user, "account_deletion_scheduled",
                         {{"due_on", format_utc_iso(due_at).substr(0, 10)},
                          {"by_organizer", requested_by != user.id},
                          {"link", base_url + "/login"}},
                         "account_deletion_scheduled:" + std::to_string(deletion.id), now);
      !status)
    return status.error();
  return deletion;
}

Result<bool> cancel_deletion(db::Transaction& transaction, const User& user, std::int64_t now,
                             const std::string& base_url) {
  auto pending = pending_deletion(transaction, user.id);
  if (!pending) return pending.error();
  if (!pending->has_value()) return false;
  auto cancelled = transaction.execute("UPDATE account_deletions SET cancelled_at = ? WHERE id = ?",
                                       {now, (*pending)->id});
  if (!cancelled) return cancelled.error();
  if (auto status =
          mail(transaction, user, "account_deletion_cancelled", {{"link", base_url + "/me"}},
               "account_deletion_cancelled:" + std::to_string((*pending)->id), now);
      !status)
    return status.error();
  return true;
}

Result<std::vector<AccountDeletion>> due_deletions(db::Transaction& transaction, std::int64_t now,
                                                   int limit) {
  auto rows = transaction.query(std::string("SELECT ") + kColumns +
                                    " FROM account_deletions WHERE due_at <= ? AND " + kPending +
                                    " ORDER BY due_at, id LIMIT ?",
                                {now, std::int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<AccountDeletion> out;
  for (const auto& row : rows.value()) out.push_back(deletion_from_row(row));
  return out;
}

Status mark_erased(db::Transaction& transaction, std::int64_t deletion_id, std::int64_t now,
                   const web::ErasureReport& report) {
  boost::json::array counts;
  for (const auto& one : report)
    counts.push_back({{"table", one.table}, {"action", one.action}, {"rows", one.rows}});
  auto done = transaction.execute(
      "UPDATE account_deletions SET erased_at = ?, report = ? WHERE id = ? AND " +
          std::string(kPending),
      {now, boost::json::serialize(counts), deletion_id});
  if (!done) return done.error();
  if (done.value() != 1) return Error::conflict("account", "the deletion was cancelled meanwhile");
  return ok_status();
}

Result<bool> password_matches(db::Transaction& transaction, std::int64_t user_id,
                              const std::string& password) {
  auto row = transaction.query_one("SELECT password_hash FROM users WHERE id = ?", {user_id});
  if (!row) return row.error();
  if (!row->has_value() || (*row)->text(0).empty()) return false;
  return crypto::verify_password(password, (*row)->text(0));
}

Result<bool> is_last_admin(db::Transaction& transaction, std::int64_t user_id) {
  auto row = transaction.query_one(
      "SELECT (SELECT is_admin FROM users WHERE id = ?), (SELECT COUNT(*) FROM users "
      "WHERE is_admin = 1 AND erased_at IS NULL AND id <> ?)",
      {user_id, user_id});
  if (!row) return row.error();
  const db::Row& found = **row;
  return !found.is_null(0) && found.int64(0) == 1 && found.int64(1) == 0;
}

Result<std::optional<AccountIdentity>> account_identity(db::Transaction& transaction,
                                                        std::int64_t user_id) {
  auto row = transaction.query_one(
      "SELECT email, display_name, locale, erased_at FROM users WHERE id = ?", {user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<AccountIdentity>{};
  const db::Row& found = **row;
  AccountIdentity out{found.text(0), found.text(1), std::nullopt, !found.is_null(3)};
  if (!found.is_null(2) && !found.text(2).empty()) out.locale = found.text(2);
  return std::optional<AccountIdentity>{std::move(out)};
}

Result<web::PersonalData> deletion_personal_data(db::Transaction& transaction,
                                                 std::int64_t user_id) {
  web::PersonalData out;
  if (auto status = web::add_personal_records(
          out, transaction, "account_deletions", {"account_deletions"},
          "SELECT requested_at, due_at, CASE WHEN requested_by = user_id THEN 1 ELSE 0 END, "
          "reason, cancelled_at, erased_at FROM account_deletions WHERE user_id = ? ORDER BY id",
          {user_id},
          {"#requested_at", "#due_at", "#asked_myself", "reason", "#cancelled_at", "#erased_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::accounts
