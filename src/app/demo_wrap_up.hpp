// The wrap-up part of the demo community (see demo.hpp): the archived 6기
// closed with its completion results, near Pseudo-Lab's published figures
// (150 completed, 10 dropped out: 93.8%), so the statistics pages show.
#pragma once

#include "app/app.hpp"

namespace moim {

// Runs after the academy demo (it needs 6기's projects and 7기's applicants).
Status seed_demo_wrap_up(App& app, const accounts::Viewer& organizer);

}  // namespace moim
