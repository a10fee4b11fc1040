#include "platform/http/event_stream.hpp"

namespace moim::http {

namespace {

// A field value on one line: CR, LF and NUL would end the field early (or,
// in an id, make EventSource ignore it).
void append_single_line(std::string& out, std::string_view text) {
  for (char ch : text) {
    if (ch != '\r' && ch != '\n' && ch != '\0') out += ch;
  }
}

}  // namespace

std::string format_event(std::string_view event, std::string_view data, std::string_view id) {
  std::string frame;
  frame.reserve(event.size() + data.size() + id.size() + 24);
  if (!event.empty()) {
    frame += "event: ";
    append_single_line(frame, event);
    frame += '\n';
  }
  // Each line of data is a data field of its own; the client joins them
  // with "\n". CRLF, CR and LF all end a line.
  std::string_view rest = data;
  for (;;) {
    const std::size_t cut = rest.find_first_of("\r\n");
    frame += "data: ";
    frame.append(rest.substr(0, cut));
    frame += '\n';
    if (cut == std::string_view::npos) break;
    const std::size_t skip = rest.compare(cut, 2, "\r\n") == 0 ? 2 : 1;
    rest.remove_prefix(cut + skip);
  }
  if (!id.empty()) {
    frame += "id: ";
    append_single_line(frame, id);
    frame += '\n';
  }
  frame += '\n';
  return frame;
}

std::optional<std::string> last_event_id(const Request& request) {
  constexpr std::size_t kMaxIdBytes = 256;
  std::optional<std::string> id;
  if (auto header = request.header("last-event-id")) {
    id = std::string(*header);
  } else {
    id = request.query_param("last_event_id");
  }
  if (!id || id->empty() || id->size() > kMaxIdBytes) return std::nullopt;
  return id;
}

bool EventStream::send(std::string_view event, std::string_view data, std::string_view id) {
  return enqueue(format_event(event, data, id));
}

bool EventStream::retry(int milliseconds) {
  return enqueue("retry: " + std::to_string(milliseconds < 0 ? 0 : milliseconds) + "\n\n");
}

bool EventStream::comment(std::string_view text) {
  std::string frame = ": ";
  append_single_line(frame, text);
  frame += "\n\n";
  return enqueue(std::move(frame));
}

bool EventStream::enqueue(std::string frame) {
  std::vector<std::shared_ptr<void>> released;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (queue_.size() + frame.size() > max_queued_bytes_) {
      // The client reads slower than we publish: drop it rather than buffer
      // without bound. It reconnects and refetches.
      released = close_locked(true);
    } else {
      if (queue_.empty())
        queue_ = std::move(frame);
      else
        queue_ += frame;
      if (!wake_pending_ && wake_) {
        wake_pending_ = true;
        wake_();
      }
      return true;
    }
  }
  return false;  // `released` is destroyed here, outside the lock
}

std::vector<std::shared_ptr<void>> EventStream::close_locked(bool dropped) {
  if (!closed_) {
    closed_ = true;
    dropped_ = dropped;
    if (dropped) queue_ = std::string();
    // A drop always wakes, even with a wake pending: that wake's handler may
    // already have run (and found the stream not yet dropped) while the
    // writer sits in a write the client never reads; only a wake that sees
    // the drop cancels that write (stream_writer.cpp).
    if (wake_ && (dropped || !wake_pending_)) {
      wake_pending_ = true;
      wake_();
    }
  }
  return std::move(held_);
}

void EventStream::close() {
  std::vector<std::shared_ptr<void>> released;
  std::lock_guard lock(mutex_);
  released = close_locked(false);
}

bool EventStream::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

bool EventStream::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EventStream::hold(std::shared_ptr<void> resource) {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      held_.push_back(std::move(resource));
      return;
    }
  }
  // Already ended: release at once, as the stream would have.
}

void EventStream::attach(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
  wake_pending_ = false;
}

EventStream::Taken EventStream::take() {
  std::lock_guard lock(mutex_);
  Taken taken;
  wake_pending_ = false;
  taken.dropped = dropped_;
  if (!dropped_) taken.bytes = std::exchange(queue_, std::string());
  taken.finished = closed_ && taken.bytes.empty();
  return taken;
}

void EventStream::finish() {
  std::vector<std::shared_ptr<void>> released;
  std::lock_guard lock(mutex_);
  released = close_locked(false);
  wake_ = nullptr;
  queue_ = std::string();
}

}  // namespace moim::http

namespace moim::http {

Response Response::event_stream(std::shared_ptr<EventStream> stream) {
  Response response;
  response.status = 200;
  response.stream = std::move(stream);
  response.set_header("Content-Type", "text/event-stream; charset=utf-8");
  // Neither the browser nor a proxy may keep or hold back what streams by:
  // X-Accel-Buffering turns nginx's response buffering off for this one.
  response.set_header("Cache-Control", "no-cache, no-store");
  response.set_header("X-Accel-Buffering", "no");
  return response;
}

}  // namespace moim::http
