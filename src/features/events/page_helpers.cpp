#include "features/events/page_helpers.hpp"

#include <charconv>

#include "features/events/internal.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::events::pages {

namespace {
constexpr const char* kDayKeys[] = {"day_mon", "day_tue", "day_wed", "day_thu",
                                    "day_fri", "day_sat", "day_sun"};
}

std::string when(const WebSession& session, const RequestContext& context, std::int64_t seconds,
                 const std::string& zone) {
  const std::string weekday = format_local(seconds, zone, "%u");  // 1 = Monday
  const int index = weekday.empty() ? 0 : (weekday[0] - '1') % 7;
  return format_local(seconds, zone, "%Y-%m-%d") + " (" + session.text(context, kDayKeys[index]) +
         ") " + format_local(seconds, zone, "%H:%M");
}

std::string event_path(const std::string& slug, std::int64_t event_id) {
  return "/c/" + slug + "/events/" + std::to_string(event_id);
}
std::string event_path(const Event& event) { return event_path(event.community_slug, event.id); }

boost::json::value cover_view(const Event& event) {
  if (!event.cover) return nullptr;
  return boost::json::object{
      {"url", event_image_path(event.community_slug, event.id, *event.cover)},
      {"width", event.cover->width},
      {"height", event.cover->height}};
}

boost::json::object event_view(const WebSession& session, const RequestContext& context,
                               const Event& event, std::int64_t now) {
  std::int64_t seats_left = 0;
  for (const auto& type : event.ticket_types) {
    if (!type.organizers_only) seats_left += type.seats_left();
  }
  boost::json::object view{
      {"id", event.id},
      {"title", event.title},
      {"description_html", event.description_html},
      {"kind_label",
       session.text(context, "event_kind_" + std::string(internal::kind_name(event.kind)))},
      {"venue", event.venue},
      {"address", event.address},
      {"map_url", event.map_url},
      {"online_url", event.online_url},
      {"starts", when(session, context, event.starts_at, event.time_zone)},
      {"ends", when(session, context, event.ends_at, event.time_zone)},
      {"starts_iso", format_utc_iso(event.starts_at)},
      {"time_zone", event.time_zone},
      {"registration_open", event.registration_open(now)},
      {"registration_not_yet",
       event.status == EventStatus::published && now < event.registration_opens_at},
      {"registration_opens", when(session, context, event.registration_opens_at, event.time_zone)},
      {"registration_closes",
       when(session, context, event.registration_closes_at, event.time_zone)},
      {"cancelled", event.status == EventStatus::cancelled},
      {"past", event.ends_at <= now},
      {"capacity", event.capacity},
      {"confirmed", event.confirmed},
      {"waitlisted", event.waitlisted},
      {"checked_in", event.checked_in},
      {"seats_left", seats_left},
      {"full", seats_left == 0},
      {"members_only", event.visibility == Visibility::members},
      {"unlisted", event.visibility == Visibility::unlisted},
      {"path", event_path(event)},
      {"slug", event.community_slug},
      {"community_name", event.community_name},
  };
  boost::json::array types;
  for (const auto& type : event.ticket_types) {
    types.push_back({{"id", type.id},
                     {"name", type.name},
                     {"capacity", type.capacity},
                     {"held", type.held},
                     {"seats_left", type.seats_left()},
                     {"organizers_only", type.organizers_only}});
  }
  view["ticket_types"] = types;
  view["cover"] = cover_view(event);
  view["several_types"] = types.size() > 1;
  return view;
}

boost::json::object registration_view(const WebSession& session, const RequestContext& context,
                                      const Registration& registration, const Event& event) {
  const std::string status(internal::status_name(registration.status));
  boost::json::object view{
      {"id", registration.id},
      {"name", registration.name},
      {"email", registration.email},
      {"ticket_code", registration.ticket_code},
      {"ticket_type", registration.ticket_type_name},
      {"status", status},
      {"status_label", session.text(context, "event_status_" + status)},
      {"confirmed", registration.status == RegistrationStatus::confirmed},
      {"offered", registration.status == RegistrationStatus::offered},
      {"waitlisted", registration.status == RegistrationStatus::waitlisted},
      {"cancelled", registration.status == RegistrationStatus::cancelled},
      {"source_label", session.text(context, "event_source_" + registration.source)},
      {"checked_in", registration.checked_in_at.has_value()},
      {"checked_in_by", registration.checked_in_by},
  };
  if (registration.waitlist_position) view["waitlist_position"] = *registration.waitlist_position;
  if (registration.offered_until)
    view["offered_until"] = when(session, context, *registration.offered_until, event.time_zone);
  if (registration.checked_in_at)
    view["checked_in_at"] = format_local(*registration.checked_in_at, event.time_zone, "%H:%M");
  return view;
}

std::int64_t id_param(const http::Request& request, const std::string& name) {
  auto found = request.path_params.find(name);
  if (found == request.path_params.end()) return 0;
  std::int64_t id = 0;
  auto [end, error] =
      std::from_chars(found->second.data(), found->second.data() + found->second.size(), id);
  if (error != std::errc{} || end != found->second.data() + found->second.size() || id <= 0)
    return 0;
  return id;
}

void mark_error(boost::json::object& data, const WebSession& session, const RequestContext& context,
                const Error& error) {
  const std::string field = error.field.empty() ? "form" : error.field;
  // The events room's own wording first (its limits differ from other rooms'
  // fields of the same name), then the shared one.
  const std::string own = "event_error_" + error.code + "_" + error.field;
  const std::string message = session.catalog().strings(context.language).contains(own)
                                  ? session.text(context, own)
                                  : session.error_text(context, error);
  data["field_error"] = {{"field", field}, {"message", message}};
  boost::json::object errors;
  errors[field] = true;
  data["errors"] = errors;
}

http::Response csrf_refused(WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

}  // namespace moim::events::pages
