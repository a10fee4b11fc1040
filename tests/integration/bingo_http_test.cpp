// Networking bingo over HTTP on both databases, per role: organizers set it
// up, members (session) and guests (ticket token) join and exchange, staff
// redeem prizes, a member who did not register is refused (403), nobody
// signed in is asked to (401); every bad input is a 4xx naming the field
// with nothing written; replies match the served OpenAPI document.
#include <atomic>
#include <thread>

#include "environment.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using BingoHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";
const std::string kPattern = "/api/v1/communities/{slug}/events/{event}/bingo";

std::string create_event(Environment& env) {
  const std::int64_t now = std::time(nullptr);
  auto created = env.organizer->json("POST", kEvents,
                                     R"({"title": "PseudoCon", "starts_at": ")" +
                                         utc(now + 7 * kDay) + R"(", "ends_at": ")" +
                                         utc(now + 7 * kDay + 8 * 3600) + R"(", "capacity": 50})");
  EXPECT_EQ(created.status, 201) << created.body;
  return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
}

std::string field_of(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}
std::string code_of(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["code"].as_string());
}

const std::string kPool = R"(["k0","k1","k2","k3","k4","k5","k6","k7","k8"])";

std::string settings(int rate, const std::string& extra = "") {
  return R"({"size":3,"picks":3,"keywords":)" + kPool +
         R"(,"prizes":[{"lines":1,"stock":1}],"booths":[{"name":"Sponsor"}],"rate_limit_seconds":)" +
         std::to_string(rate) + extra + "}";
}

// A guest registered for the event, as a client holding the ticket token.
Client guest(Environment& env, const std::string& base, const std::string& name) {
  Client client = env.client();
  auto registered = client.json("POST", base + "/registrations",
                                R"({"name":")" + name + R"(","email":"bingo-)" + name + "-" +
                                    std::to_string(std::time(nullptr)) + R"(@it.example"})");
  EXPECT_EQ(registered.status, 201) << registered.body;
  client.set_bearer(std::string(parse_object(registered.body)["ticket_token"].as_string()));
  return client;
}

std::string join(Environment& env, Client& client, const std::string& base,
                 const std::string& keywords) {
  auto joined = client.json("POST", base + "/bingo/players", R"({"keywords":)" + keywords + "}");
  EXPECT_EQ(joined.status, 201) << joined.body;
  expect_documented(env, "post", kPattern + "/players", joined);
  return std::string(parse_object(joined.body)["player"].as_object()["code"].as_string());
}

HttpResult scan(Client& client, const std::string& base, const std::string& code) {
  return client.json("POST", base + "/bingo/exchanges", R"({"code":")" + code + "\"}");
}

