// Issue #16: "prepare my export" on /me/data and over the API, built by the
// server's outbox worker, mailed as a link that opens only for its signed-in
// owner (forged or someone else's: 404; expired: 410), and an organizer's
// request on a member's behalf (audited, mailed to the member). The service
// rules in detail are src/features/privacy/data_export_test.cpp.
#include "environment.hpp"
#include "worker_process.hpp"

namespace moim::integration {
namespace {

using DataExportHttpTest = ServerTest;

std::string unique_email(const std::string& kind, const std::string& what) {
  static int serial = 0;
  return what + "." + kind + "." + std::to_string(++serial) + "@export.example";
}

// The token of the newest ready-mail to `email`, once the worker built it.
std::string mailed_token(Environment& e, const std::string& email) {
  std::string token;
  const bool mailed = wait_until(
      [&] {
        auto reader = e.database->database().read();
        if (!reader) return false;
        auto row = reader->query_one(
            "SELECT payload FROM outbox WHERE kind = 'email' AND target = ? AND payload LIKE ? "
            "ORDER BY id DESC LIMIT 1",
            {email, std::string("%privacy.data_export_ready%")});
        if (!row || !row->has_value()) return false;
        const auto payload = parse_object((*row)->text(0));
        const std::string link(payload.at("link").as_string());
        const auto at = link.find("/me/data/exports/");
        if (at == std::string::npos) return false;
        token = link.substr(at + std::string("/me/data/exports/").size());
        return true;
      },
      20000);
  EXPECT_TRUE(mailed) << "no data export mail to " << email;
  return token;
}

void expire_all(Environment& e, std::int64_t user_id) {
  auto writer = e.database->database().write();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(
      writer->execute("UPDATE data_exports SET expires_at = 1 WHERE user_id = ?", {user_id}).ok());
  ASSERT_TRUE(writer->commit().ok());
}

// The names of a ZIP's entries appear as plain text in it.
void expect_same_files(const std::string& built, const std::string& direct) {
  ASSERT_TRUE(built.starts_with("PK")) << "not a ZIP";
  for (const char* name :
       {"README.txt", "profile.json", "memberships.json", "mails.json", "data_exports.json"}) {
    EXPECT_EQ(built.find(name) != std::string::npos, direct.find(name) != std::string::npos)
        << name;
    EXPECT_NE(built.find(name), std::string::npos) << name;
  }
}

TEST_P(DataExportHttpTest, PreparedOnThePageBuiltByTheWorkerAndDownloadedByTheOwnerOnly) {
  Environment& e = env();
  Client person = e.client();
  const std::string email = unique_email(GetParam(), "page");
  const std::int64_t id = sign_up_and_log_in(person, email, "내보낼 사람");
  ASSERT_EQ(person.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  auto page = person.get("/me/data", {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"prepare-export-form\""), std::string::npos);
  // Without the form token: refused, nothing queued.
  EXPECT_EQ(person.form("/me/data/exports", "").status, 403);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM data_exports WHERE user_id = " + std::to_string(id)), 0);

  auto asked = person.form("/me/data/exports", "_csrf=" + csrf_from(page.body));
  ASSERT_EQ(asked.status, 303) << asked.body;
  const std::string token = mailed_token(e, email);
  ASSERT_FALSE(token.empty());
  auto listed = person.get("/me/data?notice=data_export_requested", {"Accept-Language: en"});
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("data-state=\"ready\""), std::string::npos);
  EXPECT_NE(listed.body.find("Ready: the link is in your mail"), std::string::npos);

  auto zip = person.get("/me/data/exports/" + token);
  ASSERT_EQ(zip.status, 200);
  EXPECT_EQ(zip.headers["content-type"], "application/zip");
  EXPECT_EQ(zip.headers["cache-control"], "private, no-store");
  auto direct = person.get("/me/data/export.zip");
  ASSERT_EQ(direct.status, 200);
  expect_same_files(zip.body, direct.body);

  // Forged and someone else's read alike: 404.
  EXPECT_EQ(person.get("/me/data/exports/forged-token").status, 404);
  EXPECT_EQ(person.get("/me/data/exports/" + token + "x").status, 404);
  EXPECT_EQ(e.member->get("/me/data/exports/" + token).status, 404);
  EXPECT_EQ(e.admin->get("/me/data/exports/" + token).status, 404);
  EXPECT_EQ(e.member->json("GET", "/api/v1/me/data/exports/" + token).status, 404);
  // Signed out: the log-in first, then back here.
  auto anonymous = e.anonymous->get("/me/data/exports/" + token);
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_NE(anonymous.headers["location"].find("/login?next="), std::string::npos);

  // Expired: 410 with the catalog's message, in both languages.
  expire_all(e, id);
  auto gone = person.get("/me/data/exports/" + token, {"Accept-Language: en"});
  EXPECT_EQ(gone.status, 410);
  EXPECT_NE(gone.body.find("This download link has expired"), std::string::npos);
  auto gone_ko = person.get("/me/data/exports/" + token, {"Accept-Language: ko"});
  EXPECT_EQ(gone_ko.status, 410);
  EXPECT_NE(gone_ko.body.find("기한이 지나"), std::string::npos);
  auto gone_api = person.json("GET", "/api/v1/me/data/exports/" + token);
  EXPECT_EQ(gone_api.status, 410);
  EXPECT_EQ(parse_object(gone_api.body)["error"].as_object()["code"].as_string(), "export_expired");
}

TEST_P(DataExportHttpTest, TheApiQueuesListsAndDownloads) {
  Environment& e = env();
  EXPECT_EQ(e.anonymous->json("POST", "/api/v1/me/data/exports").status, 401);
  EXPECT_EQ(e.anonymous->json("GET", "/api/v1/me/data/exports").status, 401);
  Client person = e.client();
  const std::string email = unique_email(GetParam(), "api");
  sign_up_and_log_in(person, email, "API Person");
  auto asked = person.json("POST", "/api/v1/me/data/exports");
  ASSERT_EQ(asked.status, 202) << asked.body;
  expect_documented(e, "post", "/api/v1/me/data/exports", asked);
  EXPECT_EQ(parse_object(asked.body)["state"].as_string(), "queued");
  const std::string token = mailed_token(e, email);
  auto listed = person.json("GET", "/api/v1/me/data/exports");
  ASSERT_EQ(listed.status, 200) << listed.body;
  expect_documented(e, "get", "/api/v1/me/data/exports", listed);
  auto exports = parse_object(listed.body)["exports"].as_array();
  ASSERT_EQ(exports.size(), 1u);
  EXPECT_EQ(exports[0].as_object()["state"].as_string(), "ready");
  EXPECT_TRUE(exports[0].as_object()["expires_at"].is_string());
  auto zip = person.json("GET", "/api/v1/me/data/exports/" + token);
  ASSERT_EQ(zip.status, 200);
  EXPECT_EQ(zip.headers["content-type"], "application/zip");
  EXPECT_TRUE(zip.body.starts_with("PK"));
  EXPECT_EQ(person.json("GET", "/api/v1/me/data/exports/not-a-token").status, 404);
}

TEST_P(DataExportHttpTest, AnOrganizerAsksForAMemberWithAReasonAuditedAndMailedToTheMember) {
  Environment& e = env();
  Client person = e.client();
  const std::string email = unique_email(GetParam(), "member");
  const std::int64_t id = sign_up_and_log_in(person, email, "요청한 회원");
  ASSERT_EQ(person.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  const std::string api =
      "/api/v1/communities/it-lab/members/" + std::to_string(id) + "/data-export";
  EXPECT_EQ(e.member->json("POST", api, R"({"reason":"I want to"})").status, 403);
  auto no_reason = e.organizer->json("POST", api, R"({"reason":""})");
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_EQ(parse_object(no_reason.body)["error"].as_object()["field"].as_string(), "reason");
  auto missing = e.organizer->json("POST", api, "{}");
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(parse_object(missing.body)["error"].as_object()["field"].as_string(), "reason");
  EXPECT_EQ(e.organizer
                ->json("POST", "/api/v1/communities/it-lab/members/99999999/data-export",
                       R"({"reason":"asked by mail"})")
                .status,
            404);

  // The member page's form: a blank reason comes back in place, marked.
  auto member_page =
      e.organizer->get("/c/it-lab/members/" + std::to_string(id), {"Accept-Language: ko"});
  ASSERT_EQ(member_page.status, 200);
  EXPECT_NE(member_page.body.find("data-testid=\"member-export-form\""), std::string::npos);
  const std::string form_path = "/c/it-lab/members/" + std::to_string(id) + "/data-export";
  auto blank = e.organizer->request(
      "POST", form_path, "_csrf=" + csrf_from(member_page.body) + "&reason=+",
      "application/x-www-form-urlencoded",
      {"Referer: " + e.server->base_url() + "/c/it-lab/members/" + std::to_string(id),
       "Accept-Language: en"});
  EXPECT_EQ(blank.status, 400);
  EXPECT_NE(blank.body.find("aria-invalid"), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM data_exports WHERE user_id = " + std::to_string(id)), 0);
  // A member who is no organizer: 403.
  auto not_organizer =
      e.member->form(form_path, "_csrf=" + csrf_from(e.member->get("/me").body) + "&reason=asked");
  EXPECT_EQ(not_organizer.status, 403);

  auto done = e.organizer->form(
      form_path, "_csrf=" + csrf_from(member_page.body) + "&reason=asked+by+mail+on+2026-12-07");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM audit_log WHERE action = "
                    "'member.data_export_requested' AND subject = '" +
                    std::to_string(id) + "' AND detail LIKE '%asked by mail on 2026-12-07%'"),
            1);
  auto by_api = e.organizer->json("POST", api, R"({"reason":"asked again by phone"})");
  ASSERT_EQ(by_api.status, 202) << by_api.body;
  expect_documented(e, "post", "/api/v1/communities/{slug}/members/{user_id}/data-export", by_api);
  EXPECT_TRUE(parse_object(by_api.body)["by_organizer"].as_bool());

  // Mailed to the member, never the organizer; only the member can open it.
  const std::string token = mailed_token(e, email);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE target = 'organizer@it.example' AND "
                    "payload LIKE '%data_export_ready%'"),
            0);
  EXPECT_EQ(e.organizer->get("/me/data/exports/" + token).status, 404);
  EXPECT_EQ(person.get("/me/data/exports/" + token).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DataExportHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
