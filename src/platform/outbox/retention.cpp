#include "platform/outbox/retention.hpp"

#include "platform/db/dry_run.hpp"

namespace moim::outbox {

Result<std::int64_t> purge_finished_payloads(db::Transaction& transaction,
                                             std::optional<std::int64_t> community_id,
                                             std::int64_t created_before, bool dry_run) {
  // Already purged rows hold '{}' and are not counted again.
  const std::string where =
      std::string(community_id ? "community_id = ?" : "community_id IS NULL") +
      " AND created_at < ? AND state IN ('done', 'dead', 'cancelled') AND payload <> '{}'";
  std::vector<db::Value> params;
  if (community_id) params.emplace_back(*community_id);
  params.emplace_back(created_before);
  if (dry_run) {
    params.emplace_back(db::kDryRunCap + 1);
    auto counted = transaction.query(
        "SELECT COUNT(*) FROM (SELECT 1 FROM outbox WHERE " + where + " LIMIT ?) due", params);
    if (!counted) return counted.error();
    return counted->front().int64(0);
  }
  auto purged = transaction.execute(
      "UPDATE outbox SET target = '', payload = '{}', result = NULL WHERE " + where, params);
  if (!purged) return purged.error();
  return purged.value();
}

}  // namespace moim::outbox
