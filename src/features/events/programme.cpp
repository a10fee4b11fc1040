// The call for talks: members submit, organizers review (accept, decline,
// ask for changes) with a mail each way; an accepted talk becomes a speaker
// and a session waiting for its slot in the timetable.
#include <boost/json/object.hpp>

#include "features/events/internal.hpp"
#include "features/events/programme_internal.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::events {

using programme_internal::check_text;

namespace {

constexpr std::string_view kLevels[] = {"beginner", "intermediate", "advanced"};
constexpr std::string_view kTalkStatuses[] = {"submitted", "changes_requested", "accepted",
                                              "declined"};
constexpr std::string_view kSessionKinds[] = {"talk",      "booth", "demo",
                                              "hackathon", "break", "other"};
constexpr std::string_view kTiers[] = {"platinum", "gold", "silver", "bronze", "partner"};

constexpr const char* kTalkColumns =
    "k.id, k.event_id, k.user_id, COALESCE(u.display_name, ''), k.title, k.abstract, k.bio, "
    "k.level, k.minutes, k.status, k.review_note, k.session_id, k.created_at, k.updated_at";
constexpr const char* kTalkFrom = " FROM event_talks k LEFT JOIN users u ON u.id = k.user_id ";

Talk talk_from(const db::Row& row) {
  Talk talk{.id = row.int64(0),
            .event_id = row.int64(1),
            .user_id = row.opt_int64(2),
            .speaker_name = row.text(3),
            .title = row.text(4),
            .abstract = row.text(5),
            .bio = row.text(6)};
  for (int index = 0; index < 3; ++index) {
    if (kLevels[index] == row.text(7)) talk.level = static_cast<TalkLevel>(index);
  }
  talk.minutes = static_cast<int>(row.int64(8));
  for (int index = 0; index < 4; ++index) {
    if (kTalkStatuses[index] == row.text(9)) talk.status = static_cast<TalkStatus>(index);
  }
  talk.review_note = row.text(10);
  talk.session_id = row.opt_int64(11);
  talk.created_at = row.int64(12);
  talk.updated_at = row.int64(13);
  return talk;
}

Status check_talk(const TalkInput& input) {
  if (auto checked = check_text(input.title, "title", 1, kMaxTitleChars); !checked) return checked;
  if (auto checked = check_text(input.abstract, "abstract", 20, kMaxAbstractChars); !checked)
    return checked;
  if (!input.level)
    return Error::invalid("level", "level must be beginner, intermediate or advanced");
  if (input.minutes < 5 || input.minutes > 240)
    return Error::invalid("minutes", "minutes must be between 5 and 240");
  if (auto checked = check_text(input.bio, "bio", 1, kMaxBioChars); !checked) return checked;
  return ok_status();
}

Result<Talk> talk_in(db::Transaction& transaction, std::int64_t event_id, std::int64_t talk_id) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kTalkColumns + kTalkFrom + "WHERE k.id = ? AND k.event_id = ?",
      {talk_id, event_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such talk");
  return talk_from(**row);
}

// A mail about a talk to one member (the speaker, or the organizer who made
// the event), in their language or the community's.
Status mail_member(db::Transaction& transaction, const Event& event, std::int64_t user_id,
                   const std::string& template_name, const std::string& key,
                   boost::json::object extra, std::int64_t now) {
  auto person = transaction.query_one(
      "SELECT u.email, u.display_name, COALESCE(u.locale, ''), c.default_locale FROM users u, "
      "communities c WHERE u.id = ? AND c.id = ?",
      {user_id, event.community_id});
  if (!person) return person.error();
  if (!person->has_value()) return ok_status();  // the account is gone: nobody to tell
  const db::Row& row = **person;
  const std::string language = row.text(2).empty() ? row.text(3) : row.text(2);
  boost::json::object payload{{"template", template_name},
                              {"language", language},
                              {"to_name", row.text(1)},
                              {"community", event.community_name},
                              {"event_title", event.title}};
  for (auto& [name, value] : extra) payload[name] = value;
  outbox::OutboxMessage mail{.kind = "email",
                             .target = row.text(0),
                             .payload = payload,
                             .idempotency_key = "events.programme." + key,
                             .community_id = event.community_id,
                             .event_id = event.id};
  return outbox::enqueue(transaction, mail, now);
}

}  // namespace

std::string_view session_kind_name(SessionKind kind) {
  return kSessionKinds[static_cast<int>(kind)];
}
std::optional<SessionKind> parse_session_kind(std::string_view name) {
  for (int index = 0; index < 6; ++index) {
    if (kSessionKinds[index] == name) return static_cast<SessionKind>(index);
  }
  return std::nullopt;
}
std::string_view talk_level_name(TalkLevel level) { return kLevels[static_cast<int>(level)]; }
std::string_view talk_status_name(TalkStatus status) {
  return kTalkStatuses[static_cast<int>(status)];
}
std::string_view sponsor_tier_name(SponsorTier tier) { return kTiers[static_cast<int>(tier)]; }

ProgrammeService::ProgrammeService(db::Database& database, const Clock& clock,
                                   communities::CommunitiesService& communities,
                                   EventsService& events, std::string base_url)
    : database_(database),
      clock_(clock),
      communities_(communities),
      events_(events),
      base_url_(std::move(base_url)) {}

Result<ProgrammeService::Here> ProgrammeService::here(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t event_id) {
  auto shown = events_.event(Caller{viewer, std::nullopt}, slug, event_id);
  if (!shown) return shown.error();
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  return Here{std::move(shown.value()), standing->can_manage(), standing->is_member()};
}

Result<ProgrammeService::Here> ProgrammeService::managed(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  if (!found->manages) return Error::forbidden("only organizers change the programme");
  return found;
}

Result<Talk> ProgrammeService::submit_talk(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t event_id, const TalkInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  if (!found->member && !found->manages)
    return Error::forbidden("join the community to submit a talk");
  if (auto checked = check_talk(input); !checked) return checked.error();
  if (found->event.status == EventStatus::cancelled)
    return Error::conflict("event", "the event was cancelled");
  const std::int64_t now = clock_.now_seconds();
  if (found->event.ends_at <= now) return Error::conflict("event", "the event is over");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto mine =
      transaction->query_one("SELECT COUNT(*) FROM event_talks WHERE event_id = ? AND user_id = ?",
                             {event_id, viewer.user_id()});
  if (!mine) return mine.error();
  if ((*mine)->int64(0) >= kMaxTalksPerMember)
    return Error::conflict("title", "at most 10 talks a person for one event");
  auto row = transaction->query_one(
      "INSERT INTO event_talks (event_id, user_id, title, abstract, level, minutes, bio, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {event_id, viewer.user_id(), web::trim(input.title), input.abstract,
       std::string(talk_level_name(*input.level)), std::int64_t{input.minutes},
       web::trim(input.bio), now, now});
  if (!row) return row.error();
  const std::int64_t talk_id = (*row)->int64(0);
  // The organizer who made the event hears of it. Links are paths: the mail
  // connector makes them absolute.
  auto creator = transaction->query_one("SELECT created_by FROM events WHERE id = ?", {event_id});
  if (!creator) return creator.error();
  if (creator->has_value() && (*creator)->opt_int64(0)) {
    const std::string review =
        "/c/" + slug + "/events/" + std::to_string(event_id) + "/talks/review";
    if (auto mailed = mail_member(*transaction, found->event, *(*creator)->opt_int64(0),
                                  "events.talk_submitted",
                                  std::to_string(talk_id) + ".submitted." + std::to_string(now),
                                  {{"talk_title", web::trim(input.title)},
                                   {"speaker", viewer.user->display_name},
                                   {"link", review}},
                                  now);
        !mailed)
      return mailed.error();
  }
  if (auto logged = internal::write_audit(*transaction, found->event.community_id, viewer.user_id(),
                                          "event.talk_submitted", input.title,
                                          {{"event_id", event_id}, {"talk_id", talk_id}}, now);
      !logged)
    return logged.error();
  auto talk = talk_in(*transaction, event_id, talk_id);
  if (!talk) return talk.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return talk;
}

Result<Talk> ProgrammeService::revise_talk(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t event_id, std::int64_t talk_id,
                                           const TalkInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  if (auto checked = check_talk(input); !checked) return checked.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto talk = talk_in(*transaction, event_id, talk_id);
  if (!talk) return talk.error();
  if (talk->user_id != viewer.user_id()) return Error::not_found("no such talk");
  if (talk->status != TalkStatus::submitted && talk->status != TalkStatus::changes_requested)
    return Error::conflict("status", "a reviewed talk can no longer be changed");
  auto changed = transaction->execute(
      "UPDATE event_talks SET title = ?, abstract = ?, level = ?, minutes = ?, bio = ?, "
      "status = 'submitted', updated_at = ? WHERE id = ?",
      {web::trim(input.title), input.abstract, std::string(talk_level_name(*input.level)),
       std::int64_t{input.minutes}, web::trim(input.bio), now, talk_id});
  if (!changed) return changed.error();
  auto revised = talk_in(*transaction, event_id, talk_id);
  if (!revised) return revised.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return revised;
}

