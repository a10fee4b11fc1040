// The worker on both databases, with a scripted connector: due rows only,
// backoff and Retry-After, dead letters, interrupted deliveries, bounded
// concurrency, and one leader at a time.
#include "features/integrations/worker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox_store.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::automation {
namespace {

// Answers from a script (the last answer repeats), counts calls per key and
// the most deliveries it ever saw at once.
class ScriptedConnector : public Connector {
 public:
  explicit ScriptedConnector(std::vector<Delivery> script, int hold_ms = 0)
      : script_(std::move(script)), hold_ms_(hold_ms) {}
  std::string_view kind() const override { return "test"; }
  Delivery deliver(const OutboxRow& row) override {
    {
      std::lock_guard lock(mutex_);
      ++calls_[row.idempotency_key];
      max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    }
    if (hold_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms_));
    std::lock_guard lock(mutex_);
    --in_flight_;
    const std::size_t step = std::min<std::size_t>(total_calls_++, script_.size() - 1);
    return script_[step];
  }
  std::map<std::string, int> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  int max_in_flight() {
    std::lock_guard lock(mutex_);
    return max_in_flight_;
  }

 private:
  std::vector<Delivery> script_;
  int hold_ms_;
  std::mutex mutex_;
  std::map<std::string, int> calls_;
  std::size_t total_calls_ = 0;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
};

class WorkerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
  }
  db::Database& database() { return test_db_->database(); }
  void add(const std::string& key, std::int64_t not_before = 0) {
    auto transaction = database().write();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(enqueue(*transaction,
                        {.kind = "test",
                         .target = "t",
                         .payload = {{"n", 1}},
                         .idempotency_key = key,
                         .not_before = not_before},
                        clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  OutboxRow row(const std::string& key) {
    auto transaction = database().read();
    auto found = transaction->query_one(
        std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE idempotency_key = ?", {key});
    EXPECT_TRUE(found.ok() && found->has_value()) << key;
    return outbox_row_from(**found);
  }
  std::unique_ptr<Worker> worker(ScriptedConnector*& connector, std::vector<Delivery> script,
                                 WorkerOptions options = {}, int hold_ms = 0) {
    auto made =
        std::make_unique<Worker>(database(), clock_, options, make_leadership(test_db_->url(), ""));
    auto owned = std::make_unique<ScriptedConnector>(std::move(script), hold_ms);
    connector = owned.get();
    made->add_connector(std::move(owned));
    return made;
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
};

TEST_P(WorkerTest, DeliversDueRowsOnceAndLeavesLaterOnesQueued) {
  add("now-1");
  add("now-2");
  add("later", clock_.now_seconds() + 600);
  ScriptedConnector* connector = nullptr;
  auto subject = worker(connector, {Delivery::done("250 accepted")});
  EXPECT_EQ(subject->drain_once(), 2);
  EXPECT_EQ(subject->drain_once(), 0);  // nothing is delivered twice
  EXPECT_EQ(row("now-1").state, "done");
  EXPECT_EQ(row("now-1").result, "250 accepted");
  EXPECT_EQ(row("now-1").attempts, 1);
  EXPECT_EQ(row("later").state, "pending");
  clock_.advance(600);
  EXPECT_EQ(subject->drain_once(), 1);
  EXPECT_EQ(row("later").state, "done");
  EXPECT_EQ((connector->calls()),
            (std::map<std::string, int>{{"later", 1}, {"now-1", 1}, {"now-2", 1}}));
}

TEST_P(WorkerTest, RetriesWithGrowingBackoffThenBuriesTheRowAsDead) {
  add("flaky");
  ScriptedConnector* connector = nullptr;
  WorkerOptions options{.max_attempts = 3, .backoff = {.base_ms = 10'000, .max_ms = 1'000'000}};
  auto subject = worker(connector, {Delivery::retry("421 try later")}, options);
  ASSERT_EQ(subject->drain_once(), 1);
  OutboxRow first = row("flaky");
  EXPECT_EQ(first.state, "failed");
  EXPECT_EQ(first.last_error, "421 try later");
  const std::int64_t first_wait = first.not_before - clock_.now_seconds();
  EXPECT_GE(first_wait, 5);
  EXPECT_LE(first_wait, 10);
  EXPECT_EQ(subject->drain_once(), 0);  // not due yet
  clock_.advance(first_wait);
  ASSERT_EQ(subject->drain_once(), 1);
  OutboxRow second = row("flaky");
  EXPECT_EQ(second.state, "failed");
  const std::int64_t second_wait = second.not_before - clock_.now_seconds();
  EXPECT_GE(second_wait, 10);
  EXPECT_LE(second_wait, 20);
  clock_.advance(second_wait);
  ASSERT_EQ(subject->drain_once(), 1);
  EXPECT_EQ(row("flaky").state, "dead");
  EXPECT_EQ(row("flaky").attempts, 3);
  clock_.advance(1'000'000);
  EXPECT_EQ(subject->drain_once(), 0);
  EXPECT_EQ(connector->calls()["flaky"], 3);
}

TEST_P(WorkerTest, HonoursTheRemotesRetryAfter) {
  add("limited");
  ScriptedConnector* connector = nullptr;
  WorkerOptions options{.backoff = {.base_ms = 1'000, .max_ms = 2'000}};
  auto subject =
      worker(connector, {Delivery::retry("HTTP 429", 120), Delivery::done("HTTP 200")}, options);
  ASSERT_EQ(subject->drain_once(), 1);
  EXPECT_EQ(row("limited").not_before, clock_.now_seconds() + 120);
  clock_.advance(119);
  EXPECT_EQ(subject->drain_once(), 0);
  clock_.advance(1);
  EXPECT_EQ(subject->drain_once(), 1);
  EXPECT_EQ(row("limited").state, "done");
}

TEST_P(WorkerTest, APermanentRefusalIsDeadAtOnceAndCancelledRowsStay) {
  add("refused");
  ScriptedConnector* connector = nullptr;
  auto subject = worker(connector, {Delivery::permanent("550 no such mailbox")});
  ASSERT_EQ(subject->drain_once(), 1);
  EXPECT_EQ(row("refused").state, "dead");
  EXPECT_EQ(row("refused").attempts, 1);
  EXPECT_EQ(row("refused").last_error, "550 no such mailbox");
}

TEST_P(WorkerTest, ARowLeftDeliveringByACrashIsMarkedAndDeliveredAgainWithTheSameKey) {
  add("cut-off");
  // A worker claimed it and died before recording the outcome.
  auto claimed = claim_next(database(), "test", clock_.now_seconds());
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  EXPECT_EQ(row("cut-off").state, "delivering");
  ScriptedConnector* connector = nullptr;
  auto subject = worker(connector, {Delivery::done("250 accepted")});
  ASSERT_EQ(subject->drain_once(), 1);
  const OutboxRow after = row("cut-off");
  EXPECT_EQ(after.state, "done");
  EXPECT_EQ(after.interrupted, 1);
  EXPECT_EQ(after.attempts, 2);
  ASSERT_TRUE(after.last_error.has_value());
  EXPECT_NE(after.last_error->find("interrupted"), std::string::npos);
  EXPECT_EQ(subject->counters().recovered, 1);
}

TEST_P(WorkerTest, ThreadsDeliverEachRowOnceWithBoundedConcurrency) {
  for (int idx = 0; idx < 40; ++idx) add("row-" + std::to_string(idx));
  ScriptedConnector* connector = nullptr;
  WorkerOptions options{.concurrency = 3, .poll_ms = 20};
  auto subject = worker(connector, {Delivery::done("ok")}, options, 5);
  subject->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    auto transaction = database().read();
    auto left = transaction->query_one("SELECT COUNT(*) FROM outbox WHERE state <> 'done'");
    if (left.ok() && (*left)->int64(0) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  subject->stop();
  const auto calls = connector->calls();
  EXPECT_EQ(calls.size(), 40u);
  for (const auto& [key, count] : calls) EXPECT_EQ(count, 1) << key;
  EXPECT_LE(connector->max_in_flight(), 3);
  EXPECT_GE(connector->max_in_flight(), 2);  // it did run side by side
}

TEST_P(WorkerTest, OnlyTheLeaderRunsPeriodicJobs) {
  ScriptedConnector* connector = nullptr;
  WorkerOptions options{.concurrency = 1, .poll_ms = 20};
  auto leader = worker(connector, {Delivery::done("ok")}, options);
  ScriptedConnector* other_connector = nullptr;
  auto standby = worker(other_connector, {Delivery::done("ok")}, options);
  std::atomic<int> leader_runs{0};
  std::atomic<int> standby_runs{0};
  leader->add_periodic_job("count", std::chrono::seconds(3600), [&] { ++leader_runs; });
  standby->add_periodic_job("count", std::chrono::seconds(3600), [&] { ++standby_runs; });
  leader->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (leader_runs.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  standby->start();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  standby->stop();
  leader->stop();
  EXPECT_EQ(leader_runs.load(), 1);  // once, then not again within its interval
  EXPECT_EQ(standby_runs.load(), 0);
}

TEST_P(WorkerTest, OnlyOneInstanceLeadsAndAnotherTakesOverWhenItGoes) {
  auto first = make_leadership(test_db_->url(), "");
  auto second = make_leadership(test_db_->url(), "");
  ASSERT_TRUE(first->try_acquire());
  EXPECT_TRUE(first->still_held());
  EXPECT_FALSE(second->try_acquire());
  first->release();  // as when its process dies: the session or file closes
  EXPECT_TRUE(second->try_acquire());
  EXPECT_FALSE(first->try_acquire());
  second->release();
}

TEST_P(WorkerTest, AStandbyWorkerDeliversNothingWhileAnotherLeads) {
  add("only-once");
  auto leader = make_leadership(test_db_->url(), "");
  ASSERT_TRUE(leader->try_acquire());
  ScriptedConnector* connector = nullptr;
  auto standby = worker(connector, {Delivery::done("ok")});
  EXPECT_EQ(standby->drain_once(), 0);
  EXPECT_FALSE(standby->leading());
  EXPECT_EQ(row("only-once").state, "pending");
  leader->release();
  EXPECT_EQ(standby->drain_once(), 1);
  EXPECT_TRUE(standby->leading());
}

INSTANTIATE_TEST_SUITE_P(Drivers, WorkerTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::automation
