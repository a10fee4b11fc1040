// The demo's certificate seeding issues for whatever the wrap-up left (the
// demo closes 6기): every completer gets one certificate and one mail, once.
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

  auto reader = test_db.database().read();
  // The demo's wrap-up closed 6기; every completer of a closed cohort has a
  // certificate and its mail, and nobody else has one.
  const std::int64_t completers =
      reader
          ->query_one(
              "SELECT COUNT(*) FROM completion_results r JOIN cohort_closures c "
              "ON c.cohort_id = r.cohort_id WHERE r.outcome = 'completed'")
          .value()
          ->int64(0);
  ASSERT_GT(completers, 100);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM certificates").value()->int64(0), completers);
  EXPECT_EQ(reader
                ->query_one("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE "
                            "'certificates.issued:%'")
                .value()
                ->int64(0),
            completers);

  // Seeding again issues nothing new.
  auto organizer_row = reader->query_one(
      "SELECT m.user_id FROM memberships m JOIN communities cm ON cm.id = m.community_id "
      "WHERE cm.slug = ? AND m.stage = 'organizer' ORDER BY m.user_id",
      {std::string(kDemoSlug)});
  ASSERT_TRUE(organizer_row.ok() && organizer_row->has_value());
  accounts::Viewer organizer;
  organizer.user = app.value()->accounts().user((*organizer_row)->int64(0)).value();
  auto again = seed_demo_certificates(*app.value(), organizer);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again.value(), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DemoCertificatesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim
