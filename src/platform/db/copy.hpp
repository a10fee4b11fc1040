// Moving an installation from SQLite to PostgreSQL (`moim copy`), and the
// per-table fingerprints that prove two databases hold the same data (the
// copy checks itself with them; the backup tests compare a restore with its
// original the same way).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace moim::db {

// One table's rows, counted and summed up: the checksum is the sum of a
// BLAKE2b digest of every row (columns by name, values in a form both
// databases agree on), so it does not depend on row order, column order or
// how a driver happens to return an integer.
struct TableFingerprint {
  std::string table;
  std::int64_t rows = 0;
  std::string checksum;  // 64 hex digits
  friend bool operator==(const TableFingerprint&, const TableFingerprint&) = default;
};

// Every table of the database (of the current schema on PostgreSQL), by name.
Result<std::vector<TableFingerprint>> fingerprints(Database& database);

struct CopyProgress {
  std::string table;
  std::int64_t rows = 0;
};

struct CopyReport {
  std::vector<TableFingerprint> tables;  // as verified in the target, by name
  std::int64_t rows = 0;
  int identities_advanced = 0;  // identity sequences set past the highest id
};

// Copies every row of `source` (an SQLite database at this binary's schema
// version) into `target` (PostgreSQL; migrated here when it is not yet) in one
// transaction, then checks the row count and checksum of every table before
// committing. Refuses a target holding any row. Nothing is written to the
// target when anything fails (its migrations excepted).
Result<CopyReport> copy_database(Database& source, Database& target,
                                 const std::function<void(const CopyProgress&)>& progress = {});

}  // namespace moim::db
