#include "platform/db/backup.hpp"

#include <sqlite3.h>

#include <filesystem>

namespace moim::db {

Status backup(const std::string& database_url, const std::string& destination_path) {
  if (database_url.starts_with("postgres")) {
    return Error::invalid(
        "database",
        "moim backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/backup.md)");
  }
  if (!database_url.starts_with("sqlite:"))
    return Error::invalid("database", "unknown database URL");
  const std::string source_path = database_url.substr(7);
  if (source_path == ":memory:")
    return Error::invalid("database", "an in-memory database cannot be backed up");
  if (!std::filesystem::exists(source_path))
    return Error::invalid("database", "no database at " + source_path);
  if (destination_path.empty()) return Error::invalid("to", "--to names the backup file");
  if (std::filesystem::exists(destination_path)) {
    return Error::invalid("to", destination_path + " exists already; choose a new file name");
  }
  sqlite3* source = nullptr;
  sqlite3* destination = nullptr;
  auto close_both = [&] {
    sqlite3_close_v2(source);
    sqlite3_close_v2(destination);
  };
  if (sqlite3_open_v2(source_path.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_open_v2(destination_path.c_str(), &destination,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(destination ? destination : source);
    close_both();
    return Error::internal("cannot open for backup: " + message);
  }
  sqlite3_busy_timeout(source, 5000);
  sqlite3_backup* job = sqlite3_backup_init(destination, "main", source, "main");
  if (job == nullptr) {
    std::string message = sqlite3_errmsg(destination);
    close_both();
    return Error::internal("backup failed: " + message);
  }
  // Copy in steps so a busy server is never blocked for long.
  int code = SQLITE_OK;
  do {
    code = sqlite3_backup_step(job, 256);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED);
  sqlite3_backup_finish(job);
  const bool done = code == SQLITE_DONE;
  std::string message = done ? "" : sqlite3_errstr(code);
  close_both();
  if (!done) {
    std::filesystem::remove(destination_path);
    return Error::internal("backup failed: " + message);
  }
  return ok_status();
}

}  // namespace moim::db
