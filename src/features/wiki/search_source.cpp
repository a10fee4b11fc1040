#include "features/wiki/search_source.hpp"

#include "platform/db/text_search.hpp"

namespace moim::wiki {

namespace {

// The text the index holds (migrations/0041_wiki_search.sql), spelled alike.
constexpr std::string_view kSearchedText = "title || ' ' || body";

Result<std::vector<search::SearchHit>> find_pages(db::Transaction& transaction,
                                                  const search::SearchRequest& request) {
  std::vector<db::Value> params{request.text};
  auto found = db::contains(transaction, "wiki_pages", "id", kSearchedText, request.text, params);
  if (!found) return found.error();
  if (!found->has_value()) return std::vector<search::SearchHit>{};
  const std::string match = **found;
  const bool reads_all = request.viewer.is_member || request.viewer.can_manage;
  params.push_back(request.community_id);
  params.push_back(std::int64_t{reads_all ? 1 : 0});
  params.push_back(std::int64_t{request.limit});
  auto rows = transaction.query("SELECT id, title, body, updated_at, " +
                                    db::holds_query(transaction.dialect(), "title") +
                                    " AS in_title FROM wiki_pages WHERE " + match +
                                    " AND community_id = ? AND (is_public = 1 OR ? = 1) "
                                    "ORDER BY in_title DESC, updated_at DESC, id DESC LIMIT ?",
                                params);
  if (!rows) return rows.error();
  std::vector<search::SearchHit> hits;
  for (const auto& row : *rows) {
    hits.push_back({.kind = "wiki",
                    .id = row.int64(0),
                    .title = row.text(1),
                    .text = row.text(2),
                    .url = "/c/" + request.community_slug + "/wiki/" + std::to_string(row.int64(0)),
                    .score = row.int64(4) != 0 ? search::kTitleScore : search::kTextScore,
                    .time = row.int64(3)});
  }
  return hits;
}

}  // namespace

search::SearchSource pages_search_source() { return {"wiki", find_pages}; }

}  // namespace moim::wiki
