#include "features/events/search_source.hpp"

#include "platform/db/text_search.hpp"

namespace moim::events {

namespace {

// The text the index holds (migrations/0039_search.sql), spelled alike.
constexpr std::string_view kSearchedText = "title || ' ' || venue || ' ' || description";

Result<std::vector<search::SearchHit>> find_events(db::Transaction& transaction,
                                                   const search::SearchRequest& request) {
  std::vector<search::SearchHit> hits;
  std::vector<db::Value> params{request.text};
  auto found = db::contains(transaction, "events", "id", kSearchedText, request.text, params);
  if (!found) return found.error();
  if (!found->has_value()) return hits;
  const std::string match = **found;
  std::string visible = "visibility = 'public'";
  if (request.viewer.is_member) visible = "visibility IN ('public', 'members')";
  if (request.viewer.can_manage) visible = "1 = 1";
  params.push_back(request.community_id);
  params.push_back(std::int64_t{request.limit});
  auto rows = transaction.query("SELECT id, title, venue || ' ' || description, starts_at, " +
                                    db::holds_query(transaction.dialect(), "title") +
                                    " AS in_title FROM events WHERE " + match +
                                    " AND community_id = ? AND (" + visible +
                                    ") ORDER BY in_title DESC, starts_at DESC, id DESC LIMIT ?",
                                params);
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    hits.push_back(
        {.kind = "event",
         .id = row.int64(0),
         .title = row.text(1),
         .text = row.text(2),
         .url = "/c/" + request.community_slug + "/events/" + std::to_string(row.int64(0)),
         .score = row.int64(4) != 0 ? search::kTitleScore : search::kTextScore,
         .time = row.int64(3)});
  }
  return hits;
}

}  // namespace

search::SearchSource events_search_source() { return {"event", find_events}; }

}  // namespace moim::events
