// Helpers shared by the pair space's files; not part of its interface.
#pragma once

#include <string>
#include <vector>

#include "features/mentoring/internal.hpp"
#include "features/mentoring/pair_space.hpp"

namespace moim::mentoring {

struct PairSpaceService::Located {
  internal::Place place;
  Program program;
  Pair pair;
  bool mine = false;    // the viewer is one of the two
  bool mentor = false;  // the viewer is the mentor
};

}  // namespace moim::mentoring

namespace moim::mentoring::internal {

inline constexpr const char* kSessionColumns = "id, starts_at, minutes, status, proposed_by";
Session session_from(const db::Row& row);
SessionStatus session_status_from(std::string_view name);
Light light_from(std::string_view name);
std::vector<bool> decode_flags(const std::string& json);
std::string encode_flags(const std::vector<bool>& flags);
// When the mid-point check-in opens.
std::int64_t midpoint_of(const Program& program);
// When the feedback at the end opens: the program's last week.
inline std::int64_t feedback_opens_at(const Program& program) {
  return program.ends_at - 7 * 86400;
}

// A confirmed session's reminder to both, the day before (none when it is
// less than a day away); taken back when the session is cancelled.
Status mail_reminders(db::Transaction& transaction, const Program& program,
                      const communities::Community& community, const Pair& pair,
                      const Session& session, std::int64_t now);
Status withdraw_reminders(db::Transaction& transaction, const Pair& pair, std::int64_t session_id);

}  // namespace moim::mentoring::internal
