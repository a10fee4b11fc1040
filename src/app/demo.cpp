#include "app/demo.hpp"
#include "platform/crypto/crypto.hpp"

#include "app/demo_academy.hpp"
#include "app/demo_activity.hpp"
#include "app/demo_certificates.hpp"
#include "app/demo_events.hpp"
#include "app/demo_mentoring.hpp"
#include "app/demo_notion.hpp"
#include "app/demo_wrap_up.hpp"

#include <algorithm>
#include <atomic>
#include <map>

namespace moim {

namespace {

struct DemoPerson {
  const char* email;
  const char* name;
  communities::Stage stage;
  const char* bio;
  std::vector<std::string> interests;
};

// Fictional people. The projects they mention are real Pseudo-Lab project
// titles from the 6th and 7th cohorts (shared/data/pseudolab-cohorts.json).
std::vector<DemoPerson> demo_people() {
  using communities::Stage;
  return {
      {"organizer@moim.demo",
       "한지민",
       Stage::kOrganizer,
       "10기 운영진. 러너 모집과 수료를 챙깁니다.",
       {"운영", "커뮤니티"}},
      {"builder.nerf@moim.demo",
       "서도윤",
       Stage::kBuilder,
       "Nerd's NeRF 빌더",
       {"NeRF", "3D vision"}},
      {"builder.recsys@moim.demo",
       "임하은",
       Stage::kBuilder,
       "추천시스템 논문에서 서비스까지 빌더",
       {"추천시스템", "RecSys"}},
      {"builder.causal@moim.demo",
       "오세훈",
       Stage::kBuilder,
       "Case로 Causality 이해하기 빌더",
       {"인과추론", "causality"}},
      {"builder.rust@moim.demo",
       "Mina Park",
       Stage::kBuilder,
       "cheese cRust (Rust 기초 스터디) builder",
       {"Rust", "systems"}},
      {"builder.mlops@moim.demo",
       "강태현",
       Stage::kBuilder,
       "MLOps 실전가이드 빌더",
       {"MLOps", "data engineering"}},
      {"member@moim.demo", "김서연", Stage::kRunner, "LLM 이해하기 러너", {"LLM", "NLP"}},
      {"runner.jiho@moim.demo",
       "이지호",
       Stage::kRunner,
       "PySpark로 빅데이터 분석 맛보기",
       {"PySpark", "data engineering"}},
      {"runner.yuna@moim.demo",
       "박유나",
       Stage::kRunner,
       "Computer Vision - Part2",
       {"computer vision"}},
      {"runner.minjun@moim.demo",
       "최민준",
       Stage::kRunner,
       "코드로 이해하는 심층 강화학습",
       {"강화학습", "RL"}},
      {"runner.seoyun@moim.demo", "정서윤", Stage::kRunner, "Graph 이해하기", {"graph", "GNN"}},
      {"runner.hyun@moim.demo", "윤현우", Stage::kRunner, "깃헙에 NLP 잔디심기 3", {"NLP"}},
      {"runner.daeun@moim.demo",
       "장다은",
       Stage::kRunner,
       "PINN 시작하기",
       {"PINN", "scientific ML"}},
      {"runner.alex@moim.demo",
       "Alex Kim",
       Stage::kRunner,
       "Text-to-Image Generation (feat. Diffusion)",
       {"diffusion", "generative"}},
      {"auditor.sora@moim.demo",
       "한소라",
       Stage::kAuditor,
       "청강으로 추천시스템 세션을 듣고 있어요",
       {"추천시스템"}},
      {"auditor.jun@moim.demo", "송준", Stage::kAuditor, "MLOps 청강 중", {"MLOps"}},
      {"auditor.ha@moim.demo", "배하린", Stage::kAuditor, "LLM 세션 청강", {"LLM"}},
      {"participant.eun@moim.demo",
       "조은비",
       Stage::kParticipant,
       "디스코드에서 논문 이야기를 나눠요",
       {"paper reading"}},
      {"participant.woo@moim.demo",
       "신우진",
       Stage::kParticipant,
       "PseudoCon 자원봉사",
       {"conference"}},
      {"participant.lee@moim.demo",
       "이나래",
       Stage::kParticipant,
       "Responsible AI 토론에 관심",
       {"responsible AI"}},
      {"participant.kang@moim.demo",
       "강민서",
       Stage::kParticipant,
       "데이터 중심 설계 공부 중",
       {"data-centric AI"}},
      {"observer.yoon@moim.demo", "윤채원", Stage::kObserver, "", {}},
      {"observer.choi@moim.demo", "최도현", Stage::kObserver, "", {}},
      {"observer.lim@moim.demo", "임수아", Stage::kObserver, "", {}},
      {"observer.kwon@moim.demo", "권태윤", Stage::kObserver, "", {}},
      {"observer.sam@moim.demo", "Sam Lee", Stage::kObserver, "", {}},
  };
}

// Stages a person climbed to reach theirs, for a believable history.
std::vector<communities::Stage> ladder_to(communities::Stage target) {
  using communities::Stage;
  std::vector<Stage> ladder;
  for (Stage stage :
       {Stage::kParticipant, Stage::kAuditor, Stage::kRunner, Stage::kBuilder, Stage::kOrganizer}) {
    if (static_cast<int>(stage) > static_cast<int>(target)) break;
    ladder.push_back(stage);
  }
  return ladder;
}

const char* reason_for(communities::Stage stage) {
  using communities::Stage;
  switch (stage) {
    case Stage::kParticipant:
      return "디스코드에서 활발히 소통";
    case Stage::kAuditor:
      return "아카데미 청강 신청";
    case Stage::kRunner:
      return "프로젝트 러너로 선발";
    case Stage::kBuilder:
      return "러너 수료 후 빌더로 프로젝트 개설";
    case Stage::kOrganizer:
      return "운영진 합류";
    default:
      return "";
  }
}

// A clock the demo moves by hand, so past coffee-chat rounds carry past dates.
class DemoClock : public Clock {
 public:
  explicit DemoClock(std::int64_t start) : now_(start) {}
  std::int64_t now_seconds() const override { return now_.load(); }
  void set(std::int64_t seconds) { now_ = seconds; }

