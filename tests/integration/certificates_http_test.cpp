// Certificates over HTTP on both databases: bulk issue for a closed cohort,
// downloads and listing per role, the public verification (page and API) of
// genuine, revoked and unknown numbers, revocation and re-issue.
#include <ctime>

#include "environment.hpp"
#include "features/certificates/personal_data.hpp"

namespace moim::integration {
namespace {

std::string field_of(const HttpResult& result) {
  auto error = parse_object(result.body)["error"];
  return error.is_object() ? std::string(error.as_object()["field"].as_string()) : "";
}

struct CertificateSetup {
  std::unique_ptr<Client> builder, outsider;
  std::string number;  // the member's certificate
};

class CertificatesHttpTest : public ServerTest {
 protected:
  // A closed cohort "c9" with one project whose builder and runner (the
  // environment's member) completed; written as the wrap-up would leave it.
  CertificateSetup& setup() {
    static std::map<std::string, CertificateSetup> setups;
    CertificateSetup& s = setups[GetParam()];
    if (s.builder) return s;
    Environment& e = env();
    s.builder = std::make_unique<Client>(e.server->base_url());
    const std::int64_t builder_id =
        sign_up_and_log_in(*s.builder, "cert-builder@it.example", "수료빌더");
    EXPECT_EQ(s.builder->json("POST", "/api/v1/communities/it-lab/membership").status, 201);
    s.outsider = std::make_unique<Client>(e.server->base_url());
    sign_up_and_log_in(*s.outsider, "cert-outsider@it.example", "Outsider");
    EXPECT_EQ(s.outsider->json("POST", "/api/v1/communities/it-lab/membership").status, 201);

    const std::int64_t community = e.count("SELECT id FROM communities WHERE slug = 'it-lab'");
    const std::int64_t now = std::time(nullptr);
    auto writer = e.database->database().write();
    auto cohort = writer->query(
        "INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) "
        "VALUES (?, 'c9', '9기', ?, ?) RETURNING id",
        {community, now, now});
    EXPECT_TRUE(cohort.ok());
    const std::int64_t cohort_id = cohort->front().int64(0);
    auto project = writer->query(
        "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
        "min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, '수료 실험 "
        "스터디', 'study', 'beginner', 'ko', 'online', 1, '20:00', 60, 'Asia/Seoul', "
        "'2026-09-01', '2026-10-31', 1, 5, 'approved', ?, ?) RETURNING id",
        {community, cohort_id, now, now});
    EXPECT_TRUE(project.ok());
    const std::int64_t project_id = project->front().int64(0);
    for (const auto& [user, role] : {std::pair{e.member_id, "runner"}, {builder_id, "builder"}}) {
      EXPECT_TRUE(writer
                      ->execute("INSERT INTO completion_results (cohort_id, project_id, user_id, "
                                "role, computed, outcome, updated_at) VALUES (?, ?, ?, ?, "
                                "'completed', 'completed', ?)",
                                {cohort_id, project_id, user, std::string(role), now})
                      .ok());
    }
    EXPECT_TRUE(writer
                    ->execute("INSERT INTO cohort_closures (cohort_id, closed_at) VALUES (?, ?)",
                              {cohort_id, now})
                    .ok());
    EXPECT_TRUE(writer->commit().ok());
    return s;
  }
  const std::string issue_path = "/api/v1/communities/it-lab/cohorts/c9/certificates";
};

TEST_P(CertificatesHttpTest, OrganizersIssueOnceAndEachPersonGetsTheirOwn) {
  CertificateSetup& s = setup();
  Environment& e = env();
  EXPECT_EQ(e.anonymous->json("POST", issue_path, "{}").status, 401);
  EXPECT_EQ(e.member->json("POST", issue_path, "{}").status, 403);
  EXPECT_EQ(s.builder->json("POST", issue_path, "{}").status, 403);
  EXPECT_EQ(e.member->get(issue_path).status, 403);

  auto issued = e.organizer->json("POST", issue_path, "{}");
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_EQ(parse_object(issued.body)["issued"].as_int64(), 2);
  auto again = e.organizer->json("POST", issue_path, "{}");
  EXPECT_EQ(parse_object(again.body)["issued"].as_int64(), 0);
  EXPECT_EQ(parse_object(again.body)["already"].as_int64(), 2);
  auto listed = e.organizer->get(issue_path);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(parse_object(listed.body)["certificates"].as_array().size(), 2u);

  auto mine = e.member->get("/api/v1/me/certificates");
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto list = parse_object(mine.body)["certificates"].as_array();
  ASSERT_EQ(list.size(), 1u);
  s.number = std::string(list.at(0).as_object().at("number").as_string());
  EXPECT_EQ(list.at(0).as_object().at("role").as_string(), "runner");
  EXPECT_EQ(parse_object(s.outsider->get("/api/v1/me/certificates").body)["certificates"]
                .as_array()
                .size(),
            0u);

  const std::string pdf_path = "/api/v1/certificates/" + s.number + "/pdf";
  auto pdf = e.member->get(pdf_path);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_EQ(e.organizer->get(pdf_path).status, 200);
  EXPECT_EQ(e.admin->get(pdf_path).status, 200);
  EXPECT_EQ(s.builder->get(pdf_path).status, 404);
  EXPECT_EQ(s.outsider->get(pdf_path).status, 404);
  EXPECT_EQ(e.anonymous->get(pdf_path).status, 401);
  // The page download the mail links to.
  auto page_pdf = e.member->get("/certificates/" + s.number + ".pdf");
  EXPECT_EQ(page_pdf.status, 200);
  EXPECT_EQ(page_pdf.body, pdf.body);  // rendered on demand, the same bytes
  EXPECT_EQ(s.outsider->get("/certificates/" + s.number + ".pdf").status, 404);
  auto my_page = e.member->get("/certificates");
  EXPECT_EQ(my_page.status, 200);
  EXPECT_NE(my_page.body.find(s.number), std::string::npos);

  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE "
                    "'certificates.issued:%'"),
            2);
}

