// A mentoring pair's page and the figures page over HTTP on both databases,
// the way a browser without JavaScript uses them: each form answers a
// redirect with a notice, or the page again with its status, the field at
// fault marked and what was typed kept. Times are typed and shown in each
// person's zone; a third member gets 404, an organizer reads without forms.
// (The API of the same space: mentoring_pair_http_test.cpp.)
#include "environment.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::integration {
namespace {

using MentoringPairPagesHttpTest = ServerTest;

const std::string kPrograms = "/api/v1/communities/it-lab/mentoring/programs";

std::string day(std::int64_t offset_days) {
  return format_local(std::time(nullptr) + offset_days * kDay, "Asia/Seoul", "%Y-%m-%d");
}

Client person(Environment& env, const std::string& who, const std::string& name) {
  Client client = env.client();
  sign_up_and_log_in(client,
                     "pages-" + who + "-" + std::to_string(std::time(nullptr)) + "-" +
                         std::to_string(env.count("SELECT count(*) FROM users")) + "@it.example",
                     name);
  EXPECT_EQ(client.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  return client;
}

struct Pages {
  std::string program;  // "/c/it-lab/mentoring/{id}"
  std::string pair;     // its pair's page
};

// One pair announced through the API (a mentor in Seoul, a mentee in
// Lagos) in a program from `from` to `to` days from today.
Pages announce_one(Environment& e, Client& mentor, Client& mentee, int from, int to) {
  auto created =
      e.organizer->json("POST", kPrograms,
                        R"({"name":"Paged pairs","starts_on":")" + day(from) + R"(","ends_on":")" +
                            day(to) + R"(","sessions":4,"session_minutes":60,"languages":["en"]})");
  EXPECT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(parse_object(created.body)["id"].as_int64());
  const std::string api = kPrograms + "/" + id;
  std::string every_day;
  for (const char* weekday : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
    every_day += std::string(weekday) + " 00:00-24:00\\n";
  EXPECT_EQ(
      mentor
          .json("POST", api + "/offer",
                R"({"capacity":1,"languages":["en"],"time_zone":"Asia/Seoul","availability":")" +
                    every_day + R"("})")
          .status,
      201);
  EXPECT_EQ(mentee
                .json("POST", api + "/application",
                      R"({"goals":["Write a paper"],"languages":["en"],"time_zone":"Africa/Lagos",)"
                      R"("availability":")" +
                          every_day + R"("})")
                .status,
            201);
  for (const char* side : {"offers", "applications"}) {
    const auto listed = parse_object(e.organizer->get(api + "/" + side).body);
    for (const auto& one : listed.at(side).as_array())
      EXPECT_EQ(e.organizer
                    ->json("POST",
                           api + "/" + side + "/" +
                               std::to_string(one.as_object().at("id").as_int64()) + "/review",
                           R"({"decision":"accept"})")
                    .status,
                200);
  }
  auto run = e.organizer->json("POST", api + "/matches", R"({"mode":"fit","seed":1})");
  EXPECT_EQ(run.status, 201) << run.body;
  EXPECT_EQ(
      e.organizer
          ->json("POST", api + "/matches/" +
                             std::to_string(parse_object(run.body)["id"].as_int64()) + "/announce")
          .status,
      200);
  const auto pairs = parse_object(mentee.get(api + "/pairs").body)["pairs"].as_array();
  EXPECT_EQ(pairs.size(), 1u);
  Pages out;
  out.program = "/c/it-lab/mentoring/" + id;
  out.pair = out.program + "/pairs/" +
             (pairs.empty() ? "0" : std::to_string(pairs[0].as_object().at("id").as_int64()));
  return out;
}

bool has(const HttpResult& page, const std::string& text) {
  return page.body.find(text) != std::string::npos;
}

// A form of `page` sent by `who`, with the page's own form token.
HttpResult send(Client& who, const std::string& page, const std::string& action,
                const std::string& fields) {
  return who.form(action, "_csrf=" + csrf_from(who.get(page).body) + "&" + fields);
}

