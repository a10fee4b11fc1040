// The audit log's page, its CSV and its API (issue #16). Organizers filter
// by area, by who acted, by dates (in the community's time zone) and by
// what it was done on; the page shows 50 entries at a time, newest first.
#include <boost/describe.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

#include "features/accounts/api_routes.hpp"
#include "features/communities/audit_log.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::communities {

namespace {

using accounts::RequestContext;
using accounts::WebSession;

// "2026-12-07" in the community's zone → the UTC second that day starts.
std::optional<std::int64_t> day_start(const std::string& date, const std::string& zone) {
  if (date.size() != 10) return std::nullopt;
  return parse_local(date + "T00:00", zone);
}

// The page's query: dates are days in the community's zone, `until` the last
// day shown (inclusive).
Result<AuditFilter> page_filter(const http::Request& request, const Community& community) {
  AuditFilter filter;
  filter.area = request.query_param("area").value_or("");
  filter.subject = request.query_param("subject").value_or("");
  filter.before = request.query_param("before").value_or("");
  if (auto actor = request.query_param("actor"); actor && !actor->empty()) {
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(actor->data(), actor->data() + actor->size(), id);
    if (error != std::errc{} || end != actor->data() + actor->size() || id <= 0)
      return Error::invalid("actor", "actor must be a member's number");
    filter.actor_id = id;
  }
  if (auto from = request.query_param("from"); from && !from->empty()) {
    filter.from = day_start(*from, community.time_zone);
    if (!filter.from) return Error::invalid("from", "from must be a date (YYYY-MM-DD)");
  }
  if (auto until = request.query_param("until"); until && !until->empty()) {
    auto start = day_start(*until, community.time_zone);
    if (!start) return Error::invalid("until", "until must be a date (YYYY-MM-DD)");
    filter.until = *start + 36 * 3600;  // past the day's end, whatever its length …
    filter.until = day_start(format_local(*filter.until, community.time_zone, "%Y-%m-%d"),
                             community.time_zone);  // … then back to the next day's start
  }
  return filter;
}

std::string query_of(const http::Request& request, const std::string& before) {
  std::string query;
  for (const char* name : {"area", "actor", "from", "until", "subject"}) {
    const std::string value = request.query_param(name).value_or("");
    if (value.empty()) continue;
    query += std::string(query.empty() ? "" : "&") + name + "=" + http::percent_encode(value);
  }
  if (!before.empty()) query += std::string(query.empty() ? "" : "&") + "before=" + before;
  return query;
}

std::string value_text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
}

boost::json::array detail_lines(const boost::json::object& detail) {
  boost::json::array lines;
  for (const auto& [key, value] : detail)
    lines.push_back(boost::json::object{{"key", key}, {"value", value_text(value)}});
  return lines;
}

http::Response audit_page(const WebSession& session, RequestContext& context,
                          const http::Request& request, const Community& community,
                          const AuditPage* page, const std::optional<Error>& problem) {
  const std::string base = "/c/" + community.slug + "/audit";
  const std::string area = request.query_param("area").value_or("");
  boost::json::array areas;
  for (std::string_view one : kAuditAreas)
    areas.push_back(
        boost::json::object{{"value", one},
                            {"label", session.text(context, "audit_area_" + std::string(one))},
                            {"selected", one == area}});
  boost::json::array rows;
  if (page != nullptr) {
    for (const AuditEntry& entry : page->entries) {
      const bool known_area =
          std::find(kAuditAreas.begin(), kAuditAreas.end(), entry.area) != kAuditAreas.end();
      boost::json::object row{
          {"when", format_local(entry.created_at, community.time_zone, "%Y-%m-%d %H:%M")},
          {"area", known_area ? session.text(context, "audit_area_" + entry.area) : entry.area},
          {"action", entry.action},
          {"subject", entry.subject},
          {"details", detail_lines(entry.detail)},
          {"by_moim", !entry.actor_id.has_value()},
          {"actor_name", entry.actor_name.empty() && entry.actor_id
                             ? session.text(context, "audit_actor_gone")
                             : entry.actor_name}};
      if (entry.actor_id) row["actor_link"] = base + "?actor=" + std::to_string(*entry.actor_id);
      rows.push_back(std::move(row));
    }
  }
  const std::string filter = query_of(request, "");
  boost::json::object data{
      {"community", boost::json::object{{"slug", community.slug}, {"name", community.name}}},
      {"areas", std::move(areas)},
      {"any_area", area.empty()},
      {"from", request.query_param("from").value_or("")},
      {"until", request.query_param("until").value_or("")},
      {"subject", request.query_param("subject").value_or("")},
      {"actor", request.query_param("actor").value_or("")},
      {"filtered", !filter.empty()},
      {"base", base},
      {"csv_link", base + ".csv" + (filter.empty() ? "" : "?" + filter)},
      {"entries", std::move(rows)},
      {"empty", page == nullptr || page->entries.empty()},
      {"zone", community.time_zone}};
  if (page != nullptr && !page->next.empty())
    data["next_link"] = base + "?" + query_of(request, page->next);
  if (!request.query_param("before").value_or("").empty())
    data["first_link"] = base + (filter.empty() ? "" : "?" + filter);
  return session.page(context, problem ? problem->http_status : 200, "communities/audit",
                      std::move(data),
                      {.title = session.text(context, "audit_title") + " · " + community.name,
                       .error_text = problem ? session.error_text(context, *problem) : ""});
}

