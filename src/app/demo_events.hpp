// The demo's events: a past "PseudoCon demo" that filled its 255 seats,
// waitlisted the rest and checked 167 people in (the figures the seeds
// quote), and an upcoming meetup open for registration.
#pragma once

#include <vector>

#include "app/app.hpp"

namespace moim {

Status seed_demo_events(App& app, const accounts::Viewer& organizer,
                        const std::vector<accounts::Viewer>& members);

}  // namespace moim
