// Automation over HTTP against the real binary: who may see and change the
// queue and webhooks, and the whole path from a request to a mail at a
// local SMTP server and a signed webhook at a local receiver.
#include "environment.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::integration {
namespace {

using automation::testing::header_value;
using automation::testing::HelperProcess;

const std::string kScripts = MOIM_SOURCE_DIR "/src/features/integrations/testing/";

using AutomationHttpTest = ServerTest;

TEST_P(AutomationHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  struct Case {
    std::string method, path, body;
    long anonymous, member, organizer, admin;
  };
  // Loopback port 1: nothing listens, so no test reaches the internet.
  const std::vector<Case> cases{
      {"GET", "/api/v1/communities/it-lab/outbox", "", 401, 403, 200, 200},
      {"GET", "/api/v1/communities/it-lab/outbox?state=dead&kind=email", "", 401, 403, 200, 200},
      {"POST", "/api/v1/communities/it-lab/outbox/999999/retry", "{}", 401, 403, 404, 404},
      {"POST", "/api/v1/communities/it-lab/outbox/999999/cancel", "{}", 401, 403, 404, 404},
      {"GET", "/api/v1/communities/it-lab/webhooks", "", 401, 403, 200, 200},
      {"POST", "/api/v1/communities/it-lab/webhooks",
       R"({"url":"https://127.0.0.1:1/hook","events":["member.placed"]})", 401, 403, 201, 201},
      {"DELETE", "/api/v1/communities/it-lab/webhooks/999999", "", 401, 403, 404, 404},
      {"GET", "/api/v1/communities/no-such-lab/outbox", "", 401, 404, 404, 404},
  };
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {{e.anonymous.get(), test_case.anonymous},
                                              {e.member.get(), test_case.member},
                                              {e.organizer.get(), test_case.organizer},
                                              {e.admin.get(), test_case.admin}};
    int role_idx = 0;
    for (const auto& [client, expected] : roles) {
      auto result = client->json(test_case.method, test_case.path,
                                 test_case.body.empty() ? "{}" : test_case.body);
      EXPECT_EQ(result.status, expected) << test_case.method << " " << test_case.path
                                         << " as role #" << role_idx << " -> " << result.body;
      ++role_idx;
    }
  }
  // Pages: anonymous visitors are sent to log in, members refused.
  EXPECT_EQ(e.anonymous->get("/c/it-lab/automation").status, 303);
  EXPECT_EQ(e.member->get("/c/it-lab/automation").status, 403);
  EXPECT_EQ(e.member->get("/c/it-lab/automation/webhooks").status, 403);
  auto page = e.organizer->get("/c/it-lab/automation");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"automation-summary\""), std::string::npos);
  EXPECT_EQ(e.admin->get("/c/it-lab/automation/webhooks").status, 200);
}

