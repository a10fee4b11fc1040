// The bingo pages over HTTP, per role: nobody signed in is sent to sign in,
// a member who did not register is refused, a guest plays through the
// ticket's private link, organizers set the game up and void, staff redeem;
// a failing join form comes back with the field marked and the ticks kept;
// the event page shows each link only to whom may use it.
#include "environment.hpp"

namespace moim::integration {
namespace {

using BingoPagesHttpTest = ServerTest;

const std::string kApi = "/api/v1/communities/it-lab/events/";
const std::string kPages = "/c/it-lab/events/";

std::string create_event(Environment& env) {
  const std::int64_t now = std::time(nullptr);
  auto created = env.organizer->json("POST", "/api/v1/communities/it-lab/events",
                                     R"({"title": "BingoCon", "starts_at": ")" +
                                         utc(now + 7 * kDay) + R"(", "ends_at": ")" +
                                         utc(now + 7 * kDay + 8 * 3600) + R"(", "capacity": 50})");
  EXPECT_EQ(created.status, 201) << created.body;
  return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
}

bool has(const HttpResult& result, const std::string& text) {
  return result.body.find(text) != std::string::npos;
}

// A guest registered for the event; returns the ticket token.
std::string register_guest(Client& client, const std::string& id, const std::string& name) {
  auto registered = client.json("POST", kApi + id + "/registrations",
                                R"({"name":")" + name + R"(","email":"bingo-page-)" + name + "-" +
                                    std::to_string(std::time(nullptr)) + R"(@it.example"})");
  EXPECT_EQ(registered.status, 201) << registered.body;
  return std::string(parse_object(registered.body)["ticket_token"].as_string());
}

std::string code_on(const HttpResult& page) {
  const std::string marker = "data-testid=\"bingo-my-code\">";
  const auto at = page.body.find(marker);
  if (at == std::string::npos) return "";
  return page.body.substr(at + marker.size(), 8);
}

