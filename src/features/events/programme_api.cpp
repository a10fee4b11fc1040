// /api/v1/communities/{slug}/events/{event}/{talks,sessions,speakers,sponsors,...}:
// the programme's typed routes (features/accounts/api_routes.hpp).
#include "features/events/images.hpp"
#include "features/events/programme_routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events {

namespace {

using accounts::Access;
using http::Method;
using web::Instant;
using web::Int;
using web::Nothing;
using web::Text;

struct EventPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))
struct TalkPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t talk = 0;
};
BOOST_DESCRIBE_STRUCT(TalkPath, (), (slug, event, talk))
struct SessionPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t session = 0;
};
BOOST_DESCRIBE_STRUCT(SessionPath, (), (slug, event, session))
struct SpeakerPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t speaker = 0;
};
BOOST_DESCRIBE_STRUCT(SpeakerPath, (), (slug, event, speaker))
struct SponsorPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t sponsor = 0;
};
BOOST_DESCRIBE_STRUCT(SponsorPath, (), (slug, event, sponsor))

struct TalkBody {
  Text<1, kMaxTitleChars> title;
  Text<20, kMaxAbstractChars> abstract;
  TalkLevel level = TalkLevel::beginner;
  Int<5, 240> minutes;
  Text<1, kMaxBioChars> bio;
};
BOOST_DESCRIBE_STRUCT(TalkBody, (), (title, abstract, level, minutes, bio))
struct TalkOut {
  std::int64_t id = 0;
  std::string title, abstract, bio;
  TalkLevel level = TalkLevel::beginner;
  std::int64_t minutes = 0;
  TalkStatus status = TalkStatus::submitted;
  std::string speaker;
  std::string review_note;
  std::optional<std::int64_t> session_id;
  Instant created_at;
};
BOOST_DESCRIBE_STRUCT(TalkOut, (),
                      (id, title, abstract, bio, level, minutes, status, speaker, review_note,
                       session_id, created_at))
struct TalkReply {
  TalkOut talk;
};
BOOST_DESCRIBE_STRUCT(TalkReply, (), (talk))
struct TalksReply {
  std::vector<TalkOut> talks;
};
BOOST_DESCRIBE_STRUCT(TalksReply, (), (talks))
struct TalksQuery {
  std::optional<bool> all;  // organizers: every talk, not only mine
};
BOOST_DESCRIBE_STRUCT(TalksQuery, (), (all))
struct ReviewBody {
  Decision decision = Decision::accept;
  std::optional<Text<0, kMaxNoteChars>> note;
};
BOOST_DESCRIBE_STRUCT(ReviewBody, (), (decision, note))

struct SpeakerBody {
  Text<1, kMaxNameChars> name;
  std::optional<Text<0, kMaxBioChars>> bio;
  std::optional<Text<0, kMaxLinkChars>> link;
};
BOOST_DESCRIBE_STRUCT(SpeakerBody, (), (name, bio, link))
struct SpeakerOut {
  std::int64_t id = 0;
  std::string name, bio, link;
};
BOOST_DESCRIBE_STRUCT(SpeakerOut, (), (id, name, bio, link))
struct SpeakerReply {
  SpeakerOut speaker;
};
BOOST_DESCRIBE_STRUCT(SpeakerReply, (), (speaker))
struct SpeakersReply {
  std::vector<SpeakerOut> speakers;
};
BOOST_DESCRIBE_STRUCT(SpeakersReply, (), (speakers))

struct SessionBody {
  Text<1, kMaxTitleChars> title;
  std::optional<Text<0, kMaxAbstractChars>> description;
  Text<1, 12> kind;  // talk, booth, demo, hackathon, break, other
  std::optional<Text<0, kMaxTrackChars>> track;
  std::optional<Instant> starts_at;  // both or neither: no slot yet
  std::optional<Instant> ends_at;
  std::optional<std::vector<std::int64_t>> speaker_ids;
};
BOOST_DESCRIBE_STRUCT(SessionBody, (),
                      (title, description, kind, track, starts_at, ends_at, speaker_ids))
struct SessionOut {
  std::int64_t id = 0;
  std::string title, description, kind, track;
  std::optional<Instant> starts_at, ends_at;
  std::optional<std::int64_t> talk_id;
  std::vector<SpeakerOut> speakers;
  std::int64_t stars = 0;
  bool starred = false;
};
BOOST_DESCRIBE_STRUCT(SessionOut, (),
                      (id, title, description, kind, track, starts_at, ends_at, talk_id, speakers,
                       stars, starred))
