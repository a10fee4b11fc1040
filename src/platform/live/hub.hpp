// Live updates: a small publish/subscribe hub. A service publishes a short
// message on a channel when something changed; every subscriber of that
// channel, on every instance, gets it within a moment, typically to push it
// down a Server-Sent Events stream (platform/http/event_stream.hpp).
//
//   // in a service, inside the write transaction that made the change:
//   hub.publish(transaction, "bingo:42", R"({"version":17})");   // sent on commit only
//   // in a stream handler:
//   live::Subscription subscription = hub.subscribe("bingo:42", [](const live::Message& m) {...});
//
// Two transports behind one interface:
// - in-process (SQLite, one instance): publish(transaction, ...) delivers
//   right after the transaction commits, on the committing thread;
// - PostgreSQL LISTEN/NOTIFY (several instances, no other broker): publishing
//   is `SELECT pg_notify(...)` in the writer's own transaction, which the
//   server sends only if it commits; one dedicated connection per process
//   LISTENs and fans out on its own thread. Notifications are per database,
//   so the PostgreSQL channel is named after the schema: instances share
//   live updates exactly when they share tables.
//
// Messages are hints, not a log: a subscriber that lost some (the listening
// connection dropped and came back, a slow SSE client was dropped) gets a
// Message of Kind::kResync and refetches the state. Data is UTF-8 text (JSON)
// of at most kMaxDataBytes: NOTIFY carries under 8000 bytes. A bigger change
// publishes a small "changed" message (an id, a version) and clients fetch
// the rest; publish() refuses larger data with a 400 Error naming "data", on
// both transports, so a test on SQLite catches what PostgreSQL would refuse.
// PostgreSQL folds identical notifications in one transaction into one.
//
// Callbacks run on the publishing thread (in-process) or the listener
// thread (PostgreSQL), never two at once for one subscription, and never
// with a hub lock held: they should be quick (queue, don't write sockets).
// Once a Subscription is destroyed or reset, its callback is not running and
// never runs again (reset from inside the callback itself is allowed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::live {

struct Message {
  enum class Kind { kData, kResync };
  Kind kind = Kind::kData;
  std::string channel;  // with kResync: the subscriber's own channel
  std::string data;     // empty with kResync
};

namespace detail {
class Registry;
struct Subscriber;
class Transport;
}  // namespace detail

// Unsubscribes when destroyed or reset. May outlive its Hub.
class Subscription {
 public:
  Subscription() = default;
  Subscription(Subscription&& other) noexcept = default;
  Subscription& operator=(Subscription&& other) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { reset(); }
  void reset();
  explicit operator bool() const { return subscriber_ != nullptr; }

 private:
  friend class Hub;
  Subscription(std::weak_ptr<detail::Registry> registry,
               std::shared_ptr<detail::Subscriber> subscriber)
      : registry_(std::move(registry)), subscriber_(std::move(subscriber)) {}
  std::weak_ptr<detail::Registry> registry_;
  std::shared_ptr<detail::Subscriber> subscriber_;
};

struct HubStats {
  std::int64_t subscriptions = 0;
  std::int64_t channels = 0;
  bool listening = true;        // PostgreSQL: the LISTEN connection is up now
  std::int64_t reconnects = 0;  // PostgreSQL: times it came back (each sent a resync)
};

class Hub {
 public:
  static constexpr std::size_t kMaxChannelBytes = 200;
  static constexpr std::size_t kMaxDataBytes = 7000;
  using Callback = std::function<void(const Message&)>;

  // Delivery inside this process only (SQLite: one instance).
  static std::unique_ptr<Hub> in_process();
  // LISTEN/NOTIFY on the database and schema `database_url` names (as given
  // to db::Database::open); publish() without a transaction takes a short
  // one from `database`, which must outlive the hub. Fails when it cannot
  // connect now; later losses reconnect with backoff.
  static Result<std::unique_ptr<Hub>> postgres(const std::string& database_url,
                                               db::Database& database);
  // The transport for this deployment: postgres() for a postgresql:// URL.
  static Result<std::unique_ptr<Hub>> open(const std::string& database_url, db::Database& database);

  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Delivered when `transaction` commits, never if it rolls back.
  Status publish(db::Transaction& transaction, std::string_view channel, std::string_view data);
  // Delivered now (PostgreSQL: in a transaction of its own).
  Status publish(std::string_view channel, std::string_view data);
  // `channel`: 1..kMaxChannelBytes bytes, no line breaks. An invalid channel
  // gives an empty Subscription that never fires.
  Subscription subscribe(std::string channel, Callback callback);
  HubStats stats() const;

 private:
  Hub();
  std::shared_ptr<detail::Registry> registry_;  // shared: a Subscription may outlive the hub
  std::unique_ptr<detail::Transport> transport_;
};

// Why `channel` and `data` cannot be published, or nullopt when they can.
std::optional<Error> check_message(std::string_view channel, std::string_view data);

}  // namespace moim::live
