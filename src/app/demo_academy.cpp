// The demo's academy: a past cohort (6기) in the archive, a cohort (7기)
// recruiting now with Pseudo-Lab's real project titles, ~160 fictional
// applicants with ranked choices, some builders' reviews, and a year-round lab.
#include "app/demo_academy.hpp"

#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"

namespace moim {

namespace {

constexpr std::int64_t kDay = 24 * 3600;

const std::vector<std::string> kSixthCohort = {"Case로 Causality 이해하기",
                                               "Computer Vision - Part1",
                                               "CPython 파헤치기",
                                               "DE4E 실전편 (모두를 위한 데이터 엔지니어링)",
                                               "Diffusers 온라인 문서 번역",
                                               "HuggingFace 온라인 문서 번역",
                                               "Nerd's NeRF",
                                               "PySpark로 빅데이터 분석 맛보기",
                                               "Text-to-Image Generation (feat. Diffusion)",
                                               "강화학습 고전읽기",
                                               "깃헙에 NLP 잔디심기 2",
                                               "추천시스템 주요 논문 리뷰 및 구현"};

const std::vector<std::string> kSeventhCohort = {
    "LLM 이해하기",
    "추천시스템 논문에서 서비스까지",
    "cheese cRust (Rust 기초 스터디)",
    "MLOps 실전가이드",
    "Graph 이해하기",
    "PINN 시작하기",
    "Computer Vision - Part2",
    "코드로 이해하는 심층 강화학습",
    "깃헙에 NLP 잔디심기 3",
    "Nerd's NeRF",
    "Gamifying Causal Inference with Game",
    "인과추론 라이브러리 한국어 자료 만들기",
    "중요한 건 데이터 중심 설계 이해하기",
    "책임감 있는 Responsible AI 토론 스터디",
    "Text-to-Image Generation (feat. Diffusion) - Season 2",
    "PseudoChat Dataset 구축 프로젝트",
    "nn.Labml.ai 번역과 Pytorch 논문 코드 구현 이해하기",
    "연구동향 한글로 쉽고 재미있게 쓰기"};

std::string kind_for(const std::string& title) {
  if (title.find("번역") != std::string::npos) return "translation";
  if (title.find("논문") != std::string::npos || title.find("고전읽기") != std::string::npos)
    return "paper_reading";
  if (title.find("구축") != std::string::npos || title.find("만들기") != std::string::npos ||
      title.find("Game") != std::string::npos)
    return "build_project";
  return "study";
}

std::vector<std::string> tags_for(const std::string& title) {
  static const std::vector<std::pair<std::string, std::string>> kKeywords = {
      {"LLM", "LLM"},
      {"NLP", "NLP"},
      {"추천", "RecSys"},
      {"Rust", "Rust"},
      {"MLOps", "MLOps"},
      {"Graph", "GNN"},
      {"PINN", "scientific ML"},
      {"Vision", "computer vision"},
      {"NeRF", "3D vision"},
      {"강화학습", "RL"},
      {"Causal", "causality"},
      {"인과", "causality"},
      {"데이터", "data"},
      {"Responsible", "responsible AI"},
      {"Diffusion", "diffusion"},
      {"PySpark", "data engineering"},
      {"DE4E", "data engineering"},
      {"Pytorch", "PyTorch"},
      {"CPython", "Python"},
      {"번역", "translation"},
      {"연구동향", "writing"}};
  std::vector<std::string> tags;
  for (const auto& [keyword, tag] : kKeywords) {
    if (title.find(keyword) != std::string::npos &&
        std::find(tags.begin(), tags.end(), tag) == tags.end())
      tags.push_back(tag);
  }
  if (tags.empty()) tags.push_back("ML");
  return tags;
}

academy::ProjectInput project_input(const std::string& title, std::size_t idx,
                                    const std::string& kind_override = "") {
  static const char* kLevels[] = {"beginner", "intermediate", "advanced"};
  academy::ProjectInput input;
  input.title = title;
  input.summary = title + " — 매주 함께 읽고, 만들고, 발표해요.";
  input.description =
      "## 무엇을 하나요\n\n매주 한 번 모여 정해진 분량을 읽고 구현한 내용을 공유합니다.\n\n"
      "## 누구와 함께하나요\n\n- 꾸준히 참여할 수 있는 분\n- 서로의 질문에 답해줄 수 있는 분\n\n"
      "자세한 커리큘럼은 [가짜연구소](https://pseudo-lab.com)에서 확인하세요.";
  input.kind = kind_override.empty() ? kind_for(title) : kind_override;
  input.tags = tags_for(title);
  input.level = kLevels[idx % 3];
  input.language = idx % 7 == 3 ? "ko_en" : "ko";
  input.mode = idx % 6 == 2 ? "offline" : "online";
  if (*input.mode == "offline") input.place = "강남역 근처 스터디룸";
  input.weekday = static_cast<int>(idx % 7);
  input.start_time = idx % 2 == 0 ? "20:00" : "21:00";
  input.duration_minutes = 90;
  // Lab dates; a cohort's projects get their cohort's running phase (run_within).
  input.starts_on = "2027-01-11";
  input.ends_on = "2027-04-05";
  input.min_runners = 3;
  input.max_runners = static_cast<int>(6 + (idx * 5) % 15);
  input.auditors_welcome = idx % 2 == 0;
  input.questions = std::vector<std::string>{"이 프로젝트에서 가장 기대하는 것은 무엇인가요?"};
  return input;
}

std::vector<academy::PhaseWindow> phases(std::int64_t first_start,
                                         const std::vector<std::int64_t>& lengths_days) {
  std::vector<academy::PhaseWindow> windows;
  std::int64_t at = first_start;
  for (std::size_t idx = 0; idx < academy::kAllPhases.size(); ++idx) {
    windows.push_back({academy::kAllPhases[idx], at, at + lengths_days[idx] * kDay});
    at += lengths_days[idx] * kDay;
  }
  return windows;
}

// A small deterministic generator so every demo looks the same.
struct Lcg {
  std::uint64_t state;
  std::uint64_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  }
};

// A cohort's projects run within its running phase (issue #12: certificates
// print the project's period): its first to its last day, in Seoul.
void run_within(academy::ProjectInput& input, const std::vector<academy::PhaseWindow>& phases) {
  for (const auto& window : phases) {
    if (window.phase != academy::Phase::kRunning) continue;
    input.starts_on = format_local(window.starts_at, "Asia/Seoul", "%Y-%m-%d");
    input.ends_on = format_local(window.ends_at - 1, "Asia/Seoul", "%Y-%m-%d");
  }
}

// After a cohort's phases move (the demo proposes while proposals are open,
// then sets the season it really ran), its projects move with it.
Status move_projects(App& app, const std::vector<std::int64_t>& ids,
                     const std::vector<academy::PhaseWindow>& phases,
                     const accounts::Viewer& organizer) {
  academy::ProjectInput dates;
  run_within(dates, phases);
  for (std::int64_t id : ids) {
    if (auto moved = app.academy().update_project(
            organizer, kDemoSlug, id, {.starts_on = dates.starts_on, .ends_on = dates.ends_on});
        !moved)
      return moved.error();
  }
  return ok_status();
}

Result<std::vector<std::int64_t>> seed_projects(App& app, const std::string& key,
                                                const std::vector<std::string>& titles,
                                                const std::vector<accounts::Viewer>& builders,
                                                const accounts::Viewer& organizer,
                                                const std::vector<academy::PhaseWindow>& phases) {
  std::vector<std::int64_t> ids;
  for (std::size_t idx = 0; idx < titles.size(); ++idx) {
    auto input = project_input(titles[idx], idx);
    run_within(input, phases);
    const accounts::Viewer& lead = builders[idx % builders.size()];
    const accounts::Viewer& co = builders[(idx + 1) % builders.size()];
    if (idx % 4 == 1) input.co_builders = {co.user_id()};
    auto proposed = app.academy().propose(lead, kDemoSlug, {key, std::nullopt}, input);
    if (!proposed) return proposed.error();
    if (idx % 4 == 1) {
      if (auto accepted = app.academy().accept_invitation(co, kDemoSlug, proposed->id); !accepted)
        return accepted.error();
    }
    auto reviewed = app.academy().review_project(organizer, kDemoSlug, proposed->id,
                                                 academy::Decision::kApprove, "");
    if (!reviewed) return reviewed.error();
    ids.push_back(proposed->id);
  }
  return ids;
}

}  // namespace

