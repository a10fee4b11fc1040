#include "features/certificates/certificates_service.hpp"

#include <gtest/gtest.h>

#include "features/certificates/certificate_content.hpp"
#include "features/certificates/pdf_text.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::certificates {
namespace {

using accounts::Viewer;
constexpr std::int64_t kNow = 1'809'302'400;  // 2027-05-03 00:00 UTC

class CertificatesServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<CertificatesService>(test_db_->database(), clock_, *communities_,
                                                     "https://moim.example/");
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "이빌더", false);
    runner_ = viewer("runner@example.com", "김러너", false);
    other_ = viewer("other@example.com", "박회원", false);
    dropped_ = viewer("dropped@example.com", "최중도", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &builder_, &runner_, &other_, &dropped_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    community_id_ = communities_->find("pseudolab")->id;
    cohort_id_ = insert(
        "INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) "
        "VALUES (?, '6', '6기', ?, ?) RETURNING id",
        {community_id_, kNow, kNow});
    project_id_ = insert(
        "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
        "min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, 'LLM 논문 읽기', "
        "'paper_reading', 'intermediate', 'ko', 'online', 2, '20:00', 90, 'Asia/Seoul', "
        "'2027-03-01', '2027-04-30', 1, 10, 'approved', ?, ?) RETURNING id",
        {community_id_, cohort_id_, kNow, kNow});
    result(builder_, "builder", "completed");
    result(runner_, "runner", "completed");
    result(dropped_, "runner", "dropped");
  }

  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t insert(const std::string& sql, std::vector<db::Value> params) {
    auto writer = test_db_->database().write();
    auto rows = writer->query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_TRUE(writer->commit().ok());
    return rows->front().int64(0);
  }
  void execute(const std::string& sql, std::vector<db::Value> params) {
    auto writer = test_db_->database().write();
    auto done = writer->execute(sql, params);
    ASSERT_TRUE(done.ok()) << done.error().message;
    ASSERT_TRUE(writer->commit().ok());
  }
  void result(const Viewer& who, const std::string& role, const std::string& outcome) {
    execute(
        "INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, outcome, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {cohort_id_, project_id_, who.user_id(), role, outcome, outcome, kNow});
  }
  void close_cohort() {
    execute("INSERT INTO cohort_closures (cohort_id, closed_by, closed_at) VALUES (?, ?, ?)",
            {cohort_id_, organizer_.user_id(), kNow});
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  // Closes the cohort and issues; returns the runner's certificate.
  Certificate issue_all() {
    close_cohort();
    auto outcome = service_->issue_cohort(organizer_, "pseudolab", "6");
    EXPECT_TRUE(outcome.ok()) << outcome.error().message;
    auto mine = service_->mine(runner_);
    EXPECT_TRUE(mine.ok() && mine->size() == 1u);
    return mine->front();
  }

  moim::testing::FakeClock clock_{kNow};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<CertificatesService> service_;
  Viewer admin_, organizer_, builder_, runner_, other_, dropped_, anonymous_;
  std::int64_t community_id_ = 0, cohort_id_ = 0, project_id_ = 0;
};

TEST_P(CertificatesServiceTest, NothingIsIssuedBeforeTheCohortCloses) {
  auto outcome = service_->issue_cohort(organizer_, "pseudolab", "6");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().http_status, 409);
  EXPECT_EQ(outcome.error().field, "cohort");
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 0);
}

TEST_P(CertificatesServiceTest, BulkIssueGivesEveryCompleterOneCertificateAndOneMailOnce) {
  close_cohort();
  auto first = service_->issue_cohort(organizer_, "pseudolab", "6");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->completers, 2);
  EXPECT_EQ(first->issued, 2);  // the builder and the runner; not the drop-out
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%certificates.issued%'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.issue'"), 1);

  auto again = service_->issue_cohort(organizer_, "pseudolab", "6");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);

  // A late override to completed: the next run issues just that one.
  execute("UPDATE completion_results SET outcome = 'completed' WHERE user_id = ?",
          {dropped_.user_id()});
  auto late = service_->issue_cohort(organizer_, "pseudolab", "6");
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->issued, 1);

  automation::testing::MailRenderCheck(test_db_->database()).expect_every_email_row_renders();
}

TEST_P(CertificatesServiceTest, OnlyOrganizersAndAdminsIssueAndList) {
  close_cohort();
  for (const Viewer* who : {&builder_, &runner_, &other_}) {
    auto refused = service_->issue_cohort(*who, "pseudolab", "6");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 403);
    EXPECT_EQ(service_->cohort_certificates(*who, "pseudolab", "6").error().http_status, 403);
    EXPECT_EQ(service_->template_settings(*who, "pseudolab").error().http_status, 403);
  }
  EXPECT_EQ(service_->issue_cohort(anonymous_, "pseudolab", "6").error().http_status, 401);
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 0);
  ASSERT_TRUE(service_->issue_cohort(admin_, "pseudolab", "6").ok());
  auto listed = service_->cohort_certificates(organizer_, "pseudolab", "6");
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->certificates.size(), 2u);
  EXPECT_TRUE(listed->closed);
}

