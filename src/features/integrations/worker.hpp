// The outbox worker: delivers due rows through their connectors, a bounded
// number at a time per connector, retrying with backoff and burying a row
// as dead after max_attempts. Runs inside `moim serve` (a background
// thread started and stopped with the server) or alone as `moim worker`.
//
// Exactly once, and its limit: a row is claimed (state delivering, attempt
// counted) in one committed transaction before the connector acts, and
// recorded (done/failed/dead) in another after. A crash in between leaves
// the row delivering; the next leader finds it, counts it as interrupted
// and delivers it again with the same idempotency key (a mail keeps its
// Message-ID, a webhook its Moim-Delivery id). So the effect is exactly
// once except in that window, where it is at least once and marked.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "features/integrations/backoff.hpp"
#include "features/integrations/connector.hpp"
#include "features/integrations/leadership.hpp"
#include "platform/base/clock.hpp"
#include "platform/db/database.hpp"

namespace moim::automation {

struct WorkerOptions {
  int concurrency = 4;  // threads per connector
  int max_attempts = 8;
  BackoffPolicy backoff;
  int poll_ms = 1000;
};

struct WorkerCounters {
  std::int64_t delivered = 0;
  std::int64_t retried = 0;
  std::int64_t dead = 0;
  std::int64_t cancelled = 0;
  std::int64_t recovered = 0;  // interrupted rows found on taking the lead
};

class Worker {
 public:
  Worker(db::Database& database, const Clock& clock, WorkerOptions options,
         std::unique_ptr<Leadership> leadership);
  ~Worker();  // stops
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Before start(): one connector per kind. Rows of kinds without a
  // connector wait (e.g. email while no SMTP server is configured).
  void add_connector(std::unique_ptr<Connector> connector);
  // Before start(): a job the leader runs every `every` (closing coffee-chat
  // rounds, deadline reminders). Only the leading instance runs jobs, so on
  // PostgreSQL with several instances each runs once; a job's own writes must
  // be idempotent (they are: each writes outbox rows with idempotency keys).
  void add_periodic_job(std::string name, std::chrono::seconds every, std::function<void()> job);
  void start();
  // Stops claiming, lets deliveries in flight finish and record, joins.
  void stop();
  // Wakes idle delivery threads (after an enqueue in this process).
  void notify();

  // Tests and tools without threads: take the lead if free, then deliver
  // everything due now, one row at a time. Returns rows handled.
  int drain_once();
  bool leading() const { return leading_.load(); }
  WorkerCounters counters() const;

 private:
  void lead_loop();
  void run_due_jobs();
  void delivery_loop(Connector* connector);
  // One claimed-or-not step; false when nothing was due.
  bool deliver_one(Connector& connector);
  bool become_leader();
  void wait_idle(std::chrono::milliseconds duration);

  db::Database& database_;
  const Clock& clock_;
  const WorkerOptions options_;
  std::unique_ptr<Leadership> leadership_;  // used by the lead thread only (or drain_once)
  std::vector<std::unique_ptr<Connector>> connectors_;
  struct PeriodicJob {
    std::string name;
    std::chrono::seconds every;
    std::function<void()> run;
    std::chrono::steady_clock::time_point next{};  // used by the lead thread only
  };
  std::vector<PeriodicJob> jobs_;
  std::vector<std::thread> threads_;
  std::atomic<bool> running_{false};
  std::atomic<bool> leading_{false};
  std::mutex mutex_;
  std::condition_variable wake_;       // guarded by mutex_
  std::uint64_t wake_generation_ = 0;  // guarded by mutex_
  mutable std::mutex counters_mutex_;
  WorkerCounters counters_;  // guarded by counters_mutex_
};

}  // namespace moim::automation
