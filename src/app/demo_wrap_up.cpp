#include "app/demo_wrap_up.hpp"

#include "app/demo.hpp"

namespace moim {

namespace {

constexpr int kMembers = 160;  // builders and runners of 6기
constexpr int kDropped = 10;

constexpr const char* kDropReasons[] = {"이직 준비로 시간이 부족해요", "연락이 닿지 않음",
                                        "건강 문제", "다른 스터디와 일정이 겹침", "개인 사정"};

}  // namespace

Status seed_demo_wrap_up(App& app, const accounts::Viewer& organizer) {
  auto sixth = app.academy().cohort(kDemoSlug, "6");
  if (!sixth) return sixth.error();
  auto seventh = app.academy().cohort(kDemoSlug, "7");
  if (!seventh) return seventh.error();
  const std::int64_t then = sixth->window(academy::Phase::kWrapUp).starts_at;
  std::vector<std::int64_t> projects;
  std::vector<std::int64_t> people;
  {
    auto reader = app.database().read();
    if (!reader) return reader.error();
    auto rows = reader->query(
        "SELECT id FROM academy_projects WHERE cohort_id = ? AND status = 'approved' ORDER BY id",
        {sixth->id});
    if (!rows) return rows.error();
    for (const auto& row : *rows) projects.push_back(row.int64(0));
    auto builders = reader->query_one(
        "SELECT COUNT(*) FROM project_builders b JOIN academy_projects p ON p.id = b.project_id "
        "WHERE p.cohort_id = ? AND p.status = 'approved' AND b.accepted_at IS NOT NULL",
        {sixth->id});
    if (!builders) return builders.error();
    const std::int64_t runners = kMembers - (*builders)->int64(0);
    // Many of 7기's applicants ran in 6기: they are its alumni here.
    auto alumni =
        reader->query("SELECT user_id FROM applications WHERE cohort_id = ? ORDER BY id LIMIT ?",
                      {seventh->id, runners});
    if (!alumni) return alumni.error();
    for (const auto& row : *alumni) people.push_back(row.int64(0));
  }
  if (projects.empty() || people.empty()) return ok_status();

  // The archive predates moim's activity room: its seats and its KPT
  // retrospectives (written in Notion then) are brought over as rows.
  std::vector<std::pair<std::int64_t, std::int64_t>> seats;  // project, runner
  {
    auto writer = app.database().write();
    if (!writer) return writer.error();
    for (std::size_t idx = 0; idx < people.size(); ++idx) {
      const std::int64_t project_id = projects[idx % projects.size()];
      seats.emplace_back(project_id, people[idx]);
      if (auto placed = writer->execute(
              "INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, ?)",
              {project_id, people[idx], sixth->window(academy::Phase::kRunning).starts_at});
          !placed)
        return placed.error();
      // Everyone but the last writes their own retrospective.
      if (idx + 1 == people.size()) continue;
      if (auto written = writer->execute(
              "INSERT INTO activity_retrospectives (project_id, scope, author_id, keep_text, "
              "problem_text, try_text, created_at, updated_at) VALUES (?, 'member', ?, ?, ?, ?, "
              "?, ?)",
              {project_id, people[idx], std::string("매주 발표 준비로 꾸준히 공부했어요"),
               std::string("후반부에 일정이 밀렸어요"), std::string("다음 기수엔 빌더로 도전"),
               then, then});
          !written)
        return written.error();
    }
    for (const std::int64_t project_id : projects) {
      if (auto written = writer->execute(
              "INSERT INTO activity_retrospectives (project_id, scope, author_id, keep_text, "
              "problem_text, try_text, created_at, updated_at) VALUES (?, 'project', NULL, ?, ?, "
              "?, ?, ?)",
              {project_id, std::string("주 1회 세션과 발표 로테이션"),
               std::string("중반 이후 출석이 줄었어요"), std::string("중간 점검 세션을 넣어 보기"),
               then, then});
          !written)
        return written.error();
    }
    if (auto committed = writer->commit(); !committed) return committed;
  }

  // Ten drop-outs along the season, recorded by the organizers.
  for (int idx = 0; idx < kDropped && idx < static_cast<int>(seats.size()); ++idx) {
    const auto& [project_id, user_id] = seats[static_cast<std::size_t>(idx) * 3 % seats.size()];
    if (auto dropped = app.wrap_up().drop_out(organizer, kDemoSlug, project_id, user_id,
                                              kDropReasons[idx % std::size(kDropReasons)], false);
        !dropped)
      return dropped.error();
  }
  auto computed = app.wrap_up().compute(organizer, kDemoSlug, "6");
  if (!computed) return computed.error();
  // The one runner without a retrospective wrote it in Notion: an override.
  const auto& [last_project, last_runner] = seats.back();
  if (auto decided = app.wrap_up().decide(
          organizer, kDemoSlug, last_project, last_runner,
          {std::string("completed"), "회고를 노션 페이지에 작성함 (빌더 확인)"});
      !decided)
    return decided.error();
  auto closed = app.wrap_up().close(organizer, kDemoSlug, "6");
  if (!closed) return closed.error();
  return ok_status();
}

}  // namespace moim
