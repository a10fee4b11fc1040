#include "features/integrations/worker.hpp"

#include "platform/log/log.hpp"
#include "platform/outbox/outbox_store.hpp"

namespace moim::automation {

Worker::Worker(db::Database& database, const Clock& clock, WorkerOptions options,
               std::unique_ptr<Leadership> leadership)
    : database_(database), clock_(clock), options_(options), leadership_(std::move(leadership)) {}

Worker::~Worker() { stop(); }

void Worker::add_connector(std::unique_ptr<Connector> connector) {
  connectors_.push_back(std::move(connector));
}

void Worker::start() {
  if (running_.exchange(true)) return;
  threads_.emplace_back([this] { lead_loop(); });
  for (auto& connector : connectors_) {
    for (int thread_idx = 0; thread_idx < options_.concurrency; ++thread_idx) {
      threads_.emplace_back([this, raw = connector.get()] { delivery_loop(raw); });
    }
  }
  std::string kinds;
  for (const auto& connector : connectors_) {
    if (!kinds.empty()) kinds += ",";
    kinds += connector->kind();
  }
  log::info("outbox_worker_started", {{"connectors", kinds},
                                      {"concurrency", options_.concurrency},
                                      {"leadership", leadership_->describe()}});
}

void Worker::stop() {
  if (!running_.exchange(false)) return;
  notify();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  if (leading_.exchange(false)) leadership_->release();
  log::info("outbox_worker_stopped", {});
}

void Worker::notify() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  wake_.notify_all();
}

void Worker::wait_idle(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  const std::uint64_t seen = wake_generation_;
  wake_.wait_for(lock, duration, [&] { return !running_.load() || wake_generation_ != seen; });
}

WorkerCounters Worker::counters() const {
  std::lock_guard lock(counters_mutex_);
  return counters_;
}

bool Worker::become_leader() {
  if (!leadership_->try_acquire()) return false;
  // Whatever a previous leader left delivering was cut off mid-way.
  auto recovered = recover_interrupted(database_, clock_.now_seconds());
  if (!recovered) {
    log::error("outbox_recover_failed", {{"error", recovered.error().message}});
    leadership_->release();
    return false;
  }
  if (recovered.value() > 0) {
    log::warn("outbox_interrupted_rows", {{"rows", recovered.value()}});
    std::lock_guard lock(counters_mutex_);
    counters_.recovered += recovered.value();
  }
  leading_ = true;
  log::info("outbox_leader", {{"leadership", leadership_->describe()}});
  notify();
  return true;
}

void Worker::lead_loop() {
  while (running_.load()) {
    if (leading_.load()) {
      if (!leadership_->still_held()) {
        leading_ = false;
        log::warn("outbox_leadership_lost", {});
      }
    } else {
      become_leader();
    }
    if (leading_.load()) run_due_jobs();
    wait_idle(std::chrono::milliseconds(options_.poll_ms));
  }
}

void Worker::add_periodic_job(std::string name, std::chrono::seconds every,
                              std::function<void()> job) {
  jobs_.push_back({std::move(name), every, std::move(job), {}});
}

void Worker::run_due_jobs() {
  const auto now = std::chrono::steady_clock::now();
  for (PeriodicJob& job : jobs_) {
    if (now < job.next) continue;
    job.next = now + job.every;
    try {
      job.run();
    } catch (const std::exception& failure) {
      log::error("periodic_job_failed", {{"job", job.name}, {"error", failure.what()}});
    }
  }
}

void Worker::delivery_loop(Connector* connector) {
  while (running_.load()) {
    if (!leading_.load() || !deliver_one(*connector)) {
      wait_idle(std::chrono::milliseconds(options_.poll_ms));
    }
  }
}

bool Worker::deliver_one(Connector& connector) {
  auto claimed = claim_next(database_, std::string(connector.kind()), clock_.now_seconds());
  if (!claimed) {
    log::error("outbox_claim_failed",
               {{"kind", connector.kind()}, {"error", claimed.error().message}});
    return false;
  }
  if (!claimed->has_value()) return false;
  const OutboxRow& row = **claimed;
  Delivery delivery;
  try {
    delivery = connector.deliver(row);
  } catch (const std::exception& failure) {
    delivery = Delivery::retry(std::string("connector error: ") + failure.what());
  }
  const std::int64_t now = clock_.now_seconds();
  std::string state;
  std::int64_t retry_at = now;
  switch (delivery.outcome) {
    case Delivery::Outcome::kDone:
      state = "done";
      break;
    case Delivery::Outcome::kCancelled:
      state = "cancelled";
      break;
    case Delivery::Outcome::kPermanent:
      state = "dead";
      break;
    case Delivery::Outcome::kRetry:
      if (row.attempts >= options_.max_attempts) {
        state = "dead";
      } else {
        state = "failed";
        retry_at = now + retry_delay_seconds(options_.backoff, row.attempts, jitter_draw(),
                                             delivery.retry_after_seconds);
      }
      break;
  }
  auto recorded =
      record_outcome(database_, row.id, state, delivery.result, delivery.error, retry_at, now);
  if (!recorded) {
    // The effect happened but is not recorded: the row stays delivering and
    // the next leader treats it as interrupted (see worker.hpp).
    log::error("outbox_record_failed", {{"id", row.id}, {"error", recorded.error().message}});
    return true;
  }
  {
    std::lock_guard lock(counters_mutex_);
    if (state == "done") ++counters_.delivered;
    if (state == "failed") ++counters_.retried;
    if (state == "dead") ++counters_.dead;
    if (state == "cancelled") ++counters_.cancelled;
  }
  if (state != "done") {
    log::event(state == "dead" ? log::Level::kError : log::Level::kWarn, "outbox_delivery",
               {{"id", row.id},
                {"kind", row.kind},
                {"state", state},
                {"attempts", row.attempts},
                {"error", delivery.error}});
  }
  return true;
}

int Worker::drain_once() {
  if (!leading_.load() && !become_leader()) return 0;
  int handled = 0;
  for (auto& connector : connectors_) {
    while (deliver_one(*connector)) ++handled;
  }
  return handled;
}

}  // namespace moim::automation