TEST_P(AutomationHttpTest, BadInputNamesTheFieldAndWritesNothing) {
  Client& organizer = *env().organizer;
  const std::int64_t before = env().count("SELECT COUNT(*) FROM webhook_endpoints");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"url":"ftp://plain.example/hook","events":["member.joined"]})", "url"},
      {R"({"url":"https://x.example/hook","events":[]})", "events"},
      {R"({"url":"https://x.example/hook","events":["member.exploded"]})", "events"},
      {R"({"url":"https://x.example/hook"})", "events"},
      {R"({"events":["member.joined"]})", "url"},
      {R"({"url":12,"events":["member.joined"]})", "url"},
      {R"({"url":"https://x.example/hook","events":["member.joined"],"description":")" +
           std::string(201, 'd') + "\"}",
       "description"},
  };
  for (const auto& [body, field] : cases) {
    auto result = organizer.json("POST", "/api/v1/communities/it-lab/webhooks", body);
    EXPECT_EQ(result.status, 400) << body << " -> " << result.body;
    EXPECT_EQ(parse_object(result.body)["error"].as_object()["field"].as_string(), field) << body;
  }
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM webhook_endpoints"), before);
  auto bad_state = organizer.get("/api/v1/communities/it-lab/outbox?state=lost");
  EXPECT_EQ(bad_state.status, 400);
  EXPECT_EQ(parse_object(bad_state.body)["error"].as_object()["field"].as_string(), "state");
  auto bad_page = organizer.get("/api/v1/communities/it-lab/outbox?per_page=100000");
  EXPECT_EQ(parse_object(bad_page.body)["error"].as_object()["field"].as_string(), "per_page");
  // A form without its token changes nothing.
  auto forged = organizer.form("/c/it-lab/automation/webhooks",
                               "url=https%3A%2F%2Fx.example%2Fh&event_all=on");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM webhook_endpoints"), before);
}

TEST_P(AutomationHttpTest, OrganizersRetryAndCancelRowsOfTheirCommunityOnly) {
  Environment& e = env();
  // An endpoint nobody answers: its deliveries fail and wait for a retry.
  auto created =
      e.organizer->json("POST", "/api/v1/communities/it-lab/webhooks",
                        R"({"url":"https://127.0.0.1:1/hook","events":["member.stage_changed"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t webhook_id =
      parse_object(created.body)["webhook"].as_object()["id"].as_int64();
  EXPECT_TRUE(parse_object(created.body)["webhook"].as_object()["secret"].as_string().starts_with(
      "whsec_"));
  // Audited in the same transaction, with the host only: no secret, no path (issue #16).
  const std::string webhook_audited =
      "SELECT COUNT(*) FROM audit_log WHERE subject = '" + std::to_string(webhook_id) +
      "' AND actor_id = " + std::to_string(e.organizer_id) +
      " AND detail LIKE '%\"host\":\"127.0.0.1\"%' AND detail LIKE '%member.stage_changed%' "
      "AND detail NOT LIKE '%whsec_%' AND detail NOT LIKE '%/hook%' AND action = ";
  EXPECT_EQ(e.count(webhook_audited + "'community.webhook_added'"), 1);
  const std::string member_path =
      "/api/v1/communities/it-lab/members/" + std::to_string(e.member_id);
  const std::string stage_before(
      parse_object(e.organizer->get(member_path).body)["member"].as_object()["stage"].as_string());
  const std::string new_stage = stage_before == "auditor" ? "runner" : "auditor";
  auto changed = e.organizer->json("PATCH", member_path,
                                   R"({"stage":")" + new_stage + R"(","reason":"attends"})");
  ASSERT_EQ(changed.status, 200);
  // The stage change wrote the delivery in its own transaction.
  std::int64_t row_id = 0;
  std::string state;
  for (int wait = 0; wait < 200; ++wait) {
    auto queue = parse_object(
        e.organizer->get("/api/v1/communities/it-lab/outbox?kind=webhook&per_page=200").body);
    for (const auto& row : queue["rows"].as_array()) {
      const auto& object = row.as_object();
      if (object.at("target").as_string() == "https://127.0.0.1:1/hook" &&
          object.at("payload").as_object().at("event").as_string() == "member.stage_changed") {
        row_id = object.at("id").as_int64();
        state = std::string(object.at("state").as_string());
      }
    }
    if (state == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_NE(row_id, 0);
  ASSERT_EQ(state, "failed");
  const std::string base = "/api/v1/communities/it-lab/outbox/" + std::to_string(row_id);
  auto cancelled = e.organizer->json("POST", base + "/cancel");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(parse_object(cancelled.body)["row"].as_object()["state"].as_string(), "cancelled");
  EXPECT_EQ(e.organizer->json("POST", base + "/cancel").status, 409);
  // The page shows it, with a retry button carrying the form token.
  auto page = e.organizer->get("/c/it-lab/automation?state=cancelled");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-row=\"" + std::to_string(row_id) + "\""), std::string::npos);
  const std::string token = csrf_from(page.body);
  auto retried = e.organizer->form(
      "/c/it-lab/automation/" + std::to_string(row_id) + "/retry",
      "_csrf=" + token + "&return_to=" + url_encode("/c/it-lab/automation?state=&kind="));
  EXPECT_EQ(retried.status, 303);
  EXPECT_NE(retried.headers["location"].find("notice=retried"), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE id = " + std::to_string(row_id) +
                    " AND state IN ('pending', 'delivering', 'failed') AND attempts <= 1"),
            1);
  // Both are in the audit log, with the state each left and no address (issue #16).
  const std::string audited =
      "SELECT COUNT(*) FROM audit_log WHERE subject = '" + std::to_string(row_id) +
      "' AND actor_id = " + std::to_string(e.organizer_id) + " AND action = ";
  EXPECT_EQ(
      e.count(audited + "'community.outbox_cancelled' AND detail LIKE '%\"from\":\"failed\"%'"), 1);
  EXPECT_EQ(
      e.count(audited + "'community.outbox_retried' AND detail LIKE '%\"from\":\"cancelled\"%'"),
      1);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'community.outbox_%' AND "
                    "detail LIKE '%127.0.0.1%'"),
            0);
  // A member of the community cannot; nor can another community's organizer reach it by id.
  EXPECT_EQ(e.member->json("POST", base + "/retry").status, 403);
  auto other = e.admin->json("POST", "/api/v1/communities",
                             R"({"slug":"other-lab-)" + GetParam() + R"(","name":"Other"})");
  ASSERT_EQ(other.status, 201);
  EXPECT_EQ(e.admin
                ->json("POST", "/api/v1/communities/other-lab-" + GetParam() + "/outbox/" +
                                   std::to_string(row_id) + "/cancel")
                .status,
            404);
  EXPECT_EQ(
      e.organizer
          ->json("DELETE", "/api/v1/communities/it-lab/webhooks/" + std::to_string(webhook_id))
          .status,
      204);
  EXPECT_EQ(e.count(webhook_audited + "'community.webhook_removed'"), 1);
  // Leave the shared member as other tests found them.
  EXPECT_EQ(
      e.organizer->json("PATCH", member_path, R"({"stage":")" + stage_before + R"("})").status,
      200);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AutomationHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

