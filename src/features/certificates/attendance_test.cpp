// Certificates of attendance in the certificates room: the 0020 migration
// on a database holding completion certificates, issuing from a batch,
// uniqueness, revoke and re-issue, verification and the PDF.
#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include <set>

#include "features/certificates/certificate_content.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/certificates/pdf_text.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::certificates {
namespace {

using accounts::Viewer;
using testing::pdf_text;
constexpr std::int64_t kNow = 1'809'302'400;  // 2027-05-03 00:00 UTC
// 0020, and the later changes of the certificates table that build on it
// (0028 adds mentoring, 0032 the erased holder's name hash).
const std::set<int> kCertificateMigrations = {20, 28, 32};

// Every migration but `versions` (`without`), or those alone. The old
// schema is every migration except the certificates' 0020 and later: the
// services the fixture uses need later migrations of other rooms (the
// community's member count, 0022), which do not touch the certificates table.
std::vector<db::Migration> migrations_around(const std::set<int>& versions, bool without) {
  std::vector<db::Migration> chosen;
  for (const auto& migration : db::embedded_migrations())
    if (!versions.contains(migration.version) == without) chosen.push_back(migration);
  return chosen;
}

// A community with an organizer and two members. With `old_schema`, the
// database lacks 0020 until finish_migrating().
class AttendanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { start(false); }
  void start(bool old_schema) {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam(), /*migrate=*/false);
    auto migrated = db::migrate(
        test_db_->database(),
        old_schema ? migrations_around(kCertificateMigrations, true) : db::embedded_migrations());
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<CertificatesService>(test_db_->database(), clock_, *communities_,
                                                     "https://moim.example/");
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김참가", false);
    other_ = viewer("other@example.com", "박회원", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &member_, &other_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    community_id_ = communities_->find("pseudolab")->id;
  }
  void TearDown() override {
    if (test_db_)
      automation::testing::MailRenderCheck(test_db_->database()).expect_every_email_row_renders();
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
  Status try_execute(const std::string& sql, std::vector<db::Value> params) {
    auto writer = test_db_->database().write();
    auto done = writer->execute(sql, params);
    if (!done) return done.error();
    return writer->commit();
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  AttendanceBatch batch(std::int64_t event_id = 41) {
    return {.community_slug = "pseudolab",
            .event_id = event_id,
            .event_title = "PseudoCon 2027",
            .starts_at = kNow - 24 * 3600,  // 2027-05-02 09:00 in Seoul
            .ends_at = kNow - 18 * 3600,
            .venue = "코엑스",
            .holders = {{member_.user_id(), "김참가", "member@example.com", "ko"},
                        {other_.user_id(), "Park Member", "other@example.com", "en"}}};
  }
  Certificate member_certificate() {
    auto mine = service_->mine(member_);
    EXPECT_TRUE(mine.ok() && !mine->empty());
    return mine->front();
  }

  moim::testing::FakeClock clock_{kNow};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<CertificatesService> service_;
  Viewer admin_, organizer_, member_, other_, anonymous_;
  std::int64_t community_id_ = 0;
};

TEST_P(AttendanceTest, TheMigrationKeepsOldCertificatesAndAddsTheRules) {
  start(true);  // the schema before 0020, with a completion certificate and its re-issue
  const std::int64_t cohort_id = insert(
      "INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) "
      "VALUES (?, '6', '6기', ?, ?) RETURNING id",
      {community_id_, kNow, kNow});
  const std::int64_t project_id = insert(
      "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
      "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
      "min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, 'LLM 논문 읽기', "
      "'paper_reading', 'intermediate', 'ko', 'online', 2, '20:00', 90, 'Asia/Seoul', "
      "'2027-03-01', '2027-04-30', 1, 10, 'approved', ?, ?) RETURNING id",
      {community_id_, cohort_id, kNow, kNow});
  const CertificateFacts facts{.recipient_name = "김참가",
                               .community_name = "가짜연구소",
                               .cohort_name = "6기",
                               .project_title = "LLM 논문 읽기",
                               .role = "runner",
                               .starts_on = "2027-03-01",
                               .ends_on = "2027-04-30",
                               .issued_on = "2027-05-03"};
  const std::string content =
      boost::json::serialize(certificate_content_json(TemplateSettings{}, facts, "ko"));
  const std::int64_t old_id = insert(
      "INSERT INTO certificates (number, community_id, cohort_id, project_id, user_id, role, "
      "language, content, issued_at, revoked_at, revoke_reason) "
      "VALUES ('CERT-202705-AAAAAAAA', ?, ?, ?, ?, 'runner', 'ko', ?, ?, ?, 'typo') RETURNING id",
      {community_id_, cohort_id, project_id, member_.user_id(), content, kNow, kNow});
  insert(
      "INSERT INTO certificates (number, community_id, cohort_id, project_id, user_id, role, "
      "language, content, issued_at, replaces_id) "
      "VALUES ('CERT-202705-BBBBBBBB', ?, ?, ?, ?, 'runner', 'ko', ?, ?, ?) RETURNING id",
      {community_id_, cohort_id, project_id, member_.user_id(), content, kNow, old_id});

  auto migrated =
      db::migrate(test_db_->database(), migrations_around(kCertificateMigrations, false));
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;

  // Same numbers, states, re-issue link and PDF.
  auto old_one = service_->verify("CERT-202705-AAAAAAAA");
  ASSERT_TRUE(old_one.ok()) << old_one.error().message;
  EXPECT_TRUE(old_one->revoked_at.has_value());
  EXPECT_EQ(old_one->kind, kCompletion);
  auto current = service_->certificate(member_, "CERT-202705-BBBBBBBB");
  ASSERT_TRUE(current.ok()) << current.error().message;
  EXPECT_EQ(current->project_title, "LLM 논문 읽기");
  EXPECT_EQ(current->cohort_key, "6");
  EXPECT_EQ(service_->certificate(member_, "CERT-202705-AAAAAAAA")->replaced_by,
            std::optional<std::string>("CERT-202705-BBBBBBBB"));
  auto pdf = service_->pdf(member_, "CERT-202705-BBBBBBBB");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);

  // The kinds' rules: a completion needs its project, an attendance its
  // event, and one valid certificate per member and project or event.
  const std::string insert_sql =
      "INSERT INTO certificates (number, community_id, kind, cohort_id, project_id, event_id, "
      "user_id, role, language, content, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ko', '{}', ?)";
  EXPECT_FALSE(
      try_execute(insert_sql, {std::string("CERT-202705-CCCCCCCC"), community_id_,
                               std::string("attendance"), db::Value{}, db::Value{}, db::Value{},
                               member_.user_id(), std::string("attendee"), kNow})
          .ok());
  EXPECT_FALSE(
      try_execute(insert_sql, {std::string("CERT-202705-CCCCCCCC"), community_id_,
                               std::string("completion"), cohort_id, project_id, std::int64_t{7},
                               other_.user_id(), std::string("runner"), kNow})
          .ok());
  EXPECT_FALSE(
      try_execute(insert_sql, {std::string("CERT-202705-CCCCCCCC"), community_id_,
                               std::string("completion"), cohort_id, project_id, db::Value{},
                               member_.user_id(), std::string("runner"), kNow})
          .ok());  // a second valid one for the project
  ASSERT_TRUE(
      try_execute(insert_sql, {std::string("CERT-202705-CCCCCCCC"), community_id_,
                               std::string("attendance"), db::Value{}, db::Value{}, std::int64_t{7},
                               member_.user_id(), std::string("attendee"), kNow})
          .ok());
  EXPECT_FALSE(
      try_execute(insert_sql, {std::string("CERT-202705-DDDDDDDD"), community_id_,
                               std::string("attendance"), db::Value{}, db::Value{}, std::int64_t{7},
                               member_.user_id(), std::string("attendee"), kNow})
          .ok());
  // New rows continue after the copied ids (PostgreSQL's identity was moved on).
  EXPECT_GT(count("SELECT MAX(id) FROM certificates"), old_id + 1);
}

TEST_P(AttendanceTest, IssuesOncePerMemberAndEventWithOneMailEach) {
  auto first = service_->issue_attendance(organizer_, batch());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->attendees, 2);
  EXPECT_EQ(first->issued, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%attendance_issued%'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'certificates.issue_attendance'"),
            1);
  auto again = service_->issue_attendance(organizer_, batch());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%attendance_issued%'"), 2);
  // Another event is another certificate.
  ASSERT_EQ(service_->issue_attendance(organizer_, batch(42))->issued, 2);
  auto listed = service_->event_certificates(organizer_, "pseudolab", 41);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 2u);
}

