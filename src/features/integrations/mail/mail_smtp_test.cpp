// The mail connector against a real SMTP server (aiosmtpd, started here on
// loopback): headers, RFC 2047 subjects, both bodies, unsubscribe rules,
// refusals and authentication.
#include <gtest/gtest.h>

#include "features/integrations/mail/mail_connector.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/worker.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox_store.hpp"
#include "platform/testing/fake_clock.hpp"
#include "platform/testing/test_database.hpp"

namespace moim::automation {
namespace {

using testing::header_value;
using testing::HelperProcess;

const std::string kSink = MOIM_SOURCE_DIR "/src/features/integrations/testing/smtp_sink.py";

std::string decode_base64(std::string_view text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (char ch : text) {
    const auto value = kAlphabet.find(ch);
    if (value == std::string::npos) continue;  // line breaks, padding
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return bytes;
}

// The decoded body of the part with this content type.
std::string part(const std::string& message, const std::string& type) {
  const auto header = message.find("Content-Type: " + type);
  if (header == std::string::npos) return "";
  const auto start = message.find("\r\n\r\n", header) + 4;
  const auto end = message.find("\r\n--", start);
  return decode_base64(message.substr(start, end - start));
}

std::string decode_words(const std::string& header) {
  std::string out;
  std::size_t at = 0;
  while ((at = header.find("=?UTF-8?B?", at)) != std::string::npos) {
    const auto end = header.find("?=", at + 10);
    out += decode_base64(header.substr(at + 10, end - at - 10));
    at = end + 2;
  }
  return out;
}

class MailSmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::initialise();
    auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(catalog.value());
    auto templates = web::Templates::load(MOIM_SOURCE_DIR "/web/templates", catalog_);
    ASSERT_TRUE(templates.ok());
    templates_ = std::move(templates.value());
  }
  std::unique_ptr<Worker> worker(SmtpOptions smtp, int max_attempts = 5) {
    auto made = std::make_unique<Worker>(db_.database(), clock_,
                                         WorkerOptions{.max_attempts = max_attempts},
                                         make_leadership(db_.url(), ""));
    MailAddress from;
    parse_mail_address("가짜연구소 <noreply@pseudolab.org>", from);
    made->add_connector(std::make_unique<MailConnector>(
        db_.database(), clock_, templates_, catalog_,
        MailOptions{from, "organizers@pseudolab.org", "https://moim.example"},
        make_smtp_transport(std::move(smtp))));
    return made;
  }
  SmtpOptions local(const HelperProcess& sink) {
    return {.url = "smtp://127.0.0.1:" + std::to_string(sink.port()),
            .require_starttls = false,
            .timeout_ms = 10'000};
  }
  void mail(const std::string& key, const std::string& to, boost::json::object payload) {
    auto transaction = db_.database().write();
    ASSERT_TRUE(
        enqueue(
            *transaction,
            {.kind = "email", .target = to, .payload = std::move(payload), .idempotency_key = key},
            clock_.now_seconds())
            .ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  OutboxRow row(const std::string& key) {
    auto transaction = db_.database().read();
    auto found = transaction->query_one(
        std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE idempotency_key = ?", {key});
    return outbox_row_from(**found);
  }

  moim::testing::FakeClock clock_;
  moim::testing::TestDatabase db_{"sqlite"};
  web::Catalog catalog_;
  std::shared_ptr<web::Templates> templates_;
};

TEST_F(MailSmtpTest, AKoreanVerificationMailArrivesWithEncodedHeadersAndBothBodies) {
  HelperProcess sink(kSink);
  mail("verify_email:1:abc", "runner@example.org",
       {{"template", "verify_email"},
        {"language", "ko"},
        {"to_name", "김러너"},
        {"link", "https://moim.example/verify-email?token=T0K&x=1"}});
  auto subject = worker(local(sink));
  ASSERT_EQ(subject->drain_once(), 1);
  EXPECT_EQ(row("verify_email:1:abc").state, "done");
  const auto messages = sink.wait_for(1);
  ASSERT_EQ(messages.size(), 1u);
  const std::string& message = messages[0];
  EXPECT_EQ(header_value(message, "X-Envelope-From"), "noreply@pseudolab.org");
  EXPECT_EQ(header_value(message, "X-Envelope-To"), "runner@example.org");
  const std::string subject_header = header_value(message, "Subject");
  EXPECT_TRUE(subject_header.starts_with("=?UTF-8?B?")) << subject_header;
  EXPECT_EQ(decode_words(subject_header), "[moim] 이메일 주소를 확인해 주세요");
  EXPECT_EQ(decode_words(header_value(message, "From")), "가짜연구소");
  EXPECT_TRUE(header_value(message, "From").ends_with(" <noreply@pseudolab.org>"));
  EXPECT_EQ(decode_words(header_value(message, "To")), "김러너");
  EXPECT_EQ(header_value(message, "Reply-To"), "organizers@pseudolab.org");
  EXPECT_EQ(header_value(message, "Message-ID"),
            message_id_for("verify_email:1:abc", "noreply@pseudolab.org"));
  // Essential mail carries no unsubscribe link.
  EXPECT_EQ(header_value(message, "List-Unsubscribe"), "");
  const std::string text = part(message, "text/plain");
  EXPECT_NE(text.find("안녕하세요, 김러너님."), std::string::npos) << text;
  EXPECT_NE(text.find("https://moim.example/verify-email?token=T0K&x=1"), std::string::npos);
  const std::string html = part(message, "text/html");
  EXPECT_NE(html.find("href=\"https://moim.example/verify-email?token=T0K&amp;x=1\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("이메일 주소 확인"), std::string::npos);
}

// Attachments come in the payload as base64, or as the text of a QR code
// drawn at delivery (a ticket's); what cannot be sent as asked
// is refused for good (retrying would not change the bytes), and nothing is
// sent half-built.
TEST_F(MailSmtpTest, AttachmentsArriveAsPartsAndBadOnesAreRefusedForGood) {
  HelperProcess sink(kSink);
  auto with = [](boost::json::array attachments) {
    return boost::json::object{{"template", "verify_email"},
                               {"language", "en"},
                               {"to_name", "Ada"},
                               {"link", "https://moim.example/verify-email?token=T"},
                               {"attachments", std::move(attachments)}};
  };
  mail("attach:good", "ada@example.org",
       with({boost::json::object{{"filename", "event.ics"},
                                 {"content_type", "text/calendar; charset=UTF-8; method=PUBLISH"},
                                 {"base64", "QkVHSU46VkNBTEVOREFS"}},  // "BEGIN:VCALENDAR"
             boost::json::object{{"filename", "ticket.png"},
                                 {"content_type", "image/png"},
                                 {"qr_text", "MOIM-TICKET"}}}));
  mail("attach:qr-not-png", "ada@example.org",
       with({boost::json::object{
           {"filename", "x.gif"}, {"content_type", "image/gif"}, {"qr_text", "MOIM-TICKET"}}}));
  mail("attach:not-base64", "ada@example.org",
       with({boost::json::object{
           {"filename", "x.png"}, {"content_type", "image/png"}, {"base64", "not base64!"}}}));
  mail("attach:bad-type", "ada@example.org",
       with({boost::json::object{{"filename", "x.txt"},
                                 {"content_type", "text/plain\r\nBcc: victim@example.org"},
                                 {"base64", "eA=="}}}));
  boost::json::array many;
  for (int idx = 0; idx < 5; ++idx)
    many.push_back(boost::json::object{
        {"filename", "x.txt"}, {"content_type", "text/plain"}, {"base64", "eA=="}});
  mail("attach:too-many", "ada@example.org", with(std::move(many)));
  auto subject = worker(local(sink));
  ASSERT_EQ(subject->drain_once(), 5);
  EXPECT_EQ(row("attach:good").state, "done");
  for (const char* key :
       {"attach:not-base64", "attach:bad-type", "attach:too-many", "attach:qr-not-png"})
    EXPECT_EQ(row(key).state, "dead") << key;
  const auto messages = sink.wait_for(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(header_value(messages[0], "Content-Type").starts_with("multipart/mixed;"));
  EXPECT_NE(messages[0].find("Content-Disposition: attachment;\r\n filename=\"event.ics\""),
            std::string::npos);
  EXPECT_NE(messages[0].find("QkVHSU46VkNBTEVOREFS"), std::string::npos);
  // The QR code arrives as a PNG drawn from its text (base64 of the PNG signature).
  EXPECT_NE(messages[0].find("filename=\"ticket.png\""), std::string::npos);
  EXPECT_NE(messages[0].find("iVBORw0KGgo"), std::string::npos);
  EXPECT_NE(part(messages[0], "text/plain").find("Hello Ada,"), std::string::npos);
}

TEST_F(MailSmtpTest, TheRecipientsLanguageChoosesTheTemplate) {
  HelperProcess sink(kSink);
  mail("reset_password:2:def", "ada@example.org",
       {{"template", "reset_password"},
        {"language", "en"},
        {"to_name", "Ada <script>"},
        {"link", "https://moim.example/password/reset?token=R"}});
  ASSERT_EQ(worker(local(sink))->drain_once(), 1);
  const auto messages = sink.wait_for(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(header_value(messages[0], "Subject"), "[moim] Reset your password");
  EXPECT_NE(part(messages[0], "text/plain").find("Hello Ada <script>,"), std::string::npos);
  EXPECT_NE(part(messages[0], "text/html").find("Hello Ada &lt;script&gt;,"), std::string::npos);
}

TEST_F(MailSmtpTest, NonEssentialMailCanBeUnsubscribedButEssentialMailStillGoes) {
  HelperProcess sink(kSink);
  const boost::json::object news{{"template", "announcement"},
                                 {"language", "ko"},
                                 {"to_name", "러너"},
                                 {"subject", "10기 모집 시작"},
                                 {"body", "지원서를 받습니다."}};
  mail("news-1", "runner@example.org", news);
  auto subject = worker(local(sink));
  ASSERT_EQ(subject->drain_once(), 1);
  auto first = sink.wait_for(1);
  ASSERT_EQ(first.size(), 1u);
  const std::string unsubscribe_header = header_value(first[0], "List-Unsubscribe");
  ASSERT_TRUE(unsubscribe_header.starts_with("<https://moim.example/unsubscribe?token="))
      << unsubscribe_header;
  EXPECT_EQ(header_value(first[0], "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  EXPECT_EQ(decode_words(header_value(first[0], "Subject")), "10기 모집 시작");
  const std::string token =
      unsubscribe_header.substr(unsubscribe_header.find("token=") + 6,
                                unsubscribe_header.size() - unsubscribe_header.find("token=") - 7);
  EXPECT_NE(part(first[0], "text/plain").find(token), std::string::npos);

  auto address = unsubscribe_address(db_.database(), token);
  ASSERT_TRUE(address.ok() && address->has_value());
  EXPECT_EQ(**address, "runner@example.org");
  ASSERT_TRUE(unsubscribe(db_.database(), token, clock_.now_seconds()).value());
  EXPECT_FALSE(unsubscribe(db_.database(), "no-such-token", clock_.now_seconds()).value());

  mail("news-2", "Runner@Example.org", news);
  mail("reset_password:9:x", "runner@example.org",
       {{"template", "reset_password"},
        {"language", "ko"},
        {"to_name", "러너"},
        {"link", "https://l"}});
  ASSERT_EQ(subject->drain_once(), 2);
  EXPECT_EQ(row("news-2").state, "cancelled");
  EXPECT_EQ(row("news-2").result, "skipped: the recipient unsubscribed");
  EXPECT_EQ(row("reset_password:9:x").state, "done");
  const auto all = sink.wait_for(2);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(decode_words(header_value(all[1], "Subject")), "[moim] 비밀번호 재설정 안내");
}

TEST_F(MailSmtpTest, ARefusedMailboxIsDeadAndAnUnreachableServerIsRetried) {
  HelperProcess sink(kSink, {"--reject-rcpt", "gone@example.org"});
  mail("to-gone", "gone@example.org", {{"template", "verify_email"}, {"link", "https://l"}});
  mail("bad-template", "a@example.org", {{"template", "nope"}});
  auto subject = worker(local(sink));
  ASSERT_EQ(subject->drain_once(), 2);
  EXPECT_EQ(row("to-gone").state, "dead");
  EXPECT_NE(row("to-gone").last_error->find("550"), std::string::npos)
      << *row("to-gone").last_error;
  EXPECT_EQ(row("bad-template").state, "dead");

  subject.reset();  // it leads (holds the worker lock) while it lives
  mail("no-server", "a@example.org", {{"template", "verify_email"}, {"link", "https://l"}});
  auto offline =
      worker({.url = "smtp://127.0.0.1:1", .require_starttls = false, .timeout_ms = 2000});
  ASSERT_EQ(offline->drain_once(), 1);
  EXPECT_EQ(row("no-server").state, "failed");
  EXPECT_GT(row("no-server").not_before, clock_.now_seconds());
}

TEST_F(MailSmtpTest, LogsInWhenTheServerAsksAndRetriesAWrongPassword) {
  HelperProcess sink(kSink, {"--user", "moim", "--password", "s3cret"});
  mail("with-auth", "a@example.org", {{"template", "verify_email"}, {"link", "https://l"}});
  SmtpOptions wrong = local(sink);
  wrong.user = "moim";
  wrong.password = "wrong";
  ASSERT_EQ(worker(wrong)->drain_once(), 1);
  EXPECT_EQ(row("with-auth").state, "failed");
  clock_.advance(7200);
  SmtpOptions right = local(sink);
  right.user = "moim";
  right.password = "s3cret";
  ASSERT_EQ(worker(right)->drain_once(), 1);
  EXPECT_EQ(row("with-auth").state, "done");
  EXPECT_EQ(sink.wait_for(1).size(), 1u);
}

TEST_F(MailSmtpTest, StartTlsIsRequiredUnlessTurnedOff) {
  HelperProcess sink(kSink);  // offers no STARTTLS
  mail("needs-tls", "a@example.org", {{"template", "verify_email"}, {"link", "https://l"}});
  SmtpOptions strict = local(sink);
  strict.require_starttls = true;
  ASSERT_EQ(worker(strict)->drain_once(), 1);
  EXPECT_EQ(row("needs-tls").state, "failed");
  EXPECT_TRUE(sink.records().empty());
}

}  // namespace
}  // namespace moim::automation
