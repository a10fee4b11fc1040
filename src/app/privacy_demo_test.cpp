// "Download my data" of a demo member, on SQLite and PostgreSQL (issue #16):
// checked against the database table by table, every exported table in
// which the demo member has rows gives a non-empty section; the demo
// member's runner life (membership and stage history, application,
// attendance, submissions, growth logs, retrospectives, certificates with
// their PDFs in the ZIP, coffee groups ...) is there; and no other demo
// person's address appears anywhere in it.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <map>
#include <vector>

#include "app/demo.hpp"
#include "features/integrations/personal_data.hpp"
#include "features/privacy/privacy_service.hpp"
#include "features/privacy/testing/user_tables.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"

namespace moim {
namespace {

class PrivacyDemoTest : public ::testing::TestWithParam<std::string> {};

// Checks one demo person's export: table by table against the database,
// the sections of `expected` hold records, nobody else's address appears,
// and each certificate that holds is a PDF in the ZIP.
void check_export(db::Database& database, privacy::PrivacyService& service,
                  const accounts::Viewer& person, const std::vector<std::string>& expected,
                  bool expect_documents) {
  SCOPED_TRACE(person.user->email);
  const std::int64_t person_id = person.user_id();
  auto data = service.my_data(person);
  ASSERT_TRUE(data.ok()) << data.error().message;

  std::map<std::string, std::size_t> rows_per_table;  // summed over the sections naming it
  std::map<std::string, std::size_t> rows_per_file;
  for (const auto& section : data->sections) {
    rows_per_file[section.file] = section.rows.size();
    for (const auto& table : section.tables) rows_per_table[table] += section.rows.size();
  }

  // Table by table against the database: where the person has rows by a
  // user column, the export has records from that table.
  auto user_tables = privacy::testing::tables_with_user_columns(database);
  ASSERT_TRUE(user_tables.ok()) << user_tables.error().message;
  auto reader = database.read();
  ASSERT_TRUE(reader.ok());
  int tables_with_rows = 0;
  for (const auto& [table, columns] : user_tables.value()) {
    if (!rows_per_table.contains(table)) continue;  // excluded (the service test checks the list)
    for (const auto& column : columns) {
      // Subject columns only: who acted (created_by, reviewed_by, ...) is
      // not whose record it is.
      if (!(column == "id" || privacy::testing::user_column_name(column))) continue;
      if (table == "coffee_avoid" && column == "avoid_user_id") continue;  // the asker's
      if (table == "coffee_groups") continue;                              // via its members
      if (table == "audit_log") continue;  // entries about the person, not only by them
      auto held = reader->query_one("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?",
                                    {person_id});
      ASSERT_TRUE(held.ok()) << table << "." << column;
      if ((*held)->int64(0) == 0) continue;
      ++tables_with_rows;
      EXPECT_GT(rows_per_table[table], 0u)
          << table << "." << column << " holds " << (*held)->int64(0)
          << " row(s) of the person, but the export has none";
    }
  }
  EXPECT_GE(tables_with_rows, 5);
  for (const auto& file : expected)
    EXPECT_GT(rows_per_file[file], 0u) << "the demo person's " << file << " are missing";

  const std::string everything = boost::json::serialize(privacy::my_data_json(data.value()));
  EXPECT_NE(everything.find(person.user->email), std::string::npos);
  auto others = reader->query("SELECT email FROM users WHERE id <> ? AND email LIKE ?",
                              {person_id, "%@moim.demo"});
  ASSERT_TRUE(others.ok());
  EXPECT_GT(others->size(), 20u);
  for (const auto& other : others.value())
    EXPECT_EQ(everything.find(other.text(0)), std::string::npos) << other.text(0);
  EXPECT_EQ(everything.find("$argon2"), std::string::npos);

  // The documents: one PDF per certificate that holds, also in the ZIP.
  auto documents = service.documents(person);
  ASSERT_TRUE(documents.ok()) << documents.error().message;
  EXPECT_EQ(!documents->empty(), expect_documents);
  for (const auto& document : documents.value()) {
    EXPECT_TRUE(document.name.starts_with("certificates/")) << document.name;
    EXPECT_EQ(document.bytes.substr(0, 5), "%PDF-") << document.name;
  }
  auto zip = service.export_zip(person, "readme");
  ASSERT_TRUE(zip.ok()) << zip.error().message;
  EXPECT_EQ(zip->substr(0, 2), "PK");
  for (const auto& document : documents.value())
    EXPECT_NE(zip->find(document.name), std::string::npos) << document.name;
}

TEST_P(PrivacyDemoTest, ADemoPersonsExportHoldsTheirRecordsAndNoOneElses) {
  crypto::initialise();
  crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  moim::testing::TestDatabase test_db(GetParam());
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, test_db.database());
  ASSERT_TRUE(app.ok()) << app.error().message;
  auto seeded = seed_demo(*app.value());
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;

  auto sources = privacy::room_sources();
  sources.push_back(automation::personal_data);
  const Clock clock;
  privacy::PrivacyService service(test_db.database(), clock, app.value()->certificates(),
                                  std::move(sources));

  // The demo's member (러너): coffee chats, an event, a mentoring pair.
  auto grant =
      app.value()->accounts().log_in("member@moim.demo", kDemoPassword, "127.0.0.1", "test");
  ASSERT_TRUE(grant.ok()) << grant.error().message;
  auto member = app.value()->accounts().viewer_from_session(grant->token);
  ASSERT_TRUE(member.ok() && member->signed_in());
  check_export(test_db.database(), service, member.value(),
               {"profile", "interests", "sessions", "memberships", "stage_history",
                "coffee_participation", "coffee_hours", "coffee_groups", "event_registrations",
                "mentoring_applications", "mentoring_pairs"},
               false);

  // A runner of the closed 6기 with a certificate: the academy and activity.
  auto reader = test_db.database().read();
  ASSERT_TRUE(reader.ok());
  auto runner = reader->query_one(
      "SELECT u.id, u.email, u.display_name FROM users u WHERE "
      "EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = u.id AND c.revoked_at IS NULL) "
      "AND EXISTS (SELECT 1 FROM activity_attendance a WHERE a.user_id = u.id) "
      "AND EXISTS (SELECT 1 FROM activity_retrospectives r WHERE r.author_id = u.id) "
      "AND EXISTS (SELECT 1 FROM applications p WHERE p.user_id = u.id) ORDER BY u.id");
  ASSERT_TRUE(runner.ok() && runner->has_value());
  accounts::Viewer runner_viewer;
  runner_viewer.user = accounts::User{
      .id = (*runner)->int64(0), .email = (*runner)->text(1), .display_name = (*runner)->text(2)};
  check_export(test_db.database(), service, runner_viewer,
               {"profile", "memberships", "applications", "application_choices", "project_places",
                "attendance", "retrospectives", "certificates", "completion"},
               true);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PrivacyDemoTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim
