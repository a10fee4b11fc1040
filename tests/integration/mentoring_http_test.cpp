// Mentoring programs over HTTP on both databases, per role: organizers open
// a program, review both sides, pin, match and announce; mentors offer and
// mentees apply (once), each bad input a 4xx naming the field with nothing
// written; a stranger joins a program open to anyone; a pair is seen by its
// two people and organizers only (404 for a third member). Replies match
// the served OpenAPI document.
#include "environment.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using MentoringHttpTest = ServerTest;

const std::string kPrograms = "/api/v1/communities/it-lab/mentoring/programs";
const std::string kPattern = "/api/v1/communities/{slug}/mentoring/programs";

std::string error_part(const HttpResult& result, const char* part) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  const auto& error = body["error"].as_object();
  return error.contains(part) && error.at(part).is_string()
             ? std::string(error.at(part).as_string())
             : std::string();
}

std::int64_t id_of(const HttpResult& result) { return parse_object(result.body)["id"].as_int64(); }

// A new member signed in (and joined, unless `join` is false).
Client person(Environment& env, const std::string& who, const std::string& name, bool join = true) {
  Client client = env.client();
  sign_up_and_log_in(client,
                     "mentoring-" + who + "-" + std::to_string(std::time(nullptr)) + "-" +
                         std::to_string(env.count("SELECT count(*) FROM users")) + "@it.example",
                     name);
  if (join) {
    EXPECT_EQ(client.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  }
  return client;
}

std::string program_body(const std::string& audience) {
  return R"({"name":"Global mentoring","description":"Across time zones","starts_on":"2027-03-01",)"
         R"("ends_on":"2027-05-31","format":"one_to_one","cadence_days":14,"sessions":6,)"
         R"("session_minutes":60,"languages":["ko","en"],"topics":["LLM","CV"],"audience":")" +
         audience + R"("})";
}

const std::string kOffer =
    R"({"capacity":1,"languages":["ko","en"],"topics":["LLM"],"time_zone":"Asia/Seoul",)"
    R"("availability":"mon 19:00-22:00\nwed 19:00-22:00","bio":"ML engineer","help_with":"papers"})";

std::string application(const std::string& languages, const std::string& zone,
                        const std::string& hours) {
  return R"({"goals":["Ship an LLM side project"],"languages":)" + languages +
         R"(,"topics":["LLM"],"time_zone":")" + zone + R"(","availability":")" + hours + R"("})";
}