// The API's query: the same filter, times as RFC 3339 instants.
struct AuditPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(AuditPath, (), (slug))
struct AuditQuery {
  std::optional<web::Text<1, 20>> area;
  std::optional<std::int64_t> actor;
  std::optional<web::Instant> from;
  std::optional<web::Instant> until;
  std::optional<web::Text<1, 100>> subject;
  std::optional<web::Text<1, 40>> before;
};
BOOST_DESCRIBE_STRUCT(AuditQuery, (), (area, actor, from, until, subject, before))
// A detail as a line: its key and its value as text (numbers, lists and
// objects written as JSON), the same lines the page shows.
struct AuditDetailOut {
  std::string key;
  std::string value;
};
BOOST_DESCRIBE_STRUCT(AuditDetailOut, (), (key, value))
struct AuditEntryOut {
  std::int64_t id = 0;
  std::string action;
  std::string area;
  std::string subject;
  std::vector<AuditDetailOut> detail;
  std::string created_at;
  std::optional<std::int64_t> actor_id;
  std::string actor_name;
};
BOOST_DESCRIBE_STRUCT(AuditEntryOut, (),
                      (id, action, area, subject, detail, created_at, actor_id, actor_name))
struct AuditPageOut {
  std::vector<AuditEntryOut> entries;
  std::optional<std::string> next;
};
BOOST_DESCRIBE_STRUCT(AuditPageOut, (), (entries, next))

}  // namespace

void add_audit_pages(http::Router& router, WebSession& session, CommunitiesService& communities,
                     std::shared_ptr<AuditLog> shared_audit) {
  router.get("/c/{slug}/audit", [&session, &communities, shared_audit](http::Request& request) {
    AuditLog& audit = *shared_audit;
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto filter = page_filter(request, community.value());
    if (!filter) {
      // Who may not read the log is refused before the filter is judged.
      auto allowed = audit.entries(context.viewer, community->slug, AuditFilter{}, 1);
      if (!allowed) return session.refuse(context, allowed.error());
      return audit_page(session, context, request, community.value(), nullptr, filter.error());
    }
    auto page = audit.entries(context.viewer, community->slug, filter.value());
    if (!page) {
      if (page.error().http_status != 400) return session.refuse(context, page.error());
      return audit_page(session, context, request, community.value(), nullptr, page.error());
    }
    return audit_page(session, context, request, community.value(), &page.value(), std::nullopt);
  });

  router.get("/c/{slug}/audit.csv", [&session, &communities, shared_audit](http::Request& request) {
    AuditLog& audit = *shared_audit;
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto filter = page_filter(request, community.value());
    if (!filter) return session.refuse(context, filter.error());
    filter->before.clear();  // the export holds every matching entry
    auto csv = audit.csv(context.viewer, community->slug, filter.value());
    if (!csv) return session.refuse(context, csv.error());
    http::Response response = http::Response::text(200, session.localized_csv(context, *csv, {}),
                                                   "text/csv; charset=utf-8");
    response.set_header("Content-Disposition",
                        "attachment; filename=\"" + community->slug + "-audit.csv\"");
    response.set_header("Cache-Control", "no-store");
    return response;
  });
}

void add_audit_api(accounts::ApiRoutes& routes, std::shared_ptr<AuditLog> shared_audit) {
  using accounts::Access;
  routes.add<AuditPath, AuditQuery, web::Nothing, AuditPageOut>(
      {.method = http::Method::kGet,
       .path = "/api/v1/communities/{slug}/audit",
       .operation_id = "listAuditEntries",
       .summary = "The community's audit log (organizers)",
       .description = "Newest first, 50 a page; pass `next` back as `before` for the next page. "
                      "area is the part of an action before its dot (member, cohort, event, …).",
       .tag = "communities",
       .errors = {403}},
      [shared_audit](auto& call) -> Result<AuditPageOut> {
        AuditLog& audit = *shared_audit;
        AuditFilter filter;
        if (call.query.area) filter.area = call.query.area->value;
        filter.actor_id = call.query.actor;
        if (call.query.from) filter.from = call.query.from->seconds;
        if (call.query.until) filter.until = call.query.until->seconds;
        if (call.query.subject) filter.subject = call.query.subject->value;
        if (call.query.before) filter.before = call.query.before->value;
        auto page = audit.entries(call.viewer(), call.path.slug, filter);
        if (!page) return page.error();
        AuditPageOut out;
        for (const AuditEntry& entry : page->entries) {
          std::vector<AuditDetailOut> detail;
          for (const auto& [key, value] : entry.detail)
            detail.push_back({std::string(key), value_text(value)});
          out.entries.push_back({entry.id, entry.action, entry.area, entry.subject,
                                 std::move(detail), format_utc_iso(entry.created_at),
                                 entry.actor_id, entry.actor_name});
        }
        if (!page->next.empty()) out.next = page->next;
        return out;
      });
}

}  // namespace moim::communities
