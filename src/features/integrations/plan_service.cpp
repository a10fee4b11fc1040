#include "features/integrations/plan_service.hpp"

#include "platform/log/log.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::automation {

std::size_t CohortPlan::action_count() const {
  std::size_t count = 0;
  for (const auto& service : services) count += service.actions.size();
  return count;
}

PlanService::PlanService(db::Database& database, const Clock& clock,
                         communities::CommunitiesService& communities)
    : database_(database), clock_(clock), communities_(communities) {}

Result<communities::Community> PlanService::managed(const accounts::Viewer& viewer,
                                                    const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->can_manage()) return Error::forbidden("only organizers see and apply plans");
  return community.value();
}

// Cohorts are the academy's; automation reads their key and name only.
Result<CohortRef> PlanService::find_cohort(std::int64_t community_id, const std::string& key) {
  if (key.empty() || key.size() > 40) return Error::not_found("no such cohort");
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT id, cohort_key, name FROM cohorts WHERE community_id = ? AND cohort_key = ?",
      {community_id, key});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such cohort");
  return CohortRef{(*row)->int64(0), (*row)->text(1), (*row)->text(2)};
}

Result<std::pair<communities::Community, std::vector<CohortRef>>> PlanService::cohorts(
    const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto rows = transaction->query(
      "SELECT id, cohort_key, name FROM cohorts WHERE community_id = ? ORDER BY created_at DESC, "
      "id DESC",
      {community->id});
  if (!rows) return rows.error();
  std::vector<CohortRef> list;
  for (const auto& row : rows.value()) list.push_back({row.int64(0), row.text(1), row.text(2)});
  return std::pair{community.value(), std::move(list)};
}

Result<std::vector<ServicePlan>> PlanService::gather(std::int64_t cohort_id) {
  std::vector<ServicePlan> plans;
  for (PlanSource* source : sources_) {
    auto plan = source->plan(cohort_id);
    if (!plan) {
      // One service failing to plan must not hide the others' plans.
      ServicePlan broken;
      broken.service = std::string(source->service());
      broken.connected = true;
      broken.remote_error = plan.error().message;
      plans.push_back(std::move(broken));
      continue;
    }
    plans.push_back(std::move(plan.value()));
  }
  return plans;
}

Result<CohortSummary> PlanService::summary(std::int64_t cohort_id) {
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto rows = transaction->query(
      "SELECT o.state, COUNT(*), SUM(a.automatic) FROM plan_actions a "
      "JOIN outbox o ON o.idempotency_key = a.idempotency_key WHERE a.cohort_id = ? "
      "GROUP BY o.state",
      {cohort_id});
  if (!rows) return rows.error();
  CohortSummary summary;
  for (const auto& row : rows.value()) {
    const std::string state = row.text(0);
    const std::int64_t count = row.int64(1);
    if (state == "done")
      summary.done += count;
    else if (state == "dead")
      summary.failed += count;
    else if (state != "cancelled")
      summary.waiting += count;
    if (!row.is_null(2)) summary.automatic += row.int64(2);
  }
  return summary;
}

Result<CohortPlan> PlanService::plan(const accounts::Viewer& viewer, const std::string& slug,
                                     const std::string& cohort_key) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto cohort = find_cohort(community->id, cohort_key);
  if (!cohort) return cohort.error();
  CohortPlan result{community.value(), cohort.value(), {}, {}, false};
  auto plans = gather(cohort->id);
  if (!plans) return plans.error();
  result.services = std::move(plans.value());
  auto done = summary(cohort->id);
  if (!done) return done.error();
  result.summary = done.value();
  auto automatic = auto_apply(viewer, slug);
  if (!automatic) return automatic.error();
  result.auto_apply = automatic.value();
  return result;
}

