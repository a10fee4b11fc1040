// find_members(): the search behind other rooms' people pickers (a
// project's co-builders and must-accept co-runners), so nobody types a
// numeric user id (issue #12).
#include <algorithm>
#include <cctype>

#include "features/communities/communities_service.hpp"
#include "platform/db/like_pattern.hpp"
#include "platform/web/input.hpp"

namespace moim::communities {

namespace {

constexpr int kMaxMatches = 20;

// "kim@example.com" → "ki***@example.com": enough to tell two 김민수 apart,
// not enough to collect addresses with.
std::string mask_email(const std::string& email) {
  const auto at = email.find('@');
  if (at == std::string::npos) return "***";
  return email.substr(0, std::min<std::size_t>(2, at)) + "***" + email.substr(at);
}

}  // namespace

Result<std::vector<PersonMatch>> CommunitiesService::find_members(std::int64_t community_id,
                                                                  const std::string& text,
                                                                  int limit) {
  const std::string query = web::trim(text);
  if (query.empty()) return Error::invalid("q", "type part of a name or an email");
  if (web::utf8_length(query) > kMaxSearchChars)
    return Error::invalid("q",
                          "q must be at most " + std::to_string(kMaxSearchChars) + " characters");
  limit = std::clamp(limit, 1, kMaxMatches);
  auto reader = database_.read();
  if (!reader) return reader.error();
  const std::string pattern = db::like_contains(query);
  auto rows = reader->query(
      "SELECT u.id, u.display_name, u.email FROM memberships m JOIN users u ON u.id = m.user_id "
      "WHERE m.community_id = ? AND (lower(u.display_name) LIKE ? ESCAPE '\\' OR lower(u.email) "
      "LIKE ? ESCAPE '\\') ORDER BY u.display_name, u.id LIMIT ?",
      {community_id, pattern, pattern, std::int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<PersonMatch> matches;
  for (const auto& row : *rows)
    matches.push_back({row.int64(0), row.text(1), mask_email(row.text(2))});
  return matches;
}

Result<std::vector<PersonMatch>> CommunitiesService::members_by_id(
    std::int64_t community_id, const std::vector<std::int64_t>& user_ids) {
  std::vector<PersonMatch> matches;
  if (user_ids.empty()) return matches;
  if (user_ids.size() > static_cast<std::size_t>(kMaxMatches))
    return Error::invalid("user_ids", "at most 20 people");
  std::string marks;
  std::vector<db::Value> params{community_id};
  for (std::int64_t user_id : user_ids) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(user_id);
  }
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT u.id, u.display_name, u.email FROM memberships m JOIN users u ON u.id = m.user_id "
      "WHERE m.community_id = ? AND m.user_id IN (" +
          marks + ") ORDER BY u.display_name, u.id",
      params);
  if (!rows) return rows.error();
  for (const auto& row : *rows)
    matches.push_back({row.int64(0), row.text(1), mask_email(row.text(2))});
  return matches;
}

}  // namespace moim::communities