TEST_P(BingoPagesHttpTest, EachRoleSeesItsPagesAndFormsFailInPlace) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string event = kPages + id;
  // Before a game exists: organizers see "set up", a member nothing.
  EXPECT_TRUE(has(e.organizer->get(event), "bingo-settings-link"));
  EXPECT_FALSE(has(e.member->get(event), "bingo-"));
  // Organizers set it up through the page; a bad pool is marked in place.
  auto settings = e.organizer->get(event + "/bingo/settings");
  ASSERT_EQ(settings.status, 200) << settings.body;
  const std::string csrf = url_encode(csrf_from(settings.body));
  auto few = e.organizer->form(event + "/bingo/settings",
                               "_csrf=" + csrf +
                                   "&size=3&picks=2&keywords=a%0Ab&prizes=1%3A+5"
                                   "&booths=&rate_limit_seconds=0");
  EXPECT_EQ(few.status, 422) << few.body;
  EXPECT_TRUE(has(few, "keywords-error"));
  EXPECT_TRUE(has(few, ">a\nb</textarea>"));
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM bingo_games WHERE event_id = " + id), 0);
  auto saved = e.organizer->form(
      event + "/bingo/settings",
      "_csrf=" + csrf + "&size=3&picks=2&keywords=" +
          url_encode("AI: LLM\nAI: RAG\nWeb: React\nWeb: Vue\nk5\nk6\nk7\nk8\nk9") +
          "&prizes=" + url_encode("1: 5") + "&booths=Sponsor&rate_limit_seconds=0");
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(e.member->get(event + "/bingo/settings").status, 403);
  EXPECT_EQ(e.anonymous->get(event + "/bingo/settings").status, 303);  // sign in first
  EXPECT_TRUE(has(e.organizer->get(event + "/bingo/booths"), "bingo-booth"));

  // Nobody signed in is asked to; a member who did not register is refused.
  auto anonymous = e.anonymous->get(event + "/bingo");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_NE(anonymous.headers["location"].find("/login"), std::string::npos);
  EXPECT_EQ(e.member->get(event + "/bingo").status, 403);
  EXPECT_FALSE(has(e.member->get(event), "bingo-play-link"));

  // A registered member: the join form says what others see; a wrong count
  // of ticks comes back marked with the ticks kept.
  ASSERT_EQ(e.member->json("POST", kApi + id + "/registrations", "{}").status, 201);
  EXPECT_TRUE(has(e.member->get(event), "bingo-play-link"));
  auto join = e.member->get(event + "/bingo");
  ASSERT_EQ(join.status, 200) << join.body;
  EXPECT_TRUE(has(join, "bingo-join-visible"));
  const std::string member_csrf = url_encode(csrf_from(join.body));
  auto one = e.member->form(event + "/bingo/join", "_csrf=" + member_csrf + "&keyword-0=yes");
  EXPECT_EQ(one.status, 422) << one.body;
  EXPECT_TRUE(has(one, "keywords-error"));
  EXPECT_TRUE(has(one, "name=\"keyword-0\" value=\"yes\" data-testid=\"bingo-keyword\" checked"));
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM bingo_players p JOIN bingo_games g ON g.id = p.game_id "
                    "WHERE g.event_id = " +
                    id),
            0);
  auto joined = e.member->form(event + "/bingo/join",
                               "_csrf=" + member_csrf + "&keyword-0=yes&keyword-2=yes");
  EXPECT_EQ(joined.status, 303) << joined.body;
  auto board = e.member->get(event + "/bingo");
  EXPECT_TRUE(has(board, "bingo-board"));
  EXPECT_TRUE(has(board, "<svg"));
  const std::string member_code = code_on(board);
  ASSERT_EQ(member_code.size(), 8u);
  // A second submit (a double tap) just shows the board.
  EXPECT_EQ(
      e.member->form(event + "/bingo/join", "_csrf=" + member_csrf + "&keyword-0=yes&keyword-2=yes")
          .status,
      303);

  // A guest plays through the ticket's link; a bad code is marked in place.
  Client guest = e.client();
  const std::string token = register_guest(guest, id, "dana");
  const std::string play = event + "/t/" + token + "/bingo";
  EXPECT_TRUE(has(guest.get(event + "/t/" + token), "bingo-play-link"));
  auto guest_page = guest.get(play);
  ASSERT_EQ(guest_page.status, 200) << guest_page.body;
  const std::string guest_csrf = url_encode(csrf_from(guest_page.body));
  EXPECT_EQ(
      guest.form(play + "/join", "_csrf=" + guest_csrf + "&keyword-1=yes&keyword-3=yes").status,
      303);
  auto wrong = guest.form(play + "/exchange", "_csrf=" + guest_csrf + "&code=ZZZZZZZZ");
  EXPECT_EQ(wrong.status, 404) << wrong.body;
  EXPECT_TRUE(has(wrong, "bingo-code-error"));
  EXPECT_TRUE(has(wrong, "value=\"ZZZZZZZZ\""));
  EXPECT_EQ(guest.form(play + "/exchange", "_csrf=" + guest_csrf + "&code=" + member_code).status,
            303);
  auto met = guest.get(play);
  EXPECT_TRUE(has(met, "class=\"marked\""));
  const long forged = e.anonymous->get(event + "/t/tkt_not-a-token/bingo").status;
  EXPECT_TRUE(forged == 403 || forged == 404) << forged;

  // Organizers void from the settings page; staff pages refuse members.
  auto listed = e.organizer->get(event + "/bingo/settings");
  EXPECT_TRUE(has(listed, "bingo-void"));
  EXPECT_EQ(e.member->get(event + "/bingo/redeem").status, 403);
  EXPECT_EQ(e.member->get(event + "/bingo/projector").status, 403);
  EXPECT_EQ(e.member->get(kApi + id + "/bingo/network").status, 403);
  auto projector = e.organizer->get(event + "/bingo/projector");
  EXPECT_EQ(projector.status, 200);
  EXPECT_TRUE(has(projector, "data-bingo-network"));
  auto network = e.organizer->get(kApi + id + "/bingo/network");
  ASSERT_EQ(network.status, 200) << network.body;
  EXPECT_EQ(parse_object(network.body)["edges"].as_array().size(), 1u);
  auto redeem = e.organizer->get(event + "/bingo/redeem");
  ASSERT_EQ(redeem.status, 200);
  auto unknown = e.organizer->form(event + "/bingo/redeem",
                                   "_csrf=" + url_encode(csrf_from(redeem.body)) + "&code=XXXX");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(has(unknown, "verdict-bad"));
  // Leaving takes the player back to the event.
  auto left = guest.form(play + "/leave", "_csrf=" + guest_csrf);
  EXPECT_EQ(left.status, 303);
}

INSTANTIATE_TEST_SUITE_P(Drivers, BingoPagesHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
