// Plan before doing: for a cohort, each connected service (Discord, Notion,
// mail) computes the state it should be in — who has which role, which
// channels and pages exist, who received which mail — compares it with what
// was done (and, where the service can be read, with what is really there,
// so drift such as a role removed by hand shows up), and lists the actions
// that would close the gap. Applying a plan enqueues those actions as outbox
// rows in one transaction; their idempotency keys keep a second apply harmless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::automation {

// The outbox is the platform's (platform/outbox); integrations use its names.
using namespace outbox;

struct PlannedAction {
  std::string verb;       // "create", "update" or "remove"
  std::string summary;    // for people, e.g. "give the role '7기 · LLM 스터디' to 김민준"
  OutboxMessage message;  // what applying enqueues
  // The summary for the plan page, in the viewer's language: a catalog key
  // whose {name} placeholders take summary_args (a value "catalog:KEY" is
  // itself translated). Empty: the page shows `summary`.
  std::string summary_key = {};
  std::vector<std::pair<std::string, std::string>> summary_args = {};
};

// Something an organizer must know before applying (a limit the plan stops
// at, a thing only they can fix by hand): a catalog key and what it is about
// (names, counts), shown as "<text>: <subject>".
struct PlanNotice {
  std::string key;
  std::string subject;
};

struct ServicePlan {
  std::string service;  // "discord", "notion", "email"
  bool connected = false;
  int in_sync = 0;  // desired items already in place
  std::vector<PlannedAction> actions;
  // Set when the remote could not be read: the plan then rests on moim's own
  // records only and cannot show drift.
  std::string remote_error;
  std::vector<PlanNotice> notices;
};

// One per service. plan() may read the remote (outside any transaction) but
// changes nothing.
class PlanSource {
 public:
  virtual ~PlanSource() = default;
  virtual std::string_view service() const = 0;
  virtual Result<ServicePlan> plan(std::int64_t cohort_id) = 0;
};

}  // namespace moim::automation
