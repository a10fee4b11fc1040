// A member's progress against a project's completion rules (수료 기준):
// attendance share, submissions and the retrospective. Pure: the facts come from the service.
#pragma once

#include <cstdint>
#include <string>

#include "features/academy/academy_service.hpp"

namespace moim::activity {

struct ProgressFacts {
  int sessions_held = 0;  // past sessions that were not skipped
  int attended = 0;       // present or late
  int excused = 0;        // left out of the share, as organizers count it
  int submissions = 0;    // on time or late
  int deadlines_past = 0;
  // A runner's own member retrospective; for a builder, the project's.
  bool retrospective_written = false;
};

struct Progress {
  std::int64_t user_id = 0;
  std::string display_name;
  ProgressFacts facts;
  int attendance_percent = 100;  // attended / (held - excused); 100 before anything was held
  bool attendance_met = true;
  bool submissions_met = true;
  bool retrospective_required = false;
  bool retrospective_met = true;  // not required, or written
  // Attendance and submissions met so far (the retrospective comes at wrap-up).
  bool on_track = true;
};

Progress evaluate(const academy::CompletionRules& rules, const ProgressFacts& facts);

}  // namespace moim::activity
