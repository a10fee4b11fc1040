#include "features/automation/notion/connection.hpp"

#include <cctype>

#include "features/automation/notion/page_content.hpp"

namespace moim::automation::notion {

namespace {

constexpr const char* kColumns =
    "community_id, token_sealed, database_id, title_property, checked_at, check_message, "
    "updated_at";

Connection connection_from(const db::Row& row) {
  Connection connection;
  connection.community_id = row.int64(0);
  connection.token_sealed = row.text(1);
  connection.database_id = row.text(2);
  connection.title_property = row.text(3);
  if (!row.is_null(4)) connection.checked_at = row.int64(4);
  connection.check_message = row.text(5);
  connection.updated_at = row.int64(6);
  return connection;
}

}  // namespace

Result<std::optional<Connection>> find_connection(db::Transaction& transaction,
                                                  std::int64_t community_id) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kColumns + " FROM notion_connections WHERE community_id = ?",
      {community_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Connection>{};
  return std::optional<Connection>(connection_from(**row));
}

Result<std::optional<Connection>> find_connection(db::Database& database,
                                                  std::int64_t community_id) {
  auto transaction = database.read();
  if (!transaction) return transaction.error();
  return find_connection(*transaction, community_id);
}

std::string token_context(std::int64_t community_id) {
  return "notion.token:" + std::to_string(community_id);
}

Result<std::string> open_token(const crypto::SecretBox* secrets, const Connection& connection) {
  if (secrets == nullptr)
    return Error::conflict("secret_key",
                           "this server has no --secret-key-file, so it cannot open stored tokens");
  return secrets->open(connection.token_sealed, token_context(connection.community_id));
}

Result<std::string> parse_database_id(const std::string& text) {
  // A pasted link ("https://www.notion.so/team/Projects-0b1c…?v=…") ends in the id.
  std::string candidate = text.substr(0, text.find('?'));
  std::string hex;
  for (auto it = candidate.rbegin(); it != candidate.rend() && hex.size() < 32; ++it) {
    if (*it == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(*it))) break;
    hex.insert(hex.begin(), static_cast<char>(std::tolower(static_cast<unsigned char>(*it))));
  }
  if (hex.size() != 32 || text.size() > 300)
    return Error::invalid("database_id",
                          "database_id must be the 32-character id of a Notion database "
                          "(or its link)");
  return hex;
}

CheckOutcome check_database(NotionClient& client, const std::string& token,
                            const std::string& database_id) {
  CheckOutcome outcome;
  const NotionResponse read = client.send(token, "GET", "/v1/databases/" + database_id);
  if (!read.ok() || !read.body.is_object()) {
    outcome.message = read.problem();
    if (read.status == 404)
      outcome.message += " (share the database with the integration: ••• → Connections)";
    return outcome;
  }
  const auto* properties = read.body.as_object().if_contains("properties");
  if (properties == nullptr || !properties->is_object()) {
    outcome.message = "Notion's answer has no properties";
    return outcome;
  }
  boost::json::object missing;
  std::vector<std::string> wrong;
  for (const auto& [name, schema] : properties->as_object()) {
    const auto* type = schema.is_object() ? schema.as_object().if_contains("type") : nullptr;
    if (type && type->is_string() && type->as_string() == "title")
      outcome.title_property = std::string(name);
  }
  for (const PropertySpec& spec : kProperties) {
    const auto* existing = properties->as_object().if_contains(spec.name);
    if (existing == nullptr) {
      missing[spec.name] = boost::json::object{{spec.type, boost::json::object{}}};
      continue;
    }
    const auto* type = existing->is_object() ? existing->as_object().if_contains("type") : nullptr;
    if (!type || !type->is_string() || type->as_string() != spec.type)
      wrong.push_back("'" + std::string(spec.name) + "' must be of type " + std::string(spec.type));
  }
  if (outcome.title_property.empty()) {
    outcome.message = "the database has no title column";
    return outcome;
  }
  if (!wrong.empty()) {
    outcome.message = "rename or change these columns in Notion: ";
    for (std::size_t idx = 0; idx < wrong.size(); ++idx)
      outcome.message += (idx ? "; " : "") + wrong[idx];
    return outcome;
  }
  if (!missing.empty()) {
    const boost::json::value patch = boost::json::object{{"properties", missing}};
    const NotionResponse added =
        client.send(token, "PATCH", "/v1/databases/" + database_id, &patch);
    if (!added.ok()) {
      outcome.message = "could not add the columns moim writes: " + added.problem();
      return outcome;
    }
    for (const auto& [name, unused] : missing) outcome.added.emplace_back(name);
  }
  outcome.ok = true;
  outcome.message = "connected: moim writes to the columns";
  for (const PropertySpec& spec : kProperties)
    outcome.message += " '" + std::string(spec.name) + "'";
  outcome.message += " and the title column '" + outcome.title_property + "'";
  if (!outcome.added.empty()) {
    outcome.message += " (added:";
    for (const auto& name : outcome.added) outcome.message += " '" + name + "'";
    outcome.message += ")";
  }
  return outcome;
}

Status record_check(db::Database& database, std::int64_t community_id, const CheckOutcome& outcome,
                    std::int64_t now) {
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE notion_connections SET title_property = ?, checked_at = ?, check_message = ?, "
      "updated_at = ? WHERE community_id = ?",
      {outcome.ok ? outcome.title_property : std::string(),
       outcome.ok ? db::Value(now) : db::null(), outcome.message, now, community_id});
  if (!updated) return updated.error();
  return transaction->commit();
}

}  // namespace moim::automation::notion
