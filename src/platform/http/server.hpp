// The HTTP/1.1 server. Beast and Asio live only in server.cpp, behind this
// small interface, so no other file pays their compile cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "platform/base/error.hpp"
#include "platform/http/message.hpp"
#include "platform/http/metrics.hpp"

namespace moim::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::listen)
  int threads = 0;            // 0: one per core
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  int header_timeout_ms = 10'000;  // from accept to the first request's complete headers
  int read_timeout_ms = 15'000;    // to receive a whole request once it started
  int idle_timeout_ms = 60'000;    // keep-alive wait for the next request
  int max_connections = 1024;      // beyond: 503 and close
  // One client address may hold this many; the last eighth of max_connections
  // is kept for addresses holding fewer than kReserveHolders connections, so a
  // flood from a few addresses cannot shut everyone else out.
  int max_connections_per_client = 64;
  int shutdown_grace_ms = 10'000;  // in-flight requests get this long to finish
  // Server-Sent Event streams (event_stream.hpp) open at once. A stream stops
  // counting against max_connections and the per-client limit once its
  // headers are out (a venue's phones share one address), and the idle and
  // read timeouts no longer apply to it. Beyond: 503 with Retry-After.
  int max_streams = 20'000;
  int stream_heartbeat_ms = 20'000;  // a comment line on a quiet stream, for proxies and phones
  // Honour X-Forwarded-For / X-Forwarded-Proto. The client is the address
  // trusted_proxy_hops from the right of X-Forwarded-For (what the nearest
  // trusted proxy appended), never what the client itself wrote on the left.
  bool trust_proxy = false;
  int trusted_proxy_hops = 1;
};

class Server {
 public:
  using RequestHandler = std::function<Response(Request&)>;
  Server(ServerOptions options, RequestHandler handler, Metrics* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Raises the soft limit on
  // open files to the hard limit first (every stream holds a descriptor).
  Result<std::uint16_t> listen();
  // Serves until SIGINT/SIGTERM or stop(): then stops accepting, lets
  // in-flight requests finish (bounded by shutdown_grace_ms) and returns.
  void run();
  // Starts the same graceful shutdown from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace moim::http
