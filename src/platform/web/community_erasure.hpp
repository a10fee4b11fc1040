// Erasing a whole community (issue #16): a platform admin's decision, run by
// the privacy room in one transaction. Each room deletes what it holds about
// people in the community (memberships, applications, attendance, groups,
// registrations ...) and empties the "by" columns of what it keeps, so that
// the community row (a tombstone: its name is the certificates' issuer), its
// cohorts and projects and its certificates (the holder's name only as a
// keyed hash) are all that is left. Accounts are not touched: people belong
// to other communities. What went comes back as counts per table
// (web::ErasureReport), never the data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"

namespace moim::web {

struct CommunityErasure {
  std::int64_t community_id = 0;
  std::int64_t now = 0;
  // As web::Erasure::name_key: certificates keep a hash keyed with it.
  std::string name_key;
  // Read before any room runs, each through its owner (communities,
  // academy), so a room finds its rows without naming another room's table.
  std::vector<std::int64_t> member_ids;  // everyone who was a member
  std::vector<std::int64_t> cohort_ids;
  std::vector<std::int64_t> project_ids;  // in cohorts and year-round labs
};

// "?, ?, ?" for `ids`, appending them to `params`; "NULL" when there are
// none (`x IN (NULL)` matches no row).
// The first column of every row `sql` returns, bound to `id`: the ids a
// room hands the erasure of a community (its members, cohorts, projects).
inline Result<std::vector<std::int64_t>> id_column(db::Transaction& transaction,
                                                   const std::string& sql, std::int64_t id) {
  auto rows = transaction.query(sql, {id});
  if (!rows) return rows.error();
  std::vector<std::int64_t> out;
  for (const auto& row : rows.value()) out.push_back(row.int64(0));
  return out;
}

inline std::string id_placeholders(const std::vector<std::int64_t>& ids,
                                   std::vector<db::Value>& params) {
  if (ids.empty()) return "NULL";
  std::string out;
  for (std::int64_t id : ids) {
    out += out.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  return out;
}

// One step over a list of ids: `sql` holds "(@IDS@)" once.
inline ErasureStep ids_step(std::string table, std::string action, const std::string& sql,
                            const std::vector<std::int64_t>& ids,
                            std::vector<db::Value> leading = {}) {
  std::vector<db::Value> params = std::move(leading);
  const std::string placeholders = id_placeholders(ids, params);
  std::string text = sql;
  const std::string token = "@IDS@";
  if (const auto at = text.find(token); at != std::string::npos)
    text.replace(at, token.size(), placeholders);
  return {std::move(table), std::move(action), std::move(text), std::move(params)};
}

}  // namespace moim::web
