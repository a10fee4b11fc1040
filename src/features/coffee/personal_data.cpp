#include "features/coffee/personal_data.hpp"

namespace moim::coffee {

// Whom someone else asked not to meet is theirs, not the avoided person's:
// only the member's own requests are listed.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  const std::vector<db::Value> me{user_id};
  if (auto status = web::add_personal_records(
          out, transaction, "coffee_participation", {"coffee_participants", "coffee_slots"},
          "SELECT p.program_id, g.name, p.opted_in, p.snoozed_round_id, p.time_zone, p.languages, "
          "p.topics, (SELECT COUNT(*) FROM coffee_slots s WHERE s.program_id = p.program_id "
          "AND s.user_id = p.user_id), p.joined_at, p.updated_at FROM coffee_participants p "
          "JOIN coffee_programs g ON g.id = p.program_id WHERE p.user_id = ? ORDER BY p.program_id",
          me,
          {"#program_id", "program_name", "#opted_in", "#snoozed_round_id", "time_zone",
           "@languages", "@topics", "#hours_of_week", "#joined_at", "#updated_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "coffee_hours", {"coffee_slots"},
          "SELECT program_id, hour_of_week FROM coffee_slots WHERE user_id = ? "
          "ORDER BY program_id, hour_of_week",
          me, {"#program_id", "#hour_of_week"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "coffee_avoid", {"coffee_avoid"},
          "SELECT community_id, avoid_user_id, created_at FROM coffee_avoid WHERE user_id = ? "
          "ORDER BY created_at",
          me, {"#community_id", "#avoid_user_id", "#created_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "coffee_groups", {"coffee_group_members", "coffee_groups"},
          "SELECT r.program_id, r.number, m.group_id, CASE WHEN g.host_user_id = ? THEN 1 ELSE 0 "
          "END, g.common_slots, (SELECT COUNT(*) FROM coffee_group_members o "
          "WHERE o.group_id = m.group_id), m.met, m.answered_at, r.closed_at "
          "FROM coffee_group_members m JOIN coffee_groups g ON g.id = m.group_id "
          "JOIN coffee_rounds r ON r.id = g.round_id WHERE m.user_id = ? "
          "ORDER BY r.program_id, r.number",
          {user_id, user_id},
          {"#program_id", "#round", "#group_id", "#host", "@common_slots", "#group_size", "#met",
           "#answered_at", "#round_closed_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::coffee
