#include "features/activity/search_source.hpp"

#include "platform/db/text_search.hpp"

namespace moim::activity {

namespace {

// The text the index holds (migrations/0039_search.sql), spelled alike.
constexpr std::string_view kSearchedText = "g.learned || ' ' || g.blocked";

Result<std::vector<search::SearchHit>> find_growth_logs(db::Transaction& transaction,
                                                        const search::SearchRequest& request) {
  std::vector<search::SearchHit> hits;
  // The log pages' rule: growth logs are for the community's members.
  if (!request.viewer.is_member && !request.viewer.can_manage) return hits;
  // The newest first, by id (the order they were written in): the index
  // yields matches in that order, so a common word stops after `limit`
  // matching rows instead of sorting tens of thousands of them.
  const bool sqlite = transaction.dialect() == db::Dialect::kSqlite;
  std::vector<db::Value> params;
  std::string from = "activity_growth_logs g WHERE ";
  if (sqlite) {
    auto expression = db::fts5_match(transaction, "activity_growth_logs_fts_terms", request.text);
    if (!expression) return expression.error();
    if (!expression->has_value()) return hits;
    from =
        "activity_growth_logs_fts f JOIN activity_growth_logs g ON g.id = f.rowid WHERE "
        "activity_growth_logs_fts MATCH ? AND ";
    params.push_back(**expression);
  } else {
    from += db::pg_contains(kSearchedText) + " AND ";
    params.push_back(request.text);
    params.push_back(request.text);
  }
  params.push_back(request.community_id);
  params.push_back(std::int64_t{request.limit});
  auto rows = transaction.query(
      "SELECT g.id, g.user_id, g.week_start, g.learned || ' ' || g.blocked, g.created_at FROM " +
          from + "g.community_id = ? AND g.visibility = 'public' ORDER BY " +
          (sqlite ? "f.rowid" : "g.id") + " DESC LIMIT ?",
      params);
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    hits.push_back({.kind = "growth_log",
                    .id = row.int64(0),
                    .title = row.text(2),
                    .text = row.text(3),
                    .url = "/c/" + request.community_slug + "/members/" +
                           std::to_string(row.int64(1)) + "/logs",
                    .score = search::kTextScore,
                    .time = row.int64(4)});
  }
  return hits;
}

}  // namespace

search::SearchSource growth_logs_search_source() { return {"growth_log", find_growth_logs}; }

}  // namespace moim::activity
