// The SQL around outbox rows: what the worker claims and records, and what
// organizers see and change. Callers authorize; this file only keeps the
// state machine of outbox.hpp true (every change checks the state it
// leaves, so two hands never move one row twice).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::outbox {

// Worker side. claim_next marks one due row of `kind` as delivering (and
// counts the attempt) in its own transaction: that record is the "before"
// half of exactly-once; the "after" half is record_outcome.
Result<std::optional<OutboxRow>> claim_next(db::Database& database, const std::string& kind,
                                            std::int64_t now);
struct RecordedOutcome {
  std::string state;  // the state the row moved to
};
// Moves a delivering row to done, failed (due again at retry_at), dead or
// cancelled. A row that is no longer delivering is left alone.
Result<RecordedOutcome> record_outcome(db::Database& database, std::int64_t id,
                                       const std::string& state, const std::string& result,
                                       const std::string& error, std::int64_t retry_at,
                                       std::int64_t now);
// Rows left delivering by a worker that died: due again now, with the
// interruption counted (their effect may or may not have happened).
Result<std::int64_t> recover_interrupted(db::Database& database, std::int64_t now);

// Organizer side, per community.
struct QueueFilter {
  std::optional<std::string> state;
  std::optional<std::string> kind;
  int page = 1;
  int per_page = 50;
};
struct QueuePage {
  std::vector<OutboxRow> rows;
  std::int64_t total = 0;                        // rows matching the filter
  std::map<std::string, std::int64_t> by_state;  // the whole community, every state
};
Result<QueuePage> list_queue(db::Database& database, std::int64_t community_id,
                             const QueueFilter& filter);
Result<std::optional<OutboxRow>> find_row(db::Database& database, std::int64_t community_id,
                                          std::int64_t id);
// What a caller records in the transaction that moved a row (the audit
// entry of the organizer who asked): the row as moved and the state it left.
using RowMoved = std::function<Status(db::Transaction&, const OutboxRow&, const std::string& from)>;
// failed, dead or cancelled -> pending now, attempts counted afresh.
Result<OutboxRow> retry_row(db::Database& database, std::int64_t community_id, std::int64_t id,
                            std::int64_t now, const RowMoved& also = {});
// pending or failed -> cancelled.
Result<OutboxRow> cancel_row(db::Database& database, std::int64_t community_id, std::int64_t id,
                             std::int64_t now, const RowMoved& also = {});

}  // namespace moim::outbox
