#include "features/coffee/onboarding_facts.hpp"

namespace moim::coffee {

Result<bool> was_grouped(db::Database& database, std::int64_t community_id, std::int64_t user_id) {
  auto reader = database.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT 1 FROM coffee_group_members m JOIN coffee_groups g ON g.id = m.group_id "
      "JOIN coffee_rounds r ON r.id = g.round_id JOIN coffee_programs p ON p.id = r.program_id "
      "WHERE m.user_id = ? AND p.community_id = ? LIMIT 1",
      {user_id, community_id});
  if (!row) return row.error();
  return row->has_value();
}

}  // namespace moim::coffee
