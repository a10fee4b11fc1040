// Issue #12 (first use), the academy's part: allocation explanations that
// state the true reason, pages that follow the phases, driving the phases,
// and picking people by name. Against the real binary, on both databases.
#include <ctime>

#include "environment.hpp"

namespace moim::integration {
namespace {

std::string project_body(const std::string& title, int max_runners) {
  return R"({"title":")" + title +
         R"(","summary":"함께 읽어요","description":"소개","kind":"study","tags":["x"],)"
         R"("level":"beginner","language":"ko","mode":"online","weekday":2,"start_time":"20:00",)"
         R"("duration_minutes":90,"starts_on":")" +
         project_starts_on() + R"(","ends_on":")" + project_ends_on() +
         R"(",)"
         R"("min_runners":0,"max_runners":)" +
         std::to_string(max_runners) + R"(,"auditors_welcome":true,"questions":[]})";
}

bool contains(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

// The text of the first element with data-testid="name".
std::string testid_text(const std::string& html, const std::string& name) {
  const auto at = html.find("data-testid=\"" + name + "\"");
  if (at == std::string::npos) return "";
  const auto start = html.find('>', at);
  const auto end = html.find('<', start);
  return html.substr(start + 1, end - start - 1);
}

class AcademyFirstUseHttpTest : public ServerTest {
 protected:
  const std::string base = "/api/v1/communities/it-lab";

  std::int64_t new_person(std::unique_ptr<Client>& client, const std::string& who,
                          const std::string& name) {
    client = std::make_unique<Client>(env().server->base_url());
    const std::int64_t id =
        sign_up_and_log_in(*client, who + "-" + GetParam() + "@fu.example", name);
    EXPECT_EQ(client->json("POST", base + "/membership").status, 201);
    return id;
  }

  std::int64_t approved_project(Client& builder, const std::string& cohort,
                                const std::string& title, int max_runners) {
    auto proposed = builder.json("POST", base + "/cohorts/" + cohort + "/projects",
                                 project_body(title, max_runners));
    EXPECT_EQ(proposed.status, 201) << proposed.body;
    const std::int64_t id = parse_object(proposed.body)["project"].as_object()["id"].as_int64();
    EXPECT_EQ(env()
                  .organizer
                  ->json("POST", base + "/projects/" + std::to_string(id) + "/review",
                         R"({"decision":"approve"})")
                  .status,
              200);
    return id;
  }
};

// The reason each placement gives for its first choice (project A), by user.
std::map<std::int64_t, std::string> first_choice_reasons(const boost::json::object& run,
                                                         std::int64_t project_a) {
  std::map<std::int64_t, std::string> reasons;
  for (const auto& item : run.at("placements").as_array()) {
    const auto& placement = item.as_object();
    for (const auto& choice : placement.at("explanation").as_array()) {
      if (choice.as_object().at("project_id").as_int64() == project_a)
        reasons[placement.at("user_id").as_int64()] =
            std::string(choice.as_object().at("outcome").as_string());
    }
  }
  return reasons;
}

// Who sits in project A by the run, and whether they were pinned there.
std::vector<std::pair<std::int64_t, bool>> seated_in(const boost::json::object& run,
                                                     std::int64_t project) {
  std::vector<std::pair<std::int64_t, bool>> seated;
  for (const auto& item : run.at("placements").as_array()) {
    const auto& placement = item.as_object();
    if (placement.at("project_id").is_int64() && placement.at("project_id").as_int64() == project) {
      const auto pinned = placement.find("pinned_project_id");
      seated.emplace_back(placement.at("user_id").as_int64(),
                          pinned != placement.end() && !pinned->value().is_null());
    }
  }
  return seated;
}

// Point 8 (explanations) and point 9 (pages after publishing and closing).
TEST_P(AcademyFirstUseHttpTest, ExplanationsStateTheTrueReasonAndPagesFollowThePhases) {
  Environment& e = env();
  std::unique_ptr<Client> builder, x, y, z;
  new_person(builder, "why-builder", "설명빌더");
  ASSERT_EQ(e.organizer
                ->json("POST", base + "/cohorts",
                       R"({"key":"why","name":"설명기",)" + phases_json(0) + "}")
                .status,
            201);
  const std::int64_t project_a = approved_project(*builder, "why", "Why A", 1);
  const std::int64_t project_b = approved_project(*builder, "why", "Why B", 2);
  ASSERT_EQ(e.organizer->json("PATCH", base + "/cohorts/why", "{" + phases_json(1) + "}").status,
            200);
  const std::int64_t x_id = new_person(x, "why-x", "엑스");
  const std::int64_t y_id = new_person(y, "why-y", "와이");
  const std::int64_t z_id = new_person(z, "why-z", "제트");
  for (Client* person : {x.get(), y.get(), z.get()}) {
    auto applied = person->json("PUT", base + "/cohorts/why/application",
                                R"({"choices":[{"project_id":)" + std::to_string(project_a) +
                                    R"(,"answers":[]},{"project_id":)" + std::to_string(project_b) +
                                    R"(,"answers":[]}]})");
    ASSERT_EQ(applied.status, 201) << applied.body;
  }
  ASSERT_EQ(e.organizer->json("PATCH", base + "/cohorts/why", "{" + phases_json(2) + "}").status,
            200);

  // 1. Nobody reviewed anyone: the seed's lottery decided A's one seat.
  auto run = e.organizer->json("POST", base + "/cohorts/why/allocation/runs",
                               R"({"mode":"stable","seed":5})");
  ASSERT_EQ(run.status, 201) << run.body;
  auto run_body = parse_object(run.body)["run"].as_object();
  auto seated = seated_in(run_body, project_a);
  ASSERT_EQ(seated.size(), 1u);
  for (const auto& [user_id, reason] : first_choice_reasons(run_body, project_a)) {
    if (user_id == seated[0].first) continue;
    EXPECT_EQ(reason, "filled_by_seed_order") << user_id;  // recomputed: nobody ranked, no pin
  }
  auto selection_page =
      e.organizer->get("/c/it-lab/cohorts/why/selection", {"Accept-Language: ko"});
  ASSERT_EQ(selection_page.status, 200);
  EXPECT_FALSE(contains(selection_page.body, "빌더가 더 높게 평가한"))
      << "no builder ranked anyone";
  EXPECT_TRUE(contains(selection_page.body, "추첨 순서"));

  // 2. The builders accept 와이 for A: the others lost A to a ranking.
  auto applicants = builder->get(base + "/projects/" + std::to_string(project_a) + "/applicants");
  ASSERT_EQ(applicants.status, 200);
  const auto applicant_list = parse_object(applicants.body);
  for (const auto& item : applicant_list.at("applicants").as_array()) {
    if (item.as_object().at("user_id").as_int64() != y_id) continue;
    auto reviewed =
        builder->json("PATCH",
                      base + "/projects/" + std::to_string(project_a) + "/applicants/" +
                          std::to_string(item.as_object().at("application_id").as_int64()),
                      R"({"review":"accepted"})");
    ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  }
  run = e.organizer->json("POST", base + "/cohorts/why/allocation/runs",
                          R"({"mode":"stable","seed":5})");
  ASSERT_EQ(run.status, 201) << run.body;
  run_body = parse_object(run.body)["run"].as_object();
  seated = seated_in(run_body, project_a);
  ASSERT_EQ(seated.size(), 1u);
  EXPECT_EQ(seated[0].first, y_id);
  auto reasons = first_choice_reasons(run_body, project_a);
  EXPECT_EQ(reasons[x_id], "filled_by_higher_ranked");
  EXPECT_EQ(reasons[z_id], "filled_by_higher_ranked");

  // 3. An organizer pins 제트 to A: 와이, accepted by the builders, lost the
  // seat to the pin, and so did 엑스. Nobody is told "ranked higher".
  ASSERT_EQ(
      e.organizer
          ->json("PUT", base + "/cohorts/why/allocation/pins/" + std::to_string(z_id),
                 R"({"project_id":)" + std::to_string(project_a) + R"(,"reason":"공동 준비"})")
          .status,
      204);
  run = e.organizer->json("POST", base + "/cohorts/why/allocation/runs",
                          R"({"mode":"stable","seed":5})");
  ASSERT_EQ(run.status, 201) << run.body;
  run_body = parse_object(run.body)["run"].as_object();
  seated = seated_in(run_body, project_a);
  ASSERT_EQ(seated.size(), 1u);
  EXPECT_EQ(seated[0].first, z_id);
  reasons = first_choice_reasons(run_body, project_a);
  EXPECT_EQ(reasons[y_id], "filled_by_pins");
  EXPECT_EQ(reasons[x_id], "filled_by_pins");
  EXPECT_EQ(reasons[z_id], "placed");

  // Point 9: before publishing the cohort page says "selecting"; after, not.
  auto before = e.anonymous->get("/c/it-lab/cohorts/why", {"Accept-Language: ko"});
  EXPECT_TRUE(contains(before.body, "선발 중이에요"));
  auto published =
      e.organizer->json("POST", base + "/cohorts/why/allocation/publish",
                        R"({"run_id":)" + std::to_string(run_body["id"].as_int64()) + "}");
  ASSERT_EQ(published.status, 200) << published.body;
  for (const char* language : {"ko", "en"}) {
    auto after =
        e.anonymous->get("/c/it-lab/cohorts/why", {std::string("Accept-Language: ") + language});
    ASSERT_EQ(after.status, 200);
    EXPECT_FALSE(contains(after.body, "선발 중이에요")) << language;
    EXPECT_FALSE(contains(after.body, "Selection is under way")) << language;
    EXPECT_TRUE(contains(after.body, "data-testid=\"results-out\"")) << language;
    // Every seat is offered: none is left, in A (1) nor in B (2).
    EXPECT_FALSE(contains(after.body, " 1 / 1<")) << language;
    EXPECT_FALSE(contains(after.body, " 2 / 2<")) << language;
  }
  auto a_now = e.anonymous->get(base + "/projects/" + std::to_string(project_a));
  EXPECT_EQ(parse_object(a_now.body)["project"].as_object()["seats_left"].as_int64(), 0);
  // The applicants' choices say what the selection did, not "검토 중".
  for (Client* person : {x.get(), y.get(), z.get()}) {
    auto apply = person->get("/c/it-lab/cohorts/why/apply", {"Accept-Language: ko"});
    ASSERT_EQ(apply.status, 200);
    EXPECT_FALSE(contains(apply.body, "검토 중")) << apply.body.substr(0, 200);
  }
  auto y_apply = y->get("/c/it-lab/cohorts/why/apply", {"Accept-Language: ko"});
  EXPECT_TRUE(contains(y_apply.body, "운영진이 지정한 사람에게 자리가 돌아갔어요"));
  EXPECT_FALSE(contains(y_apply.body, "빌더가 더 높게 평가한"));

  // Everyone confirms; the cohort runs, wraps up and is closed by an organizer
  // while its dates still say "wrap-up".
  for (Client* person : {x.get(), y.get(), z.get()})
    ASSERT_EQ(person->json("POST", base + "/cohorts/why/seat", R"({"confirm":true})").status, 200);
  ASSERT_EQ(e.organizer->json("PATCH", base + "/cohorts/why", "{" + phases_json(4) + "}").status,
            200);
  auto wrapping = e.anonymous->get("/c/it-lab/cohorts/why", {"Accept-Language: ko"});
  EXPECT_EQ(testid_text(wrapping.body, "phase"), "마무리");
  ASSERT_EQ(e.organizer->json("POST", base + "/cohorts/why/wrap-up/compute").status, 200);
  auto closed = e.organizer->json("POST", base + "/cohorts/why/wrap-up/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  for (const char* language : {"ko", "en"}) {
    auto page =
        e.anonymous->get("/c/it-lab/cohorts/why", {std::string("Accept-Language: ") + language});
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(testid_text(page.body, "phase"), language == std::string("ko") ? "종료" : "Closed");
    EXPECT_FALSE(contains(page.body, "프로젝트가 진행 중이에요")) << language;
    EXPECT_TRUE(contains(page.body, "data-testid=\"closed\"")) << language;
  }
}

// Point 10: a template fills a new cohort's phases; "start the next phase now".
TEST_P(AcademyFirstUseHttpTest, PhasesComeFromATemplateAndMoveOnWithAButton) {
  Environment& e = env();
  auto page = e.organizer->get("/c/it-lab/cohorts", {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  // No empty date field: the form starts from the usual rhythm.
  EXPECT_FALSE(contains(page.body, "name=\"proposals_starts_at\" value=\"\""));
  EXPECT_TRUE(contains(page.body, "템플릿으로 채우기"));
  const std::string token = csrf_from(page.body);
  // From 2027-03-01 with 10 running weeks: proposals 2w, recruiting 2w,
  // selection 1w, running 10w (from 03-36 = 04-05 to 06-14), wrap-up 2w.
  auto filled = e.organizer->form(
      "/c/it-lab/cohorts", "_csrf=" + token +
                               "&key=tpl&name=%ED%85%9C%ED%94%8C%EB%A6%BF%EA%B8%B0&template_start="
                               "2027-03-01&template_weeks=10&fill_template=1");
  ASSERT_EQ(filled.status, 200) << filled.body.substr(0, 300);
  EXPECT_TRUE(contains(filled.body, "name=\"proposals_starts_at\" value=\"2027-03-01T00:00\""));
  EXPECT_TRUE(contains(filled.body, "name=\"recruiting_starts_at\" value=\"2027-03-15T00:00\""));
  EXPECT_TRUE(contains(filled.body, "name=\"running_starts_at\" value=\"2027-04-05T00:00\""));
  EXPECT_TRUE(contains(filled.body, "name=\"running_ends_at\" value=\"2027-06-14T00:00\""));
  EXPECT_TRUE(contains(filled.body, "value=\"템플릿기\"")) << "what was typed is kept";
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM cohorts WHERE cohort_key = 'tpl'"), 0);
  // A bad start date re-renders in place, marked, name kept.
  auto bad = e.organizer->form("/c/it-lab/cohorts",
                               "_csrf=" + token +
                                   "&key=tpl&name=keep-me&template_start=2027-02-30&template_"
                                   "weeks=10&fill_template=1");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "id=\"template_start\""));
  EXPECT_TRUE(contains(bad.body, "aria-invalid=\"true\""));
  EXPECT_TRUE(contains(bad.body, "value=\"keep-me\""));
  // Members cannot use the template (nothing of theirs to fill).
  EXPECT_EQ(e.member
                ->form("/c/it-lab/cohorts",
                       "_csrf=" + csrf_from(e.member->get("/c/it-lab/cohorts").body) +
                           "&template_start=2027-03-01&template_weeks=8&fill_template=1")
                .status,
            403);

  // The button: a cohort in recruiting moves to selection now.
  ASSERT_EQ(e.organizer
                ->json("POST", base + "/cohorts",
                       R"({"key":"nextp","name":"다음기",)" + phases_json(1) + "}")
                .status,
            201);
  auto cohort_page = e.organizer->get("/c/it-lab/cohorts/nextp", {"Accept-Language: ko"});
  ASSERT_EQ(cohort_page.status, 200);
  EXPECT_TRUE(contains(cohort_page.body, "data-testid=\"next-phase\""));
  EXPECT_FALSE(
      contains(e.member->get("/c/it-lab/cohorts/nextp").body, "data-testid=\"next-phase\""));
  const std::string audits = "SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.phase_started'";
  const std::int64_t audited = e.count(audits);
  // Anonymous and members are refused, and nothing moves.
  auto anonymous = e.anonymous->form("/c/it-lab/cohorts/nextp/next-phase", "");
  EXPECT_EQ(anonymous.status, 303);  // to the login page
  EXPECT_TRUE(contains(anonymous.headers["location"], "/login"));
  auto member_page = e.member->get("/c/it-lab/cohorts/nextp");
  EXPECT_EQ(
      e.member->form("/c/it-lab/cohorts/nextp/next-phase", "_csrf=" + csrf_from(member_page.body))
          .status,
      403);
  EXPECT_EQ(e.organizer->form("/c/it-lab/cohorts/nextp/next-phase", "").status, 403);  // no token
  EXPECT_EQ(e.count(audits), audited);
  auto moved = e.organizer->form("/c/it-lab/cohorts/nextp/next-phase",
                                 "_csrf=" + csrf_from(cohort_page.body));
  ASSERT_EQ(moved.status, 303) << moved.body;
  EXPECT_EQ(e.count(audits), audited + 1);
  auto cohort = parse_object(e.anonymous->get(base + "/cohorts/nextp").body)["cohort"].as_object();
  EXPECT_EQ(cohort["current_phase"].as_string(), "selection");
  auto after = e.organizer->get("/c/it-lab/cohorts/nextp", {"Accept-Language: en"});
  EXPECT_EQ(testid_text(after.body, "phase"), "Selection");
  // Through to the end: closed has no next phase (409).
  for (int step = 0; step < 3; ++step)
    ASSERT_EQ(
        e.organizer
            ->form("/c/it-lab/cohorts/nextp/next-phase", "_csrf=" + csrf_from(cohort_page.body))
            .status,
        303);
  cohort = parse_object(e.anonymous->get(base + "/cohorts/nextp").body)["cohort"].as_object();
  EXPECT_EQ(cohort["current_phase"].as_string(), "closed");
  EXPECT_EQ(e.organizer
                ->form("/c/it-lab/cohorts/nextp/next-phase", "_csrf=" + csrf_from(cohort_page.body))
                .status,
            409);
}

// Point 11: co-builders and must-accept co-runners are picked by name.
TEST_P(AcademyFirstUseHttpTest, PeopleArePickedByNameOrEmailNotByNumber) {
  Environment& e = env();
  std::unique_ptr<Client> builder, friend_client;
  new_person(builder, "pick-builder", "고르는빌더");
  const std::int64_t friend_id = new_person(friend_client, "pick-friend", "찾을친구");
  ASSERT_EQ(e.organizer
                ->json("POST", base + "/cohorts",
                       R"({"key":"pick","name":"고르기",)" + phases_json(0) + "}")
                .status,
            201);
  // The proposal form: find by part of the name, add, and the form comes
  // back with what was typed.
  auto propose = builder->get("/c/it-lab/cohorts/pick/propose", {"Accept-Language: ko"});
  ASSERT_EQ(propose.status, 200);
  EXPECT_FALSE(contains(propose.body, "사용자 번호"));
  const std::string token = csrf_from(propose.body);
  const std::string typed =
      "_csrf=" + token +
      "&title=Picked+together&summary=s&kind=study&level=beginner&language=ko&mode=online"
      "&weekday=1&start_time=19:00&duration_minutes=60&starts_on=" +
      project_starts_on() + "&ends_on=" + project_ends_on() +
      "&min_runners=1&max_runners=5&questions=";
  auto found =
      builder->form("/c/it-lab/cohorts/pick/projects",
                    typed + "&co_builders=&co_builder_q=%EC%B0%BE%EC%9D%84&find_co_builder=1");
  ASSERT_EQ(found.status, 200) << found.body.substr(0, 300);
  EXPECT_TRUE(contains(found.body, "찾을친구"));
  EXPECT_TRUE(contains(found.body, "name=\"add_co_builder\" value=\"" + std::to_string(friend_id)));
  EXPECT_TRUE(contains(found.body, "value=\"Picked together\""));
  EXPECT_FALSE(contains(found.body, "pick-friend-" + GetParam() + "@")) << "emails are masked";
  // By email too.
  auto by_email = builder->form("/c/it-lab/cohorts/pick/projects",
                                typed + "&co_builders=&co_builder_q=pick-friend-" + GetParam() +
                                    "%40fu.example&find_co_builder=1");
  EXPECT_TRUE(contains(by_email.body, "찾을친구"));
  auto added = builder->form(
      "/c/it-lab/cohorts/pick/projects",
      typed + "&co_builders=&co_builder_q=&add_co_builder=" + std::to_string(friend_id));
  ASSERT_EQ(added.status, 200);
  EXPECT_TRUE(
      contains(added.body, "name=\"co_builders\" value=\"" + std::to_string(friend_id) + "\""));
  EXPECT_TRUE(
      contains(added.body, "name=\"drop_co_builder\" value=\"" + std::to_string(friend_id)));
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM academy_projects WHERE title = 'Picked together'"), 0);
  // An empty search is refused in place, marked.
  auto empty = builder->form("/c/it-lab/cohorts/pick/projects",
                             typed + "&co_builders=&co_builder_q=&find_co_builder=1");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(contains(empty.body, "aria-invalid=\"true\""));
  EXPECT_TRUE(contains(empty.body, "value=\"Picked together\""));
  // Submitting proposes with the picked co-builder invited.
  auto proposed =
      builder->form("/c/it-lab/cohorts/pick/projects",
                    typed + "&co_builders=" + std::to_string(friend_id) + "&co_builder_q=");
  ASSERT_EQ(proposed.status, 303) << proposed.body.substr(0, 300);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM project_builders b JOIN academy_projects p ON p.id = "
                    "b.project_id WHERE p.title = 'Picked together' AND b.user_id = " +
                    std::to_string(friend_id)),
            1);

  // The applicants page: find a co-runner by name, add them, remove them.
  const std::int64_t project = approved_project(*builder, "pick", "Pick runners", 3);
  const std::string applicants = "/c/it-lab/projects/" + std::to_string(project) + "/applicants";
  auto listed = builder->get(applicants + "?who=%EC%B0%BE%EC%9D%84", {"Accept-Language: ko"});
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(contains(listed.body, "찾을친구"));
  EXPECT_FALSE(contains(listed.body, "사용자 번호"));
  EXPECT_TRUE(
      contains(listed.body, "name=\"user_ids\" value=\"" + std::to_string(friend_id) + "\""));
  EXPECT_EQ(e.member->get(applicants + "?who=x").status, 403);
  auto set =
      builder->form(applicants.substr(0, applicants.size() - 11) + "/co-runners",
                    "_csrf=" + csrf_from(listed.body) + "&user_ids=" + std::to_string(friend_id));
  ASSERT_EQ(set.status, 303);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM project_co_runners WHERE project_id = " +
                    std::to_string(project)),
            1);
  auto english = builder->get(applicants + "?who=nobody-matches-this", {"Accept-Language: en"});
  EXPECT_TRUE(contains(english.body, "No member matches"));
}

