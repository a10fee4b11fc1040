// The organizer pages: /c/{slug}/automation (the queue, its summary, retry
// and cancel) and /c/{slug}/automation/webhooks; and the public
// /unsubscribe page that List-Unsubscribe links point to.
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "features/communities/routes.hpp"
#include "features/integrations/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::automation {

using accounts::RequestContext;

namespace {

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

std::string query_string(const QueueFilter& filter) {
  return "state=" + http::percent_encode(filter.state.value_or("")) +
         "&kind=" + http::percent_encode(filter.kind.value_or(""));
}

// The connectors the worker knows (app.cpp build_worker), in the filter's order.
constexpr const char* kOutboxKinds[] = {"email", "webhook", "discord", "notion"};

bool is_known_kind(const std::string& kind) {
  return std::find(std::begin(kOutboxKinds), std::end(kOutboxKinds), kind) !=
         std::end(kOutboxKinds);
}

// A connector may end its error with " [hint:<catalog key>]" (e.g. the
// Discord connector's organizer hints): the hint is shown translated, apart
// from the service's own words.
std::pair<std::string, std::string> split_hint(const std::string& error) {
  const auto start = error.rfind(" [hint:");
  if (start == std::string::npos || error.empty() || error.back() != ']') return {error, {}};
  const std::string key = error.substr(start + 7, error.size() - start - 8);
  for (char ch : key)
    if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) return {error, {}};
  return {error.substr(0, start), key};
}

boost::json::object row_view(const RequestContext& context, accounts::WebSession& session,
                             const communities::Community& community, const OutboxRow& row) {
  boost::json::object view{
      {"id", row.id},
      {"kind", row.kind},
      {"kind_label",
       is_known_kind(row.kind) ? session.text(context, "automation_kind_" + row.kind) : row.kind},
      {"target", row.target},
      {"state", row.state},
      {"state_label", session.text(context, "automation_state_" + row.state)},
      {"attempts", row.attempts},
      {"interrupted", row.interrupted > 0},
      {"last_error", split_hint(row.last_error.value_or("")).first},
      {"hint", split_hint(row.last_error.value_or("")).second.empty()
                   ? std::string()
                   : session.text(context, split_hint(row.last_error.value_or("")).second)},
      {"result", row.result.value_or("")},
      {"created", format_local(row.created_at, community.time_zone, "%Y-%m-%d %H:%M")},
      {"next", row.state == "pending" || row.state == "failed"
                   ? format_local(row.not_before, community.time_zone, "%Y-%m-%d %H:%M")
                   : ""},
      {"can_retry", row.state == "failed" || row.state == "dead" || row.state == "cancelled"},
      {"can_cancel", row.state == "pending" || row.state == "failed"}};
  // Pretty enough to read: the stored JSON as it is (escaped by the template).
  view["payload"] = row.payload;
  return view;
}

}  // namespace

