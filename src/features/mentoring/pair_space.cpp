// The pair's space: who may see and act in it, what each one sees, the
// agreed goals and the calendar file.
#include "features/mentoring/pair_space.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "features/mentoring/pair_internal.hpp"
#include "platform/web/ical.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring {

std::string_view session_status_name(SessionStatus status) {
  switch (status) {
    case SessionStatus::proposed:
      return "proposed";
    case SessionStatus::confirmed:
      return "confirmed";
    case SessionStatus::held:
      return "held";
    case SessionStatus::cancelled:
      return "cancelled";
  }
  return "proposed";
}

std::string_view light_name(Light light) {
  switch (light) {
    case Light::green:
      return "green";
    case Light::yellow:
      return "yellow";
    case Light::red:
      return "red";
  }
  return "green";
}

namespace internal {

SessionStatus session_status_from(std::string_view name) {
  if (name == "confirmed") return SessionStatus::confirmed;
  if (name == "held") return SessionStatus::held;
  if (name == "cancelled") return SessionStatus::cancelled;
  return SessionStatus::proposed;
}

Light light_from(std::string_view name) {
  if (name == "yellow") return Light::yellow;
  if (name == "red") return Light::red;
  return Light::green;
}

Session session_from(const db::Row& row) {
  return {row.int64(0), row.int64(1), static_cast<int>(row.int64(2)),
          session_status_from(row.text(3)), row.int64(4)};
}

std::vector<bool> decode_flags(const std::string& json) {
  std::vector<bool> flags;
  boost::system::error_code error;
  const auto value = boost::json::parse(json, error);
  if (error || !value.is_array()) return flags;
  for (const auto& item : value.as_array()) flags.push_back(item.is_bool() && item.as_bool());
  return flags;
}

std::string encode_flags(const std::vector<bool>& flags) {
  boost::json::array array;
  for (bool flag : flags) array.emplace_back(flag);
  return boost::json::serialize(array);
}

std::int64_t midpoint_of(const Program& program) {
  return program.starts_at + (program.ends_at - program.starts_at) / 2;
}

}  // namespace internal

PairSpaceService::PairSpaceService(db::Database& database, const Clock& clock,
                                   communities::CommunitiesService& communities,
                                   certificates::CertificatesService& certificates)
    : database_(database), clock_(clock), communities_(communities), certificates_(certificates) {}

Result<PairSpaceService::Located> PairSpaceService::locate(db::Transaction& transaction,
                                                           const accounts::Viewer& viewer,
                                                           const std::string& slug,
                                                           std::int64_t program_id,
                                                           std::int64_t pair_id, bool act) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto program = internal::visible_program(transaction, *place, program_id);
  if (!program) return program.error();
  auto pairs = internal::read_pairs(transaction, *program, {.pair_id = pair_id});
  if (!pairs) return pairs.error();
  if (pairs->empty()) return Error::not_found("no such pair");
  Located located{std::move(place.value()), std::move(program.value()), std::move(pairs->front()),
                  false, false};
  located.mentor = located.pair.mentor.user_id == viewer.user_id();
  located.mine = located.mentor || located.pair.mentee.user_id == viewer.user_id();
  if (!located.mine && !located.place.organizer()) return Error::not_found("no such pair");
  if (act && !located.mine)
    return Error::forbidden("only the pair's two people act in their space");
  return located;
}

Result<PairSpace> PairSpaceService::space(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t program_id, std::int64_t pair_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto located = locate(*reader, viewer, slug, program_id, pair_id, false);
  if (!located) return located.error();
  PairSpace space;
  space.program = located->program;
  space.pair = located->pair;
  space.mine = located->mine;
  space.viewer_is_mentor = located->mentor;
  space.goals = located->pair.goals;
  space.midpoint_at = internal::midpoint_of(located->program);
  space.feedback_opens_at = internal::feedback_opens_at(located->program);
  auto state = reader->query_one(
      "SELECT goals_reached, sessions_held FROM mentoring_pairs WHERE id = ?", {pair_id});
  if (!state) return state.error();
  if (state->has_value()) {
    space.goals_reached = internal::decode_flags((*state)->text(0));
    space.sessions_held = static_cast<int>((*state)->int64(1));
  }
  space.goals_reached.resize(space.goals.size(), false);
  auto sessions = reader->query(std::string("SELECT ") + internal::kSessionColumns +
                                    " FROM mentoring_sessions WHERE pair_id = ? ORDER BY "
                                    "starts_at, id LIMIT 200",
                                {pair_id});
  if (!sessions) return sessions.error();
  for (const auto& row : *sessions) space.sessions.push_back(internal::session_from(row));
  auto notes = reader->query(
      "SELECT id, session_id, author_id, body, shared_by_mentor, shared_by_mentee, created_at "
      "FROM mentoring_notes WHERE pair_id = ? ORDER BY id DESC LIMIT 200",
      {pair_id});
  if (!notes) return notes.error();
  for (const auto& row : *notes) {
    Note note{row.int64(0), row.opt_int64(1),  row.int64(2),      "",
              row.text(3),  row.int64(4) != 0, row.int64(5) != 0, row.int64(6)};
    // Organizers read a note only while both agree to share it.
    if (!space.mine && !note.shared()) continue;
    note.author_name = note.author_id == space.pair.mentor.user_id ? space.pair.mentor.display_name
                                                                   : space.pair.mentee.display_name;
    space.notes.push_back(std::move(note));
  }
  auto checkins = reader->query(
      "SELECT user_id, light, comment, wants_help, updated_at FROM mentoring_checkins WHERE "
      "pair_id = ? ORDER BY user_id",
      {pair_id});
  if (!checkins) return checkins.error();
  for (const auto& row : *checkins) {
    Checkin checkin{row.int64(0), internal::light_from(row.text(1)), row.text(2), row.int64(3) != 0,
                    row.int64(4)};
    // A check-in's words are the person's own unless they ask for help;
    // the other side of the pair never reads them either.
    if (checkin.user_id != viewer.user_id() && !(checkin.wants_help && !space.mine))
      checkin.comment.clear();
    space.checkins.push_back(std::move(checkin));
  }
  if (space.program.format == Format::group) {
    auto group = reader->query(
        "SELECT mentee_user_id FROM mentoring_pairs WHERE program_id = ? AND mentor_user_id = ? "
        "AND id <> ? ORDER BY id",
        {program_id, space.pair.mentor.user_id, pair_id});
    if (!group) return group.error();
    std::vector<std::int64_t> mentees;
    for (const auto& row : *group) mentees.push_back(row.int64(0));
    auto people = accounts::contacts(*reader, mentees);
    if (!people) return people.error();
    for (const std::int64_t mentee : mentees)
      if (auto found = people->find(mentee); found != people->end())
        space.group.push_back(found->second.display_name);
  }
  auto feedback = reader->query(
      "SELECT user_id, rating, comment FROM mentoring_feedback WHERE pair_id = ? ORDER BY user_id",
      {pair_id});
  if (!feedback) return feedback.error();
  for (const auto& row : *feedback) {
    Feedback one{row.int64(0), static_cast<int>(row.int64(1)), row.text(2)};
    if (!space.mine) one.comment.clear();
    space.feedback.push_back(std::move(one));
  }
  return space;
}

