// Long lists page on the server (issue #12, "the look"): a cohort's
// certificates 50 at a time and the member list with its filters, each page
// linking to the next and previous ones with the filters kept in the URL.
// A community of its own ("it-pages", 61 members written straight to the
// database) so that the shared it-lab keeps its counts.
#include <ctime>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include "environment.hpp"

namespace moim::integration {
namespace {

constexpr int kPeople = 61;  // a full page of 50, and 11 on the second
std::map<std::string, std::vector<std::int64_t>> people_of;  // database kind -> user ids

std::string number_of(int index) {
  char text[32];
  std::snprintf(text, sizeof text, "CERT-202601-P%07d", index);
  return text;
}

// How many times `needle` occurs in `text`.
std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++found;
  return found;
}

// The href of the pager's link with rel=`rel`, HTML-unescaped, or "".
std::string pager_link(const std::string& page, const std::string& rel) {
  std::smatch match;
  if (!std::regex_search(page, match, std::regex("<a href=\"([^\"]*)\" rel=\"" + rel + "\"")))
    return "";
  return std::regex_replace(match[1].str(), std::regex("&amp;"), "&");
}

class PaginationHttpTest : public ServerTest {
 protected:
  // "it-pages": the environment's organizer organizes it; kPeople observers
  // ("페이지 사람 NN"), each with a certificate of cohort "c-pages".
  void SetUp() override {
    static std::set<std::string> seeded;
    if (!seeded.insert(GetParam()).second) return;
    Environment& e = env();
    const std::int64_t now = std::time(nullptr);
    auto writer = e.database->database().write();
    ASSERT_TRUE(writer.ok());
    auto community = writer->query(
        "INSERT INTO communities (slug, name, created_at, updated_at) VALUES ('it-pages', "
        "'Pages', ?, ?) RETURNING id",
        {now, now});
    ASSERT_TRUE(community.ok()) << community.error().message;
    const std::int64_t community_id = community->front().int64(0);
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO memberships (community_id, user_id, stage, joined_at) "
                              "VALUES (?, ?, 'organizer', ?)",
                              {community_id, e.organizer_id, now})
                    .ok());
    auto cohort = writer->query(
        "INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) "
        "VALUES (?, 'c-pages', '페이지기', ?, ?) RETURNING id",
        {community_id, now, now});
    ASSERT_TRUE(cohort.ok());
    const std::int64_t cohort_id = cohort->front().int64(0);
    auto project = writer->query(
        "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
        "min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, '페이지 "
        "스터디', 'study', 'beginner', 'ko', 'online', 1, '20:00', 60, 'Asia/Seoul', "
        "'2026-09-01', '2026-10-31', 1, 80, 'approved', ?, ?) RETURNING id",
        {community_id, cohort_id, now, now});
    ASSERT_TRUE(project.ok());
    const std::int64_t project_id = project->front().int64(0);
    for (int index = 1; index <= kPeople; ++index) {
      char name[32];
      std::snprintf(name, sizeof name, "페이지 사람 %02d", index);
      auto user = writer->query(
          "INSERT INTO users (email, display_name, password_hash, created_at, updated_at) "
          "VALUES (?, ?, 'not-a-hash', ?, ?) RETURNING id",
          {"pages-" + std::to_string(index) + "@it.example", std::string(name), now, now});
      ASSERT_TRUE(user.ok());
      const std::int64_t user_id = user->front().int64(0);
      people_of[GetParam()].push_back(user_id);
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO memberships (community_id, user_id, stage, "
                                "joined_at) VALUES (?, ?, 'observer', ?)",
                                {community_id, user_id, now + index})
                      .ok());
      const std::string content =
          "{\"recipient_name\":\"" + std::string(name) + "\",\"project_title\":\"페이지 스터디\"}";
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO certificates (number, community_id, cohort_id, "
                                "project_id, user_id, role, language, content, issued_at) "
                                "VALUES (?, ?, ?, ?, ?, 'runner', 'ko', ?, ?)",
                                {number_of(index), community_id, cohort_id, project_id, user_id,
                                 content, now})
                      .ok());
    }
    ASSERT_TRUE(writer->commit().ok());
  }
};

TEST_P(PaginationHttpTest, CohortCertificatesComeFiftyAtATimeWithLinksBothWays) {
  Environment& e = env();
  const std::string path = "/c/it-pages/cohorts/c-pages/certificates";
  auto first = e.organizer->get(path);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(occurrences(first.body, "data-testid=\"certificate-row\""), 50u);
  EXPECT_NE(first.body.find(number_of(1)), std::string::npos);
  EXPECT_NE(first.body.find(number_of(50)), std::string::npos);
  EXPECT_EQ(first.body.find(number_of(51)), std::string::npos);
  EXPECT_EQ(pager_link(first.body, "prev"), "");
  ASSERT_EQ(pager_link(first.body, "next"), "?page=2");
  EXPECT_NE(first.body.find("1 / 2"), std::string::npos);

  auto second = e.organizer->get(path + pager_link(first.body, "next"));
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(occurrences(second.body, "data-testid=\"certificate-row\""), 11u);
  EXPECT_EQ(second.body.find(number_of(50)), std::string::npos);
  EXPECT_NE(second.body.find(number_of(51)), std::string::npos);
  EXPECT_NE(second.body.find(number_of(kPeople)), std::string::npos);
  EXPECT_EQ(pager_link(second.body, "prev"), "?page=1");
  EXPECT_EQ(pager_link(second.body, "next"), "");

  // The API still lists every certificate; a page number that is not one is a 400.
  auto listed = e.organizer->get("/api/v1/communities/it-pages/cohorts/c-pages/certificates");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(parse_object(listed.body)["certificates"].as_array().size(),
            static_cast<std::size_t>(kPeople));
  EXPECT_EQ(e.organizer->get(path + "?page=0").status, 400);
  EXPECT_EQ(e.organizer->get(path + "?page=two").status, 400);
  EXPECT_EQ(e.member->get(path + "?page=2").status, 403);
}

