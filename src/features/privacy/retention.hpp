// Retention (issue #16): each community keeps what it no longer needs for a
// period its organizers set, then the leader's job purges it and records how
// much (counts, never the data). What is purged, and how, is each owning
// room's rule (academy/retention.hpp, events/retention.hpp,
// accounts/retention.hpp, platform/outbox/retention.hpp); this service holds
// the periods, runs the rooms' purges and shows organizers what is due.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/communities/communities_service.hpp"
#include "platform/base/clock.hpp"

namespace moim::privacy {

inline constexpr int kMinRetentionDays = 1;
inline constexpr int kMaxRetentionDays = 3650;  // ten years

// A community's periods, in days.
struct RetentionPolicy {
  int outbox_days = 90;                  // finished mails and deliveries: address and body
  int unplaced_applications_days = 365;  // after the cohort closed
  int guest_registrations_days = 180;    // after the event ended
  bool is_default = true;                // no organizer has set them yet
  std::optional<std::int64_t> updated_at;
};

struct RetentionInput {
  std::optional<std::int64_t> outbox_days;
  std::optional<std::int64_t> unplaced_applications_days;
  std::optional<std::int64_t> guest_registrations_days;
};

// The kinds a community's purge counts; each has a name in the catalog
// (retention_kind_<kind>).
inline constexpr std::array<std::string_view, 3> kCommunityKinds{
    "outbox_payloads", "unplaced_applications", "guest_registrations"};

struct RetentionCount {
  std::string kind;
  std::int64_t count = 0;
  bool more = false;  // a dry run stopped counting at db::kDryRunCap: "1000+"
};

struct RetentionRun {
  std::string kind;
  std::int64_t purged = 0;
  std::int64_t ran_at = 0;
};

struct RetentionView {
  communities::Community community;
  RetentionPolicy policy;
  std::vector<RetentionCount> due;   // what a run now would purge (a dry run)
  std::vector<RetentionRun> recent;  // the last runs that purged something, newest first
};

class RetentionService {
 public:
  RetentionService(db::Database& database, const Clock& clock,
                   communities::CommunitiesService& communities)
      : database_(database), clock_(clock), communities_(communities) {}

  // Organizers (and platform admins): the policy, what is due, recent runs.
  Result<RetentionView> view(const accounts::Viewer& viewer, const std::string& slug);
  // Sets the periods given (others keep theirs), audited with before → after.
  // A period outside 1..3650 days is a 400 naming it; nothing is written.
  Result<RetentionPolicy> set_policy(const accounts::Viewer& viewer, const std::string& slug,
                                     const RetentionInput& input);
  // The leader's job: every community by its policy, and the installation's
  // own leftovers (expired sessions and tokens, old login failures, the
  // outbox rows of no community). One transaction per community; each kind
  // that purged something is recorded. A dry run writes nothing. Returns
  // the totals per kind.
  Result<std::vector<RetentionCount>> run(bool dry_run);

 private:
  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
};

}  // namespace moim::privacy
