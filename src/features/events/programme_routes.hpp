// The programme's routes, API and pages (programme_api.cpp, programme_pages.cpp).
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/events/programme_service.hpp"
#include "platform/http/router.hpp"

namespace moim::events {

void add_programme_api(accounts::ApiRoutes& routes, ProgrammeService& programme);
// The call for talks, the review list, the timetable editor, the public
// schedule and the starred feed; the event page shows the sponsors through
// sponsors_view().
void add_programme_pages(http::Router& router, accounts::WebSession& session,
                         ProgrammeService& programme);
// What the event page shows of the programme: sponsors by tier and links.
boost::json::object programme_summary(const accounts::WebSession& session,
                                      const accounts::RequestContext& context,
                                      const Programme& programme);

}  // namespace moim::events
