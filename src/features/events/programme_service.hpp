// The programme of an event: the call for talks and its review, speakers,
// the timetable's sessions on tracks, sponsors in tiers, and the sessions
// attendees star with a secret calendar feed of them.
//
// It stands on EventsService::event() for who may see an event (a
// members-only event is a 404 to others), and on the community's standing for
// who may change the programme (organizers). Every change is one
// transaction; mails go through the outbox in it.
#pragma once

#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/events/events_service.hpp"

namespace moim::events {

enum class TalkLevel { beginner, intermediate, advanced };
BOOST_DESCRIBE_ENUM(TalkLevel, beginner, intermediate, advanced)
enum class TalkStatus { submitted, changes_requested, accepted, declined };
BOOST_DESCRIBE_ENUM(TalkStatus, submitted, changes_requested, accepted, declined)
enum class Decision { accept, decline, request_changes };
BOOST_DESCRIBE_ENUM(Decision, accept, decline, request_changes)
enum class SessionKind { talk, booth, demo, hackathon, break_, other };
enum class SponsorTier { platinum, gold, silver, bronze, partner };
BOOST_DESCRIBE_ENUM(SponsorTier, platinum, gold, silver, bronze, partner)

std::string_view session_kind_name(SessionKind kind);
std::optional<SessionKind> parse_session_kind(std::string_view name);
std::string_view talk_level_name(TalkLevel level);
std::string_view talk_status_name(TalkStatus status);
std::string_view sponsor_tier_name(SponsorTier tier);

inline constexpr std::size_t kMaxAbstractChars = 4000;
inline constexpr std::size_t kMaxBioChars = 1000;
inline constexpr std::size_t kMaxTrackChars = 40;
inline constexpr std::size_t kMaxNoteChars = 2000;
inline constexpr std::size_t kMaxLinkChars = 500;
inline constexpr int kMaxTalksPerMember = 10;  // per event
inline constexpr int kMaxSessions = 300;       // per event
inline constexpr int kMaxSponsors = 100;       // per event

struct Talk {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::optional<std::int64_t> user_id;
  std::string speaker_name;  // the submitter's display name
  std::string title, abstract, bio;
  TalkLevel level = TalkLevel::beginner;
  int minutes = 30;
  TalkStatus status = TalkStatus::submitted;
  std::string review_note;
  std::optional<std::int64_t> session_id;
  std::int64_t created_at = 0, updated_at = 0;
};

struct TalkInput {
  std::string title, abstract, bio;
  std::optional<TalkLevel> level;  // missing: 400 "level"
  int minutes = 0;
};

struct Speaker {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;
  std::string name, bio, link;
};

struct SpeakerInput {
  std::string name, bio, link;
};

struct Session {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string title, description;
  SessionKind kind = SessionKind::talk;
  std::string track;
  std::optional<std::int64_t> starts_at, ends_at;  // none: not placed yet
  std::optional<std::int64_t> talk_id;
  std::vector<Speaker> speakers;
  std::int64_t stars = 0;
  bool starred = false;  // by the viewer
};

// A whole session as organizers place it; every field is written.
struct SessionInput {
  std::string title, description;
  SessionKind kind = SessionKind::talk;
  std::string track;
  std::optional<std::int64_t> starts_at, ends_at;
  std::vector<std::int64_t> speaker_ids;
};

struct Sponsor {
  std::int64_t id = 0;
  std::string name;
  SponsorTier tier = SponsorTier::gold;
  std::string logo_url, link;    // logo_url: an address typed by hand (before uploads)
  std::optional<ImageRef> logo;  // the uploaded logo, shown before logo_url
};

struct SponsorInput {
  std::string name;
  SponsorTier tier = SponsorTier::gold;
  std::string logo_url, link;
  std::string logo_image;  // PNG or JPEG bytes; empty for none
};

// What the schedule page and the public API show.
struct Programme {
  Event event;
  std::vector<Session> sessions;  // placed ones by start and track; organizers also see the rest
  std::vector<Sponsor> sponsors;  // by tier
  bool manages = false;
};

class ProgrammeService {
 public:
  ProgrammeService(db::Database& database, const Clock& clock,
                   communities::CommunitiesService& communities, EventsService& events,
                   std::string base_url);

  // The call for talks: members of the community submit; the submitter
  // changes a talk while it is submitted or changes were asked for.
  Result<Talk> submit_talk(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t event_id, const TalkInput& input);
  Result<Talk> revise_talk(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t event_id, std::int64_t talk_id, const TalkInput& input);
  // The viewer's own talks, or every talk (organizers, all = true).
  Result<std::vector<Talk>> talks(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t event_id, bool all);
  // Organizers: accepting makes a speaker and an unplaced session of it.
  Result<Talk> review(const accounts::Viewer& viewer, const std::string& slug,
                      std::int64_t event_id, std::int64_t talk_id, Decision decision,
                      const std::string& note);

  // The timetable (organizers change it; whoever sees the event reads it).
  Result<Programme> programme(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t event_id);
  Result<Session> create_session(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id, const SessionInput& input);
  Result<Session> update_session(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id, std::int64_t session_id,
                                 const SessionInput& input);
  Status delete_session(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t event_id, std::int64_t session_id);

  Result<std::vector<Speaker>> speakers(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t event_id);
  Result<Speaker> add_speaker(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t event_id, const SpeakerInput& input);
  Result<Speaker> update_speaker(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id, std::int64_t speaker_id,
                                 const SpeakerInput& input);

  Result<Sponsor> add_sponsor(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t event_id, const SponsorInput& input);
  Status remove_sponsor(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t event_id, std::int64_t sponsor_id);
  // Organizers: a sponsor's uploaded logo (PNG or JPEG, never SVG; 422
  // naming "logo_image_base64"), replacing the earlier one, or none.
  Result<Sponsor> set_sponsor_logo(const accounts::Viewer& viewer, const std::string& slug,
                                   std::int64_t event_id, std::int64_t sponsor_id,
                                   const std::string& bytes);
  Result<Sponsor> remove_sponsor_logo(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id, std::int64_t sponsor_id);

  // Attendees (signed-in people who may see the event) star sessions.
  Result<Session> star(const accounts::Viewer& viewer, const std::string& slug,
                       std::int64_t event_id, std::int64_t session_id, bool starred);
  // A new secret feed address of the viewer's starred sessions (the old one
  // stops working), and the feed itself by its token.
  Result<std::string> star_feed_url(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t event_id);
  Result<std::string> star_feed(const std::string& token);

 private:
  struct Here {
    Event event;
    bool manages = false;
    bool member = false;
  };
  // Resolved before any transaction: the event as the viewer may see it.
  Result<Here> here(const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id);
  Result<Here> managed(const accounts::Viewer& viewer, const std::string& slug,
                       std::int64_t event_id);
  Result<std::vector<Session>> sessions_in(db::Transaction& transaction, std::int64_t event_id,
                                           std::int64_t viewer_id,
                                           std::optional<std::int64_t> only_id, bool placed_only);
  Result<Sponsor> sponsor_in(db::Transaction& transaction, std::int64_t event_id,
                             std::int64_t sponsor_id);
  Status write_session(db::Transaction& transaction, std::int64_t event_id, std::int64_t session_id,
                       const SessionInput& input);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  EventsService& events_;
  std::string base_url_;
};

}  // namespace moim::events
