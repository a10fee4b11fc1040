// The organizers' member list: search and filter with pages, its CSV, and
// one member's record.
#include "features/communities/member_rows.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/db/like_pattern.hpp"
#include "platform/web/csv_cell.hpp"
#include "platform/web/input.hpp"

namespace moim::communities {

Result<MemberPage> CommunitiesService::members(const accounts::Viewer& viewer,
                                               const std::string& slug, const MemberQuery& query) {
  auto managed_community = managed(viewer, slug);
  if (!managed_community) return managed_community.error();
  if (web::utf8_length(query.text) > kMaxSearchChars) {
    return Error::invalid("q",
                          "q must be at most " + std::to_string(kMaxSearchChars) + " characters");
  }
  if (query.page < 1 || query.page > 100000)
    return Error::invalid("page", "page must be 1 or more");
  if (query.per_page < 1 || query.per_page > 5000)
    return Error::invalid("per_page", "per_page must be 1 to 5000");
  std::string where = " WHERE m.community_id = ?";
  std::vector<db::Value> params{managed_community->first.id};
  if (!query.text.empty()) {
    where += " AND (lower(u.display_name) LIKE ? ESCAPE '\\' OR lower(u.email) LIKE ? ESCAPE '\\')";
    params.emplace_back(db::like_contains(query.text));
    params.emplace_back(db::like_contains(query.text));
  }
  if (query.stage) {
    where += " AND m.stage = ?";
    params.emplace_back(std::string(stage_name(*query.stage)));
  }
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto total = reader->query(
      "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id" + where, params);
  if (!total) return total.error();
  std::vector<db::Value> page_params = params;
  page_params.emplace_back(std::int64_t{query.per_page});
  page_params.emplace_back(
      std::int64_t{(query.page - 1) * static_cast<std::int64_t>(query.per_page)});
  auto rows = reader->query(
      "SELECT u.id, u.display_name, u.email, m.stage, m.joined_at FROM memberships m JOIN users u "
      "ON u.id = m.user_id" +
          where + " ORDER BY u.display_name, u.id LIMIT ? OFFSET ?",
      page_params);
  if (!rows) return rows.error();
  MemberPage page{{}, total->front().int64(0), query.page, query.per_page};
  std::map<std::int64_t, std::size_t> index;
  for (const auto& row : *rows) {
    index[row.int64(0)] = page.members.size();
    page.members.push_back(member_from_row(row));
  }
  if (!page.members.empty()) {
    auto interests = reader->query(
        "SELECT i.user_id, i.tag FROM user_interests i JOIN memberships m ON m.user_id = i.user_id "
        "WHERE m.community_id = ? ORDER BY i.tag",
        {managed_community->first.id});
    if (!interests) return interests.error();
    for (const auto& row : *interests) {
      if (auto found = index.find(row.int64(0)); found != index.end()) {
        page.members[found->second].interests.push_back(row.text(1));
      }
    }
  }
  return page;
}

Result<std::string> CommunitiesService::members_csv(const accounts::Viewer& viewer,
                                                    const std::string& slug,
                                                    const MemberQuery& query) {
  MemberQuery everything = query;
  everything.page = 1;
  everything.per_page = 5000;
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
  csv += "name,email,stage,joined_at,interests\r\n";
  for (;;) {
    auto page = members(viewer, slug, everything);
    if (!page) return page.error();
    for (const auto& member : page->members) {
      std::string interests;
      for (const auto& tag : member.interests) interests += (interests.empty() ? "" : ";") + tag;
      csv += web::csv_cell(member.display_name) + "," + web::csv_cell(member.email) + "," +
             std::string(stage_name(member.stage)) + "," + format_utc_iso(member.joined_at) + "," +
             web::csv_cell(interests) + "\r\n";
    }
    if (static_cast<std::int64_t>(everything.page) * everything.per_page >= page->total) break;
    ++everything.page;
  }
  return csv;
}

Result<Member> CommunitiesService::member(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t user_id) {
  auto managed_community = managed(viewer, slug);
  if (!managed_community) return managed_community.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT u.id, u.display_name, u.email, m.stage, m.joined_at FROM memberships m JOIN users u "
      "ON u.id = m.user_id "
      "WHERE m.community_id = ? AND m.user_id = ?",
      {managed_community->first.id, user_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("this person is not a member of the community");
  Member found = member_from_row(**row);
  auto interests =
      reader->query("SELECT tag FROM user_interests WHERE user_id = ? ORDER BY tag", {user_id});
  if (!interests) return interests.error();
  for (const auto& tag_row : *interests) found.interests.push_back(tag_row.text(0));
  return found;
}

}  // namespace moim::communities
