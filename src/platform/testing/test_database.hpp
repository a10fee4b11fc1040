// Fresh, migrated databases for tests: always SQLite, and PostgreSQL when
// MOIM_TEST_POSTGRES_URL names a server (scripts/test.sh starts one). With
// MOIM_TEST_REQUIRE_POSTGRES=1 a missing URL fails instead of skipping, so CI
// can never silently test one database only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace moim::testing {

struct DatabaseKind {
  std::string name;  // "sqlite" or "postgres", used in test names
};

// The kinds to run database tests on in this environment.
std::vector<DatabaseKind> database_kinds();

// A new empty database of that kind (an SQLite temp file, or a PostgreSQL
// schema of its own), removed on destruction. migrate() applies migrations.
class TestDatabase {
 public:
  explicit TestDatabase(const std::string& kind, bool migrate = true);
  ~TestDatabase();
  db::Database& database() { return *database_; }
  const std::string& url() const { return url_; }

 private:
  std::string kind_;
  std::string url_;
  std::string cleanup_;  // file path or schema name
  std::unique_ptr<db::Database> database_;
};

// A unique suffix for names made by tests (schemas, files, emails).
std::string unique_suffix();

}  // namespace moim::testing
