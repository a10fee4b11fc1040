// Every route of the events room, pages and API.
#pragma once

#include <functional>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/events/events_service.hpp"
#include "features/events/programme_service.hpp"
#include "platform/http/router.hpp"
#include "platform/outbox/organizer_count.hpp"

namespace moim::events {

void add_events_api(accounts::ApiRoutes& routes, EventsService& events);
// Registrations, check-in, staff and figures (registrations_api.cpp), added by add_events_api.
void add_registrations_api(accounts::ApiRoutes& routes, EventsService& events);

// Links a room above events (the bingo) adds to the event page and the
// ticket page, already cut to what this visitor may use: the events room
// cannot know another room's rules. `token`: a guest's ticket link.
struct EventLink {
  std::string href;
  std::string label;  // translated
  std::string testid;
};
using EventLinks = std::function<std::vector<EventLink>(
    const accounts::RequestContext& context, const std::string& slug, std::int64_t event_id,
    const std::optional<std::string>& token)>;
// With `programme`, the event page also shows the sponsors and a link to the
// schedule; with `counter`, the figures show what moim did for the event.
void add_events_pages(http::Router& router, accounts::WebSession& session, EventsService& events,
                      ProgrammeService* programme = nullptr, EventLinks links = {},
                      const outbox::OrganizerCounter* counter = nullptr);
// The door (check-in for staff phones) and the organizers' registrations and
// figures (door_pages.cpp).
void add_door_pages(http::Router& router, accounts::WebSession& session, EventsService& events,
                    const outbox::OrganizerCounter* counter = nullptr);
// Registration questions: organizers' API and page, answers and the
// registrations CSV (questions_api.cpp, questions_pages.cpp).
void add_questions_api(accounts::ApiRoutes& routes, EventsService& events);
void add_questions_pages(http::Router& router, accounts::WebSession& session,
                         EventsService& events);

}  // namespace moim::events
