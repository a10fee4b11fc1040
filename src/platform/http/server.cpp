// Boost.Beast + Asio with C++20 coroutines on a thread pool. Each connection
// runs on its own strand; handlers are plain synchronous functions.
#include "platform/http/server.hpp"

#include "platform/http/event_stream.hpp"
#include "platform/http/stream_writer.hpp"
#include "platform/http/wire_rules.hpp"
#include "platform/log/log.hpp"

#include <sys/resource.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace moim::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

struct ConnectionState {
  explicit ConnectionState(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool waiting_for_request = true;  // touched only on the connection's strand
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  return out;
}

Request to_request(bhttp::request<bhttp::string_body>& message, const std::string& remote_ip,
                   const std::string& client_ip, bool trust_proxy) {
  Request request;
  request.method = parse_method(message.method_string());
  request.target = std::string(message.target());
  const std::size_t question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question), false);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  request.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_ip = client_ip.empty() ? remote_ip : client_ip;
  if (trust_proxy) {
    if (auto proto = request.header("x-forwarded-proto")) request.secure = *proto == "https";
  }
  return request;
}

// The response as it goes on the wire: the status line and headers, written
// here in one string, followed by the body. Writing the head ourselves saves
// building Beast's field container for every response. Like Beast, headers go
// out in the order they were set, then Content-Length (the body's length, also
// for HEAD), then Connection when the default for the version does not hold.
struct WireResponse {
  std::string head;
  std::string body;
  bool keep_alive = false;

  std::array<asio::const_buffer, 2> buffers() const {
    return {asio::buffer(head), asio::buffer(body)};
  }
};

bool same_name(std::string_view name, std::string_view lower_name) {
  return beast::iequals(name, lower_name);
}

// A header name or value never carries CR or LF onto the wire: a value built
// from a decoded path must not be able to start a header of its own.
void append_header_text(std::string& out, std::string_view text) {
  // The common case, no line break, costs two memchr; find_first_of would
  // compare each character with each of the two.
  if (text.find('\r') == std::string_view::npos && text.find('\n') == std::string_view::npos) {
    out.append(text);
    return;
  }
  for (std::size_t cut = text.find_first_of("\r\n"); cut != std::string_view::npos;
       cut = text.find_first_of("\r\n")) {
    out.append(text.substr(0, cut));
    text.remove_prefix(cut + 1);
  }
  out.append(text);
}

// The status line and the handler's headers; the framing headers are the
// server's to write.
void append_status_and_headers(std::string& out, const Response& response, unsigned version) {
  out.reserve(256 + response.headers.size() * 48);
  out += "HTTP/";
  out += static_cast<char>('0' + version / 10);
  out += '.';
  out += static_cast<char>('0' + version % 10);
  out += ' ';
  out += std::to_string(response.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (same_name(name, "content-length") || same_name(name, "connection") ||
        same_name(name, "transfer-encoding"))
      continue;
    append_header_text(out, name);
    out += ": ";
    append_header_text(out, value);
    out += "\r\n";
  }
}

// An event stream's head: no length, chunked on HTTP/1.1 (so its end is
// clean), and the connection closes when the stream ends.
std::string stream_head(const Response& response, unsigned version) {
  std::string out;
  append_status_and_headers(out, response, version);
  if (version >= 11) out += "Transfer-Encoding: chunked\r\n";
  out += "Connection: close\r\n\r\n";
  return out;
}

// Every open stream holds a file descriptor: 10,000 of them need more than
// the usual soft limit of 1,024. The hard limit is what the operator allows.
void raise_file_limit(const ServerOptions& options) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  const auto wanted =
      static_cast<rlim_t>(options.max_connections) + static_cast<rlim_t>(options.max_streams) + 64;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    log::warn("file_limit_low",
              {{"open_files", static_cast<std::int64_t>(limit.rlim_cur)},
               {"wanted", static_cast<std::int64_t>(wanted)},
               {"note", "raise the hard limit (LimitNOFILE=, ulimit -Hn) or lower max-streams"}});
  }
}

