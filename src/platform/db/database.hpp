// One database interface, two drivers (SQLite embedded, PostgreSQL through
// libpq). SQL is written once with `?` placeholders and always bound; the
// PostgreSQL driver rewrites them to $1, $2, ... Transactions are scoped: a
// Transaction that is destroyed without commit() rolls back, so a failed
// request leaves nothing behind.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/row.hpp"

namespace moim::db {

enum class Dialect { kSqlite, kPostgres };

// A live connection of one driver. Used by one thread at a time (the pool
// guarantees it).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) = 0;
  // Several statements without parameters (migrations only).
  virtual Status execute_script(std::string_view sql) = 0;
};

class ConnectionLease;  // a connection borrowed from a pool

class Transaction {
 public:
  Transaction(std::unique_ptr<ConnectionLease> lease, Dialect dialect);
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();  // rolls back unless committed

  Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {});
  Result<Rows> query(std::string_view sql, const std::vector<Value>& params);
  // The first row, or nullopt when there is none.
  Result<std::optional<Row>> query_one(std::string_view sql,
                                       std::initializer_list<Value> params = {});
  Result<std::int64_t> execute(std::string_view sql, std::initializer_list<Value> params = {});
  Result<std::int64_t> execute(std::string_view sql, const std::vector<Value>& params);
  Status execute_script(std::string_view sql);
  Status commit();
  Dialect dialect() const { return dialect_; }
  // Runs `action` right after a successful COMMIT, in the order added; a
  // rollback (or a failed COMMIT) drops it. For effects outside the database
  // that must follow only what was committed, such as the live hub's
  // in-process delivery on SQLite (platform/live/hub.hpp).
  void after_commit(std::function<void()> action);

 private:
  std::unique_ptr<ConnectionLease> lease_;
  Dialect dialect_;
  bool finished_ = false;
  std::vector<std::function<void()>> after_commit_;  // run by commit() once it succeeded
};

struct PoolStats {
  int connections_total = 0;
  int connections_in_use = 0;
  std::int64_t waits = 0;  // acquisitions that had to wait for a free connection
  // SQLite: how long its one writer connection has been held, in all. Every
  // write waits for it, so its share of the wall clock is how close the
  // database is to the most writes it can take (0 on PostgreSQL).
  double writer_busy_seconds = 0;
};

struct Options {
  int pool_size = 8;              // readers for SQLite, all connections for PostgreSQL
  int busy_timeout_ms = 5000;     // SQLite: how long a writer waits for the lock
  int acquire_timeout_ms = 5000;  // how long a request waits for a free connection
};

class Database {
 public:
  virtual ~Database() = default;
  // A transaction that may write. SQLite serialises writers (BEGIN IMMEDIATE on
  // the single writer connection); PostgreSQL relies on row locks.
  virtual Result<Transaction> write() = 0;
  // A read-only snapshot.
  virtual Result<Transaction> read() = 0;
  virtual Dialect dialect() const = 0;
  virtual PoolStats stats() const = 0;
  // True when the database answers a trivial query (used by /readyz).
  bool ping();

  // url: "sqlite:PATH", "sqlite::memory:", or "postgresql://..." / "postgres://...".
  static Result<std::unique_ptr<Database>> open(const std::string& url,
                                                const Options& options = {});
};

// A unique-constraint violation from either driver carries this code, so a
// service can turn it into a 409 naming the field.
inline constexpr std::string_view kUniqueViolation = "unique_violation";

}  // namespace moim::db
