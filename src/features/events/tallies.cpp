// The kept figures of an event (migration 0040): one row per ticket type,
// stage at registration, status and check-in, so the figures page reads a
// handful of rows however many people registered.
#include <string>
#include <vector>

#include "features/events/internal.hpp"

namespace moim::events::internal {

Status tally(db::Transaction& transaction, int delta, const std::string& condition,
             std::initializer_list<db::Value> params) {
  std::vector<db::Value> bound{std::int64_t{delta}};
  bound.insert(bound.end(), params.begin(), params.end());
  // INSERT ... SELECT with an upsert: a tally row appears the first time a
  // registration joins it and is never removed (a zero is still a figure).
  // Grouped, so several registrations of one tally are one upsert row
  // (PostgreSQL refuses to update a row twice in one statement).
  auto counted = transaction.execute(
      "INSERT INTO event_registration_tallies (event_id, ticket_type_id, stage, status, "
      "checked_in, registrations) SELECT event_id, ticket_type_id, stage, status, CASE WHEN "
      "checked_in_at IS NULL THEN 0 ELSE 1 END, CAST(? AS BIGINT) * COUNT(*) FROM "
      "event_registrations WHERE " +
          condition +
          " GROUP BY event_id, ticket_type_id, stage, status, CASE WHEN checked_in_at IS NULL THEN "
          "0 ELSE 1 END ON CONFLICT (event_id, ticket_type_id, stage, status, checked_in) DO "
          "UPDATE SET "
          "registrations = event_registration_tallies.registrations + excluded.registrations",
      bound);
  if (!counted) return counted.error();
  return ok_status();
}

}  // namespace moim::events::internal
