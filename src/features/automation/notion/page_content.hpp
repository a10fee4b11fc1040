// What moim writes to Notion for a project: one database page with a title
// and the properties below, computed from the academy's records. The
// content hash says whether the page needs an update.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::automation::notion {

// The columns moim writes besides the database's own title column. "Test
// connection" adds missing ones; one of the same name but another type is
// reported to the organizer instead of being changed.
struct PropertySpec {
  std::string_view name;
  std::string_view type;  // Notion property type
};
inline constexpr std::string_view kProjectIdProperty = "moim ID";
inline constexpr PropertySpec kProperties[] = {
    {"Builders", "rich_text"}, {"Schedule", "rich_text"}, {"Members", "rich_text"},
    {"Status", "select"},      {"Cohort", "rich_text"},   {kProjectIdProperty, "number"},
};

struct Recipient {
  std::int64_t user_id = 0;
  std::string email;
  std::string name;
  std::string language;
};

struct ProjectPage {
  std::int64_t project_id = 0;
  std::int64_t community_id = 0;
  std::string community_name;
  std::string community_slug;  // for the link to the project's page on moim
  std::string title;
  std::string builders;  // names, comma-separated
  std::string schedule;  // e.g. "Mon 20:00–21:30 (Asia/Seoul) · 2026-03-02 → 2026-05-25 · online"
  std::string members;            // runners and co-runners
  std::string status;             // the cohort's phase: Proposals, Recruiting, ..., Closed
  std::string cohort;             // e.g. "7기"
  std::vector<Recipient> people;  // builders and members: who is mailed the page link

  boost::json::object to_json() const;
  static ProjectPage from_json(const boost::json::object& object);
};

// Approved projects of a cohort as their pages should read now.
Result<std::vector<ProjectPage>> desired_pages(db::Transaction& transaction, std::int64_t cohort_id,
                                               std::int64_t now);

// The "properties" object of POST /v1/pages and PATCH /v1/pages/{id}.
boost::json::object page_properties(const ProjectPage& page, const std::string& title_property);
// Changes whenever anything written to Notion changes.
std::string content_hash(const ProjectPage& page);

}  // namespace moim::automation::notion
