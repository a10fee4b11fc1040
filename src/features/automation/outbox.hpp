// The outbox: every side effect (email, Discord, Notion, webhooks) is a row
// written in the same transaction as the change that causes it, delivered
// later by the automation worker exactly once per idempotency key.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::automation {

struct OutboxMessage {
  std::string kind;             // "email", later "discord", "notion", "webhook"
  std::string target;           // recipient address, channel, URL
  boost::json::object payload;  // what the connector needs to act
  std::string idempotency_key;  // the same key is enqueued at most once
  std::int64_t not_before = 0;  // UTC seconds; 0 means now
};

// Adds the row inside the caller's transaction. A second message with the
// same idempotency key is ignored (not an error): retries stay harmless.
Status enqueue(db::Transaction& transaction, const OutboxMessage& message, std::int64_t now);

}  // namespace moim::automation
