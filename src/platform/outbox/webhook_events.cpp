#include "platform/outbox/webhook_events.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhook_endpoint_changes.hpp"

namespace moim::outbox {

namespace {

std::vector<std::string> split_events(const std::string& text) {
  std::vector<std::string> events;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) events.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return events;
}

std::string join_events(const std::vector<std::string>& events) {
  std::string out;
  for (const auto& event : events) out += (out.empty() ? "" : ",") + event;
  return out;
}

WebhookEndpoint endpoint_from(const db::Row& row) {
  return {row.int64(0), row.int64(1),   row.text(2), split_events(row.text(3)),
          row.text(4),  row.boolean(5), row.int64(6)};
}

constexpr const char* kEndpointColumns =
    "id, community_id, url, events, description, active, created_at";

}  // namespace

bool is_webhook_event(std::string_view name) {
  return std::find(std::begin(kWebhookEvents), std::end(kWebhookEvents), name) !=
         std::end(kWebhookEvents);
}

Status emit_event(db::Transaction& transaction, const EventCommunity& community,
                  std::string_view event, const boost::json::object& data, std::int64_t now) {
  const std::int64_t community_id = community.id;
  auto rows = transaction.query(
      "SELECT id, url, events FROM webhook_endpoints WHERE community_id = ? AND active = 1",
      {community_id});
  if (!rows) return rows.error();
  if (rows->empty()) return ok_status();
  // One id per event, shared by its deliveries to every endpoint.
  const std::string event_id = "evt_" + crypto::random_token(12);
  for (const auto& row : rows.value()) {
    const auto events = split_events(row.text(2));
    if (std::find(events.begin(), events.end(), "*") == events.end() &&
        std::find(events.begin(), events.end(), event) == events.end()) {
      continue;
    }
    const std::string delivery_id = event_id + "_" + std::to_string(row.int64(0));
    const boost::json::object body{{"id", delivery_id},
                                   {"event", event},
                                   {"community", {{"id", community_id}, {"slug", community.slug}}},
                                   {"occurred_at", now},
                                   {"data", data}};
    OutboxMessage message{.kind = "webhook",
                          .target = row.text(1),
                          .payload = {{"endpoint_id", row.int64(0)},
                                      {"event", event},
                                      {"body", boost::json::serialize(body)}},
                          .idempotency_key = "webhook:" + delivery_id,
                          .community_id = community_id};
    if (auto status = enqueue(transaction, message, now); !status) return status;
  }
  return ok_status();
}

Result<std::vector<WebhookEndpoint>> list_endpoints(db::Database& database,
                                                    std::int64_t community_id) {
  auto transaction = database.read();
  if (!transaction) return transaction.error();
  auto rows = transaction->query(std::string("SELECT ") + kEndpointColumns +
                                     " FROM webhook_endpoints WHERE community_id = ? ORDER BY id",
                                 {community_id});
  if (!rows) return rows.error();
  std::vector<WebhookEndpoint> endpoints;
  for (const auto& row : rows.value()) endpoints.push_back(endpoint_from(row));
  return endpoints;
}

Result<std::pair<WebhookEndpoint, std::string>> create_endpoint(
    db::Database& database, std::int64_t community_id, std::int64_t created_by,
    const NewEndpoint& input, const AddressPolicy& policy, std::int64_t now) {
  return create_endpoint(database, community_id, created_by, input, policy, now, {});
}

Result<std::pair<WebhookEndpoint, std::string>> create_endpoint(
    db::Database& database, std::int64_t community_id, std::int64_t created_by,
    const NewEndpoint& input, const AddressPolicy& policy, std::int64_t now,
    const EndpointChanged& on_added) {
  if (input.url.size() > kMaxUrlChars)
    return Error::invalid("url",
                          "url must be at most " + std::to_string(kMaxUrlChars) + " characters");
  const bool https = input.url.starts_with("https://");
  const bool http = input.url.starts_with("http://");
  if (!https && !(http && policy.allow_local))
    return Error::invalid("url", "url must start with https://");
  if (input.events.empty()) return Error::invalid("events", "choose at least one event");
  for (const auto& event : input.events) {
    if (event != "*" && !is_webhook_event(event))
      return Error::invalid("events", "unknown event '" + event + "'");
  }
  if (input.description.size() > 200)
    return Error::invalid("description", "description must be at most 200 characters");
  // Last, as it may ask DNS: the host must be (and resolve to) public addresses only.
  if (auto checked = check_webhook_url(input.url, policy); !checked) return checked.error();
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto count = transaction->query_one(
      "SELECT COUNT(*) FROM webhook_endpoints WHERE community_id = ?", {community_id});
  if (!count) return count.error();
  if (static_cast<std::size_t>((*count)->int64(0)) >= kMaxEndpointsPerCommunity)
    return Error::conflict("url", "a community has at most " +
                                      std::to_string(kMaxEndpointsPerCommunity) + " endpoints");
  const std::string secret = "whsec_" + crypto::random_token(24);
  auto row = transaction->query_one(
      std::string("INSERT INTO webhook_endpoints (community_id, url, secret, events, description, "
                  "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ") +
          kEndpointColumns,
      {community_id, input.url, secret, join_events(input.events), input.description,
       created_by > 0 ? db::Value{created_by} : db::null(), now});
  if (!row) return row.error();
  WebhookEndpoint endpoint = endpoint_from(**row);
  if (on_added) {
    if (auto status = on_added(*transaction, endpoint); !status) return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return std::pair{endpoint, secret};
}

Status delete_endpoint(db::Database& database, std::int64_t community_id, std::int64_t id) {
  return delete_endpoint(database, community_id, id, {});
}

Status delete_endpoint(db::Database& database, std::int64_t community_id, std::int64_t id,
                       const EndpointChanged& on_removed) {
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto deleted = transaction->query_one(
      std::string("DELETE FROM webhook_endpoints WHERE id = ? AND community_id = ? RETURNING ") +
          kEndpointColumns,
      {id, community_id});
  if (!deleted) return deleted.error();
  if (!deleted->has_value()) return Error::not_found("no such webhook endpoint in this community");
  if (on_removed) {
    if (auto status = on_removed(*transaction, endpoint_from(**deleted)); !status) return status;
  }
  return transaction->commit();
}

std::string webhook_host(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "";
  return std::string(parsed->host());
}

}  // namespace moim::outbox
