// Helpers shared by the activity service's files; not part of its interface.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "features/activity/activity_service.hpp"

namespace moim::activity::internal {

template <class Names>
bool one_of(const Names& names, std::string_view value) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

// Columns read by session_from_row; the last one needs `now` bound.
inline constexpr const char* kSessionColumns =
    "s.id, s.project_id, s.slot_date, s.starts_at, s.ends_at, s.status, s.topic, s.presenter, "
    "s.notes, (SELECT COUNT(*) FROM activity_checkins c WHERE c.session_id = s.id AND "
    "c.closes_at > ?)";
Session session_from_row(const db::Row& row);

// Runner or auditor of the project (the people whose attendance counts or shows).
Result<std::optional<std::string>> participant_role(db::Transaction& reader,
                                                    std::int64_t project_id, std::int64_t user_id);

}  // namespace moim::activity::internal
