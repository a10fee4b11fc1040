// The timetable: sessions on tracks with their speakers, sponsors in tiers,
// the sessions attendees star and the secret calendar feed of those stars.
#include <algorithm>
#include <map>

#include "features/events/images.hpp"
#include "features/events/internal.hpp"
#include "features/events/programme_internal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/ical.hpp"

namespace moim::events {

using programme_internal::check_link;
using programme_internal::check_text;

namespace {

constexpr std::size_t kMaxSpeakersPerSession = 10;

Status check_session(const SessionInput& input, const Event& event) {
  if (auto checked = check_text(input.title, "title", 1, kMaxTitleChars); !checked) return checked;
  if (auto checked = check_text(input.description, "description", 0, kMaxAbstractChars); !checked)
    return checked;
  if (auto checked = check_text(input.track, "track", 0, kMaxTrackChars); !checked) return checked;
  if (input.starts_at.has_value() != input.ends_at.has_value())
    return Error::invalid(input.starts_at ? "ends_at" : "starts_at",
                          "give both the start and the end, or neither");
  if (input.starts_at) {
    if (*input.starts_at < event.starts_at || *input.starts_at >= event.ends_at)
      return Error::invalid("starts_at", "the session must start during the event");
    if (*input.ends_at <= *input.starts_at)
      return Error::invalid("ends_at", "the session must end after it starts");
    if (*input.ends_at > event.ends_at)
      return Error::invalid("ends_at", "the session must end by the end of the event");
  }
  if (input.speaker_ids.size() > kMaxSpeakersPerSession)
    return Error::invalid("speaker_ids", "at most 10 speakers a session");
  return ok_status();
}

Status check_speaker(const SpeakerInput& input) {
  if (auto checked = check_text(input.name, "name", 1, kMaxNameChars); !checked) return checked;
  if (auto checked = check_text(input.bio, "bio", 0, kMaxBioChars); !checked) return checked;
  return check_link(input.link, "link");
}

Speaker speaker_from(const db::Row& row, int at) {
  return {.id = row.int64(at),
          .user_id = row.opt_int64(at + 1),
          .name = row.text(at + 2),
          .bio = row.text(at + 3),
          .link = row.text(at + 4)};
}

}  // namespace

Result<std::vector<Session>> ProgrammeService::sessions_in(db::Transaction& transaction,
                                                           std::int64_t event_id,
                                                           std::int64_t viewer_id,
                                                           std::optional<std::int64_t> only_id,
                                                           bool placed_only) {
  std::string sql =
      "SELECT s.id, s.title, s.description, s.kind, s.track, s.starts_at, s.ends_at, s.talk_id, "
      "s.star_count, (SELECT COUNT(*) FROM event_stars x WHERE x.session_id = s.id AND "
      "x.user_id = ?) FROM event_sessions s WHERE s.event_id = ?";
  std::vector<db::Value> params{viewer_id, event_id};
  if (only_id) {
    sql += " AND s.id = ?";
    params.emplace_back(*only_id);
  }
  if (placed_only) sql += " AND s.starts_at IS NOT NULL";
  // Unplaced sessions (NULL start) come last on both databases.
  sql += " ORDER BY CASE WHEN s.starts_at IS NULL THEN 1 ELSE 0 END, s.starts_at, s.track, s.id";
  auto rows = transaction.query(sql, params);
  if (!rows) return rows.error();
  std::vector<Session> sessions;
  std::map<std::int64_t, std::size_t> index_of;
  for (const auto& row : rows.value()) {
    Session session{.id = row.int64(0),
                    .event_id = event_id,
                    .title = row.text(1),
                    .description = row.text(2),
                    .kind = parse_session_kind(row.text(3)).value_or(SessionKind::other),
                    .track = row.text(4),
                    .starts_at = row.opt_int64(5),
                    .ends_at = row.opt_int64(6),
                    .talk_id = row.opt_int64(7),
                    .stars = row.int64(8),
                    .starred = row.int64(9) > 0};
    index_of[session.id] = sessions.size();
    sessions.push_back(std::move(session));
  }
  // Every session's speakers in one query.
  auto speakers = transaction.query(
      "SELECT ss.session_id, p.id, p.user_id, p.name, p.bio, p.link FROM event_session_speakers "
      "ss JOIN event_speakers p ON p.id = ss.speaker_id JOIN event_sessions s ON s.id = "
      "ss.session_id WHERE s.event_id = ? ORDER BY ss.position, p.id",
      {event_id});
  if (!speakers) return speakers.error();
  for (const auto& row : speakers.value()) {
    auto found = index_of.find(row.int64(0));
    if (found != index_of.end()) sessions[found->second].speakers.push_back(speaker_from(row, 1));
  }
  return sessions;
}

Result<Programme> ProgrammeService::programme(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t event_id) {
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto sessions = sessions_in(*reader, event_id, viewer.user_id(), std::nullopt, !found->manages);
  if (!sessions) return sessions.error();
  auto rows = reader->query(
      std::string(programme_internal::kSponsorSelect) +
          "WHERE s.event_id = ? ORDER BY CASE s.tier WHEN 'platinum' THEN 0 WHEN 'gold' THEN 1 "
          "WHEN 'silver' THEN 2 WHEN 'bronze' THEN 3 ELSE 4 END, s.id",
      {event_id});
  if (!rows) return rows.error();
  Programme programme{.event = std::move(found->event),
                      .sessions = std::move(sessions.value()),
                      .manages = found->manages};
  for (const auto& row : rows.value())
    programme.sponsors.push_back(programme_internal::sponsor_from(row));
  return programme;
}

Status ProgrammeService::write_session(db::Transaction& transaction, std::int64_t event_id,
                                       std::int64_t session_id, const SessionInput& input) {
  auto removed =
      transaction.execute("DELETE FROM event_session_speakers WHERE session_id = ?", {session_id});
  if (!removed) return removed.error();
  std::vector<std::int64_t> seen;
  for (std::int64_t speaker_id : input.speaker_ids) {
    if (std::find(seen.begin(), seen.end(), speaker_id) != seen.end()) continue;
    seen.push_back(speaker_id);
    auto speaker = transaction.query_one(
        "SELECT 1 FROM event_speakers WHERE id = ? AND event_id = ?", {speaker_id, event_id});
    if (!speaker) return speaker.error();
    if (!speaker->has_value())
      return Error::invalid("speaker_ids", "a speaker is not one of this event's");
    auto linked = transaction.execute(
        "INSERT INTO event_session_speakers (session_id, speaker_id, position) VALUES (?, ?, ?)",
        {session_id, speaker_id, static_cast<std::int64_t>(seen.size())});
    if (!linked) return linked.error();
  }
  return ok_status();
}

Result<Session> ProgrammeService::create_session(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t event_id,
                                                 const SessionInput& input) {
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  if (auto checked = check_session(input, found->event); !checked) return checked.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto count =
      transaction->query_one("SELECT COUNT(*) FROM event_sessions WHERE event_id = ?", {event_id});
  if (!count) return count.error();
  if ((*count)->int64(0) >= kMaxSessions)
    return Error::conflict("title", "an event has at most 300 sessions");
  auto row = transaction->query_one(
      "INSERT INTO event_sessions (event_id, title, description, kind, track, starts_at, "
      "ends_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {event_id, web::trim(input.title), input.description,
       std::string(session_kind_name(input.kind)), web::trim(input.track),
       db::maybe(input.starts_at), db::maybe(input.ends_at), now, now});
  if (!row) return row.error();
  const std::int64_t session_id = (*row)->int64(0);
  if (auto written = write_session(*transaction, event_id, session_id, input); !written)
    return written.error();
  auto sessions = sessions_in(*transaction, event_id, viewer.user_id(), session_id, false);
  if (!sessions) return sessions.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return sessions->front();
}

