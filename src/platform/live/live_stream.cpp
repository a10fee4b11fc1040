#include "platform/live/live_stream.hpp"

namespace moim::live {

std::shared_ptr<http::EventStream> open_stream(Hub& hub, std::string channel,
                                               StreamOptions options) {
  const std::string event = options.event;
  return open_stream(hub, std::vector<Feed>{{std::move(channel), event}}, std::move(options));
}

std::shared_ptr<http::EventStream> open_stream(Hub& hub, const std::vector<Feed>& feeds,
                                               StreamOptions options) {
  auto stream = std::make_shared<http::EventStream>(options.max_queued_bytes);
  stream->retry(options.retry_ms);
  for (const auto& feed : feeds) {
    // Weak: the stream holds the subscription, not the other way round.
    auto subscription =
        hub.subscribe(feed.channel, [weak = std::weak_ptr<http::EventStream>(stream),
                                     event = feed.event](const Message& message) {
          auto alive = weak.lock();
          if (!alive) return;
          if (message.kind == Message::Kind::kResync) {
            alive->send("resync", "");
          } else {
            alive->send(event, message.data);
          }
        });
    stream->hold(std::make_shared<Subscription>(std::move(subscription)));
  }
  return stream;
}

}  // namespace moim::live