 private:
  std::atomic<std::int64_t> now_;
};

// A biweekly coffee-chat program that has run for four rounds, with
// availability (evenings in Seoul), topics, a snooze, a private avoid list
// and "did we meet?" answers, so the program page and stats are alive.
Status seed_coffee_demo(App& app, const accounts::Viewer& organizer,
                        const std::vector<accounts::Viewer>& people) {
  constexpr std::int64_t kFortnight = 14 * 24 * 3600;
  const std::int64_t now = Clock().now_seconds();
  DemoClock clock(now - 4 * kFortnight - 24 * 3600);
  academy::AcademyService past_academy(app.database(), clock, app.communities());
  coffee::CoffeeService past(app.database(), clock, app.communities(), past_academy);
  coffee::ProgramInput input;
  input.name = "격주 커피챗 (Biweekly coffee chat)";
  input.description =
      "다른 프로젝트 사람들과 3~4명이 30분 동안 이야기해요. 같은 사람과는 다시 만나지 않도록 "
      "편성합니다. (Meet people from other projects in groups of 3-4 for 30 minutes.)";
  input.cadence = "biweekly";
  input.min_size = 3;
  input.target_size = 4;
  input.max_size = 4;
  input.mix_circles = true;
  input.mix_newcomers = true;
  auto program = past.create(organizer, kDemoSlug, input);
  if (!program) return program.error();
  const std::int64_t program_id = program->id;
  std::map<std::int64_t, const accounts::Viewer*> by_id;
  for (const auto& person : people) by_id[person.user_id()] = &person;
  // Everyone but the organizer and the last few observers takes part.
  for (std::size_t idx = 1; idx + 3 < people.size(); ++idx) {
    coffee::ParticipationInput taking_part;
    taking_part.opted_in = true;
    taking_part.time_zone = people[idx].user->display_name.find(' ') != std::string::npos
                                ? "Europe/Berlin"
                                : "Asia/Seoul";
    const int first_day = static_cast<int>(idx % 5);
    taking_part.slots = std::vector<coffee::LocalSlot>{
        {first_day, 20}, {first_day, 21}, {(first_day + 2) % 5, 20}, {5, 10}, {5, 11}};
    taking_part.languages = people[idx].user->display_name.find(' ') != std::string::npos
                                ? std::vector<std::string>{"English", "한국어"}
                                : std::vector<std::string>{"한국어"};
    taking_part.topics = demo_people()[idx].interests;
    if (auto saved = past.participate(people[idx], kDemoSlug, program_id, taking_part); !saved)
      return saved.error();
  }
  // A private "don't group me with": only its owner ever sees it.
  coffee::ParticipationInput avoid;
  avoid.avoid = std::vector<std::int64_t>{people[2].user_id()};
  if (auto saved = past.participate(people[1], kDemoSlug, program_id, avoid); !saved)
    return saved.error();
  std::int64_t cutoff = program->open_round.cutoff_at;
  for (int round = 1; round <= 4; ++round) {
    clock.set(cutoff);
    if (round == 3) {
      // Someone sits a round out.
      if (auto saved = past.participate(people[8], kDemoSlug, program_id, {.snoozed = true});
          !saved)
        return saved.error();
    }
    auto closed = past.close_round(organizer, kDemoSlug, program_id);
    if (!closed) return closed.error();
    cutoff = closed->next.cutoff_at;
    clock.set(std::min(closed->closed.closed_at.value_or(now) + 5 * 24 * 3600, now));
    auto groups = past.round_groups(organizer, kDemoSlug, program_id, closed->closed.id);
    if (!groups) return groups.error();
    // Most groups met; one in four did not manage; the latest round is still
    // partly unanswered, as in real life.
    for (std::size_t group_idx = 0; group_idx < groups->size(); ++group_idx) {
      const auto& group = (*groups)[group_idx];
      for (std::size_t member_idx = 0; member_idx < group.members.size(); ++member_idx) {
        if (round == 4 && member_idx > 0) break;
        auto person = by_id.find(group.members[member_idx].user_id);
        if (person == by_id.end()) continue;
        const bool met = (group_idx + static_cast<std::size_t>(round)) % 4 != 0;
        if (auto answered = past.answer(*person->second, kDemoSlug, program_id, group.id, met);
            !answered)
          return answered.error();
      }
    }
  }
  // One person joined after the last round: "never grouped" in the stats.
  if (auto saved =
          past.participate(people[people.size() - 2], kDemoSlug, program_id, {.opted_in = true});
      !saved)
    return saved.error();
  return ok_status();
}

}  // namespace

Result<DemoSummary> seed_demo(App& app) {
  DemoSummary summary;
  summary.logins = {{"platform admin", "admin@moim.demo"},
                    {"organizer (운영진)", "organizer@moim.demo"},
                    {"builder (빌더)", "builder.nerf@moim.demo"},
                    {"member, runner (러너)", "member@moim.demo"}};
  if (app.communities().find(kDemoSlug).ok()) return summary;

  // One argon2id hash for every demo account: they share a published password.
  const std::string demo_hash = crypto::hash_password(kDemoPassword);
  auto admin = app.accounts().create_user_with_hash(
      {"admin@moim.demo", "moim 관리자", kDemoPassword, std::string("ko")}, demo_hash, true);
  if (!admin) return admin.error();
  accounts::Viewer admin_viewer;
  admin_viewer.user = admin.value();
  auto community = app.communities().create(
      admin_viewer,
      {.slug = std::string(kDemoSlug),
       .name = std::string("가짜연구소 demo"),
       .description = std::string(
           "함께 공부하고 함께 성장하는 머신러닝 커뮤니티의 데모입니다. "
           "빌더가 스터디를 열고, 러너가 지원하고, 청강으로 누구나 들어올 수 있어요. "
           "(A demo of a volunteer ML community: builders open studies, runners join, anyone "
           "may audit.)"),
       .time_zone = std::string("Asia/Seoul"),
       .default_locale = std::string("ko")});
  if (!community) return community.error();

  accounts::Viewer organizer_viewer;
  std::vector<accounts::Viewer> builders;
  std::vector<accounts::Viewer> people;
  for (const DemoPerson& person : demo_people()) {
    auto user = app.accounts().create_user_with_hash(
        {person.email, person.name, kDemoPassword, std::nullopt}, demo_hash, false);
    if (!user) return user.error();
    accounts::Viewer viewer;
    viewer.user = user.value();
    accounts::ProfileUpdate profile;
    profile.bio = person.bio;
    profile.interests = person.interests;
    if (!person.interests.empty()) profile.github_url = "https://github.com/moim-demo";
    if (auto updated = app.accounts().update_profile(viewer, profile); !updated)
      return updated.error();
    if (auto joined = app.communities().join(viewer, kDemoSlug); !joined) return joined.error();
    // The organizer is promoted by the admin; everyone else by the organizer.
    const accounts::Viewer& promoter =
        person.stage == communities::Stage::kOrganizer ? admin_viewer : organizer_viewer;
    for (communities::Stage step : ladder_to(person.stage)) {
      auto changed = app.communities().change_stage(promoter, kDemoSlug, viewer.user_id(), step,
                                                    reason_for(step));
      if (!changed) return changed.error();
    }
    if (person.stage == communities::Stage::kOrganizer) organizer_viewer = viewer;
    if (person.stage == communities::Stage::kBuilder) builders.push_back(viewer);
    people.push_back(viewer);
    ++summary.people;
  }
  auto applicants = seed_demo_academy(app, organizer_viewer, builders, kDemoApplicants);
  if (!applicants) return applicants.error();
  summary.people += applicants.value();
  if (auto coffee = seed_coffee_demo(app, organizer_viewer, people); !coffee) return coffee.error();
  auto lab_runners = seed_demo_activity(app, organizer_viewer, builders.front());
  if (!lab_runners) return lab_runners.error();
  summary.people += lab_runners.value();
  if (auto wrapped = seed_demo_wrap_up(app, organizer_viewer); !wrapped) return wrapped.error();
  // After the wrap-up has closed the past cohort: its completers' certificates.
  if (auto certificates = seed_demo_certificates(app, organizer_viewer); !certificates)
    return certificates.error();
  if (auto events = seed_demo_events(app, organizer_viewer, people); !events) return events.error();
  if (auto mentoring = seed_demo_mentoring(app, organizer_viewer, people); !mentoring)
    return mentoring.error();
  // The template wiki in the community's language, with its onboarding path.
  if (auto wiki = app.wiki().create_template(organizer_viewer, kDemoSlug); !wiki)
    return wiki.error();
  // Notion, when `make run` started its local stand-in (app/demo_notion.hpp).
  if (auto notion = connect_demo_notion(app, organizer_viewer); !notion) return notion.error();
  summary.created = true;
  return summary;
}

}  // namespace moim
