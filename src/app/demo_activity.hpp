// The activity part of the demo community (see demo.hpp): the year-round lab
// running since six weeks ago, with runners, sessions, attendance, a writing
// deadline series and submissions.
#pragma once

#include "app/app.hpp"

namespace moim {

// Returns how many people it added (the lab's runners).
Result<int> seed_demo_activity(App& app, const accounts::Viewer& organizer,
                               const accounts::Viewer& lab_builder);

}  // namespace moim
