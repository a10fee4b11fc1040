// Secret iCalendar feeds per member and per project: sessions (skipped ones
// as cancelled) and writing deadlines.
#include "features/activity/activity_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/ical.hpp"

namespace moim::activity {

namespace {

constexpr std::size_t kMaxFeedEvents = 2000;

}  // namespace

Result<std::string> ActivityService::create_calendar_feed(const accounts::Viewer& viewer,
                                                          const std::string& slug,
                                                          std::optional<std::int64_t> project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (project_id) {
    auto project = project_for(viewer, slug, *project_id, true);
    if (!project) return project.error();
  } else if (!here->standing.is_member()) {
    return Error::forbidden("join the community first");
  }
  const std::string token = crypto::random_token(24);
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto removed =
      project_id ? transaction->execute("DELETE FROM activity_calendar_feeds WHERE project_id = ?",
                                        {*project_id})
                 : transaction->execute(
                       "DELETE FROM activity_calendar_feeds WHERE community_id = ? AND user_id = ?",
                       {here->community.id, viewer.user_id()});
  if (!removed) return removed.error();
  auto inserted = transaction->execute(
      "INSERT INTO activity_calendar_feeds (token_digest, community_id, user_id, project_id, "
      "created_at) VALUES (?, ?, ?, ?, ?)",
      {crypto::token_digest(token), here->community.id,
       project_id ? db::null() : db::Value{viewer.user_id()}, db::maybe(project_id),
       clock_.now_seconds()});
  if (!inserted) return inserted.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return base_url_ + "/calendar/" + token + ".ics";
}

Result<std::string> ActivityService::calendar_feed(const std::string& token,
                                                   const Translate& text) {
  if (token.empty() || token.size() > 100) return Error::not_found("no such calendar");
  const std::int64_t now = clock_.now_seconds();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto feed = reader->query_one(
      "SELECT f.community_id, f.user_id, f.project_id, c.slug, c.name, c.default_locale, "
      "u.locale FROM activity_calendar_feeds f JOIN communities c ON c.id = f.community_id "
      "LEFT JOIN users u ON u.id = f.user_id WHERE f.token_digest = ?",
      {crypto::token_digest(token)});
  if (!feed) return feed.error();
  if (!feed->has_value()) return Error::not_found("no such calendar");
  const db::Row& row = **feed;
  const std::int64_t community_id = row.int64(0);
  const auto user_id = row.opt_int64(1);
  const auto project_id = row.opt_int64(2);
  const std::string slug = row.text(3);
  const std::string language = row.is_null(6) || row.text(6).empty() ? row.text(5) : row.text(6);
  const std::string presenter_label = text(language, "calendar_presenter");
  const std::string deadline_label = text(language, "calendar_deadline");
  // The projects whose sessions it shows: the one, or every project the
  // member runs, audits or builds in this community.
  std::string projects;
  std::vector<db::Value> params;
  if (project_id) {
    projects = "SELECT id FROM academy_projects WHERE id = ?";
    params = {*project_id};
  } else {
    projects =
        "SELECT p.id FROM academy_projects p WHERE p.community_id = ? AND p.status = 'approved' "
        "AND (p.id IN (SELECT project_id FROM project_runners WHERE user_id = ?) OR p.id IN "
        "(SELECT project_id FROM project_auditors WHERE user_id = ?) OR p.id IN (SELECT "
        "project_id FROM project_builders WHERE user_id = ? AND accepted_at IS NOT NULL))";
    params = {community_id, *user_id, *user_id, *user_id};
  }
  std::vector<web::CalendarEvent> events;
  auto sessions = reader->query(
      "SELECT s.id, s.starts_at, s.ends_at, s.status, s.topic, s.presenter, s.notes, p.id, "
      "p.title, p.place FROM activity_sessions s JOIN academy_projects p ON p.id = s.project_id "
      "WHERE s.project_id IN (" +
          projects + ") ORDER BY s.starts_at LIMIT " + std::to_string(kMaxFeedEvents),
      params);
  if (!sessions) return sessions.error();
  for (const auto& session : *sessions) {
    web::CalendarEvent event;
    event.uid = "session-" + std::to_string(session.int64(0)) + "@moim";
    event.starts_at = session.int64(1);
    event.ends_at = session.int64(2);
    event.cancelled = session.text(3) == "skipped";
    event.summary = session.text(8) + (session.text(4).empty() ? "" : ": " + session.text(4));
    std::string description =
        session.text(5).empty() ? "" : presenter_label + ": " + session.text(5);
    if (!session.text(6).empty())
      description += (description.empty() ? "" : "\n") + session.text(6);
    if (!session.text(9).empty())
      description += (description.empty() ? "" : "\n") + session.text(9);
    event.description = description;
    event.url =
        base_url_ + "/c/" + slug + "/projects/" + std::to_string(session.int64(7)) + "/sessions";
    events.push_back(std::move(event));
  }
  // Deadlines: the project's and its cohort's, or those that apply to the member.
  std::string where;
  std::vector<db::Value> deadline_params;
  if (project_id) {
    where =
        "s.project_id = ? OR s.cohort_id = (SELECT cohort_id FROM academy_projects WHERE id "
        "= ?)";
    deadline_params = {*project_id, *project_id};
  } else {
    where =
        "s.community_id = ? AND (s.project_id IN (SELECT project_id FROM project_runners "
        "WHERE user_id = ?) OR s.cohort_id IN (SELECT p.cohort_id FROM project_runners r "
        "JOIN academy_projects p ON p.id = r.project_id WHERE r.user_id = ?))";
    deadline_params = {community_id, *user_id, *user_id};
  }
  auto deadlines = reader->query(
      "SELECT d.id, d.due_at, s.title, d.seq FROM activity_deadlines d JOIN "
      "activity_deadline_series s ON s.id = d.series_id WHERE (" +
          where + ") ORDER BY d.due_at LIMIT " + std::to_string(kMaxFeedEvents),
      deadline_params);
  if (!deadlines) return deadlines.error();
  for (const auto& deadline : *deadlines) {
    web::CalendarEvent event;
    event.uid = "deadline-" + std::to_string(deadline.int64(0)) + "@moim";
    event.starts_at = deadline.int64(1);
    event.summary =
        deadline_label + ": " + deadline.text(2) + " #" + std::to_string(deadline.int64(3));
    events.push_back(std::move(event));
  }
  return web::ical_calendar(row.text(4) + " · moim", events, now);
}

}  // namespace moim::activity