TEST_P(BingoHttpTest, EveryRolePlaysItsPartAndBadInputChangesNothing) {
  Environment& e = env();
  const std::string base = kEvents + "/" + create_event(e);
  // Settings: organizers only, checked field by field.
  EXPECT_EQ(e.member->json("PUT", base + "/bingo", settings(0)).status, 403);
  EXPECT_EQ(e.anonymous->json("PUT", base + "/bingo", settings(0)).status, 401);
  auto few = e.organizer->json("PUT", base + "/bingo",
                               R"({"size":3,"keywords":["a","b","c","d","e","f","g","h"]})");
  EXPECT_EQ(few.status, 422) << few.body;
  EXPECT_EQ(field_of(few), "keywords");
  EXPECT_EQ(field_of(e.organizer->json("PUT", base + "/bingo", R"({"size":6,"keywords":[]})")),
            "size");
  auto set = e.organizer->json("PUT", base + "/bingo", settings(0));
  ASSERT_EQ(set.status, 200) << set.body;
  expect_documented(e, "put", kPattern, set);
  const std::string booth(parse_object(set.body)["bingo"]
                              .as_object()["booths"]
                              .as_array()[0]
                              .as_object()["code"]
                              .as_string());
  auto seen = e.anonymous->get(base + "/bingo");
  EXPECT_EQ(seen.status, 200) << seen.body;
  expect_documented(e, "get", kPattern, seen);
  // Booth codes are the organizers' secret.
  EXPECT_TRUE(parse_object(seen.body)["bingo"]
                  .as_object()["booths"]
                  .as_array()[0]
                  .as_object()
                  .at("code")
                  .is_null());

  // Players: a member by session, guests by ticket token.
  ASSERT_EQ(e.member->json("POST", base + "/registrations", "{}").status, 201);
  Client ana = guest(e, base, "ana"), ben = guest(e, base, "ben"), cho = guest(e, base, "cho");
  Client staff = e.client();
  const std::int64_t staff_id =
      sign_up_and_log_in(staff, "bingo-staff-" + GetParam() + "@it.example", "스태프");
  ASSERT_EQ(staff.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  ASSERT_EQ(
      e.organizer->json("POST", base + "/staff", R"({"user_id":)" + std::to_string(staff_id) + "}")
          .status,
      204);
  const std::int64_t players_before = e.count("SELECT COUNT(*) FROM bingo_players");
  EXPECT_EQ(staff.json("POST", base + "/bingo/players", R"({"keywords":["k0","k1","k2"]})").status,
            403);  // a member who did not register
  EXPECT_EQ(
      e.anonymous->json("POST", base + "/bingo/players", R"({"keywords":["k0","k1","k2"]})").status,
      401);
  auto short_pick = ana.json("POST", base + "/bingo/players", R"({"keywords":["k0"]})");
  EXPECT_EQ(short_pick.status, 422);
  EXPECT_EQ(field_of(short_pick), "keywords");
  EXPECT_EQ(
      field_of(ana.json("POST", base + "/bingo/players", R"({"keywords":["k0","k1","k2","k3"]})")),
      "keywords");
  EXPECT_EQ(
      field_of(ana.json("POST", base + "/bingo/players", R"({"keywords":["k0","k1","LLM"]})")),
      "keywords[2]");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM bingo_players"), players_before);
  const std::string member_code = join(e, *e.member, base, R"(["k0","k1","k2"])");
  const std::string ana_code = join(e, ana, base, R"(["k3","k4","k5"])");
  const std::string ben_code = join(e, ben, base, R"(["k6","k7","k8"])");
  const std::string cho_code = join(e, cho, base, R"(["k0","k1","k2"])");
  EXPECT_EQ(code_of(ana.json("POST", base + "/bingo/players", R"({"keywords":["k3","k4","k5"]})")),
            "already_playing");

  // Exchanges, and every bad scan refused with nothing written.
  auto met = scan(ana, base, member_code);
  ASSERT_EQ(met.status, 201) << met.body;
  expect_documented(e, "post", kPattern + "/exchanges", met);
  auto exchange = parse_object(met.body)["exchange"].as_object();
  EXPECT_EQ(exchange["marked"].as_array().size(), 3u);
  EXPECT_EQ(exchange["their_marked"].as_array().size(), 3u);
  const std::string first_id = std::to_string(exchange["id"].as_int64());
  const std::int64_t exchanges_before = e.count("SELECT COUNT(*) FROM bingo_exchanges");
  auto again = scan(*e.member, base, ana_code);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code_of(again), "already_met");
  auto self = scan(ana, base, ana_code);
  EXPECT_EQ(self.status, 422);
  EXPECT_EQ(field_of(self), "code");
  EXPECT_EQ(scan(ana, base, "ZZZZ-ZZZZ").status, 404);
  EXPECT_EQ(field_of(scan(ana, base, "?")), "code");
  EXPECT_EQ(scan(staff, base, ana_code).status, 403);
  EXPECT_EQ(scan(*e.anonymous, base, ana_code).status, 401);
  // Another event's player code is unknown here.
  const std::string other = kEvents + "/" + create_event(e);
  ASSERT_EQ(e.organizer->json("PUT", other + "/bingo", settings(0)).status, 200);
  Client dan = guest(e, other, "dan");
  const std::string elsewhere = join(e, dan, other, R"(["k0","k1","k2"])");
  EXPECT_EQ(code_of(scan(ana, base, elsewhere)), "unknown_code");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM bingo_exchanges"), exchanges_before);

  // The member's board fills: 8 lines, the 1-line prize's claim code.
  ASSERT_EQ(scan(ben, base, member_code).status, 201);
  ASSERT_EQ(scan(*e.member, base, cho_code).status, 201);
  auto board = e.member->get(base + "/bingo/board");
  ASSERT_EQ(board.status, 200) << board.body;
  expect_documented(e, "get", kPattern + "/board", board);
  auto player = parse_object(board.body)["player"].as_object();
  EXPECT_EQ(player["lines"].as_int64(), 8);
  for (const auto& cell : player["board"].as_object()["cells"].as_array())
    EXPECT_TRUE(cell.as_object().at("marked").as_bool());
  ASSERT_EQ(player["claims"].as_array().size(), 1u);
  const std::string claim(player["claims"].as_array()[0].as_object()["code"].as_string());
  auto stamped = scan(ana, base, booth);
  EXPECT_EQ(stamped.status, 201) << stamped.body;
  EXPECT_EQ(parse_object(stamped.body)["exchange"].as_object()["with"].as_object()["kind"],
            "booth");
  EXPECT_EQ(code_of(scan(ana, base, booth)), "already_stamped");
  auto ranks = e.anonymous->get(base + "/bingo/leaderboard?limit=3");
  EXPECT_EQ(ranks.status, 200) << ranks.body;
  expect_documented(e, "get", kPattern + "/leaderboard", ranks);
  EXPECT_EQ(parse_object(ranks.body)["leaderboard"].as_array()[0].as_object()["lines"], 8);

  // Staff redeem the prize once; members cannot.
  const std::string redeem = base + "/bingo/claims/" + claim + "/redeem";
  EXPECT_EQ(e.member->json("POST", redeem).status, 403);
  auto redeemed = staff.json("POST", redeem);
  EXPECT_EQ(redeemed.status, 200) << redeemed.body;
  expect_documented(e, "post", kPattern + "/claims/{code}/redeem", redeemed);
  EXPECT_EQ(parse_object(redeemed.body)["prize"].as_object()["left"], 0);
  auto twice = e.organizer->json("POST", redeem);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code_of(twice), "already_redeemed");

  // Organizers void; the member's board is replayed without it.
  EXPECT_EQ(e.member->json("DELETE", base + "/bingo/exchanges/" + first_id).status, 403);
  auto voided = e.organizer->json("DELETE", base + "/bingo/exchanges/" + first_id);
  EXPECT_EQ(voided.status, 200) << voided.body;
  expect_documented(e, "delete", kPattern + "/exchanges/{exchange}", voided);
  auto replayed = parse_object(e.member->get(base + "/bingo/board").body)["player"].as_object();
  EXPECT_LT(replayed["lines"].as_int64(), 8);
  bool reported = false;
  const auto voided_body = parse_object(voided.body);
  for (const auto& item : voided_body.at("players").as_array()) {
    if (item.as_object().at("player_id") != replayed["id"]) continue;
    reported = true;
    EXPECT_EQ(item.as_object().at("lines"), replayed["lines"]);
    EXPECT_EQ(item.as_object().at("cells").as_array().size(), 3u);  // Ana's k3-k5
  }
  EXPECT_TRUE(reported) << voided.body;
  EXPECT_EQ(e.organizer->json("DELETE", base + "/bingo/exchanges/" + first_id).status, 409);

  // A flood: one scan per 30 s.
  ASSERT_EQ(e.organizer->json("PUT", base + "/bingo", settings(30)).status, 200);
  ASSERT_EQ(scan(cho, base, ben_code).status, 201);  // Cho's first scan
  auto flood = scan(cho, base, ana_code);
  EXPECT_EQ(flood.status, 429) << flood.body;
  EXPECT_FALSE(flood.headers["retry-after"].empty());

  // Leaving: off the leaderboard, the code stops scanning.
  EXPECT_EQ(cho.json("DELETE", base + "/bingo/players/me").status, 204);
  EXPECT_EQ(cho.json("DELETE", base + "/bingo/players/me").status, 404);
  EXPECT_EQ(cho.json("GET", base + "/bingo/board").status, 404);

  // Closed by hand: exchanges are refused naming the game.
  ASSERT_EQ(e.organizer->json("PUT", base + "/bingo", settings(0, R"(,"closed":true)")).status,
            200);
  auto closed = scan(ana, base, ben_code);
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(field_of(closed), "game");
}

