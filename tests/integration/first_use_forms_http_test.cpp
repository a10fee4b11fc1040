// Issue #12 over HTTP: a cohort's projects run within its running phase (a
// 400 naming the date, on the API and on the page), and a refused page form
// comes back in place: the field marked, the message in the page's language,
// what was typed kept, nothing saved.
#include "environment.hpp"

namespace moim::integration {
namespace {

bool contains(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

std::string field_of(const HttpResult& result) {
  auto error = parse_object(result.body)["error"];
  return error.is_object() ? std::string(error.as_object()["field"].as_string()) : "";
}

std::string proposal(const std::string& title, const std::string& starts_on,
                     const std::string& ends_on) {
  return R"({"title":")" + title +
         R"(","kind":"study","level":"beginner","language":"ko","mode":"online","weekday":2,)"
         R"("start_time":"20:00","duration_minutes":90,"starts_on":")" +
         starts_on + R"(","ends_on":")" + ends_on + R"(","min_runners":1,"max_runners":5})";
}

class FirstUseFormsHttpTest : public ServerTest {
 protected:
  const std::string base = "/api/v1/communities/it-lab";
};

TEST_P(FirstUseFormsHttpTest, ProjectDatesOutsideTheCohortsRunningPhaseAreRefused) {
  Environment& e = env();
  ASSERT_EQ(e.organizer
                ->json("POST", base + "/cohorts",
                       R"({"key":"dates","name":"날짜기",)" + phases_json(0) + "}")
                .status,
            201);
  Client builder(e.server->base_url());
  sign_up_and_log_in(builder, "dates-builder-" + GetParam() + "@fu.example", "날짜빌더");
  ASSERT_EQ(builder.json("POST", base + "/membership").status, 201);
  const std::int64_t before = e.count("SELECT COUNT(*) FROM academy_projects");

  // The demo's mistake: a period far from the cohort's, which runs next month.
  auto early = builder.json("POST", base + "/cohorts/dates/projects",
                            proposal("Too early", "2026-01-05", project_ends_on()));
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_EQ(field_of(early), "starts_on");
  EXPECT_TRUE(contains(early.body, "running phase")) << early.body;
  auto late = builder.json("POST", base + "/cohorts/dates/projects",
                           proposal("Too late", project_starts_on(), "2030-12-31"));
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_EQ(field_of(late), "ends_on");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM academy_projects"), before);

  // The page: the same form again, in Korean, the date marked, typed text kept.
  const std::string page = "/c/it-lab/cohorts/dates/propose";
  auto form = builder.get(page, {"Accept-Language: ko"});
  ASSERT_EQ(form.status, 200);
  auto refused = builder.request(
      "POST", "/c/it-lab/cohorts/dates/projects",
      "_csrf=" + csrf_from(form.body) +
          "&title=Typed+title&summary=s&kind=study&level=beginner&language=ko&mode=online"
          "&weekday=1&start_time=19:00&duration_minutes=60&starts_on=2030-01-01&ends_on=2030-02-01"
          "&min_runners=1&max_runners=5&questions=",
      "application/x-www-form-urlencoded",
      {"Accept-Language: ko", "Referer: " + e.server->base_url() + page});
  EXPECT_EQ(refused.status, 400) << refused.body.substr(0, 400);
  EXPECT_TRUE(contains(refused.body, "aria-describedby=\"error-starts_on\"")) << refused.body;
  EXPECT_TRUE(contains(refused.body,
                       "id=\"error-starts_on\" role=\"alert\">프로젝트 기간은 기수의 "
                       "진행 단계("))
      << refused.body;
  EXPECT_TRUE(contains(refused.body, "value=\"Typed title\""));
  EXPECT_TRUE(contains(refused.body, "value=\"2030-01-01\""));
  EXPECT_FALSE(contains(refused.body, "running phase")) << "no English on a Korean page";
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM academy_projects"), before);

  // Inside the running phase it is accepted; moving it out later is refused too.
  auto inside = builder.json("POST", base + "/cohorts/dates/projects",
                             proposal("Inside", project_starts_on(), project_ends_on()));
  ASSERT_EQ(inside.status, 201) << inside.body;
  const auto id = parse_object(inside.body)["project"].as_object()["id"].as_int64();
  auto moved = builder.json("PATCH", base + "/projects/" + std::to_string(id),
                            R"({"ends_on":"2030-12-31"})");
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_EQ(field_of(moved), "ends_on");
}

// A 10,000-character description on the new-cohort form (its limit is
// 2,000): the form again with the description marked and kept, in English
// and in Korean, instead of an error page.
TEST_P(FirstUseFormsHttpTest, ATooLongDescriptionComesBackInPlace) {
  Environment& e = env();
  const std::int64_t before = e.count("SELECT COUNT(*) FROM cohorts");
  for (const std::string language : {"ko", "en"}) {
    auto page = e.organizer->get("/c/it-lab/cohorts", {"Accept-Language: " + language});
    ASSERT_EQ(page.status, 200);
    std::string description;
    for (int idx = 0; idx < 10000; ++idx) description += "%EA%B0%80";  // 가
    auto refused = e.organizer->request(
        "POST", "/c/it-lab/cohorts",
        "_csrf=" + csrf_from(page.body) + "&key=long-" + language +
            "&name=Long&description=" + description +
            "&proposals_starts_at=2027-03-01T00:00&proposals_ends_at=2027-03-08T00:00"
            "&recruiting_starts_at=2027-03-08T00:00&recruiting_ends_at=2027-03-15T00:00"
            "&selection_starts_at=2027-03-15T00:00&selection_ends_at=2027-03-22T00:00"
            "&running_starts_at=2027-03-22T00:00&running_ends_at=2027-05-22T00:00"
            "&wrap_up_starts_at=2027-05-22T00:00&wrap_up_ends_at=2027-06-01T00:00"
            "&closed_starts_at=2027-06-01T00:00&closed_ends_at=2027-07-01T00:00",
        "application/x-www-form-urlencoded", {"Accept-Language: " + language});
    EXPECT_EQ(refused.status, 400) << refused.body.substr(0, 400);
    const std::string message = language == "ko" ? "2000자까지 쓸 수 있어요. 조금 줄여 주세요."
                                                 : "At most 2000 characters. Please shorten it.";
    EXPECT_TRUE(contains(refused.body, "id=\"error-description\" role=\"alert\">" + message))
        << refused.body.substr(0, 2000);
    EXPECT_TRUE(
        contains(refused.body, "aria-invalid=\"true\" aria-describedby=\"error-description\""));
    EXPECT_TRUE(contains(refused.body, "value=\"long-" + language + "\"")) << "the key is kept";
    EXPECT_TRUE(contains(refused.body, "가가가가가가가가가가</textarea>")) << "the text is kept";
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM cohorts"), before);
}

INSTANTIATE_TEST_SUITE_P(Drivers, FirstUseFormsHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
