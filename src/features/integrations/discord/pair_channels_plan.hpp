// The desired state of a community's Discord server for one announced
// mentoring program, and the actions that would close the gap (plan.hpp):
//   - a category named after the program, split into "Name (1)", "Name (2)"
//     when its pairs pass the 50 channels a category holds;
//   - per pair a private text channel named after both people
//     ("kim-minjun-이서연"): @everyone may not see it, each of the two may
//     through a member overwrite for their linked Discord account, the bot
//     through its own overwrite (as cohort channels);
//   - a linked person who is not on the server is invited (a mail with an
//     invite link, once per program, again when it expired) and let into
//     the channel by a later plan, once they joined;
//   - a person who did not link their account is a notice; their channel is
//     made anyway, and a plan after they link lets them in.
// Only with a bot (webhook-only mode cannot make channels: a notice says so).
// Like the cohort plan it reads the server, so a channel made already is
// never planned twice (recorded in discord_resources, looked up by id) and
// a member whose overwrite was removed by hand is let in again.
//
// Idempotency keys are deterministic: "discord.ensure:mentoring-pair:<pair>
// :text:<n>", "discord.allow:<pair>:<discord user>:<n>", "discord.ensure:
// mentoring:<program>:category:<n>", "discord.invite:mentoring:<program>:
// <user>", with n the finished rows for that subject: planning twice before
// an apply yields the same keys.
//
// No mentoring types here: the service (pair_channels.hpp) asks the
// mentoring room for the program and its pairs and hands them in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_store.hpp"
#include "features/integrations/plan.hpp"
#include "platform/base/clock.hpp"

namespace moim::discord {

struct PairPerson {
  std::int64_t user_id = 0;
  std::string display_name;
};

struct PairWant {
  std::int64_t pair_id = 0;
  PairPerson mentor, mentee;
};

struct ProgramWant {
  std::int64_t community_id = 0;
  std::int64_t id = 0;
  std::string name;
  std::vector<PairWant> pairs;  // in a stable order (by pair id)
};

class PairChannelsPlanner {
 public:
  // `secrets` may be null: then nothing is connected.
  PairChannelsPlanner(db::Database& database, const Clock& clock, const crypto::SecretBox* secrets,
                      ApiOptions options);

  // Reads moim's records and (bot mode) the server; changes nothing.
  Result<automation::ServicePlan> plan(const ProgramWant& program);

 private:
  db::Database& database_;
  const Clock& clock_;  // when invites expire
  const crypto::SecretBox* secrets_;
  DiscordApi api_;
};

}  // namespace moim::discord