Result<Session> ProgrammeService::update_session(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t event_id,
                                                 std::int64_t session_id,
                                                 const SessionInput& input) {
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  if (auto checked = check_session(input, found->event); !checked) return checked.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto changed = transaction->execute(
      "UPDATE event_sessions SET title = ?, description = ?, kind = ?, track = ?, starts_at = ?, "
      "ends_at = ?, updated_at = ? WHERE id = ? AND event_id = ?",
      {web::trim(input.title), input.description, std::string(session_kind_name(input.kind)),
       web::trim(input.track), db::maybe(input.starts_at), db::maybe(input.ends_at), now,
       session_id, event_id});
  if (!changed) return changed.error();
  if (changed.value() == 0) return Error::not_found("no such session");
  if (auto written = write_session(*transaction, event_id, session_id, input); !written)
    return written.error();
  auto sessions = sessions_in(*transaction, event_id, viewer.user_id(), session_id, false);
  if (!sessions) return sessions.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return sessions->front();
}

Status ProgrammeService::delete_session(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t event_id, std::int64_t session_id) {
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  // A talk whose session is removed is still accepted; it just has no session.
  auto unlinked = transaction->execute(
      "UPDATE event_talks SET session_id = NULL WHERE session_id = ? AND event_id = ?",
      {session_id, event_id});
  if (!unlinked) return unlinked.error();
  auto removed = transaction->execute("DELETE FROM event_sessions WHERE id = ? AND event_id = ?",
                                      {session_id, event_id});
  if (!removed) return removed.error();
  if (removed.value() == 0) return Error::not_found("no such session");
  return transaction->commit();
}

