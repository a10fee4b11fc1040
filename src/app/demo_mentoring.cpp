#include "app/demo_mentoring.hpp"

#include "app/demo.hpp"
#include "platform/base/time_zone.hpp"

namespace moim {

namespace {

namespace engine = allocation::mentoring;

struct DemoSide {
  const char* zone;
  const char* hours;  // in the zone, one stretch a line
  std::vector<std::string> languages;
  std::vector<std::string> topics;
  const char* words;  // a mentor's bio, or a mentee's goal
};

// Mentors: evenings and weekends where they live.
const DemoSide kMentors[] = {
    {"Asia/Seoul",
     "mon 20:00-23:00\nwed 20:00-23:00\nsat 09:00-12:00",
     {"ko", "en"},
     {"LLM", "NLP"},
     "LLM 파인튜닝을 업으로 하는 ML 엔지니어"},
    {"America/Los_Angeles",
     "sun 16:00-20:00\ntue 17:00-21:00",
     {"en", "ko"},
     {"CV", "MLOps"},
     "Computer vision lead in the Bay Area; 재미교포"},
    {"Europe/Berlin",
     "mon 09:00-12:00\nthu 09:00-12:00",
     {"en"},
     {"MLOps", "추천"},
     "MLOps engineer; runs a reading group on systems papers"},
    {"Asia/Kolkata",
     "tue 15:30-18:30\nsat 14:30-18:30",
     {"en"},
     {"NLP", "LLM"},
     "Researcher in multilingual NLP"},
    {"Asia/Seoul",
     "tue 21:00-23:00\nsun 10:00-13:00",
     {"ko"},
     {"추천", "CV"},
     "추천 시스템 실무 8년차"},
};

// Mentees: some near a mentor's hours, a few far from all of them.
const DemoSide kMentees[] = {
    {"Asia/Seoul",
     "mon 20:00-22:00\nsat 10:00-12:00",
     {"ko"},
     {"LLM"},
     "한국어 LLM을 작은 GPU로 파인튜닝해 보기"},
    {"Africa/Lagos",
     "mon 08:00-11:00\nthu 08:00-11:00",
     {"en"},
     {"MLOps"},
     "Deploy my first model to production"},
    {"Asia/Kolkata", "tue 16:00-18:00", {"en"}, {"NLP"}, "Publish a paper on Hindi NER"},
    {"America/New_York",
     "sun 20:00-23:00\ntue 20:00-23:00",
     {"en"},
     {"CV"},
     "Move from web development into computer vision"},
    {"Asia/Seoul", "tue 21:00-23:00", {"ko"}, {"추천"}, "추천 모델을 포트폴리오로 만들기"},
    {"Asia/Seoul",
     "wed 20:00-22:00",
     {"ko", "en"},
     {"NLP", "LLM"},
     "RAG 서비스를 혼자 만들어 보기"},
    {"Europe/London",
     "thu 08:00-10:00",
     {"en"},
     {"MLOps", "추천"},
     "Learn how recommendation systems are run"},
    {"Asia/Seoul", "fri 03:00-05:00", {"ko"}, {"CV"}, "새벽에만 시간이 나는 대학원생"},
};

std::string day(std::int64_t at) { return format_local(at, "Asia/Seoul", "%Y-%m-%d"); }

}  // namespace

Status seed_demo_mentoring(App& app, const accounts::Viewer& organizer,
                           const std::vector<accounts::Viewer>& members) {
  constexpr std::size_t kPeople = std::size(kMentors) + std::size(kMentees);
  if (members.size() < kPeople + 4) return ok_status();  // a small demo: no mentoring
  mentoring::MentoringService& service = app.mentoring();
  const std::int64_t now = Clock().now_seconds();
  const std::vector<std::string> topics{"LLM", "NLP", "CV", "MLOps", "추천"};
  auto running = service.create(
      organizer, kDemoSlug,
      {.name = "글로벌 멘토링 1기",
       .description = "아프리카, 인도, 미국, 유럽의 멤버와 한국의 멤버가 1:1로 만나요. 2주에 "
                      "한 번, 여섯 번의 세션, 한국어 또는 영어로.",
       .starts_on = day(now - 30 * 86400),
       .ends_on = day(now + 60 * 86400),
       .format = "one_to_one",
       .cadence_days = 14,
       .sessions = 6,
       .session_minutes = 60,
       .languages = std::vector<std::string>{"ko", "en"},
       .topics = topics,
       .audience = "anyone"});
  if (!running) return running.error();
  std::size_t next = 0;
  for (const DemoSide& side : kMentors) {
    auto offered = service.offer(members[next++], kDemoSlug, running->id,
                                 {.capacity = 2,
                                  .languages = side.languages,
                                  .topics = side.topics,
                                  .time_zone = side.zone,
                                  .availability = side.hours,
                                  .bio = side.words,
                                  .help_with = "커리어, 논문 읽기, 코드 리뷰"});
    if (!offered) return offered.error();
  }
  for (const DemoSide& side : kMentees) {
    auto applied = service.apply(members[next++], kDemoSlug, running->id,
                                 {.goals = std::vector<std::string>{side.words},
                                  .languages = side.languages,
                                  .topics = side.topics,
                                  .time_zone = side.zone,
                                  .availability = side.hours});
    if (!applied) return applied.error();
  }
  auto offers = service.offers(organizer, kDemoSlug, running->id);
  if (!offers) return offers.error();
  for (const auto& offer : *offers)
    if (auto reviewed = service.review_offer(organizer, kDemoSlug, running->id, offer.id, true, "");
        !reviewed)
      return reviewed.error();
  auto applications = service.applications(organizer, kDemoSlug, running->id);
  if (!applications) return applications.error();
  for (const auto& one : *applications)
    if (auto reviewed =
            service.review_application(organizer, kDemoSlug, running->id, one.id, true, "");
        !reviewed)
      return reviewed.error();
  auto run = service.match(organizer, kDemoSlug, running->id, engine::Mode::fit, 2026);
  if (!run) return run.error();
  if (auto announced = service.announce(organizer, kDemoSlug, running->id, run->id); !announced)
    return announced.error();

  // The first pair plans its next sessions and keeps a note.
  auto pairs = service.pairs(organizer, kDemoSlug, running->id);
  if (!pairs) return pairs.error();
  if (!pairs->empty()) {
    const mentoring::Pair& pair = pairs->front();
    const accounts::Viewer* mentor = nullptr;
    const accounts::Viewer* mentee = nullptr;
    for (const auto& member : members) {
      if (member.user_id() == pair.mentor.user_id) mentor = &member;
      if (member.user_id() == pair.mentee.user_id) mentee = &member;
    }
    if (mentor != nullptr && mentee != nullptr) {
      mentoring::PairSpaceService& spaces = app.pair_spaces();
      const std::int64_t soon = (now / 3600 + 3 * 24) * 3600;  // on the hour, in three days
      auto proposed = spaces.propose(*mentee, kDemoSlug, running->id, pair.id, soon, std::nullopt);
      if (!proposed) return proposed.error();
      if (auto confirmed =
              spaces.answer(*mentor, kDemoSlug, running->id, pair.id, proposed->id, "confirm");
          !confirmed)
        return confirmed.error();
      auto later =
          spaces.propose(*mentor, kDemoSlug, running->id, pair.id, soon + 14 * 86400, std::nullopt);
      if (!later) return later.error();
      auto note = spaces.add_note(*mentee, kDemoSlug, running->id, pair.id, proposed->id,
                                  "첫 세션 전에 QLoRA 논문 3장까지 읽어 오기", false);
      if (!note) return note.error();
    }
  }

  // The next program, open for sign-ups: two offers wait for review.
  auto upcoming =
      service.create(organizer, kDemoSlug,
                     {.name = "멘토링 2기",
                      .description = "논문 읽기와 커리어를 함께 고민할 멘토와 멘티를 찾아요.",
                      .starts_on = day(now + 20 * 86400),
                      .ends_on = day(now + 110 * 86400),
                      .sessions = 6,
                      .languages = std::vector<std::string>{"ko", "en"},
                      .topics = topics,
                      .audience = "members"});
  if (!upcoming) return upcoming.error();
  for (std::size_t index = 0; index < 2; ++index) {
    const DemoSide& side = kMentors[index];
    auto offered = service.offer(members[kPeople + index], kDemoSlug, upcoming->id,
                                 {.capacity = 1,
                                  .languages = side.languages,
                                  .topics = side.topics,
                                  .time_zone = side.zone,
                                  .availability = side.hours,
                                  .bio = side.words});
    if (!offered) return offered.error();
  }
  return ok_status();
}

}  // namespace moim