TEST_P(CertificatesHttpTest, AnyoneVerifiesGenuineRevokedAndUnknownNumbers) {
  CertificateSetup& s = setup();
  Environment& e = env();
  if (s.number.empty()) {
    ASSERT_EQ(e.organizer->json("POST", issue_path, "{}").status, 200);
    auto mine = e.member->get("/api/v1/me/certificates");
    s.number = std::string(parse_object(mine.body)["certificates"]
                               .as_array()
                               .at(0)
                               .as_object()
                               .at("number")
                               .as_string());
  }
  auto genuine = e.anonymous->get("/api/v1/verify/" + s.number);
  ASSERT_EQ(genuine.status, 200) << genuine.body;
  auto cert = parse_object(genuine.body)["certificate"].as_object();
  EXPECT_EQ(cert["status"].as_string(), "valid");
  EXPECT_EQ(cert["project_title"].as_string(), "수료 실험 스터디");
  EXPECT_EQ(cert["cohort_name"].as_string(), "9기");
  EXPECT_EQ(genuine.body.find("@"), std::string::npos);  // no email address anywhere
  auto page = e.anonymous->get("/verify/" + s.number);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("수료 실험 스터디"), std::string::npos);
  EXPECT_EQ(page.body.find("member@"), std::string::npos);

  EXPECT_EQ(e.anonymous->get("/api/v1/verify/CERT-202601-ZZZZZZZZ").status, 404);
  EXPECT_EQ(e.anonymous->get("/verify/CERT-202601-ZZZZZZZZ").status, 404);
  EXPECT_EQ(e.anonymous->get("/verify/whatever").status, 404);

  const std::string revoke = "/api/v1/certificates/" + s.number + "/revoke";
  EXPECT_EQ(e.member->json("POST", revoke, R"({"reason":"mine"})").status, 403);
  EXPECT_EQ(s.outsider->json("POST", revoke, R"({"reason":"x"})").status, 404);
  auto no_reason = e.organizer->json("POST", revoke, R"({"reason":""})");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(field_of(no_reason), "reason");
  auto revoked = e.organizer->json("POST", revoke, R"({"reason":"개인 사정으로 정정"})");
  ASSERT_EQ(revoked.status, 200) << revoked.body;

  auto after = e.anonymous->get("/api/v1/verify/" + s.number);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(parse_object(after.body)["certificate"].as_object()["status"].as_string(), "revoked");
  EXPECT_EQ(after.body.find("개인 사정"), std::string::npos);  // the reason stays private
  auto after_page = e.anonymous->get("/verify/" + s.number);
  EXPECT_EQ(after_page.status, 200);
  EXPECT_EQ(after_page.body.find("개인 사정"), std::string::npos);
  // A revoked certificate's PDF is no longer handed out: its holder gets a
  // page saying it was revoked (it used to download unmarked).
  auto revoked_pdf = e.member->get("/certificates/" + s.number + ".pdf");
  EXPECT_EQ(revoked_pdf.status, 410);
  EXPECT_FALSE(revoked_pdf.body.starts_with("%PDF-"));
  EXPECT_NE(revoked_pdf.body.find("data-testid=\"pdf-revoked\""), std::string::npos)
      << revoked_pdf.body;
  EXPECT_NE(revoked_pdf.body.find("data-testid=\"verify-status\""), std::string::npos);
  EXPECT_EQ(revoked_pdf.body.find("개인 사정"), std::string::npos);
  auto revoked_api = e.member->get("/api/v1/certificates/" + s.number + "/pdf");
  EXPECT_EQ(revoked_api.status, 410);
  EXPECT_EQ(field_of(revoked_api), "number");
  EXPECT_EQ(e.organizer->get("/certificates/" + s.number + ".pdf").status, 410);
  EXPECT_EQ(s.outsider->get("/certificates/" + s.number + ".pdf").status, 404);

  auto fresh = e.organizer->json("POST", "/api/v1/certificates/" + s.number + "/reissue", "{}");
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  const std::string new_number =
      std::string(parse_object(fresh.body)["certificate"].as_object()["number"].as_string());
  EXPECT_NE(new_number, s.number);
  auto valid = e.anonymous->get("/api/v1/verify/" + new_number);
  EXPECT_EQ(parse_object(valid.body)["certificate"].as_object()["status"].as_string(), "valid");
}