bool wait_for_count(testing::TestDatabase& database, const std::string& sql) {
  for (int wait = 0; wait < 200; ++wait) {
    auto reader = database.database().read();
    if (reader->query_one(sql).value()->int64(0) == 1) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// A server of its own, wired to a local SMTP server and webhook receiver.
class AutomationDeliveryTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AutomationDeliveryTest, MailAndWebhooksArriveFromRealRequests) {
  crypto::initialise();
  HelperProcess sink(kScripts + "smtp_sink.py");
  HelperProcess receiver(kScripts + "webhook_receiver.py");
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
                      "https://moim.example", "--webhook-allow-http", "--outbox-poll-ms", "50"});
  Client admin(server.base_url());
  ASSERT_EQ(admin
                .json("POST", "/api/v1/auth/login",
                      R"({"email":"boss@it.example","password":")" + std::string(kPassword) + "\"}")
                .status,
            200);
  ASSERT_EQ(admin.json("POST", "/api/v1/communities", R"({"slug":"mail-lab","name":"메일 연구소"})")
                .status,
            201);

  // The organizer registers a webhook through the page form (with its token).
  auto form_page = admin.get("/c/mail-lab/automation/webhooks");
  ASSERT_EQ(form_page.status, 200);
  const std::string hook_url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/moim";
  auto registered =
      admin.form("/c/mail-lab/automation/webhooks", "_csrf=" + csrf_from(form_page.body) +
                                                        "&url=" + url_encode(hook_url) +
                                                        "&event_member.joined=on&description=crm");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string marker = "data-testid=\"webhook-secret\">";
  const auto at = registered.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string secret = registered.body.substr(
      at + marker.size(), registered.body.find('<', at + marker.size()) - at - marker.size());
  ASSERT_TRUE(secret.starts_with("whsec_")) << secret;

  // Signing up mails a verification link in the person's language.
  Client person(server.base_url());
  auto signed_up = person.json(
      "POST", "/api/v1/auth/signup",
      R"({"consents":["account","community_membership","newsletter"],"email":"newbie@it.example","display_name":"새내기","password":")" +
          std::string(kPassword) + R"(","locale":"ko"})");
  ASSERT_EQ(signed_up.status, 202) << signed_up.body;
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(header_value(mails[0], "X-Envelope-To"), "newbie@it.example");
  EXPECT_TRUE(header_value(mails[0], "Subject").starts_with("=?UTF-8?B?"));
  EXPECT_TRUE(header_value(mails[0], "Message-ID").ends_with("@pseudolab.example>"));
  EXPECT_NE(mails[0].find("multipart/alternative"), std::string::npos);

  // Joining the community reaches the receiver, signed.
  ASSERT_EQ(
      person
          .json("POST", "/api/v1/auth/login",
                R"({"email":"newbie@it.example","password":")" + std::string(kPassword) + "\"}")
          .status,
      200);
  ASSERT_EQ(person.json("POST", "/api/v1/communities/mail-lab/membership").status, 201);
  auto hooks = receiver.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  auto request = parse_object(hooks[0]);
  auto headers = request["headers"].as_object();
  EXPECT_EQ(headers["moim-event"].as_string(), "member.joined");
  const std::string body(request["body"].as_string());
  const std::string signature(headers["moim-signature"].as_string());
  const std::string stamp = signature.substr(2, signature.find(',') - 2);
  EXPECT_EQ(signature, "t=" + stamp + ",v1=" + crypto::hmac_sha256_hex(secret, stamp + "." + body));
  auto payload = parse_object(body);
  EXPECT_EQ(payload["data"].as_object()["display_name"].as_string(), "새내기");
  EXPECT_EQ(payload["community"].as_object()["slug"].as_string(), "mail-lab");

  // A password reset is mailed too; the organizer page counts the webhook.
  ASSERT_EQ(
      person.json("POST", "/api/v1/auth/password-reset", R"({"email":"newbie@it.example"})").status,
      202);
  EXPECT_EQ(sink.wait_for(2).size(), 2u);
  std::string summary;
  for (int wait = 0; wait < 100; ++wait) {
    auto queue = parse_object(admin.get("/api/v1/communities/mail-lab/outbox").body);
    if (queue["summary"].as_object()["done"].as_int64() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto page = admin.get("/c/mail-lab/automation");
  EXPECT_NE(page.body.find("<strong>1</strong> 건 자동 처리,"), std::string::npos) << page.body;
  // Non-essential mail carries List-Unsubscribe; its link stops the next one.
  auto announce = [&](const std::string& key) {
    auto transaction = database.database().write();
    ASSERT_TRUE(outbox::enqueue(*transaction,
                                {.kind = "email",
                                 .target = "newbie@it.example",
                                 .payload = {{"template", "announcement"},
                                             {"language", "ko"},
                                             {"to_name", "새내기"},
                                             {"subject", "11기 모집"},
                                             {"body", "지원서를 받습니다."}},
                                 .idempotency_key = key},
                                static_cast<std::int64_t>(time(nullptr)))
                    .ok());
    ASSERT_TRUE(transaction->commit().ok());
  };
  announce("news-1");
  mails = sink.wait_for(3);
  ASSERT_EQ(mails.size(), 3u);
  const std::string unsubscribe = header_value(mails[2], "List-Unsubscribe");
  const std::string prefix = "<https://moim.example/unsubscribe?token=";
  ASSERT_TRUE(unsubscribe.starts_with(prefix)) << unsubscribe;
  const std::string token =
      unsubscribe.substr(prefix.size(), unsubscribe.size() - prefix.size() - 1);
  Client visitor(server.base_url());
  auto confirm_page = visitor.get("/unsubscribe?token=" + token);
  EXPECT_EQ(confirm_page.status, 200);
  EXPECT_NE(confirm_page.body.find("newbie@it.example"), std::string::npos);
  EXPECT_EQ(visitor.get("/unsubscribe?token=not-a-token").status, 404);
  // RFC 8058 one-click, as a mail client sends it.
  auto one_click =
      visitor.request("POST", "/unsubscribe?token=" + token, "List-Unsubscribe=One-Click",
                      "application/x-www-form-urlencoded");
  EXPECT_EQ(one_click.status, 200);
  announce("news-2");
  EXPECT_TRUE(wait_for_count(
      database,
      "SELECT COUNT(*) FROM outbox WHERE idempotency_key = 'news-2' AND state = 'cancelled'"));
  EXPECT_EQ(sink.records().size(), 3u);

  auto metrics = admin.get("/metrics");
  for (int wait = 0; wait < 100 && metrics.body.find("state=\"done\"} 4") == std::string::npos;
       ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the record follows the 250
    metrics = admin.get("/metrics");
  }
  EXPECT_NE(metrics.body.find("moim_outbox_rows{state=\"done\"} 4"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("moim_outbox_rows{state=\"cancelled\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("moim_outbox_worker_leading 1"), std::string::npos);
  EXPECT_EQ(server.terminate(), 0);  // SIGTERM: the worker stops with the server
}

INSTANTIATE_TEST_SUITE_P(Drivers, AutomationDeliveryTest, testing::AllDatabases(),
                         testing::DatabaseName);

// A server as deployed (no local stand-in setting): endpoints must be https
// on public addresses, whoever registers them.
class WebhookAddressHttpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WebhookAddressHttpTest, LocalAndPrivateEndpointsAreRefusedWithTheUrlField) {
  crypto::initialise();
  testing::TestDatabase database(GetParam());
  std::string output;
  ASSERT_EQ(run_moim({"user", "create", "--database", database.url(), "--email", "root@it.example",
                      "--name", "Root", "--password", kPassword, "--admin"},
                     &output),
            0)
      << output;
  MoimProcess server(database.url());
  Client admin(server.base_url());
  ASSERT_EQ(admin
                .json("POST", "/api/v1/auth/login",
                      R"({"email":"root@it.example","password":")" + std::string(kPassword) + "\"}")
                .status,
            200);
  ASSERT_EQ(
      admin.json("POST", "/api/v1/communities", R"({"slug":"hook-lab","name":"훅 연구소"})").status,
      201);
  for (const std::string url :
       {"http://plain.example/hook", "https://127.0.0.1:1/hook", "https://[::1]/hook",
        "https://10.0.0.5/hook", "https://192.168.1.20/hook", "https://169.254.169.254/latest",
        "https://100.64.1.1/hook", "https://[fd00::5]/hook", "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook", "https://localhost/hook"}) {
    auto result = admin.json("POST", "/api/v1/communities/hook-lab/webhooks",
                             R"({"url":")" + url + R"(","events":["member.joined"]})");
    EXPECT_EQ(result.status, 400) << url << " -> " << result.body;
    EXPECT_EQ(parse_object(result.body)["error"].as_object()["field"].as_string(), "url") << url;
  }
  // The page form says why, next to the field.
  auto page = admin.get("/c/hook-lab/automation/webhooks");
  ASSERT_EQ(page.status, 200);
  auto refused = admin.form(
      "/c/hook-lab/automation/webhooks",
      "_csrf=" + csrf_from(page.body) + "&url=https%3A%2F%2F127.0.0.1%2Fhook&event_all=on");
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(refused.body.find("공개 인터넷 주소만") != std::string::npos ||
              refused.body.find("Only public internet addresses") != std::string::npos)
      << refused.body;
  auto reader = database.database().read();
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM webhook_endpoints").value()->int64(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, WebhookAddressHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
