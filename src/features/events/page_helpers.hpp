// What the events pages share: how an event and a registration look in a
// template, and the form error re-render.
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/web_session.hpp"
#include "features/events/events_service.hpp"

namespace moim::events::pages {

using accounts::RequestContext;
using accounts::WebSession;

// "2027-05-01 (토) 10:00" in the community's zone, the weekday from the catalog.
std::string when(const WebSession& session, const RequestContext& context, std::int64_t seconds,
                 const std::string& zone);
boost::json::object event_view(const WebSession& session, const RequestContext& context,
                               const Event& event, std::int64_t now);
boost::json::object registration_view(const WebSession& session, const RequestContext& context,
                                      const Registration& registration, const Event& event);
// The cover image for a template ({url, width, height}), or null for none.
boost::json::value cover_view(const Event& event);
std::string event_path(const Event& event);
std::string event_path(const std::string& slug, std::int64_t event_id);
// The id in {event} (or another path parameter); 0 when it is not one.
std::int64_t id_param(const http::Request& request, const std::string& name);
// A form's field error for the template: {"field": ..., "message": ...} and
// `errors.<field>` true, so the input is marked and the message sits beside it.
void mark_error(boost::json::object& data, const WebSession& session, const RequestContext& context,
                const Error& error);
http::Response csrf_refused(WebSession& session, const RequestContext& context);

}  // namespace moim::events::pages
