// The academy part of the demo community (see demo.hpp).
#pragma once

#include <vector>

#include "app/app.hpp"
#include "app/demo.hpp"

namespace moim {

// Seeds cohorts, projects, a lab and `applicant_count` fictional applicants;
// returns how many applied.
Result<int> seed_demo_academy(App& app, const accounts::Viewer& organizer,
                              const std::vector<accounts::Viewer>& builders, int applicant_count);

}  // namespace moim
