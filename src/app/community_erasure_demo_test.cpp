// Issue #16, a platform admin erases the whole demo community, on SQLite and
// PostgreSQL. Then, table by table, every table with a column pointing at a
// user holds no row of that community that still names a person (a row is
// the community's when it has its community_id, or points through foreign
// keys at a row that has), unless the table is listed in
// src/features/privacy/community_erasure_kept.txt with the reason; no
// member's address is left in any of the community's rows; its certificates
// still verify by the name printed on them; another community is untouched;
// and only a platform admin may do it.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <array>
#include <deque>
#include <map>
#include <set>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/integrations/personal_data.hpp"
#include "features/privacy/community_erasure.hpp"
#include "features/privacy/testing/user_tables.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/test_database.hpp"

namespace moim {
namespace {

std::unique_ptr<App> app_on(db::Database& database) {
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, database);
  if (!app) throw std::runtime_error(app.error().message);
  return std::move(app.value());
}

std::int64_t count(db::Database& database, const std::string& sql,
                   const std::vector<db::Value>& params = {}) {
  auto reader = database.read();
  auto rows = reader->query(sql, params);
  EXPECT_TRUE(rows.ok()) << sql << ": " << (rows.ok() ? "" : rows.error().message);
  return rows.ok() && !rows->empty() ? rows->front().int64(0) : -1;
}

struct Schema {
  std::map<std::string, std::vector<std::string>> columns;       // every column
  std::map<std::string, std::vector<std::string>> text_columns;  // TEXT ones
  // {table: [(column, referenced table, referenced column)]}
  std::map<std::string, std::vector<std::array<std::string, 3>>> keys;
};

Schema read_schema(db::Database& database) {
  Schema schema;
  auto reader = database.read();
  if (reader->dialect() == db::Dialect::kSqlite) {
    auto tables = reader->query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    for (const auto& table : tables.value()) {
      const std::string name = table.text(0);
      auto columns = reader->query("SELECT name, type FROM pragma_table_info(?)", {name});
      for (const auto& column : columns.value()) {
        schema.columns[name].push_back(column.text(0));
        if (column.text(1) == "TEXT") schema.text_columns[name].push_back(column.text(0));
      }
      auto keys = reader->query(
          "SELECT \"from\", \"table\", COALESCE(\"to\", 'id') FROM pragma_foreign_key_list(?)",
          {name});
      for (const auto& key : keys.value())
        schema.keys[name].push_back({key.text(0), key.text(1), key.text(2)});
    }
  } else {
    auto columns = reader->query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE "
        "table_schema = current_schema() ORDER BY table_name, ordinal_position");
    for (const auto& column : columns.value()) {
      schema.columns[column.text(0)].push_back(column.text(1));
      if (column.text(2) == "text") schema.text_columns[column.text(0)].push_back(column.text(1));
    }
    auto keys = reader->query(
        "SELECT cl.relname::text, a.attname::text, f.relname::text, fa.attname::text "
        "FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid "
        "JOIN pg_class f ON f.oid = c.confrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND cl.relnamespace = "
        "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())");
    for (const auto& key : keys.value())
      schema.keys[key.text(0)].push_back({key.text(1), key.text(2), key.text(3)});
  }
  return schema;
}

// "<condition>" selecting the rows of `table` that belong to the community
// (one `?` for its id), or nothing when the table is not a community's.
std::optional<std::string> community_rows(const Schema& schema, const std::string& table) {
  auto has = [&](const std::string& name, const std::string& column) {
    const auto& columns = schema.columns.at(name);
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  };
  if (table == "communities") return std::string("id = ?");
  if (has(table, "community_id")) return std::string("community_id = ?");
  // Breadth first through the foreign keys, to the nearest table that has
  // the community's id.
  std::map<std::string, std::string> condition_of;
  std::deque<std::string> queue{table};
  std::map<std::string, std::pair<std::string, std::array<std::string, 3>>> came_from;
  std::set<std::string> seen{table};
  while (!queue.empty()) {
    const std::string at = queue.front();
    queue.pop_front();
    const auto keys = schema.keys.find(at);
    if (keys == schema.keys.end()) continue;
    for (const auto& key : keys->second) {
      const std::string& parent = key[1];
      if (seen.contains(parent) || parent == "users") continue;
      seen.insert(parent);
      came_from[parent] = {at, key};
      if (parent == "communities" || has(parent, "community_id")) {
        std::string condition = parent == "communities" ? "id = ?" : "community_id = ?";
        for (std::string step = parent; step != table;) {
          const auto& [child, via] = came_from.at(step);
          condition =
              via[0] + " IN (SELECT " + via[2] + " FROM " + step + " WHERE " + condition + ")";
          step = child;
        }
        return condition;
      }
      queue.push_back(parent);
    }
  }
  return std::nullopt;
}

