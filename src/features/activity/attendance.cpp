// Check-in with a rotating code (and its QR code), and attendance that
// builders correct afterwards; every status change leaves a row in
// activity_attendance_changes.
#include "features/activity/activity_service.hpp"
#include "features/activity/checkin_code.hpp"
#include "features/activity/internal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/input.hpp"
#include "platform/web/qr_svg.hpp"

namespace moim::activity {

using namespace internal;

namespace {

// Writes the status and its trail row in the caller's transaction.
Status record(db::Transaction& transaction, std::int64_t session_id, std::int64_t user_id,
              const std::optional<std::string>& old_status, const std::string& new_status,
              const std::string& source, const std::string& reason, std::int64_t changed_by,
              std::int64_t now) {
  auto written = transaction.execute(
      "INSERT INTO activity_attendance (session_id, user_id, status, source, recorded_at) VALUES "
      "(?, ?, ?, ?, ?) ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status, "
      "source = excluded.source, recorded_at = excluded.recorded_at",
      {session_id, user_id, new_status, source, now});
  if (!written) return written.error();
  auto trail = transaction.execute(
      "INSERT INTO activity_attendance_changes (session_id, user_id, old_status, new_status, "
      "reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {session_id, user_id, db::maybe(old_status), new_status, reason, changed_by, now});
  if (!trail) return trail.error();
  return ok_status();
}

Result<std::optional<std::string>> current_status(db::Transaction& reader, std::int64_t session_id,
                                                  std::int64_t user_id) {
  auto row = reader.query_one(
      "SELECT status FROM activity_attendance WHERE session_id = ? AND user_id = ?",
      {session_id, user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<std::string>{};
  return std::optional<std::string>{(*row)->text(0)};
}

}  // namespace

std::string ActivityService::check_in_url(const std::string& slug, std::int64_t session_id,
                                          const std::string& code) const {
  return base_url_ + "/c/" + slug + "/sessions/" + std::to_string(session_id) +
         "/check-in?code=" + code;
}

Result<CheckIn> ActivityService::open_check_in(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t session_id,
                                               int minutes) {
  if (minutes < kMinCheckInMinutes || minutes > kMaxCheckInMinutes)
    return Error::invalid("minutes", "minutes must be 5 to 180");
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  if (place->session.status == "skipped")
    return Error::conflict("status", "a skipped session takes no check-ins");
  const std::int64_t now = clock_.now_seconds();
  // Opening is for the day of the session: from 12 hours before it starts.
  if (now < place->session.starts_at - 12 * 3600)
    return Error::conflict("starts_at", "check-in opens at most 12 hours before the session");
  {
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto written = transaction->execute(
        "INSERT INTO activity_checkins (session_id, secret, opened_by, opened_at, closes_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET secret = excluded.secret, "
        "opened_by = excluded.opened_by, opened_at = excluded.opened_at, closes_at = "
        "excluded.closes_at",
        {session_id, crypto::random_token(20), viewer.user_id(), now, now + minutes * 60LL});
    if (!written) return written.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
  }
  return check_in_code(viewer, slug, session_id);
}

Result<CheckIn> ActivityService::check_in_code(const accounts::Viewer& viewer,
                                               const std::string& slug, std::int64_t session_id) {
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  const std::int64_t now = clock_.now_seconds();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT secret, closes_at FROM activity_checkins WHERE session_id = ? AND closes_at > ?",
      {session_id, now});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("check-in is not open for this session");
  CheckIn check_in;
  check_in.session_id = session_id;
  check_in.code = code_at((*row)->text(0), now, kCodeWindowSeconds);
  check_in.code_expires_at = code_window_end(now, kCodeWindowSeconds);
  check_in.closes_at = (*row)->int64(1);
  check_in.url = check_in_url(slug, session_id, check_in.code);
  auto svg = web::qr_svg(check_in.url);
  if (!svg) return svg.error();
  check_in.qr_svg = std::move(svg.value());
  return check_in;
}

Status ActivityService::close_check_in(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t session_id) {
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto closed = transaction->execute(
      "UPDATE activity_checkins SET closes_at = ? WHERE session_id = ? AND closes_at > ?",
      {clock_.now_seconds(), session_id, clock_.now_seconds()});
  if (!closed) return closed.error();
  return transaction->commit();
}

Result<std::string> ActivityService::check_in(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t session_id,
                                              const std::string& code) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = place_of(viewer, slug, session_id, false);
  if (!place) return place.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto role = participant_role(*transaction, place->project.id, viewer.user_id());
  if (!role) return role.error();
  if (!role->has_value())
    return Error::forbidden("only the project's runners and auditors check in");
  auto row = transaction->query_one(
      "SELECT secret FROM activity_checkins WHERE session_id = ? AND closes_at > ?",
      {session_id, now});
  if (!row) return row.error();
  if (!row->has_value()) return Error::conflict("check_in", "check-in is not open");
  auto failures = transaction->query_one(
      "SELECT failures FROM activity_checkin_failures WHERE session_id = ? AND user_id = ?",
      {session_id, viewer.user_id()});
  if (!failures) return failures.error();
  if (failures->has_value() && (*failures)->int64(0) >= kMaxWrongCodes)
    return Error::too_many("too many wrong codes; ask a builder to mark your attendance");
  if (!code_matches((*row)->text(0), web::trim(code), now, kCodeWindowSeconds)) {
    // Nothing else was written: the transaction commits just the count, so
    // it survives the refusal.
    auto counted = transaction->execute(
        "INSERT INTO activity_checkin_failures (session_id, user_id, failures) VALUES (?, ?, 1) "
        "ON CONFLICT (session_id, user_id) DO UPDATE SET failures = "
        "activity_checkin_failures.failures + 1",
        {session_id, viewer.user_id()});
    if (!counted) return counted.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return Error::invalid("code", "the code is wrong or has expired; use the one shown now");
  }
  auto before = current_status(*transaction, session_id, viewer.user_id());
  if (!before) return before.error();
  // A second check-in, or one after a builder's mark, changes nothing.
  if (before->has_value()) return **before;
  const std::string status =
      now > place->session.starts_at + kLateAfterSeconds ? "late" : "present";
  if (auto written = record(*transaction, session_id, viewer.user_id(), std::nullopt, status,
                            "code", kCodeCheckInNote, viewer.user_id(), now);
      !written)
    return written.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return status;
}

Result<std::vector<Attendance>> ActivityService::attendance(const accounts::Viewer& viewer,
                                                            const std::string& slug,
                                                            std::int64_t session_id) {
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT p.user_id, u.display_name, p.role, a.status, a.source FROM (SELECT user_id, "
      "'runner' AS role FROM project_runners WHERE project_id = ? UNION SELECT user_id, 'auditor' "
      "FROM project_auditors WHERE project_id = ? AND user_id NOT IN (SELECT user_id FROM "
      "project_runners WHERE project_id = ?)) p JOIN users u ON u.id = p.user_id LEFT JOIN "
      "activity_attendance a ON a.session_id = ? AND a.user_id = p.user_id ORDER BY p.role DESC, "
      "u.display_name, p.user_id",
      {place->project.id, place->project.id, place->project.id, session_id});
  if (!rows) return rows.error();
  std::vector<Attendance> list;
  for (const auto& row : *rows)
    list.push_back({row.int64(0), row.text(1), row.text(2), row.opt_text(3), row.opt_text(4)});
  return list;
}

Result<Attendance> ActivityService::mark(const accounts::Viewer& viewer, const std::string& slug,
                                         std::int64_t session_id, std::int64_t user_id,
                                         const std::string& status, const std::string& reason) {
  if (!one_of(kAttendanceStatuses, status))
    return Error::invalid("status", "status must be present, late, excused or absent");
  if (web::utf8_length(reason) > kMaxReasonChars)
    return Error::invalid("reason", "reason must be at most 500 characters");
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  if (place->session.status == "skipped")
    return Error::conflict("status", "a skipped session has no attendance");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto role = participant_role(*transaction, place->project.id, user_id);
  if (!role) return role.error();
  if (!role->has_value())
    return Error::invalid("user_id", "user_id is not a runner or auditor of this project");
  auto before = current_status(*transaction, session_id, user_id);
  if (!before) return before.error();
  if (*before != status) {
    if (auto written = record(*transaction, session_id, user_id, *before, status, "builder", reason,
                              viewer.user_id(), now);
        !written)
      return written.error();
  }
  auto name = transaction->query_one("SELECT display_name FROM users WHERE id = ?", {user_id});
  if (!name) return name.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return Attendance{user_id, name->has_value() ? (*name)->text(0) : "", **role, status,
                    std::string("builder")};
}

Result<std::vector<AttendanceChange>> ActivityService::attendance_changes(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t session_id) {
  auto place = place_of(viewer, slug, session_id, true);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT c.user_id, c.old_status, c.new_status, c.reason, COALESCE(c.changed_by, 0), "
      "COALESCE(u.display_name, ''), c.changed_at FROM activity_attendance_changes c LEFT JOIN "
      "users u ON u.id = c.changed_by WHERE c.session_id = ? ORDER BY c.changed_at, c.id",
      {session_id});
  if (!rows) return rows.error();
  std::vector<AttendanceChange> changes;
  for (const auto& row : *rows)
    changes.push_back({row.int64(0), row.opt_text(1), row.text(2), row.text(3), row.int64(4),
                       row.text(5), row.int64(6)});
  return changes;
}

}  // namespace moim::activity
