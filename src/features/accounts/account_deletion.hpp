// "Delete my account" in the accounts room (issue #16): the request and its
// grace period. A request signs the person out everywhere and mails them the
// day it becomes due; signing in again before then cancels it (and mails
// that too). The erasure itself, every room's rule, is the privacy room's
// (features/privacy/erasure.hpp), which reads the due requests from here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::accounts {

inline constexpr std::int64_t kDeletionGraceDays = 14;
inline constexpr std::size_t kMaxDeletionReasonChars = 500;

struct AccountDeletion {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t requested_at = 0;
  std::int64_t due_at = 0;
  std::optional<std::int64_t> requested_by;  // the person, an organizer or an admin
  std::string reason;
};

// The person's pending request, if any.
Result<std::optional<AccountDeletion>> pending_deletion(db::Transaction& transaction,
                                                        std::int64_t user_id);

// Schedules the erasure of `user` at now + grace_days, ends every session
// and API token, and mails the person (through the outbox; `base_url` for
// the sign-in link that cancels). 409 "account" when one is pending or the
// account is already erased.
Result<AccountDeletion> schedule_deletion(db::Transaction& transaction, const User& user,
                                          std::int64_t requested_by, const std::string& reason,
                                          std::int64_t now, std::int64_t grace_days,
                                          const std::string& base_url);

// Cancels the pending request of `user` (a sign-in during the grace period)
// and mails them; false when there was none.
Result<bool> cancel_deletion(db::Transaction& transaction, const User& user, std::int64_t now,
                             const std::string& base_url);

// The requests due at `now`, oldest first, at most `limit`.
Result<std::vector<AccountDeletion>> due_deletions(db::Transaction& transaction, std::int64_t now,
                                                   int limit);

// Records that `deletion` was carried out, with the counts of what went.
Status mark_erased(db::Transaction& transaction, std::int64_t deletion_id, std::int64_t now,
                   const web::ErasureReport& report);

// True when the account's password is `password` (confirming a request).
Result<bool> password_matches(db::Transaction& transaction, std::int64_t user_id,
                              const std::string& password);

// True when `user_id` is the installation's only platform admin left.
Result<bool> is_last_admin(db::Transaction& transaction, std::int64_t user_id);

// The account's email and name as they are (before erasure), and whether it
// was erased already.
struct AccountIdentity {
  std::string email;
  std::string display_name;
  std::optional<std::string> locale;
  bool erased = false;
};
Result<std::optional<AccountIdentity>> account_identity(db::Transaction& transaction,
                                                        std::int64_t user_id);

// The person's deletion requests, for /me/data ("account_deletions"): when
// asked, due, cancelled or carried out, and whether they asked or an
// organizer did on their request (the reason is the organizer's, as in the
// audit log, and comes along).
Result<web::PersonalData> deletion_personal_data(db::Transaction& transaction,
                                                 std::int64_t user_id);

}  // namespace moim::accounts
