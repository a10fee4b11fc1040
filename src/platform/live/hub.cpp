#include "platform/live/hub.hpp"

#include <vector>

#include "platform/live/registry.hpp"
#include "platform/log/log.hpp"

namespace moim::live {

namespace detail {

void Registry::add(const std::shared_ptr<Subscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  subscriber->id = next_id_++;
  channels_[subscriber->channel].emplace(subscriber->id, subscriber);
  ++subscriptions_;
}

void Registry::remove(const Subscriber& subscriber) {
  std::lock_guard lock(mutex_);
  auto channel = channels_.find(subscriber.channel);
  if (channel == channels_.end()) return;
  subscriptions_ -= static_cast<std::int64_t>(channel->second.erase(subscriber.id));
  if (channel->second.empty()) channels_.erase(channel);
}

namespace {

void call(Subscriber& subscriber, const Message& message) {
  std::lock_guard lock(subscriber.calling);
  if (!subscriber.active) return;
  try {
    subscriber.callback(message);
  } catch (const std::exception& failure) {
    // One broken subscriber must not keep the message from the others.
    log::error("live_subscriber_failed",
               {{"channel", subscriber.channel}, {"what", failure.what()}});
  } catch (...) {
    log::error("live_subscriber_failed", {{"channel", subscriber.channel}});
  }
}

}  // namespace

void Registry::deliver(const Message& message) const {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    auto channel = channels_.find(message.channel);
    if (channel == channels_.end()) return;
    targets.reserve(channel->second.size());
    for (const auto& [subscriber_id, subscriber] : channel->second) targets.push_back(subscriber);
  }
  for (const auto& subscriber : targets) call(*subscriber, message);
}

void Registry::deliver_resync() const {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    targets.reserve(static_cast<std::size_t>(subscriptions_));
    for (const auto& [channel, subscribers] : channels_)
      for (const auto& [subscriber_id, subscriber] : subscribers) targets.push_back(subscriber);
  }
  for (const auto& subscriber : targets) {
    call(*subscriber, Message{Message::Kind::kResync, subscriber->channel, {}});
  }
}

void Registry::count(HubStats& stats) const {
  std::lock_guard lock(mutex_);
  stats.subscriptions = subscriptions_;
  stats.channels = static_cast<std::int64_t>(channels_.size());
}

namespace {

class InProcessTransport final : public Transport {
 public:
  explicit InProcessTransport(std::shared_ptr<Registry> registry)
      : registry_(std::move(registry)) {}

  Status publish(db::Transaction* transaction, const std::string& channel,
                 std::string_view data) override {
    Message message{Message::Kind::kData, channel, std::string(data)};
    if (transaction == nullptr) {
      registry_->deliver(message);
    } else {
      transaction->after_commit(
          [weak = std::weak_ptr<Registry>(registry_), message = std::move(message)] {
            if (auto registry = weak.lock()) registry->deliver(message);
          });
    }
    return ok_status();
  }

 private:
  std::shared_ptr<Registry> registry_;
};

}  // namespace

std::unique_ptr<Transport> make_in_process_transport(std::shared_ptr<Registry> registry) {
  return std::make_unique<InProcessTransport>(std::move(registry));
}

}  // namespace detail

namespace {

// Strict UTF-8: PostgreSQL refuses anything else in a notification, so the
// in-process transport refuses it too.
bool valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      if (lead == 0) return false;  // NUL ends a C string on the way to libpq
      ++pos;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3, code = lead & 0x07;
    } else {
      return false;
    }
    if (pos + extra >= text.size()) return false;  // cut short
    for (std::size_t idx = 1; idx <= extra; ++idx) {
      const auto next = static_cast<unsigned char>(text[pos + idx]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return false;
    pos += extra + 1;
  }
  return true;
}

bool valid_channel(std::string_view channel) {
  if (channel.empty() || channel.size() > Hub::kMaxChannelBytes) return false;
  return channel.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos &&
         valid_utf8(channel);
}

}  // namespace

std::optional<Error> check_message(std::string_view channel, std::string_view data) {
  if (!valid_channel(channel)) {
    return Error::invalid("channel", "a live channel is 1 to " +
                                         std::to_string(Hub::kMaxChannelBytes) +
                                         " bytes of UTF-8 on one line");
  }
  if (data.size() > Hub::kMaxDataBytes) {
    return Error::invalid("data",
                          "live data is at most " + std::to_string(Hub::kMaxDataBytes) +
                              " bytes: publish what changed and let clients fetch the rest");
  }
  if (!valid_utf8(data)) return Error::invalid("data", "live data must be UTF-8 text");
  return std::nullopt;
}

void Subscription::reset() {
  if (!subscriber_) return;
  if (auto registry = registry_.lock()) registry->remove(*subscriber_);
  {
    // Waits for a call running on another thread; from inside the callback
    // itself the lock is already ours.
    std::lock_guard lock(subscriber_->calling);
    subscriber_->active = false;
  }
  subscriber_.reset();
  registry_.reset();
}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    registry_ = std::move(other.registry_);
    subscriber_ = std::move(other.subscriber_);
  }
  return *this;
}

Hub::Hub() : registry_(std::make_shared<detail::Registry>()) {}

Hub::~Hub() {
  transport_.reset();  // the PostgreSQL listener stops before the registry goes
}

std::unique_ptr<Hub> Hub::in_process() {
  std::unique_ptr<Hub> hub(new Hub());
  hub->transport_ = detail::make_in_process_transport(hub->registry_);
  return hub;
}

Result<std::unique_ptr<Hub>> Hub::postgres(const std::string& database_url,
                                           db::Database& database) {
  std::unique_ptr<Hub> hub(new Hub());
  auto transport = detail::make_postgres_transport(database_url, database, hub->registry_);
  if (!transport) return transport.error();
  hub->transport_ = std::move(transport.value());
  return hub;
}

Result<std::unique_ptr<Hub>> Hub::open(const std::string& database_url, db::Database& database) {
  if (database_url.starts_with("postgresql://") || database_url.starts_with("postgres://"))
    return postgres(database_url, database);
  return in_process();
}

Status Hub::publish(db::Transaction& transaction, std::string_view channel, std::string_view data) {
  if (auto refusal = check_message(channel, data)) return *refusal;
  return transport_->publish(&transaction, std::string(channel), data);
}

Status Hub::publish(std::string_view channel, std::string_view data) {
  if (auto refusal = check_message(channel, data)) return *refusal;
  return transport_->publish(nullptr, std::string(channel), data);
}

Subscription Hub::subscribe(std::string channel, Callback callback) {
  if (!valid_channel(channel) || !callback) return {};
  auto subscriber = std::make_shared<detail::Subscriber>(std::move(channel), std::move(callback));
  registry_->add(subscriber);
  return Subscription(registry_, std::move(subscriber));
}

HubStats Hub::stats() const {
  HubStats stats;
  registry_->count(stats);
  transport_->count(stats);
  return stats;
}

}  // namespace moim::live
