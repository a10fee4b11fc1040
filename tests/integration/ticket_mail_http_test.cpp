// The ticket mail end to end: a guest registers over HTTP, the worker mails
// through a local SMTP server, and the mail is read back as a client would
// (tests/integration/ticket_mail_check.py: Python's email package, zbarimg,
// icalendar): the MIME tree, an inline PNG whose QR code the door accepts,
// and an event.ics with the event's times, place and link. A seat claimed
// from the waitlist gets the same ticket mail; the offer itself does not.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "environment.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "platform/crypto/crypto.hpp"

namespace moim::integration {
namespace {

using automation::testing::header_value;
using automation::testing::HelperProcess;

const std::string kScripts = MOIM_SOURCE_DIR "/src/features/integrations/testing/";

// The checker's JSON for one raw message. The file's name is this process's
// own: ctest runs the SQLite and the PostgreSQL suites side by side, and they
// reach this test at about the same moment.
boost::json::object read_mail(const std::string& message) {
  const std::string path =
      ::testing::TempDir() + "moim-ticket-mail-" + testing::unique_suffix() + ".eml";
  std::ofstream(path, std::ios::binary) << message;
  std::string output;
  const std::string command =
      "/usr/bin/python3 " MOIM_SOURCE_DIR "/tests/integration/ticket_mail_check.py '" + path + "'";
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    ::pclose(pipe);
  }
  std::remove(path.c_str());
  return parse_object(output);
}

// The `nth` mail (from 0) to `address`, waiting up to 15 s for it.
std::string mail_to(HelperProcess& sink, const std::string& address, std::size_t nth = 0) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (true) {
    std::size_t seen = 0;
    for (const auto& mail : sink.records()) {
      if (header_value(mail, "X-Envelope-To") != address) continue;
      if (seen++ == nth) return mail;
    }
    if (std::chrono::steady_clock::now() > deadline) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

HttpResult as_guest(Client& client, const std::string& token, const std::string& method,
                    const std::string& path) {
  return client.request(method, path, "", "", {"Authorization: Bearer " + token});
}

// A JSON value as text (strings unquoted), for comparisons with std::string.
std::string text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
}

class TicketMailTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TicketMailTest, TheTicketMailCarriesAQrCodeTheDoorAcceptsAndACalendarEntry) {
  if (std::system("command -v zbarimg >/dev/null && /usr/bin/python3 -c 'import icalendar'") != 0)
    GTEST_SKIP() << "zbarimg or python3-icalendar is missing (scripts/install-deps.sh test)";
  crypto::initialise();
  HelperProcess sink(kScripts + "smtp_sink.py");
  testing::TestDatabase database(GetParam());
  std::string output;
  ASSERT_EQ(run_moim({"user", "create", "--database", database.url(), "--email", "boss@it.example",
                      "--name", "Boss", "--password", kPassword, "--admin"},
                     &output),
            0)
      << output;
  MoimProcess server(database.url(),
                     {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(sink.port()), "--smtp-tls",
                      "none", "--mail-from", "가짜연구소 <noreply@pseudolab.example>", "--base-url",
                      "https://moim.example", "--outbox-poll-ms", "50"});
  Client admin(server.base_url());
  ASSERT_EQ(admin
                .json("POST", "/api/v1/auth/login",
                      R"({"email":"boss@it.example","password":")" + std::string(kPassword) + "\"}")
                .status,
            200);
  ASSERT_EQ(
      admin.json("POST", "/api/v1/communities", R"({"slug":"ticket-lab","name":"티켓 연구소"})")
          .status,
      201);
  const std::int64_t starts = std::time(nullptr) / 60 * 60 + 7 * 86400;
  const std::string events = "/api/v1/communities/ticket-lab/events";
  auto created = admin.json(
      "POST", events,
      R"({"title":"PseudoCon 2027","venue":"강남 홀","address":"서울 강남구 1","starts_at":")" +
          utc(starts) + R"(","ends_at":")" + utc(starts + 8 * 3600) + R"(","capacity":1})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string event_id =
      std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
  const std::string base = events + "/" + event_id;

  Client first(server.base_url());
  auto registered = first.json("POST", base + "/registrations",
                               R"({"name":"첫 손님","email":"first@it.example"})");
  ASSERT_EQ(registered.status, 201) << registered.body;
  auto body = parse_object(registered.body);
  const std::string first_token(body["ticket_token"].as_string());
  const auto first_registration = body["registration"].as_object();
  const std::string first_code(first_registration.at("ticket_code").as_string());
  const std::string first_id = std::to_string(first_registration.at("id").as_int64());

  const std::string message = mail_to(sink, "first@it.example");
  ASSERT_FALSE(message.empty()) << "no ticket mail arrived";
  auto mail = read_mail(message);
  ASSERT_FALSE(mail.empty()) << "the checker could not read the mail";
  EXPECT_EQ(boost::json::serialize(mail["tree"]),
            R"({"multipart/mixed":[{"multipart/related":[{"multipart/alternative":)"
            R"(["text/plain","text/html"]},"image/png"]},"text/calendar"]})");
  EXPECT_TRUE(mail["defects"].as_array().empty()) << boost::json::serialize(mail["defects"]);
  // The QR code holds what the door scanner takes: the ticket code.
  EXPECT_EQ(text(mail["qr"]), first_code);
  const std::string content_id(mail["png_content_id"].as_string());
  ASSERT_TRUE(content_id.starts_with("<") && content_id.ends_with(">")) << content_id;
  const std::string html(mail["html"].as_string());
  EXPECT_NE(html.find("src=\"cid:" + content_id.substr(1, content_id.size() - 2) + "\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("alt=\""), std::string::npos);
  // Readable without images: the code is in both bodies.
  EXPECT_NE(std::string(mail["text"].as_string()).find(first_code), std::string::npos);
  EXPECT_NE(html.find(first_code), std::string::npos);
  EXPECT_EQ(mail["ics_filename"], "event.ics");
  EXPECT_EQ(mail["ics_method"], "PUBLISH");
  EXPECT_EQ(mail["ics_calendar_method"], "PUBLISH");
  ASSERT_EQ(mail["ics_events"].as_array().size(), 1u);
  auto entry = mail["ics_events"].as_array()[0].as_object();
  EXPECT_EQ(text(entry["uid"]), "ticket-" + first_id + "@moim");
  EXPECT_EQ(entry["dtstart"].as_int64(), starts);
  EXPECT_EQ(entry["dtend"].as_int64(), starts + 8 * 3600);
  EXPECT_EQ(entry["summary"], "PseudoCon 2027");
  EXPECT_EQ(entry["location"], "강남 홀, 서울 강남구 1");
  EXPECT_EQ(text(entry["url"]), "https://moim.example/c/ticket-lab/events/" + event_id);

  // The second guest waits; the first gives the seat back; the offer mail
  // asks to claim (no ticket yet), the claim brings the ticket mail.
  Client second(server.base_url());
  auto waiting = second.json("POST", base + "/registrations",
                             R"({"name":"둘째 손님","email":"second@it.example"})");
  ASSERT_EQ(waiting.status, 201) << waiting.body;
  body = parse_object(waiting.body);
  const std::string second_token(body["ticket_token"].as_string());
  const auto second_registration = body["registration"].as_object();
  EXPECT_EQ(second_registration.at("status"), "waitlisted");
  const std::string second_id = std::to_string(second_registration.at("id").as_int64());
  ASSERT_EQ(as_guest(first, first_token, "DELETE", base + "/registrations/" + first_id).status,
            200);
  const std::string offer = mail_to(sink, "second@it.example", 1);
  ASSERT_FALSE(offer.empty()) << "no seat offer arrived";
  EXPECT_EQ(read_mail(offer)["tree"].as_object().count("multipart/alternative"), 1u);
  auto claimed =
      as_guest(second, second_token, "POST", base + "/registrations/" + second_id + "/claim");
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  const std::string second_code(
      parse_object(claimed.body)["registration"].as_object()["ticket_code"].as_string());
  const std::string ticket = mail_to(sink, "second@it.example", 2);
  ASSERT_FALSE(ticket.empty()) << "no ticket mail after the claim";
  auto claimed_mail = read_mail(ticket);
  EXPECT_EQ(text(claimed_mail["qr"]), second_code);
  EXPECT_EQ(text(claimed_mail["ics_events"].as_array()[0].as_object()["uid"]),
            "ticket-" + second_id + "@moim");

  // At the door the scanned text checks the ticket in.
  auto checked = admin.json("POST", base + "/check-ins",
                            R"({"code":")" + std::string(claimed_mail["qr"].as_string()) + "\"}");
  EXPECT_EQ(checked.status, 201) << checked.body;
  EXPECT_EQ(server.terminate(), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, TicketMailTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
