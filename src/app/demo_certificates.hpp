// The demo's certificates: every closed cohort of the demo community gets
// certificates for whatever completion results it has (the wrap-up seeding
// closes the past cohort first; with no closed cohort this does nothing).
#pragma once

#include "app/app.hpp"

namespace moim {

// Returns how many certificates were issued.
Result<int> seed_demo_certificates(App& app, const accounts::Viewer& organizer);

}  // namespace moim