struct SessionReply {
  SessionOut session;
};
BOOST_DESCRIBE_STRUCT(SessionReply, (), (session))
struct SponsorOut {
  std::int64_t id = 0;
  std::string name;
  SponsorTier tier = SponsorTier::gold;
  std::string logo_url, link;
  std::optional<std::string> logo_image_url;  // the uploaded logo; pages prefer it
};
BOOST_DESCRIBE_STRUCT(SponsorOut, (), (id, name, tier, logo_url, link, logo_image_url))
struct SessionsReply {
  std::vector<SessionOut> sessions;
  std::vector<SponsorOut> sponsors;
};
BOOST_DESCRIBE_STRUCT(SessionsReply, (), (sessions, sponsors))
// Base64 of a PNG or JPEG logo of at most kMaxSponsorLogoBytes once decoded.
using LogoBase64 = Text<1, (kMaxSponsorLogoBytes + 2) / 3 * 4 + 64>;
struct SponsorBody {
  Text<1, kMaxNameChars> name;
  SponsorTier tier = SponsorTier::gold;
  std::optional<Text<0, kMaxLinkChars>> logo_url;
  std::optional<Text<0, kMaxLinkChars>> link;
  std::optional<LogoBase64> logo_image_base64;
};
BOOST_DESCRIBE_STRUCT(SponsorBody, (), (name, tier, logo_url, link, logo_image_base64))
struct SponsorLogoBody {
  LogoBase64 logo_image_base64;
};
BOOST_DESCRIBE_STRUCT(SponsorLogoBody, (), (logo_image_base64))
struct SponsorReply {
  SponsorOut sponsor;
};
BOOST_DESCRIBE_STRUCT(SponsorReply, (), (sponsor))
struct SponsorsReply {
  std::vector<SponsorOut> sponsors;
};
BOOST_DESCRIBE_STRUCT(SponsorsReply, (), (sponsors))
struct FeedReply {
  std::string url;  // secret: whoever has it reads the starred sessions
};
BOOST_DESCRIBE_STRUCT(FeedReply, (), (url))

template <class T>
std::string text_or_empty(const std::optional<T>& value) {
  return value ? value->value : std::string();
}

TalkOut talk_out(const Talk& talk) {
  return {.id = talk.id,
          .title = talk.title,
          .abstract = talk.abstract,
          .bio = talk.bio,
          .level = talk.level,
          .minutes = talk.minutes,
          .status = talk.status,
          .speaker = talk.speaker_name,
          .review_note = talk.review_note,
          .session_id = talk.session_id,
          .created_at = {talk.created_at}};
}
SpeakerOut speaker_out(const Speaker& speaker) {
  return {speaker.id, speaker.name, speaker.bio, speaker.link};
}
SponsorOut sponsor_out(const Sponsor& sponsor, const std::string& slug, std::int64_t event_id) {
  SponsorOut out{sponsor.id, sponsor.name, sponsor.tier, sponsor.logo_url, sponsor.link, {}};
  if (sponsor.logo) out.logo_image_url = event_image_path(slug, event_id, *sponsor.logo);
  return out;
}
Result<std::string> logo_bytes(const std::optional<LogoBase64>& text) {
  if (!text) return std::string();
  return images::decode_base64(text->value, "logo_image_base64", kMaxSponsorLogoBytes);
}
SessionOut session_out(const Session& session) {
  auto instant = [](const std::optional<std::int64_t>& at) -> std::optional<Instant> {
    if (!at) return std::nullopt;
    return Instant{*at};
  };
  SessionOut out{.id = session.id,
                 .title = session.title,
                 .description = session.description,
                 .kind = std::string(session_kind_name(session.kind)),
                 .track = session.track,
                 .starts_at = instant(session.starts_at),
                 .ends_at = instant(session.ends_at),
                 .talk_id = session.talk_id,
                 .stars = session.stars,
                 .starred = session.starred};
  for (const auto& speaker : session.speakers) out.speakers.push_back(speaker_out(speaker));
  return out;
}

