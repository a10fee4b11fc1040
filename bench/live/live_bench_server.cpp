// The live-update benchmark's server: moim's own HTTP server and live hub,
// with two routes and nothing else, so the figures are those of the push
// channel (sockets, queues, fan-out) without any room's work in them.
//
//   GET  /live/{channel}     a Server-Sent Events stream of the channel
//                            (live::open_stream, as a room's stream route)
//   POST /publish/{channel}  publishes the body on the channel, in a write
//                            transaction on PostgreSQL (pg_notify on commit)
//
// Usage: moim_bench_live PORT_FILE [DATABASE_URL] [THREADS]
//   DATABASE_URL: sqlite::memory: (in-process hub, the default) or a
//   postgresql:// URL (LISTEN/NOTIFY: run two servers on one URL and publish
//   on one to measure the trip between instances).
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "platform/db/database.hpp"
#include "platform/http/event_stream.hpp"
#include "platform/http/server.hpp"
#include "platform/live/hub.hpp"
#include "platform/live/live_stream.hpp"
#include "platform/log/log.hpp"

int main(int argc, char** argv) {
  using namespace moim;
  if (argc < 2) {
    std::cerr << "usage: moim_bench_live PORT_FILE [DATABASE_URL] [THREADS]\n";
    return 2;
  }
  const std::string url = argc > 2 ? argv[2] : "sqlite::memory:";
  log::set_min_level(log::Level::kWarn);
  auto database = db::Database::open(url, {.pool_size = 4});
  if (!database) {
    std::cerr << "moim_bench_live: " << database.error().message << "\n";
    return 1;
  }
  auto hub = live::Hub::open(url, *database.value());
  if (!hub) {
    std::cerr << "moim_bench_live: " << hub.error().message << "\n";
    return 1;
  }
  live::Hub& live_hub = *hub.value();
  db::Database& db = *database.value();
  http::ServerOptions options;
  options.port = 0;
  options.threads = argc > 3 ? std::atoi(argv[3]) : 2;
  options.max_streams = 50'000;
  http::Metrics metrics;
  http::Server server(
      options,
      [&](http::Request& request) -> http::Response {
        if (request.method == http::Method::kGet && request.path.starts_with("/live/")) {
          return http::Response::event_stream(live::open_stream(live_hub, request.path.substr(6)));
        }
        if (request.method == http::Method::kPost && request.path.starts_with("/publish/")) {
          const std::string channel = request.path.substr(9);
          Status published = ok_status();
          if (db.dialect() == db::Dialect::kPostgres) {
            auto writer = db.write();
            if (!writer) return http::Response::text(503, writer.error().message);
            published = live_hub.publish(*writer, channel, request.body);
            if (published) published = writer->commit();
          } else {
            published = live_hub.publish(channel, request.body);
          }
          if (!published) return http::Response::text(400, published.error().message);
          return http::Response::text(200, "ok");
        }
        if (request.path == "/metrics") return http::Response::text(200, metrics.render());
        return http::Response::text(404, "no such route");
      },
      &metrics);
  auto port = server.listen();
  if (!port) {
    std::cerr << "moim_bench_live: " << port.error().message << "\n";
    return 1;
  }
  std::ofstream(argv[1]) << port.value() << "\n";
  server.run();
  return 0;
}
