// What moim writes to Notion for a project: one page in the database's data
// source with a title and the properties below, computed from the academy's
// records, and a body (the project's summary and description) written when
// the page is created. The content hash says whether the page needs an
// update.
//
// Notion's request limits are kept here: an empty text is `[]` (Notion
// refuses an empty text.content), a text object holds at most 2,000
// characters (longer text becomes several objects) and a request carries at
// most 100 blocks (the connector sends the body in chunks of kMaxBlocks).
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
  std::string summary;            // the body, written once when the page is created
  std::string description;        // markdown
  std::vector<Recipient> people;  // builders and members: who is mailed the page link

  boost::json::object to_json() const;
  static ProjectPage from_json(const boost::json::object& object);
};

// Approved projects of a cohort as their pages should read now.
Result<std::vector<ProjectPage>> desired_pages(db::Transaction& transaction, std::int64_t cohort_id,
                                               std::int64_t now);

// Notion's limits: characters (UTF-16 units, as Notion counts them) per
// text object, and elements per array (rich text objects, blocks).
inline constexpr std::size_t kMaxTextUnits = 2000;
inline constexpr std::size_t kMaxBlocks = 100;

// A rich text array: [] for "", else text objects of at most kMaxTextUnits
// each, split between code points (at most kMaxBlocks of them: 200,000
// characters, far beyond any field moim writes).
boost::json::array rich_text(std::string_view text);
// The page's body as blocks: the summary, then the description one block
// per line (#, ##, ### headings, - or * bullets, "1." numbers, > quotes).
// Empty lines are skipped. May be longer than kMaxBlocks.
boost::json::array page_body(const ProjectPage& page);

// The "properties" object of POST /v1/pages and PATCH /v1/pages/{id}.
boost::json::object page_properties(const ProjectPage& page, const std::string& title_property);
// Changes whenever a property written to Notion changes. Not the body: moim
// writes it once, then it belongs to the project (builders take notes there).
std::string content_hash(const ProjectPage& page);

}  // namespace moim::automation::notion
