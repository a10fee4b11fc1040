// The writing half of a Server-Sent Events response, on a socket the server
// hands over once the handler answered with an EventStream. Internal to
// platform/http: only server.cpp and stream_writer.cpp include it, and it
// needs Asio but not Beast.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>

#include "platform/http/event_stream.hpp"

namespace moim::http::detail {

struct StreamWriterOptions {
  int heartbeat_ms = 20'000;      // a comment line after this long without a write
  int write_timeout_ms = 15'000;  // a write stuck longer drops the client
};

// Writes `head` (status line and headers, ending in an empty line), then the
// stream's events as they are queued and heartbeats while it is quiet, until
// the stream finishes or drops, the client hangs up, or a write fails or
// times out. Chunked framing when `chunked` (HTTP/1.1), else the body ends
// when the connection does (HTTP/1.0). With `head_only` (a HEAD request) only
// the head goes out. Closes the socket and calls events->finish() before it
// returns; returns true when the client was dropped for falling behind.
boost::asio::awaitable<bool> write_event_stream(boost::asio::ip::tcp::socket socket,
                                                std::string head,
                                                std::shared_ptr<EventStream> events, bool chunked,
                                                bool head_only, StreamWriterOptions options);

}  // namespace moim::http::detail
