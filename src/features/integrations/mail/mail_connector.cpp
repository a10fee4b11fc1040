#include "features/integrations/mail/mail_connector.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <optional>

#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"
#include "platform/web/qr_png.hpp"

namespace moim::automation {

namespace {

// Every mail a feature may enqueue. Essential mail always goes, because the
// recipient must act on it or relies on it as a record of their own action:
// account security links; an application's receipt (proof it arrived); seat
// offers and results (a seat lapses unless confirmed by its deadline, and a
// waitlist position or "not placed" decides what the person does next);
// proposal reviews and co-builder invitations (a builder must respond).
// The rest is community news the recipient may opt out of (List-Unsubscribe):
// announcements and coffee-chat group matches, a recurring social nudge.
struct MailTemplate {
  std::string_view name;
  bool essential;
  bool subject_in_payload;  // the enqueuer wrote the subject in the language
};
constexpr MailTemplate kTemplates[] = {
    {"verify_email", true, false},
    {"reset_password", true, false},
    {"login_link", true, false},      // the way in while an account is under attack
    {"account_exists", true, false},  // a sign-up with the owner's address (no enumeration)
    // "Delete my account" (issue #16): scheduled, cancelled by signing in, done.
    {"account_deletion_scheduled", true, false},
    {"account_deletion_cancelled", true, false},
    {"account_erased", true, false},
    // "Download my data" prepared by the worker: the link to the ZIP (issue #16).
    {"privacy.data_export_ready", true, false},
    {"announcement", false, true},
    {"coffee_group", false, true},
    {"academy.application_received", true, false},
    {"academy.builder_invitation", true, false},
    {"academy.proposal_approved", true, false},
    {"academy.proposal_changes_requested", true, false},
    {"academy.proposal_declined", true, false},
    {"academy.lab_placed", true, false},
    {"academy.result_placed", true, false},
    {"academy.result_placed_waitlisted", true, false},
    {"academy.result_waitlisted", true, false},
    {"academy.result_not_placed", true, false},
    {"activity.deadline_reminder", false, false},  // a nudge: opting out is fine
    {"certificates.issued", true, false},          // the download link of a certificate
    // The same for having attended an event (a certificate of attendance).
    {"certificates.attendance_issued", true, false},
    // And for a mentoring program, as mentor or mentee.
    {"certificates.mentoring_issued", true, false},
    {"activity.dropped", true, false},             // wrap-up: the member's own standing
    {"activity.member_left", false, false},        // wrap-up: news for the builders
    {"activity.completion_result", true, false},   // wrap-up: the final result
    {"discord.invite", true, false},               // onboarding: the way into the project
    {"notion.page_link", true, false},             // the only way into the project's Notion page
    {"events.ticket", true, false},                // the ticket and the guest's private link
    {"events.waitlisted", true, false},            // a place in line, and its private link
    {"events.seat_offered", true, false},          // a seat lapses unless claimed in time
    {"events.event_cancelled", true, false},       // do not travel to a cancelled event
    {"events.reminder_day_before", false, false},  // a nudge: opting out is fine
    {"events.reminder_morning", false, false},     // a nudge with the ticket code
    {"events.after_event", false, false},          // thanks, and the feedback survey
    {"events.talk_submitted", true, false},        // a talk for the organizers to review
    {"events.talk_reviewed", true, false},         // accepted, declined or changes asked
    {"mentoring.matched", true, false},            // the announced pair: the other and the hours
    {"mentoring.reminder", false, false},          // a nudge the day before a session
    {"mentoring.checkin", false, false},           // the mid-point check-in, a nudge
    {"mentoring.feedback", false, false},          // the end survey, like events.after_event
};

const MailTemplate* find_template(std::string_view name) {
  for (const auto& known : kTemplates) {
    if (known.name == name) return &known;
  }
  return nullptr;
}

std::string with_dots_as(std::string_view name, char replacement) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '.', replacement);
  return out;
}

