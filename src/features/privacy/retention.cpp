#include "features/privacy/retention.hpp"

#include <map>

#include "features/academy/retention.hpp"
#include "features/accounts/retention.hpp"
#include "features/activity/retention.hpp"
#include "features/communities/managed.hpp"
#include "features/events/retention.hpp"
#include "features/privacy/data_export.hpp"
#include "platform/db/dry_run.hpp"
#include "platform/outbox/retention.hpp"

namespace moim::privacy {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr int kRecentRuns = 20;

Result<RetentionPolicy> load_policy(db::Transaction& transaction, std::int64_t community_id) {
  auto row = transaction.query_one(
      "SELECT outbox_days, unplaced_applications_days, guest_registrations_days, updated_at "
      "FROM retention_policies WHERE community_id = ?",
      {community_id});
  if (!row) return row.error();
  RetentionPolicy policy;
  if (!row->has_value()) return policy;
  const db::Row& found = *row.value();
  policy.outbox_days = static_cast<int>(found.int64(0));
  policy.unplaced_applications_days = static_cast<int>(found.int64(1));
  policy.guest_registrations_days = static_cast<int>(found.int64(2));
  policy.updated_at = found.int64(3);
  policy.is_default = false;
  return policy;
}

// One community's purges by its policy, in the caller's transaction.
Result<std::vector<RetentionCount>> purge_community(db::Transaction& transaction,
                                                    std::int64_t community_id,
                                                    const RetentionPolicy& policy, std::int64_t now,
                                                    bool dry_run) {
  std::vector<RetentionCount> counts;
  auto outbox = outbox::purge_finished_payloads(transaction, community_id,
                                                now - policy.outbox_days * kDay, dry_run);
  if (!outbox) return outbox.error();
  counts.push_back({"outbox_payloads", outbox.value()});
  auto closed =
      activity::cohorts_closed_before(transaction, now - policy.unplaced_applications_days * kDay);
  if (!closed) return closed.error();
  auto applications =
      academy::purge_unplaced_applications(transaction, community_id, closed.value(), dry_run);
  if (!applications) return applications.error();
  counts.push_back({"unplaced_applications", applications.value()});
  auto guests = events::erase_guest_registrations(
      transaction, community_id, now - policy.guest_registrations_days * kDay, dry_run);
  if (!guests) return guests.error();
  counts.push_back({"guest_registrations", guests.value()});
  return counts;
}

Status record(db::Transaction& transaction, std::optional<std::int64_t> community_id,
              const std::vector<RetentionCount>& counts, std::int64_t now) {
  for (const RetentionCount& count : counts) {
    if (count.count == 0) continue;  // a quiet hour leaves no row
    auto recorded = transaction.execute(
        "INSERT INTO retention_runs (community_id, kind, purged, ran_at) VALUES (?, ?, ?, ?)",
        {community_id ? db::Value{*community_id} : db::null(), count.kind, count.count, now});
    if (!recorded) return recorded.error();
  }
  return ok_status();
}

Status check_days(const std::optional<std::int64_t>& days, const char* field) {
  if (days && (*days < kMinRetentionDays || *days > kMaxRetentionDays)) {
    return Error::invalid(field, std::string(field) + " must be between " +
                                     std::to_string(kMinRetentionDays) + " and " +
                                     std::to_string(kMaxRetentionDays) + " days");
  }
  return ok_status();
}

boost::json::object policy_json(const RetentionPolicy& policy) {
  return {{"outbox_days", policy.outbox_days},
          {"unplaced_applications_days", policy.unplaced_applications_days},
          {"guest_registrations_days", policy.guest_registrations_days}};
}

}  // namespace

Result<RetentionView> RetentionService::view(const accounts::Viewer& viewer,
                                             const std::string& slug) {
  auto community = communities::managed_community(
      communities_, viewer, slug, "only this community's organizers can see its retention");
  if (!community) return community.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  RetentionView view{community.value(), {}, {}, {}};
  auto policy = load_policy(reader.value(), community->id);
  if (!policy) return policy.error();
  view.policy = policy.value();
  auto due = purge_community(reader.value(), community->id, view.policy, clock_.now_seconds(),
                             /*dry_run=*/true);
  if (!due) return due.error();
  view.due = std::move(due.value());
  for (RetentionCount& count : view.due) {
    if (count.count <= db::kDryRunCap) continue;
    count.count = db::kDryRunCap;
    count.more = true;
  }
  auto runs = reader->query(
      "SELECT kind, purged, ran_at FROM retention_runs WHERE community_id = ? "
      "ORDER BY ran_at DESC, id DESC LIMIT ?",
      {community->id, std::int64_t{kRecentRuns}});
  if (!runs) return runs.error();
  for (const auto& row : runs.value())
    view.recent.push_back({row.text(0), row.int64(1), row.int64(2)});
  return view;
}

