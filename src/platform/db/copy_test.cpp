#include "platform/db/copy.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/testing/test_database.hpp"

namespace moim::db {
namespace {

bool have_postgres() {
  for (const auto& kind : moim::testing::database_kinds()) {
    if (kind.name == "postgres") return true;
  }
  return false;
}

// A few rows across tables with foreign keys, a trigger-kept table
// (content_versions) and text that needs care (quotes, Korean, NUL-free
// control characters).
void fill(Database& database) {
  auto writer = database.write();
  ASSERT_TRUE(writer.ok());
  for (int user_idx = 1; user_idx <= 3; ++user_idx) {
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO users (id, email, display_name, password_hash, "
                              "created_at, updated_at) VALUES (?, ?, ?, 'x', 1, 1)",
                              {std::int64_t{user_idx * 10}, "u" + std::to_string(user_idx) + "@x",
                               std::string("김'\"\t가짜 ") + std::to_string(user_idx)})
                    .ok());
  }
  ASSERT_TRUE(writer
                  ->execute("INSERT INTO communities (id, slug, name, created_by, created_at, "
                            "updated_at) VALUES (7, 'pseudo', '가짜연구소', 10, 1, 1)")
                  .ok());
  ASSERT_TRUE(writer
                  ->execute("INSERT INTO memberships (community_id, user_id, stage, joined_at) "
                            "VALUES (7, 10, 'organizer', 1), (7, 20, 'runner', 2)")
                  .ok());
  // The trigger made the community's version row; a later write raised it.
  ASSERT_TRUE(
      writer->execute("UPDATE content_versions SET version = 41 WHERE community_id = 7").ok());
  ASSERT_TRUE(writer->commit().ok());
}

std::int64_t count(Database& database, const std::string& sql) {
  auto reader = database.read();
  auto row = reader->query_one(sql);
  return row.ok() && row.value() ? row.value()->int64(0) : -1;
}

TEST(Fingerprints, SameRowsAnyOrderSameSumAndAChangedCellShows) {
  crypto::initialise();
  moim::testing::TestDatabase first("sqlite");
  moim::testing::TestDatabase second("sqlite");
  fill(first.database());
  fill(second.database());
  auto left = fingerprints(first.database());
  auto right = fingerprints(second.database());
  ASSERT_TRUE(left.ok()) << left.error().message;
  ASSERT_TRUE(right.ok());
  // schema_migrations differ only in applied_at, which both wrote within
  // the same second or not: compare the data tables.
  auto users_of = [](const std::vector<TableFingerprint>& tables) {
    for (const auto& table : tables) {
      if (table.table == "users") return table;
    }
    return TableFingerprint{};
  };
  EXPECT_EQ(users_of(left.value()), users_of(right.value()));
  EXPECT_EQ(users_of(left.value()).rows, 3);

  auto writer = second.database().write();
  ASSERT_TRUE(writer->execute("UPDATE users SET display_name = 'x' WHERE id = 20").ok());
  ASSERT_TRUE(writer->commit().ok());
  auto changed = fingerprints(second.database());
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(users_of(changed.value()).rows, 3);
  EXPECT_NE(users_of(changed.value()).checksum, users_of(left.value()).checksum);
}

TEST(CopyDatabase, CopiesEveryRowThenIdsAndTriggersCarryOn) {
  if (!have_postgres()) GTEST_SKIP() << "no PostgreSQL in this environment";
  crypto::initialise();
  moim::testing::TestDatabase source("sqlite");
  moim::testing::TestDatabase target("postgres", /*migrate=*/false);
  fill(source.database());

  std::vector<std::string> progress;
  auto report =
      copy_database(source.database(), target.database(),
                    [&](const CopyProgress& copied) { progress.push_back(copied.table); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->rows, count(source.database(), "SELECT COUNT(*) FROM users") +
                              count(source.database(), "SELECT COUNT(*) FROM communities") +
                              count(source.database(), "SELECT COUNT(*) FROM memberships") +
                              count(source.database(), "SELECT COUNT(*) FROM content_versions") +
                              count(source.database(), "SELECT COUNT(*) FROM schema_migrations"));
  EXPECT_GT(report->identities_advanced, 50);
  // Parents before children.
  auto position = [&](const std::string& table) {
    return std::find(progress.begin(), progress.end(), table) - progress.begin();
  };
  EXPECT_LT(position("users"), position("communities"));
  EXPECT_LT(position("communities"), position("memberships"));

  auto from = fingerprints(source.database());
  auto to = fingerprints(target.database());
  ASSERT_TRUE(from.ok());
  ASSERT_TRUE(to.ok()) << to.error().message;
  EXPECT_EQ(from.value(), to.value());
  EXPECT_EQ(count(target.database(), "SELECT version FROM content_versions"), 41);

  // A new row continues after the highest copied id, and the triggers are
  // back on: a cohort raises the community's version.
  auto writer = target.database().write();
  ASSERT_TRUE(writer.ok());
  auto inserted = writer->query_one(
      "INSERT INTO users (email, display_name, password_hash, created_at, updated_at) "
      "VALUES ('new@x', 'new', 'x', 2, 2) RETURNING id");
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(inserted.value()->int64(0), 31);
  ASSERT_TRUE(writer
                  ->execute("INSERT INTO cohorts (community_id, cohort_key, name, created_at, "
                            "updated_at) VALUES (7, '1', '1기', 2, 2)")
                  .ok());
  ASSERT_TRUE(writer->commit().ok());
  EXPECT_EQ(count(target.database(), "SELECT version FROM content_versions"), 42);
}

TEST(CopyDatabase, RefusesATargetWithRowsAndLeavesItAsItWas) {
  if (!have_postgres()) GTEST_SKIP() << "no PostgreSQL in this environment";
  crypto::initialise();
  moim::testing::TestDatabase source("sqlite");
  moim::testing::TestDatabase target("postgres");
  fill(source.database());
  auto writer = target.database().write();
  ASSERT_TRUE(writer
                  ->execute("INSERT INTO users (email, display_name, password_hash, created_at, "
                            "updated_at) VALUES ('mine@x', 'mine', 'x', 1, 1)")
                  .ok());
  ASSERT_TRUE(writer->commit().ok());
  auto before = fingerprints(target.database());

  auto report = copy_database(source.database(), target.database());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().http_status, 409);
  EXPECT_EQ(report.error().field, "to");
  EXPECT_NE(report.error().message.find("users"), std::string::npos);
  auto after = fingerprints(target.database());
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(before.value(), after.value());

  // Copying twice into the same database is the same refusal.
  moim::testing::TestDatabase fresh("postgres", /*migrate=*/false);
  ASSERT_TRUE(copy_database(source.database(), fresh.database()).ok());
  auto again = copy_database(source.database(), fresh.database());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 409);
}

