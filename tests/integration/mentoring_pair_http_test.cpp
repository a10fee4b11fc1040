// A mentoring pair's space over HTTP on both databases, per role: the two
// people propose and confirm sessions (reminders written), keep notes that
// organizers read only when both agree, check in at the mid-point (a light
// for organizers, words only with a request for help) and give feedback;
// a third member gets 404, an organizer acting in it 403. Organizers read
// the figures and issue certificates once the program has ended. Replies
// match the served OpenAPI document.
#include "environment.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using MentoringPairHttpTest = ServerTest;

const std::string kPrograms = "/api/v1/communities/it-lab/mentoring/programs";
const std::string kPattern = "/api/v1/communities/{slug}/mentoring/programs/{program}";

std::string error_part(const HttpResult& result, const char* part) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  const auto& error = body["error"].as_object();
  return error.contains(part) && error.at(part).is_string()
             ? std::string(error.at(part).as_string())
             : std::string();
}

std::string day(std::int64_t offset_days) {
  return format_local(std::time(nullptr) + offset_days * kDay, "Asia/Seoul", "%Y-%m-%d");
}

Client person(Environment& env, const std::string& who, const std::string& name) {
  Client client = env.client();
  sign_up_and_log_in(client,
                     "pair-" + who + "-" + std::to_string(std::time(nullptr)) + "-" +
                         std::to_string(env.count("SELECT count(*) FROM users")) + "@it.example",
                     name);
  EXPECT_EQ(client.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  return client;
}

struct Announced {
  std::string program;  // its API path
  std::string pair;     // the pair's API path
  std::int64_t pair_id = 0;
};

// A program from `from` to `to` days from today, one pair announced in it.
Announced announce_one(Environment& e, Client& mentor, Client& mentee, int from, int to) {
  auto created =
      e.organizer->json("POST", kPrograms,
                        R"({"name":"Pairs","starts_on":")" + day(from) + R"(","ends_on":")" +
                            day(to) + R"(","sessions":4,"session_minutes":60,"languages":["en"]})");
  EXPECT_EQ(created.status, 201) << created.body;
  Announced out;
  out.program = kPrograms + "/" + std::to_string(parse_object(created.body)["id"].as_int64());
  // Every hour of the week: they always share enough.
  std::string every_day;
  for (const char* weekday : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
    every_day += std::string(weekday) + " 00:00-24:00\\n";
  EXPECT_EQ(mentor
                .json("POST", out.program + "/offer",
                      R"({"capacity":1,"languages":["en"],"time_zone":"Asia/Seoul",)"
                      R"("availability":")" +
                          every_day + R"("})")
                .status,
            201);
  EXPECT_EQ(mentee
                .json("POST", out.program + "/application",
                      R"({"goals":["Write a paper"],"languages":["en"],"time_zone":"Africa/Lagos",)"
                      R"("availability":")" +
                          every_day + R"("})")
                .status,
            201);
  const auto offers =
      parse_object(e.organizer->get(out.program + "/offers").body)["offers"].as_array();
  for (const auto& offer : offers)
    EXPECT_EQ(e.organizer
                  ->json("POST",
                         out.program + "/offers/" +
                             std::to_string(offer.as_object().at("id").as_int64()) + "/review",
                         R"({"decision":"accept"})")
                  .status,
              200);
  const auto applications =
      parse_object(e.organizer->get(out.program + "/applications").body)["applications"].as_array();
  for (const auto& one : applications)
    EXPECT_EQ(e.organizer
                  ->json("POST",
                         out.program + "/applications/" +
                             std::to_string(one.as_object().at("id").as_int64()) + "/review",
                         R"({"decision":"accept"})")
                  .status,
              200);
  auto run = e.organizer->json("POST", out.program + "/matches", R"({"mode":"fit","seed":1})");
  EXPECT_EQ(run.status, 201) << run.body;
  EXPECT_EQ(
      e.organizer
          ->json("POST", out.program + "/matches/" +
                             std::to_string(parse_object(run.body)["id"].as_int64()) + "/announce")
          .status,
      200);
  const auto pairs = parse_object(mentee.get(out.program + "/pairs").body)["pairs"].as_array();
  EXPECT_EQ(pairs.size(), 1u);
  out.pair_id = pairs.empty() ? 0 : pairs[0].as_object().at("id").as_int64();
  out.pair = out.program + "/pairs/" + std::to_string(out.pair_id);
  return out;
}

