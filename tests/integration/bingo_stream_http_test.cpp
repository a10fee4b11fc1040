// The bingo's live channel over a real socket: a player's phone listening
// on GET .../bingo/stream hears, within a second, that another player scanned
// their code; on PostgreSQL the scan is made on another moim than the one
// the phone listens to (LISTEN/NOTIFY through the database). The projector's
// view is for organizers and staff only (a guest's ticket does not open it).
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "environment.hpp"

namespace moim::integration {
namespace {

using BingoStreamHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";

struct Guest {
  Client client;
  std::string token;
  std::string code;
};

Guest join_as_guest(Environment& env, const std::string& base, const std::string& name,
                    const std::string& picks) {
  Client client = env.client();
  auto registered = client.json("POST", base + "/registrations",
                                R"({"name":")" + name + R"(","email":"stream-)" + name + "-" +
                                    std::to_string(std::time(nullptr)) + R"(@it.example"})");
  EXPECT_EQ(registered.status, 201) << registered.body;
  const std::string token(parse_object(registered.body)["ticket_token"].as_string());
  client.set_bearer(token);
  auto joined = client.json("POST", base + "/bingo/players", R"({"keywords":)" + picks + "}");
  EXPECT_EQ(joined.status, 201) << joined.body;
  return {client, token,
          std::string(parse_object(joined.body)["player"].as_object()["code"].as_string())};
}

// An EventSource's connection: the request is sent, the answer read as it comes.
class StreamReader {
 public:
  StreamReader(int port, const std::string& path, const std::string& authorization) {
    fd_ = connect_from("127.0.0.1", port);
    const std::string request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" +
        (authorization.empty() ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
    if (fd_ >= 0) (void)::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  }
  ~StreamReader() {
    if (fd_ >= 0) ::close(fd_);
  }
  // Reads until `text` has arrived (true) or `timeout_ms` passed (false).
  bool wait_for(const std::string& text, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (received_.find(text) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0 || fd_ < 0) return false;
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, static_cast<int>(left)) <= 0) return false;
      char buffer[4096];
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) return false;
      received_.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
  }
  const std::string& received() const { return received_; }

 private:
  int fd_ = -1;
  std::string received_;
};

TEST_P(BingoStreamHttpTest, AScanReachesTheOtherPlayersStreamOnAnyInstance) {
  Environment& e = env();
  const std::int64_t now = std::time(nullptr);
  auto created = e.organizer->json("POST", kEvents,
                                   R"({"title": "Live", "starts_at": ")" + utc(now + kDay) +
                                       R"(", "ends_at": ")" + utc(now + kDay + 3600) +
                                       R"(", "capacity": 20})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string event =
      std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
  const std::string base = kEvents + "/" + event;
  ASSERT_EQ(
      e.organizer
          ->json(
              "PUT", base + "/bingo",
              R"({"size":3,"picks":3,"keywords":["k0","k1","k2","k3","k4","k5","k6","k7","k8"],"rate_limit_seconds":0})")
          .status,
      200);
  Guest ann = join_as_guest(e, base, "ann", R"(["k0","k1","k2"])");
  Guest ben = join_as_guest(e, base, "ben", R"(["k3","k4","k5"])");

  // On PostgreSQL Ann's phone listens to a second moim on the same database.
  std::unique_ptr<MoimProcess> second;
  int port = e.server->port();
  if (GetParam() == "postgres") {
    second = std::make_unique<MoimProcess>(e.database->url(),
                                           std::vector<std::string>{"--no-outbox-worker"});
    port = second->port();
  }
  StreamReader phone(port, base + "/bingo/stream", "Bearer " + ann.token);
  ASSERT_TRUE(phone.wait_for(": open", 5000)) << phone.received();
  EXPECT_NE(phone.received().find("text/event-stream"), std::string::npos);
  StreamReader stranger(port, base + "/bingo/stream?hall=true", "Bearer " + ben.token);
  ASSERT_TRUE(stranger.wait_for("\r\n\r\n", 5000));
  // The projector's view is for organizers and staff, who sign in: a guest's
  // ticket does not open it.
  EXPECT_NE(stranger.received().find(" 401 "), std::string::npos) << stranger.received();

  const auto scanned_at = std::chrono::steady_clock::now();
  auto scanned =
      ben.client.json("POST", base + "/bingo/exchanges", R"({"code":")" + ann.code + "\"}");
  ASSERT_EQ(scanned.status, 201) << scanned.body;
  const std::string id =
      std::to_string(parse_object(scanned.body)["exchange"].as_object()["id"].as_int64());
  ASSERT_TRUE(phone.wait_for("\"id\":" + id, 5000)) << phone.received();
  EXPECT_LT(std::chrono::steady_clock::now() - scanned_at, std::chrono::seconds(1));
  EXPECT_NE(phone.received().find("event: board"), std::string::npos) << phone.received();
  // What the phone then fetches shows the mark.
  auto board = ann.client.json("GET", base + "/bingo/board");
  EXPECT_NE(board.body.find("\"marked\":true"), std::string::npos) << board.body;
}

INSTANTIATE_TEST_SUITE_P(Drivers, BingoStreamHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
