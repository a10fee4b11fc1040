#include "platform/outbox/outbox_store.hpp"

namespace moim::outbox {

Result<std::optional<OutboxRow>> claim_next(db::Database& database, const std::string& kind,
                                            std::int64_t now) {
  {
    // Idle polls look first with a reader, so they never take SQLite's
    // single write lock away from requests when nothing is due.
    auto reader = database.read();
    if (!reader) return reader.error();
    auto due = reader->query_one(
        "SELECT 1 FROM outbox WHERE kind = ? AND state IN ('pending', 'failed') AND not_before <= "
        "? "
        "LIMIT 1",
        {kind, now});
    if (!due) return due.error();
    if (!due->has_value()) return std::optional<OutboxRow>{};
  }
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  // SKIP LOCKED lets the delivery threads of one PostgreSQL worker claim
  // side by side; SQLite serialises writers, so it needs no row lock.
  const std::string lock =
      database.dialect() == db::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  auto claimed = transaction->query_one(
      std::string("UPDATE outbox SET state = 'delivering', attempts = attempts + 1, "
                  "claimed_at = ?, updated_at = ? WHERE id = (SELECT id FROM outbox WHERE kind = ? "
                  "AND state IN ('pending', 'failed') AND not_before <= ? ORDER BY not_before, id "
                  "LIMIT 1") +
          lock + ") RETURNING " + kOutboxColumns,
      {now, now, kind, now});
  if (!claimed) return claimed.error();
  if (auto status = transaction->commit(); !status) return status.error();
  if (!claimed->has_value()) return std::optional<OutboxRow>{};
  return std::optional<OutboxRow>{outbox_row_from(**claimed)};
}

Result<RecordedOutcome> record_outcome(db::Database& database, std::int64_t id,
                                       const std::string& state, const std::string& result,
                                       const std::string& error, std::int64_t retry_at,
                                       std::int64_t now) {
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto changed = transaction->execute(
      "UPDATE outbox SET state = ?, result = COALESCE(?, result), last_error = COALESCE(?, "
      "last_error), not_before = ?, delivered_at = ?, updated_at = ? "
      "WHERE id = ? AND state = 'delivering'",
      {state, result.empty() ? db::null() : db::Value{result},
       error.empty() ? db::null() : db::Value{error}, state == "failed" ? retry_at : now,
       state == "done" ? db::Value{now} : db::null(), now, id});
  if (!changed) return changed.error();
  if (state == "done" && changed.value() == 1) {
    // The organizer's count, in the transaction that says it happened
    // (migrations/0035_organizer_count.sql).
    for (const char* scope : {"cohort", "event"}) {
      auto counted = transaction->execute(
          std::string("INSERT INTO outbox_done_counts (scope, scope_id, kind, purpose, done) "
                      "SELECT ?, ") +
              scope + "_id, kind, purpose, 1 FROM outbox WHERE id = ? AND " + scope +
              "_id IS NOT NULL ON CONFLICT (scope, scope_id, kind, purpose) DO UPDATE SET done = "
              "outbox_done_counts.done + 1",
          {std::string(scope), id});
      if (!counted) return counted.error();
    }
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return RecordedOutcome{changed.value() == 1 ? state : "unchanged"};
}

Result<std::int64_t> recover_interrupted(db::Database& database, std::int64_t now) {
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto changed = transaction->execute(
      "UPDATE outbox SET state = 'failed', interrupted = interrupted + 1, not_before = ?, "
      "updated_at = ?, last_error = 'interrupted: the worker stopped during delivery; sending "
      "again with the same idempotency key' WHERE state = 'delivering'",
      {now, now});
  if (!changed) return changed.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return changed.value();
}

namespace {

std::string filter_sql(const QueueFilter& filter, std::vector<db::Value>& params) {
  std::string where = " WHERE community_id = ?";
  if (filter.state) {
    where += " AND state = ?";
    params.emplace_back(*filter.state);
  }
  if (filter.kind) {
    where += " AND kind = ?";
    params.emplace_back(*filter.kind);
  }
  return where;
}

}  // namespace

Result<QueuePage> list_queue(db::Database& database, std::int64_t community_id,
                             const QueueFilter& filter) {
  auto transaction = database.read();
  if (!transaction) return transaction.error();
  QueuePage page;
  std::vector<db::Value> params{community_id};
  const std::string where = filter_sql(filter, params);
  auto total = transaction->query("SELECT COUNT(*) FROM outbox" + where, params);
  if (!total) return total.error();
  page.total = total->front().int64(0);
  params.emplace_back(std::int64_t{filter.per_page});
  params.emplace_back(std::int64_t{(filter.page - 1) * filter.per_page});
  auto rows = transaction->query(std::string("SELECT ") + kOutboxColumns + " FROM outbox" + where +
                                     " ORDER BY id DESC LIMIT ? OFFSET ?",
                                 params);
  if (!rows) return rows.error();
  for (const auto& row : rows.value()) page.rows.push_back(outbox_row_from(row));
  for (std::string_view state : kOutboxStates) page.by_state[std::string(state)] = 0;
  auto counts = transaction->query(
      "SELECT state, COUNT(*) FROM outbox WHERE community_id = ? GROUP BY state", {community_id});
  if (!counts) return counts.error();
  for (const auto& row : counts.value()) page.by_state[row.text(0)] = row.int64(1);
  return page;
}

Result<std::optional<OutboxRow>> find_row(db::Database& database, std::int64_t community_id,
                                          std::int64_t id) {
  auto transaction = database.read();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE id = ? AND community_id = ?",
      {id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<OutboxRow>{};
  return std::optional<OutboxRow>{outbox_row_from(**row)};
}

namespace {

Result<OutboxRow> move_row(db::Database& database, std::int64_t community_id, std::int64_t id,
                           const std::string& update_sql, std::initializer_list<db::Value> params,
                           const std::string& refusal, const RowMoved& also) {
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto existing = transaction->query_one(
      "SELECT state FROM outbox WHERE id = ? AND community_id = ?", {id, community_id});
  if (!existing) return existing.error();
  if (!existing->has_value()) return Error::not_found("no such outbox row in this community");
  auto changed = transaction->execute(update_sql, params);
  if (!changed) return changed.error();
  if (changed.value() != 1)
    return Error::conflict("state", refusal + " (it is " + (*existing)->text(0) + ")");
  auto row = transaction->query_one(
      std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE id = ?", {id});
  if (!row) return row.error();
  OutboxRow moved = outbox_row_from(**row);
  if (also) {
    if (auto status = also(*transaction, moved, (*existing)->text(0)); !status)
      return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return moved;
}

}  // namespace

Result<OutboxRow> retry_row(db::Database& database, std::int64_t community_id, std::int64_t id,
                            std::int64_t now, const RowMoved& also) {
  return move_row(database, community_id, id,
                  "UPDATE outbox SET state = 'pending', attempts = 0, not_before = ?, updated_at = "
                  "? WHERE id = ? AND state IN ('failed', 'dead', 'cancelled')",
                  {now, now, id}, "only failed, dead or cancelled rows can be retried", also);
}

Result<OutboxRow> cancel_row(db::Database& database, std::int64_t community_id, std::int64_t id,
                             std::int64_t now, const RowMoved& also) {
  return move_row(database, community_id, id,
                  "UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE id = ? AND state IN "
                  "('pending', 'failed')",
                  {now, id}, "only pending or failed rows can be cancelled", also);
}

}  // namespace moim::outbox
