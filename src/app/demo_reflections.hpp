// Growth logs and KPT retrospectives for the demo lab (see demo_activity.hpp),
// so the timeline, month calendar and retrospective pages show content.
#pragma once

#include <vector>

#include "app/app.hpp"

namespace moim {

Status seed_demo_reflections(App& app, const accounts::Viewer& lab_builder, std::int64_t lab_id,
                             const std::vector<accounts::Viewer>& runners);

}  // namespace moim
