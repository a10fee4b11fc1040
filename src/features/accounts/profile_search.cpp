#include "features/accounts/profile_search.hpp"

#include "platform/db/text_search.hpp"

namespace moim::accounts {

namespace {

// The text the index holds (migrations/0039_search.sql), spelled alike.
constexpr std::string_view kSearchedText = "display_name || ' ' || bio";

}  // namespace

Result<std::vector<ProfileMatch>> profiles_matching(db::Transaction& transaction,
                                                    const std::string& text, std::int64_t viewer_id,
                                                    int offset, int limit) {
  std::vector<ProfileMatch> matches;
  std::vector<db::Value> params{text};
  auto found = db::contains(transaction, "users", "u.id", kSearchedText, text, params);
  if (!found) return found.error();
  if (!found->has_value()) return matches;
  const std::string match = **found;
  params.push_back(viewer_id);
  params.push_back(std::int64_t{limit});
  params.push_back(std::int64_t{offset});
  // The consent rule of has_consent (consents.cpp): a person with no consent
  // row at all is from before consents and counts as visible.
  auto rows = transaction.query(
      "SELECT u.id, u.display_name, u.bio, " +
          db::holds_query(transaction.dialect(), "u.display_name") +
          " AS in_name, u.created_at FROM users u WHERE " + match +
          " AND (u.id = ? OR EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id AND "
          "c.purpose = 'profile_visible' AND c.withdrawn_at IS NULL) OR NOT EXISTS (SELECT 1 "
          "FROM consents c WHERE c.user_id = u.id)) "
          "ORDER BY in_name DESC, u.created_at DESC, u.id DESC LIMIT ? OFFSET ?",
      params);
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    matches.push_back({.user_id = row.int64(0),
                       .display_name = row.text(1),
                       .bio = row.text(2),
                       .in_name = row.int64(3) != 0,
                       .created_at = row.int64(4)});
  }
  return matches;
}

}  // namespace moim::accounts
