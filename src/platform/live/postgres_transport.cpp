// LISTEN/NOTIFY: every instance publishes with pg_notify in the writer's own
// transaction and listens on one connection of its own, so a change made on
// one instance reaches the phones connected to any other, with no broker
// beside the database. The listening connection is not from the pool: it
// stays idle in LISTEN for the life of the process.
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <fcntl.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <thread>

#include "platform/live/registry.hpp"
#include "platform/log/log.hpp"

namespace moim::live::detail {

namespace {

constexpr int kFirstBackoffMs = 250;
constexpr int kLongestBackoffMs = 10'000;

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// TCP keepalives notice a server that vanished without closing the
// connection (a failover, a cut cable), which an idle LISTEN would not.
PGconn* connect(const std::string& url) {
  const char* keywords[] = {"dbname",
                            "connect_timeout",
                            "keepalives",
                            "keepalives_idle",
                            "keepalives_interval",
                            "keepalives_count",
                            "application_name",
                            nullptr};
  const char* values[] = {url.c_str(), "5", "1", "30", "10", "3", "moim-live", nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (PQstatus(connection) != CONNECTION_OK) {
    PQfinish(connection);
    return nullptr;
  }
  return connection;
}

std::string connection_error(PGconn* connection, const std::string& url) {
  std::string message;
  if (connection != nullptr) {
    message = PQerrorMessage(connection);
  } else {
    PGconn* probe = PQconnectdb(url.c_str());
    message = PQerrorMessage(probe);
    PQfinish(probe);
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// Notifications are per database, tables per schema: the channel is named
// after the schema so that only instances sharing tables share updates
// (and test runs in schemas of their own never hear each other).
std::optional<std::string> channel_name(PGconn* connection) {
  PgResult result(
      PQexec(connection, "SELECT 'moim_live_' || to_hex(hashtext(coalesce(current_schema(), '')))"),
      &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1)
    return std::nullopt;
  return std::string(PQgetvalue(result.get(), 0, 0));
}

bool listen_on(PGconn* connection, const std::string& pg_channel) {
  PgResult result(PQexec(connection, ("LISTEN \"" + pg_channel + "\"").c_str()), &PQclear);
  return PQresultStatus(result.get()) == PGRES_COMMAND_OK;
}

class PostgresTransport final : public Transport {
 public:
  PostgresTransport(std::string url, db::Database& database, std::shared_ptr<Registry> registry,
                    PGconn* connection, std::string pg_channel, int wake_read, int wake_write)
      : url_(std::move(url)),
        database_(database),
        registry_(std::move(registry)),
        pg_channel_(std::move(pg_channel)),
        wake_read_(wake_read),
        wake_write_(wake_write),
        connection_(connection) {
    listening_ = true;
    listener_ = std::thread([this] { listen_loop(); });
  }

  ~PostgresTransport() override {
    stopping_ = true;
    const char byte = 1;
    while (::write(wake_write_, &byte, 1) < 0 && errno == EINTR) {
    }
    listener_.join();
    if (connection_ != nullptr) PQfinish(connection_);
    ::close(wake_read_);
    ::close(wake_write_);
  }

  // The payload is "channel\ndata": one PostgreSQL channel carries them all.
  Status publish(db::Transaction* transaction, const std::string& channel,
                 std::string_view data) override {
    std::string payload = channel;
    payload += '\n';
    payload.append(data);
    const std::initializer_list<db::Value> params{pg_channel_, std::move(payload)};
    if (transaction != nullptr) {
      auto sent = transaction->query("SELECT pg_notify(?, ?)", params);
      if (!sent) return sent.error();
      return ok_status();
    }
    auto own = database_.write();
    if (!own) return own.error();
    auto sent = own->query("SELECT pg_notify(?, ?)", params);
    if (!sent) return sent.error();
    return own->commit();
  }

  void count(HubStats& stats) const override {
    stats.listening = listening_.load();
    stats.reconnects = reconnects_.load();
  }

 private:
  void listen_loop() {
    int backoff_ms = kFirstBackoffMs;
    bool lost = false;  // notifications may have been missed since the last LISTEN
    while (!stopping_) {
      if (connection_ == nullptr) {
        connection_ = connect(url_);
        if (connection_ != nullptr && !listen_on(connection_, pg_channel_)) {
          PQfinish(connection_);
          connection_ = nullptr;
        }
        if (connection_ == nullptr) {
          wait_for_wake(backoff_ms);
          backoff_ms = std::min(backoff_ms * 2, kLongestBackoffMs);
          continue;
        }
        backoff_ms = kFirstBackoffMs;
        listening_ = true;
        ++reconnects_;
        log::info("live_listener_reconnected", {{"channel", pg_channel_}});
        if (lost) registry_->deliver_resync();
        lost = false;
      }
      if (!wait_for_input()) continue;  // woken to stop, or interrupted
      if (PQconsumeInput(connection_) == 0 || PQstatus(connection_) != CONNECTION_OK) {
        log::warn("live_listener_lost",
                  {{"channel", pg_channel_}, {"error", connection_error(connection_, url_)}});
        PQfinish(connection_);
        connection_ = nullptr;
        listening_ = false;
        lost = true;
        continue;
      }
      while (PGnotify* note = PQnotifies(connection_)) {
        dispatch(note->extra);
        PQfreemem(note);
      }
    }
  }

  void dispatch(const char* payload) {
    const std::string_view text(payload);
    const std::size_t cut = text.find('\n');
    if (cut == std::string_view::npos) return;  // not ours
    registry_->deliver(Message{Message::Kind::kData, std::string(text.substr(0, cut)),
                               std::string(text.substr(cut + 1))});
  }

  // True when the connection has input; false when woken or interrupted.
  bool wait_for_input() {
    pollfd fds[2] = {{PQsocket(connection_), POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) return false;
    if (fds[1].revents != 0) {
      drain_wake();
      return false;
    }
    return fds[0].revents != 0;
  }

  void wait_for_wake(int timeout_ms) {
    pollfd wake{wake_read_, POLLIN, 0};
    if (::poll(&wake, 1, timeout_ms) > 0) drain_wake();
  }

  void drain_wake() {
    char sink[16];
    while (::read(wake_read_, sink, sizeof sink) > 0) {
    }
  }

  const std::string url_;
  db::Database& database_;
  const std::shared_ptr<Registry> registry_;
  const std::string pg_channel_;
  const int wake_read_;  // a pipe that wakes the listener to stop
  const int wake_write_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::atomic<std::int64_t> reconnects_{0};
  PGconn* connection_;  // used by the listener thread only (and the destructor after join)
  std::thread listener_;
};

}  // namespace

Result<std::unique_ptr<Transport>> make_postgres_transport(const std::string& database_url,
                                                           db::Database& database,
                                                           std::shared_ptr<Registry> registry) {
  PGconn* connection = connect(database_url);
  if (connection == nullptr) {
    return Error::unavailable("live updates cannot connect to PostgreSQL: " +
                              connection_error(nullptr, database_url));
  }
  const auto pg_channel = channel_name(connection);
  if (!pg_channel || !listen_on(connection, *pg_channel)) {
    std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    return Error::unavailable("live updates cannot LISTEN: " + message);
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    PQfinish(connection);
    return Error::internal("live updates: no pipe");
  }
  return std::unique_ptr<Transport>(
      std::make_unique<PostgresTransport>(database_url, database, std::move(registry), connection,
                                          *pg_channel, pipe_fds[0], pipe_fds[1]));
}

}  // namespace moim::live::detail
