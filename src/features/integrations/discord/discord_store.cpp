#include "features/integrations/discord/discord_store.hpp"

#include "features/integrations/discord/consent.hpp"

namespace moim::discord {

std::string bot_token_context(std::int64_t community_id) {
  return "discord.bot_token:" + std::to_string(community_id);
}

std::string webhook_url_context(std::int64_t community_id) {
  return "discord.webhook_url:" + std::to_string(community_id);
}

bool is_snowflake(const std::string& text) {
  if (text.empty() || text.size() > 20) return false;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

Result<std::optional<Connection>> load_connection(db::Transaction& transaction,
                                                  const crypto::SecretBox& secrets,
                                                  std::int64_t community_id) {
  auto row = transaction.query_one(
      "SELECT mode, bot_token_sealed, guild_id, guild_name, announcements_channel_id, "
      "webhook_url_sealed, voice_channels, connected_at FROM discord_connections "
      "WHERE community_id = ?",
      {community_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Connection>();
  const db::Row& found = **row;
  Connection connection;
  connection.community_id = community_id;
  connection.mode = found.text(0);
  if (auto sealed = found.opt_text(1)) {
    auto opened = secrets.open(*sealed, bot_token_context(community_id));
    if (!opened) return opened.error();
    connection.bot_token = std::move(opened.value());
  }
  connection.guild_id = found.opt_text(2).value_or("");
  connection.guild_name = found.text(3);
  connection.announcements_channel_id = found.opt_text(4).value_or("");
  if (auto sealed = found.opt_text(5)) {
    auto opened = secrets.open(*sealed, webhook_url_context(community_id));
    if (!opened) return opened.error();
    connection.webhook_url = std::move(opened.value());
  }
  connection.voice_channels = found.int64(6) != 0;
  connection.connected_at = found.int64(7);
  return std::optional<Connection>(std::move(connection));
}

Status save_connection(db::Transaction& transaction, const crypto::SecretBox& secrets,
                       std::int64_t community_id, const NewConnection& input,
                       std::optional<std::int64_t> by, std::int64_t now) {
  const auto optional_text = [](const std::string& text) {
    return text.empty() ? db::null() : db::Value{text};
  };
  const db::Value bot_token =
      input.bot_token.empty()
          ? db::null()
          : db::Value{secrets.seal(input.bot_token, bot_token_context(community_id))};
  const db::Value webhook_url =
      input.webhook_url.empty()
          ? db::null()
          : db::Value{secrets.seal(input.webhook_url, webhook_url_context(community_id))};
  if (auto removed = delete_connection(transaction, community_id); !removed) return removed;
  auto inserted = transaction.execute(
      "INSERT INTO discord_connections (community_id, mode, bot_token_sealed, guild_id, "
      "guild_name, announcements_channel_id, webhook_url_sealed, voice_channels, connected_by, "
      "connected_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {community_id, input.mode, bot_token, optional_text(input.guild_id), input.guild_name,
       optional_text(input.announcements_channel_id), webhook_url,
       std::int64_t{input.voice_channels ? 1 : 0}, db::maybe(by), now, now});
  if (!inserted) return inserted.error();
  return ok_status();
}

Status delete_connection(db::Transaction& transaction, std::int64_t community_id) {
  auto removed =
      transaction.execute("DELETE FROM discord_connections WHERE community_id = ?", {community_id});
  if (!removed) return removed.error();
  return ok_status();
}

Result<std::optional<Resource>> find_resource(db::Transaction& transaction,
                                              std::int64_t community_id, const std::string& key) {
  auto row = transaction.query_one(
      "SELECT remote_id, name FROM discord_resources WHERE community_id = ? AND resource_key = ?",
      {community_id, key});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Resource>();
  return std::optional<Resource>(Resource{key, (*row)->text(0), (*row)->text(1)});
}

Status record_resource(db::Transaction& transaction, std::int64_t community_id,
                       const Resource& resource, std::int64_t now) {
  auto removed = transaction.execute(
      "DELETE FROM discord_resources WHERE community_id = ? AND resource_key = ?",
      {community_id, resource.key});
  if (!removed) return removed.error();
  auto inserted = transaction.execute(
      "INSERT INTO discord_resources (community_id, resource_key, remote_id, name, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {community_id, resource.key, resource.remote_id, resource.name, now});
  if (!inserted) return inserted.error();
  return ok_status();
}

Result<std::optional<Link>> find_link(db::Transaction& transaction, std::int64_t user_id) {
  auto row = transaction.query_one(
      "SELECT discord_user_id, discord_username, linked_at FROM discord_links WHERE user_id = ?",
      {user_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Link>();
  return std::optional<Link>(Link{user_id, (*row)->text(0), (*row)->text(1), (*row)->int64(2)});
}

Status save_link(db::Transaction& transaction, const Link& link) {
  auto other = transaction.query_one(
      "SELECT user_id FROM discord_links WHERE discord_user_id = ? AND user_id <> ?",
      {link.discord_user_id, link.user_id});
  if (!other) return other.error();
  if (other->has_value())
    return Error::conflict("discord_user_id",
                           "this Discord account is already linked to another member");
  if (auto removed = delete_link(transaction, link.user_id); !removed) return removed;
  auto inserted = transaction.execute(
      "INSERT INTO discord_links (user_id, discord_user_id, discord_username, linked_at) "
      "VALUES (?, ?, ?, ?)",
      {link.user_id, link.discord_user_id, link.discord_username, link.linked_at});
  if (!inserted) return inserted.error();
  return ok_status();
}

Status delete_link(db::Transaction& transaction, std::int64_t user_id) {
  auto removed = transaction.execute("DELETE FROM discord_links WHERE user_id = ?", {user_id});
  if (!removed) return removed.error();
  return ok_status();
}

}  // namespace moim::discord

namespace moim::discord {

// The discord_link consent withdrawn (consent.hpp).
Status unlink_for_withdrawn_consent(db::Transaction& transaction, std::int64_t user_id) {
  return delete_link(transaction, user_id);
}

}  // namespace moim::discord
