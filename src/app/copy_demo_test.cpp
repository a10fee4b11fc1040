// Issue #16: a whole installation moves from SQLite to PostgreSQL with
// `moim copy` and reads the same there; and both kinds of backup restore to
// the same data (moim backup's file, and pg_dump with pg_restore).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/backup.hpp"
#include "platform/db/copy.hpp"
#include "platform/http/message.hpp"
#include "platform/testing/test_database.hpp"

namespace moim {
namespace {

bool have_postgres() {
  for (const auto& kind : moim::testing::database_kinds()) {
    if (kind.name == "postgres") return true;
  }
  return false;
}

std::unique_ptr<App> app_on(db::Database& database) {
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, database);
  if (!app) throw std::runtime_error(app.error().message);
  return std::move(app.value());
}

http::Response get(App& app, const std::string& target, const std::string& cookie) {
  http::Request request;
  request.method = http::Method::kGet;
  request.target = target;
  request.path = target;
  request.remote_ip = "127.0.0.1";
  request.headers = {{"host", "127.0.0.1"}, {"accept", "application/json"}};
  if (!cookie.empty()) request.headers.emplace_back("cookie", cookie);
  return app.pipeline().handle(request);
}

std::string organizer_cookie(App& app) {
  auto grant =
      app.accounts().log_in("organizer@moim.demo", kDemoPassword, {"127.0.0.1", "copy-test", ""});
  if (!grant) throw std::runtime_error(grant.error().message);
  return std::string(accounts::kSessionCookie) + "=" + grant->token;
}

// The schema a TestDatabase's PostgreSQL URL selects (…options=-csearch_path%3DNAME).
std::string schema_of(const std::string& url) { return url.substr(url.rfind("%3D") + 3); }

std::string postgres_bin(const std::string& tool) {
  const char* dir = std::getenv("PG_BIN");
  return std::string(dir ? dir : "/usr/lib/postgresql/15/bin") + "/" + tool;
}

TEST(CopyDemo, TheDemoCopiedIntoPostgresHoldsAndAnswersTheSame) {
  if (!have_postgres()) GTEST_SKIP() << "no PostgreSQL in this environment";
  crypto::initialise();
  crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  moim::testing::TestDatabase sqlite("sqlite");
  auto sqlite_app = app_on(sqlite.database());
  auto seeded = seed_demo(*sqlite_app);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;

  moim::testing::TestDatabase postgres("postgres", /*migrate=*/false);
  auto report = db::copy_database(sqlite.database(), postgres.database());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_GT(report->rows, 5000);

  auto original = db::fingerprints(sqlite.database());
  auto copied = db::fingerprints(postgres.database());
  ASSERT_TRUE(original.ok() && copied.ok());
  EXPECT_EQ(original.value(), copied.value());

  // moim backup's file restores the same data.
  const std::string backup_file = (std::filesystem::temp_directory_path() /
                                   ("moim_backup_" + moim::testing::unique_suffix() + ".db"))
                                      .string();
  ASSERT_TRUE(db::backup(sqlite.url(), backup_file).ok());
  {
    auto restored = db::Database::open("sqlite:" + backup_file, {.pool_size = 1});
    ASSERT_TRUE(restored.ok());
    auto from_backup = db::fingerprints(*restored.value());
    ASSERT_TRUE(from_backup.ok());
    EXPECT_EQ(original.value(), from_backup.value());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(backup_file + suffix);

  // pg_dump and pg_restore, as docs/backup.md says: the dump of the copied
  // schema, restored after the schema is moved aside, holds the same rows.
  const std::string admin_url = std::getenv("MOIM_TEST_POSTGRES_URL");
  const std::string schema = schema_of(postgres.url());
  const std::string dump_file =
      (std::filesystem::temp_directory_path() / ("moim_" + schema + ".dump")).string();
  ASSERT_EQ(std::system((postgres_bin("pg_dump") + " --format=custom --schema=" + schema +
                         " --file=" + dump_file + " '" + admin_url + "'")
                            .c_str()),
            0);
  {
    auto admin = db::Database::open(admin_url, {.pool_size = 1});
    ASSERT_TRUE(admin.ok());
    auto writer = admin.value()->write();
    ASSERT_TRUE(
        writer->execute_script("ALTER SCHEMA " + schema + " RENAME TO " + schema + "_old").ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  const int restored_status = std::system(
      (postgres_bin("pg_restore") + " --dbname='" + admin_url + "' " + dump_file).c_str());
  std::filesystem::remove(dump_file);
  {
    auto admin = db::Database::open(admin_url, {.pool_size = 1});
    ASSERT_TRUE(admin.ok());
    auto writer = admin.value()->write();
    ASSERT_TRUE(writer->execute_script("DROP SCHEMA " + schema + "_old CASCADE").ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  ASSERT_EQ(restored_status, 0);
  auto restored = db::Database::open(postgres.url(), {.pool_size = 4});
  ASSERT_TRUE(restored.ok());
  auto from_dump = db::fingerprints(*restored.value());
  ASSERT_TRUE(from_dump.ok());
  EXPECT_EQ(original.value(), from_dump.value());

  // The organizer's API answers, read from each database by its own server,
  // are the same bytes.
  auto postgres_app = app_on(*restored.value());
  const std::string sqlite_cookie = organizer_cookie(*sqlite_app);
  const std::string postgres_cookie = organizer_cookie(*postgres_app);
  const std::string community = std::string("/api/v1/communities/") + kDemoSlug;
  std::vector<std::string> targets = {"/api/v1/communities", community};
  for (const char* part :
       {"/members", "/cohorts", "/labs", "/coffee/programs", "/deadlines", "/certificates/cohorts",
        "/statistics/cohorts", "/events", "/mentoring/programs", "/outbox"}) {
    targets.push_back(community + part);
  }
  int compared = 0;
  for (const std::string& target : targets) {
    const http::Response from_sqlite = get(*sqlite_app, target, sqlite_cookie);
    const http::Response from_postgres = get(*postgres_app, target, postgres_cookie);
    EXPECT_EQ(from_sqlite.status, 200) << target << "\n" << from_sqlite.body;
    EXPECT_EQ(from_sqlite.status, from_postgres.status) << target;
    EXPECT_EQ(from_sqlite.body, from_postgres.body) << target;
    compared += from_sqlite.status == 200 ? 1 : 0;
  }
  EXPECT_EQ(compared, static_cast<int>(targets.size()));
}

}  // namespace
}  // namespace moim
