#include "features/coffee/coffee_sql.hpp"

#include <boost/json/serialize.hpp>

namespace moim::coffee {

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = text.find(',', start);
    std::string tag =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!tag.empty()) tags.push_back(tag);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return tags;
}

std::string join_tags(const std::vector<std::string>& tags) {
  std::string text;
  for (const auto& tag : tags) text += (text.empty() ? "" : ",") + tag;
  return text;
}

Status write_audit(db::Transaction& transaction, std::int64_t community_id, std::int64_t actor_id,
                   const std::string& action, const std::string& subject,
                   const boost::json::object& detail, std::int64_t now) {
  auto logged = transaction.execute(
      "INSERT INTO audit_log (community_id, actor_id, action, subject, detail, created_at) VALUES "
      "(?, ?, ?, ?, ?, ?)",
      {community_id, actor_id == 0 ? db::null() : db::Value{actor_id}, action, subject,
       boost::json::serialize(detail), now});
  if (!logged) return logged.error();
  return ok_status();
}

}  // namespace moim::coffee
