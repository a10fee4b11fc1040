// The integrations room's erasure rule (features/integrations/personal_data.hpp).
#include "features/integrations/personal_data.hpp"

#include <string>

#include "platform/outbox/outbox.hpp"

namespace moim::automation {

namespace {

// "take_role" for every role moim made on every server still connected in
// bot mode: Discord answers 204 for a role the member does not hold, and the
// plan could not tell afterwards, since the link is what names them there.
Status take_discord_roles(db::Transaction& transaction, const web::Erasure& erasure,
                          web::ErasureReport& report) {
  auto link = transaction.query_one("SELECT discord_user_id FROM discord_links WHERE user_id = ?",
                                    {erasure.user_id});
  if (!link) return link.error();
  if (!link->has_value()) return ok_status();
  const std::string discord_user_id = (*link)->text(0);
  auto roles = transaction.query(
      "SELECT r.community_id, r.resource_key, c.guild_id FROM discord_resources r "
      "JOIN discord_connections c ON c.community_id = r.community_id "
      "WHERE c.mode = 'bot' AND r.resource_key LIKE 'project:%:role' "
      "ORDER BY r.community_id, r.resource_key");
  if (!roles) return roles.error();
  std::int64_t queued = 0;
  for (const auto& role : roles.value()) {
    const std::int64_t community_id = role.int64(0);
    const std::string role_key = role.text(1);
    outbox::OutboxMessage message{
        .kind = "discord",
        .target = role.is_null(2) ? std::string() : role.text(2),
        .payload = {{"op", "take_role"},
                    {"role_key", role_key},
                    {"discord_user_id", discord_user_id}},
        .idempotency_key = "erasure:" + std::to_string(erasure.user_id) + ":" + role_key,
        .not_before = 0,
        .community_id = community_id};
    if (auto status = outbox::enqueue(transaction, message, erasure.now); !status) return status;
    ++queued;
  }
  web::add_erased(report, "outbox", "discord roles taken", queued);
  return ok_status();
}

}  // namespace

Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  if (auto status = take_discord_roles(transaction, erasure, report); !status) return status;
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"discord_links", "deleted", "DELETE FROM discord_links WHERE user_id = ?", {id}},
          {"discord_oauth_states",
           "deleted",
           "DELETE FROM discord_oauth_states WHERE user_id = ?",
           {id}},
          {"mail_preferences",
           "deleted",
           "DELETE FROM mail_preferences WHERE email = ?",
           {erasure.email}},
      },
      report);
}

}  // namespace moim::automation
