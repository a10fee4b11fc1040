#include "features/integrations/personal_data.hpp"

namespace moim::automation {

// The Discord account the member linked. Never an OAuth state (a secret of
// a sign-in in progress) nor a connection's sealed token.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  if (auto status = web::add_personal_records(
          out, transaction, "discord_link", {"discord_links"},
          "SELECT discord_user_id, discord_username, linked_at FROM discord_links "
          "WHERE user_id = ?",
          {user_id}, {"discord_user_id", "discord_username", "#linked_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::automation
