#include "app/query_plans_check.hpp"

#include <gtest/gtest.h>

namespace moim::testing_plans {
namespace {

TEST(QueryPlansCheck, KeepsSameSiteLinksWithEntitiesDecoded) {
  EXPECT_EQ(links(R"(<a href="/c/x/members?page=2&amp;stage=runner#top">)"
                  R"(<a href='?sort=name'><a href="https://example.com/">)"
                  R"(<a href="//evil.example/"><a href="&#x2F;me">)",
                  "/c/x/members?page=1"),
            (std::vector<std::string>{"/c/x/members?page=2&stage=runner", "/c/x/members?sort=name",
                                      "/me"}));
  EXPECT_EQ(local_target("http://127.0.0.1/login?next=%2Fme", "/"), "/login?next=%2Fme");
}

TEST(QueryPlansCheck, ResolvesAliasesToTheirTables) {
  const std::set<std::string> tables = {"memberships", "users", "events"};
  const std::string sql =
      "SELECT u.id, m.stage AS events FROM memberships m JOIN users AS u ON u.id = m.user_id "
      "WHERE m.community_id = ? AND 'events e' <> ''";
  EXPECT_EQ(tables_named(sql, "m", tables), std::set<std::string>{"memberships"});
  EXPECT_EQ(tables_named(sql, "u", tables), std::set<std::string>{"users"});
  EXPECT_EQ(tables_named(sql, "users", tables), std::set<std::string>{"users"});
  EXPECT_TRUE(tables_named(sql, "e", tables).empty());  // only inside quotes
}

TEST(QueryPlansCheck, FlagsWholeScansOfLargeTablesOnly) {
  auto database = db::Database::open("sqlite::memory:");
  ASSERT_TRUE(database.ok());
  auto writer = database.value()->write();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(
      writer
          ->execute_script("CREATE TABLE memberships (id INTEGER PRIMARY KEY, community_id BIGINT, "
                           "user_id BIGINT, joined_at BIGINT);"
                           "CREATE INDEX memberships_community ON memberships (community_id);"
                           "CREATE INDEX memberships_joined ON memberships (joined_at);"
                           "CREATE TABLE cohorts (id INTEGER PRIMARY KEY, community_id BIGINT)")
          .ok());
  auto checker = PlanChecker::load(*writer);
  ASSERT_TRUE(checker.ok());
  auto scans = [&](const std::string& sql) {
    auto found = checker->full_scans(*writer, sql);
    EXPECT_TRUE(found.ok()) << sql;
    std::vector<std::string> tables;
    for (const Scan& scan : found.value()) tables.push_back(scan.table);
    return tables;
  };
  using Tables = std::vector<std::string>;
  EXPECT_EQ(scans("SELECT id FROM memberships m WHERE m.user_id = ?"), Tables{"memberships"});
  EXPECT_EQ(scans("SELECT id FROM memberships WHERE community_id = ?"), Tables{});
  EXPECT_EQ(scans("SELECT COUNT(*) FROM memberships"), Tables{"memberships"});
  EXPECT_EQ(scans("SELECT id FROM cohorts WHERE community_id = ?"), Tables{});  // small
  // The newest page through an index stops after its LIMIT ...
  EXPECT_EQ(scans("SELECT id FROM memberships ORDER BY joined_at DESC LIMIT 20"), Tables{});
  // ... but not when a sort must read every row first.
  EXPECT_EQ(scans("SELECT id FROM memberships ORDER BY user_id LIMIT 20"), Tables{"memberships"});
  EXPECT_EQ(scans("UPDATE memberships SET joined_at = ? WHERE user_id = ?"), Tables{"memberships"});
}

TEST(QueryPlansCheck, MatchesKnownScansByStatementAndTable) {
  const std::vector<KnownScan> known = {{"FROM applications a", "applications", "x.cpp"}};
  EXPECT_EQ(known_index(known, "SELECT 1 FROM applications a WHERE a.user_id = ?", "applications"),
            0);
  EXPECT_EQ(known_index(known, "SELECT 1 FROM applications a", "users"), -1);
}

}  // namespace
}  // namespace moim::testing_plans