Result<SessionInput> session_input(const SessionBody& body) {
  auto kind = parse_session_kind(body.kind.value);
  if (!kind)
    return Error::invalid("kind", "kind must be talk, booth, demo, hackathon, break or other");
  SessionInput input{.title = body.title.value,
                     .description = text_or_empty(body.description),
                     .kind = *kind,
                     .track = text_or_empty(body.track),
                     .speaker_ids = body.speaker_ids.value_or(std::vector<std::int64_t>{})};
  if (body.starts_at) input.starts_at = body.starts_at->seconds;
  if (body.ends_at) input.ends_at = body.ends_at->seconds;
  return input;
}

TalkInput talk_input(const TalkBody& body) {
  return {.title = body.title.value,
          .abstract = body.abstract.value,
          .bio = body.bio.value,
          .level = body.level,
          .minutes = static_cast<int>(body.minutes.value)};
}

}  // namespace

void add_programme_api(accounts::ApiRoutes& routes, ProgrammeService& programme) {
  const std::string base = "/api/v1/communities/{slug}/events/{event}";

  routes.add<EventPath, Nothing, TalkBody, TalkReply>(
      {.method = Method::kPost,
       .path = base + "/talks",
       .operation_id = "submitTalk",
       .summary = "Submit a talk to the call for talks (members of the community)",
       .description = "The organizer who made the event is mailed; the talk waits for review.",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&programme](auto& call) -> Result<TalkReply> {
        auto talk = programme.submit_talk(call.viewer(), call.path.slug, call.path.event,
                                          talk_input(call.body));
        if (!talk) return talk.error();
        return TalkReply{talk_out(talk.value())};
      });

  routes.add<EventPath, TalksQuery, Nothing, TalksReply>(
      {.method = Method::kGet,
       .path = base + "/talks",
       .operation_id = "listTalks",
       .summary = "My talks, or with all=true every talk (organizers)",
       .tag = "events",
       .errors = {403}},
      [&programme](auto& call) -> Result<TalksReply> {
        auto talks = programme.talks(call.viewer(), call.path.slug, call.path.event,
                                     call.query.all.value_or(false));
        if (!talks) return talks.error();
        TalksReply reply;
        for (const auto& talk : talks.value()) reply.talks.push_back(talk_out(talk));
        return reply;
      });

  routes.add<TalkPath, Nothing, TalkBody, TalkReply>(
      {.method = Method::kPut,
       .path = base + "/talks/{talk}",
       .operation_id = "reviseTalk",
       .summary = "Change my talk while it waits for review or changes were asked for",
       .tag = "events",
       .errors = {409}},
      [&programme](auto& call) -> Result<TalkReply> {
        auto talk = programme.revise_talk(call.viewer(), call.path.slug, call.path.event,
                                          call.path.talk, talk_input(call.body));
        if (!talk) return talk.error();
        return TalkReply{talk_out(talk.value())};
      });

  routes.add<TalkPath, Nothing, ReviewBody, TalkReply>(
      {.method = Method::kPost,
       .path = base + "/talks/{talk}/review",
       .operation_id = "reviewTalk",
       .summary = "Accept, decline or ask for changes (organizers); the speaker is mailed",
       .description = "Accepting makes the submitter a speaker and the talk a session without a "
                      "slot; request_changes needs a note.",
       .tag = "events",
       .errors = {403, 409}},
      [&programme](auto& call) -> Result<TalkReply> {
        auto talk = programme.review(call.viewer(), call.path.slug, call.path.event, call.path.talk,
                                     call.body.decision, text_or_empty(call.body.note));
        if (!talk) return talk.error();
        return TalkReply{talk_out(talk.value())};
      });

  routes.add<EventPath, Nothing, Nothing, SessionsReply>(
      {.method = Method::kGet,
       .path = base + "/sessions",
       .operation_id = "listSessions",
       .summary = "The timetable and the sponsors (whoever may see the event)",
       .description = "Placed sessions by start and track; organizers also get those without "
                      "a slot (no starts_at). `starred` is the caller's own star.",
       .tag = "events",
       .access = Access::kAnyone},
      [&programme](auto& call) -> Result<SessionsReply> {
        auto shown = programme.programme(call.viewer(), call.path.slug, call.path.event);
        if (!shown) return shown.error();
        SessionsReply reply;
        for (const auto& session : shown->sessions) reply.sessions.push_back(session_out(session));
        for (const auto& sponsor : shown->sponsors)
          reply.sponsors.push_back(sponsor_out(sponsor, call.path.slug, call.path.event));
        return reply;
      });

  routes.add<EventPath, Nothing, SessionBody, SessionReply>(
      {.method = Method::kPost,
       .path = base + "/sessions",
       .operation_id = "createSession",
       .summary = "Place a session: a talk, booth, demo, the hackathon or a break (organizers)",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&programme](auto& call) -> Result<SessionReply> {
        auto input = session_input(call.body);
        if (!input) return input.error();
        auto session =
            programme.create_session(call.viewer(), call.path.slug, call.path.event, input.value());
        if (!session) return session.error();
        return SessionReply{session_out(session.value())};
      });

  routes.add<SessionPath, Nothing, SessionBody, SessionReply>(
      {.method = Method::kPut,
       .path = base + "/sessions/{session}",
       .operation_id = "updateSession",
       .summary = "Change a session as a whole: title, kind, track, slot, speakers (organizers)",
       .tag = "events",
       .errors = {403}},
      [&programme](auto& call) -> Result<SessionReply> {
        auto input = session_input(call.body);
        if (!input) return input.error();
        auto session = programme.update_session(call.viewer(), call.path.slug, call.path.event,
                                                call.path.session, input.value());
        if (!session) return session.error();
        return SessionReply{session_out(session.value())};
      });

  routes.add<SessionPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/sessions/{session}",
       .operation_id = "deleteSession",
       .summary = "Remove a session (organizers)",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&programme](auto& call) -> Result<Nothing> {
        if (auto removed = programme.delete_session(call.viewer(), call.path.slug, call.path.event,
                                                    call.path.session);
            !removed)
          return removed.error();
        return Nothing{};
      });

  for (const bool starring : {true, false}) {
    routes.add<SessionPath, Nothing, Nothing, SessionReply>(
        {.method = starring ? Method::kPut : Method::kDelete,
         .path = base + "/sessions/{session}/star",
         .operation_id = starring ? "starSession" : "unstarSession",
         .summary =
             starring ? "Star a session (it joins my calendar feed)" : "Take my star off a session",
         .tag = "events"},
        [&programme, starring](auto& call) -> Result<SessionReply> {
          auto session = programme.star(call.viewer(), call.path.slug, call.path.event,
                                        call.path.session, starring);
          if (!session) return session.error();
          return SessionReply{session_out(session.value())};
        });
  }

  routes.add<EventPath, Nothing, Nothing, FeedReply>(
      {.method = Method::kPost,
       .path = base + "/starred-feed",
       .operation_id = "createStarredFeed",
       .summary = "A new secret iCalendar address of my starred sessions (the old one stops)",
       .tag = "events",
       .status = 201},
      [&programme](auto& call) -> Result<FeedReply> {
        auto url = programme.star_feed_url(call.viewer(), call.path.slug, call.path.event);
        if (!url) return url.error();
        return FeedReply{url.value()};
      });

  routes.add<EventPath, Nothing, Nothing, SpeakersReply>(
      {.method = Method::kGet,
       .path = base + "/speakers",
       .operation_id = "listSpeakers",
       .summary = "The event's speakers",
       .tag = "events",
       .access = Access::kAnyone},
      [&programme](auto& call) -> Result<SpeakersReply> {
        auto speakers = programme.speakers(call.viewer(), call.path.slug, call.path.event);
        if (!speakers) return speakers.error();
        SpeakersReply reply;
        for (const auto& speaker : speakers.value()) reply.speakers.push_back(speaker_out(speaker));
        return reply;
      });

  routes.add<EventPath, Nothing, SpeakerBody, SpeakerReply>(
      {.method = Method::kPost,
       .path = base + "/speakers",
       .operation_id = "addSpeaker",
       .summary = "Add a speaker's profile (organizers)",
       .tag = "events",
       .status = 201,
       .errors = {403}},
      [&programme](auto& call) -> Result<SpeakerReply> {
        auto speaker = programme.add_speaker(call.viewer(), call.path.slug, call.path.event,
                                             {.name = call.body.name.value,
                                              .bio = text_or_empty(call.body.bio),
                                              .link = text_or_empty(call.body.link)});
        if (!speaker) return speaker.error();
        return SpeakerReply{speaker_out(speaker.value())};
      });

  routes.add<SpeakerPath, Nothing, SpeakerBody, SpeakerReply>(
      {.method = Method::kPut,
       .path = base + "/speakers/{speaker}",
       .operation_id = "updateSpeaker",
       .summary = "Change a speaker's profile (organizers)",
       .tag = "events",
       .errors = {403}},
      [&programme](auto& call) -> Result<SpeakerReply> {
        auto speaker = programme.update_speaker(call.viewer(), call.path.slug, call.path.event,
                                                call.path.speaker,
                                                {.name = call.body.name.value,
                                                 .bio = text_or_empty(call.body.bio),
                                                 .link = text_or_empty(call.body.link)});
        if (!speaker) return speaker.error();
        return SpeakerReply{speaker_out(speaker.value())};
      });

  routes.add<EventPath, Nothing, Nothing, SponsorsReply>(
      {.method = Method::kGet,
       .path = base + "/sponsors",
       .operation_id = "listSponsors",
       .summary = "The event's sponsors by tier",
       .tag = "events",
       .access = Access::kAnyone},
      [&programme](auto& call) -> Result<SponsorsReply> {
        auto shown = programme.programme(call.viewer(), call.path.slug, call.path.event);
        if (!shown) return shown.error();
        SponsorsReply reply;
        for (const auto& sponsor : shown->sponsors)
          reply.sponsors.push_back(sponsor_out(sponsor, call.path.slug, call.path.event));
        return reply;
      });

  routes.add<EventPath, Nothing, SponsorBody, SponsorReply>(
      {.method = Method::kPost,
       .path = base + "/sponsors",
       .operation_id = "addSponsor",
       .summary = "Add a sponsor with its tier and logo (organizers)",
       .description = "`logo_image_base64`: a PNG or JPEG file in base64, at most 256 KB and "
                      "2000 pixels on each side (SVG is never accepted); `logo_url` is the older "
                      "way, an address shown only when no logo was uploaded.",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&programme](auto& call) -> Result<SponsorReply> {
        auto logo = logo_bytes(call.body.logo_image_base64);
        if (!logo) return logo.error();
        auto sponsor = programme.add_sponsor(call.viewer(), call.path.slug, call.path.event,
                                             {.name = call.body.name.value,
                                              .tier = call.body.tier,
                                              .logo_url = text_or_empty(call.body.logo_url),
                                              .link = text_or_empty(call.body.link),
                                              .logo_image = std::move(logo.value())});
        if (!sponsor) return sponsor.error();
        return SponsorReply{sponsor_out(sponsor.value(), call.path.slug, call.path.event)};
      });

  routes.add<SponsorPath, Nothing, SponsorLogoBody, SponsorReply>(
      {.method = Method::kPut,
       .path = base + "/sponsors/{sponsor}/logo",
       .operation_id = "setSponsorLogo",
       .summary = "Upload a sponsor's logo, PNG or JPEG in base64 (organizers)",
       .tag = "events",
       .errors = {403}},
      [&programme](auto& call) -> Result<SponsorReply> {
        auto logo = logo_bytes(call.body.logo_image_base64);
        if (!logo) return logo.error();
        auto sponsor = programme.set_sponsor_logo(call.viewer(), call.path.slug, call.path.event,
                                                  call.path.sponsor, logo.value());
        if (!sponsor) return sponsor.error();
        return SponsorReply{sponsor_out(sponsor.value(), call.path.slug, call.path.event)};
      });

  routes.add<SponsorPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/sponsors/{sponsor}/logo",
       .operation_id = "removeSponsorLogo",
       .summary = "Remove a sponsor's uploaded logo (organizers)",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&programme](auto& call) -> Result<Nothing> {
        auto sponsor = programme.remove_sponsor_logo(call.viewer(), call.path.slug, call.path.event,
                                                     call.path.sponsor);
        if (!sponsor) return sponsor.error();
        return Nothing{};
      });

  routes.add<SponsorPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/sponsors/{sponsor}",
       .operation_id = "removeSponsor",
       .summary = "Remove a sponsor (organizers)",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&programme](auto& call) -> Result<Nothing> {
        if (auto removed = programme.remove_sponsor(call.viewer(), call.path.slug, call.path.event,
                                                    call.path.sponsor);
            !removed)
          return removed.error();
        return Nothing{};
      });
}

}  // namespace moim::events
