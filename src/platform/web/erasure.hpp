// Erasing one person (issue #16): each room's rule for what it holds about
// them, run by the privacy room for every room in one transaction once an
// account's grace period is over. A room deletes what was only theirs
// (applications, private growth logs, opt-ins) and keeps what others rely on
// (attendance, retrospectives, groups, certificates) under kErasedName, with
// no personal field left. What it did comes back as counts per table, kept
// as the erasure's record: never the data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::web {

// The name every kept record shows for an erased person, in both languages
// because it is stored once and read by everyone.
inline constexpr std::string_view kErasedName = "탈퇴한 회원 · Deleted member";

struct Erasure {
  std::int64_t user_id = 0;
  std::int64_t now = 0;
  std::string email;         // the address before erasure (mails written to it)
  std::string display_name;  // the name before erasure (certificates keep its keyed hash)
  // 32 raw bytes derived from the server's secret key for keyed name hashes;
  // empty when the server has none (certificates then salt per row).
  std::string name_key;
};

struct ErasedRows {
  std::string table;
  std::string action;  // "deleted" | "anonymised"
  std::int64_t rows = 0;
};
using ErasureReport = std::vector<ErasedRows>;

// A room's part: `Status erase_personal(db::Transaction&, const Erasure&, ErasureReport&)`,
// declared in the room's personal_data.hpp beside its export.
inline void add_erased(ErasureReport& report, std::string table, std::string action,
                       std::int64_t rows) {
  if (rows > 0) report.push_back({std::move(table), std::move(action), rows});
}

// One statement of a room's rule: what it does to which table.
struct ErasureStep {
  std::string table;
  std::string action;  // "deleted" | "anonymised"; "" when not counted (a counter kept in step)
  std::string sql;
  std::vector<db::Value> params;
};

// Runs the steps in order in the caller's transaction, counting the rows
// each touched. (Inline: the web library does not link the database one.)
inline Status run_erasure_steps(db::Transaction& transaction, const std::vector<ErasureStep>& steps,
                                ErasureReport& report) {
  for (const ErasureStep& step : steps) {
    auto done = transaction.execute(step.sql, step.params);
    if (!done) return done.error();
    if (!step.action.empty()) add_erased(report, step.table, step.action, done.value());
  }
  return ok_status();
}

}  // namespace moim::web