void add_automation_pages(http::Router& router, accounts::WebSession& session,
                          AutomationService& automation) {
  router.get("/c/{slug}/automation", [&](http::Request& request) {
    auto context = session.context(request);
    std::map<std::string, std::string> params;
    for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
    auto filter = parse_queue_filter(params);
    std::string error_text;
    if (!filter) {
      error_text = session.error_text(context, filter.error());
      filter = QueueFilter{};
    }
    auto queue = automation.queue(context.viewer, request.param("slug"), filter.value());
    if (!queue) return session.refuse(context, queue.error());
    const auto& [community, page] = queue.value();
    boost::json::array rows;
    for (const auto& row : page.rows) rows.push_back(row_view(context, session, community, row));
    boost::json::array states;
    for (std::string_view state : kOutboxStates) {
      const std::string name(state);
      states.push_back({{"value", name},
                        {"label", session.text(context, "automation_state_" + name)},
                        {"count", page.by_state.at(name)},
                        {"selected", filter->state == name}});
    }
    boost::json::array kinds;
    for (std::string kind : kOutboxKinds) {
      kinds.push_back({{"value", kind},
                       {"label", session.text(context, "automation_kind_" + kind)},
                       {"selected", filter->kind == kind}});
    }
    const std::int64_t pages =
        std::max<std::int64_t>(1, (page.total + filter->per_page - 1) / filter->per_page);
    const std::string base = "/c/" + community.slug + "/automation?" + query_string(filter.value());
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        context, error_text.empty() ? 200 : 400, "automation/queue",
        {{"community", communities::community_json(community)},
         {"rows", rows},
         {"empty", rows.empty()},
         {"states", states},
         {"kinds", kinds},
         {"any_state", !filter->state},
         {"any_kind", !filter->kind},
         {"done_count", page.by_state.at("done")},
         {"dead_count", page.by_state.at("dead")},
         {"total", page.total},
         {"page", filter->page},
         {"pages", pages},
         {"has_prev", filter->page > 1},
         {"has_next", filter->page < pages},
         {"prev_link", base + "&page=" + std::to_string(filter->page - 1)},
         {"next_link", base + "&page=" + std::to_string(filter->page + 1)},
         {"return_to", base + "&page=" + std::to_string(filter->page)}},
        {.title = session.text(context, "automation_title") + " · " + community.name,
         .notice_key = notice == "retried" || notice == "cancelled" ? "notice_" + notice : "",
         .error_text = error_text});
  });

  for (const std::string action : {"retry", "cancel"}) {
    router.post("/c/{slug}/automation/{id}/" + action, [&session, &automation,
                                                        action](http::Request& request) {
      auto context = session.context(request);
      if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      auto id = accounts::path_id(request, "id");
      if (!id) return session.refuse(context, id.error());
      auto moved = action == "retry"
                       ? automation.retry(context.viewer, request.param("slug"), id.value())
                       : automation.cancel(context.viewer, request.param("slug"), id.value());
      if (!moved) return session.refuse(context, moved.error());
      auto back = form.find("return_to");
      const std::string fallback = "/c/" + request.param("slug") + "/automation?";
      std::string target = accounts::safe_next(
          back == form.end() ? std::nullopt : std::optional<std::string>(back->second), fallback);
      if (!target.starts_with(fallback)) target = fallback;
      return http::Response::redirect(target +
                                      "&notice=" + (action == "retry" ? "retried" : "cancelled"));
    });
  }

  auto render_webhooks = [&](const RequestContext& context, const std::string& slug, int status,
                             const std::string& error_text, const std::string& secret,
                             const std::string& notice) {
    auto listed = automation.webhooks(context.viewer, slug);
    if (!listed) return session.refuse(context, listed.error());
    const auto& [community, endpoints] = listed.value();
    boost::json::array items;
    for (const auto& endpoint : endpoints) {
      boost::json::object item = endpoint_json(endpoint);
      std::string events;
      for (const auto& event : endpoint.events) events += (events.empty() ? "" : ", ") + event;
      item["events_text"] = events;
      item["created"] = format_local(endpoint.created_at, community.time_zone, "%Y-%m-%d");
      items.push_back(item);
    }
    boost::json::array events;
    for (auto event : kWebhookEvents) events.push_back(boost::json::object{{"name", event}});
    return session.page(context, status, "automation/webhooks",
                        {{"community", communities::community_json(community)},
                         {"webhooks", items},
                         {"none", items.empty()},
                         {"events", events},
                         {"secret", secret},
                         {"has_secret", !secret.empty()}},
                        {.title = session.text(context, "webhooks_title") + " · " + community.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };

  router.get("/c/{slug}/automation/webhooks", [&, render_webhooks](http::Request& request) {
    auto context = session.context(request);
    const std::string notice = request.query_param("notice").value_or("");
    return render_webhooks(context, request.param("slug"), 200, "", "",
                           notice == "deleted" ? "notice_webhook_deleted" : "");
  });

  router.post("/c/{slug}/automation/webhooks", [&, render_webhooks](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    // Checkboxes arrive as event_<name>=on; the API takes a list.
    std::string events;
    for (auto event : kWebhookEvents) {
      if (form.count("event_" + std::string(event)))
        events += (events.empty() ? "" : ",") + std::string(event);
    }
    if (form.count("event_all")) events = "*";
    form["events"] = events;
    auto input = endpoint_input(web::Fields(form));
    auto created =
        input ? automation.add_webhook(context.viewer, request.param("slug"), input.value())
              : Result<std::pair<WebhookEndpoint, std::string>>(input.error());
    if (!created) {
      if (created.error().http_status == 401 || created.error().http_status == 403 ||
          created.error().http_status == 404)
        return session.refuse(context, created.error());
      return render_webhooks(context, request.param("slug"), created.error().http_status,
                             session.error_text(context, created.error()), "", "");
    }
    return render_webhooks(context, request.param("slug"), 201, "", created->second,
                           "notice_saved");
  });

  router.post("/c/{slug}/automation/webhooks/{id}/delete", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "id");
    if (!id) return session.refuse(context, id.error());
    auto removed = automation.remove_webhook(context.viewer, request.param("slug"), id.value());
    if (!removed) return session.refuse(context, removed.error());
    return http::Response::redirect("/c/" + request.param("slug") +
                                    "/automation/webhooks?notice=deleted");
  });

  // The link in List-Unsubscribe. The token is the secret, so the one-click
  // POST of RFC 8058 (sent by mail clients, without our form token) is
  // accepted; the page's own form carries _csrf as every form does.
  router.get("/unsubscribe", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string token = request.query_param("token").value_or("");
    auto address = automation.unsubscribe_address(token);
    if (!address) return session.refuse(context, address.error());
    return session.page(context, address->has_value() ? 200 : 404, "automation/unsubscribe",
                        {{"token", token},
                         {"address", address->value_or("")},
                         {"known", address->has_value()},
                         {"done", false}},
                        {.title = session.text(context, "unsubscribe_title")});
  });

  router.post("/unsubscribe", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    const bool one_click = form.count("List-Unsubscribe") > 0;
    if (!one_click && !session.csrf_ok(context, form)) return csrf_refused(session, context);
    std::string token = request.query_param("token").value_or("");
    if (auto field = form.find("token"); field != form.end()) token = field->second;
    auto done = automation.unsubscribe(token);
    if (!done) return session.refuse(context, done.error());
    if (one_click)
      return http::Response::text(done.value() ? 200 : 404,
                                  done.value() ? "unsubscribed\n" : "unknown link\n");
    return session.page(
        context, done.value() ? 200 : 404, "automation/unsubscribe",
        {{"token", ""}, {"address", ""}, {"known", done.value()}, {"done", done.value()}},
        {.title = session.text(context, "unsubscribe_title")});
  });
}

}  // namespace moim::automation
