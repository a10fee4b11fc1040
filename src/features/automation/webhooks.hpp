// Webhooks: organizers register endpoints per community for events; each
// event becomes one outbox row per subscribed endpoint, in the transaction
// of the change that caused it. The connector signs and posts it.
//
// Signature (docs/integrations.md): header
//   Moim-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// plus Moim-Event (the event name) and Moim-Delivery (stable across
// retries: receivers drop a delivery id they have seen).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/automation/connector.hpp"
#include "features/automation/webhook_address.hpp"
#include "platform/base/clock.hpp"
#include "platform/db/database.hpp"

namespace moim::automation {

inline constexpr std::string_view kWebhookEvents[] = {
    "application.submitted", "allocation.published", "member.placed", "member.dropped",
    "member.completed",      "event.registered",     "member.joined", "member.stage_changed"};
inline constexpr std::size_t kWebhookEventsCount = std::size(kWebhookEvents);
bool is_webhook_event(std::string_view name);

struct WebhookEndpoint {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string url;
  std::vector<std::string> events;  // or {"*"}
  std::string description;
  bool active = true;
  std::int64_t created_at = 0;
};

// Writes one outbox row per active endpoint of the community subscribed to
// `event`, inside the caller's transaction. No endpoints: nothing written.
Status emit_event(db::Transaction& transaction, std::int64_t community_id, std::string_view event,
                  const boost::json::object& data, std::int64_t now);

// The store (callers authorize).
inline constexpr std::size_t kMaxEndpointsPerCommunity = 20;
inline constexpr std::size_t kMaxUrlChars = 500;
Result<std::vector<WebhookEndpoint>> list_endpoints(db::Database& database,
                                                    std::int64_t community_id);
struct NewEndpoint {
  std::string url;
  std::vector<std::string> events;
  std::string description;
};
// Checks the event names and the URL (https to a public address; see
// webhook_address.hpp — the DNS look-up comes last, after the cheap checks);
// returns the endpoint and its secret, which is shown this once.
Result<std::pair<WebhookEndpoint, std::string>> create_endpoint(
    db::Database& database, std::int64_t community_id, std::int64_t created_by,
    const NewEndpoint& input, const AddressPolicy& policy, std::int64_t now);
Status delete_endpoint(db::Database& database, std::int64_t community_id, std::int64_t id);

// "t=...,v1=..." for a body sent at `timestamp`.
std::string webhook_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view body);

struct WebhookOptions {
  bool allow_http = false;  // and loopback/private hosts: tests and local stand-ins only
  int timeout_ms = 10'000;
  Resolver resolve = system_resolver();  // a fresh answer at every delivery
};

class WebhookConnector : public Connector {
 public:
  WebhookConnector(db::Database& database, const Clock& clock, WebhookOptions options);
  std::string_view kind() const override { return "webhook"; }
  Delivery deliver(const OutboxRow& row) override;

 private:
  db::Database& database_;
  const Clock& clock_;
  WebhookOptions options_;
};

}  // namespace moim::automation
