// After (and during) the event: who registered, attendance figures by ticket
// type and growth stage with a CSV, and the ticket as iCalendar and QR code.
#include <algorithm>
#include <cstdio>
#include <map>

#include "features/events/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/ical.hpp"
#include "platform/web/input.hpp"
#include "platform/web/qr_svg.hpp"

namespace moim::events {

Result<RegistrationPage> EventsService::registrations(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t event_id,
                                                      const RegistrationQuery& query) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (web::utf8_length(query.text) > 100)
    return Error::invalid("q", "q must be at most 100 characters");
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->at_the_door())
    return Error::forbidden("only organizers and staff see registrations");
  RegistrationPage page;
  page.per_page = std::clamp(query.per_page, 1, 200);
  page.page = std::max(query.page, 1);
  std::string filter = "WHERE r.event_id = ?";
  std::vector<db::Value> params{event_id};
  if (query.status) {
    filter += " AND r.status = ?";
    params.emplace_back(std::string(internal::status_name(*query.status)));
  }
  const std::string text = web::trim(query.text);
  if (!text.empty()) {
    filter +=
        " AND (LOWER(r.name) LIKE ? ESCAPE '\\' OR LOWER(r.email) LIKE ? ESCAPE '\\' OR "
        "r.ticket_code = ?)";
    params.emplace_back(internal::like_pattern(text));
    params.emplace_back(internal::like_pattern(text));
    params.emplace_back(internal::normalize_code(text));
  }
  // The total comes from the kept counts when nothing filters the list.
  if (text.empty()) {
    const Event& event = loaded->event;
    page.total = !query.status ? event.confirmed + event.waitlisted + event.cancelled
                 : *query.status == RegistrationStatus::waitlisted ? event.waitlisted
                 : *query.status == RegistrationStatus::cancelled  ? event.cancelled
                                                                   : -1;
  }
  if (page.total < 0 || !text.empty()) {
    auto counted =
        transaction->query("SELECT COUNT(*) FROM event_registrations r " + filter, params);
    if (!counted) return counted.error();
    page.total = counted->front().int64(0);
  }
  params.emplace_back(std::int64_t{page.per_page});
  params.emplace_back(std::int64_t{(page.page - 1) * page.per_page});
  auto rows = transaction->query(
      std::string("SELECT ") + internal::kRegistrationColumns + internal::kRegistrationFrom +
          filter + " ORDER BY r.status, r.waitlist_position, r.id LIMIT ? OFFSET ?",
      params);
  if (!rows) return rows.error();
  for (const auto& row : rows.value())
    page.registrations.push_back(internal::registration_from(row));
  return page;
}

Result<EventStats> EventsService::stats(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers see the figures");
  EventStats stats;
  std::map<std::int64_t, std::size_t> type_index;
  for (const auto& type : loaded->event.ticket_types) {
    type_index[type.id] = stats.by_ticket_type.size();
    stats.by_ticket_type.push_back({type.name, {}});
  }
  for (auto stage : communities::kAllStages)
    stats.by_stage.push_back({std::string(communities::stage_name(stage)), {}});
  stats.by_stage.push_back({"guest", {}});
  // The kept tallies (tallies.cpp): a few rows however many registered.
  auto tallies = transaction->query(
      "SELECT ticket_type_id, stage, status, checked_in, registrations FROM "
      "event_registration_tallies WHERE event_id = ? AND registrations <> 0",
      {event_id});
  if (!tallies) return tallies.error();
  for (const auto& row : tallies.value()) {
    const auto status = internal::parse_registration_status(row.text(2));
    const std::int64_t people = row.int64(4);
    auto add = [&](Counter& counter) {
      counter.registered += people;
      if (status == RegistrationStatus::confirmed || status == RegistrationStatus::offered)
        counter.confirmed += people;
      if (status == RegistrationStatus::waitlisted) counter.waitlisted += people;
      if (status == RegistrationStatus::cancelled) counter.cancelled += people;
      if (row.boolean(3) && status != RegistrationStatus::cancelled) counter.checked_in += people;
    };
    add(stats.total);
    if (auto type = type_index.find(row.int64(0)); type != type_index.end())
      add(stats.by_ticket_type[type->second].second);
    const std::string stage = row.text(1);
    for (auto& [name, counter] : stats.by_stage) {
      if (name == stage) add(counter);
    }
  }
  return stats;
}

Result<std::string> EventsService::stats_csv(const accounts::Viewer& viewer,
                                             const std::string& slug, std::int64_t event_id,
                                             const std::string& language) {
  auto figures = stats(viewer, slug, event_id);
  if (!figures) return figures.error();
  const bool ko = language != "en";
  static const std::map<std::string, std::pair<const char*, const char*>> kStageNames{
      {"observer", {"눈팅", "Observer"}}, {"participant", {"소통", "Participant"}},
      {"auditor", {"청강", "Auditor"}},   {"runner", {"러너", "Runner"}},
      {"builder", {"빌더", "Builder"}},   {"organizer", {"운영진", "Organizer"}},
      {"guest", {"게스트", "Guest"}}};
  std::string csv = "\xEF\xBB\xBF";
  csv += ko ? "구분,항목,신청,확정,대기,취소,체크인,노쇼율(%)\r\n"
            : "group,item,registered,confirmed,waitlisted,cancelled,checked_in,no_show_percent\r\n";
  auto line = [&](const std::string& group, const std::string& item, const Counter& counter) {
    char rate[16];
    std::snprintf(rate, sizeof rate, "%.1f", counter.no_show_rate() * 100.0);
    csv += internal::csv_cell(group) + "," + internal::csv_cell(item) + "," +
           std::to_string(counter.registered) + "," + std::to_string(counter.confirmed) + "," +
           std::to_string(counter.waitlisted) + "," + std::to_string(counter.cancelled) + "," +
           std::to_string(counter.checked_in) + "," + rate + "\r\n";
  };
  line(ko ? "전체" : "total", ko ? "전체" : "all", figures->total);
  for (const auto& [name, counter] : figures->by_ticket_type)
    line(ko ? "티켓 종류" : "ticket type", name, counter);
  for (const auto& [name, counter] : figures->by_stage) {
    auto found = kStageNames.find(name);
    line(ko ? "성장 단계" : "growth stage",
         found == kStageNames.end() ? name : (ko ? found->second.first : found->second.second),
         counter);
  }
  return csv;
}

Result<std::string> EventsService::ics(const Caller& caller, const std::string& slug,
                                       std::int64_t event_id) {
  auto shown = event(caller, slug, event_id);
  if (!shown) return shown.error();
  web::CalendarEvent entry;
  entry.uid = "event-" + std::to_string(shown->id) + "@moim";
  entry.starts_at = shown->starts_at;
  entry.ends_at = shown->ends_at;
  entry.summary = shown->title;
  entry.description = shown->description.substr(0, 2000);
  entry.url =
      options_.base_url + "/c/" + shown->community_slug + "/events/" + std::to_string(shown->id);
  entry.location = !shown->venue.empty()
                       ? shown->venue + (shown->address.empty() ? "" : ", " + shown->address)
                       : shown->online_url;
  entry.cancelled = shown->status == EventStatus::cancelled;
  return web::ical_calendar(shown->community_name, {entry}, clock_.now_seconds());
}

Result<std::string> EventsService::ticket_qr_svg(const Registration& registration) const {
  return web::qr_svg(registration.ticket_code);
}

}  // namespace moim::events
