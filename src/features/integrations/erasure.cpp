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

namespace moim::automation {

// For every member with a linked Discord account, "take_role" for each role
// moim made on the community's server (bot mode), through the outbox; the
// connection and its resources stay so the worker can still deliver them.
// Plans lose their actions (the summaries name people); the settings and
// connections lose who set them. Discord links are the person's, not the
// community's, and stay.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  auto roles = transaction.query(
      "SELECT r.resource_key, c.guild_id FROM discord_resources r "
      "JOIN discord_connections c ON c.community_id = r.community_id "
      "WHERE r.community_id = ? AND c.mode = 'bot' AND r.resource_key LIKE 'project:%:role' "
      "ORDER BY r.resource_key",
      {id});
  if (!roles) return roles.error();
  std::int64_t queued = 0;
  if (!roles->empty()) {
    std::vector<db::Value> params;
    const std::string members = web::id_placeholders(erasure.member_ids, params);
    auto links =
        transaction.query("SELECT user_id, discord_user_id FROM discord_links WHERE user_id IN (" +
                              members + ") ORDER BY user_id",
                          params);
    if (!links) return links.error();
    for (const auto& link : links.value()) {
      for (const auto& role : roles.value()) {
        const std::string role_key = role.text(0);
        outbox::OutboxMessage message{.kind = "discord",
                                      .target = role.is_null(1) ? std::string() : role.text(1),
                                      .payload = {{"op", "take_role"},
                                                  {"role_key", role_key},
                                                  {"discord_user_id", link.text(1)}},
                                      .idempotency_key = "community_erasure:" + std::to_string(id) +
                                                         ":" + std::to_string(link.int64(0)) + ":" +
                                                         role_key,
                                      .not_before = 0,
                                      .community_id = id};
        if (auto status = outbox::enqueue(transaction, message, erasure.now); !status)
          return status;
        ++queued;
      }
    }
  }
  web::add_erased(report, "outbox", "discord roles taken", queued);
  return web::run_erasure_steps(
      transaction,
      {
          web::ids_step("plan_actions", "deleted",
                        "DELETE FROM plan_actions WHERE cohort_id IN (@IDS@)", erasure.cohort_ids),
          // Nothing more is planned for a community that is gone.
          {"automation_settings",
           "anonymised",
           "UPDATE automation_settings SET updated_by = NULL, auto_apply = 0 WHERE community_id = "
           "?",
           {id}},
          {"discord_connections",
           "anonymised",
           "UPDATE discord_connections SET connected_by = NULL WHERE community_id = ? AND "
           "connected_by IS NOT NULL",
           {id}},
          {"notion_connections",
           "anonymised",
           "UPDATE notion_connections SET created_by = NULL WHERE community_id = ? AND "
           "created_by IS NOT NULL",
           {id}},
      },
      report);
}

}  // namespace moim::automation
