// Routes of "plan before doing": the organizer page
// /c/{slug}/automation/plan[?cohort=KEY] and its JSON twin
// /api/v1/communities/{slug}/cohorts/{key}/plan.
#pragma once

#include "features/accounts/web_session.hpp"
#include "features/integrations/plan_service.hpp"
#include "platform/http/router.hpp"

namespace moim::automation {

void add_plan_pages(http::Router& router, accounts::WebSession& session, PlanService& plans);
void add_plan_api(http::Router& router, accounts::WebSession& session, PlanService& plans);

boost::json::object plan_json(const CohortPlan& plan);

}  // namespace moim::automation