TEST_P(CertificatesHttpTest, TemplateSettingsAreForOrganizers) {
  Environment& e = env();
  const std::string path = "/api/v1/communities/it-lab/certificates/template";
  EXPECT_EQ(e.member->get(path).status, 403);
  EXPECT_EQ(e.anonymous->get(path).status, 401);
  auto bad = e.organizer->json("PUT", path, R"({"logo_png_base64":"bm90IGEgcG5n"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "logo");
  auto saved = e.organizer->json("PUT", path, R"({"title_ko":"수료 증서","language":"ko"})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(parse_object(saved.body)["template"].as_object()["title_ko"].as_string(), "수료 증서");
  auto preview = e.organizer->get("/api/v1/communities/it-lab/certificates/preview?language=ko");
  EXPECT_EQ(preview.status, 200);
  EXPECT_TRUE(preview.body.starts_with("%PDF-"));
  EXPECT_EQ(e.member->get("/api/v1/communities/it-lab/certificates/preview").status, 403);
  EXPECT_EQ(e.member->get("/c/it-lab/certificates").status, 403);
  auto page = e.organizer->get("/c/it-lab/certificates");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("수료 증서"), std::string::npos);  // the saved title in the form
  const std::string token = csrf_from(page.body);
  EXPECT_EQ(e.organizer->form("/c/it-lab/certificates/template", "title_en=x").status, 403);
  auto wrong = e.organizer->form("/c/it-lab/certificates/template",
                                 "_csrf=" + token + "&title_en=Kept&language=fr");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("Kept"), std::string::npos);  // what was typed comes back
  auto saved_form = e.organizer->form("/c/it-lab/certificates/template",
                                      "_csrf=" + token + "&title_en=Certificate&language=member");
  EXPECT_EQ(saved_form.status, 303);
  auto member_page = e.member->get("/c/it-lab/certificates");
  EXPECT_EQ(member_page.status, 403);
  EXPECT_EQ(e.member
                ->form("/c/it-lab/certificates/template",
                       "_csrf=" + csrf_from(e.member->get("/me").body) + "&title_en=Mine")
                .status,
            403);
}

