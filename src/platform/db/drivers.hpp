// Driver entry points, used only by Database::open.
#pragma once

#include <memory>
#include <string>

#include "platform/db/database.hpp"

namespace moim::db {

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const Options& options);
Result<std::unique_ptr<Database>> open_postgres(const std::string& conninfo,
                                                const Options& options);

// Rewrites `?` placeholders to PostgreSQL's $1, $2, ... leaving quoted text,
// quoted identifiers and comments alone.
std::string to_postgres_placeholders(std::string_view sql);

}  // namespace moim::db
