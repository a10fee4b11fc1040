// A test helper: renders outbox email rows with the real mail connector
// (templates and catalog from the source tree, a capturing transport) in
// Korean and English and checks the mail says everything its payload carries,
// with nothing left unrendered. Feature tests run it over whatever their
// scenarios enqueued, so a new mail or field without a template fails there.
// Needs MOIM_SOURCE_DIR defined by the test target.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "features/integrations/mail/mail_connector.hpp"
#include "platform/db/database.hpp"

namespace moim::automation::testing {

using automation::Delivery;
using automation::MailContent;
using automation::OutboxRow;

inline const std::string kMailBaseUrl = "https://moim.example";

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

inline std::string text_or_empty(const boost::json::object& object, std::string_view key) {
  auto found = object.find(key);
  return found != object.end() && found->value().is_string()
             ? std::string(found->value().as_string())
             : std::string();
}

class MailRenderCheck {
 public:
  explicit MailRenderCheck(db::Database& database) : database_(database) {
    auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
    EXPECT_TRUE(catalog.ok());
    if (catalog.ok()) catalog_ = std::move(catalog.value());
    auto templates = web::Templates::load(MOIM_SOURCE_DIR "/web/templates", catalog_);
    EXPECT_TRUE(templates.ok());
    if (templates.ok()) templates_ = std::move(templates.value());
    automation::MailAddress from;
    automation::parse_mail_address("가짜연구소 <noreply@pseudolab.org>", from);
    connector_ = std::make_unique<automation::MailConnector>(
        database_, clock_, templates_, catalog_,
        automation::MailOptions{from, "organizers@pseudolab.org", kMailBaseUrl},
        std::make_unique<CapturingTransport>(sent_));
  }

  std::vector<OutboxRow> email_rows() {
    std::vector<OutboxRow> rows;
    auto reader = database_.read();
    auto found = reader->query(std::string("SELECT ") + automation::kOutboxColumns +
                               " FROM outbox WHERE kind = 'email' ORDER BY id");
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
      if (!community.empty()) {
        EXPECT_TRUE(mail.subject.starts_with("[" + community + "] "));
      }
    }
    // The greeting in the recipient's language, by name.
    EXPECT_NE(mail.text.find(language == "ko" ? "안녕하세요, " : "Hello "), std::string::npos);
    EXPECT_NE(mail.html.find("<html lang=\"" + language + "\">"), std::string::npos);
    for (const char* key : {"to_name", "project", "cohort", "scope", "inviter", "comment",
                            "program", "host", "confirm_by_local"}) {
      const std::string value = text_or_empty(payload, key);
      if (!value.empty()) {
        EXPECT_NE(mail.text.find(value), std::string::npos) << key;
      }
    }
    // The seat deadline is shown in the community's time zone.
    if (name == "academy.result_placed") {
      const std::string zone = text_or_empty(payload, "time_zone");
      const std::string local = text_or_empty(payload, "confirm_by_local");
      EXPECT_FALSE(zone.empty());
      EXPECT_NE(local.find("(" + zone + ")"), std::string::npos);
      EXPECT_NE(mail.text.find(local), std::string::npos);
      EXPECT_NE(mail.html.find(local), std::string::npos);
    }
    const std::string link = text_or_empty(payload, "link");
    if (!link.empty()) {
      const std::string absolute = link.starts_with("/") ? kMailBaseUrl + link : link;
      EXPECT_TRUE(absolute.starts_with(kMailBaseUrl + "/"));
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
      EXPECT_NE(
          mail.text.find(text_or_empty(object, "project") + ": " +
                         catalog_.text(language, "outcome_" + text_or_empty(object, "outcome"))),
          std::string::npos);
    });
    each("members", [&](const boost::json::value& entry) {
      const auto& member = entry.as_object();
      if (member.at("is_you").as_bool()) return;
      EXPECT_NE(mail.text.find("- " + text_or_empty(member, "display_name")), std::string::npos);
    });
    // Essential mail has no opt-out; the rest carries List-Unsubscribe.
    EXPECT_EQ(mail.list_unsubscribe.empty(), automation::is_essential_mail(name));
    if (!mail.list_unsubscribe.empty()) {
      EXPECT_NE(mail.text.find(mail.list_unsubscribe), std::string::npos);
    }
    ++rendered_[name];
  }

  // Every email row in the outbox: its template is one the connector knows,
  // academy mail is addressed by name in a supported language, and it
  // renders fully in Korean and English.
  void expect_every_email_row_renders() {
    const auto known = automation::known_mail_templates();
    for (const OutboxRow& row : email_rows()) {
      auto payload = boost::json::parse(row.payload).as_object();
      const std::string name = text_or_empty(payload, "template");
      EXPECT_NE(std::find(known.begin(), known.end(), name), known.end())
          << "a feature enqueues mail the connector does not know: " << row.payload;
      if (std::find(known.begin(), known.end(), name) == known.end()) continue;
      if (name.starts_with("academy.")) {
        EXPECT_TRUE(web::is_supported_language(text_or_empty(payload, "language"))) << row.payload;
        EXPECT_FALSE(text_or_empty(payload, "to_name").empty()) << row.payload;
      }
      expect_real_mail(row, "ko");
      expect_real_mail(row, "en");
    }
  }

  const std::map<std::string, int>& rendered() const { return rendered_; }
  const web::Templates& templates() const { return *templates_; }
  const web::Catalog& catalog() const { return catalog_; }

 private:
  db::Database& database_;
  Clock clock_;
  web::Catalog catalog_;
  std::shared_ptr<web::Templates> templates_;
  std::vector<MailContent> sent_;
  std::unique_ptr<automation::MailConnector> connector_;
  std::map<std::string, int> rendered_;
};

}  // namespace moim::automation::testing