Result<std::vector<Speaker>> ProgrammeService::speakers(const accounts::Viewer& viewer,
                                                        const std::string& slug,
                                                        std::int64_t event_id) {
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT id, user_id, name, bio, link FROM event_speakers WHERE event_id = ? ORDER BY name, "
      "id LIMIT 1000",
      {event_id});
  if (!rows) return rows.error();
  std::vector<Speaker> speakers;
  for (const auto& row : rows.value()) speakers.push_back(speaker_from(row, 0));
  return speakers;
}

Result<Speaker> ProgrammeService::add_speaker(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t event_id,
                                              const SpeakerInput& input) {
  if (auto checked = check_speaker(input); !checked) return checked.error();
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "INSERT INTO event_speakers (event_id, name, bio, link, created_at) VALUES (?, ?, ?, ?, ?) "
      "RETURNING id",
      {event_id, web::trim(input.name), web::trim(input.bio), web::trim(input.link),
       clock_.now_seconds()});
  if (!row) return row.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return Speaker{.id = (*row)->int64(0),
                 .name = web::trim(input.name),
                 .bio = web::trim(input.bio),
                 .link = web::trim(input.link)};
}

Result<Speaker> ProgrammeService::update_speaker(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t event_id,
                                                 std::int64_t speaker_id,
                                                 const SpeakerInput& input) {
  if (auto checked = check_speaker(input); !checked) return checked.error();
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto changed = transaction->execute(
      "UPDATE event_speakers SET name = ?, bio = ?, link = ? WHERE id = ? AND event_id = ?",
      {web::trim(input.name), web::trim(input.bio), web::trim(input.link), speaker_id, event_id});
  if (!changed) return changed.error();
  if (changed.value() == 0) return Error::not_found("no such speaker");
  auto row = transaction->query_one(
      "SELECT id, user_id, name, bio, link FROM event_speakers WHERE id = ?", {speaker_id});
  if (!row) return row.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return speaker_from(**row, 0);
}

Result<Sponsor> ProgrammeService::add_sponsor(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t event_id,
                                              const SponsorInput& input) {
  if (auto checked = check_text(input.name, "name", 1, kMaxNameChars); !checked)
    return checked.error();
  if (auto checked = check_link(input.logo_url, "logo_url"); !checked) return checked.error();
  if (auto checked = check_link(input.link, "link"); !checked) return checked.error();
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  // The uploaded logo is decoded before the transaction opens (images.cpp).
  std::optional<ImageRef> logo;
  if (!input.logo_image.empty()) {
    auto checked = images::check(input.logo_image, "logo_image_base64", images::kSponsorLogo);
    if (!checked) return checked.error();
    logo = std::move(checked.value());
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto count =
      transaction->query_one("SELECT COUNT(*) FROM event_sponsors WHERE event_id = ?", {event_id});
  if (!count) return count.error();
  if ((*count)->int64(0) >= kMaxSponsors)
    return Error::conflict("name", "an event has at most 100 sponsors");
  if (logo) {
    if (auto kept =
            images::keep(*transaction, found->event.community_id, *logo, input.logo_image, now);
        !kept)
      return kept.error();
  }
  auto row = transaction->query_one(
      "INSERT INTO event_sponsors (event_id, name, tier, logo_url, link, logo_digest, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {event_id, web::trim(input.name), std::string(sponsor_tier_name(input.tier)),
       web::trim(input.logo_url), web::trim(input.link),
       logo ? db::Value(logo->digest) : db::Value(), now});
  if (!row) return row.error();
  auto added = sponsor_in(*transaction, event_id, (*row)->int64(0));
  if (!added) return added.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return added;
}

Status ProgrammeService::remove_sponsor(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t event_id, std::int64_t sponsor_id) {
  auto found = managed(viewer, slug, event_id);
  if (!found) return found.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto sponsor = sponsor_in(*transaction, event_id, sponsor_id);
  if (!sponsor) return sponsor.error();
  auto removed = transaction->execute("DELETE FROM event_sponsors WHERE id = ? AND event_id = ?",
                                      {sponsor_id, event_id});
  if (!removed) return removed.error();
  if (removed.value() == 0) return Error::not_found("no such sponsor");
  if (sponsor->logo) {
    if (auto forgotten = images::forget_if_unused(*transaction, found->event.community_id,
                                                  sponsor->logo->digest);
        !forgotten)
      return forgotten.error();
  }
  return transaction->commit();
}