TEST_P(PaginationHttpTest, MemberPagesKeepTheSearchAndStageInTheirLinks) {
  Environment& e = env();
  // "사람" matches the 61 observers, not the organizer.
  const std::string filter = "q=%EC%82%AC%EB%9E%8C&stage=observer";
  auto first = e.organizer->get("/c/it-pages/members?" + filter);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(occurrences(first.body, "<tr data-member="), 50u);
  const std::string next = pager_link(first.body, "next");
  EXPECT_EQ(next, "?" + filter + "&page=2");

  auto second = e.organizer->get("/c/it-pages/members" + next);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(occurrences(second.body, "<tr data-member="), 11u);
  EXPECT_EQ(pager_link(second.body, "prev"), "?" + filter + "&page=1");
  EXPECT_EQ(pager_link(second.body, "next"), "");
  // Page one and page two show different people: together, all 61 once.
  for (int index = 1; index <= kPeople; ++index) {
    const std::string email = "pages-" + std::to_string(index) + "@it.example\"";
    EXPECT_EQ(occurrences(first.body, email) + occurrences(second.body, email), 1u) << email;
  }
  // A smaller page size is kept in the links as well.
  auto small = e.organizer->get("/c/it-pages/members?" + filter + "&per_page=20&page=2");
  ASSERT_EQ(small.status, 200);
  EXPECT_EQ(occurrences(small.body, "<tr data-member="), 20u);
  EXPECT_EQ(pager_link(small.body, "next"), "?" + filter + "&per_page=20&page=3");
}

// A cohort in its wrap-up phase whose one project has a result for each of
// the 61 people: 56 completed, every twelfth dropped out.
TEST_P(PaginationHttpTest, CohortWrapUpPagesItsResultsAndKeepsTheOutcomeFilter) {
  Environment& e = env();
  auto created = e.organizer->json("POST", "/api/v1/communities/it-pages/cohorts",
                                   R"({"key":"c-wrap","name":"정리기",)" + phases_json(4) + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t cohort_id = e.count("SELECT id FROM cohorts WHERE cohort_key = 'c-wrap'");
  const std::int64_t community_id = e.count("SELECT id FROM communities WHERE slug = 'it-pages'");
  const std::int64_t now = std::time(nullptr);
  {
    auto writer = e.database->database().write();
    ASSERT_TRUE(writer.ok());
    auto project = writer->query(
        "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
        "min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, '정리 "
        "스터디', 'study', 'beginner', 'ko', 'online', 1, '20:00', 60, 'Asia/Seoul', "
        "'2026-09-01', '2026-10-31', 1, 80, 'approved', ?, ?) RETURNING id",
        {community_id, cohort_id, now, now});
    ASSERT_TRUE(project.ok());
    const std::int64_t project_id = project->front().int64(0);
    const auto& people = people_of[GetParam()];
    ASSERT_EQ(people.size(), static_cast<std::size_t>(kPeople));
    for (std::size_t index = 0; index < people.size(); ++index) {
      const std::string outcome = (index + 1) % 12 == 0 ? "dropped" : "completed";
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO completion_results (cohort_id, project_id, user_id, "
                                "role, computed, outcome, updated_at) VALUES (?, ?, ?, 'runner', "
                                "?, ?, ?)",
                                {cohort_id, project_id, people[index], outcome, outcome, now})
                      .ok());
    }
    ASSERT_TRUE(writer->commit().ok());
  }
  const std::string path = "/c/it-pages/cohorts/c-wrap/wrap-up";
  auto first = e.organizer->get(path);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(occurrences(first.body, "<tr data-user="), 50u);
  EXPECT_EQ(pager_link(first.body, "next"), "?page=2");
  auto second = e.organizer->get(path + "?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(occurrences(second.body, "<tr data-user="), 11u);
  EXPECT_EQ(pager_link(second.body, "prev"), "?page=1");
  for (std::int64_t user_id : people_of[GetParam()]) {
    const std::string row = "<tr data-user=\"" + std::to_string(user_id) + "\"";
    EXPECT_EQ(occurrences(first.body, row) + occurrences(second.body, row), 1u) << user_id;
  }
  // The whole cohort's tally stays on every page.
  EXPECT_NE(second.body.find("56 / "), std::string::npos);

  // One outcome: its chip links to it; its pages keep it in their links.
  EXPECT_NE(first.body.find("href=\"?outcome=completed&amp;page=1\""), std::string::npos);
  auto completed = e.organizer->get(path + "?outcome=completed&page=1");
  ASSERT_EQ(completed.status, 200);
  EXPECT_EQ(occurrences(completed.body, "<tr data-user="), 50u);
  ASSERT_EQ(pager_link(completed.body, "next"), "?outcome=completed&page=2");
  auto rest = e.organizer->get(path + pager_link(completed.body, "next"));
  EXPECT_EQ(occurrences(rest.body, "<tr data-user="), 6u);
  EXPECT_EQ(pager_link(rest.body, "prev"), "?outcome=completed&page=1");
  auto dropped = e.organizer->get(path + "?outcome=dropped");
  EXPECT_EQ(occurrences(dropped.body, "<tr data-user="), 5u);
  EXPECT_EQ(pager_link(dropped.body, "next"), "");

  EXPECT_EQ(e.organizer->get(path + "?outcome=maybe").status, 400);
  EXPECT_EQ(e.organizer->get(path + "?page=0").status, 400);
  EXPECT_EQ(e.member->get(path).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PaginationHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
