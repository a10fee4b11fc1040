// The demo's mentoring: "글로벌 멘토링 1기", running for a month, open to
// anyone, with mentors and mentees across time zones from Los Angeles to
// Seoul, matched and announced, and the first pair's upcoming sessions and
// notes; and "멘토링 2기", open for sign-ups, with offers waiting for review.
#pragma once

#include <vector>

#include "app/app.hpp"

namespace moim {

Status seed_demo_mentoring(App& app, const accounts::Viewer& organizer,
                           const std::vector<accounts::Viewer>& members);

}  // namespace moim
