// Plan before doing, for organizers: every registered PlanSource (Notion,
// Discord, email, ...) computes its part of a cohort's plan; "apply"
// enqueues every action in one transaction (idempotency keys make a second
// apply harmless) and remembers which cohort each action served, for the
// cohort's summary. A community may let plans apply themselves: a periodic
// job applies the plans of its cohorts in the selection and running phases,
// so a published allocation, a drop-out or a closed project flows out
// without anyone pressing a button.
#pragma once

#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/integrations/plan.hpp"

namespace moim::automation {

struct CohortRef {
  std::int64_t id = 0;
  std::string key;
  std::string name;
};

// What the plans of a cohort did so far (actions applied through plans).
struct CohortSummary {
  std::int64_t done = 0;
  std::int64_t failed = 0;     // dead: gave up
  std::int64_t waiting = 0;    // pending, delivering, failed (to be retried)
  std::int64_t automatic = 0;  // of all, applied by the periodic job
};

struct CohortPlan {
  communities::Community community;
  CohortRef cohort;
  std::vector<ServicePlan> services;
  CohortSummary summary;
  bool auto_apply = false;
  std::size_t action_count() const;
};

struct ApplyOutcome {
  std::int64_t actions = 0;   // in the plan
  std::int64_t enqueued = 0;  // new outbox rows (the rest were enqueued before)
};

class PlanService {
 public:
  PlanService(db::Database& database, const Clock& clock,
              communities::CommunitiesService& communities);
  // The app registers each connected service's source once, at start-up.
  void add_source(PlanSource& source) { sources_.push_back(&source); }

  Result<std::pair<communities::Community, std::vector<CohortRef>>> cohorts(
      const accounts::Viewer& viewer, const std::string& slug);
  Result<CohortPlan> plan(const accounts::Viewer& viewer, const std::string& slug,
                          const std::string& cohort_key);
  Result<ApplyOutcome> apply(const accounts::Viewer& viewer, const std::string& slug,
                             const std::string& cohort_key);
  Result<bool> auto_apply(const accounts::Viewer& viewer, const std::string& slug);
  Result<bool> set_auto_apply(const accounts::Viewer& viewer, const std::string& slug, bool on);
  // The periodic job: cohorts of auto-applying communities in selection or
  // running. Returns outbox rows enqueued.
  Result<int> apply_due();

 private:
  Result<communities::Community> managed(const accounts::Viewer& viewer, const std::string& slug);
  Result<CohortRef> find_cohort(std::int64_t community_id, const std::string& key);
  Result<std::vector<ServicePlan>> gather(std::int64_t cohort_id);
  // Audited as cohort.plan_applied (by actor_id; 0 for moim's own
  // automatic run, audited only when it queued something new).
  Result<ApplyOutcome> apply_plans(std::int64_t cohort_id, std::int64_t community_id,
                                   const std::vector<ServicePlan>& plans, bool automatic,
                                   std::int64_t actor_id);
  Result<CohortSummary> summary(std::int64_t cohort_id);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  std::vector<PlanSource*> sources_;
};

}  // namespace moim::automation
