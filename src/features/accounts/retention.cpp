#include "features/accounts/retention.hpp"

namespace moim::accounts {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kSessionGrace = 1 * kDay;
constexpr std::int64_t kLinkGrace = 7 * kDay;
constexpr std::int64_t kLoginFailureAge = 1 * kDay;

// Counts, then deletes unless a dry run, the rows `where` names.
Result<std::int64_t> purge(db::Transaction& transaction, const std::string& table,
                           const std::string& where, std::int64_t cutoff, bool dry_run) {
  auto counted =
      transaction.query_one("SELECT COUNT(*) FROM " + table + " WHERE " + where, {cutoff});
  if (!counted) return counted.error();
  const std::int64_t count = counted.value()->int64(0);
  if (dry_run || count == 0) return count;
  auto deleted = transaction.execute("DELETE FROM " + table + " WHERE " + where, {cutoff});
  if (!deleted) return deleted.error();
  return deleted.value();
}

}  // namespace

Result<ExpiredCredentials> purge_expired_credentials(db::Transaction& transaction, std::int64_t now,
                                                     bool dry_run) {
  ExpiredCredentials out;
  auto sessions = purge(transaction, "sessions", "expires_at < ?", now - kSessionGrace, dry_run);
  if (!sessions) return sessions.error();
  out.sessions = sessions.value();
  auto tokens = purge(transaction, "one_time_tokens", "expires_at < ?", now - kLinkGrace, dry_run);
  if (!tokens) return tokens.error();
  out.one_time_tokens = tokens.value();
  auto links = purge(transaction, "login_links", "expires_at < ?", now - kLinkGrace, dry_run);
  if (!links) return links.error();
  out.login_links = links.value();
  auto failures =
      purge(transaction, "login_failures", "failed_at < ?", now - kLoginFailureAge, dry_run);
  if (!failures) return failures.error();
  out.login_failures = failures.value();
  return out;
}

}  // namespace moim::accounts
