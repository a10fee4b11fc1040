#include "app/demo_wrap_up.hpp"

#include <set>

#include "app/demo.hpp"
#include "platform/base/time_zone.hpp"

namespace moim {

namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr int kMembers = 160;  // builders and runners of 6기
constexpr std::size_t kDropped = 10;
constexpr int kWeeks = 8;

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
  std::set<std::size_t> dropping;                            // seats that drop out
  for (std::size_t idx = 0; idx < kDropped; ++idx) dropping.insert(idx * 3 % people.size());
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
    // Eight weekly sessions per project, with attendance: each runner misses at
    // most one (or is excused); a drop-out stops coming after the third week.
    const std::int64_t running = sixth->window(academy::Phase::kRunning).starts_at;
    for (std::size_t project_idx = 0; project_idx < projects.size(); ++project_idx) {
      const std::int64_t project_id = projects[project_idx];
      for (int week = 0; week < kWeeks; ++week) {
        const std::int64_t starts =
            running + (week * 7 + static_cast<std::int64_t>(project_idx % 5)) * kDay + 11 * 3600;
        const std::string slot = format_local(starts, "Asia/Seoul", "%Y-%m-%d");
        if (auto added = writer->execute(
                "INSERT INTO activity_sessions (project_id, slot_date, starts_at, ends_at, status, "
                "topic, created_at, updated_at) VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?)",
                {project_id, slot, starts, starts + 5400, std::to_string(week + 1) + "주차 발표",
                 starts, starts});
            !added)
          return added.error();
        auto session = writer->query_one(
            "SELECT id FROM activity_sessions WHERE project_id = ? AND slot_date = ?",
            {project_id, slot});
        if (!session) return session.error();
        for (std::size_t seat = 0; seat < seats.size(); ++seat) {
          if (seats[seat].first != project_id) continue;
          const std::size_t turn = seat + static_cast<std::size_t>(week);
          const char* status = dropping.contains(seat) && week >= 3 ? "absent"
                               : turn % 9 == 0                      ? "absent"
                               : turn % 11 == 0                     ? "excused"
                               : turn % 7 == 0                      ? "late"
                                                                    : "present";
          if (auto marked = writer->execute(
                  "INSERT INTO activity_attendance (session_id, user_id, status, source, "
                  "recorded_at) VALUES (?, ?, ?, 'builder', ?)",
                  {(*session)->int64(0), seats[seat].second, std::string(status), starts});
              !marked)
            return marked.error();
        }
      }
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
  std::size_t reason_idx = 0;
  for (const std::size_t seat : dropping) {
    const auto& [project_id, user_id] = seats[seat];
    if (auto dropped =
            app.wrap_up().drop_out(organizer, kDemoSlug, project_id, user_id,
                                   kDropReasons[reason_idx++ % std::size(kDropReasons)], false);
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