TEST_P(AttendanceTest, VerificationAndThePdfStateTheEvent) {
  ASSERT_TRUE(service_->issue_attendance(organizer_, batch()).ok());
  const Certificate mine = member_certificate();
  EXPECT_EQ(mine.kind, kAttendance);
  EXPECT_EQ(mine.role, "attendee");
  EXPECT_EQ(mine.event_id, std::optional<std::int64_t>(41));
  auto verified = service_->verify(mine.number);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->kind, kAttendance);
  EXPECT_EQ(verified->event_title, "PseudoCon 2027");
  EXPECT_EQ(verified->starts_on, "2027-05-02");
  EXPECT_EQ(verified->venue, "코엑스");
  EXPECT_EQ(verified->recipient_name, "김참가");
  EXPECT_FALSE(verified->revoked_at);

  auto pdf = service_->pdf(member_, mine.number);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);
  const std::string text = pdf_text(*pdf);
  if (!text.empty()) {  // pdftotext (poppler-utils) installed
    EXPECT_NE(text.find("참가 확인서"), std::string::npos) << text;
    EXPECT_NE(text.find("PseudoCon 2027"), std::string::npos) << text;
    EXPECT_NE(text.find(mine.number), std::string::npos) << text;
  }
  // The English holder's words are English.
  auto other = service_->mine(other_);
  ASSERT_TRUE(other.ok() && other->size() == 1u);
  EXPECT_EQ(other->front().language, "en");
  auto other_pdf = service_->pdf(other_, other->front().number);
  ASSERT_TRUE(other_pdf.ok());
  const std::string other_text = pdf_text(*other_pdf);
  if (!other_text.empty()) {
    EXPECT_NE(other_text.find("Certificate of Attendance"), std::string::npos) << other_text;
  }
  // Someone else's number reads as unknown.
  EXPECT_EQ(service_->pdf(other_, mine.number).error().http_status, 404);
}

