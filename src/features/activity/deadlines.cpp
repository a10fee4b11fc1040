// Writing deadlines (the 글또 pattern): series for a cohort or a project,
// submissions (a link and/or markdown) editable until the deadline and
// marked late after it, pass tickets, deposit accounting, the "who is
// missing" view, reminders through the outbox, and the public reading list.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "features/activity/activity_service.hpp"
#include "features/activity/internal.hpp"
#include "features/activity/recurrence.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"
#include "platform/web/markdown.hpp"

namespace moim::activity {

using namespace internal;

namespace {

constexpr const char* kDeadlineColumns =
    "d.id, d.series_id, s.title, d.seq, d.due_at, s.cohort_id, s.project_id, (SELECT COUNT(*) "
    "FROM activity_submissions x WHERE x.deadline_id = d.id), (SELECT COUNT(*) FROM "
    "activity_passes x WHERE x.deadline_id = d.id), s.community_id";
constexpr const char* kDeadlineFrom =
    " FROM activity_deadlines d JOIN activity_deadline_series s ON s.id = d.series_id ";
// The people a deadline applies to: runners of its project, or of any
// project of its cohort. Binds: cohort_id, project_id (one of them NULL).
constexpr const char* kParticipants =
    "(SELECT r.user_id FROM project_runners r JOIN academy_projects p ON p.id = r.project_id "
    "WHERE p.cohort_id = ? OR p.id = ?)";

Deadline deadline_from_row(const db::Row& row) {
  Deadline deadline;
  deadline.id = row.int64(0);
  deadline.series_id = row.int64(1);
  deadline.title = row.text(2);
  deadline.seq = static_cast<int>(row.int64(3));
  deadline.due_at = row.int64(4);
  deadline.cohort_id = row.opt_int64(5);
  deadline.project_id = row.opt_int64(6);
  deadline.submitted = static_cast<int>(row.int64(7));
  deadline.passed = static_cast<int>(row.int64(8));
  return deadline;
}

std::string tags_json(const std::vector<std::string>& tags) {
  boost::json::array array;
  for (const auto& tag : tags) array.emplace_back(tag);
  return boost::json::serialize(array);
}

std::vector<std::string> tags_from(const std::string& text) {
  std::vector<std::string> tags;
  boost::system::error_code error;
  auto value = boost::json::parse(text, error);
  if (error || !value.is_array()) return tags;
  for (const auto& item : value.as_array())
    if (item.is_string()) tags.emplace_back(item.as_string());
  return tags;
}

constexpr const char* kSubmissionColumns =
    "x.deadline_id, x.user_id, u.display_name, x.link, x.body, x.tags, x.share, x.late, "
    "x.submitted_at, x.updated_at";

Submission submission_from_row(const db::Row& row) {
  Submission submission;
  submission.deadline_id = row.int64(0);
  submission.user_id = row.int64(1);
  submission.display_name = row.text(2);
  submission.link = row.text(3);
  submission.body = row.text(4);
  submission.body_html = web::render_markdown(submission.body);
  submission.tags = tags_from(row.text(5));
  submission.share = row.boolean(6);
  submission.late = row.boolean(7);
  submission.submitted_at = row.int64(8);
  submission.updated_at = row.int64(9);
  return submission;
}

Status check_link(const std::string& link) {
  if (link.empty()) return ok_status();
  if (web::utf8_length(link) > kMaxLinkChars)
    return Error::invalid("link", "link must be at most 500 characters");
  if (!link.starts_with("https://") && !link.starts_with("http://"))
    return Error::invalid("link", "link must start with https:// or http://");
  for (unsigned char ch : link) {
    if (ch <= ' ' || ch == '"' || ch == '<' || ch == '>' || ch == 0x7f)
      return Error::invalid("link", "link must be a URL without spaces");
  }
  return ok_status();
}

db::Value id_or_null(const std::optional<std::int64_t>& id) { return db::maybe(id); }

}  // namespace

Result<ActivityService::DeadlinePlace> ActivityService::deadline_place(db::Transaction& reader,
                                                                       std::int64_t community_id,
                                                                       std::int64_t deadline_id) {
  auto row = reader.query_one(std::string("SELECT ") + kDeadlineColumns + kDeadlineFrom +
                                  "WHERE d.id = ? AND s.community_id = ?",
                              {deadline_id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such deadline");
  DeadlinePlace place{deadline_from_row(**row), community_id, std::nullopt};
  place.settings_cohort_id = place.deadline.cohort_id;
  if (place.deadline.project_id) {
    auto cohort = reader.query_one("SELECT cohort_id FROM academy_projects WHERE id = ?",
                                   {*place.deadline.project_id});
    if (!cohort) return cohort.error();
    if (cohort->has_value()) place.settings_cohort_id = (*cohort)->opt_int64(0);
  }
  return place;
}

Result<bool> ActivityService::applies_to(db::Transaction& reader, const Deadline& deadline,
                                         std::int64_t user_id) {
  auto row =
      reader.query_one(std::string("SELECT 1 WHERE ? IN ") + kParticipants,
                       {user_id, id_or_null(deadline.cohort_id), id_or_null(deadline.project_id)});
  if (!row) return row.error();
  return row->has_value();
}

// Organizers manage every deadline; builders those of their project, and
// (to see their own runners) those of their project's cohort.
Result<bool> ActivityService::manages_deadline(const accounts::Viewer& viewer,
                                               const std::string& slug, const Deadline& deadline) {
  if (!viewer.signed_in()) return false;
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (here->standing.can_manage()) return true;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT 1 FROM project_builders b JOIN academy_projects p ON p.id = b.project_id WHERE "
      "b.user_id = ? AND b.accepted_at IS NOT NULL AND (p.id = ? OR p.cohort_id = ?)",
      {viewer.user_id(), id_or_null(deadline.project_id), id_or_null(deadline.cohort_id)});
  if (!row) return row.error();
  return row->has_value();
}

Result<std::vector<Deadline>> ActivityService::create_series(const accounts::Viewer& viewer,
                                                             const std::string& slug,
                                                             const DeadlineScope& scope,
                                                             const SeriesInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (input.title.empty() || web::utf8_length(input.title) > kMaxTopicChars)
    return Error::invalid("title", "title must be 1 to 200 characters");
  if (input.every_days < 1 || input.every_days > 31)
    return Error::invalid("every_days", "every_days must be 1 to 31");
  if (input.count < 1 || input.count > kMaxDeadlinesPerSeries)
    return Error::invalid("count", "count must be 1 to 52");
  if (input.first_due.size() != 16 || input.first_due[10] != 'T')
    return Error::invalid("first_due", "first_due must be a local time like 2027-03-07T23:59");
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  const std::string zone = here->community.time_zone;
  const auto first_day = parse_day(input.first_due.substr(0, 10));
  if (!first_day || !parse_local(input.first_due, zone))
    return Error::invalid("first_due", "first_due must be a local time like 2027-03-07T23:59");
  std::optional<std::int64_t> cohort_id, project_id;
  if (scope.cohort_key) {
    if (!here->standing.can_manage())
      return Error::forbidden("only organizers set deadlines for a whole cohort");
    auto cohort = academy_.cohort(slug, *scope.cohort_key);
    if (!cohort) return cohort.error();
    cohort_id = cohort->id;
  } else if (scope.project_id) {
    auto project = project_for(viewer, slug, *scope.project_id, true);
    if (!project) return project.error();
    project_id = project->id;
  } else {
    return Error::invalid("scope", "say which cohort or project the deadlines are for");
  }
  // Each deadline keeps its local wall-clock time (23:59 stays 23:59 across DST).
  const std::string clock_time = input.first_due.substr(11);
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto series = transaction->query_one(
      "INSERT INTO activity_deadline_series (community_id, cohort_id, project_id, title, "
      "every_days, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {here->community.id, id_or_null(cohort_id), id_or_null(project_id), input.title,
       std::int64_t{input.every_days}, viewer.user_id(), now});
  if (!series) return series.error();
  const std::int64_t series_id = (*series)->int64(0);
  for (int seq = 1; seq <= input.count; ++seq) {
    const auto due = parse_local(
        format_day(*first_day + static_cast<long>(seq - 1) * input.every_days) + "T" + clock_time,
        zone);
    if (!due) return Error::invalid("first_due", "first_due does not fall in the calendar");
    auto inserted = transaction->execute(
        "INSERT INTO activity_deadlines (series_id, seq, due_at) VALUES (?, ?, ?)",
        {series_id, std::int64_t{seq}, *due});
    if (!inserted) return inserted.error();
  }
  auto rows = transaction->query(std::string("SELECT ") + kDeadlineColumns + kDeadlineFrom +
                                     "WHERE d.series_id = ? ORDER BY d.seq",
                                 {series_id});
  if (!rows) return rows.error();
  std::vector<Deadline> created;
  for (const auto& row : *rows) created.push_back(deadline_from_row(row));
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return created;
}

Result<std::vector<Deadline>> ActivityService::deadlines(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         const DeadlineScope& scope) {
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  std::string where;
  std::vector<db::Value> params;
  if (scope.cohort_key) {
    auto cohort = academy_.cohort(slug, *scope.cohort_key);
    if (!cohort) return cohort.error();
    // The cohort's own deadlines and those of its projects.
    where =
        "s.cohort_id = ? OR s.project_id IN (SELECT id FROM academy_projects WHERE "
        "cohort_id = ?)";
    params = {cohort->id, cohort->id};
  } else if (scope.project_id) {
    auto project = project_for(viewer, slug, *scope.project_id, false);
    if (!project) return project.error();
    where = "s.project_id = ? OR s.cohort_id = ?";
    params = {project->id, id_or_null(project->cohort_id)};
  } else {
    if (!viewer.signed_in()) return Error::unauthenticated();
    // Mine: every deadline that applies to the viewer in this community.
    where =
        "s.community_id = ? AND (s.project_id IN (SELECT project_id FROM project_runners "
        "WHERE user_id = ?) OR s.cohort_id IN (SELECT p.cohort_id FROM project_runners r "
        "JOIN academy_projects p ON p.id = r.project_id WHERE r.user_id = ?))";
    params = {here->community.id, viewer.user_id(), viewer.user_id()};
  }
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(std::string("SELECT ") + kDeadlineColumns + kDeadlineFrom + "WHERE (" +
                                where + ") ORDER BY d.due_at, d.id",
                            params);
  if (!rows) return rows.error();
  std::vector<Deadline> list;
  for (const auto& row : *rows) list.push_back(deadline_from_row(row));
  return list;
}

Result<Submission> ActivityService::submit(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t deadline_id, const SubmissionInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const std::string link = web::trim(input.link);
  if (auto status = check_link(link); !status) return status.error();
  if (web::utf8_length(input.body) > kMaxBodyChars)
    return Error::invalid("body", "body must be at most 20000 characters");
  if (link.empty() && web::trim(input.body).empty())
    return Error::invalid("link", "give a link to your post, or write it here");
  if (input.tags.size() > 5) return Error::invalid("tags", "at most 5 tags");
  for (const auto& tag : input.tags) {
    if (tag.empty() || web::utf8_length(tag) > 30)
      return Error::invalid("tags", "each tag must be 1 to 30 characters");
  }
  const std::int64_t now = clock_.now_seconds();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto place = deadline_place(*transaction, here->community.id, deadline_id);
  if (!place) return place.error();
  auto applies = applies_to(*transaction, place->deadline, viewer.user_id());
  if (!applies) return applies.error();
  if (!applies.value()) return Error::forbidden("this deadline is for the project's runners");
  auto existing = transaction->query_one(
      "SELECT late FROM activity_submissions WHERE deadline_id = ? AND user_id = ?",
      {deadline_id, viewer.user_id()});
  if (!existing) return existing.error();
  const bool on_time = now <= place->deadline.due_at;
  if (existing->has_value() && !on_time)
    return Error::conflict("deadline", "the deadline has passed; the submission is final");
  auto written = transaction->execute(
      "INSERT INTO activity_submissions (deadline_id, user_id, link, body, tags, share, late, "
      "submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (deadline_id, "
      "user_id) DO UPDATE SET link = excluded.link, body = excluded.body, tags = excluded.tags, "
      "share = excluded.share, updated_at = excluded.updated_at",
      {deadline_id, viewer.user_id(), link, input.body, tags_json(input.tags),
       std::int64_t{input.share}, std::int64_t{!on_time}, now, now});
  if (!written) return written.error();
  // Writing after all gives the pass ticket back.
  auto refunded =
      transaction->execute("DELETE FROM activity_passes WHERE deadline_id = ? AND user_id = ?",
                           {deadline_id, viewer.user_id()});
  if (!refunded) return refunded.error();
  auto row = transaction->query_one(std::string("SELECT ") + kSubmissionColumns +
                                        " FROM activity_submissions x JOIN users u ON u.id = "
                                        "x.user_id WHERE x.deadline_id = ? AND x.user_id = ?",
                                    {deadline_id, viewer.user_id()});
  if (!row) return row.error();
  Submission submission = submission_from_row(**row);
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return submission;
}

Result<std::vector<Submission>> ActivityService::submissions(const accounts::Viewer& viewer,
                                                             const std::string& slug,
                                                             std::int64_t deadline_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto place = deadline_place(*reader, here->community.id, deadline_id);
  if (!place) return place.error();
  auto manages = manages_deadline(viewer, slug, place->deadline);
  if (!manages) return manages.error();
  // Builders and organizers read everyone's; a member reads their own.
  auto rows = reader->query(std::string("SELECT ") + kSubmissionColumns +
                                " FROM activity_submissions x JOIN users u ON u.id = x.user_id "
                                "WHERE x.deadline_id = ? AND (? = 1 OR x.user_id = ?) ORDER BY "
                                "x.submitted_at, x.user_id",
                            {deadline_id, std::int64_t{manages.value()}, viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<Submission> list;
  for (const auto& row : *rows) list.push_back(submission_from_row(row));
  return list;
}

Status ActivityService::use_pass(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t deadline_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const std::int64_t now = clock_.now_seconds();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto place = deadline_place(*transaction, here->community.id, deadline_id);
  if (!place) return place.error();
  auto applies = applies_to(*transaction, place->deadline, viewer.user_id());
  if (!applies) return applies.error();
  if (!applies.value()) return Error::forbidden("this deadline is for the project's runners");
  if (now > place->deadline.due_at)
    return Error::conflict("deadline", "a pass ticket is used before the deadline");
  if (!place->settings_cohort_id)
    return Error::conflict("pass_tickets", "this project has no pass tickets");
  auto settings = transaction->query_one(
      "SELECT pass_tickets, no_consecutive_passes FROM activity_cohort_settings WHERE cohort_id "
      "= ?",
      {*place->settings_cohort_id});
  if (!settings) return settings.error();
  const std::int64_t tickets = settings->has_value() ? (*settings)->int64(0) : 0;
  const bool no_consecutive = settings->has_value() && (*settings)->boolean(1);
  auto state = transaction->query_one(
      "SELECT (SELECT COUNT(*) FROM activity_submissions WHERE deadline_id = ? AND user_id = ?), "
      "(SELECT COUNT(*) FROM activity_passes WHERE deadline_id = ? AND user_id = ?)",
      {deadline_id, viewer.user_id(), deadline_id, viewer.user_id()});
  if (!state) return state.error();
  if ((*state)->int64(0) > 0) return Error::conflict("deadline", "you have submitted already");
  if ((*state)->int64(1) > 0) return Error::conflict("deadline", "you used a pass here already");
  auto used = transaction->query_one(
      "SELECT COUNT(*) FROM activity_passes a JOIN activity_deadlines d ON d.id = a.deadline_id "
      "JOIN activity_deadline_series s ON s.id = d.series_id WHERE a.user_id = ? AND "
      "(s.cohort_id = ? OR s.project_id IN (SELECT id FROM academy_projects WHERE cohort_id = "
      "?))",
      {viewer.user_id(), *place->settings_cohort_id, *place->settings_cohort_id});
  if (!used) return used.error();
  if ((*used)->int64(0) >= tickets)
    return Error::conflict("pass_tickets", "no pass tickets left in this cohort");
  if (no_consecutive) {
    auto neighbour = transaction->query_one(
        "SELECT COUNT(*) FROM activity_passes a JOIN activity_deadlines d ON d.id = "
        "a.deadline_id WHERE a.user_id = ? AND d.series_id = ? AND (d.seq = ? OR d.seq = ?)",
        {viewer.user_id(), place->deadline.series_id, std::int64_t{place->deadline.seq - 1},
         std::int64_t{place->deadline.seq + 1}});
    if (!neighbour) return neighbour.error();
    if ((*neighbour)->int64(0) > 0)
      return Error::conflict("pass_tickets", "this cohort allows no two passes in a row");
  }
  auto inserted = transaction->execute(
      "INSERT INTO activity_passes (deadline_id, user_id, used_at) VALUES (?, ?, ?)",
      {deadline_id, viewer.user_id(), now});
  if (!inserted) return inserted.error();
  return transaction->commit();
}

Result<std::vector<Missing>> ActivityService::missing(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      std::int64_t deadline_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto place = deadline_place(*reader, here->community.id, deadline_id);
  if (!place) return place.error();
  auto manages = manages_deadline(viewer, slug, place->deadline);
  if (!manages) return manages.error();
  if (!manages.value()) return Error::forbidden("only builders and organizers see who is missing");
  const bool everyone = here->standing.can_manage();
  // Builders see the runners of their own projects only.
  auto rows = reader->query(
      std::string("SELECT u.id, u.display_name, u.email FROM users u WHERE u.id IN ") +
          kParticipants +
          " AND u.id NOT IN (SELECT user_id FROM activity_submissions WHERE deadline_id = ?) AND "
          "u.id NOT IN (SELECT user_id FROM activity_passes WHERE deadline_id = ?) AND (? = 1 OR "
          "u.id IN (SELECT r.user_id FROM project_runners r JOIN project_builders b ON "
          "b.project_id = r.project_id WHERE b.user_id = ? AND b.accepted_at IS NOT NULL)) "
          "ORDER BY u.display_name, u.id",
      {id_or_null(place->deadline.cohort_id), id_or_null(place->deadline.project_id), deadline_id,
       deadline_id, std::int64_t{everyone}, viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<Missing> list;
  for (const auto& row : *rows) list.push_back({row.int64(0), row.text(1), row.text(2)});
  return list;
}

Result<WritingSettings> ActivityService::writing_settings(const std::string& slug,
                                                          const std::string& cohort_key) {
  auto cohort = academy_.cohort(slug, cohort_key);
  if (!cohort) return cohort.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT pass_tickets, no_consecutive_passes, deposit_start, deposit_per_miss, "
      "reading_list_public FROM activity_cohort_settings WHERE cohort_id = ?",
      {cohort->id});
  if (!row) return row.error();
  WritingSettings settings;
  if (row->has_value()) {
    const db::Row& values = **row;
    settings = {static_cast<int>(values.int64(0)), values.boolean(1),
                static_cast<int>(values.int64(2)), static_cast<int>(values.int64(3)),
                values.boolean(4)};
  }
  return settings;
}

Result<WritingSettings> ActivityService::set_writing_settings(const accounts::Viewer& viewer,
                                                              const std::string& slug,
                                                              const std::string& cohort_key,
                                                              const WritingSettings& settings) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (settings.pass_tickets < 0 || settings.pass_tickets > 50)
    return Error::invalid("pass_tickets", "pass_tickets must be 0 to 50");
  if (settings.deposit_start < 0 || settings.deposit_start > 10'000'000)
    return Error::invalid("deposit_start", "deposit_start must be 0 to 10000000");
  if (settings.deposit_per_miss < 0 || settings.deposit_per_miss > settings.deposit_start)
    return Error::invalid("deposit_per_miss", "deposit_per_miss must be 0 to deposit_start");
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage()) return Error::forbidden("only organizers change this");
  auto cohort = academy_.cohort(slug, cohort_key);
  if (!cohort) return cohort.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto written = transaction->execute(
      "INSERT INTO activity_cohort_settings (cohort_id, pass_tickets, no_consecutive_passes, "
      "deposit_start, deposit_per_miss, reading_list_public, updated_at) VALUES (?, ?, ?, ?, ?, "
      "?, ?) ON CONFLICT (cohort_id) DO UPDATE SET pass_tickets = excluded.pass_tickets, "
      "no_consecutive_passes = excluded.no_consecutive_passes, deposit_start = "
      "excluded.deposit_start, deposit_per_miss = excluded.deposit_per_miss, reading_list_public "
      "= excluded.reading_list_public, updated_at = excluded.updated_at",
      {cohort->id, std::int64_t{settings.pass_tickets},
       std::int64_t{settings.no_consecutive_passes}, std::int64_t{settings.deposit_start},
       std::int64_t{settings.deposit_per_miss}, std::int64_t{settings.reading_list_public},
       clock_.now_seconds()});
  if (!written) return written.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return settings;
}

Result<WritingStanding> ActivityService::writing_standing(const accounts::Viewer& viewer,
                                                          const std::string& slug,
                                                          const std::string& cohort_key,
                                                          std::int64_t user_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (user_id != viewer.user_id() && !here->standing.can_manage())
    return Error::forbidden("only organizers see another member's standing");
  auto settings = writing_settings(slug, cohort_key);
  if (!settings) return settings.error();
  auto cohort = academy_.cohort(slug, cohort_key);
  if (!cohort) return cohort.error();
  const std::int64_t now = clock_.now_seconds();
  auto reader = database_.read();
  if (!reader) return reader.error();
  // Deadlines of the cohort, or of a project of it the member runs in.
  auto row = reader->query_one(
      "SELECT COUNT(*), SUM(CASE WHEN x.user_id IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN "
      "x.late = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN a.user_id IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN x.user_id IS NULL AND a.user_id IS NULL AND d.due_at <= ? THEN 1 ELSE 0 "
      "END), SUM(CASE WHEN d.due_at <= ? THEN 1 ELSE 0 END) FROM activity_deadlines d JOIN "
      "activity_deadline_series s ON s.id = d.series_id LEFT JOIN activity_submissions x ON "
      "x.deadline_id = d.id AND x.user_id = ? LEFT JOIN activity_passes a ON a.deadline_id = "
      "d.id AND a.user_id = ? WHERE (s.cohort_id = ? AND EXISTS (SELECT 1 FROM project_runners "
      "r JOIN academy_projects p ON p.id = r.project_id WHERE r.user_id = ? AND p.cohort_id = "
      "?)) OR s.project_id IN (SELECT r.project_id FROM project_runners r JOIN academy_projects "
      "p ON p.id = r.project_id WHERE r.user_id = ? AND p.cohort_id = ?)",
      {now, now, user_id, user_id, cohort->id, user_id, cohort->id, user_id, cohort->id});
  if (!row) return row.error();
  const db::Row& values = **row;
  auto number = [&](std::size_t column) {
    return values.is_null(column) ? 0 : static_cast<int>(values.int64(column));
  };
  WritingStanding standing;
  standing.submitted = number(1);
  standing.late = number(2);
  standing.passes_used = number(3);
  standing.missed = number(4);
  standing.deadlines_past = number(5);
  standing.passes_left = std::max(0, settings->pass_tickets - standing.passes_used);
  if (settings->deposit_start > 0)
    standing.deposit_balance =
        std::max(0, settings->deposit_start - settings->deposit_per_miss * standing.missed);
  return standing;
}

Result<std::vector<Submission>> ActivityService::reading_list(const std::string& slug,
                                                              const std::string& cohort_key) {
  auto settings = writing_settings(slug, cohort_key);
  if (!settings) return settings.error();
  if (!settings->reading_list_public)
    return Error::not_found("this cohort has no public reading list");
  auto cohort = academy_.cohort(slug, cohort_key);
  if (!cohort) return cohort.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      std::string("SELECT ") + kSubmissionColumns +
          " FROM activity_submissions x JOIN users u ON u.id = x.user_id JOIN activity_deadlines "
          "d ON d.id = x.deadline_id JOIN activity_deadline_series s ON s.id = d.series_id WHERE "
          "x.share = 1 AND x.link <> '' AND (s.cohort_id = ? OR s.project_id IN (SELECT id FROM "
          "academy_projects WHERE cohort_id = ?)) ORDER BY x.submitted_at DESC LIMIT 200",
      {cohort->id, cohort->id});
  if (!rows) return rows.error();
  std::vector<Submission> list;
  for (const auto& row : *rows) list.push_back(submission_from_row(row));
  return list;
}

Result<int> ActivityService::enqueue_due_reminders() {
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  // The reminders count for the deadline's cohort (the organizer's count).
  auto rows = transaction->query(std::string("SELECT ") + kDeadlineColumns +
                                     ", COALESCE(s.cohort_id, (SELECT p.cohort_id FROM "
                                     "academy_projects p WHERE p.id = s.project_id))" +
                                     kDeadlineFrom +
                                     "WHERE d.due_at > ? AND d.due_at <= ? ORDER BY d.due_at",
                                 {now, now + 24 * 3600});
  if (!rows) return rows.error();
  int enqueued = 0;
  for (const auto& row : *rows) {
    const Deadline deadline = deadline_from_row(row);
    // Within the last hour only the 1 h reminder goes out.
    const std::string kind = deadline.due_at - now <= 3600 ? "1h" : "24h";
    auto people = transaction->query(
        std::string("SELECT u.id, u.email, u.display_name, COALESCE(u.locale, '') FROM users u "
                    "WHERE u.id IN ") +
            kParticipants +
            " AND u.id NOT IN (SELECT user_id FROM activity_submissions WHERE deadline_id = ?) "
            "AND u.id NOT IN (SELECT user_id FROM activity_passes WHERE deadline_id = ?)",
        {id_or_null(deadline.cohort_id), id_or_null(deadline.project_id), deadline.id,
         deadline.id});
    if (!people) return people.error();
    for (const auto& person : *people) {
      const std::string key = "activity.deadline_reminder." + kind + ":" +
                              std::to_string(deadline.id) + ":" + std::to_string(person.int64(0));
      auto known = transaction->query_one("SELECT 1 FROM outbox WHERE idempotency_key = ?", {key});
      if (!known) return known.error();
      if (known->has_value()) continue;
      if (auto status = outbox::enqueue(
              *transaction,
              {.kind = "email",
               .target = person.text(1),
               .payload = {{"template", "activity.deadline_reminder"},
                           {"language",
                            person.text(3).empty() ? std::string("ko") : person.text(3)},
                           {"to_name", person.text(2)},
                           {"when", kind},
                           {"deadline_id", deadline.id},
                           {"title", deadline.title},
                           {"seq", deadline.seq},
                           {"due_at", format_utc_iso(deadline.due_at)}},
               .idempotency_key = key,
               .community_id = row.int64(9),
               .cohort_id = row.is_null(10) ? std::nullopt : std::optional(row.int64(10)),
               .purpose = outbox::kPurposeReminder},
              now);
          !status)
        return status.error();
      ++enqueued;
    }
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return enqueued;
}

}  // namespace moim::activity
