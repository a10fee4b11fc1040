#include "app/demo_events.hpp"

#include "app/demo.hpp"
#include "app/demo_images.hpp"

namespace moim {

namespace {

constexpr const char* kFamily[] = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"};
constexpr const char* kGiven[] = {"민준", "서연", "도윤", "하은", "지호", "지우", "예준", "수아",
                                  "시우", "서윤", "주원", "지민", "하준", "채원", "유준", "다은"};

std::string guest_name(int index) {
  return std::string(kFamily[index % 10]) + kGiven[(index / 10) % 16];
}

// PseudoCon's programme: two tracks, eight talks, booths, two breaks, the
// hackathon's demo hour and sponsors in tiers; a few members star sessions
// and two talks wait in the review list.
Status seed_programme(App& app, const accounts::Viewer& organizer,
                      const std::vector<accounts::Viewer>& members, std::int64_t event_id,
                      std::int64_t starts_at) {
  events::ProgrammeService& programme = app.programme();
  struct Talk {
    const char* title;
    const char* speaker;
    const char* bio;
    const char* track;
    int slot;  // 0..3: 11:30, 12:10, 14:20, 15:00
  };
  const Talk talks[] = {
      {"한국어 LLM, 작은 GPU로 미세조정하기", "김서연", "LoRA와 QLoRA로 논문을 재현하는 러너",
       "Track A", 0},
      {"한국어 임베딩 모델 비교: 검색 품질을 재는 법", "이도윤", "검색 스터디 빌더", "Track B", 0},
      {"RAG 실전: 사내 문서 검색에서 배운 것", "박하은", "NLP 엔지니어", "Track A", 1},
      {"음성 인식 Whisper를 한국어 사투리에 맞추기", "최지호", "음성 AI 연구자", "Track B", 1},
      {"Vision Transformer 경량화와 모바일 배포", "정수아", "온디바이스 AI 빌더", "Track A", 2},
      {"강화학습으로 추천 시스템 다시 보기", "강시우", "추천 시스템 러너", "Track B", 2},
      {"LLM 평가: 한국어 벤치마크를 직접 만들기", "조주원", "평가 스터디 빌더", "Track A", 3},
      {"가짜연구소에서 논문 재현 프로젝트를 끝까지 하는 법", "윤채원", "7기 빌더", "Track B", 3},
  };
  const std::int64_t slots[] = {5400, 7800, 15600, 18000};  // after the 10:00 opening
  for (const auto& talk : talks) {
    auto speaker = programme.add_speaker(
        organizer, kDemoSlug, event_id,
        {.name = talk.speaker, .bio = talk.bio, .link = "https://pseudo-lab.com"});
    if (!speaker) return speaker.error();
    const std::int64_t at = starts_at + slots[talk.slot];
    auto session =
        programme.create_session(organizer, kDemoSlug, event_id,
                                 {.title = talk.title,
                                  .description = std::string(talk.title) + " — " + talk.bio,
                                  .kind = events::SessionKind::talk,
                                  .track = talk.track,
                                  .starts_at = at,
                                  .ends_at = at + 2100,
                                  .speaker_ids = {speaker->id}});
    if (!session) return session.error();
  }
  const struct {
    const char* title;
    events::SessionKind kind;
    const char* track;
    std::int64_t from, to;
  } others[] = {
      {"등록과 네트워킹 빙고", events::SessionKind::other, "", 0, 5400},
      {"커피 브레이크", events::SessionKind::break_, "", 10200, 11400},
      {"점심", events::SessionKind::break_, "", 11400, 15600},
      {"스폰서 부스: 채용 상담", events::SessionKind::booth, "로비", 10200, 21600},
      {"프로젝트 부스: 8기 스터디 소개", events::SessionKind::booth, "로비", 10200, 21600},
      {"해커톤 데모 아워", events::SessionKind::hackathon, "Track A", 21600, 25200},
      {"데모: 한국어 음성 비서 만들기", events::SessionKind::demo, "Track B", 21600, 25200},
  };
  for (const auto& other : others) {
    auto session = programme.create_session(organizer, kDemoSlug, event_id,
                                            {.title = other.title,
                                             .kind = other.kind,
                                             .track = other.track,
                                             .starts_at = starts_at + other.from,
                                             .ends_at = starts_at + other.to});
    if (!session) return session.error();
  }
  const struct {
    const char* name;
    events::SponsorTier tier;
  } sponsors[] = {{"모두의연구소", events::SponsorTier::platinum},
                  {"가상 클라우드", events::SponsorTier::gold},
                  {"한글 데이터랩", events::SponsorTier::gold},
                  {"GPU 나눔터", events::SponsorTier::silver},
                  {"오픈소스 커뮤니티", events::SponsorTier::partner}};
  int logo = 0;
  for (const auto& sponsor : sponsors) {
    // The last one has no logo: the page shows its name instead.
    auto added = programme.add_sponsor(organizer, kDemoSlug, event_id,
                                       {.name = sponsor.name,
                                        .tier = sponsor.tier,
                                        .link = "https://pseudo-lab.com",
                                        .logo_image = logo < 4 ? demo_logo_png(logo) : ""});
    if (!added) return added.error();
    ++logo;
  }
  auto shown = programme.programme(organizer, kDemoSlug, event_id);
  if (!shown) return shown.error();
  for (std::size_t index = 0; index < members.size() && index < 12; ++index) {
    const auto& session = shown->sessions[index % shown->sessions.size()];
    if (session.kind == events::SessionKind::break_) continue;
    auto starred = programme.star(members[index], kDemoSlug, event_id, session.id, true);
    if (!starred) return starred.error();
  }
  return ok_status();
}

}  // namespace

Status seed_demo_events(App& app, const accounts::Viewer& organizer,
                        const std::vector<accounts::Viewer>& members) {
  events::EventsService& service = app.events();
  const std::int64_t now = Clock().now_seconds();
  const std::int64_t day = 86400;
  // Registration happens while the event is ahead; then it is moved to
  // where it belongs, in the past, with its figures.
  auto conference = service.create(
      organizer, kDemoSlug,
      {.title = std::string("PseudoCon demo"),
       .description = std::string(
           "가짜연구소의 반기 컨퍼런스 데모예요. 두 개의 트랙, 부스, 스폰서, 그리고 네트워킹 "
           "빙고가 있었어요.\n\n(The community's twice-yearly conference: two tracks, booths, "
           "sponsors and the networking bingo.)"),
       .kind = events::Kind::conference,
       .venue = std::string("코엑스 컨퍼런스룸 (Coex)"),
       .address = std::string("서울 강남구 영동대로 513"),
       .map_url = std::string("https://map.naver.com/p/search/%EC%BD%94%EC%97%91%EC%8A%A4"),
       .starts_at = now + 2 * day,
       .ends_at = now + 2 * day + 8 * 3600,
       .capacity = 255});
  if (!conference) return conference.error();
  const std::int64_t event_id = conference->id;
  if (auto cover = service.set_cover(organizer, kDemoSlug, event_id, demo_cover_png()); !cover)
    return cover.error();
  // Registration questions, optional so members still register in one click.
  auto affiliation = service.add_question(organizer, kDemoSlug, event_id,
                                          {.kind = events::AskKind::text,
                                           .label = std::string("소속 (Affiliation)"),
                                           .max_length = 60});
  if (!affiliation) return affiliation.error();
  auto shirt = service.add_question(organizer, kDemoSlug, event_id,
                                    {.kind = events::AskKind::choice,
                                     .label = std::string("티셔츠 사이즈 (T-shirt size)"),
                                     .options = std::vector<std::string>{"S", "M", "L", "XL"}});
  if (!shirt) return shirt.error();
  auto photo = service.add_question(
      organizer, kDemoSlug, event_id,
      {.kind = events::AskKind::consent,
       .label = std::string("행사 사진에 제가 나올 수 있음에 동의합니다. (I agree to appear in "
                            "the event's photos.)")});
  if (!photo) return photo.error();
  const accounts::Viewer nobody;
  std::vector<std::string> codes;
  int registered = 0;
  for (const auto& member : members) {
    if (registered >= 40) break;
    auto mine = service.register_for(events::Caller{member, std::nullopt}, kDemoSlug, event_id, {});
    if (!mine) return mine.error();
    codes.push_back(mine->registration.ticket_code);
    ++registered;
  }
  for (int index = 0; registered < 300; ++index, ++registered) {
    // Two guests in three answer the questions.
    std::vector<events::AnswerInput> answers;
    if (index % 3 != 0) {
      static const char* const kPlaces[] = {"가짜연구소", "모두의연구소", "KAIST", "Naver"};
      static const char* const kSizes[] = {"M", "L", "S", "XL", "M"};
      answers = {{.question_id = affiliation->id, .value = std::string(kPlaces[index % 4])},
                 {.question_id = shirt->id, .value = std::string(kSizes[index % 5])},
                 {.question_id = photo->id, .value = std::string(index % 4 ? "yes" : "no")}};
    }
    auto guest = service.register_for(events::Caller{nobody, std::nullopt}, kDemoSlug, event_id,
                                      {.name = guest_name(index),
                                       .email = "guest" + std::to_string(index) + "@pseudocon.demo",
                                       .answers = std::move(answers)});
    if (!guest) return guest.error();
    codes.push_back(guest->registration.ticket_code);
  }
  // 167 of the 255 confirmed came (the seeds' 7th PseudoCon).
  int checked_in = 0;
  for (const auto& code : codes) {
    if (checked_in >= 167) break;
    auto result = service.check_in(organizer, kDemoSlug, event_id, code);
    if (!result) return result.error();
    if (result->verdict == events::CheckInVerdict::checked_in) ++checked_in;
  }
  // 10:00 to 18:00 in Seoul (01:00 UTC) a month ago, so the timetable reads
  // like a conference day whatever time the demo is seeded.
  const std::int64_t held_at = (now - 30 * day) / day * day + 3600;
  auto moved = service.update(organizer, kDemoSlug, event_id,
                              {.starts_at = held_at,
                               .ends_at = held_at + 8 * 3600,
                               .registration_opens_at = now - 60 * day,
                               .registration_closes_at = held_at});
  if (!moved) return moved.error();
  if (auto seeded = seed_programme(app, organizer, members, event_id, held_at); !seeded)
    return seeded;

  // An upcoming meetup anyone may register for, a few seats already taken.
  auto meetup = service.create(
      organizer, kDemoSlug,
      {.title = std::string("8기 킥오프 밋업"),
       .description = std::string("새 기수의 빌더와 러너가 처음 만나는 자리예요. 누구나 "
                                  "신청할 수 있어요.\n\n(The new cohort's kick-off: anyone may "
                                  "come.)"),
       .kind = events::Kind::meetup,
       .venue = std::string("모두의연구소 강남캠퍼스"),
       .address = std::string("서울 강남구 강남대로 324"),
       .starts_at = now + 14 * day,
       .ends_at = now + 14 * day + 3 * 3600,
       .capacity = 40});
  if (!meetup) return meetup.error();
  for (std::size_t index = 40; index < members.size() && index < 52; ++index) {
    auto mine = service.register_for(events::Caller{members[index], std::nullopt}, kDemoSlug,
                                     meetup->id, {});
    if (!mine) return mine.error();
  }
  // The meetup's call for talks is open: two talks wait for review.
  for (std::size_t index = 0; index < members.size() && index < 2; ++index) {
    auto sent = app.programme().submit_talk(
        members[index], kDemoSlug, meetup->id,
        {.title = index == 0 ? "한국어 sLLM 파인튜닝 회고" : "Diffusion 모델로 한글 폰트 만들기",
         .abstract = "스터디에서 8주 동안 해 본 것과 실패한 것, 다음 기수에 권하는 방법을 나눠요.",
         .bio = "가짜연구소 러너",
         .level = events::TalkLevel::beginner,
         .minutes = 20});
    if (!sent) return sent.error();
  }
  return ok_status();
}

}  // namespace moim
