#include "features/integrations/discord/pair_channels.hpp"

#include <algorithm>

#include "platform/outbox/outbox.hpp"

namespace moim::discord {

PairChannelsService::PairChannelsService(db::Database& database, const Clock& clock,
                                         DiscordService& discord,
                                         mentoring::MentoringService& mentoring,
                                         PairChannelsPlanner& planner)
    : database_(database),
      clock_(clock),
      discord_(discord),
      mentoring_(mentoring),
      planner_(planner) {}

Result<PairChannelsPlan> PairChannelsService::plan(const accounts::Viewer& viewer,
                                                   const std::string& slug,
                                                   std::int64_t program_id) {
  // The connection's check is the organizer check (401, 403, 404).
  auto current = discord_.connection(viewer, slug);
  if (!current) return current.error();
  // Looked up within the community: another community's program is a 404.
  auto program = mentoring_.program(viewer, slug, program_id);
  if (!program) return program.error();
  PairChannelsPlan result;
  result.community = current->first;
  result.program_id = program->id;
  result.program_name = program->name;
  result.announced = program->announced_run_id.has_value();
  result.plan.service = "discord";
  if (!result.announced) return result;
  auto pairs = mentoring_.pairs(viewer, slug, program_id);
  if (!pairs) return pairs.error();
  ProgramWant want{.community_id = result.community.id, .id = program->id, .name = program->name};
  for (const auto& pair : pairs.value())
    want.pairs.push_back({pair.id,
                          {pair.mentor.user_id, pair.mentor.display_name},
                          {pair.mentee.user_id, pair.mentee.display_name}});
  std::sort(want.pairs.begin(), want.pairs.end(),
            [](const PairWant& a, const PairWant& b) { return a.pair_id < b.pair_id; });
  result.pairs = want.pairs.size();
  auto planned = planner_.plan(want);
  if (!planned) return planned.error();
  result.plan = std::move(planned.value());
  return result;
}

Result<PairChannelsApplied> PairChannelsService::apply(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       std::int64_t program_id) {
  auto planned = plan(viewer, slug, program_id);
  if (!planned) return planned.error();
  if (!planned->announced)
    return Error::conflict("program", "announce the program's matches first: it has no pairs yet");
  if (!planned->plan.connected)
    return Error::conflict("discord", "connect a Discord bot to this community first");
  PairChannelsApplied applied{std::move(planned.value()), 0, 0};
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  for (const auto& action : applied.planned.plan.actions) {
    auto existing = transaction->query_one("SELECT 1 FROM outbox WHERE idempotency_key = ?",
                                           {action.message.idempotency_key});
    if (!existing) return existing.error();
    if (!existing->has_value()) ++applied.enqueued;
    if (auto status = outbox::enqueue(*transaction, action.message, now); !status)
      return status.error();
    ++applied.actions;
  }
  // Who made the pairs' channels: how many pairs, actions and new ones.
  if (auto status = communities::write_audit(
          *transaction, applied.planned.community.id, viewer.user_id(),
          "mentoring.discord_pair_channels_created", std::to_string(program_id),
          {{"program_id", program_id},
           {"pairs", static_cast<std::int64_t>(applied.planned.pairs)},
           {"actions", applied.actions},
           {"enqueued", applied.enqueued}},
          now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return applied;
}

}  // namespace moim::discord
