// Delivers "notion" outbox rows: creates or updates a project's page in the
// community's Notion database (in its data source: API 2025-09-03), or
// moves it to the trash. A page is created with its body (the first 100
// blocks; the rest follow in append requests of 100); a page in the trash
// is restored in a request of its own before its properties change.
//
// Exactly once without a remote idempotency key: before creating, the
// connector looks the page up — first the page id moim recorded, then a
// database query on the "moim ID" column — so a crash (or a timeout) after
// Notion created the page but before moim recorded it updates that page on
// the next attempt instead of creating a second one (and completes its body
// from the first block it lacks).
//
// 429 waits for Retry-After; 409 conflicts, 5xx and timeouts retry with
// backoff; any other 4xx is permanent with Notion's own message. Once a page
// exists, its builders and members are mailed the link (Notion cannot
// invite people by API), each once per project.
#pragma once

#include "features/integrations/connector.hpp"
#include "features/integrations/notion/notion_client.hpp"
#include "platform/base/clock.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/db/database.hpp"

namespace moim::automation::notion {

class NotionConnector : public Connector {
 public:
  NotionConnector(db::Database& database, const Clock& clock, NotionClient& client,
                  const crypto::SecretBox* secrets);
  std::string_view kind() const override { return "notion"; }
  Delivery deliver(const OutboxRow& row) override;

 private:
  db::Database& database_;
  const Clock& clock_;
  NotionClient& client_;
  const crypto::SecretBox* secrets_;
};

// The idempotency keys of the rows plans enqueue.
std::string upsert_key(std::int64_t project_id, const std::string& hash);
std::string archive_key(std::int64_t project_id, const std::string& page_id);

}  // namespace moim::automation::notion
