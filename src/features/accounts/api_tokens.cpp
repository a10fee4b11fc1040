// Personal API tokens: created from a signed-in session, listed, revoked.
#include "features/accounts/accounts_service.hpp"

#include "platform/crypto/crypto.hpp"
#include "platform/web/input.hpp"

namespace moim::accounts {

Result<std::pair<ApiToken, std::string>> AccountsService::create_api_token(
    const Viewer& viewer, const std::string& name) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (viewer.via_api_token) return Error::forbidden("create API tokens from a logged-in session");
  const std::string clean = web::trim(name);
  if (clean.empty() || web::utf8_length(clean) > kMaxTokenNameChars) {
    return Error::invalid(
        "name", "name must be 1 to " + std::to_string(kMaxTokenNameChars) + " characters");
  }
  const std::string token = "moim_" + crypto::random_token();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto count = transaction->query_one(
      "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL",
      {viewer.user_id()});
  if (!count) return count.error();
  if (count.value()->int64(0) >= 20)
    return Error::conflict("name", "at most 20 active tokens; revoke one first");
  auto row = transaction->query_one(
      "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, "
      "?) RETURNING id",
      {viewer.user_id(), clean, crypto::token_digest(token), token.substr(0, 12), now});
  if (!row) return row.error();
  ApiToken created{(*row)->int64(0), clean, token.substr(0, 12), now, std::nullopt, false};
  if (auto status = transaction->commit(); !status) return status.error();
  return std::make_pair(created, token);
}

Result<std::vector<ApiToken>> AccountsService::api_tokens(const Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id "
      "= ? "
      "ORDER BY id DESC",
      {viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<ApiToken> tokens;
  for (const auto& row : *rows) {
    tokens.push_back(
        {row.int64(0), row.text(1), row.text(2), row.int64(3), row.opt_int64(4), !row.is_null(5)});
  }
  return tokens;
}

Status AccountsService::revoke_api_token(const Viewer& viewer, std::int64_t token_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto updated = transaction->execute(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
      {clock_.now_seconds(), token_id, viewer.user_id()});
  if (!updated) return updated.error();
  if (updated.value() == 0) return Error::not_found("no such active token");
  return transaction->commit();
}

}  // namespace moim::accounts
