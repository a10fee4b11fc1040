// A pair's sessions: one proposes a time, the other confirms it (both get
// a reminder the day before), either cancels it (the reminders are taken
// back) or, once it has started, says it was held (the figures count it).
#include "features/mentoring/pair_internal.hpp"

namespace moim::mentoring {

namespace {

constexpr int kMaxOpenSessions = 20;           // proposed or confirmed, to come
constexpr std::int64_t kCatchUp = 14 * 86400;  // after the program's last day

Result<Session> read_session(db::Transaction& transaction, std::int64_t pair_id,
                             std::int64_t session_id) {
  auto row = transaction.query_one(std::string("SELECT ") + internal::kSessionColumns +
                                       " FROM mentoring_sessions WHERE id = ? AND pair_id = ?",
                                   {session_id, pair_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such session");
  return internal::session_from(**row);
}

}  // namespace

Result<Session> PairSpaceService::propose(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t program_id, std::int64_t pair_id,
                                          std::int64_t starts_at, std::optional<int> minutes) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
  if (!located) return located.error();
  const Program& program = located->program;
  const int length = minutes.value_or(program.session_minutes);
  if (length < 15 || length > 600) return Error::invalid("minutes", "minutes must be 15 to 600");
  const std::int64_t now = clock_.now_seconds();
  if (starts_at <= now) return Error::invalid("starts_at", "starts_at must be in the future");
  if (starts_at < program.starts_at || starts_at >= program.ends_at + kCatchUp)
    return Error::invalid("starts_at",
                          "starts_at must fall within the program (up to two weeks after it ends)");
  auto open = transaction->query_one(
      "SELECT count(*) FROM mentoring_sessions WHERE pair_id = ? AND status IN ('proposed', "
      "'confirmed') AND starts_at > ?",
      {pair_id, now});
  if (!open) return open.error();
  if ((*open)->int64(0) >= kMaxOpenSessions)
    return Error::conflict("starts_at", "this pair already has " +
                                            std::to_string(kMaxOpenSessions) +
                                            " sessions to come; hold or cancel some first");
  // A small group meets at once: the mentor's time goes to each of their
  // pairs in the program.
  std::vector<std::int64_t> pairs{pair_id};
  if (program.format == Format::group && located->mentor) {
    auto group = transaction->query(
        "SELECT id FROM mentoring_pairs WHERE program_id = ? AND mentor_user_id = ? AND id <> ? "
        "ORDER BY id",
        {program_id, viewer.user_id(), pair_id});
    if (!group) return group.error();
    for (const auto& row : *group) pairs.push_back(row.int64(0));
  }
  std::int64_t session_id = 0;
  for (const std::int64_t each : pairs) {
    auto inserted = transaction->query(
        "INSERT INTO mentoring_sessions (pair_id, starts_at, minutes, status, proposed_by, "
        "created_at, updated_at) VALUES (?, ?, ?, 'proposed', ?, ?, ?) RETURNING id",
        {each, starts_at, std::int64_t{length}, viewer.user_id(), now, now});
    if (!inserted) return inserted.error();
    if (each == pair_id) session_id = inserted->front().int64(0);
  }
  auto session = read_session(*transaction, pair_id, session_id);
  if (!session) return session.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return session;
}

Result<Session> PairSpaceService::answer(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t program_id, std::int64_t pair_id,
                                         std::int64_t session_id, const std::string& action) {
  if (action != "confirm" && action != "cancel" && action != "held")
    return Error::invalid("action", "action must be confirm, cancel or held");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto located = locate(*transaction, viewer, slug, program_id, pair_id, true);
  if (!located) return located.error();
  auto session = read_session(*transaction, pair_id, session_id);
  if (!session) return session.error();
  const std::int64_t now = clock_.now_seconds();
  SessionStatus next = session->status;
  if (action == "confirm") {
    if (session->status != SessionStatus::proposed)
      return Error::conflict("action", "only a proposed session can be confirmed");
    if (session->proposed_by == viewer.user_id())
      return Error::conflict("action", "the other person confirms the time you proposed");
    if (session->starts_at <= now)
      return Error::conflict("action", "this time has passed; propose another");
    next = SessionStatus::confirmed;
  } else if (action == "cancel") {
    if (session->status != SessionStatus::proposed && session->status != SessionStatus::confirmed)
      return Error::conflict("action", "only a session to come can be cancelled");
    next = SessionStatus::cancelled;
  } else {
    if (session->status != SessionStatus::confirmed)
      return Error::conflict("action", "only a confirmed session can be marked held");
    if (session->starts_at > now)
      return Error::conflict("action", "a session is marked held once it has started");
    next = SessionStatus::held;
  }
  // Conditional on the state read: two clicks at once change it once.
  auto updated = transaction->execute(
      "UPDATE mentoring_sessions SET status = ?, answered_by = ?, updated_at = ? WHERE id = ? AND "
      "status = ?",
      {std::string(session_status_name(next)), viewer.user_id(), now, session_id,
       std::string(session_status_name(session->status))});
  if (!updated) return updated.error();
  if (*updated == 0) return Error::conflict("action", "the session changed meanwhile; reload");
  const SessionStatus before = session->status;
  session->status = next;
  if (next == SessionStatus::confirmed) {
    if (auto status = internal::mail_reminders(
            *transaction, located->program, located->place.community, located->pair, *session, now);
        !status)
      return status.error();
  } else if (next == SessionStatus::cancelled && before == SessionStatus::confirmed) {
    if (auto status = internal::withdraw_reminders(*transaction, located->pair, session_id);
        !status)
      return status.error();
  } else if (next == SessionStatus::held) {
    auto pair = transaction->execute(
        "UPDATE mentoring_pairs SET sessions_held = sessions_held + 1 WHERE id = ?", {pair_id});
    if (!pair) return pair.error();
    auto program = transaction->execute(
        "UPDATE mentoring_programs SET sessions_held = sessions_held + 1 WHERE id = ?",
        {program_id});
    if (!program) return program.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return session;
}

}  // namespace moim::mentoring
