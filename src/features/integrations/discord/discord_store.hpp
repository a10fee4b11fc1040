// moim's records about Discord (migrations/0010_discord.sql): a community's
// connection with its tokens opened, members' linked accounts, and the
// remote ids of the categories, roles and channels moim created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/db/database.hpp"

namespace moim::discord {

struct Connection {
  std::int64_t community_id = 0;
  std::string mode;       // "bot" or "webhook"
  std::string bot_token;  // opened; empty in webhook mode
  std::string guild_id;
  std::string guild_name;
  std::string announcements_channel_id;  // empty: no announcements in bot mode
  std::string webhook_url;               // opened; webhook mode only
  bool voice_channels = false;
  std::int64_t connected_at = 0;
};

struct NewConnection {
  std::string mode;
  std::string bot_token;
  std::string guild_id;
  std::string guild_name;
  std::string announcements_channel_id;
  std::string webhook_url;
  bool voice_channels = false;
};

// The sealing contexts bind each sealed value to its row and purpose.
std::string bot_token_context(std::int64_t community_id);
std::string webhook_url_context(std::int64_t community_id);

Result<std::optional<Connection>> load_connection(db::Transaction& transaction,
                                                  const crypto::SecretBox& secrets,
                                                  std::int64_t community_id);
Status save_connection(db::Transaction& transaction, const crypto::SecretBox& secrets,
                       std::int64_t community_id, const NewConnection& input,
                       std::optional<std::int64_t> by, std::int64_t now);
Status delete_connection(db::Transaction& transaction, std::int64_t community_id);

// What moim created on a community's server, by its own key
// ("cohort:7:category", "project:12:role", "project:12:text", "project:12:voice").
struct Resource {
  std::string key;
  std::string remote_id;
  std::string name;
};
Result<std::optional<Resource>> find_resource(db::Transaction& transaction,
                                              std::int64_t community_id, const std::string& key);
// Inserts or replaces (a resource deleted by hand and created again gets a new id).
Status record_resource(db::Transaction& transaction, std::int64_t community_id,
                       const Resource& resource, std::int64_t now);

struct Link {
  std::int64_t user_id = 0;
  std::string discord_user_id;
  std::string discord_username;
  std::int64_t linked_at = 0;
};
Result<std::optional<Link>> find_link(db::Transaction& transaction, std::int64_t user_id);
// Replaces the user's link; a Discord account linked to another moim user is a conflict.
Status save_link(db::Transaction& transaction, const Link& link);
Status delete_link(db::Transaction& transaction, std::int64_t user_id);

// Discord ids are snowflakes: decimal digits, at most 20.
bool is_snowflake(const std::string& text);

}  // namespace moim::discord
