#include "features/integrations/notion/notion_service.hpp"

namespace moim::automation::notion {

NotionService::NotionService(db::Database& database, const Clock& clock,
                             communities::CommunitiesService& communities, NotionClient& client,
                             const crypto::SecretBox* secrets)
    : database_(database),
      clock_(clock),
      communities_(communities),
      client_(client),
      secrets_(secrets) {}

Result<communities::Community> NotionService::managed(const accounts::Viewer& viewer,
                                                      const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->can_manage()) return Error::forbidden("only organizers manage integrations");
  return community.value();
}

Result<ConnectionView> NotionService::view(std::int64_t community_id) {
  auto found = find_connection(database_, community_id);
  if (!found) return found.error();
  ConnectionView view;
  if (!found->has_value()) return view;
  view.connected = true;
  view.database_id = (*found)->database_id;
  view.tested = !(*found)->title_property.empty();
  view.checked_at = (*found)->checked_at;
  view.check_message = (*found)->check_message;
  view.data_source_id = (*found)->data_source_id;
  view.data_source_name = (*found)->data_source_name;
  view.data_source_count = (*found)->data_source_count;
  return view;
}

Result<std::pair<communities::Community, ConnectionView>> NotionService::connection(
    const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto current = view(community->id);
  if (!current) return current.error();
  return std::pair{community.value(), current.value()};
}

Result<ConnectionView> NotionService::run_test(std::int64_t community_id) {
  auto found = find_connection(database_, community_id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("Notion is not connected");
  auto token = open_token(secrets_, **found);
  if (!token) return token.error();
  // Outside any transaction: this talks to Notion.
  const CheckOutcome outcome = check_database(client_, token.value(), (*found)->database_id);
  if (auto status = record_check(database_, community_id, outcome, clock_.now_seconds()); !status)
    return status.error();
  return view(community_id);
}

Result<ConnectionView> NotionService::connect(const accounts::Viewer& viewer,
                                              const std::string& slug, const ConnectInput& input) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  if (secrets_ == nullptr)
    return Error::conflict("token",
                           "this server cannot store tokens: start it with --secret-key-file");
  const std::int64_t now = clock_.now_seconds();
  {
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto saved = transaction->execute(
        "INSERT INTO notion_connections (community_id, token_sealed, database_id, title_property, "
        "checked_at, check_message, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, '', NULL, '', ?, ?, ?) ON CONFLICT (community_id) DO UPDATE SET "
        "token_sealed = excluded.token_sealed, database_id = excluded.database_id, "
        "title_property = '', checked_at = NULL, check_message = '', data_source_id = '', "
        "data_source_name = '', data_source_count = 0, updated_at = excluded.updated_at",
        {community->id, secrets_->seal(input.token, token_context(community->id)),
         input.database_id, viewer.user_id(), now, now});
    if (!saved) return saved.error();
    // Never the token: only the database the pages go to.
    if (auto logged = communities::write_audit(*transaction, community->id, viewer.user_id(),
                                               "community.notion_connected", community->slug,
                                               {{"database_id", input.database_id}}, now);
        !logged)
      return logged.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  return run_test(community->id);
}

Result<ConnectionView> NotionService::test(const accounts::Viewer& viewer,
                                           const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  return run_test(community->id);
}

Status NotionService::disconnect(const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto removed = transaction->execute("DELETE FROM notion_connections WHERE community_id = ?",
                                      {community->id});
  if (!removed) return removed.error();
  if (auto logged = communities::write_audit(*transaction, community->id, viewer.user_id(),
                                             "community.notion_disconnected", community->slug, {},
                                             clock_.now_seconds());
      !logged)
    return logged;
  return transaction->commit();
}

Result<ConnectInput> connect_input(const std::optional<std::string>& token,
                                   const std::optional<std::string>& database_id) {
  ConnectInput input;
  if (!token || token->empty()) return Error::invalid("token", "token is required");
  if (token->size() > 200) return Error::invalid("token", "token is at most 200 characters");
  for (char ch : *token) {
    if (static_cast<unsigned char>(ch) <= ' ' || static_cast<unsigned char>(ch) >= 0x7f)
      return Error::invalid("token", "token has characters a Notion token never has");
  }
  input.token = *token;
  if (!database_id || database_id->empty())
    return Error::invalid("database_id", "database_id is required");
  auto parsed = parse_database_id(*database_id);
  if (!parsed) return parsed.error();
  input.database_id = parsed.value();
  return input;
}

}  // namespace moim::automation::notion
