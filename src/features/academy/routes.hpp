// Every route of the academy room, pages and API, declared in one place.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "features/academy/academy_service.hpp"
#include "features/academy/forms_csv.hpp"
#include "features/accounts/web_session.hpp"
#include "platform/http/router.hpp"

namespace moim::academy {

void add_academy_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                       const Clock& clock);
// The groups of pages add_academy_pages adds, one file each (cohort_pages.cpp, ...).
void add_cohort_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                      const Clock& clock);
void add_proposal_pages(http::Router& router, accounts::WebSession& session,
                        AcademyService& academy, const Clock& clock);
void add_project_pages(http::Router& router, accounts::WebSession& session,
                       AcademyService& academy);
void add_apply_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                     const Clock& clock);
void add_applicant_pages(http::Router& router, accounts::WebSession& session,
                         AcademyService& academy);
void add_selection_pages(http::Router& router, accounts::WebSession& session,
                         AcademyService& academy, const Clock& clock);
// /c/{slug}/cohorts/{cohort}/import (forms_pages.cpp) and
// POST /api/v1/communities/{slug}/cohorts/{cohort}/imports (forms_api.cpp).
void add_forms_import_pages(http::Router& router, accounts::WebSession& session,
                            AcademyService& academy, const Clock& clock);
void add_forms_import_api(http::Router& router, accounts::WebSession& session,
                          AcademyService& academy);
void add_academy_api(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                     const Clock& clock);
// Applying, applicants and the allocation (applications_api.cpp), added by add_academy_api.
void add_application_api(http::Router& router, accounts::WebSession& session,
                         AcademyService& academy);

// POST /c/{slug}/cohorts/{cohort}/next-phase (phase_pages.cpp).
void add_phase_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy);
// The six phase windows of the usual rhythm from a start date (YYYY-MM-DD),
// as the cohort form's "phase_inputs" (local YYYY-MM-DDTHH:MM); 400 naming
// template_start or template_weeks.
inline constexpr int kMinRunningWeeks = 8, kMaxRunningWeeks = 10;
Result<boost::json::array> phase_template(const std::string& start_date, int running_weeks);

// Shared by pages and API.
boost::json::object cohort_json(const Cohort& cohort, std::int64_t now);
boost::json::object project_json(const Project& project);
boost::json::object application_json(const Application& application);
boost::json::object applicant_json(const Applicant& applicant);
boost::json::object run_json(const AllocationRun& run);
boost::json::object result_json(const MyResult& result);
boost::json::object import_json(const ImportPreview& preview);

// Parsing. Times in `zone` (the community's) as YYYY-MM-DDTHH:MM, or UTC
// with a trailing Z in the API.
Result<CohortInput> cohort_input(const web::Fields& fields, const std::string& zone);
Result<ProjectInput> project_input(const web::Fields& fields);
Result<CatalogQuery> catalog_query(const http::Request& request);
Result<std::int64_t> parse_time(const std::string& text, const std::string& zone,
                                const std::string& field);
// Form textareas hold one item per line.
std::vector<std::string> lines(const std::string& text);

}  // namespace moim::academy