TEST_P(MentoringHttpTest, FromProgramToAnnouncedPairsPerRole) {
  Environment& e = env();
  // Opening a program: organizers only; bad input named, nothing stored.
  const std::int64_t before = e.count("SELECT count(*) FROM mentoring_programs");
  EXPECT_EQ(e.member->json("POST", kPrograms, program_body("members")).status, 403);
  EXPECT_EQ(e.anonymous->json("POST", kPrograms, program_body("members")).status, 401);
  auto bad = e.organizer->json("POST", kPrograms,
                               R"({"name":"x","starts_on":"2027-13-01","ends_on":"2027-05-31",)"
                               R"("languages":["ko"]})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(error_part(bad, "field"), "starts_on");
  EXPECT_EQ(error_part(e.organizer->json("POST", kPrograms,
                                         R"({"name":"x","starts_on":"2027-03-01","ends_on":)"
                                         R"("2027-05-31","languages":["ko"],"format":"trio"})"),
                       "field"),
            "format");
  EXPECT_EQ(e.count("SELECT count(*) FROM mentoring_programs"), before);
  auto created = e.organizer->json("POST", kPrograms, program_body("members"));
  ASSERT_EQ(created.status, 201) << created.body;
  expect_documented(e, "post", kPattern, created);
  const std::string program = kPrograms + "/" + std::to_string(id_of(created));
  const std::string pattern = kPattern + "/{program}";
  auto listed = e.member->get(kPrograms);
  EXPECT_EQ(listed.status, 200);
  expect_documented(e, "get", kPattern, listed);

  // A mentor offers; bad input named; offering twice is a 409.
  Client mentor = person(e, "mentor", "김멘토");
  auto zone = mentor.json("POST", program + "/offer",
                          R"({"capacity":1,"languages":["ko"],"time_zone":"Mars/Olympus",)"
                          R"("availability":"mon 19:00-21:00"})");
  EXPECT_EQ(zone.status, 400) << zone.body;
  EXPECT_EQ(error_part(zone, "field"), "time_zone");
  auto hours = mentor.json("POST", program + "/offer",
                           R"({"capacity":1,"languages":["ko"],"time_zone":"Asia/Seoul",)"
                           R"("availability":"monday evening"})");
  EXPECT_EQ(error_part(hours, "field"), "availability");
  EXPECT_EQ(error_part(mentor.json("POST", program + "/offer",
                                   R"({"capacity":99,"languages":["ko"],"time_zone":"UTC",)"
                                   R"("availability":"mon 10:00-11:00"})"),
                       "field"),
            "capacity");
  auto offered = mentor.json("POST", program + "/offer", kOffer);
  ASSERT_EQ(offered.status, 201) << offered.body;
  expect_documented(e, "post", pattern + "/offer", offered);
  EXPECT_EQ(mentor.json("POST", program + "/offer", kOffer).status, 409);

  // Mentees apply: once. One from London speaking English; one speaking
  // only a language no mentor does is explained, not silently left.
  Client mentee = person(e, "mentee", "Kwame");
  auto mentors = mentee.get(program + "/mentors?time_zone=Europe/London&lang=en");
  ASSERT_EQ(mentors.status, 200) << mentors.body;
  expect_documented(e, "get", pattern + "/mentors", mentors);
  const auto cards = parse_object(mentors.body)["mentors"].as_array();
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].as_object().at("hours").as_array()[0].as_string(), "Mon 10:00–13:00");
  const std::int64_t offer_id = cards[0].as_object().at("offer_id").as_int64();
  std::string body = application(R"(["en"])", "Europe/London", "mon 10:00-13:00");
  body.insert(body.size() - 1, R"(,"ranking":[)" + std::to_string(offer_id) + "]");
  auto applied = mentee.json("POST", program + "/application", body);
  ASSERT_EQ(applied.status, 201) << applied.body;
  expect_documented(e, "post", pattern + "/application", applied);
  EXPECT_EQ(mentee.json("POST", program + "/application", body).status, 409);
  Client korean = person(e, "korean", "박멘티");
  ASSERT_EQ(korean
                .json("POST", program + "/application",
                      application(R"(["ko"])", "Asia/Seoul", "sat 03:00-05:00"))
                .status,
            201);
  // A stranger cannot sign up to a members-only program (it is not shown).
  Client stranger = person(e, "stranger", "Stranger", false);
  EXPECT_EQ(stranger
                .json("POST", program + "/application",
                      application(R"(["en"])", "UTC", "mon 10:00-12:00"))
                .status,
            404);

  // Review: organizers only.
  EXPECT_EQ(e.member->get(program + "/offers").status, 403);
  auto offers = e.organizer->get(program + "/offers");
  ASSERT_EQ(offers.status, 200);
  expect_documented(e, "get", pattern + "/offers", offers);
  auto reviewed =
      e.organizer->json("POST", program + "/offers/" + std::to_string(offer_id) + "/review",
                        R"({"decision":"accept"})");
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  expect_documented(e, "post", pattern + "/offers/{offer}/review", reviewed);
  EXPECT_EQ(error_part(e.organizer->json(
                           "POST", program + "/offers/" + std::to_string(offer_id) + "/review",
                           R"({"decision":"maybe"})"),
                       "field"),
            "decision");
  auto applications = e.organizer->get(program + "/applications");
  ASSERT_EQ(applications.status, 200);
  const auto listed_applications = parse_object(applications.body)["applications"].as_array();
  for (const auto& one : listed_applications)
    ASSERT_EQ(e.organizer
                  ->json("POST",
                         program + "/applications/" +
                             std::to_string(one.as_object().at("id").as_int64()) + "/review",
                         R"({"decision":"accept","reason":"welcome"})")
                  .status,
              200);

  // Matching: kept, not announced; explained.
  EXPECT_EQ(e.member->json("POST", program + "/matches", R"({"mode":"fit"})").status, 403);
  EXPECT_EQ(
      error_part(e.organizer->json("POST", program + "/matches", R"({"mode":"best"})"), "field"),
      "mode");
  auto run = e.organizer->json("POST", program + "/matches", R"({"mode":"stable","seed":42})");
  ASSERT_EQ(run.status, 201) << run.body;
  expect_documented(e, "post", pattern + "/matches", run);
  auto result = parse_object(run.body);
  ASSERT_EQ(result["pairs"].as_array().size(), 1u);
  EXPECT_EQ(result["pairs"].as_array()[0].as_object().at("mentee").as_string(), "Kwame");
  EXPECT_EQ(result["pairs"].as_array()[0].as_object().at("ranked").as_int64(), 1);
  ASSERT_EQ(result["unmatched"].as_array().size(), 1u);
  EXPECT_EQ(result["unmatched"].as_array()[0].as_object().at("reason").as_string(),
            "no_common_hours");
  EXPECT_EQ(e.count("SELECT count(*) FROM mentoring_pairs WHERE program_id = " +
                    std::to_string(id_of(created))),
            0);

  // Announcing: once; both sides mailed.
  const std::string announce =
      program + "/matches/" + std::to_string(result["id"].as_int64()) + "/announce";
  EXPECT_EQ(e.member->json("POST", announce).status, 403);
  const std::int64_t mails =
      e.count("SELECT count(*) FROM outbox WHERE payload LIKE '%mentoring.matched%'");
  auto announced = e.organizer->json("POST", announce);
  ASSERT_EQ(announced.status, 200) << announced.body;
  expect_documented(e, "post", pattern + "/matches/{run}/announce", announced);
  EXPECT_EQ(e.count("SELECT count(*) FROM outbox WHERE payload LIKE '%mentoring.matched%'"),
            mails + 2);
  EXPECT_EQ(e.organizer->json("POST", announce).status, 409);

  // The pair: its two people and organizers; a third member gets a 404.
  auto mine = mentee.get(program + "/pairs");
  ASSERT_EQ(mine.status, 200);
  expect_documented(e, "get", pattern + "/pairs", mine);
  const auto pairs = parse_object(mine.body)["pairs"].as_array();
  ASSERT_EQ(pairs.size(), 1u);
  const std::string pair =
      program + "/pairs/" + std::to_string(pairs[0].as_object().at("id").as_int64());
  auto seen = mentor.get(pair);
  ASSERT_EQ(seen.status, 200) << seen.body;
  expect_documented(e, "get", pattern + "/pairs/{pair}", seen);
  EXPECT_FALSE(parse_object(seen.body)["common_utc_hours"].as_array().empty());
  EXPECT_EQ(e.organizer->get(pair).status, 200);
  EXPECT_EQ(e.member->get(pair).status, 404);
  EXPECT_EQ(korean.get(pair).status, 404);
  EXPECT_EQ(e.anonymous->get(pair).status, 401);
  EXPECT_TRUE(parse_object(e.member->get(program + "/pairs").body)["pairs"].as_array().empty());
  auto standing = korean.get(program + "/me");
  ASSERT_EQ(standing.status, 200);
  expect_documented(e, "get", pattern + "/me", standing);
  EXPECT_EQ(parse_object(standing.body)["unmatched_reason"].as_string(), "no_common_hours");
}

