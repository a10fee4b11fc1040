// A community's Notion connection: the integration token (sealed at rest),
// the database moim writes to, and "test connection", which reads the
// database, adds the columns moim writes that are missing, and reports a
// column of the same name but another type (moim never changes an existing
// column: the organizer may use it for something else).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/automation/notion/notion_client.hpp"
#include "platform/base/error.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/db/database.hpp"

namespace moim::automation::notion {

struct Connection {
  std::int64_t community_id = 0;
  std::string token_sealed;
  std::string database_id;
  std::string title_property;  // empty until a test passed
  std::optional<std::int64_t> checked_at;
  std::string check_message;
  std::int64_t updated_at = 0;
};

Result<std::optional<Connection>> find_connection(db::Transaction& transaction,
                                                  std::int64_t community_id);
Result<std::optional<Connection>> find_connection(db::Database& database,
                                                  std::int64_t community_id);

std::string token_context(std::int64_t community_id);
// Error when no key is configured or the sealed value does not open.
Result<std::string> open_token(const crypto::SecretBox* secrets, const Connection& connection);

// "0b1c…" or "0b1c-…" (32 hex digits) or a notion.so link ending in one.
Result<std::string> parse_database_id(const std::string& text);

struct CheckOutcome {
  bool ok = false;
  std::string title_property;
  std::vector<std::string> added;  // columns created by this test
  std::string message;             // for the organizer
};
// Reads the database (GET), adds missing columns (PATCH); changes nothing in moim.
CheckOutcome check_database(NotionClient& client, const std::string& token,
                            const std::string& database_id);
// Stores what a test found.
Status record_check(db::Database& database, std::int64_t community_id, const CheckOutcome& outcome,
                    std::int64_t now);

}  // namespace moim::automation::notion
