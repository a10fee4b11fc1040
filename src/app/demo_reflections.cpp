#include "app/demo_reflections.hpp"

#include "app/demo.hpp"
#include "platform/base/time_zone.hpp"

namespace moim {

namespace {

constexpr std::int64_t kDay = 24 * 3600;

struct WeekNote {
  const char* learned;
  const char* blocked;
};

// Four weeks of notes, oldest first; each runner gets them in turn.
constexpr WeekNote kNotes[] = {
    {"LLM-as-a-judge 논문을 읽고 채점 프롬프트를 처음 짜 봤다",
     "평가 기준을 팀에서 합의하는 데 오래 걸렸다"},
    {"한국어 평가셋 50문항을 직접 검수하며 애매한 문항 기준을 정리했다", ""},
    {"GPT 채점과 사람 채점의 일치도(Cohen's kappa)를 계산했다", "API 비용 한도에 걸렸다"},
    {"Learned how to bootstrap confidence intervals for benchmark scores", "Ran out of GPU time"},
};
constexpr const char* kVisibilities[] = {"public", "project", "public", "private"};

}  // namespace

Status seed_demo_reflections(App& app, const accounts::Viewer& lab_builder, std::int64_t lab_id,
                             const std::vector<accounts::Viewer>& runners) {
  const std::int64_t now = Clock().now_seconds();
  for (std::size_t person = 0; person < runners.size(); ++person) {
    for (int week = 0; week < 4; ++week) {
      if ((person + static_cast<std::size_t>(week)) % 5 == 4) continue;  // a missed week
      const WeekNote& note = kNotes[(person + static_cast<std::size_t>(week)) % 4];
      activity::GrowthLogInput log;
      log.week = format_local(now - (3 - week) * 7 * kDay, "Asia/Seoul", "%Y-%m-%d");
      log.learned = note.learned;
      log.blocked = note.blocked;
      log.visibility = kVisibilities[(person + static_cast<std::size_t>(week)) % 4];
      if (log.visibility == "project") log.project_id = lab_id;
      if (week == 2) log.links = {"https://blog.example/" + std::to_string(person + 1) + "/notes"};
      if (auto written = app.activity().write_log(runners[person], kDemoSlug, log); !written)
        return written.error();
    }
  }
  activity::GrowthLogInput builder_log;
  builder_log.week = format_local(now, "Asia/Seoul", "%Y-%m-%d");
  builder_log.learned = "러너들의 평가셋을 모아 리더보드 초안을 만들었다";
  builder_log.visibility = "public";
  if (auto written = app.activity().write_log(lab_builder, kDemoSlug, builder_log); !written)
    return written.error();

  // The lab looks back: its own KPT and two runners' own.
  activity::RetrospectiveInput project{
      .keep = "매주 세션 전에 읽을 논문을 공유한 것\n평가셋을 함께 검수한 것",
      .problem = "채점 기준 합의에 시간이 많이 들었다\n추석 주간 세션이 빠졌다",
      .try_next = "채점 가이드를 첫 주에 확정하기\n휴일 주에는 비동기 리뷰로 대체하기",
      .visibility = "community"};
  if (auto written =
          app.activity().write_retrospective(lab_builder, kDemoSlug, lab_id, "project", project);
      !written)
    return written.error();
  const activity::RetrospectiveInput mine[] = {{.keep = "매주 실험 노트를 쓴 것",
                                                .problem = "발표 준비가 늘 마감 직전이었다",
                                                .try_next = "발표 자료를 하루 전에 공유하기",
                                                .visibility = "community"},
                                               {.keep = "Pairing on the evaluation scripts",
                                                .problem = "Time zones made live sessions hard",
                                                .try_next = "Record the sessions for Europe",
                                                .visibility = "project"}};
  for (std::size_t idx = 0; idx < 2 && idx < runners.size(); ++idx) {
    if (auto written = app.activity().write_retrospective(runners[idx * 4 % runners.size()],
                                                          kDemoSlug, lab_id, "member", mine[idx]);
        !written)
      return written.error();
  }
  return ok_status();
}

}  // namespace moim
