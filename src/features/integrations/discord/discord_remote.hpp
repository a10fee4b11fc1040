// What the plans for Discord share (discord_plan.cpp for cohorts,
// pair_channels_plan.cpp for mentoring pairs): reading what the server
// really holds, and moim's own records of what it did there — the things it
// created (discord_resources) and the outbox rows it wrote — from which both
// derive deterministic idempotency keys.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_store.hpp"

namespace moim::discord {

struct RemoteChannel {
  std::string id;
  std::string name;
  int type = 0;
  std::string parent_id;
  bool bot_overwrite = false;  // carries the bot's own member overwrite
  // Members (user ids) whose own overwrite allows View Channel.
  std::set<std::string> member_views;
};

// What the server really holds (bot mode, when it could be read).
struct Remote {
  bool read = false;          // roles and channels
  bool members_read = false;  // members (needs the Server Members intent)
  bool members_intent_off = false;
  std::string bot_id;
  std::map<std::string, std::string> roles;  // id -> name
  std::vector<RemoteChannel> channels;
  // Recorded channels missing from the listing, as GET /channels/{id} said:
  std::set<std::string> hidden;  // 403: there, but the bot cannot see it
  std::set<std::string> gone;    // 404 10003: deleted
  std::map<std::string, std::set<std::string>> member_roles;  // user id -> role ids

  const RemoteChannel* channel(const std::string& id) const {
    for (const auto& one : channels)
      if (one.id == id) return &one;
    return nullptr;
  }
  bool listed(const std::string& id) const { return channel(id) != nullptr; }
};

// Reads roles, channels and members; the error text when any read fails.
// Without the Server Members intent, members_intent_off is set and roles
// and channels are still read.
std::string read_remote(DiscordApi& api, const Connection& connection, Remote& remote);

// The listing omits channels the bot cannot view: asks for each recorded one
// it did not show by id, so a hidden channel is never planned a second time.
std::string probe_recorded(DiscordApi& api, const Connection& connection,
                           const std::vector<std::string>& remote_ids, Remote& remote);

struct InviteRow {
  std::string state;
  std::int64_t delivered_at = 0;
};

// moim's records about one community's server, as a plan needs them.
struct PlanRecords {
  std::map<std::string, Resource> recorded;  // by resource key
  // "discord.give:12:34" -> finished rows "discord.give:12:34:<n>" (done,
  // dead or cancelled), so the next key after a drift is a new one.
  std::map<std::string, int> finished;
  std::set<std::string> done_keys;
  std::map<std::string, InviteRow> invites;  // by idempotency key

  // "<prefix>:<finished rows so far>".
  std::string next_key(const std::string& prefix) const;
  bool done(const std::string& key) const { return done_keys.count(key) > 0; }
  // Whether any row "<prefix>:N" is done.
  bool any_done(const std::string& prefix) const;
  // The key of the invite to plan for a member not on the server, or none
  // while their last invite still works: `base` the first time; once it was
  // delivered and has expired (kInviteMaxAgeSeconds), "<base>:<n>" with n
  // the invites finished so far; the open row's key while one is under way.
  std::optional<std::string> invite_key(const std::string& base, std::int64_t now) const;
};

// The remote id of a channel (or category) moim wants, or empty when it is
// missing: the recorded one whatever the listing says, unless Discord said
// it is gone (a hidden one answers as itself: check Remote::hidden); else
// one of that name and type in `parent_id` (a category: anywhere). Without
// a read of the server, the recorded id only.
std::string resolve_channel(const PlanRecords& records, const Remote& remote,
                            const std::string& key, const std::string& name, int channel_type,
                            const std::string& parent_id);

Result<PlanRecords> load_plan_records(db::Transaction& reader, std::int64_t community_id);

}  // namespace moim::discord
