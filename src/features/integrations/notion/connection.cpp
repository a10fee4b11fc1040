#include "features/integrations/notion/connection.hpp"

#include <cctype>

#include "features/integrations/notion/page_content.hpp"

namespace moim::automation::notion {

namespace {

constexpr const char* kColumns =
    "community_id, token_sealed, database_id, title_property, checked_at, check_message, "
    "updated_at, data_source_id, data_source_name, data_source_count";

Connection connection_from(const db::Row& row) {
  Connection connection;
  connection.community_id = row.int64(0);
  connection.token_sealed = row.text(1);
  connection.database_id = row.text(2);
  connection.title_property = row.text(3);
  if (!row.is_null(4)) connection.checked_at = row.int64(4);
  connection.check_message = row.text(5);
  connection.updated_at = row.int64(6);
  connection.data_source_id = row.text(7);
  connection.data_source_name = row.text(8);
  connection.data_source_count = row.int64(9);
  return connection;
}

std::string text_of(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The data sources a database lists ({id, name}), in Notion's order.
std::vector<std::pair<std::string, std::string>> data_sources_of(
    const boost::json::value& database) {
  std::vector<std::pair<std::string, std::string>> sources;
  const auto* listed =
      database.is_object() ? database.as_object().if_contains("data_sources") : nullptr;
  if (listed == nullptr || !listed->is_array()) return sources;
  for (const auto& entry : listed->as_array()) {
    if (!entry.is_object()) continue;
    const std::string id = text_of(entry.as_object(), "id");
    if (!id.empty()) sources.emplace_back(id, text_of(entry.as_object(), "name"));
  }
  return sources;
}

std::string plain(std::string id) {
  std::erase(id, '-');
  return id;
}

// Which data source of the database (or pasted data source) moim writes to.
// Fills outcome's data source fields, or its message when there is none.
bool choose_data_source(NotionClient& client, const std::string& token, const std::string& id,
                        CheckOutcome& outcome) {
  const NotionResponse database = client.send(token, "GET", "/v1/databases/" + id);
  std::vector<std::pair<std::string, std::string>> sources;
  if (database.ok()) {
    sources = data_sources_of(database.body);
    if (sources.empty()) {
      outcome.message = "the database has no data source moim can write to";
      return false;
    }
    outcome.data_source_id = sources.front().first;
    outcome.data_source_name = sources.front().second;
    outcome.data_source_count = static_cast<std::int64_t>(sources.size());
    return true;
  }
  if (database.status != 404) {
    outcome.message = database.problem();
    return false;
  }
  // Not a database the integration sees: perhaps the id of one of its data
  // sources, which is how an organizer picks one of several.
  const NotionResponse source = client.send(token, "GET", "/v1/data_sources/" + id);
  if (!source.ok() || !source.body.is_object()) {
    outcome.message = database.problem() +
                      " (share the database with the integration: ••• → "
                      "Connections)";
    return false;
  }
  outcome.data_source_id = text_of(source.body.as_object(), "id");
  if (outcome.data_source_id.empty()) outcome.data_source_id = id;
  outcome.data_source_count = 1;
  const auto* parent = source.body.as_object().if_contains("parent");
  const std::string parent_id =
      parent && parent->is_object() ? text_of(parent->as_object(), "database_id") : "";
  if (!parent_id.empty()) {
    const NotionResponse container = client.send(token, "GET", "/v1/databases/" + parent_id);
    if (container.ok()) sources = data_sources_of(container.body);
  }
  if (!sources.empty()) outcome.data_source_count = static_cast<std::int64_t>(sources.size());
  for (const auto& [source_id, name] : sources) {
    if (plain(source_id) == plain(outcome.data_source_id)) outcome.data_source_name = name;
  }
  return true;
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
  if (!choose_data_source(client, token, database_id, outcome)) return outcome;
  const std::string source_path = "/v1/data_sources/" + outcome.data_source_id;
  const NotionResponse read = client.send(token, "GET", source_path);
  if (!read.ok() || !read.body.is_object()) {
    outcome.message = read.problem();
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
    const NotionResponse added = client.send(token, "PATCH", source_path, &patch);
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
  if (outcome.data_source_count > 1)
    outcome.message += " of the data source '" + outcome.data_source_name + "' (one of " +
                       std::to_string(outcome.data_source_count) + ")";
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
      "data_source_id = ?, data_source_name = ?, data_source_count = ?, updated_at = ? "
      "WHERE community_id = ?",
      {outcome.ok ? outcome.title_property : std::string(),
       outcome.ok ? db::Value(now) : db::null(), outcome.message,
       outcome.ok ? outcome.data_source_id : std::string(), outcome.data_source_name,
       outcome.data_source_count, now, community_id});
  if (!updated) return updated.error();
  return transaction->commit();
}

Result<std::string> data_source_of(db::Database& database, NotionClient& client,
                                   const std::string& token, const Connection& connection,
                                   std::int64_t now) {
  if (!connection.data_source_id.empty()) return connection.data_source_id;
  const CheckOutcome outcome = check_database(client, token, connection.database_id);
  if (auto status = record_check(database, connection.community_id, outcome, now); !status)
    return status.error();
  if (!outcome.ok) return Error::conflict("notion", outcome.message);
  return outcome.data_source_id;
}

}  // namespace moim::automation::notion
