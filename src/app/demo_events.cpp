#include "app/demo_events.hpp"

#include "app/demo.hpp"

namespace moim {

namespace {

constexpr const char* kFamily[] = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"};
constexpr const char* kGiven[] = {"민준", "서연", "도윤", "하은", "지호", "지우", "예준", "수아",
                                  "시우", "서윤", "주원", "지민", "하준", "채원", "유준", "다은"};

std::string guest_name(int index) {
  return std::string(kFamily[index % 10]) + kGiven[(index / 10) % 16];
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
    auto guest = service.register_for(
        events::Caller{nobody, std::nullopt}, kDemoSlug, event_id,
        {.name = guest_name(index),
         .email = "guest" + std::to_string(index) + "@pseudocon.demo"});
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
  auto moved = service.update(organizer, kDemoSlug, event_id,
                              {.starts_at = now - 30 * day,
                               .ends_at = now - 30 * day + 8 * 3600,
                               .registration_opens_at = now - 60 * day,
                               .registration_closes_at = now - 30 * day});
  if (!moved) return moved.error();

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
    auto mine =
        service.register_for(events::Caller{members[index], std::nullopt}, kDemoSlug, meetup->id, {});
    if (!mine) return mine.error();
  }
  return ok_status();
}

}  // namespace moim
