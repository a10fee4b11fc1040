#include "features/events/retention.hpp"

#include "platform/db/dry_run.hpp"

namespace moim::events {

Result<std::int64_t> erase_guest_registrations(db::Transaction& transaction,
                                               std::int64_t community_id, std::int64_t ended_before,
                                               bool dry_run) {
  // Erased rows have an empty address and are not counted again.
  const std::string due =
      "SELECT r.id FROM event_registrations r JOIN events e ON e.id = r.event_id "
      "WHERE e.community_id = ? AND e.ends_at < ? AND r.user_id IS NULL AND r.email <> ''";
  if (dry_run) {
    auto counted = transaction.query_one("SELECT COUNT(*) FROM (" + due + " LIMIT ?) due",
                                         {community_id, ended_before, db::kDryRunCap + 1});
    if (!counted) return counted.error();
    return counted.value()->int64(0);
  }
  auto answers =
      transaction.execute("DELETE FROM event_answers WHERE registration_id IN (" + due + ")",
                          {community_id, ended_before});
  if (!answers) return answers.error();
  // person_key stays unique per event: it named the address, now the row.
  auto erased = transaction.execute(
      "UPDATE event_registrations SET name = '', email = '', person_key = 'erased:' || id, "
      "token_digest = NULL, language = '' WHERE id IN (" +
          due + ")",
      {community_id, ended_before});
  if (!erased) return erased.error();
  return erased.value();
}

}  // namespace moim::events
