// The test server runs no mail worker: a test that needs rows delivered
// records them as the worker does (taken, then done through record_outcome,
// which also keeps the organizer's count), without sending anything.
#pragma once

#include <gtest/gtest.h>

#include <ctime>
#include <vector>

#include "environment.hpp"
#include "platform/outbox/outbox_store.hpp"

namespace moim::integration {

// Every waiting outbox row matching `where` (SQL over the outbox's columns).
inline void deliver_as_the_worker(Environment& e, const std::string& where) {
  std::vector<std::int64_t> ids;
  {
    auto writer = e.database->database().write();
    ASSERT_TRUE(writer.ok());
    auto rows = writer->query("SELECT id FROM outbox WHERE state = 'pending' AND " + where);
    ASSERT_TRUE(rows.ok());
    for (const auto& row : *rows) ids.push_back(row.int64(0));
    ASSERT_TRUE(writer
                    ->execute("UPDATE outbox SET state = 'delivering' WHERE state = 'pending' "
                              "AND " +
                              where)
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  for (std::int64_t id : ids) {
    auto recorded = outbox::record_outcome(e.database->database(), id, "done", "", "", 0,
                                           std::int64_t{std::time(nullptr)});
    ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  }
}

}  // namespace moim::integration
