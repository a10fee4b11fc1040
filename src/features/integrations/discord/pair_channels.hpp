// Mentoring pairs' private Discord channels, for organizers: the plan of an
// announced program (pair_channels_plan.hpp) shown before anything is done,
// and applying it — every action an outbox row, in one transaction; their
// idempotency keys make a second apply (or a double click) add nothing.
// The program and its pairs come from the mentoring room's service.
#pragma once

#include "features/integrations/discord/discord_service.hpp"
#include "features/integrations/discord/pair_channels_plan.hpp"
#include "features/mentoring/mentoring_service.hpp"

namespace moim::discord {

struct PairChannelsPlan {
  communities::Community community;
  std::int64_t program_id = 0;
  std::string program_name;
  bool announced = false;  // no pairs before the program's matches are announced
  std::size_t pairs = 0;
  automation::ServicePlan plan;
};

struct PairChannelsApplied {
  PairChannelsPlan planned;
  std::int64_t actions = 0;   // in the plan
  std::int64_t enqueued = 0;  // new outbox rows (the rest were there already)
};

class PairChannelsService {
 public:
  PairChannelsService(db::Database& database, const Clock& clock, DiscordService& discord,
                      mentoring::MentoringService& mentoring, PairChannelsPlanner& planner);

  // Organizers (and admins) of the community only: 401, 403, or 404 for a
  // program that is not the community's.
  Result<PairChannelsPlan> plan(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t program_id);
  // 409 naming "program" before its matches are announced, "discord" when
  // the community has no Discord bot connected.
  Result<PairChannelsApplied> apply(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t program_id);

 private:
  db::Database& database_;
  const Clock& clock_;
  DiscordService& discord_;
  mentoring::MentoringService& mentoring_;
  PairChannelsPlanner& planner_;
};

}  // namespace moim::discord
