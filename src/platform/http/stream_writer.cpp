// One coroutine writes, a second one only reads, to notice at once when the
// client goes away (EventSource closing, a phone leaving): a stream that only
// wrote would learn it at the next heartbeat, holding its subscription until
// then. Both run on the connection's strand, as does the waker's post, so the
// `Link` needs no lock.
#include "platform/http/stream_writer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <string_view>

namespace moim::http::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

struct Link {
  Link(tcp::socket connected, std::shared_ptr<EventStream> stream_events)
      : socket(std::move(connected)),
        wake(socket.get_executor()),
        watchdog(socket.get_executor()),
        events(std::move(stream_events)) {}
  // Also when the io_context is destroyed with the coroutines suspended (a
  // stream still writing at the end of the shutdown grace): the stream then
  // stops waking an executor that is going away, and releases what it holds.
  ~Link() { events->finish(); }
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;
  tcp::socket socket;
  asio::steady_timer wake;      // the writer sleeps on it; the waker and the reader cancel it
  asio::steady_timer watchdog;  // bounds one write
  std::shared_ptr<EventStream> events;
  bool peer_gone = false;
  bool timed_out = false;
};

// A heartbeat: a comment line, which EventSource ignores.
constexpr std::string_view kHeartbeat = ":\n\n";

void append_framed(std::string& out, std::string_view bytes, bool chunked) {
  if (!chunked) {
    out.append(bytes);
    return;
  }
  char size[20];
  const int length = std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  out.append(size, static_cast<std::size_t>(length));
  out.append(bytes);
  out.append("\r\n");
}

asio::awaitable<void> watch_for_hangup(std::shared_ptr<Link> link) {
  std::array<char, 64> sink;  // a client has nothing to say on a stream: whatever comes is dropped
  for (;;) {
    auto [error, bytes] = co_await link->socket.async_read_some(asio::buffer(sink), kNoThrow);
    if (error) break;
  }
  link->peer_gone = true;
  link->wake.cancel();
}

// False when the write failed or did not finish within timeout_ms.
asio::awaitable<bool> write_all(const std::shared_ptr<Link>& link, std::string_view bytes,
                                int timeout_ms) {
  link->watchdog.expires_after(milliseconds(timeout_ms));
  link->watchdog.async_wait([weak = std::weak_ptr<Link>(link)](boost::system::error_code error) {
    if (error) return;  // cancelled: the write finished in time
    if (auto alive = weak.lock()) {
      alive->timed_out = true;
      boost::system::error_code ignored;
      alive->socket.cancel(ignored);
    }
  });
  auto [error, written] = co_await asio::async_write(link->socket, asio::buffer(bytes), kNoThrow);
  link->watchdog.cancel();
  co_return !error && !link->timed_out;
}

}  // namespace

asio::awaitable<bool> write_event_stream(tcp::socket socket, std::string head,
                                         std::shared_ptr<EventStream> events, bool chunked,
                                         bool head_only, StreamWriterOptions options) {
  auto link = std::make_shared<Link>(std::move(socket), events);
  const auto executor = link->socket.get_executor();
  events->attach([weak = std::weak_ptr<Link>(link), executor] {
    if (weak.expired()) return;  // the connection is gone, maybe its io_context too
    asio::post(executor, [weak] {
      auto alive = weak.lock();
      if (!alive) return;
      alive->wake.cancel();
      // Dropped for overflowing: a write stuck on a client that does not
      // read ends now, not at the write timeout.
      if (alive->events->dropped()) {
        boost::system::error_code ignored;
        alive->socket.cancel(ignored);
      }
    });
  });
  bool dropped = false;
  std::string first = std::move(head);
  if (!head_only) {
    // What the handler queued before answering goes out with the head.
    if (const std::string queued = events->take().bytes; !queued.empty())
      append_framed(first, queued, chunked);
  }
  bool writing = co_await write_all(link, first, options.write_timeout_ms);
  std::string().swap(first);  // the head's bytes are not kept for the stream's life
  if (!writing) dropped = link->timed_out;
  if (writing && !head_only) {
    asio::co_spawn(executor, watch_for_hangup(link), asio::detached);
    auto heartbeat_due = steady_clock::now() + milliseconds(options.heartbeat_ms);
    // Every take() happens on the strand before the wait starts, and the
    // waker's cancel is posted to the same strand after its event was
    // queued: an event is either taken here or wakes the wait below.
    while (!link->peer_gone) {
      EventStream::Taken taken = events->take();
      if (taken.dropped) {
        dropped = true;
        break;
      }
      std::string out;
      if (!taken.bytes.empty()) {
        append_framed(out, taken.bytes, chunked);
      } else if (taken.finished) {
        if (chunked) co_await write_all(link, "0\r\n\r\n", options.write_timeout_ms);
        break;
      } else if (steady_clock::now() >= heartbeat_due) {
        append_framed(out, kHeartbeat, chunked);
      }
      if (!out.empty()) {
        if (!co_await write_all(link, out, options.write_timeout_ms)) {
          dropped = link->timed_out || events->dropped();
          break;
        }
        heartbeat_due = steady_clock::now() + milliseconds(options.heartbeat_ms);
        continue;
      }
      link->wake.expires_at(heartbeat_due);
      co_await link->wake.async_wait(kNoThrow);
    }
  }
  events->finish();
  boost::system::error_code ignored;
  link->socket.shutdown(tcp::socket::shutdown_both, ignored);
  link->socket.close(ignored);
  co_return dropped;
}

}  // namespace moim::http::detail
