#include "features/academy/search_source.hpp"

#include "platform/db/text_search.hpp"

namespace moim::academy {

namespace {

// The text the index holds (migrations/0039_search.sql), spelled alike.
constexpr std::string_view kSearchedText = "title || ' ' || summary || ' ' || description";

Result<std::vector<search::SearchHit>> find_projects(db::Transaction& transaction,
                                                     const search::SearchRequest& request) {
  std::vector<db::Value> params{request.text};
  auto found =
      db::contains(transaction, "academy_projects", "id", kSearchedText, request.text, params);
  if (!found) return found.error();
  if (!found->has_value()) return std::vector<search::SearchHit>{};
  const std::string match = **found;
  params.push_back(request.community_id);
  params.push_back(std::int64_t{request.viewer.can_manage ? 1 : 0});
  params.push_back(std::int64_t{request.limit});
  auto rows = transaction.query("SELECT id, title, summary || ' ' || description, updated_at, " +
                                    db::holds_query(transaction.dialect(), "title") +
                                    " AS in_title FROM academy_projects WHERE " + match +
                                    " AND community_id = ? AND (status = 'approved' OR ? = 1) "
                                    "ORDER BY in_title DESC, updated_at DESC, id DESC LIMIT ?",
                                params);
  if (!rows) return rows.error();
  std::vector<search::SearchHit> hits;
  for (const auto& row : *rows) {
    hits.push_back(
        {.kind = "project",
         .id = row.int64(0),
         .title = row.text(1),
         .text = row.text(2),
         .url = "/c/" + request.community_slug + "/projects/" + std::to_string(row.int64(0)),
         .score = row.int64(4) != 0 ? search::kTitleScore : search::kTextScore,
         .time = row.int64(3)});
  }
  return hits;
}

}  // namespace

search::SearchSource projects_search_source() { return {"project", find_projects}; }

}  // namespace moim::academy
