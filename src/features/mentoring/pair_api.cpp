// /api/v1/communities/{slug}/mentoring/programs/{program}/pairs/{pair}/*:
// the pair's space (goals, sessions, notes, check-in, feedback), and the
// program's figures and certificates for organizers.
#include "features/mentoring/api_types.hpp"
#include "features/mentoring/pair_space.hpp"
#include "features/mentoring/routes.hpp"

namespace moim::mentoring {
BOOST_DESCRIBE_ENUM(SessionStatus, proposed, confirmed, held, cancelled)
BOOST_DESCRIBE_ENUM(Light, green, yellow, red)
}  // namespace moim::mentoring

namespace moim::mentoring::api {

using accounts::Access;
using http::Method;
using web::Nothing;

namespace {

struct SessionPath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t pair = 0;
  std::int64_t session = 0;
};
BOOST_DESCRIBE_STRUCT(SessionPath, (), (slug, program, pair, session))
struct NotePath {
  std::string slug;
  std::int64_t program = 0;
  std::int64_t pair = 0;
  std::int64_t note = 0;
};
BOOST_DESCRIBE_STRUCT(NotePath, (), (slug, program, pair, note))

struct GoalsBody {
  std::vector<Text<1, kMaxGoalChars>> goals;
};
BOOST_DESCRIBE_STRUCT(GoalsBody, (), (goals))
struct SessionBody {
  Instant starts_at;
  std::optional<Int<15, 600>> minutes;  // the program's session length by default
};
BOOST_DESCRIBE_STRUCT(SessionBody, (), (starts_at, minutes))
enum class Action { confirm, cancel, held };
BOOST_DESCRIBE_ENUM(Action, confirm, cancel, held)
struct AnswerBody {
  Action action = Action::confirm;
};
BOOST_DESCRIBE_STRUCT(AnswerBody, (), (action))
struct NoteBody {
  Text<1, kMaxNoteChars> body;
  std::optional<std::int64_t> session_id;
  std::optional<bool> share;  // the author agrees to show it to organizers
};
BOOST_DESCRIBE_STRUCT(NoteBody, (), (body, session_id, share))
struct ShareBody {
  bool share = false;
};
BOOST_DESCRIBE_STRUCT(ShareBody, (), (share))
struct CheckinBody {
  Light light = Light::green;
  std::optional<Text<0, kMaxCommentChars>> comment;
  std::optional<bool> wants_help;
};
BOOST_DESCRIBE_STRUCT(CheckinBody, (), (light, comment, wants_help))
struct FeedbackBody {
  Int<1, 5> rating;
  std::optional<Text<0, kMaxCommentChars>> comment;
  std::optional<std::vector<bool>> goals_reached;  // the mentee: one a goal
};
BOOST_DESCRIBE_STRUCT(FeedbackBody, (), (rating, comment, goals_reached))

struct SessionOut {
  std::int64_t id = 0;
  Instant starts_at;
  std::int64_t minutes = 0;
  SessionStatus status = SessionStatus::proposed;
  std::int64_t proposed_by = 0;
};
BOOST_DESCRIBE_STRUCT(SessionOut, (), (id, starts_at, minutes, status, proposed_by))
struct NoteOut {
  std::int64_t id = 0;
  std::optional<std::int64_t> session_id;
  std::int64_t author_id = 0;
  std::string author;
  std::string body;
  bool shared_by_mentor = false, shared_by_mentee = false;
  Instant created_at;
};
BOOST_DESCRIBE_STRUCT(NoteOut, (),
                      (id, session_id, author_id, author, body, shared_by_mentor, shared_by_mentee,
                       created_at))
struct CheckinOut {
  std::int64_t user_id = 0;
  Light light = Light::green;
  std::string comment;  // the caller's own, or a request for help (organizers)
  bool wants_help = false;
};
BOOST_DESCRIBE_STRUCT(CheckinOut, (), (user_id, light, comment, wants_help))
struct FeedbackOut {
  std::int64_t user_id = 0;
  std::int64_t rating = 0;
  std::string comment;  // the pair's own only
};
BOOST_DESCRIBE_STRUCT(FeedbackOut, (), (user_id, rating, comment))
struct SpaceOut {
  PairOut pair;
  bool mine = false;
  std::vector<std::string> goals;
  std::vector<bool> goals_reached;
  std::vector<SessionOut> sessions;
  std::int64_t sessions_held = 0;
  std::vector<NoteOut> notes;
  std::vector<CheckinOut> checkins;
  std::vector<FeedbackOut> feedback;
  Instant checkin_opens_at;
};
BOOST_DESCRIBE_STRUCT(SpaceOut, (),
                      (pair, mine, goals, goals_reached, sessions, sessions_held, notes, checkins,
                       feedback, checkin_opens_at))
struct HelpOut {
  std::int64_t pair_id = 0;
  std::string name;
  std::string comment;
  Light light = Light::red;
};
BOOST_DESCRIBE_STRUCT(HelpOut, (), (pair_id, name, comment, light))
struct WeekOut {
  std::int64_t week = 0;
  std::int64_t held = 0;
};
BOOST_DESCRIBE_STRUCT(WeekOut, (), (week, held))
struct FiguresOut {
  std::int64_t pairs = 0, sessions_held = 0, sessions_planned = 0;
  std::int64_t goals_total = 0, goals_reached = 0;
  double mentor_satisfaction = 0, mentee_satisfaction = 0;
  std::int64_t mentor_ratings = 0, mentee_ratings = 0;
  std::int64_t green = 0, yellow = 0, red = 0;
  std::vector<HelpOut> help_requests;
  std::vector<WeekOut> held_by_week;
};
BOOST_DESCRIBE_STRUCT(FiguresOut, (),
                      (pairs, sessions_held, sessions_planned, goals_total, goals_reached,
                       mentor_satisfaction, mentee_satisfaction, mentor_ratings, mentee_ratings,
                       green, yellow, red, help_requests, held_by_week))
struct CertificatesOut {
  std::int64_t people = 0, issued = 0, already = 0;
};
BOOST_DESCRIBE_STRUCT(CertificatesOut, (), (people, issued, already))

SessionOut session_out(const Session& session) {
  return {session.id, Instant{session.starts_at}, session.minutes, session.status,
          session.proposed_by};
}

NoteOut note_out(const Note& note) {
  return {note.id,   note.session_id,       note.author_id,        note.author_name,
          note.body, note.shared_by_mentor, note.shared_by_mentee, Instant{note.created_at}};
}

std::vector<std::vector<std::int64_t>> hours_of(const std::vector<Interval>& hours) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& piece : hours) out.push_back({piece.begin, piece.end});
  return out;
}

SideOut side_of(const Pair::Side& side) {
  return {side.user_id,
          side.display_name,
          {side.profile.languages, side.profile.topics, side.profile.time_zone,
           side.profile.availability},
          side.bio,
          side.help_with};
}

SpaceOut space_out(const PairSpace& space) {
  SpaceOut out{.pair = {space.pair.id, space.pair.program_id, side_of(space.pair.mentor),
                        side_of(space.pair.mentee), space.pair.goals, space.pair.score,
                        space.pair.overlap_minutes, hours_of(space.pair.common)},
               .mine = space.mine,
               .goals = space.goals,
               .goals_reached = space.goals_reached,
               .sessions_held = space.sessions_held,
               .checkin_opens_at = Instant{space.midpoint_at}};
  for (const auto& session : space.sessions) out.sessions.push_back(session_out(session));
  for (const auto& note : space.notes) out.notes.push_back(note_out(note));
  for (const auto& checkin : space.checkins)
    out.checkins.push_back({checkin.user_id, checkin.light, checkin.comment, checkin.wants_help});
  for (const auto& one : space.feedback)
    out.feedback.push_back({one.user_id, one.rating, one.comment});
  return out;
}

template <class T>
std::string text_or_empty(const std::optional<T>& given) {
  return given ? given->value : std::string();
}

}  // namespace

}  // namespace moim::mentoring::api