TEST_P(MentoringHttpTest, StrangersJoinAProgramOpenToAnyone) {
  Environment& e = env();
  auto created = e.organizer->json("POST", kPrograms, program_body("anyone"));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string program = kPrograms + "/" + std::to_string(id_of(created));
  EXPECT_EQ(e.anonymous->get(program).status, 200);
  Client stranger = person(e, "outsider", "Outsider", false);
  const std::int64_t members = e.count("SELECT count(*) FROM memberships");
  auto applied = stranger.json("POST", program + "/application",
                               application(R"(["en"])", "America/New_York", "mon 19:00-22:00"));
  ASSERT_EQ(applied.status, 201) << applied.body;
  EXPECT_EQ(e.count("SELECT count(*) FROM memberships"), members + 1);
  // Withdrawn and made again; changing keeps what is not given.
  EXPECT_EQ(stranger.json("DELETE", program + "/application").status, 204);
  EXPECT_EQ(stranger.json("DELETE", program + "/application").status, 404);
  ASSERT_EQ(stranger
                .json("POST", program + "/application",
                      application(R"(["en"])", "America/New_York", "mon 19:00-22:00"))
                .status,
            201);
  auto changed = stranger.json("PATCH", program + "/application",
                               R"({"goals":["Learn MLOps","Read papers"]})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(parse_object(changed.body)["goals"].as_array().size(), 2u);
  EXPECT_EQ(parse_object(changed.body)["profile"].as_object()["time_zone"].as_string(),
            "America/New_York");
}

INSTANTIATE_TEST_SUITE_P(Drivers, MentoringHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