accounts::Viewer log_in(App& app, const std::string& email) {
  auto grant = app.accounts().log_in(email, kDemoPassword, {"127.0.0.1", "community-erasure", ""});
  EXPECT_TRUE(grant.ok()) << email << ": " << (grant.ok() ? "" : grant.error().message);
  accounts::Viewer viewer;
  if (grant.ok()) viewer.user = grant->user;
  return viewer;
}

void erase_the_demo_community(const std::string& kind) {
  crypto::initialise();
  crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  moim::testing::TestDatabase test_db(kind);
  db::Database& database = test_db.database();
  auto app = app_on(database);
  ASSERT_TRUE(seed_demo(*app).ok());
  const accounts::Viewer admin = log_in(*app, "admin@moim.demo");
  const accounts::Viewer organizer = log_in(*app, "organizer@moim.demo");
  const accounts::Viewer member = log_in(*app, "member@moim.demo");
  ASSERT_TRUE(admin.is_admin());

  // Another community, which the demo's organizer and a member also belong to.
  auto other = app->communities().create(
      admin, {.slug = "other-lab", .name = "Other Lab", .description = "untouched"});
  ASSERT_TRUE(other.ok()) << other.error().message;
  ASSERT_TRUE(app->communities().join(member, "other-lab").ok());
  ASSERT_TRUE(app->communities().join(organizer, "other-lab").ok());
  const std::int64_t other_members =
      count(database, "SELECT COUNT(*) FROM memberships WHERE community_id = ?", {other->id});
  const std::int64_t other_audit =
      count(database, "SELECT COUNT(*) FROM audit_log WHERE community_id = ?", {other->id});
  ASSERT_EQ(other_members, 3);

  auto demo = app->communities().find(kDemoSlug);
  ASSERT_TRUE(demo.ok());
  const std::int64_t demo_id = demo->id;
  const Schema schema = read_schema(database);
  auto user_tables = privacy::testing::tables_with_user_columns(database);
  ASSERT_TRUE(user_tables.ok());
  auto kept = privacy::testing::read_table_reasons(MOIM_SOURCE_DIR, "community_erasure_kept.txt");
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  // Rows of the community in `table` that point at someone.
  auto personal_rows = [&](const std::string& table) -> std::int64_t {
    const auto condition = community_rows(schema, table);
    if (!condition) return 0;
    std::string named;
    for (const auto& column : user_tables->at(table))
      named += (named.empty() ? "" : " OR ") + column + " IS NOT NULL";
    return count(database,
                 "SELECT COUNT(*) FROM " + table + " WHERE (" + named + ") AND " + *condition,
                 {demo_id});
  };
  std::size_t tables_before = 0;
  for (const auto& [table, columns] : user_tables.value())
    if (personal_rows(table) > 0) ++tables_before;
  EXPECT_GE(tables_before, 35u) << "the demo community should hold people in most rooms";

  // Its members' addresses, and a certificate with the name printed on it.
  std::vector<std::string> emails;
  {
    auto reader = database.read();
    auto found = reader->query(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE "
        "m.community_id = ? ORDER BY u.id",
        {demo_id});
    ASSERT_TRUE(found.ok());
    for (const auto& row : found.value()) emails.push_back(row.text(0));
  }
  ASSERT_GE(emails.size(), 10u);
  std::string number, printed_name;
  {
    auto reader = database.read();
    auto found = reader->query(
        "SELECT number, content FROM certificates WHERE community_id = ? AND revoked_at IS NULL "
        "ORDER BY id LIMIT 1",
        {demo_id});
    ASSERT_TRUE(found.ok() && !found->empty());
    number = found->front().text(0);
    printed_name =
        std::string(boost::json::parse(found->front().text(1)).at("recipient_name").as_string());
  }

  Clock clock;
  auto erasers = privacy::community_erasers();
  erasers.push_back(automation::erase_community);
  privacy::CommunityErasureService erasure(
      database, clock, app->communities(), std::move(erasers),
      app->secrets() ? app->secrets()->derive_key(certificates::kHolderNameKeyPurpose) : "");

  // Roles: only a platform admin, organizers neither.
  const std::string reason = "운영진 요청으로 커뮤니티 종료 (community_erasure_demo_test)";
  EXPECT_EQ(erasure.erase(accounts::Viewer{}, kDemoSlug, kDemoSlug, reason).error().http_status,
            401);
  EXPECT_EQ(erasure.erase(member, kDemoSlug, kDemoSlug, reason).error().http_status, 403);
  EXPECT_EQ(erasure.erase(organizer, kDemoSlug, kDemoSlug, reason).error().http_status, 403);
  EXPECT_EQ(erasure.erase(admin, "no-such-lab", "no-such-lab", reason).error().http_status, 404);
  auto mistyped = erasure.erase(admin, kDemoSlug, "other-lab", reason);
  ASSERT_FALSE(mistyped.ok());
  EXPECT_EQ(mistyped.error().http_status, 422);
  EXPECT_EQ(mistyped.error().field, "confirm");
  auto no_reason = erasure.erase(admin, kDemoSlug, kDemoSlug, "  ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_EQ(personal_rows("memberships"), static_cast<std::int64_t>(emails.size()));

  auto done = erasure.erase(admin, kDemoSlug, kDemoSlug, reason);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->slug, kDemoSlug);
  EXPECT_FALSE(done->report.empty());
  auto twice = erasure.erase(admin, kDemoSlug, kDemoSlug, reason);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().http_status, 410);

  // Table by table: nothing of the community names anyone, or it is kept
  // for a written reason.
  for (const auto& [table, columns] : user_tables.value()) {
    const std::int64_t left = personal_rows(table);
    EXPECT_TRUE(left == 0 || kept->contains(table))
        << table << " still holds " << left
        << " rows of the erased community that point at a person: erase them in the room's "
           "erase_community(), or list the table in "
           "src/features/privacy/community_erasure_kept.txt with the reason";
  }
  for (const auto& [table, reason_kept] : kept.value())
    EXPECT_TRUE(user_tables->contains(table))
        << "community_erasure_kept.txt lists " << table << ", which has no user column";
  // No member's address in any text of the community's rows (the outbox's
  // Discord role removals hold Discord ids, not addresses).
  for (const auto& [table, columns] : schema.text_columns) {
    const auto condition = community_rows(schema, table);
    if (!condition) continue;
    for (const auto& column : columns) {
      for (const std::string& email : emails) {
        EXPECT_EQ(count(database,
                        "SELECT COUNT(*) FROM " + table + " WHERE " + column + " LIKE ? AND " +
                            *condition,
                        {"%" + email + "%", demo_id}),
                  0)
            << table << "." << column << " still holds " << email;
      }
    }
  }
  EXPECT_EQ(count(database,
                  "SELECT COUNT(*) FROM outbox WHERE community_id = ? AND (payload <> '{}' OR "
                  "target <> '') AND idempotency_key NOT LIKE 'community_erasure:%'",
                  {demo_id}),
            0);
  EXPECT_EQ(count(database,
                  "SELECT COUNT(*) FROM certificates WHERE community_id = ? AND "
                  "name_erased_at IS NULL",
                  {demo_id}),
            0);

  // The tombstone: 410, out of the list, the slug taken; one audit entry
  // with the reason and counts.
  auto gone = app->communities().find(kDemoSlug);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().http_status, 410);
  auto listed = app->communities().list();
  ASSERT_TRUE(listed.ok());
  for (const auto& each : listed.value()) EXPECT_NE(each.slug, kDemoSlug);
  auto again = app->communities().create(admin, {.slug = std::string(kDemoSlug), .name = "Again"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 409);
  {
    auto reader = database.read();
    auto entry = reader->query(
        "SELECT actor_id, detail FROM audit_log WHERE community_id = ? AND action = "
        "'community.erased'",
        {demo_id});
    ASSERT_TRUE(entry.ok());
    ASSERT_EQ(entry->size(), 1u);
    EXPECT_EQ(entry->front().int64(0), admin.user_id());
    auto detail = boost::json::parse(entry->front().text(1)).as_object();
    EXPECT_EQ(detail.at("reason").as_string(), reason);
    EXPECT_EQ(detail.at("members").as_int64(), static_cast<std::int64_t>(emails.size()));
    EXPECT_GT(detail.at("counts").as_object().at("memberships.deleted").as_int64(), 0);
  }

  // The certificate: genuine, nameless, and the printed name still matches.
  auto verified = app->certificates().verify(number);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_TRUE(verified->name_erased);
  EXPECT_EQ(verified->community_name, demo->name);
  auto matches = app->certificates().check_holder_name(number, printed_name, "10.1.2.3");
  ASSERT_TRUE(matches.ok()) << matches.error().message;
  EXPECT_TRUE(matches.value());
  EXPECT_FALSE(app->certificates().check_holder_name(number, "홍길동", "10.1.2.3").value());

  // The other community: as it was; the accounts: still there.
  EXPECT_TRUE(app->communities().find("other-lab").ok());
  EXPECT_EQ(count(database, "SELECT COUNT(*) FROM memberships WHERE community_id = ?", {other->id}),
            other_members);
  EXPECT_EQ(count(database, "SELECT COUNT(*) FROM audit_log WHERE community_id = ?", {other->id}),
            other_audit);
  EXPECT_EQ(count(database, "SELECT COUNT(*) FROM users WHERE erased_at IS NOT NULL"), 0);
  EXPECT_TRUE(
      app->accounts().log_in("member@moim.demo", kDemoPassword, {"127.0.0.1", "after", ""}).ok());
}

TEST(CommunityErasureDemo, ErasingTheDemoCommunityLeavesNoOneInItAndCertificatesStillVerify) {
  for (const auto& kind : moim::testing::database_kinds()) {
    SCOPED_TRACE(kind.name);
    erase_the_demo_community(kind.name);
  }
}

}  // namespace
}  // namespace moim