namespace moim::mentoring {

using namespace api;  // NOLINT: this file is the API's

void add_pair_api(accounts::ApiRoutes& routes, PairSpaceService& spaces) {
  const std::string program = "/api/v1/communities/{slug}/mentoring/programs/{program}";
  const std::string pair = program + "/pairs/{pair}";

  routes.add<PairPath, Nothing, Nothing, SpaceOut>(
      {.method = Method::kGet,
       .path = pair + "/space",
       .operation_id = "getMentoringPairSpace",
       .summary = "The pair's space as the caller may see it",
       .description = "Its two people see all of it; organizers see the notes both agreed to "
                      "share, the check-ins' lights (words only with a request for help) and "
                      "the ratings; anyone else gets a 404.",
       .tag = "mentoring"},
      [&](auto& call) -> Result<SpaceOut> {
        auto space = spaces.space(call.viewer(), call.path.slug, call.path.program, call.path.pair);
        if (!space) return space.error();
        return space_out(*space);
      });
  routes.add<PairPath, Nothing, GoalsBody, SpaceOut>(
      {.method = Method::kPut,
       .path = pair + "/goals",
       .operation_id = "setMentoringPairGoals",
       .summary = "The pair's agreed goals (one to three)",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<SpaceOut> {
        std::vector<std::string> goals;
        for (const auto& goal : call.body.goals) goals.push_back(goal.value);
        auto space = spaces.set_goals(call.viewer(), call.path.slug, call.path.program,
                                      call.path.pair, goals);
        if (!space) return space.error();
        return space_out(*space);
      });
  routes.add<PairPath, Nothing, SessionBody, SessionOut>(
      {.method = Method::kPost,
       .path = pair + "/sessions",
       .operation_id = "proposeMentoringSession",
       .summary = "Propose a session time; the other person confirms it",
       .tag = "mentoring",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<SessionOut> {
        auto session = spaces.propose(
            call.viewer(), call.path.slug, call.path.program, call.path.pair,
            call.body.starts_at.seconds,
            call.body.minutes ? std::optional<int>(static_cast<int>(call.body.minutes->value))
                              : std::nullopt);
        if (!session) return session.error();
        return session_out(*session);
      });
  routes.add<SessionPath, Nothing, AnswerBody, SessionOut>(
      {.method = Method::kPost,
       .path = pair + "/sessions/{session}/answer",
       .operation_id = "answerMentoringSession",
       .summary = "Confirm (the other person), cancel, or mark a session held",
       .description = "Confirming writes a reminder mail to both for the day before; cancelling "
                      "takes it back.",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<SessionOut> {
        const char* action = call.body.action == Action::confirm  ? "confirm"
                             : call.body.action == Action::cancel ? "cancel"
                                                                  : "held";
        auto session = spaces.answer(call.viewer(), call.path.slug, call.path.program,
                                     call.path.pair, call.path.session, action);
        if (!session) return session.error();
        return session_out(*session);
      });
  routes.add<PairPath, Nothing, NoteBody, NoteOut>(
      {.method = Method::kPost,
       .path = pair + "/notes",
       .operation_id = "addMentoringNote",
       .summary = "A note for the pair; shown to organizers only while both agree",
       .tag = "mentoring",
       .status = 201,
       .errors = {403}},
      [&](auto& call) -> Result<NoteOut> {
        auto note = spaces.add_note(call.viewer(), call.path.slug, call.path.program,
                                    call.path.pair, call.body.session_id, call.body.body.value,
                                    call.body.share.value_or(false));
        if (!note) return note.error();
        return note_out(*note);
      });
  routes.add<NotePath, Nothing, ShareBody, NoteOut>(
      {.method = Method::kPut,
       .path = pair + "/notes/{note}/share",
       .operation_id = "shareMentoringNote",
       .summary = "The caller's agreement to show a note to organizers",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<NoteOut> {
        auto note = spaces.share_note(call.viewer(), call.path.slug, call.path.program,
                                      call.path.pair, call.path.note, call.body.share);
        if (!note) return note.error();
        return note_out(*note);
      });
  routes.add<PairPath, Nothing, CheckinBody, CheckinOut>(
      {.method = Method::kPut,
       .path = pair + "/checkin",
       .operation_id = "mentoringCheckin",
       .summary = "How is it going? From the program's mid-point",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<CheckinOut> {
        auto checkin = spaces.check_in(
            call.viewer(), call.path.slug, call.path.program, call.path.pair, call.body.light,
            text_or_empty(call.body.comment), call.body.wants_help.value_or(false));
        if (!checkin) return checkin.error();
        return CheckinOut{checkin->user_id, checkin->light, checkin->comment, checkin->wants_help};
      });
  routes.add<PairPath, Nothing, FeedbackBody, FeedbackOut>(
      {.method = Method::kPut,
       .path = pair + "/feedback",
       .operation_id = "mentoringFeedback",
       .summary = "Feedback at the end, both ways; the mentee marks the goals reached",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<FeedbackOut> {
        auto feedback =
            spaces.give_feedback(call.viewer(), call.path.slug, call.path.program, call.path.pair,
                                 static_cast<int>(call.body.rating.value),
                                 text_or_empty(call.body.comment), call.body.goals_reached);
        if (!feedback) return feedback.error();
        return FeedbackOut{feedback->user_id, feedback->rating, feedback->comment};
      });

  routes.add<ProgramPath, Nothing, Nothing, FiguresOut>(
      {.method = Method::kGet,
       .path = program + "/figures",
       .operation_id = "getMentoringFigures",
       .summary = "The program's figures (organizers)",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<FiguresOut> {
        auto figures = spaces.figures(call.viewer(), call.path.slug, call.path.program);
        if (!figures) return figures.error();
        FiguresOut out{.pairs = figures->pairs,
                       .sessions_held = figures->sessions_held,
                       .sessions_planned = figures->sessions_planned,
                       .goals_total = figures->goals_total,
                       .goals_reached = figures->goals_reached,
                       .mentor_satisfaction = figures->mentor_satisfaction,
                       .mentee_satisfaction = figures->mentee_satisfaction,
                       .mentor_ratings = figures->mentor_ratings,
                       .mentee_ratings = figures->mentee_ratings,
                       .green = figures->green,
                       .yellow = figures->yellow,
                       .red = figures->red};
        for (const auto& help : figures->help_requests)
          out.help_requests.push_back({help.pair_id, help.name, help.comment, help.light});
        for (const auto& [week, held] : figures->held_by_week)
          out.held_by_week.push_back({week, held});
        return out;
      });
  routes.add<ProgramPath, Nothing, Nothing, CertificatesOut>(
      {.method = Method::kPost,
       .path = program + "/certificates",
       .operation_id = "issueMentoringCertificates",
       .summary = "Certificates once the program has ended (organizers)",
       .description = "Of mentoring to every mentor who held a session; of completion to every "
                      "mentee whose pair held at least half the program's sessions. Running it "
                      "again issues nothing new.",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<CertificatesOut> {
        auto outcome = spaces.issue_certificates(call.viewer(), call.path.slug, call.path.program);
        if (!outcome) return outcome.error();
        return CertificatesOut{outcome->people, outcome->issued, outcome->already};
      });
}

}  // namespace moim::mentoring