WireResponse to_wire(Response& response, unsigned version, bool head_only, bool keep_alive) {
  WireResponse wire;
  wire.keep_alive = keep_alive;
  std::string& out = wire.head;
  append_status_and_headers(out, response, version);
  out += "Content-Length: ";
  out += std::to_string(response.body.size());
  out += "\r\n";
  if (version >= 11 && !keep_alive) out += "Connection: close\r\n";
  if (version < 11 && keep_alive) out += "Connection: keep-alive\r\n";
  out += "\r\n";
  if (!head_only) wire.body = std::move(response.body);
  return wire;
}

Response plain_error(int status, std::string code, std::string message) {
  Response response =
      Response::json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message +
                                 "\",\"field\":\"\"}}");
  response.set_header("Connection", "close");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions server_options, RequestHandler request_handler, Metrics* server_metrics)
      : options(std::move(server_options)),
        handler(std::move(request_handler)),
        metrics(server_metrics),
        io(std::max(1, options.threads)),
        acceptor(io),
        signals(io, SIGINT, SIGTERM),
        drain_timer(io),
        slots(options.max_connections, options.max_connections_per_client) {}

  ServerOptions options;
  RequestHandler handler;
  Metrics* metrics;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::atomic<bool> stopping{false};
  std::atomic<int> active{0};   // request connections (a stream stops counting here)
  std::atomic<int> streams{0};  // event streams holding a max_streams place
  std::chrono::steady_clock::time_point drain_deadline;
  std::mutex connections_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<ConnectionState>> connections;  // guarded
  std::uint64_t next_connection_id = 0;                                           // guarded
  std::unordered_map<std::uint64_t, std::weak_ptr<EventStream>> open_streams;     // guarded
  ClientSlots slots;

  // Waits until connections are pending, then takes every pending one at
  // once. One accept per turn of the io queue left the connections of a rush
  // (1,000 arriving together) in the kernel's backlog behind every busy
  // connection's request, the last ones for over 10 s while their clients
  // already counted the time (the registration rush, docs/performance.md).
  asio::awaitable<void> accept_loop() {
    beast::error_code mode_error;
    acceptor.non_blocking(true, mode_error);
    for (;;) {
      auto [wait_error] = co_await acceptor.async_wait(tcp::acceptor::wait_read, kNoThrow);
      if (stopping || wait_error == asio::error::operation_aborted) co_return;
      bool pause_needed = static_cast<bool>(wait_error);
      while (!pause_needed && !stopping) {
        beast::error_code error;
        tcp::socket socket = acceptor.accept(asio::make_strand(io), error);
        if (error == asio::error::would_block) break;
        if (error)
          pause_needed = true;
        else
          admit(std::move(socket));
      }
      if (pause_needed) {
        // Out of file descriptors and the like: back off briefly, keep serving.
        asio::steady_timer pause(io, milliseconds(50));
        co_await pause.async_wait(kNoThrow);
      }
    }
  }

  bool take_slot(const std::string& counted) {
    return options.trust_proxy ? active.load() < options.max_connections : slots.acquire(counted);
  }

  void admit(tcp::socket socket) {
    auto executor = socket.get_executor();
    beast::error_code endpoint_error;
    const auto endpoint = socket.remote_endpoint(endpoint_error);
    std::string peer = endpoint_error ? std::string() : endpoint.address().to_string();
    // Behind a trusted proxy every connection comes from the proxy: the
    // client is known once its first request's headers name it, and only
    // the total counts here.
    std::string counted = options.trust_proxy ? std::string("proxy:") + peer : peer;
    if (!take_slot(counted)) {
      if (metrics) metrics->connection_refused();
      asio::co_spawn(executor, refuse(std::move(socket)), asio::detached);
      return;
    }
    asio::co_spawn(
        executor,
        serve_connection(std::move(socket), std::move(peer), options.trust_proxy ? "" : counted),
        asio::detached);
  }

  asio::awaitable<void> refuse(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(milliseconds(1000));
    Response response = plain_error(503, "unavailable", "too many connections, try again shortly");
    response.set_header("Retry-After", "1");
    const WireResponse wire = to_wire(response, 11, false, false);
    co_await asio::async_write(stream, wire.buffers(), kNoThrow);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  // `slot` is the address holding a ClientSlots slot for this connection
  // (empty behind a trusted proxy until the first request names the client).
  asio::awaitable<void> serve_connection(tcp::socket socket, std::string remote_ip,
                                         std::string slot) {
    std::string client_ip;  // the forwarded client, behind a trusted proxy
    auto state = std::make_shared<ConnectionState>(std::move(socket));
    const std::uint64_t connection_id = register_connection(state);
    ++active;
    if (metrics) metrics->connection_opened();

    beast::flat_buffer buffer;
    bool first_request = true;
    bool counts_as_active = true;  // until the connection turns into an event stream
    bool handed_off = false;       // the socket went to a stream coroutine (run_stream)
    Response stream_response;      // set when a handler answered with an event stream
    unsigned stream_version = 11;
    bool stream_head_only = false;
    while (!stopping) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
      parser.body_limit(options.max_body_bytes);
      state->waiting_for_request = true;
      // The first request's headers must arrive within header_timeout_ms of
      // accept: a client that opens connections and sends nothing (or a byte
      // at a time) loses them quickly.
      state->stream.expires_after(
          milliseconds(first_request ? std::min(options.header_timeout_ms, options.read_timeout_ms)
                                     : options.idle_timeout_ms));
      auto [header_error, header_bytes] =
          co_await bhttp::async_read_header(state->stream, buffer, parser, kNoThrow);
      state->waiting_for_request = false;
      if (header_error) {
        co_await answer_read_error(*state, header_error);
        break;
      }
      state->stream.expires_after(milliseconds(options.read_timeout_ms));
      auto& header = parser.get();
      if (const int framing = framing_verdict(header)) {
        co_await answer_status(*state, framing);
        break;
      }
      if (options.trust_proxy && slot.empty()) {
        const auto forwarded = header.find("x-forwarded-for");
        std::optional<std::string> client;
        if (forwarded != header.end())
          client = forwarded_client(forwarded->value(), options.trusted_proxy_hops);
        const std::string address = client.value_or(remote_ip);
        if (!slots.acquire(address)) {
          if (metrics) metrics->connection_refused();
          co_await answer_status(*state, 503);
          break;
        }
        slot = address;
        client_ip = address;
      }
      if (beast::iequals(header[bhttp::field::expect], "100-continue") && !parser.is_done()) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await asio::async_write(state->stream, asio::buffer(kContinue), kNoThrow);
      }
      if (!parser.is_done()) {
        auto [body_error, body_bytes] =
            co_await bhttp::async_read(state->stream, buffer, parser, kNoThrow);
        if (body_error) {
          co_await answer_read_error(*state, body_error);
          break;
        }
      }
      auto message = parser.release();
      const bool keep_alive = message.keep_alive();
      const unsigned version = message.version();
      Request request = to_request(message, remote_ip, client_ip, options.trust_proxy);
      Response response;
      try {
        response = handler(request);
      } catch (...) {  // the application layer catches first; this is the last resort
        response = plain_error(500, "internal", "internal error");
      }
      if (response.stream) {
        stream_response = std::move(response);
        stream_version = version;
        stream_head_only = request.method == Method::kHead;
        break;
      }
      const WireResponse reply =
          to_wire(response, version, request.method == Method::kHead, keep_alive && !stopping);
      state->stream.expires_after(milliseconds(options.read_timeout_ms));
      auto [write_error, written] =
          co_await asio::async_write(state->stream, reply.buffers(), kNoThrow);
      if (write_error || !reply.keep_alive) break;
      first_request = false;
    }
    if (stream_response.stream) {
      buffer = beast::flat_buffer();  // a stream reads nothing more: give the memory back
      handed_off = co_await serve_stream(*state, std::move(stream_response), stream_version,
                                         stream_head_only, slot, counts_as_active);
    }
    beast::error_code ignored;
    if (state->stream.socket().is_open()) {
      state->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      state->stream.close();
    }
    unregister_connection(connection_id);
    if (!slot.empty()) slots.release(slot);
    if (metrics && !handed_off) metrics->connection_closed();  // run_stream's, then
    if (counts_as_active) --active;
  }

  // Turns the connection into an event stream: from here it holds a
  // max_streams place instead of a request connection and a client slot,
  // and run_stream owns the socket. True once handed over; false when
  // refused (503 written).
  asio::awaitable<bool> serve_stream(ConnectionState& state, Response response, unsigned version,
                                     bool head_only, std::string& slot, bool& counts_as_active) {
    std::shared_ptr<EventStream> events = std::move(response.stream);
    bool admitted = false;
    if (!stopping) {
      admitted = streams.fetch_add(1) < options.max_streams;
      if (!admitted) --streams;
    }
    if (!admitted) {
      events->finish();
      if (metrics) metrics->connection_refused();
      Response refusal =
          plain_error(503, "unavailable", "too many open streams, try again shortly");
      refusal.set_header("Retry-After", "5");
      const WireResponse reply = to_wire(refusal, version, false, false);
      state.stream.expires_after(milliseconds(1000));
      co_await asio::async_write(state.stream, reply.buffers(), kNoThrow);
      co_return false;
    }
    if (!slot.empty()) {
      slots.release(slot);
      slot.clear();
    }
    --active;
    counts_as_active = false;
    const std::uint64_t stream_id = register_stream(events);
    if (metrics) metrics->stream_opened();
    tcp::socket socket = state.stream.release_socket();
    const auto executor = socket.get_executor();
    // A coroutine of its own, so that this one ends and its frame (the
    // parser, the Request and Response) is freed now instead of staying
    // under a stream that may last hours: a few KiB on each of 10,000.
    asio::co_spawn(executor,
                   run_stream(std::move(socket), stream_head(response, version), std::move(events),
                              version >= 11, head_only, stream_id),
                   asio::detached);
    co_return true;
  }

  asio::awaitable<void> run_stream(tcp::socket socket, std::string head,
                                   std::shared_ptr<EventStream> events, bool chunked,
                                   bool head_only, std::uint64_t stream_id) {
    const bool dropped = co_await detail::write_event_stream(
        std::move(socket), std::move(head), std::move(events), chunked, head_only,
        {.heartbeat_ms = options.stream_heartbeat_ms, .write_timeout_ms = options.read_timeout_ms});
    {
      std::lock_guard lock(connections_mutex);
      open_streams.erase(stream_id);
    }
    if (metrics) {
      metrics->stream_closed(dropped);
      metrics->connection_closed();
    }
    --streams;
  }

  // A stream registered once shutdown began is closed at once; one
  // registered before is closed by begin_shutdown (both under the mutex).
  std::uint64_t register_stream(const std::shared_ptr<EventStream>& events) {
    std::lock_guard lock(connections_mutex);
    const std::uint64_t stream_id = next_connection_id++;
    open_streams.emplace(stream_id, events);
    if (stopping) events->close();
    return stream_id;
  }

  static int framing_verdict(const bhttp::request_parser<bhttp::string_body>::value_type& header) {
    const auto encoding = header.find(bhttp::field::transfer_encoding);
    std::optional<std::string_view> transfer_encoding;
    if (encoding != header.end()) transfer_encoding = encoding->value();
    return transfer_encoding_verdict(transfer_encoding,
                                     header.find(bhttp::field::content_length) != header.end());
  }

  // Answers a request that is refused before it is read: the connection closes after.
  asio::awaitable<void> answer_status(ConnectionState& state, int status) {
    Response response =
        status == 503   ? plain_error(503, "unavailable", "too many connections from your address")
        : status == 501 ? plain_error(501, "not_implemented", "unsupported transfer coding")
                        : plain_error(400, "bad_request", "malformed HTTP request framing");
    if (status == 503) response.set_header("Retry-After", "5");
    const WireResponse reply = to_wire(response, 11, false, false);
    state.stream.expires_after(milliseconds(1000));
    co_await asio::async_write(state.stream, reply.buffers(), kNoThrow);
  }

  // Tells the client what was wrong with its request when that helps it.
  asio::awaitable<void> answer_read_error(ConnectionState& state, beast::error_code error) {
    Response response;
    if (error == bhttp::error::end_of_stream || error == asio::error::operation_aborted ||
        error == asio::error::connection_reset || error == beast::error::timeout ||
        error == asio::error::eof) {
      co_return;  // the client left, went quiet, or we are shutting down
    } else if (error == bhttp::error::body_limit) {
      response = plain_error(
          413, "payload_too_large",
          "request body is larger than " + std::to_string(options.max_body_bytes) + " bytes");
    } else if (error == bhttp::error::header_limit) {
      response = plain_error(431, "headers_too_large", "request headers are too large");
    } else {
      response = plain_error(400, "bad_request", "malformed HTTP request");
    }
    const WireResponse reply = to_wire(response, 11, false, false);
    state.stream.expires_after(milliseconds(1000));
    co_await asio::async_write(state.stream, reply.buffers(), kNoThrow);
  }

  std::uint64_t register_connection(const std::shared_ptr<ConnectionState>& state) {
    std::lock_guard lock(connections_mutex);
    const std::uint64_t connection_id = next_connection_id++;
    connections.emplace(connection_id, state);
    return connection_id;
  }

  void unregister_connection(std::uint64_t connection_id) {
    std::lock_guard lock(connections_mutex);
    connections.erase(connection_id);
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    // Idle keep-alive connections are closed now; busy ones finish their
    // request and close after writing the response.
    std::lock_guard lock(connections_mutex);
    for (auto& [connection_id, weak_state] : connections) {
      if (auto state = weak_state.lock()) {
        asio::post(state->stream.get_executor(), [state] {
          if (state->waiting_for_request) state->stream.cancel();
        });
      }
    }
    // Streams end after writing what is queued; EventSource reconnects (to
    // another instance, or to this one once it is back).
    for (auto& [stream_id, weak_events] : open_streams) {
      if (auto events = weak_events.lock()) events->close();
    }
    drain_deadline = std::chrono::steady_clock::now() + milliseconds(options.shutdown_grace_ms);
    wait_for_drain();
  }

  void wait_for_drain() {
    drain_timer.expires_after(milliseconds(20));
    drain_timer.async_wait([this](beast::error_code) {
      if ((active.load() == 0 && streams.load() == 0) ||
          std::chrono::steady_clock::now() >= drain_deadline) {
        io.stop();
      } else {
        wait_for_drain();
      }
    });
  }
};

Server::Server(ServerOptions options, RequestHandler handler, Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {
  if (impl_->options.threads <= 0) {
    impl_->options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
}

Server::~Server() = default;

Result<std::uint16_t> Server::listen() {
  raise_file_limit(impl_->options);
  beast::error_code error;
  const auto address = asio::ip::make_address(impl_->options.host, error);
  if (error) return Error::invalid("listen", "not an IP address: " + impl_->options.host);
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Error::invalid("listen", "cannot listen on " + impl_->options.host + ":" +
                                        std::to_string(impl_->options.port) + ": " +
                                        error.message());
  }
  return acceptor.local_endpoint().port();
}

void Server::run() {
  Impl& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code error, int) {
    if (!error) impl.begin_shutdown();
  });
  asio::co_spawn(impl.io, impl.accept_loop(), asio::detached);
  std::vector<std::thread> workers;
  for (int thread_idx = 1; thread_idx < impl.options.threads; ++thread_idx) {
    workers.emplace_back([&impl] { impl.io.run(); });
  }
  impl.io.run();
  for (auto& worker : workers) worker.join();
}

void Server::stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace moim::http
