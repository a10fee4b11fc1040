// kill -9 `moim serve` while eight phones scan each other's bingo codes as
// fast as they can, start it again on the same database, and look (issue #14):
// every exchange that got a 201 is there, on the organizer's network and in
// both players' "met" lists, with the cells its answer named marked by the
// partner on both boards; the game's counter equals the exchanges stored;
// nothing half-written (a mark without its exchange, lines that do not match
// the marks); the same pair scanning again is a 409. A scan whose answer was
// lost to the kill either happened entirely or not at all.

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "engines/bingo/bingo.hpp"
#include "environment.hpp"
#include "worker_process.hpp"

namespace moim::integration {
namespace {

constexpr int kPlayers = 40;
constexpr int kPhones = 8;
constexpr int kKillAfter = 240;  // 201s seen before the kill
constexpr int kSize = 5;
constexpr const char* kAdminEmail = "admin@crash.example";

struct Player {
  std::string token;  // the ticket's bearer token
  std::string code;
  std::int64_t id = 0;
  std::string name;
};

// One scan: `scanner` scanned `scanned`'s code.
struct Scan {
  int scanner = 0;
  int scanned = 0;
};

struct Answered {
  Scan scan;
  std::int64_t id = 0;
  std::vector<std::int64_t> marked, their_marked;  // cells, reading order
  std::string prize;                               // a claim code the exchange won
};

std::pair<std::int64_t, std::int64_t> edge(std::int64_t one, std::int64_t two) {
  return {std::min(one, two), std::max(one, two)};
}

Client bearer(const std::string& base_url, const std::string& token) {
  Client client(base_url);
  client.set_bearer(token);
  return client;
}

Client signed_in_admin(const MoimProcess& server) {
  Client admin(server.base_url());
  auto logged_in = admin.json(
      "POST", "/api/v1/auth/login",
      R"({"email":")" + std::string(kAdminEmail) + R"(","password":")" + kPassword + "\"}");
  EXPECT_EQ(logged_in.status, 200) << logged_in.body;
  return admin;
}

HttpResult scan(const MoimProcess& server, const std::string& base, const Player& from,
                const Player& to) {
  Client client = bearer(server.base_url(), from.token);
  return client.json("POST", base + "/bingo/exchanges", R"({"code":")" + to.code + "\"}");
}

// Runs `work(index)` for every index below `count` on kPhones threads.
template <typename Work>
void on_phones(std::size_t count, Work work) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> phones;
  for (int phone = 0; phone < kPhones; ++phone)
    phones.emplace_back([&] {
      for (std::size_t index = next++; index < count; index = next++) work(index);
    });
  for (auto& phone : phones) phone.join();
}

class BingoCrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BingoCrashTest, AnExchangeThatGotA201SurvivesKill9) {
  const auto started = std::chrono::steady_clock::now();
  testing::TestDatabase database(GetParam());
  std::string output;
  ASSERT_EQ(run_moim({"user", "create", "--database", database.url(), "--email", kAdminEmail,
                      "--name", "Admin", "--password", kPassword, "--admin"},
                     &output),
            0)
      << output;
  // Forty guests register from 127.0.0.1.
  const std::vector<std::string> flags{"--event-registrations-per-address-per-minute=0"};
  auto server = std::make_unique<MoimProcess>(database.url(), flags);
  const std::string events = "/api/v1/communities/crash-lab/events";
  std::string base;
  {
    Client admin = signed_in_admin(*server);
    auto community =
        admin.json("POST", "/api/v1/communities",
                   R"({"slug":"crash-lab","name":"크래시 연구소","time_zone":"Asia/Seoul"})");
    ASSERT_EQ(community.status, 201) << community.body;
    const std::int64_t now = std::time(nullptr);
    auto event = admin.json("POST", events,
                            R"({"title": "CrashCon", "starts_at": ")" + utc(now + kDay) +
                                R"(", "ends_at": ")" + utc(now + kDay + 8 * 3600) +
                                R"(", "capacity": 100})");
    ASSERT_EQ(event.status, 201) << event.body;
    base = events + "/" +
           std::to_string(parse_object(event.body)["event"].as_object()["id"].as_int64());
    std::string keywords;
    for (int word = 0; word < 30; ++word)
      keywords += (word ? ",\"w" : "\"w") + std::to_string(word) + "\"";
    // Prizes at 1 and 3 lines: their claims are written in the exchange's
    // transaction too.
    auto game = admin.json(
        "PUT", base + "/bingo",
        R"({"size":5,"picks":3,"keywords":[)" + keywords +
            R"(],"prizes":[{"lines":1,"stock":1000},{"lines":3,"stock":1000}],"rate_limit_seconds":0})");
    ASSERT_EQ(game.status, 200) << game.body;
  }
  std::vector<Player> players(kPlayers);
  for (int index = 0; index < kPlayers; ++index) {
    Player& player = players[static_cast<std::size_t>(index)];
    player.name = "guest" + std::to_string(index);
    Client guest(server->base_url());
    auto registered = guest.json(
        "POST", base + "/registrations",
        R"({"name":")" + player.name + R"(","email":")" + player.name + R"(@crash.example"})");
    ASSERT_EQ(registered.status, 201) << registered.body;
    player.token = std::string(parse_object(registered.body)["ticket_token"].as_string());
    guest.set_bearer(player.token);
    std::string picks;
    for (int pick = 0; pick < 3; ++pick)
      picks += (pick ? ",\"w" : "\"w") + std::to_string((index * 7 + pick * 11) % 30) + "\"";
    auto joined = guest.json("POST", base + "/bingo/players", R"({"keywords":[)" + picks + "]}");
    ASSERT_EQ(joined.status, 201) << joined.body;
    auto joined_player = parse_object(joined.body)["player"].as_object();
    player.code = std::string(joined_player["code"].as_string());
    player.id = joined_player["id"].as_int64();
    player.name = std::string(joined_player["name"].as_string());  // as others see it
  }

  // Every pair once, in a shuffled order, either one scanning.
  std::vector<Scan> scans;
  for (int one = 0; one < kPlayers; ++one)
    for (int two = one + 1; two < kPlayers; ++two) scans.push_back({one, two});
  std::mt19937 random(14);
  std::shuffle(scans.begin(), scans.end(), random);
  for (Scan& each : scans)
    if (random() % 2) std::swap(each.scanner, each.scanned);

  std::mutex mutex;
  std::vector<Answered> answered;
  std::vector<Scan> lost;               // no answer: in flight at the kill
  std::vector<std::string> unexpected;  // any other answer
  std::atomic<bool> killed{false};
  std::atomic<int> in_flight{0}, created{0};
  int in_flight_at_kill = 0;
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> phones;
  for (int phone = 0; phone < kPhones; ++phone)
    phones.emplace_back([&] {
      for (std::size_t index = next++; index < scans.size() && !killed; index = next++) {
        const Scan one = scans[index];
        ++in_flight;
        const HttpResult result =
            scan(*server, base, players[static_cast<std::size_t>(one.scanner)],
                 players[static_cast<std::size_t>(one.scanned)]);
        --in_flight;
        std::lock_guard lock(mutex);
        if (result.status == 0) {
          lost.push_back(one);
        } else if (result.status == 201) {
          auto exchange = parse_object(result.body)["exchange"].as_object();
          Answered item{.scan = one, .id = exchange["id"].as_int64()};
          for (const auto& cell : exchange["marked"].as_array())
            item.marked.push_back(cell.as_object().at("cell").as_int64());
          for (const auto& cell : exchange["their_marked"].as_array())
            item.their_marked.push_back(cell.as_object().at("cell").as_int64());
          if (exchange.contains("prize") && exchange["prize"].is_object())
            item.prize = std::string(exchange["prize"].as_object()["code"].as_string());
          answered.push_back(std::move(item));
          ++created;
        } else {
          unexpected.push_back(std::to_string(result.status) + " " + result.body);
        }
      }
    });
  const bool reached = wait_until([&] { return created >= kKillAfter; }, 120'000);
  in_flight_at_kill = in_flight;
  const int signalled = kill(server->pid(), SIGKILL);
  killed = true;
  for (auto& phone : phones) phone.join();
  ASSERT_TRUE(reached) << created << " 201s only; " << server->log_text();
  ASSERT_EQ(signalled, 0);
  server.reset();  // reaps it (and shows its log)
  EXPECT_TRUE(unexpected.empty()) << unexpected.front();
  EXPECT_GT(in_flight_at_kill, 0) << "the kill came between requests";
  const auto killed_at = std::chrono::steady_clock::now();

  // Again, on the same database.
  MoimProcess again(database.url(), flags);
  Client admin = signed_in_admin(again);
  auto network = admin.get(base + "/bingo/network");
  ASSERT_EQ(network.status, 200) << network.body;
  auto picture = parse_object(network.body);
  std::set<std::pair<std::int64_t, std::int64_t>> edges;
  for (const auto& item : picture["edges"].as_array())
    edges.insert(
        edge(item.as_object().at("from").as_int64(), item.as_object().at("to").as_int64()));
  const std::int64_t counter = picture["exchanges"].as_int64();
  EXPECT_EQ(counter, static_cast<std::int64_t>(edges.size()));
  EXPECT_EQ(static_cast<std::size_t>(picture["edges"].as_array().size()), edges.size());
  EXPECT_EQ(parse_object(admin.get(base + "/bingo").body)["bingo"].as_object()["exchanges"],
            counter);
  {
    auto reader = database.database().read();
    EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM bingo_exchanges").value()->int64(0), counter);
  }
  auto pair_of = [&](const Scan& one) {
    return edge(players[static_cast<std::size_t>(one.scanner)].id,
                players[static_cast<std::size_t>(one.scanned)].id);
  };
  auto what = [&](const Answered& item) {
    return "exchange " + std::to_string(item.id) + " (" +
           players[static_cast<std::size_t>(item.scan.scanner)].name + " scanned " +
           players[static_cast<std::size_t>(item.scan.scanned)].name + ", answered 201)";
  };
  for (const auto& item : answered)
    EXPECT_TRUE(edges.count(pair_of(item.scan))) << what(item) << " is not on the network";
  // Nothing nobody asked for: each stored exchange got a 201 or lost its answer.
  std::set<std::pair<std::int64_t, std::int64_t>> asked;
  for (const auto& item : answered) asked.insert(pair_of(item.scan));
  for (const auto& one : lost) asked.insert(pair_of(one));
  for (const auto& stored : edges)
    EXPECT_TRUE(asked.count(stored))
        << "players " << stored.first << " and " << stored.second << " met, but nobody scanned";

  // Each board, as its player sees it.
  struct Seen {
    std::map<std::int64_t, std::string> met;  // exchange id → partner's name
    std::vector<std::string> by;              // per cell: who marked it ("" unmarked)
    std::set<std::string> claims;
  };
  std::vector<Seen> boards(kPlayers);
  std::map<std::int64_t, int> sides;  // exchange id → boards listing it
  for (int index = 0; index < kPlayers; ++index) {
    const Player& owner = players[static_cast<std::size_t>(index)];
    Client guest(again.base_url());
    auto board = guest.get(base + "/bingo/board", {"Authorization: Bearer " + owner.token});
    ASSERT_EQ(board.status, 200) << board.body;
    auto player = parse_object(board.body)["player"].as_object();
    Seen& seen = boards[static_cast<std::size_t>(index)];
    for (const auto& met : player["met"].as_array()) {
      const std::int64_t id = met.as_object().at("exchange_id").as_int64();
      seen.met[id] = std::string(met.as_object().at("name").as_string());
      ++sides[id];
    }
    bingo::Marks marked;  // the engine counts lines from marks (any non-zero id marks)
    for (const auto& cell : player["board"].as_object()["cells"].as_array()) {
      const auto& item = cell.as_object();
      marked.push_back(item.at("marked").as_bool() ? 1 : 0);
      seen.by.push_back(marked.back() != 0 ? std::string(item.at("by").as_string()) : "");
      // A mark names an exchange this player still has.
      EXPECT_TRUE(marked.back() == 0 || !seen.by.back().empty())
          << owner.name << "'s cell " << marked.size() - 1 << " is marked by no live exchange";
    }
    ASSERT_EQ(marked.size(), static_cast<std::size_t>(kSize * kSize));
    EXPECT_EQ(player["lines"].as_int64(), bingo::count_lines(kSize, marked))
        << owner.name << "'s lines";
    for (const auto& claim : player["claims"].as_array())
      seen.claims.insert(std::string(claim.as_object().at("code").as_string()));
  }
  EXPECT_EQ(static_cast<std::int64_t>(sides.size()), counter);
  for (const auto& [id, count] : sides)
    EXPECT_EQ(count, 2) << "exchange " << id << " is on " << count << " board(s)";
  for (const auto& item : answered) {
    const Player& scanner = players[static_cast<std::size_t>(item.scan.scanner)];
    const Player& scanned = players[static_cast<std::size_t>(item.scan.scanned)];
    const Seen& mine = boards[static_cast<std::size_t>(item.scan.scanner)];
    const Seen& theirs = boards[static_cast<std::size_t>(item.scan.scanned)];
    EXPECT_EQ(mine.met.count(item.id) ? mine.met.at(item.id) : "", scanned.name)
        << what(item) << ": the scanner's met list";
    EXPECT_EQ(theirs.met.count(item.id) ? theirs.met.at(item.id) : "", scanner.name)
        << what(item) << ": the scanned player's met list";
    for (std::int64_t cell : item.marked)
      EXPECT_EQ(mine.by[static_cast<std::size_t>(cell)], scanned.name)
          << what(item) << ": the scanner's cell " << cell;
    for (std::int64_t cell : item.their_marked)
      EXPECT_EQ(theirs.by[static_cast<std::size_t>(cell)], scanner.name)
          << what(item) << ": the scanned player's cell " << cell;
    EXPECT_TRUE(item.prize.empty() || mine.claims.count(item.prize))
        << what(item) << ": its prize claim " << item.prize;
  }

  // The pairs are recorded: scanning again from the other phone is a 409;
  // a lost scan tried again is a 409 if it happened, else now a 201.
  std::vector<Scan> retries;
  for (const auto& item : answered) retries.push_back({item.scan.scanned, item.scan.scanner});
  const std::size_t answered_retries = retries.size();
  retries.insert(retries.end(), lost.begin(), lost.end());
  std::vector<HttpResult> results(retries.size());
  on_phones(retries.size(), [&](std::size_t index) {
    const Scan& one = retries[index];
    results[index] = scan(again, base, players[static_cast<std::size_t>(one.scanner)],
                          players[static_cast<std::size_t>(one.scanned)]);
  });
  std::int64_t made_now = 0;
  for (std::size_t index = 0; index < retries.size(); ++index) {
    const Scan& one = retries[index];
    const bool recorded = index < answered_retries || edges.count(pair_of(one)) > 0;
    const std::string who = players[static_cast<std::size_t>(one.scanner)].name + " scanning " +
                            players[static_cast<std::size_t>(one.scanned)].name +
                            (index < answered_retries ? " back" : " again, its answer lost");
    if (recorded) {
      EXPECT_EQ(results[index].status, 409) << who << ": " << results[index].body;
      EXPECT_NE(results[index].body.find("already_met"), std::string::npos)
          << who << ": " << results[index].body;
    } else {
      EXPECT_EQ(results[index].status, 201) << who << ": " << results[index].body;
    }
    made_now += results[index].status == 201;
  }
  auto after = parse_object(admin.get(base + "/bingo/network").body);
  EXPECT_EQ(after["exchanges"].as_int64(), counter + made_now);
  EXPECT_EQ(static_cast<std::int64_t>(after["edges"].as_array().size()), counter + made_now);

  const auto seconds = [](auto from) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
  };
  std::fprintf(stderr,
               "bingo crash test (%s): %zu exchanges answered 201, %zu answers lost (%d in flight "
               "at the kill), %lld stored, %lld of the lost made now; %.1f s in all, %.1f s after "
               "the kill\n",
               GetParam().c_str(), answered.size(), lost.size(), in_flight_at_kill,
               static_cast<long long>(counter), static_cast<long long>(made_now), seconds(started),
               seconds(killed_at));
}

INSTANTIATE_TEST_SUITE_P(Drivers, BingoCrashTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