std::string lower_ascii(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

class LogTransport : public MailTransport {
 public:
  Delivery send(const MailContent& mail, const std::string&) override {
    log::info("mail_logged", {{"to", mail.to.address},
                              {"subject", mail.subject},
                              {"message_id", mail.message_id},
                              {"note", "no SMTP server configured (development mode)"}});
    return Delivery::done("logged (no SMTP server configured)");
  }
};

// The payload's "attachments": [{filename, content_type, content_id?,
// base64 | qr_text}], added by the enqueuer (a ticket's QR image and
// calendar entry). A QR image is drawn here, at delivery, from its text:
// drawing it when the row is enqueued would hold the enqueuer's write
// transaction (a registration's seat) for milliseconds per ticket.
// Returns what is wrong, empty when all is well.
std::string attachments_of(const boost::json::object& payload, std::vector<MailAttachment>& out) {
  const auto* list = payload.if_contains("attachments");
  if (list == nullptr) return "";
  if (!list->is_array()) return "attachments is not a list";
  if (list->as_array().size() > kMaxAttachments) return "too many attachments";
  std::size_t total = 0;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) return "an attachment is not an object";
    const auto& entry = item.as_object();
    auto field = [&](std::string_view key) -> std::string {
      const auto* value = entry.if_contains(key);
      return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
    };
    MailAttachment attachment{.filename = field("filename"),
                              .content_type = field("content_type"),
                              .content_id = field("content_id")};
    if (attachment.filename.empty()) return "an attachment has no filename";
    if (!safe_content_type(attachment.content_type))
      return "attachment '" + attachment.filename + "' has no usable content_type";
    std::optional<std::string> bytes;
    if (const std::string qr_text = field("qr_text"); !qr_text.empty()) {
      if (attachment.content_type != "image/png")
        return "attachment '" + attachment.filename + "' draws a QR code but is not image/png";
      auto png = web::qr_png(qr_text, 8);
      if (!png) return "attachment '" + attachment.filename + "': " + png.error().message;
      bytes = std::move(png.value());
    } else {
      bytes = decode_base64(field("base64"));
    }
    if (!bytes || bytes->empty()) return "attachment '" + attachment.filename + "' is not base64";
    total += bytes->size();
    if (total > kMaxAttachmentBytes) return "the attachments are too large";
    attachment.bytes = std::move(*bytes);
    out.push_back(std::move(attachment));
  }
  return "";
}

}  // namespace

std::unique_ptr<MailTransport> make_log_transport() { return std::make_unique<LogTransport>(); }

bool is_essential_mail(std::string_view template_name) {
  const MailTemplate* known = find_template(template_name);
  return known != nullptr && known->essential;
}

std::vector<std::string> known_mail_templates() {
  std::vector<std::string> names;
  for (const auto& known : kTemplates) names.emplace_back(known.name);
  return names;
}

std::string mail_template_file(std::string_view template_name) {
  return "mail/" + with_dots_as(template_name, '/');
}

std::string mail_subject_key(std::string_view template_name) {
  return "mail_subject_" + with_dots_as(template_name, '_');
}

MailConnector::MailConnector(db::Database& database, const Clock& clock,
                             std::shared_ptr<const web::Templates> templates,
                             const web::Catalog& catalog, MailOptions options,
                             std::unique_ptr<MailTransport> transport)
    : database_(database),
      clock_(clock),
      templates_(std::move(templates)),
      catalog_(catalog),
      options_(std::move(options)),
      transport_(std::move(transport)) {}

Result<std::optional<std::string>> MailConnector::unsubscribe_token(const std::string& email) {
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto inserted = transaction->execute(
      "INSERT INTO mail_preferences (email, unsubscribe_token, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (email) DO NOTHING",
      {email, crypto::random_token(24), clock_.now_seconds()});
  if (!inserted) return inserted.error();
  auto row = transaction->query_one(
      "SELECT unsubscribe_token, unsubscribed_at FROM mail_preferences WHERE email = ?", {email});
  if (!row) return row.error();
  if (auto status = transaction->commit(); !status) return status.error();
  if (!(*row)->is_null(1)) return std::optional<std::string>{};
  return std::optional<std::string>{(*row)->text(0)};
}

