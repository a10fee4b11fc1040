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
//     invite link), again once that invite expired (7 days) and they still
//     have not joined;
//   - a cohort with more projects than a category holds (50 channels) is
//     split into "7기 (1)", "7기 (2)", ...; what would pass the server's
//     limits (500 channels, 250 roles) is not planned and a notice says so;
//   - every channel carries the bot's own overwrite; a recorded channel is
//     looked up by id (GET /channels/{id}) when the listing omits it, never
//     planned a second time, and one the bot cannot see is a notice for the
//     organizer to fix by hand;
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

#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_store.hpp"
#include "features/integrations/plan.hpp"
#include "platform/base/clock.hpp"

namespace moim::discord {

class DiscordPlanSource : public automation::PlanSource {
 public:
  // `secrets` may be null: then nothing is connected.
  DiscordPlanSource(db::Database& database, const Clock& clock, const crypto::SecretBox* secrets,
                    ApiOptions options);

  std::string_view service() const override { return "discord"; }
  Result<automation::ServicePlan> plan(std::int64_t cohort_id) override;

 private:
  db::Database& database_;
  const Clock& clock_;  // when invites expire
  const crypto::SecretBox* secrets_;
  DiscordApi api_;
};

}  // namespace moim::discord
