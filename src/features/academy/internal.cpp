#include "features/academy/internal.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/web/input.hpp"

namespace moim::academy::internal {

Status add_mail_fields(db::Transaction& transaction, std::int64_t user_id,
                       std::int64_t community_id, const std::string& path,
                       boost::json::object& payload) {
  auto row = transaction.query_one(
      "SELECT u.display_name, COALESCE(NULLIF(u.locale, ''), c.default_locale), c.name, "
      "c.time_zone, c.slug "
      "FROM users u, communities c WHERE u.id = ? AND c.id = ?",
      {user_id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such person or community");
  const db::Row& found = **row;
  payload["to_name"] = found.text(0);
  payload["language"] = found.text(1);
  payload["community"] = found.text(2);
  payload["time_zone"] = found.text(3);
  payload["link"] = "/c/" + found.text(4) + path;
  return ok_status();
}

std::string to_json_list(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}

std::vector<std::string> from_json_list(const std::string& text) {
  std::vector<std::string> items;
  boost::system::error_code error;
  auto value = boost::json::parse(text, error);
  if (error || !value.is_array()) return items;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) items.emplace_back(item.as_string());
  }
  return items;
}

std::string like_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return pattern + "%";
}

std::string csv_cell(const std::string& value) {
  std::string cell = value;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    cell = "'" + cell;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

Status check_texts(const std::vector<std::string>& items, const std::string& field,
                   std::size_t max_items, std::size_t max_chars, bool allow_empty_items) {
  if (items.size() > max_items) {
    return Error::invalid(field,
                          field + " may have at most " + std::to_string(max_items) + " items");
  }
  for (const auto& item : items) {
    if (!web::is_valid_utf8(item)) return Error::invalid(field, field + " is not valid UTF-8");
    if (!allow_empty_items && web::trim(item).empty())
      return Error::invalid(field, field + " may not have empty items");
    if (web::utf8_length(item) > max_chars) {
      return Error::invalid(field, "each of " + field + " must be at most " +
                                       std::to_string(max_chars) + " characters");
    }
  }
  return ok_status();
}

Status count_applicant(db::Transaction& transaction, std::int64_t application_id, int delta) {
  auto changed = transaction.execute(
      "UPDATE academy_projects SET applicants_count = applicants_count + ? WHERE id IN "
      "(SELECT project_id FROM application_choices WHERE application_id = ?)",
      {static_cast<std::int64_t>(delta), application_id});
  if (!changed) return changed.error();
  return ok_status();
}

Status recount_applicants(db::Transaction& transaction, std::int64_t cohort_id) {
  auto changed = transaction.execute(
      "UPDATE academy_projects SET applicants_count = (SELECT COUNT(*) FROM application_choices "
      "ac JOIN applications a ON a.id = ac.application_id WHERE ac.project_id = "
      "academy_projects.id AND a.status = 'submitted') WHERE cohort_id = ?",
      {cohort_id});
  if (!changed) return changed.error();
  return ok_status();
}

Status write_project_audit(db::Transaction& transaction, std::int64_t community_id,
                           std::int64_t actor_id, const std::string& action,
                           std::int64_t project_id, const std::string& subject,
                           boost::json::object detail, std::int64_t now) {
  auto cohort =
      transaction.query_one("SELECT cohort_id FROM academy_projects WHERE id = ?", {project_id});
  if (!cohort) return cohort.error();
  if (cohort.value() && !(*cohort)->is_null(0)) detail["cohort_id"] = (*cohort)->int64(0);
  detail["project_id"] = project_id;
  return write_audit(transaction, community_id, actor_id, action, subject, detail, now);
}

}  // namespace moim::academy::internal
