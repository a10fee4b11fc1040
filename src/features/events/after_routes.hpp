// Routes of the after-event part of the events room: the feedback survey's
// API and pages, and the badge sheet.
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/events/after_event.hpp"
#include "platform/http/router.hpp"

namespace moim::events {

void add_after_event_api(accounts::ApiRoutes& routes, AfterEventService& after);
void add_after_event_pages(http::Router& router, accounts::WebSession& session,
                           AfterEventService& after);

}  // namespace moim::events
