// Adding and removing a community's webhook endpoints with a hook run in the
// same transaction as the change: the integrations room writes the audit
// entry there (issue #16, "every organizer action is recorded"). The hook is
// given the endpoint as stored; what it records is the host only
// (webhook_host), never the secret or the whole URL, which may carry a token.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/outbox/webhook_events.hpp"

namespace moim::outbox {

using EndpointChanged = std::function<Status(db::Transaction&, const WebhookEndpoint&)>;

Result<std::pair<WebhookEndpoint, std::string>> create_endpoint(
    db::Database& database, std::int64_t community_id, std::int64_t created_by,
    const NewEndpoint& input, const AddressPolicy& policy, std::int64_t now,
    const EndpointChanged& on_added);
// 404 when the community has no such endpoint.
Status delete_endpoint(db::Database& database, std::int64_t community_id, std::int64_t id,
                       const EndpointChanged& on_removed);

// The host of an endpoint's URL ("hooks.example.com"), "" when it has none.
std::string webhook_host(std::string_view url);

}  // namespace moim::outbox
