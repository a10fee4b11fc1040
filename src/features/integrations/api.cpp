// /api/v1/communities/{slug}/outbox* and /webhooks*: the JSON twin of the
// automation pages.
#include <boost/json/parse.hpp>

#include "features/integrations/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::automation {

using accounts::ApiReply;
using accounts::RequestContext;

boost::json::object outbox_row_json(const OutboxRow& row) {
  boost::json::value payload;
  try {
    payload = boost::json::parse(row.payload);
  } catch (const std::exception&) {
    payload = row.payload;
  }
  auto optional_text = [](const std::optional<std::string>& text) {
    return text ? boost::json::value(*text) : boost::json::value(nullptr);
  };
  return {{"id", row.id},
          {"kind", row.kind},
          {"target", row.target},
          {"state", row.state},
          {"attempts", row.attempts},
          {"interrupted", row.interrupted},
          {"last_error", optional_text(row.last_error)},
          {"result", optional_text(row.result)},
          {"idempotency_key", row.idempotency_key},
          {"payload", payload},
          {"not_before", format_utc_iso(row.not_before)},
          {"created_at", format_utc_iso(row.created_at)},
          {"delivered_at", row.delivered_at ? boost::json::value(format_utc_iso(*row.delivered_at))
                                            : boost::json::value(nullptr)}};
}

boost::json::object endpoint_json(const WebhookEndpoint& endpoint) {
  boost::json::array events;
  for (const auto& event : endpoint.events) events.emplace_back(event);
  return {{"id", endpoint.id},         {"url", endpoint.url},
          {"events", events},          {"description", endpoint.description},
          {"active", endpoint.active}, {"created_at", format_utc_iso(endpoint.created_at)}};
}

Result<NewEndpoint> endpoint_input(const web::Fields& fields) {
  NewEndpoint input;
  auto url = fields.text("url", 1, kMaxUrlChars);
  if (!url) return url.error();
  input.url = url.value();
  auto events = fields.optional_list("events", kWebhookEventsCount + 1, 40);
  if (!events) return events.error();
  input.events = events->value_or(std::vector<std::string>{});
  auto description = fields.optional_text("description", 200);
  if (!description) return description.error();
  input.description = description->value_or("");
  return input;
}

namespace {

boost::json::object summary_json(const QueuePage& page) {
  boost::json::object by_state;
  for (const auto& [state, count] : page.by_state) by_state[state] = count;
  return {{"done", page.by_state.at("done")},
          {"failed", page.by_state.at("dead")},
          {"waiting", page.by_state.at("pending") + page.by_state.at("failed") +
                          page.by_state.at("delivering")},
          {"by_state", by_state}};
}

std::map<std::string, std::string> query_map(const http::Request& request) {
  std::map<std::string, std::string> params;
  for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
  return params;
}

}  // namespace

void add_automation_api(http::Router& router, accounts::WebSession& session,
                        AutomationService& automation) {
  router.get("/api/v1/communities/{slug}/outbox",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto filter = parse_queue_filter(query_map(request));
                   if (!filter) return filter.error();
                   auto queue =
                       automation.queue(context.viewer, request.param("slug"), filter.value());
                   if (!queue) return queue.error();
                   boost::json::array rows;
                   for (const auto& row : queue->second.rows) rows.push_back(outbox_row_json(row));
                   return ApiReply{200,
                                   {{"rows", rows},
                                    {"total", queue->second.total},
                                    {"page", filter->page},
                                    {"per_page", filter->per_page},
                                    {"summary", summary_json(queue->second)}},
                                   {}};
                 }));

  for (const std::string action : {"retry", "cancel"}) {
    router.post("/api/v1/communities/{slug}/outbox/{id}/" + action,
                accounts::api_route(
                    session,
                    [&automation, action](RequestContext& context,
                                          http::Request& request) -> Result<ApiReply> {
                      auto id = accounts::path_id(request, "id");
                      if (!id) return id.error();
                      auto moved =
                          action == "retry"
                              ? automation.retry(context.viewer, request.param("slug"), id.value())
                              : automation.cancel(context.viewer, request.param("slug"),
                                                  id.value());
                      if (!moved) return moved.error();
                      return ApiReply{200, {{"row", outbox_row_json(moved.value())}}, {}};
                    }));
  }

  router.get("/api/v1/communities/{slug}/webhooks",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto listed = automation.webhooks(context.viewer, request.param("slug"));
                   if (!listed) return listed.error();
                   boost::json::array items;
                   for (const auto& endpoint : listed->second)
                     items.push_back(endpoint_json(endpoint));
                   boost::json::array events;
                   for (auto event : kWebhookEvents) events.emplace_back(event);
                   return ApiReply{200, {{"webhooks", items}, {"events", events}}, {}};
                 }));

  router.post(
      "/api/v1/communities/{slug}/webhooks",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = endpoint_input(fields.value());
            if (!input) return input.error();
            auto created =
                automation.add_webhook(context.viewer, request.param("slug"), input.value());
            if (!created) return created.error();
            boost::json::object body = endpoint_json(created->first);
            body["secret"] = created->second;
            return ApiReply{201, {{"webhook", body}}, {}};
          }));

  router.del("/api/v1/communities/{slug}/webhooks/{id}",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "id");
                   if (!id) return id.error();
                   auto removed =
                       automation.remove_webhook(context.viewer, request.param("slug"), id.value());
                   if (!removed) return removed.error();
                   return ApiReply{204, nullptr, {}};
                 }));
}

}  // namespace moim::automation
