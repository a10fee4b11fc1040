// The parts of query_plans_test.cpp that read HTML and SQLite's plans, kept
// apart so they have tests of their own (query_plans_check_test.cpp). Test
// code only: linked into moim_app_test, never into the server.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"

namespace moim::testing_plans {

// A same-site target ("/path?query") for an href or Location found on the
// page `current`; empty for another site, a fragment or a relative path.
std::string local_target(std::string_view href, std::string_view current);
// The same-site targets of every href="..." in a page, entities decoded.
std::vector<std::string> links(std::string_view html, std::string_view current);

// One plan row that reads a whole table: "SCAN <table>", with or without an
// index (walking all of an index reads every row too).
struct Scan {
  std::string table;
  std::string detail;  // the plan row, as SQLite wrote it
};

class PlanChecker {
 public:
  // Reads the schema's table names.
  static Result<PlanChecker> load(db::Transaction& transaction);
  // EXPLAIN QUERY PLAN of `sql` (its parameters NULL) and the scans in it
  // of tables that are not small. A scan that walks an index in order for a
  // LIMIT, with no sort after it, stops early and is not counted.
  Result<std::vector<Scan>> full_scans(db::Transaction& transaction, std::string_view sql) const;
  // Plan rows (as EXPLAIN QUERY PLAN's `detail` column) judged for `sql`.
  std::vector<Scan> judge(std::string_view sql, const std::vector<std::string>& details) const;

 private:
  std::set<std::string> tables_;
};

// The tables an alias (or a table's own name) stands for in `sql`, for the
// names in `tables`: "FROM memberships m" makes m → memberships.
std::set<std::string> tables_named(std::string_view sql, std::string_view name,
                                   const std::set<std::string>& tables);

// Tables scanned whole freely: they hold a community's configuration, a few
// rows per community, never a row per member or per action.
bool small_table(std::string_view table);

// A scan known and left for someone else: a piece of its statement and the
// table scanned.
struct KnownScan {
  std::string_view sql_part;
  std::string_view table;
  std::string_view file;  // where the statement lives
};
// The index of the entry matching this statement's scan of `table`, or -1.
int known_index(const std::vector<KnownScan>& known, std::string_view sql, std::string_view table);

}  // namespace moim::testing_plans
