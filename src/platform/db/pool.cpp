#include "platform/db/pool.hpp"

namespace moim::db {

ConnectionLease::~ConnectionLease() {
  if (pool_ != nullptr)
    pool_->give_back(std::move(connection_), discarded_,
                     std::chrono::steady_clock::now() - leased_at_);
}

Result<std::unique_ptr<ConnectionLease>> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  bool waited = false;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(acquire_timeout_ms_);
  while (idle_.empty() && open_ >= size_) {
    waited = true;
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= size_) {
      ++waits_;
      return Error{503, "database_busy", "all database connections are busy", {}};
    }
  }
  if (waited) ++waits_;
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    ++leased_;
    return std::make_unique<ConnectionLease>(this, std::move(connection));
  }
  // Open a new connection outside the lock: it may take a network round trip.
  ++open_;
  ++leased_;
  lock.unlock();
  auto created = factory_();
  if (!created) {
    lock.lock();
    --open_;
    --leased_;
    available_.notify_one();
    return created.error();
  }
  return std::make_unique<ConnectionLease>(this, std::move(created.value()));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection, bool discarded,
                               std::chrono::steady_clock::duration held) {
  std::lock_guard lock(mutex_);
  --leased_;
  busy_ += held;
  if (discarded || connection == nullptr) {
    --open_;
  } else {
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{open_, leased_, waits_};
}

double ConnectionPool::busy_seconds() const {
  std::lock_guard lock(mutex_);
  return std::chrono::duration<double>(busy_).count();
}

}  // namespace moim::db
