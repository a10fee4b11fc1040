// Online backup of an SQLite database (the SQLite backup API copies a
// consistent snapshot while the server keeps serving). PostgreSQL databases
// are backed up with pg_dump; see docs/backup.md.
#pragma once

#include <string>

#include "platform/base/error.hpp"

namespace moim::db {

Status backup(const std::string& database_url, const std::string& destination_path);

}  // namespace moim::db
