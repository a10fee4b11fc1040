// SQLite driver: WAL, foreign keys on, a busy timeout, one writer connection
// and a pool of readers. Statements are prepared once per connection and
// cached by their SQL text.
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "platform/db/change_stamp.hpp"
#include "platform/db/database.hpp"
#include "platform/db/drivers.hpp"
#include "platform/db/pool.hpp"

namespace moim::db {
namespace {

Error sqlite_error(sqlite3* handle, int code, std::string_view context) {
  const int primary = code & 0xff;
  std::string message =
      std::string(context) + ": " + (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(code));
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error{409, std::string(kUniqueViolation), message, {}};
  }
  if (primary == SQLITE_CONSTRAINT) return Error{409, "constraint_violation", message, {}};
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return Error{503, "database_busy", message, {}};
  // The storage itself failed (disk error, disk full, file gone or read-only):
  // an outage to retry later, not a bug in the request.
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_READONLY)
    return Error{503, "database_unavailable", message, {}};
  return Error::internal(message);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* handle) : handle_(handle) {}
  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(handle_);
  }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    auto statement = prepare(sql, params);
    if (!statement) return statement.error();
    sqlite3_stmt* stmt = statement.value();
    Rows rows;
    const int columns = sqlite3_column_count(stmt);
    for (;;) {
      const int step = sqlite3_step(stmt);
      if (step == SQLITE_DONE) break;
      if (step != SQLITE_ROW) {
        Error error = sqlite_error(handle_, sqlite3_extended_errcode(handle_), "query");
        sqlite3_reset(stmt);
        return error;
      }
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int column_idx = 0; column_idx < columns; ++column_idx) {
        switch (sqlite3_column_type(stmt, column_idx)) {
          case SQLITE_INTEGER:
            cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, column_idx)));
            break;
          case SQLITE_FLOAT:
            cells.emplace_back(sqlite3_column_double(stmt, column_idx));
            break;
          case SQLITE_NULL:
            cells.emplace_back(std::monostate{});
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column_idx));
            cells.emplace_back(std::string(text, sqlite3_column_bytes(stmt, column_idx)));
          }
        }
      }
      rows.emplace_back(std::move(cells));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    auto rows = query(sql, params);
    if (!rows) return rows.error();
    return static_cast<std::int64_t>(sqlite3_changes64(handle_));
  }

  Status execute_script(std::string_view sql) override {
    if (is_transaction_control(sql)) return step_cached(sql);
    char* message = nullptr;
    const int code = sqlite3_exec(handle_, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errstr(code);
      sqlite3_free(message);
      return sqlite_error(nullptr, sqlite3_extended_errcode(handle_), text);
    }
    return ok_status();
  }

 private:
  // BEGIN, COMMIT and ROLLBACK run around every request's queries: prepared
  // once and kept like any other statement instead of being parsed again by
  // sqlite3_exec each time.
  static bool is_transaction_control(std::string_view sql) {
    return sql == "BEGIN" || sql == "BEGIN IMMEDIATE" || sql == "COMMIT" || sql == "ROLLBACK";
  }

  Status step_cached(std::string_view sql) {
    auto statement = prepare(sql, {});
    if (!statement) return statement.error();
    const int code = sqlite3_step(statement.value());
    if (code == SQLITE_DONE) {
      sqlite3_reset(statement.value());
      return ok_status();
    }
    // The same error sqlite3_exec would have given.
    const int extended = sqlite3_extended_errcode(handle_);
    Error error = sqlite_error(nullptr, extended, sqlite3_errmsg(handle_));
    sqlite3_reset(statement.value());
    return error;
  }

  Result<sqlite3_stmt*> prepare(std::string_view sql, std::span<const Value> params) {
    auto [found, inserted] = statements_.try_emplace(std::string(sql), nullptr);
    if (inserted) {
      const int code = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &found->second, nullptr);
      if (code != SQLITE_OK) {
        Error error = sqlite_error(handle_, code, "prepare");
        statements_.erase(found);
        return error;
      }
    }
    sqlite3_stmt* stmt = found->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Error::internal("statement expects " +
                             std::to_string(sqlite3_bind_parameter_count(stmt)) +
                             " parameters, got " + std::to_string(params.size()));
    }
    for (std::size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
      const int position = static_cast<int>(param_idx) + 1;
      const Value& value = params[param_idx];
      int code = SQLITE_OK;
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        code = sqlite3_bind_int64(stmt, position, *number);
      } else if (const auto* real_value = std::get_if<double>(&value)) {
        code = sqlite3_bind_double(stmt, position, *real_value);
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        code = sqlite3_bind_text64(stmt, position, text->data(), text->size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
      } else {
        code = sqlite3_bind_null(stmt, position);
      }
      if (code != SQLITE_OK) return sqlite_error(handle_, code, "bind");
    }
    return stmt;
  }

  sqlite3* handle_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

Result<std::unique_ptr<Connection>> open_sqlite_connection(const std::string& path, bool read_only,
                                                           const Options& options) {
  sqlite3* handle = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  const int code = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (code != SQLITE_OK) {
    Error error = Error::internal("cannot open sqlite database " + path + ": " +
                                  (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(code)));
    sqlite3_close_v2(handle);
    return error;
  }
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  auto connection = std::make_unique<SqliteConnection>(handle);
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
  if (!read_only) pragmas += "PRAGMA journal_mode=WAL;";
  if (auto status = connection->execute_script(pragmas); !status) return status.error();
  return std::unique_ptr<Connection>(std::move(connection));
}