// Point 1: the community page is the community's home.
TEST_P(AcademyFirstUseHttpTest, TheCommunityPageLeadsToTheCohortAndTheCatalog) {
  Environment& e = env();
  // The newest cohort: proposals opened an hour ago.
  std::string phases;
  const char* names[] = {"proposals", "recruiting", "selection", "running", "wrap_up", "closed"};
  std::int64_t at = std::time(nullptr) - 3600;
  for (const char* name : names) {
    phases += std::string(phases.empty() ? "" : ",") + "\"" + name + "_starts_at\":\"" + utc(at) +
              "\",\"" + name + "_ends_at\":\"" + utc(at + 10 * kDay) + "\"";
    at += 10 * kDay;
  }
  ASSERT_EQ(
      e.organizer
          ->json("POST", base + "/cohorts", R"({"key":"home","name":"홈기수",)" + phases + "}")
          .status,
      201);
  std::unique_ptr<Client> builder;
  new_person(builder, "home-builder", "홈빌더");
  ASSERT_EQ(
      builder->json("POST", base + "/cohorts/home/projects", project_body("Home idea", 3)).status,
      201);
  // Anyone: the current cohort, its phase, what is open, and the catalog.
  for (const char* language : {"ko", "en"}) {
    auto page = e.anonymous->get("/c/it-lab", {std::string("Accept-Language: ") + language});
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "href=\"/c/it-lab/cohorts\" data-testid=\"home-catalog\""));
    EXPECT_TRUE(contains(page.body, "href=\"/c/it-lab/cohorts/home\""));
    EXPECT_EQ(testid_text(page.body, "home-phase"),
              language == std::string("ko") ? "프로젝트 제안" : "Proposals");
    EXPECT_TRUE(contains(page.body, "href=\"/login\""));
    EXPECT_FALSE(contains(page.body, "data-testid=\"home-todos\""));
    EXPECT_FALSE(contains(page.body, "data-testid=\"home-me\""));
  }
  // A member: the proposal form is open, and what is coming up for them.
  auto member_page = e.member->get("/c/it-lab", {"Accept-Language: ko"});
  EXPECT_TRUE(contains(member_page.body, "href=\"/c/it-lab/cohorts/home/propose\""));
  EXPECT_TRUE(contains(member_page.body, "data-testid=\"home-me\""));
  EXPECT_TRUE(contains(member_page.body, "data-testid=\"home-coffee\""));
  EXPECT_FALSE(contains(member_page.body, "data-testid=\"home-todos\""));
  // Organizers: what needs them today, with the proposal to review.
  auto organizer_page = e.organizer->get("/c/it-lab", {"Accept-Language: ko"});
  EXPECT_TRUE(contains(organizer_page.body, "data-testid=\"home-todos\""));
  EXPECT_TRUE(contains(organizer_page.body, "href=\"/c/it-lab/cohorts/home?status=proposed\""));
  EXPECT_TRUE(contains(organizer_page.body, "검토할 프로젝트 제안"));
}

INSTANTIATE_TEST_SUITE_P(Drivers, AcademyFirstUseHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
