// Two hubs on one PostgreSQL schema stand for two `moim serve` instances.
// Skipped without MOIM_TEST_POSTGRES_URL (scripts/test-postgres.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/live/hub.hpp"
#include "platform/testing/test_database.hpp"

namespace moim::live {
namespace {

struct Received {
  std::mutex mutex;
  std::vector<Message> messages;
  Hub::Callback callback() {
    return [this](const Message& message) {
      std::lock_guard lock(mutex);
      messages.push_back(message);
    };
  }
  std::size_t count(Message::Kind kind) {
    std::lock_guard lock(mutex);
    std::size_t found = 0;
    for (const auto& message : messages) found += message.kind == kind ? 1 : 0;
    return found;
  }
  bool wait_for(Message::Kind kind, std::size_t at_least, int timeout_ms = 10'000) {
    for (int waited = 0; waited < timeout_ms; waited += 10) {
      if (count(kind) >= at_least) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return count(kind) >= at_least;
  }
  std::vector<std::string> data() {
    std::lock_guard lock(mutex);
    std::vector<std::string> out;
    for (const auto& message : messages)
      if (message.kind == Message::Kind::kData) out.push_back(message.data);
    return out;
  }
};

class PostgresHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("MOIM_TEST_POSTGRES_URL") == nullptr) GTEST_SKIP() << "no PostgreSQL";
    test_db_ = std::make_unique<moim::testing::TestDatabase>("postgres", /*migrate=*/false);
    // Each instance has its own pool, as two processes would.
    for (auto* instance : {&first_db_, &second_db_}) {
      auto opened = db::Database::open(test_db_->url(), {.pool_size = 2});
      ASSERT_TRUE(opened.ok()) << opened.error().message;
      *instance = std::move(opened.value());
    }
    auto first = Hub::postgres(test_db_->url(), *first_db_);
    auto second = Hub::postgres(test_db_->url(), *second_db_);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_TRUE(second.ok()) << second.error().message;
    first_ = std::move(first.value());
    second_ = std::move(second.value());
  }
  void TearDown() override {
    first_.reset();
    second_.reset();
    first_db_.reset();
    second_db_.reset();
    test_db_.reset();
  }

  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<db::Database> first_db_, second_db_;
  std::unique_ptr<Hub> first_, second_;
};

TEST_F(PostgresHubTest, ACommitOnOneInstanceReachesSubscribersOnTheOther) {
  Received on_second, on_first;
  auto second_subscription = second_->subscribe("bingo:7", on_second.callback());
  auto first_subscription = first_->subscribe("bingo:7", on_first.callback());
  auto writer = first_db_->write();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(first_->publish(*writer, "bingo:7", R"({"version":1})").ok());
  ASSERT_TRUE(writer->commit().ok());
  ASSERT_TRUE(on_second.wait_for(Message::Kind::kData, 1));
  ASSERT_TRUE(on_first.wait_for(Message::Kind::kData, 1));  // its own instance hears it too
  EXPECT_EQ(on_second.data(), std::vector<std::string>{R"({"version":1})"});
  // Several publishes keep their order.
  for (int version = 2; version <= 20; ++version)
    ASSERT_TRUE(first_->publish("bingo:7", std::to_string(version)).ok());
  ASSERT_TRUE(on_second.wait_for(Message::Kind::kData, 20));
  std::vector<std::string> expected{R"({"version":1})"};
  for (int version = 2; version <= 20; ++version) expected.push_back(std::to_string(version));
  EXPECT_EQ(on_second.data(), expected);
}

TEST_F(PostgresHubTest, ARolledBackTransactionNotifiesNobody) {
  Received on_second;
  auto subscription = second_->subscribe("bingo:7", on_second.callback());
  {
    auto writer = first_db_->write();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(first_->publish(*writer, "bingo:7", "rolled back").ok());
  }  // no commit
  ASSERT_TRUE(first_->publish("bingo:7", "marker").ok());
  ASSERT_TRUE(on_second.wait_for(Message::Kind::kData, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(on_second.data(), std::vector<std::string>{"marker"});
}

TEST_F(PostgresHubTest, AnotherSchemaIsAnotherDeploymentAndHearsNothing) {
  moim::testing::TestDatabase elsewhere("postgres", /*migrate=*/false);
  auto other_db = db::Database::open(elsewhere.url(), {.pool_size = 1});
  ASSERT_TRUE(other_db.ok());
  auto other = Hub::postgres(elsewhere.url(), *other_db.value());
  ASSERT_TRUE(other.ok());
  Received on_other, on_second;
  auto other_subscription = other.value()->subscribe("bingo:7", on_other.callback());
  auto second_subscription = second_->subscribe("bingo:7", on_second.callback());
  ASSERT_TRUE(first_->publish("bingo:7", "ours").ok());
  ASSERT_TRUE(on_second.wait_for(Message::Kind::kData, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(on_other.count(Message::Kind::kData), 0u);
}

// The listening backend is killed (a failover, an admin): the hub reconnects
// with backoff, tells its subscribers to resync (what was sent meanwhile is
// lost), and hears new notifications again.
TEST_F(PostgresHubTest, ReconnectsAfterTheListenerIsTerminatedAndAsksForAResync) {
  Received on_second;
  auto subscription = second_->subscribe("bingo:7", on_second.callback());
  ASSERT_TRUE(second_->stats().listening);
  {
    auto admin = first_db_->write();
    ASSERT_TRUE(admin.ok());
    // Both hubs' listeners: the sessions of this test's schema that LISTEN.
    auto killed = admin->query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
        "'moim-live' AND query = 'LISTEN \"moim_live_' || "
        "to_hex(hashtext(coalesce(current_schema(), ''))) || '\"'");
    ASSERT_TRUE(killed.ok()) << killed.error().message;
    ASSERT_EQ(killed->size(), 2u);
    ASSERT_TRUE(admin->commit().ok());
  }
  ASSERT_TRUE(on_second.wait_for(Message::Kind::kResync, 1));
  {
    std::lock_guard lock(on_second.mutex);
    const auto resync =
        std::find_if(on_second.messages.begin(), on_second.messages.end(),
                     [](const Message& message) { return message.kind == Message::Kind::kResync; });
    EXPECT_EQ(resync->channel, "bingo:7");
  }
  EXPECT_TRUE(second_->stats().listening);
  EXPECT_GE(second_->stats().reconnects, 1);
  ASSERT_TRUE(first_->publish("bingo:7", "after").ok());
  ASSERT_TRUE(on_second.wait_for(Message::Kind::kData, 1));
  EXPECT_EQ(on_second.data().back(), "after");
}

}  // namespace
}  // namespace moim::live