TEST_P(MentoringPairHttpTest, SessionsAndNotesPerRole) {
  Environment& e = env();
  Client mentor = person(e, "mentor", "Mentor Seoul");
  Client mentee = person(e, "mentee", "Mentee Lagos");
  const Announced a = announce_one(e, mentor, mentee, -1, 60);
  const std::string pair_pattern = kPattern + "/pairs/{pair}";
  auto space = mentee.get(a.pair + "/space");
  ASSERT_EQ(space.status, 200) << space.body;
  expect_documented(e, "get", pair_pattern + "/space", space);
  EXPECT_EQ(e.member->get(a.pair + "/space").status, 404);
  EXPECT_EQ(e.organizer->get(a.pair + "/space").status, 200);

  // Sessions: proposed by one, confirmed by the other; bad input named.
  const std::string tomorrow = utc(std::time(nullptr) + 3 * kDay);
  EXPECT_EQ(error_part(mentee.json("POST", a.pair + "/sessions",
                                   R"({"starts_at":")" + utc(std::time(nullptr) - kDay) + "\"}"),
                       "field"),
            "starts_at");
  EXPECT_EQ(
      error_part(mentee.json("POST", a.pair + "/sessions", R"({"starts_at":"tomorrow"})"), "field"),
      "starts_at");
  EXPECT_EQ(
      e.member->json("POST", a.pair + "/sessions", R"({"starts_at":")" + tomorrow + "\"}").status,
      404);
  EXPECT_EQ(e.organizer->json("POST", a.pair + "/sessions", R"({"starts_at":")" + tomorrow + "\"}")
                .status,
            403);
  auto proposed = mentee.json("POST", a.pair + "/sessions", R"({"starts_at":")" + tomorrow + "\"}");
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  expect_documented(e, "post", pair_pattern + "/sessions", proposed);
  const std::string session =
      a.pair + "/sessions/" + std::to_string(parse_object(proposed.body)["id"].as_int64());
  EXPECT_EQ(mentee.json("POST", session + "/answer", R"({"action":"confirm"})").status, 409);
  EXPECT_EQ(error_part(mentor.json("POST", session + "/answer", R"({"action":"later"})"), "field"),
            "action");
  const std::int64_t reminders = e.count(
      "SELECT count(*) FROM outbox WHERE payload LIKE '%mentoring.reminder%' AND state = "
      "'pending'");
  auto confirmed = mentor.json("POST", session + "/answer", R"({"action":"confirm"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  expect_documented(e, "post", pair_pattern + "/sessions/{session}/answer", confirmed);
  EXPECT_EQ(e.count("SELECT count(*) FROM outbox WHERE payload LIKE '%mentoring.reminder%' AND "
                    "state = 'pending'"),
            reminders + 2);
  EXPECT_EQ(mentor.json("POST", session + "/answer", R"({"action":"held"})").status, 409);

  // Notes: organizers read one only when both agree.
  auto note = mentee.json("POST", a.pair + "/notes", R"({"body":"Read chapter 3","share":true})");
  ASSERT_EQ(note.status, 201) << note.body;
  expect_documented(e, "post", pair_pattern + "/notes", note);
  const auto notes_seen = [&](Client& who) {
    return parse_object(who.get(a.pair + "/space").body)["notes"].as_array().size();
  };
  EXPECT_EQ(notes_seen(*e.organizer), 0u);
  const std::string share =
      a.pair + "/notes/" + std::to_string(parse_object(note.body)["id"].as_int64()) + "/share";
  auto shared = mentor.json("PUT", share, R"({"share":true})");
  ASSERT_EQ(shared.status, 200) << shared.body;
  expect_documented(e, "put", pair_pattern + "/notes/{note}/share", shared);
  EXPECT_EQ(notes_seen(*e.organizer), 1u);
  EXPECT_EQ(error_part(mentee.json("POST", a.pair + "/notes", R"({"body":""})"), "field"), "body");

  // Agreed goals, the check-in (not before the mid-point) and the figures.
  auto goals = mentor.json("PUT", a.pair + "/goals", R"({"goals":["Write a paper","Submit it"]})");
  ASSERT_EQ(goals.status, 200) << goals.body;
  expect_documented(e, "put", pair_pattern + "/goals", goals);
  auto early = mentee.json("PUT", a.pair + "/checkin", R"({"light":"green"})");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(error_part(early, "code"), "checkin_not_open");
  auto figures = e.organizer->get(a.program + "/figures");
  ASSERT_EQ(figures.status, 200) << figures.body;
  expect_documented(e, "get", kPattern + "/figures", figures);
  EXPECT_EQ(parse_object(figures.body)["goals_total"].as_int64(), 2);
  EXPECT_EQ(e.member->get(a.program + "/figures").status, 403);
  auto not_ended = e.organizer->json("POST", a.program + "/certificates");
  EXPECT_EQ(not_ended.status, 409);
  EXPECT_EQ(error_part(not_ended, "code"), "program_not_ended");
}

