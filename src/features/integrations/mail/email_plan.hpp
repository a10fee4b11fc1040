// The email part of "plan before doing": the selection mails every person
// of a cohort should have received once its allocation is published — a
// seat offer for each offered seat (academy.offer:PROJECT:USER) and a result
// for each person not placed or waitlisted (academy.result:RUN:USER) —
// compared with the outbox. A mail whose row is missing, dead or cancelled
// was never received: the plan says "send" and applying enqueues it again
// (a fresh key, "…:resend:N", since the original key is taken).
#pragma once

#include "features/integrations/plan.hpp"
#include "platform/db/database.hpp"

namespace moim::automation {

class EmailPlanSource : public PlanSource {
 public:
  explicit EmailPlanSource(db::Database& database) : database_(database) {}
  std::string_view service() const override { return "email"; }
  Result<ServicePlan> plan(std::int64_t cohort_id) override;

 private:
  db::Database& database_;
};

}  // namespace moim::automation
