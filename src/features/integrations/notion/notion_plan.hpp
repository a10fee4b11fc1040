// The Notion part of "plan before doing": one page per approved project of
// the cohort, compared with the pages moim recorded (create when none,
// update when what it would write changed, remove when a project with a
// page is no longer approved) and, when Notion can be read, with what is
// really there (a recorded page archived or deleted by hand is planned
// again: drift).
#pragma once

#include "features/integrations/notion/notion_client.hpp"
#include "features/integrations/plan.hpp"
#include "platform/base/clock.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/db/database.hpp"

namespace moim::automation::notion {

class NotionPlanSource : public PlanSource {
 public:
  NotionPlanSource(db::Database& database, const Clock& clock, NotionClient& client,
                   const crypto::SecretBox* secrets);
  std::string_view service() const override { return "notion"; }
  Result<ServicePlan> plan(std::int64_t cohort_id) override;

 private:
  db::Database& database_;
  const Clock& clock_;
  NotionClient& client_;
  const crypto::SecretBox* secrets_;
};

}  // namespace moim::automation::notion