Result<std::vector<Talk>> ProgrammeService::talks(const accounts::Viewer& viewer,
                                                  const std::string& slug, std::int64_t event_id,
                                                  bool all) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  if (all && !found->manages) return Error::forbidden("only organizers review talks");
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = all ? reader->query(std::string("SELECT ") + kTalkColumns + kTalkFrom +
                                      "WHERE k.event_id = ? ORDER BY k.created_at, k.id LIMIT 1000",
                                  {event_id})
                  : reader->query(std::string("SELECT ") + kTalkColumns + kTalkFrom +
                                      "WHERE k.event_id = ? AND k.user_id = ? ORDER BY k.id",
                                  {event_id, viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<Talk> talks;
  for (const auto& row : rows.value()) talks.push_back(talk_from(row));
  return talks;
}

Result<Talk> ProgrammeService::review(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id, std::int64_t talk_id,
                                      Decision decision, const std::string& note) {
  if (auto checked = check_text(note, "note", 0, kMaxNoteChars); !checked) return checked.error();
  if (decision == Decision::request_changes && web::trim(note).empty())
    return Error::invalid("note", "say what should change");
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto talk = talk_in(*transaction, event_id, talk_id);
  if (!talk) return talk.error();
  if (talk->status == TalkStatus::accepted || talk->status == TalkStatus::declined)
    return Error::conflict("decision", "this talk was already decided");
  const TalkStatus status = decision == Decision::accept    ? TalkStatus::accepted
                            : decision == Decision::decline ? TalkStatus::declined
                                                            : TalkStatus::changes_requested;
  std::optional<std::int64_t> session_id;
  if (status == TalkStatus::accepted) {
    // The submitter becomes a speaker (their profile's name, the talk's bio)
    // and the talk a session with no slot yet.
    auto speaker = transaction->query_one(
        "INSERT INTO event_speakers (event_id, user_id, name, bio, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        {event_id, db::maybe(talk->user_id),
         talk->speaker_name.empty() ? std::string("?") : talk->speaker_name, talk->bio, now});
    if (!speaker) return speaker.error();
    auto session = transaction->query_one(
        "INSERT INTO event_sessions (event_id, title, description, kind, talk_id, created_at, "
        "updated_at) VALUES (?, ?, ?, 'talk', ?, ?, ?) RETURNING id",
        {event_id, talk->title, talk->abstract, talk_id, now, now});
    if (!session) return session.error();
    session_id = (*session)->int64(0);
    auto linked = transaction->execute(
        "INSERT INTO event_session_speakers (session_id, speaker_id, position) VALUES (?, ?, 0)",
        {*session_id, (*speaker)->int64(0)});
    if (!linked) return linked.error();
  }
  auto changed = transaction->execute(
      "UPDATE event_talks SET status = ?, review_note = ?, session_id = ?, updated_at = ? "
      "WHERE id = ?",
      {std::string(talk_status_name(status)), web::trim(note), db::maybe(session_id), now,
       talk_id});
  if (!changed) return changed.error();
  if (talk->user_id) {
    const std::string link = "/c/" + slug + "/events/" + std::to_string(event_id) + "/talks";
    if (auto mailed =
            mail_member(*transaction, found->event, *talk->user_id, "events.talk_reviewed",
                        std::to_string(talk_id) + "." + std::string(talk_status_name(status)) +
                            "." + std::to_string(now),
                        {{"talk_title", talk->title},
                         {"note", web::trim(note)},
                         {"accepted", status == TalkStatus::accepted},
                         {"declined", status == TalkStatus::declined},
                         {"changes_requested", status == TalkStatus::changes_requested},
                         {"link", link}},
                        now);
        !mailed)
      return mailed.error();
  }
  if (auto logged =
          internal::write_audit(*transaction, found->event.community_id, viewer.user_id(),
                                "event.talk_" + std::string(talk_status_name(status)), talk->title,
                                {{"event_id", event_id}, {"talk_id", talk_id}}, now);
      !logged)
    return logged.error();
  auto reviewed = talk_in(*transaction, event_id, talk_id);
  if (!reviewed) return reviewed.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reviewed;
}

}  // namespace moim::events
