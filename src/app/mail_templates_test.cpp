// Every mail the features enqueue must reach people as real mail: the demo
// seeding drives the real academy and coffee services (applications, seat
// offers, published results, coffee groups), then each outbox row is
// rendered by the mail connector in Korean and English. A feature that
// enqueues a template the connector does not know fails here.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "app/demo.hpp"
#include "features/automation/mail_connector.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"

namespace moim {
namespace {

using automation::Delivery;
using automation::MailContent;
using automation::OutboxRow;

const std::string kBaseUrl = "https://moim.example";

class CapturingTransport : public automation::MailTransport {
 public:
  explicit CapturingTransport(std::vector<MailContent>& sent) : sent_(sent) {}
  Delivery send(const MailContent& mail, const std::string&) override {
    sent_.push_back(mail);
    return Delivery::done("captured");
  }

 private:
  std::vector<MailContent>& sent_;
};

std::string text_or_empty(const boost::json::object& object, std::string_view key) {
  auto found = object.find(key);
  return found != object.end() && found->value().is_string()
             ? std::string(found->value().as_string())
             : std::string();
}

class MailTemplatesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(catalog.value());
    auto templates = web::Templates::load(MOIM_SOURCE_DIR "/web/templates", catalog_);
    ASSERT_TRUE(templates.ok());
    templates_ = std::move(templates.value());
    automation::MailAddress from;
    automation::parse_mail_address("가짜연구소 <noreply@pseudolab.org>", from);
    connector_ = std::make_unique<automation::MailConnector>(
        db_.database(), clock_, templates_, catalog_,
        automation::MailOptions{from, "organizers@pseudolab.org", kBaseUrl},
        std::make_unique<CapturingTransport>(sent_));
  }

  std::vector<OutboxRow> email_rows() {
    std::vector<OutboxRow> rows;
    auto reader = db_.database().read();
    auto found = reader->query(std::string("SELECT ") + automation::kOutboxColumns +
                                   " FROM outbox WHERE kind = 'email' ORDER BY id",
                               {});
    EXPECT_TRUE(found.ok());
    for (const auto& row : found.value()) rows.push_back(automation::outbox_row_from(row));
    return rows;
  }

