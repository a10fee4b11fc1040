// The webhook connector: posts the rows that outbox::emit_event
// (platform/outbox/webhook_events.hpp) wrote for each subscribed endpoint.
//
// Signature (docs/integrations.md): header
//   Moim-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// plus Moim-Event (the event name) and Moim-Delivery (stable across
// retries: receivers drop a delivery id they have seen).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "features/integrations/connector.hpp"
#include "platform/base/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/outbox/webhook_events.hpp"

namespace moim::automation {

// The outbox is the platform's (platform/outbox); integrations use its names.
using namespace outbox;

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
