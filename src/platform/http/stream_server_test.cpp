// Server-Sent Events through the real server on a real socket.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "platform/http/event_stream.hpp"
#include "platform/http/server.hpp"
#include "platform/http/testing/sse_test_client.hpp"

namespace moim::http {
namespace {

using testing::SseTestClient;

// A server on a free port whose /stream hands out EventStreams the test
// feeds; /plain answers an ordinary request.
class StreamServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}, std::size_t max_queued_bytes = 64 * 1024) {
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<Server>(
        options,
        [this, max_queued_bytes](Request& request) {
          if (request.path != "/stream") return Response::text(200, "plain");
          auto stream = std::make_shared<EventStream>(max_queued_bytes);
          std::lock_guard lock(mutex_);
          last_event_ids_.push_back(last_event_id(request).value_or("-"));
          streams_.push_back(stream);
          stream->send("hello", "ready", "0");
          return Response::event_stream(stream);
        },
        &metrics_);
    auto port = server_->listen();
    ASSERT_TRUE(port.ok());
    port_ = port.value();
    runner_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    if (runner_.joinable()) {
      server_->stop();
      runner_.join();
    }
  }
  std::shared_ptr<EventStream> stream(std::size_t index) {
    for (int attempt = 0; attempt < 500; ++attempt) {
      {
        std::lock_guard lock(mutex_);
        if (streams_.size() > index) return streams_[index];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return nullptr;
  }
  bool wait_until(const std::function<bool()>& condition, int timeout_ms = 5000) {
    for (int waited = 0; waited < timeout_ms; waited += 10) {
      if (condition()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
  }

  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread runner_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<EventStream>> streams_;  // guarded by mutex_
  std::vector<std::string> last_event_ids_;            // guarded by mutex_
};

TEST(EventStreamFormat, SplitsDataLinesAndKeepsFieldsOnOneLine) {
  EXPECT_EQ(format_event("", "x", ""), "data: x\n\n");
  EXPECT_EQ(format_event("mark", "a\nb\r\nc\rd", "7"),
            "event: mark\ndata: a\ndata: b\ndata: c\ndata: d\nid: 7\n\n");
  EXPECT_EQ(format_event("a\nb", "", "1\r\n2"), "event: ab\ndata: \nid: 12\n\n");
}

TEST(EventStreamQueue, OverflowDropsTheStreamAndReleasesWhatItHolds) {
  EventStream stream(64);
  auto held = std::make_shared<int>(1);
  stream.hold(held);
  EXPECT_TRUE(stream.send("", std::string(30, 'x')));
  EXPECT_FALSE(stream.send("", std::string(40, 'x')));  // over 64 queued bytes
  EXPECT_TRUE(stream.closed());
  EXPECT_EQ(held.use_count(), 1);  // released
  EventStream::Taken taken = stream.take();
  EXPECT_TRUE(taken.dropped);
  EXPECT_TRUE(taken.bytes.empty());
  EXPECT_FALSE(stream.send("", "late"));
}

TEST(EventStreamQueue, CloseFlushesWhatIsQueued) {
  EventStream stream;
  stream.send("a", "1");
  stream.close();
  EventStream::Taken taken = stream.take();
  EXPECT_EQ(taken.bytes, "event: a\ndata: 1\n\n");
  EXPECT_FALSE(taken.finished);
  EXPECT_TRUE(stream.take().finished);
}

TEST_F(StreamServerTest, DeliversEventsInOrderWithTheStreamHeaders) {
  start();
  SseTestClient client(port_, "/stream");
  const std::string head = client.head();
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(head.find("Cache-Control: no-cache"), std::string::npos);
  EXPECT_NE(head.find("X-Accel-Buffering: no"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  ASSERT_TRUE(client.wait_for("event: hello\ndata: ready\nid: 0\n\n"));
  auto events = stream(0);
  ASSERT_NE(events, nullptr);
  std::string expected = "event: hello\ndata: ready\nid: 0\n\n";
  for (int event_idx = 1; event_idx <= 200; ++event_idx) {
    ASSERT_TRUE(events->send("n", std::to_string(event_idx), std::to_string(event_idx)));
    expected += format_event("n", std::to_string(event_idx), std::to_string(event_idx));
  }
  ASSERT_TRUE(client.wait_for("data: 200\n"));
  EXPECT_EQ(client.body(), expected);  // every event, once, in order
  EXPECT_EQ(metrics_.open_streams(), 1);
  EXPECT_NE(metrics_.render().find("moim_http_open_streams 1"), std::string::npos);
}

TEST_F(StreamServerTest, SendsAHeartbeatWhenQuiet) {
  ServerOptions options;
  options.stream_heartbeat_ms = 200;
  options.idle_timeout_ms = 300;  // a stream outlives the idle and read timeouts
  options.read_timeout_ms = 300;
  start(options);
  SseTestClient client(port_, "/stream");
  ASSERT_TRUE(client.wait_for("id: 0\n\n"));
  ASSERT_TRUE(client.wait_for(":\n\n", 2000));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  stream(0)->send("", "still here");
  EXPECT_TRUE(client.wait_for("data: still here\n"));
}

TEST_F(StreamServerTest, HandsTheHandlerTheLastEventId) {
  start();
  SseTestClient header_client(port_, "/stream", "Last-Event-ID: 41\r\n");
  ASSERT_TRUE(header_client.wait_for("id: 0"));
  SseTestClient query_client(port_, "/stream?last_event_id=17");
  ASSERT_TRUE(query_client.wait_for("id: 0"));
  SseTestClient fresh_client(port_, "/stream");
  ASSERT_TRUE(fresh_client.wait_for("id: 0"));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(last_event_ids_, (std::vector<std::string>{"41", "17", "-"}));
}

TEST_F(StreamServerTest, ClosingTheStreamEndsTheResponseCleanly) {
  start();
  SseTestClient client(port_, "/stream");
  ASSERT_TRUE(client.wait_for("id: 0"));
  stream(0)->send("bye", "now");
  stream(0)->close();
  EXPECT_TRUE(client.ended());
  EXPECT_TRUE(client.saw_final_chunk());
  EXPECT_NE(client.body().find("event: bye\ndata: now\n\n"), std::string::npos);
  EXPECT_TRUE(wait_until([&] { return metrics_.open_streams() == 0; }));
}

TEST_F(StreamServerTest, AClientThatLeavesReleasesItsStream) {
  start();
  auto client = std::make_unique<SseTestClient>(port_, "/stream");
  ASSERT_TRUE(client->wait_for("id: 0"));
  auto held = std::make_shared<int>(7);
  stream(0)->hold(held);
  client.reset();  // the socket closes; the server notices without writing
  EXPECT_TRUE(wait_until([&] { return held.use_count() == 1; }));
  EXPECT_TRUE(stream(0)->closed());
  EXPECT_TRUE(wait_until([&] { return metrics_.open_streams() == 0; }));
}

TEST_F(StreamServerTest, ASlowClientIsDroppedInsteadOfBufferedWithoutBound) {
  start({}, 16 * 1024);
  SseTestClient slow(port_, "/stream", {}, 4096);  // small window, and it never reads
  auto events = stream(0);
  ASSERT_NE(events, nullptr);
  const std::string payload(1000, 'x');
  bool refused = false;
  for (int event_idx = 0; event_idx < 20'000 && !refused; ++event_idx) {
    refused = !events->send("", payload);
    if (event_idx % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(events->closed());
  EXPECT_TRUE(wait_until([&] { return metrics_.open_streams() == 0; }));
  EXPECT_NE(metrics_.render().find("moim_http_dropped_streams_total 1"), std::string::npos);
}

TEST_F(StreamServerTest, StreamsDoNotUseUpOrdinaryConnections) {
  ServerOptions options;
  options.max_connections = 8;
  options.max_connections_per_client = 4;
  options.max_streams = 6;
  start(options);
  std::vector<std::unique_ptr<SseTestClient>> clients;
  for (int client_idx = 0; client_idx < 6; ++client_idx) {
    clients.push_back(std::make_unique<SseTestClient>(port_, "/stream"));
    ASSERT_TRUE(clients.back()->wait_for("id: 0")) << client_idx;
  }
  SseTestClient one_too_many(port_, "/stream");
  EXPECT_NE(one_too_many.head().find("503"), std::string::npos);
  SseTestClient plain(port_, "/plain");  // ordinary requests still get in
  EXPECT_NE(plain.head().find("200 OK"), std::string::npos);
}

TEST_F(StreamServerTest, ShutdownClosesOpenStreams) {
  start();
  SseTestClient first(port_, "/stream");
  SseTestClient second(port_, "/stream");
  ASSERT_TRUE(first.wait_for("id: 0"));
  ASSERT_TRUE(second.wait_for("id: 0"));
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  runner_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_TRUE(first.ended(1000));
  EXPECT_TRUE(second.ended(1000));
  EXPECT_TRUE(first.saw_final_chunk());
  EXPECT_TRUE(stream(0)->closed());
}

}  // namespace
}  // namespace moim::http