Delivery MailConnector::deliver(const OutboxRow& row) {
  boost::json::object payload;
  try {
    payload = boost::json::parse(row.payload).as_object();
  } catch (const std::exception&) {
    return Delivery::permanent("payload is not a JSON object");
  }
  auto text_of = [&](std::string_view key) -> std::string {
    auto found = payload.find(key);
    return found != payload.end() && found->value().is_string()
               ? std::string(found->value().as_string())
               : std::string();
  };
  const std::string template_name = text_of("template");
  const MailTemplate* known = find_template(template_name);
  if (known == nullptr) return Delivery::permanent("unknown mail template '" + template_name + "'");
  std::string language = text_of("language");
  if (!web::is_supported_language(language)) language = "ko";

  MailContent mail;
  mail.from = options_.from;
  mail.reply_to = options_.reply_to;
  if (!parse_mail_address(row.target, mail.to))
    return Delivery::permanent("the recipient '" + row.target + "' is not an email address");
  mail.to.name = text_of("to_name");
  if (known->subject_in_payload) {
    mail.subject = text_of("subject");
  } else {
    // "[community] ..." like the coffee and announcement subjects, so a
    // member of several communities sees which one writes.
    const std::string community = text_of("community");
    mail.subject = (community.empty() ? "" : "[" + community + "] ") +
                   catalog_.text(language, mail_subject_key(template_name));
  }
  mail.message_id = message_id_for(row.idempotency_key, options_.from.address);
  mail.date = row.created_at;

  boost::json::object data = payload;
  // Features enqueue site-relative links; mail needs absolute ones.
  if (const std::string link = text_of("link"); link.starts_with("/"))
    data["link"] = options_.base_url + link;
  // Allocation outcomes are codes; the reader gets them in their language.
  if (auto found = data.find("explanation"); found != data.end() && found->value().is_array()) {
    for (auto& choice : found->value().as_array()) {
      if (!choice.is_object()) continue;
      auto& entry = choice.as_object();
      if (auto outcome = entry.find("outcome");
          outcome != entry.end() && outcome->value().is_string())
        entry["outcome_text"] =
            catalog_.text(language, "outcome_" + std::string(outcome->value().as_string()));
    }
  }
  if (!known->essential && options_.optional_mail_allowed) {
    auto reader = database_.read();
    if (!reader) return Delivery::retry("consent lookup failed: " + reader.error().message);
    auto allowed = options_.optional_mail_allowed(*reader, lower_ascii(mail.to.address));
    if (!allowed) return Delivery::retry("consent lookup failed: " + allowed.error().message);
    if (!allowed.value())
      return Delivery::cancelled("skipped: the recipient withdrew the newsletter consent");
  }
  if (!known->essential) {
    auto token = unsubscribe_token(lower_ascii(mail.to.address));
    if (!token) return Delivery::retry("unsubscribe lookup failed: " + token.error().message);
    if (!token->has_value()) return Delivery::cancelled("skipped: the recipient unsubscribed");
    mail.list_unsubscribe = options_.base_url + "/unsubscribe?token=" + **token;
    data["unsubscribe_url"] = mail.list_unsubscribe;
  }
  if (auto attached = attachments_of(payload, mail.attachments); !attached.empty())
    return Delivery::permanent(attached);
  data.erase("attachments");  // bytes, not words: nothing for a template
  data["subject"] = mail.subject;
  data["lang"] = language;
  try {
    const std::string file = mail_template_file(template_name);
    mail.text = templates_->render(file + ".txt", language, data);
    mail.html = templates_->render(file + ".html", language, data);
  } catch (const std::exception& failure) {
    return Delivery::permanent(std::string("cannot render the mail: ") + failure.what());
  }
  // Deterministic, so a resend after a crash is byte-for-byte the same mail.
  const std::string boundary =
      "moim-" + crypto::hmac_sha256_hex("moim boundary", row.idempotency_key).substr(0, 24);
  return transport_->send(mail, build_mime(mail, boundary));
}

Result<bool> unsubscribe(db::Database& database, const std::string& token, std::int64_t now) {
  auto transaction = database.write();
  if (!transaction) return transaction.error();
  auto changed = transaction->execute(
      "UPDATE mail_preferences SET unsubscribed_at = COALESCE(unsubscribed_at, ?) WHERE "
      "unsubscribe_token = ?",
      {now, token});
  if (!changed) return changed.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return changed.value() == 1;
}

Result<std::optional<std::string>> unsubscribe_address(db::Database& database,
                                                       const std::string& token) {
  auto transaction = database.read();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "SELECT email FROM mail_preferences WHERE unsubscribe_token = ?", {token});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<std::string>{};
  return std::optional<std::string>{(*row)->text(0)};
}

}  // namespace moim::automation
