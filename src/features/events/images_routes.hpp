// The routes of uploaded event images (images_api.cpp, images_pages.cpp),
// added by add_events_api and add_events_pages.
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/events/events_service.hpp"
#include "features/events/programme_service.hpp"
#include "platform/http/router.hpp"

namespace moim::events {

// PUT and DELETE /api/v1/communities/{slug}/events/{event}/cover.
void add_event_images_api(accounts::ApiRoutes& routes, EventsService& events);
// The images themselves (/c/{slug}/events/{event}/images/{digest}.{png|jpg}),
// the edit page's cover forms, and (with the programme) the timetable's
// sponsor logo forms.
void add_event_images_pages(http::Router& router, accounts::WebSession& session,
                            EventsService& events, ProgrammeService* programme);

}  // namespace moim::events
