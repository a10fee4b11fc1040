// Numbered SQL migrations (migrations/NNNN_name.sql), embedded in the binary
// at build time, applied in order, each inside its own transaction and
// recorded in schema_migrations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"

namespace moim::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations compiled into this binary, in version order.
const std::vector<Migration>& embedded_migrations();

// Replaces the few documented dialect tokens (see migrations/README.md).
std::string render_migration(std::string_view sql, Dialect dialect);

// Applies every migration not yet recorded; returns how many were applied.
Result<int> migrate(Database& database,
                    const std::vector<Migration>& migrations = embedded_migrations());

}  // namespace moim::db