Result<RetentionPolicy> RetentionService::set_policy(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     const RetentionInput& input) {
  auto community = communities::managed_community(
      communities_, viewer, slug, "only this community's organizers can change its retention");
  if (!community) return community.error();
  for (const auto& [days, field] :
       {std::pair{input.outbox_days, "outbox_days"},
        std::pair{input.unplaced_applications_days, "unplaced_applications_days"},
        std::pair{input.guest_registrations_days, "guest_registrations_days"}}) {
    if (auto status = check_days(days, field); !status) return status.error();
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto before = load_policy(transaction.value(), community->id);
  if (!before) return before.error();
  RetentionPolicy after = before.value();
  if (input.outbox_days) after.outbox_days = static_cast<int>(*input.outbox_days);
  if (input.unplaced_applications_days)
    after.unplaced_applications_days = static_cast<int>(*input.unplaced_applications_days);
  if (input.guest_registrations_days)
    after.guest_registrations_days = static_cast<int>(*input.guest_registrations_days);
  after.is_default = false;
  after.updated_at = now;
  auto saved = transaction->execute(
      "INSERT INTO retention_policies (community_id, outbox_days, unplaced_applications_days, "
      "guest_registrations_days, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (community_id) DO UPDATE SET outbox_days = excluded.outbox_days, "
      "unplaced_applications_days = excluded.unplaced_applications_days, "
      "guest_registrations_days = excluded.guest_registrations_days, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      {community->id, std::int64_t{after.outbox_days},
       std::int64_t{after.unplaced_applications_days}, std::int64_t{after.guest_registrations_days},
       viewer.user_id(), now});
  if (!saved) return saved.error();
  if (auto status = communities::write_audit(
          transaction.value(), community->id, viewer.user_id(), "community.retention_changed",
          community->slug, {{"before", policy_json(before.value())}, {"after", policy_json(after)}},
          now);
      !status) {
    return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return after;
}

Result<std::vector<RetentionCount>> RetentionService::run(bool dry_run) {
  const std::int64_t now = clock_.now_seconds();
  std::map<std::string, std::int64_t> totals;
  auto add = [&totals](const std::vector<RetentionCount>& counts) {
    for (const auto& count : counts) totals[count.kind] += count.count;
  };
  auto communities = communities_.list();
  if (!communities) return communities.error();
  for (const auto& community : communities.value()) {
    auto transaction = database_.write();
    if (!transaction) return transaction.error();
    auto policy = load_policy(transaction.value(), community.id);
    if (!policy) return policy.error();
    auto counts = purge_community(transaction.value(), community.id, policy.value(), now, dry_run);
    if (!counts) return counts.error();
    add(counts.value());
    if (dry_run) continue;  // the transaction rolls back: it only read
    if (auto status = record(transaction.value(), community.id, counts.value(), now); !status)
      return status.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  // The installation's own: credentials past their use, and the outbox rows
  // of no community (account mails) by the default period.
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto credentials = accounts::purge_expired_credentials(transaction.value(), now, dry_run);
  if (!credentials) return credentials.error();
  auto account_mail = outbox::purge_finished_payloads(
      transaction.value(), std::nullopt, now - RetentionPolicy{}.outbox_days * kDay, dry_run);
  if (!account_mail) return account_mail.error();
  auto exports = expire_data_exports(transaction.value(), now, dry_run);
  if (!exports) return exports.error();
  const std::vector<RetentionCount> own{
      {"sessions", credentials->sessions},       {"one_time_tokens", credentials->one_time_tokens},
      {"login_links", credentials->login_links}, {"login_failures", credentials->login_failures},
      {"outbox_payloads", account_mail.value()}, {"data_exports", exports.value()}};
  if (!dry_run) {
    if (auto status = record(transaction.value(), std::nullopt, own, now); !status)
      return status.error();
    if (auto status = transaction->commit(); !status) return status.error();
  }
  add(own);
  std::vector<RetentionCount> out;
  for (const auto& [kind, count] : totals) out.push_back({kind, count});
  return out;
}

}  // namespace moim::privacy
