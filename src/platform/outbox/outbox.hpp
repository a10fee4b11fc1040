// The outbox: every side effect (email, webhooks; later Discord and Notion)
// is a row written in the same transaction as the change that causes it,
// delivered later by the integrations worker (features/integrations/worker.hpp) once per
// idempotency key.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::outbox {

struct OutboxMessage {
  std::string kind;                          // "email", "webhook"; later "discord", "notion"
  std::string target;                        // recipient address, channel, URL
  boost::json::object payload;               // what the connector needs to act
  std::string idempotency_key;               // the same key is enqueued at most once
  std::int64_t not_before = 0;               // UTC seconds; 0 means now
  std::optional<std::int64_t> community_id;  // whose organizers see the row
  // The organizer's count (migrations/0035): the cohort or event the row
  // works for, and what it does within its kind (kPurpose* below).
  std::optional<std::int64_t> cohort_id;
  std::optional<std::int64_t> event_id;
  std::string purpose;
};

// What a row does within its kind, for the organizer's count; a row without
// one counts as its kind ("email" is a mail sent).
inline constexpr const char* kPurposeReminder = "reminder";  // a mail that reminds
inline constexpr const char* kPurposeRole = "role";          // a Discord role granted
inline constexpr const char* kPurposeChannel = "channel";    // a Discord channel created
inline constexpr const char* kPurposePage = "page";          // a Notion page written

// Adds the row inside the caller's transaction. A second message with the
// same idempotency key is ignored (not an error): retries stay harmless.
Status enqueue(db::Transaction& transaction, const OutboxMessage& message, std::int64_t now);

// Takes back a message this transaction enqueued and that turned out wrong
// before commit (a registration's mail written ahead of its seat, see
// events/registrations.cpp). Rows already delivering or delivered stay.
Status withdraw(db::Transaction& transaction, const std::string& idempotency_key);

// The life of a row (migrations/0005_automation.sql):
//   pending -> delivering -> done
//                         -> failed (retried at not_before) -> delivering ...
//                         -> dead (after max attempts, or refused for good)
//   pending | failed -> cancelled (an organizer);  failed | dead | cancelled -> pending (retry)
inline constexpr std::string_view kOutboxStates[] = {"pending", "delivering", "done",
                                                     "failed",  "dead",       "cancelled"};
bool is_outbox_state(std::string_view state);

struct OutboxRow {
  std::int64_t id = 0;
  std::string kind;
  std::string target;
  std::string payload;  // JSON text
  std::string idempotency_key;
  std::int64_t not_before = 0;
  int attempts = 0;  // including the one in progress
  std::optional<std::string> last_error;
  std::string state;
  std::optional<std::int64_t> community_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> delivered_at;
  int interrupted = 0;  // attempts a crash cut off (the effect may have happened)
  std::optional<std::string> result;
};

// The column list matching outbox_row_from().
inline constexpr const char* kOutboxColumns =
    "id, kind, target, payload, idempotency_key, not_before, attempts, last_error, state, "
    "community_id, created_at, delivered_at, interrupted, result";
OutboxRow outbox_row_from(const db::Row& row);

}  // namespace moim::outbox
