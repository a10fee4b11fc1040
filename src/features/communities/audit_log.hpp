// The community's audit log, read (issue #16): organizers browse what was
// decided, by whom and on what, filter it, and export it as CSV. Every room
// writes its entries with write_audit() in the transaction of the decision
// (communities_service.hpp); this is the one place that reads them back.
#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/communities/communities_service.hpp"

namespace moim::communities {

inline constexpr int kAuditPageSize = 50;
inline constexpr int kAuditCsvMaxRows = 100000;

// The areas of the log: the part of an action before its dot
// ("event.created" is in "event"). Each has a name in the catalog
// (audit_area_<area>).
inline constexpr std::array<std::string_view, 11> kAuditAreas{
    "community", "member",       "cohort", "application", "allocation", "project",
    "activity",  "certificates", "coffee", "event",       "mentoring"};

struct AuditFilter {
  std::string area;                      // empty: every area; else one of kAuditAreas
  std::optional<std::int64_t> actor_id;  // only what this person did
  std::optional<std::int64_t> from;      // UTC seconds, inclusive
  std::optional<std::int64_t> until;     // UTC seconds, exclusive
  std::string subject;                   // part of what it was done on, any case
  std::string before;                    // a page's `next` cursor, empty for the newest
};

struct AuditEntry {
  std::int64_t id = 0;
  std::string action;          // e.g. "member.stage_changed"
  std::string area;            // "member"
  std::string subject;         // what it was done on, as the room wrote it
  boost::json::object detail;  // before → after, counts, the reason where one was asked
  std::int64_t created_at = 0;
  std::optional<std::int64_t> actor_id;  // empty: moim itself
  std::string actor_name;                // empty for moim, or an erased account
};

struct AuditPage {
  Community community;
  std::vector<AuditEntry> entries;  // newest first
  std::string next;                 // the cursor of the following page; empty on the last
};

// Organizers (and platform admins) only: anyone else gets 401/403, as for
// every management page.
class AuditLog {
 public:
  AuditLog(db::Database& database, CommunitiesService& communities)
      : database_(database), communities_(communities) {}

  // One page of entries, newest first. A bad area, cursor, date range or an
  // over-long subject is a 400 naming the field.
  Result<AuditPage> entries(const accounts::Viewer& viewer, const std::string& slug,
                            const AuditFilter& filter, int limit = kAuditPageSize);
  // Every matching entry (up to kAuditCsvMaxRows), newest first: UTF-8 with
  // a BOM, cells defused against spreadsheet formulas. Columns: id,
  // created_at, actor, action, subject, detail.
  Result<std::string> csv(const accounts::Viewer& viewer, const std::string& slug,
                          const AuditFilter& filter);

 private:
  db::Database& database_;
  CommunitiesService& communities_;
};

}  // namespace moim::communities
