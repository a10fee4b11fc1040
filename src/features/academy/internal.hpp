// Helpers shared by the academy service's files; not part of its interface.
#pragma once

#include <boost/json/object.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "features/communities/communities_service.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::academy::internal {

std::string to_json_list(const std::vector<std::string>& items);
std::vector<std::string> from_json_list(const std::string& text);

template <class Names>
bool one_of(const Names& names, std::string_view value) {
  return std::find(names.begin(), names.end(), value) != names.end();
}
template <class Names>
std::string joined(const Names& names) {
  std::string text;
  for (auto name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

// Escapes LIKE wildcards; lower-cases ASCII.
std::string like_pattern(const std::string& text);
// A CSV cell that cannot run as a spreadsheet formula.
std::string csv_cell(const std::string& value);

// The community's audit log belongs to communities: written through its
// service, inside the caller's transaction (actor_id 0 for the system).
using communities::write_audit;
// An entry about one of the community's projects. Its detail names the
// project's cohort, so the decision counts on that cohort's statistics (the
// organizer's count); a lab's entries count for the community only.
Status write_project_audit(db::Transaction& transaction, std::int64_t community_id,
                           std::int64_t actor_id, const std::string& action,
                           std::int64_t project_id, const std::string& subject,
                           boost::json::object detail, std::int64_t now);

// What every academy mail payload carries besides its own fields, so the
// connector can address the person in their language: "language" (their
// chosen locale, else the community's default_locale, as the pages do),
// "to_name", "community", "time_zone" (the community's) and "link", the
// community-relative `path` under /c/{slug}; the connector makes it absolute
// with the configured base URL. Merged into `payload`.
Status add_mail_fields(db::Transaction& transaction, std::int64_t user_id,
                       std::int64_t community_id, const std::string& path,
                       boost::json::object& payload);

// Adds delta (+1 when an application is submitted, -1 when it stops being)
// to the applicants_count of every project the application chooses, inside
// the caller's transaction (migrations/0024_project_applicants_count.sql).
Status count_applicant(db::Transaction& transaction, std::int64_t application_id, int delta);
// Counts the submitted applications of every project of a cohort again
// (after a bulk import).
Status recount_applicants(db::Transaction& transaction, std::int64_t cohort_id);

// Text lists (questions, answers) with per-item limits.
Status check_texts(const std::vector<std::string>& items, const std::string& field,
                   std::size_t max_items, std::size_t max_chars, bool allow_empty_items);

}  // namespace moim::academy::internal