TEST_P(MentoringPairPagesHttpTest, SessionsNotesAndGoalsThroughThePage) {
  Environment& e = env();
  Client mentor = person(e, "mentor", "Pages Mentor");
  Client mentee = person(e, "mentee", "Pages Mentee");
  const Pages p = announce_one(e, mentor, mentee, -1, 60);

  auto own = mentee.get(p.pair);
  ASSERT_EQ(own.status, 200) << own.body;
  for (const char* part : {"mentoring-goals-form", "mentoring-propose-form", "mentoring-note-form",
                           "Asia/Seoul", "Africa/Lagos"})
    EXPECT_TRUE(has(own, part)) << part;
  EXPECT_EQ(e.member->get(p.pair).status, 404);
  auto read = e.organizer->get(p.pair);
  ASSERT_EQ(read.status, 200);
  EXPECT_TRUE(has(read, "mentoring-organizer-note"));
  EXPECT_FALSE(has(read, "mentoring-propose-form"));
  EXPECT_NE(e.anonymous->get(p.pair).status, 200);

  // A session typed in the mentee's zone, shown in both.
  EXPECT_EQ(mentee.form(p.pair + "/sessions", "starts_at=x").status, 403);  // no form token
  auto bad = send(mentee, p.pair, p.pair + "/sessions", "starts_at=tomorrow&minutes=60");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad, "id=\"starts_at-error\""));
  EXPECT_TRUE(has(bad, "value=\"tomorrow\""));
  const std::int64_t at = (std::time(nullptr) / 3600 + 72) * 3600;
  const std::string lagos = format_local(at, "Africa/Lagos", "%Y-%m-%dT%H:%M");
  auto proposed =
      send(mentee, p.pair, p.pair + "/sessions", "starts_at=" + url_encode(lagos) + "&minutes=");
  ASSERT_EQ(proposed.status, 303) << proposed.body;
  EXPECT_EQ(proposed.headers["location"], p.pair + "?notice=session_proposed#sessions");
  auto listed = mentor.get(p.pair);
  EXPECT_TRUE(has(listed, format_local(at, "Asia/Seoul", "%Y-%m-%d")));
  EXPECT_TRUE(has(listed, format_local(at, "Asia/Seoul", "%H:%M")));
  EXPECT_TRUE(has(listed, format_local(at, "Africa/Lagos", "%H:%M")));
  EXPECT_TRUE(has(listed, "session-confirm"));
  EXPECT_FALSE(has(mentee.get(p.pair), "session-confirm"));  // the proposer waits
  const std::string session = std::to_string(e.count("SELECT max(id) FROM mentoring_sessions"));
  const std::string answer = p.pair + "/sessions/" + session + "/answer";
  auto own_confirm = send(mentee, p.pair, answer, "action=confirm");
  EXPECT_EQ(own_confirm.status, 409);
  EXPECT_TRUE(has(own_confirm, "mentoring-session-error"));
  EXPECT_EQ(send(mentor, p.pair, answer, "action=confirm").status, 303);
  EXPECT_EQ(send(*e.organizer, p.pair, answer, "action=cancel").status, 403);

  // The calendar file is each person's own.
  EXPECT_TRUE(has(mentee.get(p.pair), "mentoring-calendar"));
  auto calendar = mentee.get(p.pair + "/sessions.ics");
  ASSERT_EQ(calendar.status, 200);
  EXPECT_EQ(calendar.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_NE(calendar.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_TRUE(has(calendar, "BEGIN:VCALENDAR"));
  EXPECT_EQ(e.organizer->get(p.pair + "/sessions.ics").status, 404);

  // Notes: the organizers read one once both agree.
  auto empty = send(mentee, p.pair, p.pair + "/notes", "body=+&session_id=" + session);
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty, "id=\"body-error\""));
  EXPECT_EQ(send(mentee, p.pair, p.pair + "/notes",
                 "body=Read+chapter+3+%3Cb%3E&share=1&session_id=" + session)
                .status,
            303);
  EXPECT_FALSE(has(e.organizer->get(p.pair), "Read chapter 3"));
  const std::string note = std::to_string(e.count("SELECT max(id) FROM mentoring_notes"));
  EXPECT_EQ(send(mentor, p.pair, p.pair + "/notes/" + note + "/share", "share=maybe").status, 400);
  EXPECT_EQ(send(mentor, p.pair, p.pair + "/notes/" + note + "/share", "share=1").status, 303);
  EXPECT_TRUE(has(e.organizer->get(p.pair), "Read chapter 3 &lt;b&gt;"));

  // Goals: none is refused beside the form, as typed.
  auto no_goals = send(mentor, p.pair, p.pair + "/goals", "goal_1=+&goal_2=");
  EXPECT_EQ(no_goals.status, 400);
  EXPECT_TRUE(has(no_goals, "id=\"goals-error\""));
  EXPECT_EQ(send(mentor, p.pair, p.pair + "/goals", "goal_1=Write+a+paper&goal_2=Submit+it").status,
            303);
  EXPECT_TRUE(has(mentee.get(p.pair), "Submit it"));

  // Before the mid-point the check-in says when it opens.
  EXPECT_TRUE(has(mentee.get(p.pair), "mentoring-checkin-opens"));
  EXPECT_EQ(send(mentee, p.pair, p.pair + "/checkin", "light=green").status, 409);

  // Figures: organizers only; certificates wait for the end.
  auto figures = e.organizer->get(p.program + "/figures");
  ASSERT_EQ(figures.status, 200) << figures.body;
  EXPECT_TRUE(has(figures, "<svg"));
  EXPECT_EQ(e.member->get(p.program + "/figures").status, 403);
  auto early = send(*e.organizer, p.program + "/figures", p.program + "/certificates", "x=1");
  EXPECT_EQ(early.status, 409);
  EXPECT_TRUE(has(early, "data-testid=\"mentoring-error\""));
  EXPECT_TRUE(has(e.organizer->get(p.program), p.program + "/figures"));
}

