// The academy pages: each group of /c/{slug}/... pages lives in its own
// file (cohort_pages.cpp, proposal_pages.cpp, project_pages.cpp,
// apply_pages.cpp, applicant_pages.cpp, selection_pages.cpp, with the
// Google Forms import in forms_pages.cpp and the phase driver in
// phase_pages.cpp); this adds them all, in the order they always were.
#include "features/academy/page_helpers.hpp"

namespace moim::academy {

void add_academy_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                       const Clock& clock) {
  add_forms_import_pages(router, session, academy, clock);
  add_phase_pages(router, session, academy);
  add_cohort_pages(router, session, academy, clock);
  add_proposal_pages(router, session, academy, clock);
  add_project_pages(router, session, academy);
  add_apply_pages(router, session, academy, clock);
  add_applicant_pages(router, session, academy);
  add_selection_pages(router, session, academy, clock);
}

}  // namespace moim::academy
