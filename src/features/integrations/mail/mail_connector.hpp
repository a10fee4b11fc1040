// Delivers "email" outbox rows: renders the row's template in the
// recipient's language (web/templates/mail/NAME.txt and NAME.html, subject
// from the catalog), builds the MIME message and hands it to a transport:
// SMTP through libcurl, or the log in development mode without SMTP.
//
// Payload: {"template": one of known_mail_templates(), "language": "ko" | "en"
//           (missing or unknown: "ko", the default community language),
//           "to_name": ..., "link": absolute or site-relative ("/c/..."; made
//           absolute with base_url), "attachments" (optional): [{"filename",
//           "content_type", "content_id" (inline, shown as cid:...), "base64"}],
//           plus the template's fields}.
// Essential mail (account security, academy applications, offers, results,
// reviews) always goes; other mail (announcements, coffee groups) carries
// List-Unsubscribe and is skipped once the recipient unsubscribed.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "features/integrations/connector.hpp"
#include "features/integrations/mail/mime.hpp"
#include "platform/base/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/web/catalog.hpp"
#include "platform/web/templates.hpp"

namespace moim::automation {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual Delivery send(const MailContent& mail, const std::string& message) = 0;
};

struct SmtpOptions {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string user;
  std::string password;
  bool require_starttls = true;
  int timeout_ms = 30'000;
};
std::unique_ptr<MailTransport> make_smtp_transport(SmtpOptions options);
// Development without SMTP: one log line per mail, and the row is done.
std::unique_ptr<MailTransport> make_log_transport();

struct MailOptions {
  MailAddress from;
  std::string reply_to;
  std::string base_url;  // for unsubscribe links
  // Whether non-essential mail may go to an address (issue #16: the
  // newsletter consent, features/accounts/consents.hpp): asked at delivery,
  // so a withdrawal stops mail already queued. Empty: always.
  std::function<Result<bool>(db::Transaction&, const std::string& address)> optional_mail_allowed;
};

bool is_essential_mail(std::string_view template_name);
// Every template name the connector delivers (tests check features use no other).
std::vector<std::string> known_mail_templates();
// "academy.result_placed" -> "mail/academy/result_placed" (then .txt / .html).
std::string mail_template_file(std::string_view template_name);
// "academy.result_placed" -> "mail_subject_academy_result_placed".
std::string mail_subject_key(std::string_view template_name);

class MailConnector : public Connector {
 public:
  MailConnector(db::Database& database, const Clock& clock,
                std::shared_ptr<const web::Templates> templates, const web::Catalog& catalog,
                MailOptions options, std::unique_ptr<MailTransport> transport);
  std::string_view kind() const override { return "email"; }
  Delivery deliver(const OutboxRow& row) override;

 private:
  // The recipient's unsubscribe token, created on first use; nullopt when
  // they have unsubscribed.
  Result<std::optional<std::string>> unsubscribe_token(const std::string& email);

  db::Database& database_;
  const Clock& clock_;
  std::shared_ptr<const web::Templates> templates_;
  const web::Catalog& catalog_;
  MailOptions options_;
  std::unique_ptr<MailTransport> transport_;
};

// Marks the address behind a token as unsubscribed; false for an unknown token.
Result<bool> unsubscribe(db::Database& database, const std::string& token, std::int64_t now);
// The address behind a token (for the confirmation page).
Result<std::optional<std::string>> unsubscribe_address(db::Database& database,
                                                       const std::string& token);

}  // namespace moim::automation
