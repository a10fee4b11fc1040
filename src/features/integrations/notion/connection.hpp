// A community's Notion connection: the integration token (sealed at rest),
// the database moim writes to, and "test connection", which finds the
// database's data source, adds the columns moim writes that are missing,
// and reports a column of the same name but another type (moim never
// changes an existing column: the organizer may use it for something else).
//
// Since Notion's 2025-09-03 version a database may hold several data
// sources. moim writes to one: the one whose id the organizer pasted
// instead of the database's, else the database's first. The test records
// which, and how many there are, so the settings page can say so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/integrations/notion/notion_client.hpp"
#include "platform/base/error.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/db/database.hpp"

namespace moim::automation::notion {

struct Connection {
  std::int64_t community_id = 0;
  std::string token_sealed;
  std::string database_id;     // as the organizer gave it: a database's or a data source's id
  std::string title_property;  // empty until a test passed
  std::string data_source_id;  // the data source moim writes to; empty until a test passed
  std::string data_source_name;
  std::int64_t data_source_count = 0;  // the database's data sources, seen at the last test
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
  std::string data_source_id;
  std::string data_source_name;
  std::int64_t data_source_count = 0;
  std::vector<std::string> added;  // columns created by this test
  std::string message;             // for the organizer
};
// Reads the database (GET /v1/databases, else GET /v1/data_sources when
// the id is a data source's) and its data source, adds missing columns
// (PATCH /v1/data_sources); changes nothing in moim.
CheckOutcome check_database(NotionClient& client, const std::string& token,
                            const std::string& database_id);
// Stores what a test found.
Status record_check(db::Database& database, std::int64_t community_id, const CheckOutcome& outcome,
                    std::int64_t now);

// The data source to write to. A connection tested before moim spoke
// 2025-09-03 has none recorded: it is tested once more (and what that finds
// is kept), so an upgrade needs nothing from the organizer.
Result<std::string> data_source_of(db::Database& database, NotionClient& client,
                                   const std::string& token, const Connection& connection,
                                   std::int64_t now);

}  // namespace moim::automation::notion
