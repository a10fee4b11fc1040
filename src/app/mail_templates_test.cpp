// Every mail the features enqueue must reach people as real mail: the demo
// seeding drives the real academy and coffee services (proposals, invitations,
// applications, reviews, coffee groups), then each outbox row is rendered by
// the mail connector in Korean and English. A feature that enqueues a template
// the connector does not know fails here. (The academy service tests run the
// same check over their scenarios: proposal decisions, labs, published results.)
#include <gtest/gtest.h>

#include "app/demo.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"

namespace moim {
namespace {

class MailTemplatesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  }
  moim::testing::TestDatabase db_{GetParam()};
};

TEST_P(MailTemplatesTest, EveryTemplateTheConnectorKnowsHasBothFilesAndSubjects) {
  automation::testing::MailRenderCheck check(db_.database());
  for (const std::string& name : automation::known_mail_templates()) {
    const std::string file = automation::mail_template_file(name);
    EXPECT_TRUE(check.templates().has(file + ".txt")) << name;
    EXPECT_TRUE(check.templates().has(file + ".html")) << name;
    if (name == "announcement" || name == "coffee_group") continue;  // subject in the payload
    for (auto language : web::kLanguages) {
      EXPECT_NE(check.catalog().text(language, automation::mail_subject_key(name)),
                automation::mail_subject_key(name))
          << name << " " << language;
    }
  }
}

TEST_P(MailTemplatesTest, EveryMailTheDemoEnqueuesIsKnownAndRendersInKoreanAndEnglish) {
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, db_.database());
  ASSERT_TRUE(app.ok()) << app.error().message;
  auto seeded = seed_demo(*app.value());
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;

  automation::testing::MailRenderCheck check(db_.database());
  check.expect_every_email_row_renders();
  // The demo's stages each send their mail: invitations, proposal approvals,
  // application receipts, coffee groups.
  for (const char* name : {"academy.builder_invitation", "academy.proposal_approved",
                           "academy.application_received", "coffee_group"})
    EXPECT_GT(check.rendered().count(name), 0u) << name;
}

INSTANTIATE_TEST_SUITE_P(Drivers, MailTemplatesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim
