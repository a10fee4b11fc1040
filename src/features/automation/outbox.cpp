#include "features/automation/outbox.hpp"

#include <boost/json/serialize.hpp>

namespace moim::automation {

Status enqueue(db::Transaction& transaction, const OutboxMessage& message, std::int64_t now) {
  auto inserted = transaction.execute(
      "INSERT INTO outbox (kind, target, payload, idempotency_key, not_before, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
      {message.kind, message.target, boost::json::serialize(message.payload),
       message.idempotency_key, message.not_before == 0 ? now : message.not_before, now});
  if (!inserted) return inserted.error();
  return ok_status();
}

}  // namespace moim::automation
