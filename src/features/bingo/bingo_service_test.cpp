// The bingo room on SQLite and PostgreSQL: settings, joining, exchanges and
// stamps, lines and prizes, voiding by replay, leaving, closing, the rate
// limit, concurrent scans of one pair, and what every phone is told.
#include "features/bingo/bingo_service.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include <boost/json/parse.hpp>

#include "engines/bingo/bingo.hpp"
#include "features/bingo/live.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::bingo {
namespace {

using accounts::Viewer;
using events::Caller;

constexpr std::int64_t kStart = 1'800'000'000;

std::vector<Keyword> pool(int count) {
  std::vector<Keyword> keywords;
  for (int index = 0; index < count; ++index) keywords.push_back({"k" + std::to_string(index), ""});
  return keywords;
}

class BingoServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    events_ = std::make_unique<events::EventsService>(
        test_db_->database(), clock_, *communities_,
        events::EventsOptions{.registrations_per_address_per_minute = 0});
    service_ =
        std::make_unique<BingoService>(test_db_->database(), clock_, *communities_, *events_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    staff_ = viewer("staff@example.com", "스태프", false);
    member_ = viewer("member@example.com", "김철수", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &staff_, &member_, &stranger_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_
            ->change_stage(admin_, "lab", organizer_.user_id(), communities::Stage::kOrganizer, "")
            .ok());
    events::EventInput input{.title = "PseudoCon",
                             .starts_at = kStart + 3600,
                             .ends_at = kStart + 8 * 3600,
                             .capacity = 500};
    auto created = events_->create(organizer_, "lab", input);
    ASSERT_TRUE(created.ok()) << created.error().message;
    event_id_ = created->id;
    ASSERT_TRUE(events_->add_staff(organizer_, "lab", event_id_, staff_.user_id()).ok());
    auto registered = events_->register_for(Caller{member_, std::nullopt}, "lab", event_id_, {});
    ASSERT_TRUE(registered.ok()) << registered.error().message;
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  // A 3x3 game whose pool is exactly the board: every board holds every keyword.
  Game game(std::int64_t rate = 0, std::vector<PrizeInput> prizes = {{1, 1}, {8, 5}}) {
    GameInput input{.size = 3,
                    .picks = 3,
                    .keywords = pool(9),
                    .prizes = std::move(prizes),
                    .booths = {"Sponsor"},
                    .rate_limit_seconds = rate};
    auto configured = service_->configure(organizer_, "lab", event_id_, input);
    EXPECT_TRUE(configured.ok()) << configured.error().message;
    return configured.value();
  }
  // A guest attendee: their ticket token.
  std::string guest(const std::string& name) {
    auto registered = events_->register_for(
        Caller{anonymous_, std::nullopt}, "lab", event_id_,
        {.name = name, .email = name + "@example.com", .client_address = "10.0.0.1"});
    EXPECT_TRUE(registered.ok()) << registered.error().message;
    return registered->ticket_token;
  }
  Caller ticket(const std::string& token) { return Caller{anonymous_, token}; }
  Player join(const std::string& token, std::vector<std::string> picks) {
    auto joined = service_->join(ticket(token), "lab", event_id_, picks);
    EXPECT_TRUE(joined.ok()) << joined.error().message;
    return joined.value();
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  static std::set<std::string> marked(const Player& player) {
    std::set<std::string> keywords;
    for (const auto& cell : player.cells)
      if (cell.mark != 0) keywords.insert(cell.keyword);
    return keywords;
  }

  moim::testing::FakeClock clock_{kStart};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<events::EventsService> events_;
  std::unique_ptr<BingoService> service_;
  Viewer admin_, organizer_, staff_, member_, stranger_, anonymous_;
  std::int64_t event_id_ = 0;
};

TEST_P(BingoServiceTest, OnlyOrganizersSetItUpAndBoothCodesStayTheirs) {
  GameInput input{.size = 5,
                  .picks = 3,
                  .keywords = pool(30),
                  .prizes = {{1, 50}},
                  .booths = {"Sponsor A", "Sponsor B"}};
  EXPECT_EQ(service_->configure(member_, "lab", event_id_, input).error().http_status, 403);
  EXPECT_EQ(service_->configure(anonymous_, "lab", event_id_, input).error().http_status, 401);
  GameInput few = input;
  few.keywords = pool(24);
  EXPECT_EQ(service_->configure(organizer_, "lab", event_id_, few).error().field, "keywords");
  GameInput twice = input;
  twice.keywords[7].text = "K3";  // the same keyword, whatever its case
  EXPECT_EQ(service_->configure(organizer_, "lab", event_id_, twice).error().field, "keywords[7]");
  GameInput tiers = input;
  tiers.prizes = {{13, 1}};
  EXPECT_EQ(service_->configure(organizer_, "lab", event_id_, tiers).error().field,
            "prizes[0].lines");
  EXPECT_EQ(count("SELECT COUNT(*) FROM bingo_games"), 0);

  auto configured = service_->configure(organizer_, "lab", event_id_, input);
  ASSERT_TRUE(configured.ok()) << configured.error().message;
  EXPECT_TRUE(configured->open(kStart));  // opens at once
  ASSERT_EQ(configured->booths.size(), 2u);
  EXPECT_EQ(configured->booths[0].code.size(), kBoothCodeChars);
  auto seen = service_->game(Caller{member_, std::nullopt}, "lab", event_id_);
  ASSERT_TRUE(seen.ok()) << seen.error().message;
  EXPECT_TRUE(seen->booths[0].code.empty());
  EXPECT_EQ(seen->keywords.size(), 30u);
  // Changed again: a kept booth keeps its code.
  input.booths = {"Sponsor A"};
  auto changed = service_->configure(organizer_, "lab", event_id_, input);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->booths.size(), 1u);
  EXPECT_EQ(changed->booths[0].code, configured->booths[0].code);
}

TEST_P(BingoServiceTest, AttendeesJoinWithTheirPicksAndGetAReproducibleBoard) {
  GameInput input{.size = 4, .picks = 2, .keywords = pool(20), .rate_limit_seconds = 0};
  ASSERT_TRUE(service_->configure(organizer_, "lab", event_id_, input).ok());
  const std::string token = guest("게스트");
  EXPECT_EQ(service_->join(ticket(token), "lab", event_id_, {"k1"}).error().field, "keywords");
  EXPECT_EQ(service_->join(ticket(token), "lab", event_id_, {"k1", "k2", "k3"}).error().code,
            "too_many_keywords");
  EXPECT_EQ(service_->join(ticket(token), "lab", event_id_, {"k1", "nope"}).error().field,
            "keywords[1]");
  EXPECT_EQ(service_->join(ticket(token), "lab", event_id_, {"k1", "K1"}).error().field,
            "keywords[1]");
  EXPECT_EQ(service_->join(Caller{stranger_, std::nullopt}, "lab", event_id_, {"k1", "k2"})
                .error()
                .http_status,
            403);  // a member who did not register
  EXPECT_EQ(service_->join(Caller{anonymous_, std::nullopt}, "lab", event_id_, {"k1", "k2"})
                .error()
                .http_status,
            401);
  EXPECT_EQ(count("SELECT COUNT(*) FROM bingo_players"), 0);

  Player player = join(token, {"K5", "k9"});  // the pool's spelling
  EXPECT_EQ(player.picks, (std::vector<std::string>{"k5", "k9"}));
  EXPECT_EQ(player.code.size(), kPlayerCodeChars);
  EXPECT_EQ(player.name, "게스트");
  ASSERT_EQ(player.cells.size(), 16u);
  std::vector<std::string> cells;
  for (const auto& cell : player.cells) cells.push_back(cell.keyword);
  EXPECT_NE(std::find(cells.begin(), cells.end(), "k5"), cells.end());
  EXPECT_NE(std::find(cells.begin(), cells.end(), "k9"), cells.end());
  // The recorded seed draws the same board again.
  auto reader = test_db_->database().read();
  const auto seed = static_cast<std::uint64_t>(
      reader->query_one("SELECT seed FROM bingo_players").value()->int64(0));
  std::vector<std::string> words;
  for (const auto& keyword : pool(20)) words.push_back(keyword.text);
  EXPECT_EQ(generate_board(4, words, {"k5", "k9"}, seed)->cells, cells);
  EXPECT_EQ(service_->join(ticket(token), "lab", event_id_, {"k1", "k2"}).error().code,
            "already_playing");
  auto member = service_->join(Caller{member_, std::nullopt}, "lab", event_id_, {"k1", "k2"});
  ASSERT_TRUE(member.ok()) << member.error().message;
  EXPECT_EQ(member->name, "김철수");
  // The boards are fixed now.
  input.keywords = pool(21);
  EXPECT_EQ(service_->configure(organizer_, "lab", event_id_, input).error().field, "keywords");
}

TEST_P(BingoServiceTest, AnExchangeMarksBothBoardsOncePerPairWhoeverScans) {
  game(5);
  const std::string a = guest("Ana"), b = guest("Ben"), c = guest("Cho");
  Player ana = join(a, {"k0", "k1", "k2"});
  Player ben = join(b, {"k3", "k4", "k5"});
  Player cho = join(c, {"k0", "k4", "k8"});
  auto met = service_->exchange(ticket(a), "lab", event_id_, ben.code);
  ASSERT_TRUE(met.ok()) << met.error().message;
  EXPECT_EQ(met->me.marked_keywords.size(), 3u);
  ASSERT_TRUE(met->them.has_value());
  EXPECT_EQ(met->them->name, "Ben");
  EXPECT_EQ(met->exchanges, 1);
  auto board = service_->board(ticket(a), "lab", event_id_);
  EXPECT_EQ(marked(board.value()), (std::set<std::string>{"k3", "k4", "k5"}));
  for (const auto& cell : board->cells) {
    if (cell.mark != 0) {
      EXPECT_EQ(cell.by, "Ben");
    }
  }
  EXPECT_EQ(marked(service_->board(ticket(b), "lab", event_id_).value()),
            (std::set<std::string>{"k0", "k1", "k2"}));

  clock_.advance(5);
  EXPECT_EQ(service_->exchange(ticket(b), "lab", event_id_, ana.code).error().http_status, 409);
  EXPECT_EQ(service_->exchange(ticket(b), "lab", event_id_, ben.code).error().code, "yourself");
  EXPECT_EQ(service_->exchange(ticket(b), "lab", event_id_, "ZZZZZZZZ").error().http_status, 404);
  // A wrong guess spent Ben's turn: the next scan waits.
  auto flood = service_->exchange(ticket(b), "lab", event_id_, cho.code);
  EXPECT_EQ(flood.error().http_status, 429);
  EXPECT_EQ(flood.error().retry_after_seconds, 5);
  clock_.advance(5);
  auto second = service_->exchange(ticket(b), "lab", event_id_, cho.code);
  ASSERT_TRUE(second.ok()) << second.error().message;
  // Cho picked k0 (already marked on Ben's board by Ana): never marked
  // twice; k4 and k8 are new (k4 is Ben's own pick too, but Cho's marks it).
  const auto& new_marks = second->me.marked_keywords;
  EXPECT_EQ(std::set<std::string>(new_marks.begin(), new_marks.end()),
            (std::set<std::string>{"k4", "k8"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM bingo_exchanges"), 2);
  EXPECT_EQ(count("SELECT exchanges_count FROM bingo_games"), 2);
  EXPECT_EQ(service_->exchange(Caller{stranger_, std::nullopt}, "lab", event_id_, ana.code)
                .error()
                .http_status,
            403);
  EXPECT_EQ(service_->exchange(ticket(a), "lab", event_id_, "12").error().field, "code");
}

TEST_P(BingoServiceTest, LinesReachPrizesThatStaffRedeemOnceWithinTheStock) {
  game();
  const std::string a = guest("Ana"), b = guest("Ben"), c = guest("Cho"), d = guest("Dan");
  join(a, {"k0", "k1", "k2"});
  Player ben = join(b, {"k0", "k1", "k2"});
  Player cho = join(c, {"k3", "k4", "k5"});
  Player dan = join(d, {"k6", "k7", "k8"});
  auto first = service_->exchange(ticket(a), "lab", event_id_, ben.code);
  ASSERT_TRUE(first.ok());
  auto second = service_->exchange(ticket(a), "lab", event_id_, cho.code);
  auto third = service_->exchange(ticket(a), "lab", event_id_, dan.code);
  ASSERT_TRUE(second.ok() && third.ok());
  Player ana = service_->board(ticket(a), "lab", event_id_).value();
  EXPECT_EQ(ana.lines, 8);  // every cell marked: 3 rows, 3 columns, 2 diagonals
  ASSERT_EQ(ana.claims.size(), 2u);
  const std::string one_line = ana.claims[0].code;
  EXPECT_EQ(ana.claims[0].lines, 1);

  EXPECT_EQ(service_->redeem(member_, "lab", event_id_, one_line).error().http_status, 403);
  auto redeemed = service_->redeem(staff_, "lab", event_id_, one_line);
  ASSERT_TRUE(redeemed.ok()) << redeemed.error().message;
  EXPECT_EQ(redeemed->player_name, "Ana");
  EXPECT_EQ(redeemed->prize.left(), 0);
  EXPECT_EQ(service_->redeem(organizer_, "lab", event_id_, one_line).error().code,
            "already_redeemed");
  EXPECT_EQ(service_->redeem(staff_, "lab", event_id_, "NOPE2345").error().http_status, 404);
  // Ben has Ana's k0-k2 (the same picks as his own still mark: they are
  // hers); with Cho's and Dan's his board is full too, after the 1-line
  // tier's only prize was handed out.
  clock_.advance(10);
  for (const auto& other : {cho.code, dan.code})
    ASSERT_TRUE(service_->exchange(ticket(b), "lab", event_id_, other).ok());
  auto ranks = service_->leaderboard(Caller{anonymous_, std::nullopt}, "lab", event_id_, 10);
  ASSERT_TRUE(ranks.ok()) << ranks.error().message;
  EXPECT_EQ(ranks->players, 4);
  EXPECT_EQ(ranks->exchanges, 5);
  ASSERT_EQ(ranks->top.size(), 4u);
  EXPECT_EQ(ranks->top[0].name, "Ana");  // 8 lines first
  EXPECT_EQ(ranks->top[1].name, "Ben");  // 8 lines, 10 s later
  EXPECT_EQ(ranks->top[1].lines_at, kStart + 10);
  Player full = service_->board(ticket(b), "lab", event_id_).value();
  EXPECT_EQ(full.lines, 8);
  ASSERT_EQ(full.claims.size(), 2u);
  EXPECT_EQ(service_->redeem(staff_, "lab", event_id_, full.claims[0].code).error().code,
            "out_of_stock");
  EXPECT_TRUE(service_->redeem(staff_, "lab", event_id_, full.claims[1].code).ok());
  EXPECT_EQ(count("SELECT claimed FROM bingo_prizes WHERE lines = 1"), 1);
}

TEST_P(BingoServiceTest, VoidingReplaysBothBoardsWithoutTheExchange) {
  game(0, {{1, 3}});
  const std::string a = guest("Ana"), b = guest("Ben"), c = guest("Cho");
  join(a, {"k0", "k1", "k2"});
  Player ben = join(b, {"k3", "k4", "k5"});
  Player cho = join(c, {"k3", "k4", "k6"});
  auto with_ben = service_->exchange(ticket(a), "lab", event_id_, ben.code);
  auto with_cho = service_->exchange(ticket(a), "lab", event_id_, cho.code);
  ASSERT_TRUE(with_ben.ok() && with_cho.ok());
  EXPECT_EQ(with_cho->me.marked_keywords, (std::vector<std::string>{"k6"}));
  EXPECT_EQ(service_->void_exchange(member_, "lab", event_id_, with_ben->id).error().http_status,
            403);
  EXPECT_EQ(service_->void_exchange(staff_, "lab", event_id_, with_ben->id).error().http_status,
            403);  // staff hand out prizes; voiding is the organizers'
  auto voided = service_->void_exchange(organizer_, "lab", event_id_, with_ben->id);
  ASSERT_TRUE(voided.ok()) << voided.error().message;
  EXPECT_EQ(voided->exchanges, 1);
  ASSERT_EQ(voided->players.size(), 2u);
  Player ana = service_->board(ticket(a), "lab", event_id_).value();
  // Cho's exchange now marks the k3 and k4 Ben's had; k5 is free again.
  EXPECT_EQ(marked(ana), (std::set<std::string>{"k3", "k4", "k6"}));
  for (const auto& cell : ana.cells) {
    if (cell.mark != 0) {
      EXPECT_EQ(cell.by, "Cho");
    }
  }
  EXPECT_EQ(ana.met.size(), 1u);
  EXPECT_TRUE(marked(service_->board(ticket(b), "lab", event_id_).value()).empty());
  EXPECT_EQ(voided->players[0].lines + voided->players[1].lines,
            ana.lines + service_->board(ticket(b), "lab", event_id_)->lines);
  EXPECT_EQ(service_->void_exchange(organizer_, "lab", event_id_, with_ben->id).error().code,
            "already_voided");
  // The pair stays spent: a voided exchange is not done again.
  const std::string ana_code = ana.code;
  EXPECT_EQ(service_->exchange(ticket(b), "lab", event_id_, ana_code).error().code, "already_met");
}

TEST_P(BingoServiceTest, BoothsStampOnceAndLeavingTakesAPlayerOffTheBoard) {
  const Game set = game();
  const std::string booth_code = set.booths.at(0).code;
  const std::string a = guest("Ana"), b = guest("Ben"), c = guest("Cho");
  Player ana = join(a, {"k0", "k1", "k2"});
  join(b, {"k3", "k4", "k5"});
  join(c, {"k6", "k7", "k8"});
  auto stamped = service_->exchange(ticket(a), "lab", event_id_, booth_code);
  ASSERT_TRUE(stamped.ok()) << stamped.error().message;
  ASSERT_TRUE(stamped->booth.has_value());
  EXPECT_EQ(stamped->booth->name, "Sponsor");
  EXPECT_FALSE(stamped->them.has_value());
  EXPECT_EQ(stamped->me.marked, (std::vector<int>{0}));  // an empty board: the first cell
  EXPECT_EQ(stamped->exchanges, 0);                      // stamps are not exchanges
  EXPECT_EQ(service_->exchange(ticket(a), "lab", event_id_, booth_code).error().code,
            "already_stamped");
  EXPECT_EQ(service_->board(ticket(a), "lab", event_id_)->cells[0].by, "Sponsor");

  ASSERT_TRUE(service_->exchange(ticket(b), "lab", event_id_, ana.code).ok());
  ASSERT_TRUE(service_->leave(ticket(a), "lab", event_id_).ok());
  EXPECT_EQ(service_->leave(ticket(a), "lab", event_id_).error().http_status, 404);
  auto ranks = service_->leaderboard(Caller{member_, std::nullopt}, "lab", event_id_, 10);
  ASSERT_TRUE(ranks.ok());
  EXPECT_EQ(ranks->players, 2);
  for (const auto& ranked : ranks->top) EXPECT_NE(ranked.name, "Ana");
  // Her meeting with Ben stays on his board; her code no longer scans.
  EXPECT_EQ(marked(service_->board(ticket(b), "lab", event_id_).value()),
            (std::set<std::string>{"k0", "k1", "k2"}));
  EXPECT_EQ(service_->exchange(ticket(c), "lab", event_id_, ana.code).error().code, "unknown_code");
  EXPECT_EQ(service_->board(ticket(a), "lab", event_id_).error().http_status, 404);
  EXPECT_EQ(service_->join(ticket(a), "lab", event_id_, {"k0", "k1", "k2"}).error().code, "left");
}

TEST_P(BingoServiceTest, TheGameClosesAtItsEndTimeOrByHand) {
  GameInput input{
      .size = 3, .picks = 3, .keywords = pool(9), .rate_limit_seconds = 0, .ends_at = kStart + 600};
  ASSERT_TRUE(service_->configure(organizer_, "lab", event_id_, input).ok());
  const std::string a = guest("Ana"), b = guest("Ben");
  join(a, {"k0", "k1", "k2"});
  Player ben = join(b, {"k3", "k4", "k5"});
  clock_.advance(600);
  auto late = service_->exchange(ticket(a), "lab", event_id_, ben.code);
  EXPECT_EQ(late.error().http_status, 409);
  EXPECT_EQ(late.error().field, "game");
  EXPECT_EQ(service_->join(ticket(guest("Cho")), "lab", event_id_, {"k0", "k1", "k2"}).error().code,
            "closed");
  input.ends_at.reset();
  ASSERT_TRUE(service_->configure(organizer_, "lab", event_id_, input).ok());
  EXPECT_TRUE(service_->exchange(ticket(a), "lab", event_id_, ben.code).ok());
  input.closed = true;
  ASSERT_TRUE(service_->configure(organizer_, "lab", event_id_, input).ok());
  EXPECT_EQ(service_->exchange(ticket(b), "lab", event_id_, ben.code).error().code, "closed");
  EXPECT_EQ(count("SELECT COUNT(*) FROM bingo_exchanges"), 1);
}

TEST_P(BingoServiceTest, ConcurrentScansMakeExactlyOneExchangePerPair) {
  game(0, {});
  std::vector<std::string> tokens;
  std::vector<std::string> codes;
  for (int index = 0; index < 16; ++index) {
    tokens.push_back(guest("p" + std::to_string(index)));
    codes.push_back(join(tokens.back(), {"k0", "k1", "k2"}).code);
  }
  std::atomic<int> created{0}, refused{0}, failed{0};
  std::vector<std::thread> threads;
  auto scan = [&](int from, int to) {
    auto result = service_->exchange(ticket(tokens[from]), "lab", event_id_, codes[to]);
    if (result.ok())
      ++created;
    else if (result.error().code == "already_met")
      ++refused;
    else
      ++failed;
  };
  for (int pair = 0; pair < 7; ++pair) threads.emplace_back(scan, 2 * pair, 2 * pair + 1);
  for (int round = 0; round < 2; ++round) {  // the last pair, scanning each other at once
    threads.emplace_back(scan, 14, 15);
    threads.emplace_back(scan, 15, 14);
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), 8);
  EXPECT_EQ(refused.load(), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM bingo_exchanges"), 8);
  EXPECT_EQ(count("SELECT exchanges_count FROM bingo_games"), 8);
}

// Every phone listens to the leaderboard channel: a note goes out only when
// the top ten changed, and it carries the ten, so that 10,000 phones draw it
// without asking back. A join past the tenth player, or lines gained by a
// player who stays outside the ten, tell nobody.
TEST_P(BingoServiceTest, PhonesHearTheLeaderboardOnlyWhenTheTopTenChanges) {
  auto hub = live::Hub::in_process();
  service_->publish_through(*hub);
  std::vector<std::string> notes;
  auto subscription =
      hub->subscribe(live_channels::leaderboard(event_id_),
                     [&notes](const live::Message& message) { notes.push_back(message.data); });
  game();
  std::vector<std::string> tokens;
  std::vector<Player> players;
  for (int index = 0; index < 12; ++index) {
    tokens.push_back(guest("p" + std::to_string(index)));
    players.push_back(
        join(tokens.back(), {"k" + std::to_string(index % 9), "k" + std::to_string((index + 1) % 9),
                             "k" + std::to_string((index + 2) % 9)}));
    // The first ten enter the top ten (all at 0 lines, the earlier first).
    EXPECT_EQ(notes.size(), static_cast<std::size_t>(std::min(index + 1, 10))) << index;
  }
  auto last = boost::json::parse(notes.back()).as_object();
  EXPECT_EQ(last["kind"].as_string(), "top");
  EXPECT_EQ(last["players"].as_int64(), 10);
  ASSERT_EQ(last["leaderboard"].as_array().size(), 10u);
  EXPECT_EQ(last["leaderboard"].as_array()[0].as_object()["name"].as_string(), "p0");

  // Exchanges among the last players: a note exactly when one whose lines
  // changed is in the ten afterwards, and then it holds the new order.
  int told = 0;
  for (int first = 10; first < 12; ++first) {
    for (int other = 0; other < 12; ++other) {
      if (other == first) continue;
      const std::size_t before = notes.size();
      auto made = service_->exchange(ticket(tokens[static_cast<std::size_t>(first)]), "lab",
                                     event_id_, players[static_cast<std::size_t>(other)].code);
      if (!made && made.error().code == "already_met") continue;
      ASSERT_TRUE(made.ok()) << made.error().message;
      auto ranks = service_->leaderboard(Caller{anonymous_, std::nullopt}, "lab", event_id_, 10);
      ASSERT_TRUE(ranks.ok());
      bool entered = false;
      for (const Side* side : {&made->me, &*made->them})
        for (const auto& ranked : ranks->top)
          entered = entered || (side->lines_changed && ranked.player_id == side->player_id);
      ASSERT_EQ(notes.size(), before + (entered ? 1u : 0u)) << first << " met " << other;
      if (!entered) continue;
      ++told;
      auto note = boost::json::parse(notes.back()).as_object();
      EXPECT_EQ(note["exchanges"].as_int64(), made->exchanges);
      EXPECT_EQ(note["players"].as_int64(), 12);
      const auto& top = note["leaderboard"].as_array();
      ASSERT_EQ(top.size(), ranks->top.size());
      for (std::size_t rank = 0; rank < top.size(); ++rank) {
        EXPECT_EQ(top[rank].as_object().at("player_id").as_int64(), ranks->top[rank].player_id);
        EXPECT_EQ(top[rank].as_object().at("lines").as_int64(), ranks->top[rank].lines);
      }
    }
  }
  // Meeting everyone, p10 gets every keyword marked: lines, and into the ten.
  EXPECT_GT(told, 0);
  // Leaving always tells (the one who left may have been in the ten).
  const std::size_t before = notes.size();
  ASSERT_TRUE(service_->leave(ticket(tokens[11]), "lab", event_id_).ok());
  ASSERT_EQ(notes.size(), before + 1);
  EXPECT_EQ(boost::json::parse(notes.back()).as_object()["players"].as_int64(), 11);
}

INSTANTIATE_TEST_SUITE_P(Drivers, BingoServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::bingo
