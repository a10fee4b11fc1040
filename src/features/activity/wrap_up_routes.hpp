// The wrap-up routes (pages and JSON API), declared in one place.
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/web_session.hpp"
#include "features/activity/wrap_up_service.hpp"
#include "platform/http/router.hpp"

namespace moim::activity {

void add_wrap_up_api(http::Router& router, accounts::WebSession& session, WrapUpService& wrap_up);
void add_wrap_up_pages(http::Router& router, accounts::WebSession& session, WrapUpService& wrap_up,
                       academy::AcademyService& academy);

boost::json::object tally_json(const CompletionTally& tally);
boost::json::object result_json(const ResultRow& result);
boost::json::object project_wrap_up_json(const ProjectWrapUp& project);
boost::json::object cohort_wrap_up_json(const CohortWrapUp& cohort);
boost::json::object statistics_json(const CohortStatistics& statistics);
boost::json::object dropout_json(const Dropout& dropout);
boost::json::object rules_json(const ProjectRules& rules);

}  // namespace moim::activity
