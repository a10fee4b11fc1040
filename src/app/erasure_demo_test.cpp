// Issue #16, erasure over the whole demo on SQLite and PostgreSQL: a demo
// member with a certificate, attendance, groups and more asks to delete the
// account and is erased. Then, table by table, every table with a column
// pointing at a user either holds no row of theirs or is listed in
// src/features/privacy/erasure_kept.txt with the reason it keeps them (so a
// new room's table cannot be forgotten); their email and name are in no text
// cell of any table (only the last mail's address, until retention); and
// their certificate still verifies, by the name printed on it. (Mails to
// other people that named them are the exception, until retention.)
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/integrations/personal_data.hpp"
#include "features/privacy/erasure.hpp"
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
                   const std::vector<db::Value>& params) {
  auto reader = database.read();
  auto rows = reader->query(sql, params);
  EXPECT_TRUE(rows.ok()) << sql << ": " << (rows.ok() ? "" : rows.error().message);
  return rows.ok() && !rows->empty() ? rows->front().int64(0) : -1;
}

// {table: its text columns}, read from the database's own catalog.
std::map<std::string, std::vector<std::string>> text_columns(db::Database& database) {
  std::map<std::string, std::vector<std::string>> out;
  auto reader = database.read();
  if (reader->dialect() == db::Dialect::kSqlite) {
    auto tables = reader->query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    for (const auto& table : tables.value()) {
      auto columns = reader->query("SELECT name, type FROM pragma_table_info(?)", {table.text(0)});
      for (const auto& column : columns.value())
        if (column.text(1) == "TEXT") out[table.text(0)].push_back(column.text(0));
    }
  } else {
    auto columns = reader->query(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND data_type = 'text'");
    for (const auto& column : columns.value()) out[column.text(0)].push_back(column.text(1));
  }
  return out;
}

void erase_a_demo_member(const std::string& kind) {
  crypto::initialise();
  crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  moim::testing::TestDatabase test_db(kind);
  db::Database& database = test_db.database();
  auto app = app_on(database);
  ASSERT_TRUE(seed_demo(*app).ok());

  auto user_tables = privacy::testing::tables_with_user_columns(database);
  ASSERT_TRUE(user_tables.ok());
  auto kept = privacy::testing::read_table_reasons(MOIM_SOURCE_DIR, "erasure_kept.txt");
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  auto rows_of = [&](const std::string& table, std::int64_t user_id) {
    const auto& columns = user_tables->at(table);
    std::string where;
    for (const auto& column : columns) where += (where.empty() ? "" : " OR ") + column + " = ?";
    return count(database, "SELECT COUNT(*) FROM " + table + " WHERE " + where,
                 std::vector<db::Value>(columns.size(), user_id));
  };
  auto tables_of = [&](std::int64_t user_id) {
    std::size_t tables = 0;
    for (const auto& [table, columns] : user_tables.value())
      if (rows_of(table, user_id) > 0) ++tables;
    return tables;
  };

  // Of the holders of a valid certificate (not organizers), the one with
  // records in the most tables.
  std::int64_t member_id = 0;
  std::size_t tables_with_rows = 0;
  std::vector<std::int64_t> holders;
  {
    auto reader = database.read();
    auto found = reader->query(
        "SELECT DISTINCT c.user_id FROM certificates c WHERE c.revoked_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM memberships m WHERE m.user_id = c.user_id AND m.stage = 'organizer') "
        "ORDER BY c.user_id");
    ASSERT_TRUE(found.ok() && !found->empty());
    for (const auto& row : found.value()) holders.push_back(row.int64(0));
  }
  for (std::int64_t holder : holders) {
    const std::size_t tables = tables_of(holder);
    if (tables > tables_with_rows) {
      tables_with_rows = tables;
      member_id = holder;
    }
  }
  EXPECT_GE(tables_with_rows, 10u) << "the demo member should have records in many rooms";
  std::string email, name, number, printed_name;
  {
    auto reader = database.read();
    auto found = reader->query(
        "SELECT u.email, u.display_name, c.number, c.content FROM certificates c JOIN users u ON "
        "u.id = c.user_id WHERE c.user_id = ? AND c.revoked_at IS NULL ORDER BY c.id LIMIT 1",
        {member_id});
    ASSERT_TRUE(found.ok() && !found->empty());
    email = found->front().text(0);
    name = found->front().text(1);
    number = found->front().text(2);
    printed_name =
        std::string(boost::json::parse(found->front().text(3)).at("recipient_name").as_string());
  }
  ASSERT_FALSE(printed_name.empty());
  // Someone else may share the name; then only the email is searched for.
  const bool unique_name =
      count(database, "SELECT COUNT(*) FROM users WHERE display_name = ?", {name}) == 1;

  // Asked, then carried out as the job does.
  Clock clock;
  auto erasers = privacy::room_erasers();
  erasers.push_back(automation::erase_personal);
  privacy::ErasureService erasure(
      database, clock, app->communities(), std::move(erasers),
      {.name_key =
           app->secrets() ? app->secrets()->derive_key(certificates::kHolderNameKeyPurpose) : ""});
  // On the member's request, through the organizer (one community in the demo).
  auto grant =
      app->accounts().log_in("organizer@moim.demo", kDemoPassword, {"127.0.0.1", "erasure", ""});
  ASSERT_TRUE(grant.ok()) << grant.error().message;
  accounts::Viewer organizer;
  organizer.user = grant->user;
  auto deletion =
      erasure.request_for_member(organizer, kDemoSlug, member_id, "본인 요청 (erasure_demo_test)");
  ASSERT_TRUE(deletion.ok()) << deletion.error().message;
  auto report = erasure.erase(deletion.value());
  ASSERT_TRUE(report.ok()) << report.error().message;

  // Table by table: nothing of theirs, or kept for a written reason.
  for (const auto& [table, columns] : user_tables.value()) {
    const std::int64_t left = rows_of(table, member_id);
    EXPECT_TRUE(left == 0 || kept->contains(table))
        << table << " still holds " << left
        << " rows of the erased member: erase them in the room's erase_personal(), or list the "
           "table in src/features/privacy/erasure_kept.txt with the reason it keeps them";
  }
  for (const auto& [table, reason] : kept.value())
    EXPECT_TRUE(user_tables->contains(table))
        << "erasure_kept.txt lists " << table << ", which has no user column";

  // Their email and name nowhere, but in the last mail's address.
  for (const auto& [table, columns] : text_columns(database)) {
    for (const auto& column : columns) {
      // Mails to other people that named them (a coffee group, a mentor
      // match) keep the name until retention purges the outbox (90 days by
      // default, docs/privacy.md); their own mails lose address and body now.
      if (table == "outbox" && column == "payload") continue;
      std::string sql = "SELECT COUNT(*) FROM " + table + " WHERE (" + column + " LIKE ?";
      std::vector<db::Value> params{"%" + email + "%"};
      if (unique_name) {
        sql += " OR " + column + " LIKE ?";
        params.emplace_back("%" + name + "%");
      }
      sql += ")";
      if (table == "outbox") sql += " AND idempotency_key NOT LIKE 'account_erased:%'";
      EXPECT_EQ(count(database, sql, params), 0)
          << table << "." << column << " still holds the erased member's email or name";
    }
  }
  EXPECT_EQ(count(database, "SELECT COUNT(*) FROM outbox WHERE target = ?", {email}), 1);

  // The certificate: genuine, nameless, and the printed name still matches.
  auto verified = app->certificates().verify(number);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  auto matches = app->certificates().check_holder_name(number, printed_name, "10.1.2.3");
  ASSERT_TRUE(matches.ok()) << matches.error().message;
  EXPECT_TRUE(matches.value());
  EXPECT_FALSE(app->certificates().check_holder_name(number, "홍길동", "10.1.2.3").value());
}

TEST(ErasureDemo, AnErasedDemoMemberLeavesNoPersonalFieldAndTheCertificateStillVerifies) {
  for (const auto& kind : moim::testing::database_kinds()) {
    SCOPED_TRACE(kind.name);
    erase_a_demo_member(kind.name);
  }
}

}  // namespace
}  // namespace moim
