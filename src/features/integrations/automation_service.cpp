#include "features/integrations/automation_service.hpp"

#include <boost/json/array.hpp>

#include "features/integrations/mail/mail_connector.hpp"
#include "platform/outbox/webhook_endpoint_changes.hpp"
#include "platform/web/input.hpp"

namespace moim::automation {

namespace {

// An organizer's retry or cancel is audited in the transaction that moves
// the row (issue #16): which row, its kind and the state it left; never the
// address or the body.
outbox::RowMoved audit_move(std::int64_t community_id, std::int64_t actor_id, std::string action,
                            std::int64_t now) {
  return [community_id, actor_id, action = std::move(action), now](
             db::Transaction& transaction, const OutboxRow& row, const std::string& from) {
    return communities::write_audit(transaction, community_id, actor_id, action,
                                    std::to_string(row.id), {{"kind", row.kind}, {"from", from}},
                                    now);
  };
}

// Adding or removing a webhook endpoint is audited in its transaction: the
// endpoint's number, its host and events; never the secret or the whole URL
// (a path or query may carry a token).
outbox::EndpointChanged audit_endpoint(std::int64_t community_id, std::int64_t actor_id,
                                       std::string action, std::int64_t now) {
  return [community_id, actor_id, action = std::move(action), now](
             db::Transaction& transaction, const WebhookEndpoint& endpoint) {
    boost::json::array events;
    for (const auto& event : endpoint.events) events.emplace_back(event);
    return communities::write_audit(
        transaction, community_id, actor_id, action, std::to_string(endpoint.id),
        {{"host", outbox::webhook_host(endpoint.url)}, {"events", std::move(events)}}, now);
  };
}

}  // namespace

AutomationService::AutomationService(db::Database& database, const Clock& clock,
                                     communities::CommunitiesService& communities,
                                     bool allow_http_webhooks)
    : database_(database),
      clock_(clock),
      communities_(communities),
      allow_http_webhooks_(allow_http_webhooks) {}

Result<communities::Community> AutomationService::managed(const accounts::Viewer& viewer,
                                                          const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->can_manage()) return Error::forbidden("only organizers see the automation queue");
  return community.value();
}

Result<std::pair<communities::Community, QueuePage>> AutomationService::queue(
    const accounts::Viewer& viewer, const std::string& slug, const QueueFilter& filter) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto page = list_queue(database_, community->id, filter);
  if (!page) return page.error();
  return std::pair{community.value(), std::move(page.value())};
}

Result<OutboxRow> AutomationService::retry(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t id) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  return retry_row(database_, community->id, id, clock_.now_seconds(),
                   audit_move(community->id, viewer.user_id(), "community.outbox_retried",
                              clock_.now_seconds()));
}

Result<OutboxRow> AutomationService::cancel(const accounts::Viewer& viewer, const std::string& slug,
                                            std::int64_t id) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  return cancel_row(database_, community->id, id, clock_.now_seconds(),
                    audit_move(community->id, viewer.user_id(), "community.outbox_cancelled",
                               clock_.now_seconds()));
}

Result<std::pair<communities::Community, std::vector<WebhookEndpoint>>> AutomationService::webhooks(
    const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto endpoints = list_endpoints(database_, community->id);
  if (!endpoints) return endpoints.error();
  return std::pair{community.value(), std::move(endpoints.value())};
}

Result<std::pair<WebhookEndpoint, std::string>> AutomationService::add_webhook(
    const accounts::Viewer& viewer, const std::string& slug, const NewEndpoint& input) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  const AddressPolicy policy{.allow_local = allow_http_webhooks_};
  const std::int64_t now = clock_.now_seconds();
  return outbox::create_endpoint(
      database_, community->id, viewer.user_id(), input, policy, now,
      audit_endpoint(community->id, viewer.user_id(), "community.webhook_added", now));
}

Status AutomationService::remove_webhook(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t id) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  return outbox::delete_endpoint(database_, community->id, id,
                                 audit_endpoint(community->id, viewer.user_id(),
                                                "community.webhook_removed", clock_.now_seconds()));
}

Result<std::optional<std::string>> AutomationService::unsubscribe_address(
    const std::string& token) {
  if (token.empty() || token.size() > 100) return std::optional<std::string>{};
  return automation::unsubscribe_address(database_, token);
}

Result<bool> AutomationService::unsubscribe(const std::string& token) {
  if (token.empty() || token.size() > 100) return false;
  return automation::unsubscribe(database_, token, clock_.now_seconds());
}

Result<QueueFilter> parse_queue_filter(const std::map<std::string, std::string>& query) {
  QueueFilter filter;
  web::Fields fields(query);
  if (auto state = query.find("state"); state != query.end() && !state->second.empty()) {
    if (!is_outbox_state(state->second))
      return Error::invalid(
          "state", "state must be one of pending, delivering, done, failed, dead, cancelled");
    filter.state = state->second;
  }
  if (auto kind = query.find("kind"); kind != query.end() && !kind->second.empty()) {
    if (kind->second.size() > 30) return Error::invalid("kind", "kind is at most 30 characters");
    filter.kind = kind->second;
  }
  auto page = fields.optional_integer("page", 1, 100000);
  if (!page) return page.error();
  filter.page = static_cast<int>(page->value_or(1));
  auto per_page = fields.optional_integer("per_page", 1, 200);
  if (!per_page) return per_page.error();
  filter.per_page = static_cast<int>(per_page->value_or(50));
  return filter;
}

}  // namespace moim::automation
