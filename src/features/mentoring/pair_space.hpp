// A pair's private space once the pairs are announced: the goals they
// agree on, sessions one proposes and the other confirms (shown in both
// zones, a calendar file for each, a reminder mail the day before), notes
// after sessions (the pair's own; organizers read a note only while both
// agree to share it), the mid-point check-in (organizers see its traffic
// light, its words only when the person asks for help), and at the end
// feedback both ways with the goals marked reached or not. Organizers see
// the program's figures; certificates go to those who took part.
//
// Only the pair's two people act in it; organizers read what is theirs to
// read; anyone else gets a 404, as if the pair did not exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/certificates/certificates_service.hpp"
#include "features/mentoring/mentoring_service.hpp"

namespace moim::mentoring {

inline constexpr std::size_t kMaxNoteChars = 4000;
inline constexpr std::size_t kMaxCommentChars = 2000;

enum class SessionStatus { proposed, confirmed, held, cancelled };
enum class Light { green, yellow, red };
std::string_view session_status_name(SessionStatus status);
std::string_view light_name(Light light);

struct Session {
  std::int64_t id = 0;
  std::int64_t starts_at = 0;
  int minutes = 60;
  SessionStatus status = SessionStatus::proposed;
  std::int64_t proposed_by = 0;
};

struct Note {
  std::int64_t id = 0;
  std::optional<std::int64_t> session_id;
  std::int64_t author_id = 0;
  std::string author_name;
  std::string body;
  bool shared_by_mentor = false, shared_by_mentee = false;
  bool shared() const { return shared_by_mentor && shared_by_mentee; }
  std::int64_t created_at = 0;
};

struct Checkin {
  std::int64_t user_id = 0;
  Light light = Light::green;
  std::string comment;  // empty for organizers unless wants_help
  bool wants_help = false;
  std::int64_t updated_at = 0;
};

struct Feedback {
  std::int64_t user_id = 0;
  int rating = 0;  // 1..5
  std::string comment;
};

// What one viewer sees of a pair.
struct PairSpace {
  Program program;
  Pair pair;
  bool mine = false;  // the viewer is one of the two
  bool viewer_is_mentor = false;
  std::vector<std::string> goals;  // agreed
  std::vector<bool> goals_reached;
  std::vector<Session> sessions;  // by time, cancelled ones too
  int sessions_held = 0;
  std::vector<Note> notes;         // all for the pair; the shared ones for organizers
  std::vector<Checkin> checkins;   // comments only where the viewer may read them
  std::vector<Feedback> feedback;  // the pair's own; organizers see ratings, not comments
  // Small-group programs: the mentor's other mentees, who meet in the same
  // sessions.
  std::vector<std::string> group;
  std::int64_t midpoint_at = 0;        // the check-in opens
  std::int64_t feedback_opens_at = 0;  // the program's last week: feedback opens
};

struct ProgramFigures {
  Program program;
  int pairs = 0;
  int sessions_held = 0;
  int sessions_planned = 0;  // pairs × the program's sessions
  int goals_total = 0, goals_reached = 0;
  double mentor_satisfaction = 0, mentee_satisfaction = 0;  // mean rating 1..5, 0 if none
  int mentor_ratings = 0, mentee_ratings = 0;
  int green = 0, yellow = 0, red = 0;  // mid-point check-ins
  struct HelpRequest {
    std::int64_t pair_id = 0;
    std::string name;  // who asked
    std::string comment;
    Light light = Light::red;
  };
  std::vector<HelpRequest> help_requests;
  std::vector<std::pair<int, int>> held_by_week;  // week of the program (0-based), sessions held
};

class PairSpaceService {
 public:
  PairSpaceService(db::Database& database, const Clock& clock,
                   communities::CommunitiesService& communities,
                   certificates::CertificatesService& certificates);

  Result<PairSpace> space(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t program_id, std::int64_t pair_id);

  // The pair's two people only.
  Result<PairSpace> set_goals(const accounts::Viewer& viewer, const std::string& slug,
                              std::int64_t program_id, std::int64_t pair_id,
                              const std::vector<std::string>& goals);
  // A session at `starts_at` (UTC seconds), of the program's length unless
  // `minutes`; during the program (its last day, plus two weeks to catch
  // up), not in the past. In a small-group program a session the mentor
  // proposes is proposed to each of their pairs (the group meets at once),
  // and each mentee confirms their own.
  Result<Session> propose(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t program_id, std::int64_t pair_id, std::int64_t starts_at,
                          std::optional<int> minutes);
  // "confirm" (the other person), "cancel" (either), "held" (either, once
  // it has started).
  Result<Session> answer(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t program_id, std::int64_t pair_id, std::int64_t session_id,
                         const std::string& action);
  Result<Note> add_note(const accounts::Viewer& viewer, const std::string& slug,
                        std::int64_t program_id, std::int64_t pair_id,
                        std::optional<std::int64_t> session_id, const std::string& body,
                        bool share);
  // The viewer's own agreement to show the note to organizers.
  Result<Note> share_note(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t program_id, std::int64_t pair_id, std::int64_t note_id,
                          bool share);
  // From the program's mid-point on, once a person (a change replaces it).
  Result<Checkin> check_in(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t program_id, std::int64_t pair_id, Light light,
                           const std::string& comment, bool wants_help);
  // From the last week on; the mentee also marks each agreed goal.
  Result<Feedback> give_feedback(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t program_id, std::int64_t pair_id, int rating,
                                 const std::string& comment,
                                 const std::optional<std::vector<bool>>& goals_reached);
  // The pair's confirmed and held sessions as an iCalendar file.
  Result<std::string> calendar(const accounts::Viewer& viewer, const std::string& slug,
                               std::int64_t program_id, std::int64_t pair_id);

  // Organizers.
  Result<ProgramFigures> figures(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t program_id);
  // Certificates once the program has ended: of mentoring to every mentor
  // with a held session, of completion to every mentee whose pair held at
  // least half the program's sessions. Running it again issues nothing new.
  Result<certificates::MentoringOutcome> issue_certificates(const accounts::Viewer& viewer,
                                                            const std::string& slug,
                                                            std::int64_t program_id);

 private:
  struct Located;
  Result<Located> locate(db::Transaction& transaction, const accounts::Viewer& viewer,
                         const std::string& slug, std::int64_t program_id, std::int64_t pair_id,
                         bool act);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  certificates::CertificatesService& certificates_;
};

}  // namespace moim::mentoring
