// The desired state of a community's Discord server for one cohort, and the
// actions that would close the gap (plan.hpp):
//   - a category named after the cohort;
//   - per approved project a role and a private text channel visible to
//     that role only (and a voice channel when the community asks for one);
//   - placed runners and accepted builders who linked their Discord account
//     have the project's role; dropped members (completion outcome
//     'dropped'), people no longer placed, and everyone once the cohort is
//     closed lose it;
//   - a linked member who is not on the server is invited (a mail with an
//     invite link, once per cohort);
//   - the published allocation is announced (bot: the announcements channel;
//     webhook-only mode: the webhook, and nothing else).
// With a bot, the plan reads the server (roles, channels, members and their
// roles), so drift shows: a role removed by hand is given again. When the
// server cannot be read it falls back to moim's records and says so.
//
// Idempotency keys are deterministic: "discord.<op>:<subject>:<n>", where n
// counts the finished rows for that subject, so planning twice before an
// apply yields the same keys and a drift after a done row yields a new one.
#pragma once

#include "features/automation/plan.hpp"
#include "features/discord/discord_api.hpp"
#include "features/discord/discord_store.hpp"

namespace moim::discord {

class DiscordPlanSource : public automation::PlanSource {
 public:
  // `secrets` may be null: then nothing is connected.
  DiscordPlanSource(db::Database& database, const crypto::SecretBox* secrets, ApiOptions options);

  std::string_view service() const override { return "discord"; }
  Result<automation::ServicePlan> plan(std::int64_t cohort_id) override;

 private:
  db::Database& database_;
  const crypto::SecretBox* secrets_;
  DiscordApi api_;
};

}  // namespace moim::discord
