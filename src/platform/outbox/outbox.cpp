#include "platform/outbox/outbox.hpp"

#include <boost/json/serialize.hpp>

namespace moim::outbox {

Status enqueue(db::Transaction& transaction, const OutboxMessage& message, std::int64_t now) {
  auto inserted = transaction.execute(
      "INSERT INTO outbox (kind, target, payload, idempotency_key, not_before, created_at, "
      "updated_at, community_id, cohort_id, event_id, purpose) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
      {message.kind, message.target, boost::json::serialize(message.payload),
       message.idempotency_key, message.not_before == 0 ? now : message.not_before, now, now,
       db::maybe(message.community_id), db::maybe(message.cohort_id), db::maybe(message.event_id),
       message.purpose});
  if (!inserted) return inserted.error();
  return ok_status();
}

Status withdraw(db::Transaction& transaction, const std::string& idempotency_key) {
  auto removed = transaction.execute(
      "DELETE FROM outbox WHERE idempotency_key = ? AND state = 'pending'", {idempotency_key});
  if (!removed) return removed.error();
  return ok_status();
}

bool is_outbox_state(std::string_view state) {
  for (std::string_view known : kOutboxStates) {
    if (state == known) return true;
  }
  return false;
}

OutboxRow outbox_row_from(const db::Row& row) {
  OutboxRow out;
  out.id = row.int64(0);
  out.kind = row.text(1);
  out.target = row.text(2);
  out.payload = row.text(3);
  out.idempotency_key = row.text(4);
  out.not_before = row.int64(5);
  out.attempts = static_cast<int>(row.int64(6));
  out.last_error = row.opt_text(7);
  out.state = row.text(8);
  out.community_id = row.opt_int64(9);
  out.created_at = row.int64(10);
  out.delivered_at = row.opt_int64(11);
  out.interrupted = static_cast<int>(row.int64(12));
  out.result = row.opt_text(13);
  return out;
}

}  // namespace moim::outbox