TEST_P(MentoringPairHttpTest, CheckInAndFeedbackNearTheEnd) {
  Environment& e = env();
  Client mentor = person(e, "late-mentor", "Mentor Late");
  Client mentee = person(e, "late-mentee", "Mentee Late");
  // Started two months ago, ends in three days: past the mid-point, in the
  // last week.
  const Announced a = announce_one(e, mentor, mentee, -60, 3);
  const std::string pair_pattern = kPattern + "/pairs/{pair}";
  auto checkin = mentee.json("PUT", a.pair + "/checkin",
                             R"({"light":"red","comment":"we lost touch","wants_help":true})");
  ASSERT_EQ(checkin.status, 200) << checkin.body;
  expect_documented(e, "put", pair_pattern + "/checkin", checkin);
  ASSERT_EQ(mentor.json("PUT", a.pair + "/checkin", R"({"light":"green","comment":"fine"})").status,
            200);
  EXPECT_EQ(error_part(mentor.json("PUT", a.pair + "/checkin", R"({"light":"blue"})"), "field"),
            "light");
  auto figures = parse_object(e.organizer->get(a.program + "/figures").body);
  EXPECT_EQ(figures["red"].as_int64(), 1);
  EXPECT_EQ(figures["green"].as_int64(), 1);
  ASSERT_EQ(figures["help_requests"].as_array().size(), 1u);
  EXPECT_EQ(figures["help_requests"].as_array()[0].as_object().at("comment").as_string(),
            "we lost touch");
  // The mentor's words stay theirs.
  const auto checkins =
      parse_object(e.organizer->get(a.pair + "/space").body)["checkins"].as_array();
  for (const auto& one : checkins) {
    if (one.as_object().at("light").as_string() == "green") {
      EXPECT_EQ(one.as_object().at("comment").as_string(), "");
    }
  }

  EXPECT_EQ(error_part(mentee.json("PUT", a.pair + "/feedback",
                                   R"({"rating":5,"goals_reached":[true,false]})"),
                       "field"),
            "goals_reached");
  auto feedback = mentee.json("PUT", a.pair + "/feedback",
                              R"({"rating":5,"comment":"great","goals_reached":[true]})");
  ASSERT_EQ(feedback.status, 200) << feedback.body;
  expect_documented(e, "put", pair_pattern + "/feedback", feedback);
  EXPECT_EQ(error_part(mentor.json("PUT", a.pair + "/feedback", R"({"rating":0})"), "field"),
            "rating");
  figures = parse_object(e.organizer->get(a.program + "/figures").body);
  EXPECT_EQ(figures["goals_reached"].as_int64(), 1);
  EXPECT_DOUBLE_EQ(figures["mentee_satisfaction"].as_double(), 5.0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, MentoringPairHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
