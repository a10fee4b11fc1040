// Server-Sent Events (the HTML standard's text/event-stream) without Beast.
//
// A handler that wants to push answers with a stream instead of a body:
//
//   auto stream = std::make_shared<http::EventStream>();
//   stream->send("hello", "{}");                      // queued before the headers go out
//   auto subscription = hub.subscribe(channel, [weak = std::weak_ptr(stream)](auto& message) {
//     if (auto alive = weak.lock()) alive->send("changed", message.data);
//   });
//   stream->hold(std::make_shared<live::Subscription>(std::move(subscription)));
//   return http::Response::event_stream(stream);
//
// The server then writes the headers (200, text/event-stream, Cache-Control:
// no-cache, X-Accel-Buffering: no), every queued event as it comes, and a
// comment heartbeat when the stream is quiet (so proxies and phones keep the
// connection). It ends when the handler's side calls close() (after writing
// what is queued), when the client goes away, when the server shuts down, or
// when the client falls behind: a queue over max_queued_bytes drops the
// stream at once; EventSource reconnects by itself, sending Last-Event-ID.
// Whenever it ends, the resources given to hold() are released, so the
// subscription feeding a gone client unsubscribes.
//
// Memory per stream is this object plus what is queued and not yet written:
// an idle stream holds no buffer.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace moim::http {

class EventStream {
 public:
  static constexpr std::size_t kDefaultMaxQueuedBytes = 64 * 1024;
  explicit EventStream(std::size_t max_queued_bytes = kDefaultMaxQueuedBytes)
      : max_queued_bytes_(max_queued_bytes) {}
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // Queues one event; thread-safe. An empty `event` is the default
  // "message" event; an empty `id` sets none (the client keeps its last).
  // `data` may span lines. CR and LF in `event` and `id` are dropped: they
  // cannot start a field of their own. False when the stream is closed, or
  // when this event overflowed the queue (the stream is then dropped).
  bool send(std::string_view event, std::string_view data, std::string_view id = {});
  // Tells the client how long to wait before reconnecting (the retry field).
  bool retry(int milliseconds);
  // A comment line, ignored by EventSource.
  bool comment(std::string_view text);
  // Ends the stream once what is queued is written; thread-safe, idempotent.
  void close();
  bool closed() const;
  // Closed because the queue overflowed: the writer stops at once.
  bool dropped() const;
  // Keeps `resource` alive until the stream ends, whatever ends it.
  void hold(std::shared_ptr<void> resource);

  // ---- The server's side (platform/http/stream_writer.cpp).
  struct Taken {
    std::string bytes;      // formatted events to write now
    bool finished = false;  // closed and nothing left: end the response
    bool dropped = false;   // overflowed: end at once, without flushing
  };
  // `wake` is called (on whichever thread queued) when there is something to
  // take; it must be cheap and must not call back into this stream.
  void attach(std::function<void()> wake);
  Taken take();
  // The response ended (client gone, write failed, shut down): no more
  // sends, the waker is dropped and held resources are released.
  void finish();

 private:
  bool enqueue(std::string frame);
  // Moves held resources out so they are destroyed outside mutex_: a
  // Subscription's destructor waits for its callback, which may be in send().
  std::vector<std::shared_ptr<void>> close_locked(bool dropped);

  const std::size_t max_queued_bytes_;
  mutable std::mutex mutex_;
  std::string queue_;                        // guarded by mutex_: formatted, not yet taken
  bool closed_ = false;                      // guarded by mutex_: no more sends
  bool dropped_ = false;                     // guarded by mutex_: overflowed, do not flush
  bool wake_pending_ = false;                // guarded by mutex_: woken since the last take
  std::function<void()> wake_;               // guarded by mutex_
  std::vector<std::shared_ptr<void>> held_;  // guarded by mutex_
};

// One event in text/event-stream form: "event: E\ndata: L1\ndata: L2\nid: I\n\n".
std::string format_event(std::string_view event, std::string_view data, std::string_view id);

// The id of the last event the client saw, from its Last-Event-ID header
// (EventSource sends it when reconnecting) or, for a first connection that
// wants to resume, the `last_event_id` query parameter. At most 256 bytes.
std::optional<std::string> last_event_id(const Request& request);

}  // namespace moim::http