TEST(CopyDatabase, RefusesASourceOfAnotherSchemaVersionOrTheWrongDatabases) {
  crypto::initialise();
  moim::testing::TestDatabase behind("sqlite", /*migrate=*/false);
  std::vector<Migration> first_ones(embedded_migrations().begin(),
                                    embedded_migrations().begin() + 3);
  ASSERT_TRUE(migrate(behind.database(), first_ones).ok());
  moim::testing::TestDatabase other_sqlite("sqlite", /*migrate=*/false);

  // SQLite into SQLite is not what copy is for: it names --to.
  auto wrong_target = copy_database(behind.database(), other_sqlite.database());
  ASSERT_FALSE(wrong_target.ok());
  EXPECT_EQ(wrong_target.error().field, "to");

  if (!have_postgres()) return;
  moim::testing::TestDatabase target("postgres", /*migrate=*/false);
  auto wrong_source = copy_database(target.database(), other_sqlite.database());
  ASSERT_FALSE(wrong_source.ok());
  EXPECT_EQ(wrong_source.error().field, "from");
  auto refused = copy_database(behind.database(), target.database());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "from");
  EXPECT_NE(refused.error().message.find("moim migrate"), std::string::npos);

  moim::testing::TestDatabase empty("sqlite", /*migrate=*/false);
  auto not_moim = copy_database(empty.database(), target.database());
  ASSERT_FALSE(not_moim.ok());
  EXPECT_EQ(not_moim.error().field, "from");
}

}  // namespace
}  // namespace moim::db
