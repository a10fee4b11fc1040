// What organizers do with automation: see a community's queue and its
// summary, retry or cancel a row, and manage webhook endpoints. Only the
// community's organizers and platform admins may; everyone else gets 401
// (anonymous) or 403.
#pragma once

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/integrations/webhooks/webhooks.hpp"
#include "platform/outbox/outbox_store.hpp"

namespace moim::automation {

// The queue and the endpoints are kept by the platform (platform/outbox).
using namespace outbox;

class AutomationService {
 public:
  AutomationService(db::Database& database, const Clock& clock,
                    communities::CommunitiesService& communities, bool allow_http_webhooks);

  Result<std::pair<communities::Community, QueuePage>> queue(const accounts::Viewer& viewer,
                                                             const std::string& slug,
                                                             const QueueFilter& filter);
  Result<OutboxRow> retry(const accounts::Viewer& viewer, const std::string& slug, std::int64_t id);
  Result<OutboxRow> cancel(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t id);

  Result<std::pair<communities::Community, std::vector<WebhookEndpoint>>> webhooks(
      const accounts::Viewer& viewer, const std::string& slug);
  // The endpoint and its signing secret (shown once).
  Result<std::pair<WebhookEndpoint, std::string>> add_webhook(const accounts::Viewer& viewer,
                                                              const std::string& slug,
                                                              const NewEndpoint& input);
  Status remove_webhook(const accounts::Viewer& viewer, const std::string& slug, std::int64_t id);

  // Anyone holding the link's token.
  Result<std::optional<std::string>> unsubscribe_address(const std::string& token);
  Result<bool> unsubscribe(const std::string& token);

 private:
  Result<communities::Community> managed(const accounts::Viewer& viewer, const std::string& slug);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  bool allow_http_webhooks_;
};

Result<QueueFilter> parse_queue_filter(const std::map<std::string, std::string>& query);

}  // namespace moim::automation