TEST_P(CertificatesServiceTest, OnlyTheOwnerAndOrganizersDownloadTheKoreanPdf) {
  const Certificate mine = issue_all();
  EXPECT_EQ(mine.recipient_name, "김러너");
  EXPECT_EQ(mine.role, "runner");
  EXPECT_EQ(mine.language, "ko");  // the community's default; the runner chose none
  EXPECT_TRUE(mine.number.starts_with("CERT-202705-")) << mine.number;

  auto pdf = service_->pdf(runner_, mine.number);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string text = testing::pdf_text(pdf.value());
  EXPECT_NE(text.find("김러너"), std::string::npos) << text;
  EXPECT_NE(text.find("LLM 논문 읽기"), std::string::npos) << text;
  EXPECT_NE(text.find(mine.number), std::string::npos) << text;
  EXPECT_NE(text.find("https://moim.example/verify/" + mine.number), std::string::npos) << text;
  EXPECT_NE(text.find("6기"), std::string::npos) << text;
  // The particle fits the role: 러너로, never 러너(으)로.
  EXPECT_NE(text.find("러너로"), std::string::npos) << text;
  EXPECT_EQ(text.find("(으)로"), std::string::npos) << text;
  // Rendered on demand, and the same every time.
  EXPECT_EQ(service_->pdf(runner_, mine.number).value(), pdf.value());

  EXPECT_TRUE(service_->pdf(organizer_, mine.number).ok());
  EXPECT_TRUE(service_->pdf(admin_, mine.number).ok());
  // The project's builder and another member learn nothing, not even that it exists.
  EXPECT_EQ(service_->pdf(builder_, mine.number).error().http_status, 404);
  EXPECT_EQ(service_->pdf(other_, mine.number).error().http_status, 404);
  EXPECT_EQ(service_->certificate(other_, mine.number).error().http_status, 404);
  EXPECT_EQ(service_->pdf(anonymous_, mine.number).error().http_status, 401);
  // Each sees only their own list.
  EXPECT_EQ(service_->mine(other_)->size(), 0u);
  ASSERT_EQ(service_->mine(builder_)->size(), 1u);
  EXPECT_EQ(service_->mine(builder_)->front().role, "builder");
}

TEST_P(CertificatesServiceTest, VerifyShowsGenuineRevokedAndUnknown) {
  const Certificate mine = issue_all();
  auto genuine = service_->verify(mine.number);
  ASSERT_TRUE(genuine.ok());
  EXPECT_EQ(genuine->recipient_name, "김러너");
  EXPECT_EQ(genuine->community_name, "가짜연구소");
  EXPECT_EQ(genuine->cohort_name, "6기");
  EXPECT_EQ(genuine->project_title, "LLM 논문 읽기");
  EXPECT_EQ(genuine->starts_on, "2027-03-01");
  EXPECT_EQ(genuine->ends_on, "2027-04-30");
  EXPECT_FALSE(genuine->revoked_at);
  // Typed in lower case with an O for a zero: still found.
  std::string typed = mine.number;
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(service_->verify(typed).ok());

  EXPECT_EQ(service_->verify("CERT-202705-ZZZZZZZZ").error().http_status, 404);
  EXPECT_EQ(service_->verify("nonsense").error().http_status, 404);

  clock_.advance(3600);
  ASSERT_TRUE(service_->revoke(organizer_, mine.number, "출석 기록 오류").ok());
  auto revoked = service_->verify(mine.number);
  ASSERT_TRUE(revoked.ok());
  ASSERT_TRUE(revoked->revoked_at);
  EXPECT_EQ(*revoked->revoked_at, kNow + 3600);
  // Its PDF is no longer handed out, to the holder or the organizers.
  const auto refused = service_->pdf(runner_, mine.number);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 410);
  EXPECT_EQ(refused.error().code, "revoked");
  EXPECT_EQ(service_->pdf(organizer_, mine.number).error().http_status, 410);
  EXPECT_EQ(service_->pdf(other_, mine.number).error().http_status, 404);
}

TEST(CertificateContent, TheRoleTakesTheParticleThatFitsIt) {
  CertificateFacts facts;
  facts.role = "builder";
  TemplateSettings settings;
  auto builder = certificate_content_json(settings, facts, "ko");
  EXPECT_NE(std::string(builder["body"].as_string()).find("빌더로 참여하여"), std::string::npos)
      << builder["body"];
  facts.role = "runner";
  auto runner = certificate_content_json(settings, facts, "ko");
  EXPECT_NE(std::string(runner["body"].as_string()).find("러너로 참여하여"), std::string::npos);
  // An organizer's own wording keeps working, with or without the particle.
  settings.body_ko = "{role}(으)로 함께했어요";
  EXPECT_EQ(certificate_content_json(settings, facts, "ko")["body"].as_string(),
            "러너로 함께했어요");
  settings.body_ko = "역할: {role}";
  EXPECT_EQ(certificate_content_json(settings, facts, "ko")["body"].as_string(), "역할: 러너");
}

