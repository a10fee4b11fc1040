#include "app/demo_activity.hpp"

#include "app/demo.hpp"
#include "app/demo_reflections.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"

namespace moim {

namespace {

constexpr std::int64_t kDay = 24 * 3600;

std::string local_day(std::int64_t seconds) {
  return format_local(seconds, "Asia/Seoul", "%Y-%m-%d");
}

}  // namespace

Result<int> seed_demo_activity(App& app, const accounts::Viewer& organizer,
                               const accounts::Viewer& lab_builder) {
  const std::int64_t now = Clock().now_seconds();
  auto labs = app.academy().labs(organizer, kDemoSlug);
  if (!labs) return labs.error();
  if (labs->empty()) return 0;
  const std::int64_t lab_id = labs->front().id;
  // The lab has been running for six weeks and goes on for two months.
  academy::ProjectInput dates;
  dates.starts_on = local_day(now - 42 * kDay);
  dates.ends_on = local_day(now + 60 * kDay);
  // Room for visitors who join to try it (the browser tests do too).
  dates.max_runners = 20;
  if (auto moved = app.academy().update_project(lab_builder, kDemoSlug, lab_id, dates); !moved)
    return moved.error();

  // Five runners, placed by the lab's builder. They never log in.
  struct CostGuard {
    crypto::PasswordCost saved = crypto::current_password_cost();
    CostGuard() { crypto::set_password_cost(crypto::PasswordCost::kMinimum); }
    ~CostGuard() { crypto::set_password_cost(saved); }
    CostGuard(const CostGuard&) = delete;
    CostGuard& operator=(const CostGuard&) = delete;
  } cost_guard;
  static const char* kNames[] = {"문가람", "배나래", "노다온", "하슬기", "Emma Weber"};
  std::vector<accounts::Viewer> runners;
  for (int idx = 0; idx < 5; ++idx) {
    const std::string email = "lab-runner" + std::to_string(idx + 1) + "@moim.demo";
    auto user = app.accounts().create_user(
        {email, kNames[idx], crypto::random_token(18), std::nullopt}, false);
    if (!user) return user.error();
    accounts::Viewer viewer;
    viewer.user = user.value();
    if (auto joined = app.communities().join(viewer, kDemoSlug); !joined) return joined.error();
    academy::ApplicationInput input;
    input.choices.push_back({lab_id, {}});
    auto applied = app.academy().apply(viewer, kDemoSlug, {std::nullopt, lab_id}, input);
    if (!applied) return applied.error();
    academy::ReviewInput accept;
    accept.review = "accepted";
    if (auto placed =
            app.academy().review_applicant(lab_builder, kDemoSlug, lab_id, applied->id, accept);
        !placed)
      return placed.error();
    runners.push_back(viewer);
  }

  // Sessions from the weekly slot; topics for the first ones; one skipped.
  auto sessions = app.activity().schedule(lab_builder, kDemoSlug, lab_id);
  if (!sessions) return sessions.error();
  static const char* kTopics[] = {"킥오프: 평가 벤치마크 훑어보기", "LLM-as-a-judge 논문 리뷰",
                                  "한국어 평가셋 만들기",           "추석 휴강",
                                  "결과 공유와 회고 준비",          "중간 발표"};
  const std::string statuses[] = {"present", "present", "late", "present", "excused", "absent"};
  for (std::size_t idx = 0; idx < sessions->size() && idx < 6; ++idx) {
    const activity::Session& session = (*sessions)[idx];
    if (idx == 3) {
      if (auto skipped = app.activity().skip_session(lab_builder, kDemoSlug, session.id, true);
          !skipped)
        return skipped.error();
      continue;
    }
    activity::SessionInput details;
    details.topic = kTopics[idx];
    details.presenter = runners[idx % runners.size()].user->display_name;
    if (auto saved = app.activity().update_session(lab_builder, kDemoSlug, session.id, details);
        !saved)
      return saved.error();
    if (session.starts_at > now) continue;
    // Attendance as the builder recorded it afterwards.
    for (std::size_t person = 0; person < runners.size(); ++person) {
      const std::string& status = statuses[(person + idx) % 6];
      if (auto marked =
              app.activity().mark(lab_builder, kDemoSlug, session.id, runners[person].user_id(),
                                  status, status == "excused" ? "회사 일정" : "");
          !marked)
        return marked.error();
    }
  }

  // A weekly writing series (Sundays 23:59 in Seoul) that started three weeks ago.
  const std::int64_t first_due_day = now - 21 * kDay;
  auto series =
      app.activity().create_series(lab_builder, kDemoSlug, {std::nullopt, lab_id},
                                   {"주간 실험 노트", local_day(first_due_day) + "T23:59", 7, 8});
  if (!series) return series.error();
  for (const auto& deadline : series.value()) {
    for (std::size_t person = 0; person < runners.size(); ++person) {
      // Past deadlines: most wrote (late now, as seeding happens today);
      // the next one: three have written already.
      const bool past = deadline.due_at < now;
      const bool next = !past && deadline.due_at < now + 7 * kDay;
      if ((past && (person + static_cast<std::size_t>(deadline.seq)) % 4 == 0) ||
          (!past && !next) || (next && person >= 3))
        continue;
      activity::SubmissionInput post;
      post.link = "https://blog.example/" + std::to_string(person + 1) + "/week-" +
                  std::to_string(deadline.seq);
      post.body = "## 이번 주에 한 일\n\n- 평가셋 " + std::to_string(20 * deadline.seq) +
                  "문항 검수\n- 막힌 점: 채점 기준 합의";
      post.tags = {"LLM", "평가"};
      post.share = person % 2 == 0;
      if (auto saved = app.activity().submit(runners[person], kDemoSlug, deadline.id, post); !saved)
        return saved.error();
    }
  }
  if (auto reflected = seed_demo_reflections(app, lab_builder, lab_id, runners); !reflected)
    return reflected.error();
  return static_cast<int>(runners.size());
}

}  // namespace moim