  // Renders the row as if its recipient preferred `language`, and checks the
  // mail says everything the payload carries, with nothing left unrendered.
  void expect_real_mail(OutboxRow row, const std::string& language) {
    auto payload = boost::json::parse(row.payload).as_object();
    const std::string name = text_or_empty(payload, "template");
    SCOPED_TRACE(name + " in " + language + ": " + row.payload);
    payload["language"] = language;
    row.payload = boost::json::serialize(payload);
    const std::size_t before = sent_.size();
    const Delivery delivery = connector_->deliver(row);
    ASSERT_EQ(delivery.outcome, Delivery::Outcome::kDone) << delivery.error << delivery.result;
    ASSERT_EQ(sent_.size(), before + 1);
    const MailContent& mail = sent_.back();

    for (const std::string* part : {&mail.subject, &mail.text, &mail.html}) {
      EXPECT_EQ(part->find("{{"), std::string::npos) << *part;
      EXPECT_EQ(part->find("}}"), std::string::npos) << *part;
    }
    EXPECT_FALSE(mail.subject.empty());
    const bool subject_in_payload = payload.contains("subject");
    if (subject_in_payload) {
      EXPECT_EQ(mail.subject, text_or_empty(payload, "subject"));
    } else {
      EXPECT_NE(mail.subject.find(catalog_.text(language, automation::mail_subject_key(name))),
                std::string::npos);
      const std::string community = text_or_empty(payload, "community");
      if (!community.empty()) EXPECT_TRUE(mail.subject.starts_with("[" + community + "] "));
    }
    // The greeting in the recipient's language, by name.
    EXPECT_NE(mail.text.find(language == "ko" ? "안녕하세요, " : "Hello "), std::string::npos);
    EXPECT_NE(mail.html.find("<html lang=\"" + language + "\">"), std::string::npos);
    for (const char* key : {"to_name", "project", "cohort", "community", "scope", "inviter",
                            "comment", "program", "host", "confirm_by_local"}) {
      const std::string value = text_or_empty(payload, key);
      if (!value.empty()) EXPECT_NE(mail.text.find(value), std::string::npos) << key;
    }
    // The seat deadline is shown in the community's time zone.
    if (name == "academy.result_placed")
      EXPECT_NE(mail.text.find(text_or_empty(payload, "confirm_by_local")), std::string::npos);
    const std::string link = text_or_empty(payload, "link");
    if (!link.empty()) {
      const std::string absolute = link.starts_with("/") ? kBaseUrl + link : link;
      EXPECT_TRUE(absolute.starts_with(kBaseUrl + "/"));
      EXPECT_NE(mail.text.find(absolute), std::string::npos);
      EXPECT_NE(mail.html.find("href=\"" + absolute + "\""), std::string::npos);
    }
    auto each = [&](std::string_view key, auto check) {
      auto found = payload.find(key);
      if (found == payload.end() || !found->value().is_array()) return;
      for (const auto& item : found->value().as_array()) check(item);
    };
    each("choices", [&](const boost::json::value& title) {
      EXPECT_NE(mail.text.find(std::string(title.as_string())), std::string::npos);
    });
    each("common_slots", [&](const boost::json::value& slot) {
      EXPECT_NE(mail.text.find(std::string(slot.as_string())), std::string::npos);
    });
    each("waitlists", [&](const boost::json::value& entry) {
      const auto& object = entry.as_object();
      EXPECT_NE(mail.text.find(text_or_empty(object, "project") + ": " +
                               catalog_.text(language, "mail_waitlist_position") + " " +
                               std::to_string(object.at("position").as_int64())),
                std::string::npos);
    });
    each("explanation", [&](const boost::json::value& entry) {
      const auto& object = entry.as_object();
      EXPECT_NE(mail.text.find(text_or_empty(object, "project") + ": " +
                               catalog_.text(language, "outcome_" +
                                                           text_or_empty(object, "outcome"))),
                std::string::npos);
    });
    each("members", [&](const boost::json::value& entry) {
      const auto& member = entry.as_object();
      if (member.at("is_you").as_bool()) return;
      EXPECT_NE(mail.text.find("- " + text_or_empty(member, "display_name")), std::string::npos);
    });
    // Essential mail has no opt-out; the rest carries List-Unsubscribe.
    EXPECT_EQ(mail.list_unsubscribe.empty(), automation::is_essential_mail(name));
    if (!mail.list_unsubscribe.empty())
      EXPECT_NE(mail.text.find(mail.list_unsubscribe), std::string::npos);
    ++rendered_[name];
  }

  moim::testing::TestDatabase db_{GetParam()};
  Clock clock_;
  web::Catalog catalog_;
  std::shared_ptr<web::Templates> templates_;
  std::vector<MailContent> sent_;
  std::unique_ptr<automation::MailConnector> connector_;
  std::map<std::string, int> rendered_;
};

TEST_P(MailTemplatesTest, EveryTemplateTheConnectorKnowsHasBothFilesAndSubjects) {
  for (const std::string& name : automation::known_mail_templates()) {
    const std::string file = automation::mail_template_file(name);
    EXPECT_TRUE(templates_->has(file + ".txt")) << name;
    EXPECT_TRUE(templates_->has(file + ".html")) << name;
    if (name == "announcement" || name == "coffee_group") continue;  // subject in the payload
    for (auto language : web::kLanguages) {
      EXPECT_NE(catalog_.text(language, automation::mail_subject_key(name)),
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

  const auto known = automation::known_mail_templates();
  const auto rows = email_rows();
  ASSERT_FALSE(rows.empty());
  for (const OutboxRow& row : rows) {
    auto payload = boost::json::parse(row.payload).as_object();
    const std::string name = text_or_empty(payload, "template");
    ASSERT_NE(std::find(known.begin(), known.end(), name), known.end())
        << "a feature enqueues mail the connector does not know: " << row.payload;
    // Academy mail is addressed in the recipient's language, by name.
    if (name.starts_with("academy.")) {
      EXPECT_TRUE(web::is_supported_language(text_or_empty(payload, "language"))) << row.payload;
      EXPECT_FALSE(text_or_empty(payload, "to_name").empty()) << row.payload;
    }
    expect_real_mail(row, "ko");
    expect_real_mail(row, "en");
  }
  std::string seen;
  for (const auto& [name, count] : rendered_) seen += name + "=" + std::to_string(count) + " ";
  std::cout << "rendered: " << seen << "\n";
}

INSTANTIATE_TEST_SUITE_P(Drivers, MailTemplatesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim
