// Weekly growth logs with the visibility their writer chose.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "features/activity/activity_service.hpp"
#include "features/activity/internal.hpp"
#include "features/activity/recurrence.hpp"
#include "platform/web/input.hpp"

namespace moim::activity {

using namespace internal;

namespace {

std::string links_json(const std::vector<std::string>& links) {
  boost::json::array array;
  for (const auto& link : links) array.emplace_back(link);
  return boost::json::serialize(array);
}

std::vector<std::string> links_from(const std::string& text) {
  std::vector<std::string> links;
  boost::system::error_code error;
  auto value = boost::json::parse(text, error);
  if (error || !value.is_array()) return links;
  for (const auto& item : value.as_array())
    if (item.is_string()) links.emplace_back(item.as_string());
  return links;
}

constexpr const char* kLogColumns =
    "g.id, g.user_id, u.display_name, g.week_start, g.project_id, g.learned, g.blocked, g.links, "
    "g.visibility, g.updated_at";

GrowthLog log_from_row(const db::Row& row) {
  return {row.int64(0),     row.int64(1), row.text(2), row.text(3),
          row.opt_int64(4), row.text(5),  row.text(6), links_from(row.text(7)),
          row.text(8),      row.int64(9)};
}

}  // namespace

Result<GrowthLog> ActivityService::write_log(const accounts::Viewer& viewer,
                                             const std::string& slug, const GrowthLogInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const auto day = parse_day(input.week);
  if (!day) return Error::invalid("week", "week must be a date YYYY-MM-DD");
  if (!one_of(kVisibilities, input.visibility))
    return Error::invalid("visibility", "visibility must be private, project or public");
  if (web::utf8_length(input.learned) > kMaxLogChars)
    return Error::invalid("learned", "learned must be at most 2000 characters");
  if (web::utf8_length(input.blocked) > kMaxLogChars)
    return Error::invalid("blocked", "blocked must be at most 2000 characters");
  if (web::trim(input.learned).empty() && web::trim(input.blocked).empty())
    return Error::invalid("learned", "write what you learned or what blocked you");
  if (input.links.size() > kMaxLogLinks) return Error::invalid("links", "at most 5 links");
  for (const auto& link : input.links) {
    if (link.size() > kMaxLinkChars ||
        !(link.starts_with("https://") || link.starts_with("http://")) ||
        link.find_first_of(" \"<>") != std::string::npos)
      return Error::invalid("links", "each link must be an http(s) URL");
  }
  if (input.visibility == "project" && !input.project_id)
    return Error::invalid("project_id", "a project-visible log names its project");
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.is_member()) return Error::forbidden("join the community first");
  if (input.project_id) {
    auto project = project_for(viewer, slug, *input.project_id, false);
    if (!project) return Error::invalid("project_id", "no such project here");
  }
  // 1970-01-01 was a Thursday: step back to the week's Monday.
  const long monday = *day - ((*day % 7) + 7 + 3) % 7;
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (input.project_id) {
    auto role = participant_role(*transaction, *input.project_id, viewer.user_id());
    if (!role) return role.error();
    auto builds = transaction->query_one(
        "SELECT 1 FROM project_builders WHERE project_id = ? AND user_id = ? AND accepted_at IS "
        "NOT NULL",
        {*input.project_id, viewer.user_id()});
    if (!builds) return builds.error();
    if (!role->has_value() && !builds->has_value())
      return Error::invalid("project_id", "you are not in that project");
  }
  auto written = transaction->execute(
      "INSERT INTO activity_growth_logs (community_id, user_id, week_start, project_id, learned, "
      "blocked, links, visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (community_id, user_id, week_start) DO UPDATE SET project_id = "
      "excluded.project_id, learned = excluded.learned, blocked = excluded.blocked, links = "
      "excluded.links, visibility = excluded.visibility, updated_at = excluded.updated_at",
      {here->community.id, viewer.user_id(), format_day(monday), db::maybe(input.project_id),
       input.learned, input.blocked, links_json(input.links), input.visibility, now, now});
  if (!written) return written.error();
  auto row = transaction->query_one(
      std::string("SELECT ") + kLogColumns +
          " FROM activity_growth_logs g JOIN users u ON u.id = g.user_id WHERE g.community_id = "
          "? AND g.user_id = ? AND g.week_start = ?",
      {here->community.id, viewer.user_id(), format_day(monday)});
  if (!row) return row.error();
  GrowthLog log = log_from_row(**row);
  // Writing a growth log is taking part: 눈팅 → 소통, in the same transaction.
  if (auto raised = academy_.communities().record_milestone(
          *transaction, here->community.id, viewer.user_id(), communities::Milestone::kGrowthLog,
          now);
      !raised)
    return raised.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return log;
}

Result<std::vector<GrowthLog>> ActivityService::logs(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     std::int64_t user_id) {
  // One rule for the page and the API: growth logs are for signed-in
  // members, "public" ones included (public means every member).
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  // Mine: all. Others': public ones, and project ones of a project the
  // viewer runs, audits or builds.
  const std::int64_t me = viewer.user_id();
  auto rows = reader->query(
      std::string("SELECT ") + kLogColumns +
          " FROM activity_growth_logs g JOIN users u ON u.id = g.user_id WHERE g.community_id = "
          "? AND g.user_id = ? AND (g.user_id = ? OR g.visibility = 'public' OR (g.visibility = "
          "'project' AND g.project_id IN (SELECT project_id FROM project_runners WHERE user_id = "
          "? UNION SELECT project_id FROM project_auditors WHERE user_id = ? UNION SELECT "
          "project_id FROM project_builders WHERE user_id = ? AND accepted_at IS NOT NULL))) "
          "ORDER BY g.week_start DESC LIMIT 200",
      {here->community.id, user_id, me, me, me, me});
  if (!rows) return rows.error();
  std::vector<GrowthLog> list;
  for (const auto& row : *rows) list.push_back(log_from_row(row));
  return list;
}

}  // namespace moim::activity