// The WAL-index header of a database file, mapped read-only (change_stamp.hpp).
//
// SQLite deletes the -shm file when the last connection of every process
// closes, and truncates it when a connection finds no other using it; the
// next connection then makes a new one this mapping would not see (or a
// truncated one it must not touch). The stamp therefore holds a connection
// of its own that has read once: while it is open, some connection uses the
// -shm file and SQLite neither deletes nor truncates it, whatever the pools
// and other processes do. A read is then two copies of 48 bytes, no call
// into the kernel.
class WalIndexStamp final : public ChangeStamp {
 public:
  static std::unique_ptr<ChangeStamp> open(const std::string& database_path) {
    sqlite3* holder = nullptr;
    if (sqlite3_open_v2(database_path.c_str(), &holder, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK ||
        // A read maps the -shm file and takes this connection's share of it.
        sqlite3_exec(holder, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
            SQLITE_OK) {
      sqlite3_close_v2(holder);
      return nullptr;
    }
    const std::string path = database_path + "-shm";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    void* map = MAP_FAILED;
    if (fd >= 0 && ::fstat(fd, &info) == 0 && info.st_size >= static_cast<off_t>(kHeaderBytes))
      map = ::mmap(nullptr, kHeaderBytes, PROT_READ, MAP_SHARED, fd, 0);
    if (fd >= 0) ::close(fd);  // the mapping stays
    if (map == MAP_FAILED) {
      sqlite3_close_v2(holder);
      return nullptr;
    }
    return std::unique_ptr<ChangeStamp>(
        new WalIndexStamp(holder, static_cast<const unsigned char*>(map)));
  }
  ~WalIndexStamp() override {
    ::munmap(const_cast<unsigned char*>(header_), kHeaderBytes);
    sqlite3_close_v2(holder_);
  }

  std::optional<Stamp> read() const override {
    Stamp first, second;
    const auto* copies = reinterpret_cast<const volatile unsigned char*>(header_);
    for (std::size_t i = 0; i < first.size(); ++i) first[i] = copies[i];
    std::atomic_thread_fence(std::memory_order_acquire);
    for (std::size_t i = 0; i < second.size(); ++i) second[i] = copies[second.size() + i];
    if (first != second) return std::nullopt;
    return first;
  }

 private:
  static constexpr std::size_t kHeaderBytes = 2 * sizeof(Stamp);
  WalIndexStamp(sqlite3* holder, const unsigned char* header) : holder_(holder), header_(header) {}
  sqlite3* const holder_;  // keeps the -shm file in use (see above)
  const unsigned char* header_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const Options& options, bool in_memory)
      : path_(path),
        writer_([path, options] { return open_sqlite_connection(path, false, options); }, 1,
                options.acquire_timeout_ms),
        readers_([path, options] { return open_sqlite_connection(path, true, options); },
                 options.pool_size, options.acquire_timeout_ms),
        in_memory_(in_memory) {}

  Result<Transaction> write() override { return begin(writer_, "BEGIN IMMEDIATE"); }
  // An in-memory database exists only inside its one connection, so readers
  // share the writer there.
  Result<Transaction> read() override { return begin(in_memory_ ? writer_ : readers_, "BEGIN"); }
  Dialect dialect() const override { return Dialect::kSqlite; }
  PoolStats stats() const override {
    PoolStats writer = writer_.stats();
    PoolStats readers = readers_.stats();
    return {writer.connections_total + readers.connections_total,
            writer.connections_in_use + readers.connections_in_use, writer.waits + readers.waits,
            writer_.busy_seconds()};
  }

  // A URI names its file in its own way; the stamp only reads plain paths.
  std::unique_ptr<ChangeStamp> change_stamp() const {
    if (in_memory_ || path_.starts_with("file:")) return nullptr;
    return WalIndexStamp::open(path_);
  }

  Status initialise() {
    // Create the file and switch it to WAL before any reader opens it.
    auto transaction = write();
    if (!transaction) return transaction.error();
    return transaction->commit();
  }

 private:
  Result<Transaction> begin(ConnectionPool& pool, const char* begin_sql) {
    auto lease = pool.acquire();
    if (!lease) return lease.error();
    if (auto status = lease.value()->connection().execute_script(begin_sql); !status) {
      return status.error();
    }
    return Transaction(std::move(lease.value()), Dialect::kSqlite);
  }

  std::string path_;
  ConnectionPool writer_;
  ConnectionPool readers_;
  bool in_memory_;
};

}  // namespace

std::unique_ptr<ChangeStamp> change_stamp(Database& database) {
  const auto* sqlite = dynamic_cast<const SqliteDatabase*>(&database);
  return sqlite ? sqlite->change_stamp() : nullptr;
}

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const Options& options) {
  const bool in_memory = path == ":memory:";
  auto database = std::make_unique<SqliteDatabase>(path, options, in_memory);
  if (auto status = database->initialise(); !status) return status.error();
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace moim::db