Result<Session> ProgrammeService::star(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t event_id, std::int64_t session_id,
                                       bool starred) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto session = transaction->query_one(
      "SELECT 1 FROM event_sessions WHERE id = ? AND event_id = ? AND starts_at IS NOT NULL",
      {session_id, event_id});
  if (!session) return session.error();
  if (!session->has_value()) return Error::not_found("no such session");
  // The count moves only when the star itself does, so a repeated click
  // changes nothing.
  auto changed =
      starred ? transaction->execute(
                    "INSERT INTO event_stars (session_id, user_id, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    {session_id, viewer.user_id(), clock_.now_seconds()})
              : transaction->execute("DELETE FROM event_stars WHERE session_id = ? AND user_id = ?",
                                     {session_id, viewer.user_id()});
  if (!changed) return changed.error();
  if (changed.value() > 0) {
    auto counted = transaction->execute(
        starred ? "UPDATE event_sessions SET star_count = star_count + 1 WHERE id = ?"
                : "UPDATE event_sessions SET star_count = star_count - 1 WHERE id = ?",
        {session_id});
    if (!counted) return counted.error();
  }
  auto sessions = sessions_in(*transaction, event_id, viewer.user_id(), session_id, false);
  if (!sessions) return sessions.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return sessions->front();
}

Result<std::string> ProgrammeService::star_feed_url(const accounts::Viewer& viewer,
                                                    const std::string& slug,
                                                    std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto found = here(viewer, slug, event_id);
  if (!found) return found.error();
  const std::string token = crypto::random_token(24);
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto removed =
      transaction->execute("DELETE FROM event_star_feeds WHERE event_id = ? AND user_id = ?",
                           {event_id, viewer.user_id()});
  if (!removed) return removed.error();
  auto inserted = transaction->execute(
      "INSERT INTO event_star_feeds (token_digest, event_id, user_id, created_at) "
      "VALUES (?, ?, ?, ?)",
      {crypto::token_digest(token), event_id, viewer.user_id(), clock_.now_seconds()});
  if (!inserted) return inserted.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return base_url_ + "/c/" + slug + "/events/" + std::to_string(event_id) + "/starred/" + token +
         ".ics";
}

Result<std::string> ProgrammeService::star_feed(const std::string& token) {
  if (token.empty() || token.size() > 100) return Error::not_found("no such calendar");
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto feed = reader->query_one(
      "SELECT f.event_id, f.user_id, e.title, e.venue, e.address, c.slug, e.status FROM "
      "event_star_feeds f JOIN events e ON e.id = f.event_id JOIN communities c ON "
      "c.id = e.community_id WHERE f.token_digest = ?",
      {crypto::token_digest(token)});
  if (!feed) return feed.error();
  if (!feed->has_value()) return Error::not_found("no such calendar");
  const db::Row& row = **feed;
  const std::int64_t event_id = row.int64(0);
  auto rows = reader->query(
      "SELECT s.id, s.title, s.description, s.track, s.starts_at, s.ends_at FROM event_sessions "
      "s JOIN event_stars x ON x.session_id = s.id WHERE s.event_id = ? AND x.user_id = ? AND "
      "s.starts_at IS NOT NULL ORDER BY s.starts_at LIMIT 500",
      {event_id, row.int64(1)});
  if (!rows) return rows.error();
  const std::string page =
      base_url_ + "/c/" + row.text(5) + "/events/" + std::to_string(event_id) + "/schedule";
  const std::string place = row.text(3) + (row.text(4).empty() ? "" : ", " + row.text(4));
  std::vector<web::CalendarEvent> entries;
  for (const auto& session : rows.value()) {
    entries.push_back(
        {.uid = "event-session-" + std::to_string(session.int64(0)) + "@moim",
         .starts_at = session.int64(4),
         .ends_at = session.opt_int64(5),
         .summary = session.text(1),
         .description = session.text(2),
         .url = page + "#session-" + std::to_string(session.int64(0)),
         .cancelled = row.text(6) == "cancelled",
         .location = session.text(3).empty() ? place : session.text(3) + " · " + place});
  }
  return web::ical_calendar(row.text(2) + " · moim", entries, clock_.now_seconds());
}

}  // namespace moim::events