// The holder deletes their account (issue #16): the certificate still
// verifies, without the name, and the name printed on the PDF can be checked
// on the page (an anonymous form) and through the API. The erasure runs as
// the privacy room runs it, on the server's database; this server has no
// secret key file, so the hash is salted only, as the server checks it.
TEST_P(CertificatesHttpTest, AnErasedHoldersCertificateStillVerifiesByTheNameOnIt) {
  CertificateSetup& s = setup();
  Environment& e = env();
  ASSERT_EQ(e.organizer->json("POST", issue_path, "{}").status, 200);
  auto mine = s.builder->get("/api/v1/me/certificates");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const boost::json::array list = parse_object(mine.body)["certificates"].as_array();
  ASSERT_EQ(list.size(), 1u);
  const std::string number(list.at(0).as_object().at("number").as_string());
  const std::int64_t builder_id = list.at(0).as_object().at("user_id").as_int64();
  {
    web::ErasureReport report;
    auto writer = e.database->database().write();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(certificates::erase_personal(*writer,
                                             {.user_id = builder_id,
                                              .now = std::time(nullptr),
                                              .email = "cert-builder@it.example",
                                              .display_name = "수료빌더"},
                                             report)
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
    ASSERT_EQ(report.size(), 1u);
  }

  auto verified = e.anonymous->get("/api/v1/verify/" + number);
  ASSERT_EQ(verified.status, 200) << verified.body;
  expect_documented(e, "get", "/api/v1/verify/{number}", verified);
  auto cert = parse_object(verified.body)["certificate"].as_object();
  EXPECT_EQ(cert["status"].as_string(), "valid");
  EXPECT_TRUE(cert["name_erased"].as_bool());
  EXPECT_EQ(cert["recipient_name"].as_string(), "");
  EXPECT_EQ(cert["project_title"].as_string(), "수료 실험 스터디");
  EXPECT_EQ(verified.body.find("수료빌더"), std::string::npos);

  const std::string api = "/api/v1/verify/" + number + "/name";
  auto yes = e.anonymous->json("POST", api, R"({"name":" 수료빌더 "})");
  ASSERT_EQ(yes.status, 200) << yes.body;
  expect_documented(e, "post", "/api/v1/verify/{number}/name", yes);
  EXPECT_TRUE(parse_object(yes.body)["matches"].as_bool());
  auto no = e.anonymous->json("POST", api, R"({"name":"다른사람"})");
  ASSERT_EQ(no.status, 200);
  EXPECT_FALSE(parse_object(no.body)["matches"].as_bool());
  auto empty = e.anonymous->json("POST", api, R"({"name":""})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(field_of(empty), "name");
  EXPECT_EQ(e.anonymous->json("POST", api, R"({"name":"x","nmae":"y"})").status, 422);
  EXPECT_EQ(e.anonymous->json("POST", "/api/v1/verify/CERT-202601-ZZZZZZZZ/name", R"({"name":"x"})")
                .status,
            404);
  // The member's certificate shows its name: nothing to check.
  auto member_list = e.member->get("/api/v1/me/certificates");
  const std::string member_number(parse_object(member_list.body)["certificates"]
                                      .as_array()
                                      .at(0)
                                      .as_object()
                                      .at("number")
                                      .as_string());
  auto shown =
      e.anonymous->json("POST", "/api/v1/verify/" + member_number + "/name", R"({"name":"러너"})");
  EXPECT_EQ(shown.status, 409);
  EXPECT_EQ(field_of(shown), "number");

  // The page: genuine, the name erased, and the check as a form.
  Client visitor = e.client();
  auto page = visitor.get("/verify/" + number);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"verify-name-erased\""), std::string::npos);
  EXPECT_NE(page.body.find("수료 실험 스터디"), std::string::npos);
  EXPECT_EQ(page.body.find("수료빌더"), std::string::npos);
  const std::string token = csrf_from(page.body);
  EXPECT_EQ(visitor.form("/verify/" + number + "/name", "name=x").status, 403);
  auto matched = visitor.form("/verify/" + number + "/name",
                              "_csrf=" + token + "&name=%EC%88%98%EB%A3%8C%EB%B9%8C%EB%8D%94");
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_NE(matched.body.find("data-testid=\"name-check-result\""), std::string::npos);
  EXPECT_NE(matched.body.find("class=\"notice\" role=\"status\" data-testid=\"name-check-result\""),
            std::string::npos);
  // Three tries so far (two API answers and the page's match; refused input
  // and the forged form never reach the check): the certificate allows ten
  // an hour from everyone together.
  int answered = 0;
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto tried = visitor.form("/verify/" + number + "/name", "_csrf=" + token + "&name=guess");
    if (tried.status == 429) break;
    EXPECT_EQ(tried.status, 200);
    ++answered;
  }
  EXPECT_EQ(answered, 7);
  auto limited = e.anonymous->json("POST", api, R"({"name":"수료빌더"})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.headers["retry-after"].empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, CertificatesHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
