// From publish to a browser's socket: the hub feeds an EventStream that the
// real server writes.
#include "platform/live/live_stream.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "platform/http/server.hpp"
#include "platform/http/testing/sse_test_client.hpp"

namespace moim::live {
namespace {

class LiveStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_ = Hub::in_process();
    http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<http::Server>(
        options,
        [this](http::Request& request) {
          auto stream = open_stream(*hub_, request.path.substr(1));
          stream->send("state", "v0", "0");
          return http::Response::event_stream(stream);
        },
        &metrics_);
    auto port = server_->listen();
    ASSERT_TRUE(port.ok());
    port_ = port.value();
    runner_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    runner_.join();
  }
  bool wait_for_subscriptions(std::int64_t count) {
    for (int waited = 0; waited < 5000; waited += 10) {
      if (hub_->stats().subscriptions == count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::unique_ptr<Hub> hub_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  std::thread runner_;
};

TEST_F(LiveStreamTest, PublishedMessagesReachEveryOpenStreamOfTheChannel) {
  http::testing::SseTestClient first(port_, "/bingo:1");
  http::testing::SseTestClient second(port_, "/bingo:1");
  http::testing::SseTestClient elsewhere(port_, "/bingo:2");
  ASSERT_TRUE(first.wait_for("id: 0\n\n"));
  ASSERT_TRUE(second.wait_for("id: 0\n\n"));
  ASSERT_TRUE(elsewhere.wait_for("id: 0\n\n"));
  EXPECT_NE(first.body().find("retry: 2000\n\n"), std::string::npos);
  ASSERT_TRUE(hub_->publish("bingo:1", R"({"marks":3})").ok());
  ASSERT_TRUE(hub_->publish("bingo:1", "line\nbreak").ok());
  for (auto* client : {&first, &second}) {
    ASSERT_TRUE(client->wait_for("data: break\n\n"));
    EXPECT_NE(client->body().find("event: changed\ndata: {\"marks\":3}\n\nevent: changed\ndata: "
                                  "line\ndata: break\n\n"),
              std::string::npos)
        << client->body();
  }
  EXPECT_EQ(elsewhere.body().find("changed"), std::string::npos);
}

TEST_F(LiveStreamTest, AClosedConnectionUnsubscribes) {
  {
    http::testing::SseTestClient client(port_, "/bingo:1");
    ASSERT_TRUE(client.wait_for("id: 0\n\n"));
    EXPECT_EQ(hub_->stats().subscriptions, 1);
  }
  EXPECT_TRUE(wait_for_subscriptions(0));
}

TEST_F(LiveStreamTest, ShutdownEndsStreamsAndTheirSubscriptions) {
  http::testing::SseTestClient client(port_, "/bingo:1");
  ASSERT_TRUE(client.wait_for("id: 0\n\n"));
  server_->stop();
  runner_.join();
  runner_ = std::thread([] {});  // TearDown joins something
  EXPECT_TRUE(client.ended(2000));
  EXPECT_EQ(hub_->stats().subscriptions, 0);
}

}  // namespace
}  // namespace moim::live