Result<int> seed_demo_academy(App& app, const accounts::Viewer& organizer,
                              const std::vector<accounts::Viewer>& builders, int applicant_count) {
  const std::int64_t now = Clock().now_seconds();
  // The archive: 6기 ran last season.
  academy::CohortInput sixth{
      .key = std::string("6"),
      .name = std::string("6기"),
      .description = std::string("21개 프로젝트, 수료율 93.8% (150명 수료)")};
  sixth.phases = phases(now - kDay, {2, 10, 5, 80, 10, 30});
  if (auto created = app.academy().create_cohort(organizer, kDemoSlug, sixth); !created)
    return created.error();
  auto sixth_projects = seed_projects(app, "6", kSixthCohort, builders, organizer, *sixth.phases);
  if (!sixth_projects) return sixth_projects.error();
  const auto sixth_season = phases(now - 400 * kDay, {14, 14, 7, 84, 14, 30});
  if (auto moved = app.academy().update_cohort(organizer, kDemoSlug, "6", {.phases = sixth_season});
      !moved)
    return moved.error();
  if (auto moved = move_projects(app, sixth_projects.value(), sixth_season, organizer); !moved)
    return moved.error();

  // 7기: proposals closed, recruiting open for another week.
  academy::CohortInput seventh{
      .key = std::string("7"),
      .name = std::string("7기"),
      .description = std::string("빌더가 열고 러너가 지원하는 7번째 시즌. 청강은 누구나 환영해요."),
      .max_choices = 3,
      .questions = std::vector<std::string>{"간단한 자기소개와 지원 동기를 알려주세요.",
                                            "매주 몇 시간을 쓸 수 있나요?"}};
  seventh.phases = phases(now - kDay, {2, 10, 7, 84, 14, 30});
  if (auto created = app.academy().create_cohort(organizer, kDemoSlug, seventh); !created)
    return created.error();
  auto projects = seed_projects(app, "7", kSeventhCohort, builders, organizer, *seventh.phases);
  if (!projects) return projects.error();
  const auto seventh_season = phases(now - 14 * kDay, {7, 14, 7, 84, 14, 30});
  if (auto moved =
          app.academy().update_cohort(organizer, kDemoSlug, "7", {.phases = seventh_season});
      !moved)
    return moved.error();
  if (auto moved = move_projects(app, projects.value(), seventh_season, organizer); !moved)
    return moved.error();

  // A year-round lab outside cohorts.
  auto lab_input = project_input("Pseudo-Lab 상시 연구 랩 (LLM 평가)", 0, "lab");
  lab_input.questions = std::vector<std::string>{};
  auto lab = app.academy().propose(builders.front(), kDemoSlug, {}, lab_input);
  if (!lab) return lab.error();
  if (auto approved = app.academy().review_project(organizer, kDemoSlug, lab->id,
                                                   academy::Decision::kApprove, "");
      !approved)
    return approved.error();

  // Fictional applicants; popular projects get more first choices.
  static const char* kFamily[] = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임",
                                  "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"};
  static const char* kGiven[] = {"민준", "서연", "도윤", "하은", "지호", "수아", "예준",
                                 "지유", "시우", "서윤", "주원", "채원", "하준", "지민"};
  // Fictional applicants never log in: one full-cost hash of a random
  // password nobody keeps serves them all (160 argon2id hashes would hold up
  // the first `make run` for a minute).
  const std::string unusable_password = crypto::random_token(18);
  const std::string unusable_hash = crypto::hash_password(unusable_password);
  Lcg random{20260707};
  const std::vector<std::int64_t>& ids = projects.value();
  int applied = 0;
  for (int person_idx = 0; person_idx < applicant_count; ++person_idx) {
    char email[64];
    std::snprintf(email, sizeof email, "applicant%03d@moim.demo", person_idx + 1);
    const std::string name =
        std::string(kFamily[person_idx % 20]) + kGiven[(person_idx / 20 + person_idx) % 14];
    auto user = app.accounts().create_user_with_hash({email, name, unusable_password, std::nullopt},
                                                     unusable_hash, false);
    if (!user) return user.error();
    accounts::Viewer viewer;
    viewer.user = user.value();
    if (auto joined = app.communities().join(viewer, kDemoSlug); !joined) return joined.error();
    academy::ApplicationInput input;
    input.answers = {"안녕하세요, " + name + "입니다. 함께 꾸준히 공부할 동료를 찾고 있어요.",
                     std::to_string(3 + random.next() % 6) + "시간"};
    static const char* kSlots[] = {"mon_evening", "tue_evening", "wed_evening",
                                   "thu_evening", "sat_morning", "sun_afternoon"};
    input.availability = {kSlots[random.next() % 6], kSlots[random.next() % 6]};
    input.availability.erase(std::unique(input.availability.begin(), input.availability.end()),
                             input.availability.end());
    while (input.choices.size() < 3) {
      // Squaring a uniform draw skews choices towards the first projects.
      const double draw = static_cast<double>(random.next() % 10000) / 10000.0;
      const auto pick =
          ids[static_cast<std::size_t>(draw * draw * static_cast<double>(ids.size()))];
      bool taken = false;
      for (const auto& choice : input.choices) taken = taken || choice.project_id == pick;
      if (!taken) input.choices.push_back({pick, {"배운 것을 정리해서 발표해보고 싶어요."}});
    }
    auto application =
        app.academy().apply(viewer, kDemoSlug, {std::string("7"), std::nullopt}, input);
    if (!application) return application.error();
    ++applied;
    // The first project's builders have started reviewing.
    if (application->choices.front().project_id == ids.front() && applied % 3 != 0) {
      academy::ReviewInput review;
      review.review = applied % 5 == 0 ? "declined" : "accepted";
      review.score = static_cast<int>(50 + random.next() % 50);
      if (auto reviewed = app.academy().review_applicant(builders.front(), kDemoSlug, ids.front(),
                                                         application->id, review);
          !reviewed)
        return reviewed.error();
    }
  }
  return applied;
}

}  // namespace moim