TEST_P(AttendanceTest, RevokeAndReissueWorkAsForCompletion) {
  ASSERT_TRUE(service_->issue_attendance(organizer_, batch()).ok());
  const Certificate mine = member_certificate();
  EXPECT_EQ(service_->revoke(member_, mine.number, "mine").error().http_status, 403);
  auto revoked = service_->revoke(organizer_, mine.number, "checked in by mistake");
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_TRUE(service_->verify(mine.number)->revoked_at.has_value());
  EXPECT_EQ(service_->pdf(member_, mine.number).error().http_status, 410);
  // The bulk issue skips a revoked one: issuing again is explicit.
  EXPECT_EQ(service_->issue_attendance(organizer_, batch())->issued, 0);
  auto fresh = service_->reissue(organizer_, mine.number);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_NE(fresh->number, mine.number);
  EXPECT_EQ(fresh->kind, kAttendance);
  EXPECT_EQ(fresh->event_title, "PseudoCon 2027");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%attendance_issued%'"), 3);
  EXPECT_TRUE(service_->pdf(member_, fresh->number).ok());
}

TEST_P(AttendanceTest, OrganizersOnlyAndTheInputIsChecked) {
  EXPECT_EQ(service_->issue_attendance(member_, batch()).error().http_status, 403);
  EXPECT_EQ(service_->issue_attendance(anonymous_, batch()).error().http_status, 401);
  EXPECT_EQ(service_->event_certificates(member_, "pseudolab", 41).error().http_status, 403);
  AttendanceBatch untitled = batch();
  untitled.event_title = " ";
  EXPECT_EQ(service_->issue_attendance(organizer_, untitled).error().field, "event_title");
  AttendanceBatch guest = batch();
  guest.holders.push_back({0, "Guest", "guest@example.com", ""});
  auto refused = service_->issue_attendance(organizer_, guest);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 400);
  EXPECT_EQ(refused.error().field, "holders");
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 0);  // nothing half-done
}

TEST_P(AttendanceTest, AnOnlineEventSaysOnline) {
  AttendanceBatch online = batch();
  online.venue = "";
  online.online = true;
  ASSERT_TRUE(service_->issue_attendance(organizer_, online).ok());
  EXPECT_EQ(member_certificate().venue, "온라인");
}

INSTANTIATE_TEST_SUITE_P(Drivers, AttendanceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::certificates