Result<PairSpace> PairSpaceService::set_goals(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t program_id,
                                              std::int64_t pair_id,
                                              const std::vector<std::string>& goals) {
  if (goals.empty() || goals.size() > kMaxGoals)
    return Error::invalid("goals", "goals: one to three");
  std::vector<std::string> agreed;
  for (std::size_t index = 0; index < goals.size(); ++index) {
    std::string goal = web::trim(goals[index]);
    const std::size_t length = web::utf8_length(goal);
    if (length == 0 || length > kMaxGoalChars)
      return Error::invalid("goals", "goals[" + std::to_string(index) + "] must be 1 to " +
                                         std::to_string(kMaxGoalChars) + " characters");
    agreed.push_back(std::move(goal));
  }
  {
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
    if (!located) return located.error();
    auto state =
        transaction->query_one("SELECT goals_reached FROM mentoring_pairs WHERE id = ?", {pair_id});
    if (!state) return state.error();
    std::vector<bool> reached = internal::decode_flags((*state)->text(0));
    reached.resize(located->pair.goals.size(), false);
    const auto count = [](const std::vector<bool>& flags) {
      return static_cast<std::int64_t>(std::count(flags.begin(), flags.end(), true));
    };
    const std::int64_t reached_before = count(reached);
    // A goal kept in its place keeps its mark; a changed one starts over.
    std::vector<bool> kept(agreed.size(), false);
    for (std::size_t index = 0; index < agreed.size() && index < located->pair.goals.size();
         ++index)
      kept[index] = reached[index] && agreed[index] == located->pair.goals[index];
    auto updated = transaction->execute(
        "UPDATE mentoring_pairs SET goals = ?, goals_reached = ? WHERE id = ?",
        {internal::encode_words(agreed), internal::encode_flags(kept), pair_id});
    if (!updated) return updated.error();
    auto counted = transaction->execute(
        "UPDATE mentoring_programs SET goals_total = goals_total + ?, goals_reached = "
        "goals_reached + ? WHERE id = ?",
        {static_cast<std::int64_t>(agreed.size()) -
             static_cast<std::int64_t>(located->pair.goals.size()),
         count(kept) - reached_before, program_id});
    if (!counted) return counted.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  return space(viewer, slug, program_id, pair_id);
}

Result<std::string> PairSpaceService::calendar(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t program_id,
                                               std::int64_t pair_id) {
  auto found = space(viewer, slug, program_id, pair_id);
  if (!found) return found.error();
  if (!found->mine) return Error::not_found("no such pair");
  const std::string other =
      found->viewer_is_mentor ? found->pair.mentee.display_name : found->pair.mentor.display_name;
  const std::string link = "/c/" + slug + "/mentoring/" + std::to_string(program_id) + "/pairs/" +
                           std::to_string(pair_id);
  std::vector<web::CalendarEvent> entries;
  for (const auto& session : found->sessions) {
    if (session.status == SessionStatus::proposed) continue;
    web::CalendarEvent entry;
    entry.uid = "mentoring-session-" + std::to_string(session.id) + "@moim";
    entry.starts_at = session.starts_at;
    entry.ends_at = session.starts_at + session.minutes * 60;
    entry.summary = found->program.name + " · " + other;
    entry.url = link;
    entry.cancelled = session.status == SessionStatus::cancelled;
    entry.sequence = session.starts_at;
    entries.push_back(std::move(entry));
  }
  return web::ical_calendar(found->program.name, entries, clock_.now_seconds());
}

}  // namespace moim::mentoring
