#include "features/accounts/personal_data.hpp"

namespace moim::accounts {

// Never the password hash, a token's hash, a session's token or form token.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  const std::vector<db::Value> me{user_id};
  if (auto status = web::add_personal_records(
          out, transaction, "profile", {"users"},
          "SELECT id, email, display_name, email_verified_at, is_admin, locale, bio, github_url, "
          "blog_url, linkedin_url, created_at, updated_at FROM users WHERE id = ?",
          me,
          {"#id", "email", "display_name", "#email_verified_at", "#is_admin", "locale", "bio",
           "github_url", "blog_url", "linkedin_url", "#created_at", "#updated_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "interests", {"user_interests"},
          "SELECT tag FROM user_interests WHERE user_id = ? ORDER BY tag", me, {"tag"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "sessions", {"sessions"},
          "SELECT created_at, last_seen_at, expires_at, user_agent, ip FROM sessions "
          "WHERE user_id = ? ORDER BY created_at, id",
          me, {"#created_at", "#last_seen_at", "#expires_at", "user_agent", "ip"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "api_tokens", {"api_tokens"},
          "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens "
          "WHERE user_id = ? ORDER BY id",
          me, {"#id", "name", "prefix", "#created_at", "#last_used_at", "#revoked_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "sign_in_links", {"login_links", "one_time_tokens", "trusted_devices"},
          "SELECT 'login_link', created_at, expires_at, used_at FROM login_links WHERE user_id = ? "
          "UNION ALL SELECT purpose, created_at, expires_at, used_at FROM one_time_tokens "
          "WHERE user_id = ? "
          "UNION ALL SELECT 'trusted_device', created_at, last_used_at, NULL FROM trusted_devices "
          "WHERE user_id = ?",
          {user_id, user_id, user_id},
          {"kind", "#created_at", "#expires_or_last_used_at", "#used_at"});
      !status)
    return status.error();
  // Issue #16: every consent granted and withdrawn, with its policy version.
  if (auto status = web::add_personal_records(
          out, transaction, "consents", {"consents"},
          "SELECT purpose, policy_version, granted_at, withdrawn_at FROM consents "
          "WHERE user_id = ? ORDER BY granted_at, id",
          me, {"purpose", "policy_version", "#granted_at", "#withdrawn_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::accounts
