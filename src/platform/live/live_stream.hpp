// The glue between the hub and Server-Sent Events: an EventStream fed by one
// channel. A stream route subscribes first, then reads the state it shows
// and sends that, so no change can fall between the two:
//
//   auto stream = live::open_stream(hub, "bingo:" + std::to_string(event_id));
//   stream->send("board", board_json, version);   // the current state
//   return http::Response::event_stream(stream);
//
// Each published message becomes an event named `options.event` carrying the
// message's data; a resync (missed messages) becomes an event named "resync"
// with empty data, on which the page refetches. The subscription ends with
// the stream (client gone, dropped as too slow, or server shutdown).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "platform/http/event_stream.hpp"
#include "platform/live/hub.hpp"

namespace moim::live {

struct StreamOptions {
  std::string event = "changed";
  // How long EventSource waits before reconnecting after the stream ends.
  int retry_ms = 2000;
  std::size_t max_queued_bytes = http::EventStream::kDefaultMaxQueuedBytes;
};

std::shared_ptr<http::EventStream> open_stream(Hub& hub, std::string channel,
                                               StreamOptions options = {});

// One stream fed by several channels, each message as an event named after
// its feed (a player's own board and the game's leaderboard, say).
struct Feed {
  std::string channel;
  std::string event;
};
std::shared_ptr<http::EventStream> open_stream(Hub& hub, const std::vector<Feed>& feeds,
                                               StreamOptions options = {});

}  // namespace moim::live