TEST_P(CertificatesServiceTest, RevokeNeedsAReasonAndAnOrganizerAndIsAudited) {
  const Certificate mine = issue_all();
  EXPECT_EQ(service_->revoke(organizer_, mine.number, "  ").error().field, "reason");
  EXPECT_EQ(service_->revoke(runner_, mine.number, "mine").error().http_status, 403);
  EXPECT_EQ(service_->revoke(builder_, mine.number, "why").error().http_status, 404);
  EXPECT_EQ(service_->revoke(anonymous_, mine.number, "why").error().http_status, 401);
  auto revoked = service_->revoke(organizer_, mine.number, "잘못 발급됨");
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_EQ(service_->revoke(organizer_, mine.number, "again").error().http_status, 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.revoke' AND "
                  "detail LIKE '%잘못 발급됨%'"),
            1);
  // The owner sees it as revoked, with no download offered on the page (not tested here).
  EXPECT_TRUE(service_->mine(runner_)->front().revoked_at);
}

TEST_P(CertificatesServiceTest, ReissueIsANewNumberAndBulkIssueLeavesRevokedAlone) {
  const Certificate mine = issue_all();
  EXPECT_EQ(service_->reissue(organizer_, mine.number).error().http_status, 409);  // not revoked
  ASSERT_TRUE(service_->revoke(organizer_, mine.number, "이름 오타").ok());
  // Fixing the name is a usual reason: the new certificate takes the current one.
  execute("UPDATE users SET display_name = '김러너2' WHERE id = ?", {runner_.user_id()});
  auto bulk = service_->issue_cohort(organizer_, "pseudolab", "6");
  ASSERT_TRUE(bulk.ok());
  EXPECT_EQ(bulk->issued, 0);
  EXPECT_EQ(service_->reissue(runner_, mine.number).error().http_status, 403);
  auto fresh = service_->reissue(organizer_, mine.number);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_NE(fresh->number, mine.number);
  EXPECT_EQ(fresh->recipient_name, "김러너2");
  EXPECT_FALSE(fresh->revoked_at);
  EXPECT_EQ(service_->reissue(organizer_, mine.number).error().http_status, 409);  // done once
  auto old = service_->certificate(organizer_, mine.number);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->replaced_by, fresh->number);
  EXPECT_TRUE(service_->verify(mine.number)->revoked_at);
  EXPECT_FALSE(service_->verify(fresh->number)->revoked_at);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 3);  // two at issue, one for the re-issue
  automation::testing::MailRenderCheck(test_db_->database()).expect_every_email_row_renders();
}

TEST_P(CertificatesServiceTest, TemplateWordsAndLanguageApplyAtIssue) {
  TemplateInput input;
  input.title_en = "Certificate of Excellence";
  input.signature_name = "Jane Organizer";
  input.language = "en";
  auto saved = service_->update_template(organizer_, "pseudolab", input);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->language, "en");
  const Certificate mine = issue_all();
  EXPECT_EQ(mine.language, "en");
  const std::string text = testing::pdf_text(service_->pdf(runner_, mine.number).value());
  EXPECT_NE(text.find("Certificate of Excellence"), std::string::npos) << text;
  EXPECT_NE(text.find("Jane Organizer"), std::string::npos) << text;
  EXPECT_NE(text.find("Runner"), std::string::npos) << text;
  EXPECT_NE(text.find("김러너"), std::string::npos) << text;

  // Editing the template later leaves issued certificates as they were.
  input = {};
  input.title_en = "Something Else";
  ASSERT_TRUE(service_->update_template(organizer_, "pseudolab", input).ok());
  EXPECT_EQ(testing::pdf_text(service_->pdf(runner_, mine.number).value()), text);
}

TEST_P(CertificatesServiceTest, TemplateInputIsCheckedFieldByField) {
  TemplateInput input;
  input.language = "fr";
  EXPECT_EQ(service_->update_template(organizer_, "pseudolab", input).error().field, "language");
  input = {};
  input.title_ko = std::string(41, 'x');
  EXPECT_EQ(service_->update_template(organizer_, "pseudolab", input).error().field, "title_ko");
  input = {};
  input.logo_png = "not a png";
  EXPECT_EQ(service_->update_template(organizer_, "pseudolab", input).error().field, "logo");
  input = {};
  input.body_ko = "두 줄\n본문";
  EXPECT_EQ(service_->update_template(organizer_, "pseudolab", input).error().field, "body_ko");
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificate_templates"), 0);
  EXPECT_EQ(service_->update_template(runner_, "pseudolab", {}).error().http_status, 403);
}

TEST_P(CertificatesServiceTest, PreviewIsForOrganizers) {
  auto preview = service_->preview_pdf(organizer_, "pseudolab", "ko");
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  EXPECT_NE(testing::pdf_text(preview.value()).find("홍길동"), std::string::npos);
  EXPECT_EQ(service_->preview_pdf(organizer_, "pseudolab", "de").error().field, "language");
  EXPECT_EQ(service_->preview_pdf(runner_, "pseudolab", "ko").error().http_status, 403);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CertificatesServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::certificates
