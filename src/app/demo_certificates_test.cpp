// The demo's certificate seeding issues for whatever the wrap-up left: here
// the test plays the wrap-up (closes 6기 with its builders completed) and
// checks the demo then has certificates, once, with their mails.
#include "app/demo_certificates.hpp"

#include <gtest/gtest.h>

#include "app/demo.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"

namespace moim {
namespace {

class DemoCertificatesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoCertificatesTest, IssuesForEveryClosedCohortsCompletersOnce) {
  crypto::initialise();
  crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  moim::testing::TestDatabase test_db(GetParam());
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, test_db.database());
  ASSERT_TRUE(app.ok()) << app.error().message;
  ASSERT_TRUE(seed_demo(*app.value()).ok());

  std::int64_t organizer_id = 0;
  {
    auto writer = test_db.database().write();
    auto cohort = writer->query_one(
        "SELECT co.id FROM cohorts co JOIN communities cm ON cm.id = co.community_id "
        "WHERE cm.slug = ? AND co.cohort_key = '6'",
        {std::string(kDemoSlug)});
    ASSERT_TRUE(cohort.ok() && cohort->has_value());
    const std::int64_t cohort_id = (*cohort)->int64(0);
    auto completed = writer->execute(
        "INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, outcome, "
        "updated_at) SELECT ?, b.project_id, b.user_id, 'builder', 'completed', 'completed', 0 "
        "FROM project_builders b JOIN academy_projects p ON p.id = b.project_id "
        "WHERE p.cohort_id = ? AND b.accepted_at IS NOT NULL",
        {cohort_id, cohort_id});
    ASSERT_TRUE(completed.ok()) << completed.error().message;
    ASSERT_GT(completed.value(), 0);
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO cohort_closures (cohort_id, closed_at) VALUES (?, 0)",
                              {cohort_id})
                    .ok());
    auto organizer = writer->query_one(
        "SELECT m.user_id FROM memberships m JOIN communities cm ON cm.id = m.community_id "
        "WHERE cm.slug = ? AND m.stage = 'organizer' ORDER BY m.user_id",
        {std::string(kDemoSlug)});
    ASSERT_TRUE(organizer.ok() && organizer->has_value());
    organizer_id = (*organizer)->int64(0);
    ASSERT_TRUE(writer->commit().ok());
  }
  accounts::Viewer organizer;
  organizer.user = app.value()->accounts().user(organizer_id).value();

  auto issued = seed_demo_certificates(*app.value(), organizer);
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  auto reader = test_db.database().read();
  const std::int64_t results =
      reader->query_one("SELECT COUNT(*) FROM completion_results").value()->int64(0);
  EXPECT_EQ(issued.value(), results);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM certificates").value()->int64(0), results);
  EXPECT_EQ(reader
                ->query_one("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE "
                            "'certificates.issued:%'")
                .value()
                ->int64(0),
            results);
  EXPECT_EQ(seed_demo_certificates(*app.value(), organizer).value(), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DemoCertificatesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim
