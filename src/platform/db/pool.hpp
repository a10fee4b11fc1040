// A fixed-size pool of connections. A lease returns its connection on
// destruction; a broken connection can be marked so the pool replaces it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/db/database.hpp"

namespace moim::db {

class ConnectionPool;

class ConnectionLease {
 public:
  ConnectionLease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
      : pool_(pool),
        connection_(std::move(connection)),
        leased_at_(std::chrono::steady_clock::now()) {}
  ~ConnectionLease();
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;
  Connection& connection() { return *connection_; }
  // Drop the connection instead of returning it (after a failed rollback).
  void discard() { discarded_ = true; }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> connection_;
  std::chrono::steady_clock::time_point leased_at_;
  bool discarded_ = false;
};

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  ConnectionPool(Factory factory, int size, int acquire_timeout_ms)
      : factory_(std::move(factory)), size_(size), acquire_timeout_ms_(acquire_timeout_ms) {}

  Result<std::unique_ptr<ConnectionLease>> acquire();
  // connections_total, connections_in_use, waits; busy_seconds() apart.
  PoolStats stats() const;
  // How long connections have been leased, summed over all leases.
  double busy_seconds() const;

 private:
  friend class ConnectionLease;
  void give_back(std::unique_ptr<Connection> connection, bool discarded,
                 std::chrono::steady_clock::duration held);

  Factory factory_;
  const int size_;
  const int acquire_timeout_ms_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  int open_ = 0;                                   // guarded by mutex_: idle + leased
  int leased_ = 0;                                 // guarded by mutex_
  std::int64_t waits_ = 0;                         // guarded by mutex_
  std::chrono::steady_clock::duration busy_{};     // guarded by mutex_
};

}  // namespace moim::db
