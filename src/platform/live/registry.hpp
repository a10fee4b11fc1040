// The hub's inside, shared by hub.cpp and the transports: who subscribed to
// what, and fan-out. Not for use outside platform/live.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/live/hub.hpp"

namespace moim::live::detail {

struct Subscriber {
  Subscriber(std::string subscribed_channel, Hub::Callback subscriber_callback)
      : channel(std::move(subscribed_channel)), callback(std::move(subscriber_callback)) {}
  const std::string channel;
  const Hub::Callback callback;
  std::uint64_t id = 0;  // set once by Registry::add
  // Held while the callback runs, so unsubscribing waits for a running call;
  // recursive so that a callback may unsubscribe itself.
  std::recursive_mutex calling;
  bool active = true;  // guarded by calling
};

class Registry {
 public:
  void add(const std::shared_ptr<Subscriber>& subscriber);
  void remove(const Subscriber& subscriber);
  // To every subscriber of message.channel. The registry lock is held only
  // to copy the list: callbacks run without it, so they may subscribe and
  // unsubscribe, and a slow one never blocks a subscribe elsewhere.
  void deliver(const Message& message) const;
  // A kResync message to every subscriber of every channel.
  void deliver_resync() const;
  void count(HubStats& stats) const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;  // guarded by mutex_
  std::unordered_map<std::string, std::unordered_map<std::uint64_t, std::shared_ptr<Subscriber>>>
      channels_;                    // guarded by mutex_
  std::int64_t subscriptions_ = 0;  // guarded by mutex_
};

// How a published message reaches the registries of every instance.
class Transport {
 public:
  virtual ~Transport() = default;
  // `transaction` is null for a publish outside one. The message is checked.
  virtual Status publish(db::Transaction* transaction, const std::string& channel,
                         std::string_view data) = 0;
  virtual void count(HubStats& stats) const { (void)stats; }
};

std::unique_ptr<Transport> make_in_process_transport(std::shared_ptr<Registry> registry);
Result<std::unique_ptr<Transport>> make_postgres_transport(const std::string& database_url,
                                                           db::Database& database,
                                                           std::shared_ptr<Registry> registry);

}  // namespace moim::live::detail