TEST_P(MentoringPairPagesHttpTest, CheckInAndFeedbackNearTheEnd) {
  Environment& e = env();
  Client mentor = person(e, "late-mentor", "Late Pages Mentor");
  Client mentee = person(e, "late-mentee", "Late Pages Mentee");
  const Pages p = announce_one(e, mentor, mentee, -60, 3);
  auto page = mentee.get(p.pair);
  for (const char* part :
       {"mentoring-checkin-form", "mentoring-feedback-form", "name=\"reached_1\""})
    EXPECT_TRUE(has(page, part)) << part;
  EXPECT_FALSE(has(mentor.get(p.pair), "name=\"reached_1\""));  // the mentee marks the goals

  auto blue = send(mentee, p.pair, p.pair + "/checkin", "light=blue&comment=kept+words");
  EXPECT_EQ(blue.status, 400);
  EXPECT_TRUE(has(blue, "id=\"light-error\""));
  EXPECT_TRUE(has(blue, "kept words"));
  auto checked =
      send(mentee, p.pair, p.pair + "/checkin", "light=red&comment=we+lost+touch&wants_help=1");
  ASSERT_EQ(checked.status, 303);
  EXPECT_EQ(checked.headers["location"], p.pair + "?notice=checked_in#checkin");
  EXPECT_FALSE(has(mentor.get(p.pair), "we lost touch"));  // the words are the mentee's

  auto unrated = send(mentee, p.pair, p.pair + "/feedback", "rating=&comment=great");
  EXPECT_EQ(unrated.status, 400);
  EXPECT_TRUE(has(unrated, "id=\"rating-error\""));
  EXPECT_EQ(send(mentee, p.pair, p.pair + "/feedback", "rating=5&comment=great&reached_1=1").status,
            303);
  EXPECT_TRUE(has(mentor.get(p.pair), "great"));         // the pair reads each other's words
  EXPECT_FALSE(has(e.organizer->get(p.pair), "great"));  // organizers the rating only

  auto figures = e.organizer->get(p.program + "/figures");
  ASSERT_EQ(figures.status, 200);
  EXPECT_TRUE(has(figures, "Late Pages Mentee"));
  EXPECT_TRUE(has(figures, "we lost touch"));
  EXPECT_TRUE(has(figures, "5.0"));
}

TEST_P(MentoringPairPagesHttpTest, CertificatesOnceTheProgramHasEnded) {
  Environment& e = env();
  Client mentor = person(e, "ended-mentor", "Ended Mentor");
  Client mentee = person(e, "ended-mentee", "Ended Mentee");
  const Pages p = announce_one(e, mentor, mentee, -40, -2);
  auto figures = e.organizer->get(p.program + "/figures");
  ASSERT_EQ(figures.status, 200);
  EXPECT_TRUE(has(figures, "mentoring-issue-certificates"));
  auto issued = send(*e.organizer, p.program + "/figures", p.program + "/certificates", "x=1");
  EXPECT_EQ(issued.status, 200) << issued.body;
  EXPECT_TRUE(has(issued, "mentoring-certificates-outcome"));
  EXPECT_EQ(send(mentee, p.pair, p.program + "/certificates", "x=1").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Drivers, MentoringPairPagesHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
