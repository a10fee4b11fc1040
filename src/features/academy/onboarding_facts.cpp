#include "features/academy/onboarding_facts.hpp"

namespace moim::academy {

Result<bool> audits_in(db::Database& database, std::int64_t community_id, std::int64_t user_id) {
  auto reader = database.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT 1 FROM project_auditors a JOIN academy_projects p ON p.id = a.project_id "
      "WHERE a.user_id = ? AND p.community_id = ? LIMIT 1",
      {user_id, community_id});
  if (!row) return row.error();
  return row->has_value();
}

}  // namespace moim::academy