Result<ApplyOutcome> PlanService::apply_plans(std::int64_t cohort_id, std::int64_t community_id,
                                              const std::vector<ServicePlan>& plans, bool automatic,
                                              std::int64_t actor_id) {
  const std::int64_t now = clock_.now_seconds();
  ApplyOutcome outcome;
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  for (const auto& plan : plans) {
    for (const auto& action : plan.actions) {
      OutboxMessage message = action.message;
      if (!message.community_id) message.community_id = community_id;
      message.cohort_id = cohort_id;
      auto existing = transaction->query_one("SELECT 1 FROM outbox WHERE idempotency_key = ?",
                                             {message.idempotency_key});
      if (!existing) return existing.error();
      if (!existing->has_value()) ++outcome.enqueued;
      if (auto status = enqueue(*transaction, message, now); !status) return status.error();
      auto noted = transaction->execute(
          "INSERT INTO plan_actions (cohort_id, idempotency_key, service, verb, summary, "
          "automatic, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (cohort_id, idempotency_key) DO NOTHING",
          {cohort_id, message.idempotency_key, plan.service, action.verb, action.summary,
           std::int64_t{automatic ? 1 : 0}, now});
      if (!noted) return noted.error();
      ++outcome.actions;
    }
  }
  // Who applied how many actions; moim's hourly run only when it queued
  // something new (otherwise every hour would say "nothing").
  if (!automatic || outcome.enqueued > 0) {
    if (auto status = communities::write_audit(*transaction, community_id, automatic ? 0 : actor_id,
                                               "cohort.plan_applied", std::to_string(cohort_id),
                                               {{"cohort_id", cohort_id},
                                                {"actions", outcome.actions},
                                                {"enqueued", outcome.enqueued},
                                                {"automatic", automatic}},
                                               now);
        !status)
      return status.error();
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return outcome;
}

Result<ApplyOutcome> PlanService::apply(const accounts::Viewer& viewer, const std::string& slug,
                                        const std::string& cohort_key) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto cohort = find_cohort(community->id, cohort_key);
  if (!cohort) return cohort.error();
  auto plans = gather(cohort->id);
  if (!plans) return plans.error();
  return apply_plans(cohort->id, community->id, plans.value(), false, viewer.user_id());
}

Result<bool> PlanService::auto_apply(const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT auto_apply FROM automation_settings WHERE community_id = ?", {community->id});
  if (!row) return row.error();
  return row->has_value() && (*row)->boolean(0);
}

Result<bool> PlanService::set_auto_apply(const accounts::Viewer& viewer, const std::string& slug,
                                         bool on) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto saved = transaction->execute(
      "INSERT INTO automation_settings (community_id, auto_apply, updated_by, updated_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (community_id) DO UPDATE SET "
      "auto_apply = excluded.auto_apply, updated_by = excluded.updated_by, "
      "updated_at = excluded.updated_at",
      {community->id, std::int64_t{on ? 1 : 0}, viewer.user_id(), clock_.now_seconds()});
  if (!saved) return saved.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return on;
}

Result<int> PlanService::apply_due() {
  const std::int64_t now = clock_.now_seconds();
  std::vector<std::pair<std::int64_t, std::int64_t>> due;  // cohort, community
  {
    auto transaction = database_.read();
    if (!transaction) return transaction.error();
    auto rows = transaction->query(
        "SELECT c.id, c.community_id FROM cohorts c "
        "JOIN automation_settings s ON s.community_id = c.community_id AND s.auto_apply = 1 "
        "WHERE EXISTS (SELECT 1 FROM cohort_phases p WHERE p.cohort_id = c.id "
        "AND p.phase IN ('selection', 'running') AND p.starts_at <= ? AND ? < p.ends_at) "
        "ORDER BY c.id",
        {now, now});
    if (!rows) return rows.error();
    for (const auto& row : rows.value()) due.emplace_back(row.int64(0), row.int64(1));
  }
  int enqueued = 0;
  for (const auto& [cohort_id, community_id] : due) {
    auto plans = gather(cohort_id);
    if (!plans) return plans.error();
    auto applied = apply_plans(cohort_id, community_id, plans.value(), true, 0);
    if (!applied) return applied.error();
    enqueued += static_cast<int>(applied->enqueued);
  }
  return enqueued;
}

}  // namespace moim::automation
