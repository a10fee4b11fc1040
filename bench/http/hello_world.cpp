// The baseline for the HTTP benchmark: the smallest Boost.Beast server built
// the way moim's server is (Asio thread pool, one coroutine per connection on
// its own strand, keep-alive, a string body), answering every request with
// "Hello, world!". moim's figures are reported as a ratio to this one, measured
// in the same run, so that a noisy shared machine still gives comparable numbers.
//
// Usage: moim_bench_hello PORT_FILE [THREADS]   (listens on 127.0.0.1, any port)
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

asio::awaitable<void> serve_connection(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request<bhttp::string_body> request;
    stream.expires_after(std::chrono::seconds(60));
    auto [read_error, read_bytes] = co_await bhttp::async_read(stream, buffer, request, kNoThrow);
    if (read_error) break;
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, request.version()};
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.keep_alive(request.keep_alive());
    response.body() = "Hello, world!";
    response.prepare_payload();
    auto [write_error, written] = co_await bhttp::async_write(stream, response, kNoThrow);
    if (write_error || !response.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(asio::io_context& io, tcp::acceptor& acceptor) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(io), kNoThrow);
    if (error) co_return;
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: moim_bench_hello PORT_FILE [THREADS]\n";
    return 2;
  }
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  asio::io_context io(threads);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::ofstream(argv[1]) << acceptor.local_endpoint().port() << "\n";
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { io.stop(); });
  asio::co_spawn(io, accept_loop(io, acceptor), asio::detached);
  std::vector<std::thread> workers;
  for (int thread_idx = 1; thread_idx < threads; ++thread_idx)
    workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
  return 0;
}
