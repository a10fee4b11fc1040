#include "platform/db/database.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/change_stamp.hpp"
#include "platform/db/drivers.hpp"
#include "platform/db/statement_observer.hpp"
#include "platform/testing/database_params.hpp"

namespace moim::db {
namespace {

// One committed write from another program, as the sqlite3 shell or a
// `moim` command would make beside a running server: Python's own SQLite,
// in a process of its own (a fork would share this process's SQLite state).
void commit_in_another_process(const std::string& url, const std::string& sql) {
  const std::string path = url.substr(std::string("sqlite:").size());
  const std::string command =
      "/usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
      "c.execute(sys.argv[2]); c.commit(); c.close()' '" +
      path + "' '" + sql + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(ChangeStampTest, EveryCommitByAnyProcessChangesItAndNothingElseDoes) {
  moim::testing::TestDatabase test_db("sqlite", /*migrate=*/false);
  Database& database = test_db.database();
  const auto stamp = change_stamp(database);
  ASSERT_NE(stamp, nullptr) << test_db.url();
  {
    auto writer = database.write();
    ASSERT_TRUE(writer->execute_script("CREATE TABLE t (n BIGINT)").ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  const auto first = stamp->read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(stamp->read(), first);
  {  // reading changes nothing
    auto reader = database.read();
    EXPECT_TRUE(reader->query_one("SELECT COUNT(*) FROM t").ok());
  }
  {  // nor does a write that is rolled back
    auto writer = database.write();
    ASSERT_TRUE(writer->execute("INSERT INTO t VALUES (1)").ok());
  }
  EXPECT_EQ(stamp->read(), first);
  {  // a commit here does
    auto writer = database.write();
    ASSERT_TRUE(writer->execute("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  const auto second = stamp->read();
  EXPECT_NE(second, first);
  // and so does one from another process, every time.
  for (int i = 0; i < 3; ++i) {
    const auto before = stamp->read();
    commit_in_another_process(test_db.url(), "INSERT INTO t VALUES (3)");
    EXPECT_NE(stamp->read(), before) << "commit " << i;
  }
  auto reader = database.read();
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM t").value()->int64(0), 4);
}

// SQLite deletes the -shm file when the last connection closes and makes a
// new one at the next, which a mapping of the old one would never see
// change. The stamp holds a connection of its own, so the file stays while
// the stamp lives, even when every other connection closes between commits.
TEST(ChangeStampTest, OutlivesEveryOtherConnection) {
  moim::testing::TestDatabase test_db("sqlite", /*migrate=*/false);
  const std::string path = test_db.url().substr(std::string("sqlite:").size()) + "-alone";
  std::unique_ptr<ChangeStamp> stamp;
  {
    auto alone = Database::open("sqlite:" + path);
    ASSERT_TRUE(alone.ok());
    auto writer = alone.value()->write();
    ASSERT_TRUE(writer->execute_script("CREATE TABLE t (n BIGINT)").ok());
    ASSERT_TRUE(writer->commit().ok());
    stamp = change_stamp(*alone.value());
    ASSERT_NE(stamp, nullptr);
  }  // every connection of the database closes; the stamp's stays
  for (int i = 0; i < 3; ++i) {
    const auto before = stamp->read();
    ASSERT_TRUE(before.has_value());
    // Python's connection opens, commits and closes: alone, it would be the
    // last and delete the -shm file.
    commit_in_another_process("sqlite:" + path, "INSERT INTO t VALUES (1)");
    EXPECT_NE(stamp->read(), before) << "commit " << i;
  }
  stamp.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
}

TEST(ChangeStampTest, ThereIsNoneWithoutAFile) {
  auto memory = Database::open("sqlite::memory:");
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(change_stamp(*memory.value()), nullptr);
}

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam(), /*migrate=*/false);
    auto transaction = db().write();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(transaction
                    ->execute_script("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT UNIQUE, "
                                     "score DOUBLE PRECISION, counter BIGINT)")
                    .ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  Database& db() { return test_db_->database(); }
  std::int64_t count_notes() {
    auto transaction = db().read();
    auto row = transaction->query_one("SELECT COUNT(*) FROM notes");
    return row.value()->int64(0);
  }
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
};

TEST_P(DatabaseTest, RoundTripsEveryValueKindIncludingKoreanText) {
  auto transaction = db().write();
  ASSERT_TRUE(transaction.ok());
  auto inserted = transaction->execute(
      "INSERT INTO notes (id, body, score, counter) VALUES (?, ?, ?, ?)",
      {std::int64_t{9'000'000'000'000}, std::string("가짜연구소 'quoted' ?"), 2.5, null()});
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(inserted.value(), 1);
  ASSERT_TRUE(transaction->commit().ok());

  auto reader = db().read();
  auto row = reader->query_one("SELECT id, body, score, counter FROM notes WHERE body = ?",
                               {std::string("가짜연구소 'quoted' ?")});
  ASSERT_TRUE(row.ok()) << row.error().message;
  ASSERT_TRUE(row->has_value());
  const Row& note = **row;
  EXPECT_EQ(note.int64(0), 9'000'000'000'000);
  EXPECT_EQ(note.text(1), "가짜연구소 'quoted' ?");
  EXPECT_DOUBLE_EQ(note.real(2), 2.5);
  EXPECT_TRUE(note.is_null(3));
  EXPECT_FALSE(note.opt_int64(3).has_value());
}

TEST_P(DatabaseTest, TransactionDroppedWithoutCommitLeavesNothing) {
  {
    auto transaction = db().write();
    ASSERT_TRUE(
        transaction->execute("INSERT INTO notes (id, body) VALUES (?, ?)", {std::int64_t{1}, "a"})
            .ok());
  }
  EXPECT_EQ(count_notes(), 0);
}

TEST_P(DatabaseTest, AfterCommitActionsRunOnlyOnceCommitted) {
  std::vector<std::string> ran;
  {
    auto rolled_back = db().write();
    ASSERT_TRUE(rolled_back.ok());
    rolled_back->after_commit([&] { ran.push_back("rolled back"); });
  }
  auto transaction = db().write();
  ASSERT_TRUE(transaction.ok());
  transaction->after_commit([&] { ran.push_back("first"); });
  transaction->after_commit([&] { ran.push_back("second"); });
  ASSERT_TRUE(transaction->execute("INSERT INTO notes (id) VALUES (1)").ok());
  EXPECT_TRUE(ran.empty());  // not before COMMIT
  ASSERT_TRUE(transaction->commit().ok());
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
}

TEST_P(DatabaseTest, FailedStatementInsideTransactionRollsBackEarlierWrites) {
  {
    auto transaction = db().write();
    ASSERT_TRUE(
        transaction->execute("INSERT INTO notes (id, body) VALUES (?, ?)", {std::int64_t{1}, "a"})
            .ok());
    auto duplicate =
        transaction->execute("INSERT INTO notes (id, body) VALUES (?, ?)", {std::int64_t{2}, "a"});
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().code, kUniqueViolation);
    EXPECT_EQ(duplicate.error().http_status, 409);
  }
  EXPECT_EQ(count_notes(), 0);
}

TEST_P(DatabaseTest, SyntaxErrorIsAnErrorValueNotACrash) {
  auto transaction = db().write();
  auto broken = transaction->query("SELEC nonsense");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().http_status, 500);
}

TEST_P(DatabaseTest, ConcurrentWritersNeverLoseAnUpdate) {
  {
    auto transaction = db().write();
    ASSERT_TRUE(
        transaction->execute("INSERT INTO notes (id, body, counter) VALUES (1, 'c', 0)").ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  constexpr int kThreads = 4;
  constexpr int kIncrements = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&] {
      for (int step = 0; step < kIncrements; ++step) {
        auto transaction = db().write();
        if (!transaction) {
          ++failures;
          continue;
        }
        // Read-modify-write: safe because writers are serialised (SQLite) or
        // the row is locked (PostgreSQL).
        const char* lock_sql = db().dialect() == Dialect::kPostgres
                                   ? "SELECT counter FROM notes WHERE id = 1 FOR UPDATE"
                                   : "SELECT counter FROM notes WHERE id = 1";
        auto row = transaction->query_one(lock_sql);
        if (!row) {
          ++failures;
          continue;
        }
        auto updated = transaction->execute("UPDATE notes SET counter = ? WHERE id = 1",
                                            {row.value()->int64(0) + 1});
        if (!updated || !transaction->commit()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto reader = db().read();
  EXPECT_EQ(reader->query_one("SELECT counter FROM notes WHERE id = 1").value()->int64(0),
            kThreads * kIncrements);
}

// /metrics shows how long SQLite's one writer was held: operators read its
// share of the wall clock as how near writes are to their limit.
TEST_P(DatabaseTest, CountsHowLongTheWriterWasHeld) {
  const double before = db().stats().writer_busy_seconds;
  {
    auto transaction = db().write();
    ASSERT_TRUE(transaction.ok()) << transaction.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ASSERT_TRUE(transaction->commit().ok());
  }
  const double held = db().stats().writer_busy_seconds - before;
  if (db().dialect() == Dialect::kSqlite) {
    EXPECT_GE(held, 0.03);
  } else {
    EXPECT_EQ(held, 0.0);  // PostgreSQL has no single writer
  }
}

// The test-only observer (statement_observer.hpp) sees every statement a
// transaction runs, query_one included, and nothing once cleared.
TEST_P(DatabaseTest, AStatementObserverSeesEachStatementUntilCleared) {
  std::vector<std::string> seen;
  set_statement_observer([&seen](std::string_view sql) { seen.emplace_back(sql); });
  {
    auto transaction = db().write();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(transaction
                    ->execute("INSERT INTO notes (id, body) VALUES (?, ?)",
                              {std::int64_t{1}, std::string("a")})
                    .ok());
    ASSERT_TRUE(
        transaction->query_one("SELECT body FROM notes WHERE id = ?", {std::int64_t{1}}).ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  set_statement_observer({});
  EXPECT_EQ(count_notes(), 1);
  EXPECT_EQ(seen, (std::vector<std::string>{"INSERT INTO notes (id, body) VALUES (?, ?)",
                                            "SELECT body FROM notes WHERE id = ?"}));
}

INSTANTIATE_TEST_SUITE_P(Drivers, DatabaseTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

TEST(DatabaseOpen, RejectsAnUnknownUrlNamingTheSetting) {
  auto opened = Database::open("mysql://localhost/moim");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().field, "database");
}

TEST(DatabaseOpen, ReportsAnUnreachablePostgres) {
  auto opened = Database::open("postgresql://127.0.0.1:1/nothing?connect_timeout=2");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "database_unavailable");
}

TEST(PostgresPlaceholders, RewritesOnlyBarePlaceholders) {
  EXPECT_EQ(to_postgres_placeholders("SELECT ? , '?' , \"a?\" -- ?\n, ?"),
            "SELECT $1 , '?' , \"a?\" -- ?\n, $2");
  EXPECT_EQ(to_postgres_placeholders("x = 'it''s ?' AND y = ?"), "x = 'it''s ?' AND y = $1");
}

}  // namespace
}  // namespace moim::db
