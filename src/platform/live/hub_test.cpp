#include "platform/live/hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/testing/database_params.hpp"

namespace moim::live {
namespace {

// Collects what a subscription receives; thread-safe.
struct Inbox {
  std::mutex mutex;
  std::vector<Message> messages;
  Hub::Callback callback() {
    return [this](const Message& message) {
      std::lock_guard lock(mutex);
      messages.push_back(message);
    };
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return messages.size();
  }
  std::vector<std::string> data() {
    std::lock_guard lock(mutex);
    std::vector<std::string> out;
    for (const auto& message : messages) out.push_back(message.data);
    return out;
  }
  bool wait_for(std::size_t count, int timeout_ms = 5000) {
    for (int waited = 0; waited < timeout_ms && size() < count; waited += 5)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return size() >= count;
  }
};

TEST(Hub, DeliversToTheSubscribersOfTheChannelOnly) {
  auto hub = Hub::in_process();
  Inbox first, second, other;
  auto first_subscription = hub->subscribe("room:1", first.callback());
  auto second_subscription = hub->subscribe("room:1", second.callback());
  auto other_subscription = hub->subscribe("room:2", other.callback());
  ASSERT_TRUE(hub->publish("room:1", "a").ok());
  ASSERT_TRUE(hub->publish("room:1", "b").ok());
  EXPECT_EQ(first.data(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(second.data(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(other.size(), 0u);
  EXPECT_EQ(first.messages[0].channel, "room:1");
  EXPECT_EQ(first.messages[0].kind, Message::Kind::kData);
  EXPECT_EQ(hub->stats().subscriptions, 3);
  EXPECT_EQ(hub->stats().channels, 2);
}

TEST(Hub, NothingArrivesAfterUnsubscribing) {
  auto hub = Hub::in_process();
  Inbox inbox;
  auto subscription = hub->subscribe("room", inbox.callback());
  ASSERT_TRUE(hub->publish("room", "before").ok());
  subscription.reset();
  ASSERT_TRUE(hub->publish("room", "after").ok());
  EXPECT_EQ(inbox.data(), std::vector<std::string>{"before"});
  EXPECT_EQ(hub->stats().subscriptions, 0);
  EXPECT_EQ(hub->stats().channels, 0);
}

// While another thread publishes without pause, reset() returns only once
// no call is running, and none starts after.
TEST(Hub, UnsubscribingWaitsForARunningCallback) {
  auto hub = Hub::in_process();
  std::atomic<bool> stop{false};
  std::thread publisher([&] {
    while (!stop) (void)hub->publish("busy", "x");
  });
  for (int round = 0; round < 200; ++round) {
    std::atomic<bool> unsubscribed{false};
    std::atomic<int> late_calls{0};
    auto subscription = hub->subscribe("busy", [&](const Message&) {
      if (unsubscribed) ++late_calls;
      std::this_thread::yield();
    });
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    subscription.reset();
    unsubscribed = true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    EXPECT_EQ(late_calls.load(), 0) << round;
  }
  stop = true;
  publisher.join();
}

TEST(Hub, ACallbackMayUnsubscribeItself) {
  auto hub = Hub::in_process();
  int calls = 0;
  Subscription subscription;
  subscription = hub->subscribe("once", [&](const Message&) {
    ++calls;
    subscription.reset();
  });
  ASSERT_TRUE(hub->publish("once", "1").ok());
  ASSERT_TRUE(hub->publish("once", "2").ok());
  EXPECT_EQ(calls, 1);
}

TEST(Hub, ASubscriptionMayOutliveItsHub) {
  Subscription subscription;
  {
    auto hub = Hub::in_process();
    subscription = hub->subscribe("room", [](const Message&) {});
  }
  subscription.reset();  // no crash, nothing to remove from
  EXPECT_FALSE(subscription);
}

TEST(Hub, RefusesChannelsAndDataItCannotCarry) {
  auto hub = Hub::in_process();
  EXPECT_EQ(hub->publish("", "x").error().field, "channel");
  EXPECT_EQ(hub->publish("a\nb", "x").error().field, "channel");
  EXPECT_EQ(hub->publish(std::string(Hub::kMaxChannelBytes + 1, 'c'), "x").error().field,
            "channel");
  EXPECT_TRUE(hub->publish("room", std::string(Hub::kMaxDataBytes, 'x')).ok());
  const auto too_big = hub->publish("room", std::string(Hub::kMaxDataBytes + 1, 'x'));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().field, "data");
  EXPECT_EQ(too_big.error().http_status, 400);
  EXPECT_FALSE(hub->publish("room", std::string("a\0b", 3)).ok());
  EXPECT_FALSE(hub->publish("room", "\xC3\x28").ok());  // broken sequence
  EXPECT_FALSE(hub->publish("room", "\xE2\x82").ok());  // cut short
  EXPECT_FALSE(hub->publish("room", "\xC0\xAF").ok());  // overlong
  EXPECT_TRUE(hub->publish("room", "빙고 \xF0\x9F\x8E\x89").ok());
  EXPECT_FALSE(hub->subscribe("", [](const Message&) {}));
}

TEST(Hub, ManyThreadsSubscribeAndPublishAtOnce) {
  auto hub = Hub::in_process();
  constexpr int kThreads = 8;
  constexpr int kMessages = 500;
  Inbox watcher;
  auto watching = hub->subscribe("shared", watcher.callback());
  std::vector<std::thread> threads;
  std::atomic<int> own_received{0};
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int message_idx = 0; message_idx < kMessages; ++message_idx) {
        // Come and go while others publish on the same channel.
        auto passing = hub->subscribe("shared", [](const Message&) {});
        auto own = hub->subscribe("own:" + std::to_string(thread_idx),
                                  [&](const Message&) { ++own_received; });
        ASSERT_TRUE(hub->publish("shared", std::to_string(thread_idx)).ok());
        ASSERT_TRUE(hub->publish("own:" + std::to_string(thread_idx), "x").ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(watcher.size(), static_cast<std::size_t>(kThreads * kMessages));
  EXPECT_EQ(own_received.load(), kThreads * kMessages);
  EXPECT_EQ(hub->stats().subscriptions, 1);
}

// Through the transport this deployment would use (in-process on SQLite,
// LISTEN/NOTIFY on PostgreSQL): a publish inside a transaction arrives only
// once it commits, never when it rolls back.
class HubTransactionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HubTransactionTest, DeliversOnCommitOnlyAndNeverOnRollback) {
  moim::testing::TestDatabase test_db(GetParam());
  auto hub = Hub::open(test_db.url(), test_db.database());
  ASSERT_TRUE(hub.ok()) << hub.error().message;
  Inbox inbox;
  auto subscription = hub.value()->subscribe("board:1", inbox.callback());
  {
    auto rolled_back = test_db.database().write();
    ASSERT_TRUE(rolled_back.ok());
    ASSERT_TRUE(hub.value()->publish(*rolled_back, "board:1", "never").ok());
  }
  auto committed = test_db.database().write();
  ASSERT_TRUE(committed.ok());
  ASSERT_TRUE(hub.value()->publish(*committed, "board:1", "first").ok());
  ASSERT_TRUE(hub.value()->publish(*committed, "board:1", "second").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(inbox.size(), 0u);  // not before the commit
  ASSERT_TRUE(committed->commit().ok());
  ASSERT_TRUE(inbox.wait_for(2));
  ASSERT_TRUE(hub.value()->publish("board:1", "third").ok());
  ASSERT_TRUE(inbox.wait_for(3));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(inbox.data(), (std::vector<std::string>{"first", "second", "third"}));
}

INSTANTIATE_TEST_SUITE_P(Drivers, HubTransactionTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::live
