// Test-only: sees the SQL of every statement a Transaction runs (query,
// query_one, execute), before it runs. src/app/query_plans_test.cpp uses it
// to collect what each page asks the database and check the plans. Kept out
// of database.hpp so that header (included everywhere) stays as it is.
//
// Unset (the default), a statement pays one relaxed atomic load. Set and
// clear it while no request is running: the observer is called on whichever
// thread runs the statement, so it must be thread-safe itself.
#pragma once

#include <functional>
#include <string_view>

namespace moim::db {

using StatementObserver = std::function<void(std::string_view sql)>;

// An empty function clears it.
void set_statement_observer(StatementObserver observer);

}  // namespace moim::db
