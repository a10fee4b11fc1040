#include "app/demo_certificates.hpp"

#include "app/demo.hpp"

namespace moim {

Result<int> seed_demo_certificates(App& app, const accounts::Viewer& organizer) {
  auto cohorts = app.certificates().cohorts(organizer, kDemoSlug);
  if (!cohorts) return cohorts.error();
  int issued = 0;
  for (const auto& cohort : cohorts.value()) {
    if (!cohort.closed) continue;
    auto outcome = app.certificates().issue_cohort(organizer, kDemoSlug, cohort.cohort_key);
    if (!outcome) return outcome.error();
    issued += outcome->issued;
  }
  return issued;
}

}  // namespace moim