// Scans at once over the real server: different pairs all succeed, and one
// pair scanning each other from both phones gets exactly one exchange (the
// other scans a 409), never a 5xx.
TEST_P(BingoHttpTest, ConcurrentScansMakeOneExchangePerPair) {
  Environment& e = env();
  const std::string base = kEvents + "/" + create_event(e);
  ASSERT_EQ(e.organizer->json("PUT", base + "/bingo", settings(0)).status, 200);
  std::vector<Client> players;
  std::vector<std::string> codes;
  for (int index = 0; index < 8; ++index) {
    players.push_back(guest(e, base, "racer" + std::to_string(index)));
    codes.push_back(join(e, players.back(), base, R"(["k0","k1","k2"])"));
  }
  std::atomic<int> created{0}, conflicts{0}, other{0};
  auto run = [&](int from, int to) {
    Client client = players[static_cast<std::size_t>(from)];
    const long status = scan(client, base, codes[static_cast<std::size_t>(to)]).status;
    (status == 201 ? created : status == 409 ? conflicts : other)++;
  };
  std::vector<std::thread> threads;
  for (int pair = 0; pair < 3; ++pair) threads.emplace_back(run, 2 * pair, 2 * pair + 1);
  for (int round = 0; round < 2; ++round) {
    threads.emplace_back(run, 6, 7);
    threads.emplace_back(run, 7, 6);
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(created.load(), 4);
  EXPECT_EQ(conflicts.load(), 3);
  auto ranks = parse_object(e.anonymous->get(base + "/bingo/leaderboard").body);
  EXPECT_EQ(ranks["exchanges"], 4);
}

INSTANTIATE_TEST_SUITE_P(Drivers, BingoHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
