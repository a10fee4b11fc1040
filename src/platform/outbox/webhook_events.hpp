// Webhook events: organizers register endpoints per community for events;
// each event becomes one outbox row per subscribed endpoint, in the
// transaction of the change that caused it. Any room emits through here
// (rooms above communities through communities::emit_community_event, which
// knows the community's slug); the webhook connector
// (features/integrations/webhooks) signs and posts the rows.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/outbox/webhook_address.hpp"

namespace moim::outbox {

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

// The community an event happened in, as the webhook body names it.
struct EventCommunity {
  std::int64_t id = 0;
  std::string slug;
};

// Writes one outbox row per active endpoint of the community subscribed to
// `event`, inside the caller's transaction. No endpoints: nothing written.
Status emit_event(db::Transaction& transaction, const EventCommunity& community,
                  std::string_view event, const boost::json::object& data, std::int64_t now);

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

}  // namespace moim::outbox
