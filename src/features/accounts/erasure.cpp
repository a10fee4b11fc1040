// The accounts room's erasure rule (features/accounts/personal_data.hpp).
#include "features/accounts/personal_data.hpp"

#include <string>

namespace moim::accounts {

Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  // A unique address nobody can own (.invalid is reserved, RFC 2606).
  const std::string empty_address = "erased-" + std::to_string(id) + "@erased.invalid";
  return web::run_erasure_steps(
      transaction,
      {
          {"user_interests", "deleted", "DELETE FROM user_interests WHERE user_id = ?", {id}},
          // With no account left, no consent to keep (and a person without
          // rows counts as having agreed to everything: consents.hpp).
          {"consents", "deleted", "DELETE FROM consents WHERE user_id = ?", {id}},
          {"sessions", "deleted", "DELETE FROM sessions WHERE user_id = ?", {id}},
          {"one_time_tokens", "deleted", "DELETE FROM one_time_tokens WHERE user_id = ?", {id}},
          {"api_tokens", "deleted", "DELETE FROM api_tokens WHERE user_id = ?", {id}},
          {"login_links", "deleted", "DELETE FROM login_links WHERE user_id = ?", {id}},
          {"trusted_devices", "deleted", "DELETE FROM trusted_devices WHERE user_id = ?", {id}},
          {"login_failures",
           "deleted",
           "DELETE FROM login_failures WHERE account_key = ?",
           {erasure.email}},
          // No password opens it again; the name is the one every kept record shows.
          {"users",
           "anonymised",
           "UPDATE users SET email = ?, display_name = ?, password_hash = '', "
           "email_verified_at = NULL, is_admin = 0, locale = NULL, bio = '', github_url = '', "
           "blog_url = '', linkedin_url = '', erased_at = ?, updated_at = ? WHERE id = ?",
           {empty_address, std::string(web::kErasedName), erasure.now, erasure.now, id}},
      },
      report);
}

}  // namespace moim::accounts
