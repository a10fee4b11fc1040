// Sessions: the weekly slot unrolled, and the builders' exceptions to it
// (skip, move, add), each with a topic, presenter and notes.
#include "features/activity/activity_service.hpp"
#include "features/activity/internal.hpp"
#include "features/activity/recurrence.hpp"
#include "platform/web/input.hpp"

namespace moim::activity {

using namespace internal;

namespace internal {

Session session_from_row(const db::Row& row) {
  Session session;
  session.id = row.int64(0);
  session.project_id = row.int64(1);
  session.slot_date = row.opt_text(2);
  session.starts_at = row.int64(3);
  session.ends_at = row.int64(4);
  session.status = row.text(5);
  session.topic = row.text(6);
  session.presenter = row.text(7);
  session.notes = row.text(8);
  session.check_in_open = row.int64(9) > 0;
  return session;
}

Result<std::optional<std::string>> participant_role(db::Transaction& reader,
                                                    std::int64_t project_id, std::int64_t user_id) {
  auto row = reader.query_one(
      "SELECT CASE WHEN EXISTS (SELECT 1 FROM project_runners WHERE project_id = ? AND user_id = "
      "?) THEN 'runner' WHEN EXISTS (SELECT 1 FROM project_auditors WHERE project_id = ? AND "
      "user_id = ?) THEN 'auditor' ELSE '' END",
      {project_id, user_id, project_id, user_id});
  if (!row) return row.error();
  const std::string role = (*row)->text(0);
  if (role.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{role};
}

}  // namespace internal

namespace {

Status check_session_input(const SessionInput& input) {
  if (input.topic && web::utf8_length(*input.topic) > kMaxTopicChars)
    return Error::invalid("topic", "topic must be at most 200 characters");
  if (input.presenter && web::utf8_length(*input.presenter) > kMaxPresenterChars)
    return Error::invalid("presenter", "presenter must be at most 100 characters");
  if (input.notes && web::utf8_length(*input.notes) > kMaxNotesChars)
    return Error::invalid("notes", "notes must be at most 5000 characters");
  if (input.starts_at && input.ends_at &&
      (*input.ends_at <= *input.starts_at ||
       *input.ends_at - *input.starts_at > kMaxSessionSeconds))
    return Error::invalid("ends_at", "ends_at must be after starts_at, within 12 hours");
  return ok_status();
}

Result<Session> load_session(db::Transaction& reader, std::int64_t session_id, std::int64_t now) {
  auto row = reader.query_one(
      std::string("SELECT ") + kSessionColumns + " FROM activity_sessions s WHERE s.id = ?",
      {now, session_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such session");
  return session_from_row(**row);
}

Result<std::vector<Session>> load_sessions(db::Transaction& reader, std::int64_t project_id,
                                           std::int64_t now) {
  auto rows = reader.query(std::string("SELECT ") + kSessionColumns +
                               " FROM activity_sessions s WHERE s.project_id = ? ORDER BY "
                               "s.starts_at, s.id",
                           {now, project_id});
  if (!rows) return rows.error();
  std::vector<Session> sessions;
  for (const auto& row : *rows) sessions.push_back(session_from_row(row));
  return sessions;
}

}  // namespace

ActivityService::ActivityService(db::Database& database, const Clock& clock,
                                 academy::AcademyService& academy, std::string base_url)
    : database_(database), clock_(clock), academy_(academy), base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> ActivityService::time_zone(const std::string& slug) {
  auto here = academy_.access(accounts::Viewer{}, slug);
  if (!here) return here.error();
  return here->community.time_zone;
}

bool ActivityService::manages(const accounts::Viewer& viewer, const academy::Project& project,
                              const communities::Standing& standing) const {
  if (!viewer.signed_in()) return false;
  if (standing.can_manage()) return true;
  return std::any_of(project.builders.begin(), project.builders.end(),
                     [&](const academy::Builder& builder) {
                       return builder.accepted && builder.user_id == viewer.user_id();
                     });
}

Result<academy::Project> ActivityService::project_for(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t project_id, bool must_manage) {
  if (must_manage && !viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto project = academy_.project(viewer, slug, project_id);
  if (!project) return project.error();
  if (must_manage && !manages(viewer, project.value(), here->standing))
    return Error::forbidden("only the project's builders and organizers may do this");
  return project;
}

Result<ActivityService::Place> ActivityService::place_of(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t session_id,
                                                         bool must_manage) {
  if (must_manage && !viewer.signed_in()) return Error::unauthenticated();
  std::int64_t project_id = 0;
  Session session;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto found = load_session(*reader, session_id, clock_.now_seconds());
    if (!found) return found.error();
    session = std::move(found.value());
    project_id = session.project_id;
  }
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto project = academy_.project(viewer, slug, project_id);
  // A session of another community's project is simply not here.
  if (!project)
    return project.error().http_status == 404 ? Error::not_found("no such session")
                                              : project.error();
  const bool may_manage = manages(viewer, project.value(), here->standing);
  if (must_manage && !may_manage)
    return Error::forbidden("only the project's builders and organizers may do this");
  return Place{std::move(session), std::move(project.value()), may_manage};
}

Result<Session> ActivityService::session(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t session_id) {
  auto place = place_of(viewer, slug, session_id, false);
  if (!place) return place.error();
  return place->session;
}

Result<std::vector<Session>> ActivityService::sessions(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       std::int64_t project_id) {
  auto project = project_for(viewer, slug, project_id, false);
  if (!project) return project.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return load_sessions(*reader, project_id, clock_.now_seconds());
}

Result<std::vector<Session>> ActivityService::schedule(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       std::int64_t project_id) {
  auto project = project_for(viewer, slug, project_id, true);
  if (!project) return project.error();
  if (project->status != academy::ProjectStatus::kApproved)
    return Error::conflict("status", "only an approved project has sessions");
  const WeeklySlot slot{project->weekday,   project->start_time, project->duration_minutes,
                        project->time_zone, project->starts_on,  project->ends_on};
  const auto occurrences = weekly_occurrences(slot, kMaxSessions);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = transaction->query_one(
      "SELECT COUNT(*) FROM activity_sessions WHERE project_id = ?", {project_id});
  if (!existing) return existing.error();
  std::int64_t total = (*existing)->int64(0);
  for (const auto& occurrence : occurrences) {
    auto known = transaction->query_one(
        "SELECT 1 FROM activity_sessions WHERE project_id = ? AND slot_date = ?",
        {project_id, occurrence.date});
    if (!known) return known.error();
    if (known->has_value()) continue;
    if (total >= kMaxSessions)
      return Error::conflict("sessions", "a project has at most 200 sessions");
    auto inserted = transaction->execute(
        "INSERT INTO activity_sessions (project_id, slot_date, starts_at, ends_at, status, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, 'scheduled', ?, ?)",
        {project_id, occurrence.date, occurrence.starts_at, occurrence.ends_at, now, now});
    if (!inserted) return inserted.error();
    ++total;
  }
  auto sessions = load_sessions(*transaction, project_id, now);
  if (!sessions) return sessions.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return sessions;
}

Result<Session> ActivityService::add_session(const accounts::Viewer& viewer,
                                             const std::string& slug, std::int64_t project_id,
                                             const SessionInput& input) {
  if (!input.starts_at) return Error::invalid("starts_at", "starts_at is required");
  if (auto status = check_session_input(input); !status) return status.error();
  auto project = project_for(viewer, slug, project_id, true);
  if (!project) return project.error();
  if (project->status != academy::ProjectStatus::kApproved)
    return Error::conflict("status", "only an approved project has sessions");
  const std::int64_t ends_at =
      input.ends_at.value_or(*input.starts_at + project->duration_minutes * 60LL);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto existing = transaction->query_one(
      "SELECT COUNT(*) FROM activity_sessions WHERE project_id = ?", {project_id});
  if (!existing) return existing.error();
  if ((*existing)->int64(0) >= kMaxSessions)
    return Error::conflict("sessions", "a project has at most 200 sessions");
  auto row = transaction->query_one(
      "INSERT INTO activity_sessions (project_id, slot_date, starts_at, ends_at, status, topic, "
      "presenter, notes, created_at, updated_at) VALUES (?, NULL, ?, ?, 'added', ?, ?, ?, ?, ?) "
      "RETURNING id",
      {project_id, *input.starts_at, ends_at, input.topic.value_or(""),
       input.presenter.value_or(""), input.notes.value_or(""), now, now});
  if (!row) return row.error();
  auto session = load_session(*transaction, (*row)->int64(0), now);
  if (!session) return session.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return session;
}

Result<Session> ActivityService::update_session(const accounts::Viewer& viewer,
                                                const std::string& slug, std::int64_t session_id,
                                                const SessionInput& input) {
  if (auto status = check_session_input(input); !status) return status.error();
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  const Session& before = place->session;
  std::int64_t starts_at = input.starts_at.value_or(before.starts_at);
  std::int64_t ends_at = input.ends_at.value_or(
      input.starts_at ? starts_at + (before.ends_at - before.starts_at) : before.ends_at);
  if (ends_at <= starts_at || ends_at - starts_at > kMaxSessionSeconds)
    return Error::invalid("ends_at", "ends_at must be after starts_at, within 12 hours");
  // Moving a slot session marks it moved; an added one stays added.
  std::string status = before.status;
  if ((starts_at != before.starts_at || ends_at != before.ends_at) && status == "scheduled")
    status = "moved";
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE activity_sessions SET starts_at = ?, ends_at = ?, status = ?, topic = ?, presenter "
      "= ?, notes = ?, updated_at = ? WHERE id = ?",
      {starts_at, ends_at, status, input.topic.value_or(before.topic),
       input.presenter.value_or(before.presenter), input.notes.value_or(before.notes), now,
       session_id});
  if (!updated) return updated.error();
  auto session = load_session(*transaction, session_id, now);
  if (!session) return session.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return session;
}

Result<Session> ActivityService::skip_session(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t session_id,
                                              bool skipped) {
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  const Session& before = place->session;
  std::string status;
  if (skipped) {
    status = "skipped";
  } else if (before.status != "skipped") {
    status = before.status;
  } else {
    // Restoring: a slot session that had been moved keeps its new time.
    auto reader = database_.read();
    if (!reader) return reader.error();
    const WeeklySlot slot{place->project.weekday,          place->project.start_time,
                          place->project.duration_minutes, place->project.time_zone,
                          place->project.starts_on,        place->project.ends_on};
    status = !before.slot_date ? "added" : "scheduled";
    if (before.slot_date) {
      status = "moved";
      for (const auto& occurrence : weekly_occurrences(slot, kMaxSessions)) {
        if (occurrence.date == *before.slot_date && occurrence.starts_at == before.starts_at)
          status = "scheduled";
      }
    }
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated =
      transaction->execute("UPDATE activity_sessions SET status = ?, updated_at = ? WHERE id = ?",
                           {status, now, session_id});
  if (!updated) return updated.error();
  if (skipped) {
    // A skipped session takes no check-ins.
    auto closed =
        transaction->execute("DELETE FROM activity_checkins WHERE session_id = ?", {session_id});
    if (!closed) return closed.error();
  }
  auto session = load_session(*transaction, session_id, now);
  if (!session) return session.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return session;
}

}  // namespace moim::activity
