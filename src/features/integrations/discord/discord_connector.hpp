// Delivers "discord" outbox rows to a community's server through the REST
// API. Each row names one operation in payload.op:
//
//   ensure_category {key, name}
//   ensure_role     {key, name}
//   ensure_channel  {key, name, type: 0 text | 2 voice, category_key,
//                    category_name, role_key, role_name}  private to the role
//   ensure_member_channel {key, name, category_key, category_name,
//                    members: [discord user ids]}  a text channel private
//                    to those members (a mentoring pair's; no role)
//   allow_member    {channel_key, discord_user_id}  one more member may see
//                    that channel (who joined the server or linked later)
//   give_role       {role_key, role_name, discord_user_id}
//   take_role       {role_key, discord_user_id}
//   invite          {user_id, channel_key}  an invite link, mailed (below)
//   announce        {content, nonce}  to the announcements channel, or the
//                                     webhook in webhook-only mode
//
// Exactly once: a thing moim creates is looked up first by its recorded id
// (discord_resources; a channel with GET /channels/{id}, because the listing
// omits channels the bot cannot view), then by name on the server (in its
// category, of its type), and created only when neither finds it, then
// recorded. A recorded channel the bot cannot see (403) is never made again:
// the row fails with what the organizer must fix. A crash between Discord's
// answer and our record finds the thing by name next time instead of
// creating a second one. Role grants are PUT/DELETE (idempotent on Discord's
// side). Creating things is serialised within the process (one worker leads
// per deployment), so two rows needing the same role never both create it.
//
// Every channel moim creates carries the bot's own member overwrite
// (kBotChannelAllow, its user id from GET /users/@me): without it a bot that
// is not Administrator cannot see its own private channels. A channel made
// before that, which the bot can still see (e.g. it was Administrator then),
// gets the overwrite added (PUT /channels/{id}/permissions/{bot id}).
//
// Announcements: enforce_nonce makes Discord drop a repeat only for a few
// minutes, so the message id is recorded on success ("announce:<nonce>"),
// and a retry first looks for the message among the channel's recent ones
// (the bot's, same content) before posting again.
//
// Invites: a member who linked their account but is not on the server gets
// a mail (through the email outbox) with an invite link to the project's
// text channel; we do not keep members' OAuth tokens to add them with
// guilds.join.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <mutex>

#include "features/integrations/connector.hpp"
#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_errors.hpp"
#include "features/integrations/discord/discord_store.hpp"
#include "platform/base/clock.hpp"

namespace moim::discord {

class DiscordConnector : public automation::Connector {
 public:
  // `secrets` may be null (PostgreSQL without --secret-key-file): then no
  // community can be connected and rows wait with that error.
  DiscordConnector(db::Database& database, const Clock& clock, const crypto::SecretBox* secrets,
                   ApiOptions options);

  std::string_view kind() const override { return "discord"; }
  automation::Delivery deliver(const automation::OutboxRow& row) override;

 private:
  struct Ensured {
    std::string id;
    std::optional<automation::Delivery> failure;  // set when the remote refused or failed
    boost::json::value remote;                    // the thing as Discord described it, if known
  };
  // The bot's own user id (GET /users/@me), asked once per token.
  Ensured bot_user(const Connection& connection);
  // Looks a recorded channel up by id: its object, or a failure; an empty
  // id (and no failure) when Discord says it is gone (10003).
  Ensured recorded_channel(const Connection& connection, const std::string& remote_id);
  // Adds the bot's member overwrite to a channel that lacks it.
  std::optional<automation::Delivery> repair_channel(const Connection& connection,
                                                     const Ensured& channel);
  std::optional<automation::Delivery> record(const Connection& connection,
                                             const Resource& resource);
  // Finds or creates the thing named by `key` (see the file comment).
  Ensured ensure(const Connection& connection, const std::string& key, const std::string& name,
                 int channel_type, const boost::json::object& create_body,
                 const std::string& parent_id);
  Ensured ensure_role(const Connection& connection, const std::string& key,
                      const std::string& name);
  Ensured ensure_category(const Connection& connection, const std::string& key,
                          const std::string& name);

  automation::Delivery ensure_channel(const Connection& connection,
                                      const boost::json::object& payload);
  // A mentoring pair's channel and its members (discord_connector_pairs.cpp).
  automation::Delivery ensure_member_channel(const Connection& connection,
                                             const boost::json::object& payload);
  automation::Delivery allow_member(const Connection& connection,
                                    const boost::json::object& payload);
  automation::Delivery member_role(const Connection& connection, const boost::json::object& payload,
                                   bool give);
  automation::Delivery invite(const Connection& connection, const automation::OutboxRow& row,
                              const boost::json::object& payload);
  automation::Delivery announce(const Connection& connection, const automation::OutboxRow& row,
                                const boost::json::object& payload);

  db::Database& database_;
  const Clock& clock_;
  const crypto::SecretBox* secrets_;
  DiscordApi api_;
  std::mutex create_mutex_;  // serialises look-up-then-create
  std::mutex bot_mutex_;
  std::map<std::string, std::string> bot_ids_;  // bot token -> user id; guarded by bot_mutex_
};

// Whether a channel object carries the bot's member overwrite allowing
// everything in kBotChannelAllow.
bool has_bot_overwrite(const boost::json::value& channel, const std::string& bot_user_id);

// How a Discord answer maps onto the outbox: 2xx done, 429 retry after
// retry_after, 5xx and transport failures retry, 4xx permanent with
// Discord's code and message and the organizer's hint (discord_errors.hpp).
automation::Delivery classify_failure(const ApiAnswer& answer, const std::string& doing,
                                      Operation operation);

}  // namespace moim::discord
