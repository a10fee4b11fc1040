// Mentoring certificates in the certificates room: the 0028 migration on a
// database holding the other two kinds, issuing from a batch to mentors and
// mentees, uniqueness, revoke and re-issue, verification, the PDF, the
// member's own list and the /verify and /certificates pages.
#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include "features/accounts/web_session.hpp"
#include "features/certificates/certificate_content.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/certificates/pdf_text.hpp"
#include "features/certificates/routes.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"
#include "platform/web/respond.hpp"

namespace moim::certificates {
namespace {

using accounts::Viewer;
using testing::pdf_text;
constexpr std::int64_t kNow = 1'809'302'400;            // 2027-05-03 00:00 UTC
constexpr std::int64_t kProgramStarts = 1'803'826'800;  // 2027-03-01 00:00 in Seoul
constexpr std::int64_t kProgramEnds = 1'809'097'200;    // 2027-05-01 00:00 in Seoul
constexpr int kMentoringMigration = 28;
// Later changes of the certificates table, which build on the rebuilt one.
constexpr int kLaterCertificateMigration = 32;  // the erased holder's name hash
constexpr std::int64_t kProgram = 7;

// Every migration but `version` and the later changes of the certificates
// table (`without`), or those alone.
std::vector<db::Migration> migrations_around(int version, bool without) {
  std::vector<db::Migration> chosen;
  for (const auto& migration : db::embedded_migrations()) {
    const bool held =
        migration.version == version || migration.version == kLaterCertificateMigration;
    if (!held == without) chosen.push_back(migration);
  }
  return chosen;
}

// A community with an organizer, a mentor and two mentees. With
// `old_schema`, the database lacks 0028 until it is migrated again.
class MentoringCertificatesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { start(false); }
  void start(bool old_schema) {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam(), /*migrate=*/false);
    auto migrated =
        db::migrate(test_db_->database(), old_schema ? migrations_around(kMentoringMigration, true)
                                                     : db::embedded_migrations());
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<CertificatesService>(test_db_->database(), clock_, *communities_,
                                                     "https://moim.example/");
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    mentor_ = viewer("mentor@example.com", "이멘토", false);
    mentee_ = viewer("mentee@example.com", "김멘티", false);
    other_ = viewer("other@example.com", "Park Mentee", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &mentor_, &mentee_, &other_})
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
  MentoringBatch batch(std::int64_t program_id = kProgram) {
    return {.community_slug = "pseudolab",
            .program_id = program_id,
            .program_name = "2027 봄 멘토링",
            .starts_at = kProgramStarts,
            .ends_at = kProgramEnds,
            .holders = {{mentor_.user_id(), "이멘토", "mentor@example.com", "ko", "mentor"},
                        {mentee_.user_id(), "김멘티", "mentee@example.com", "ko", "mentee"},
                        {other_.user_id(), "Park Mentee", "other@example.com", "en", "mentee"}}};
  }
  Certificate only_certificate(const Viewer& who) {
    auto mine = service_->mine(who);
    EXPECT_TRUE(mine.ok() && mine->size() == 1u);
    return mine.ok() && !mine->empty() ? mine->front() : Certificate{};
  }
  std::int64_t mails() {
    return count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%mentoring_issued%'");
  }

  moim::testing::FakeClock clock_{kNow};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<CertificatesService> service_;
  Viewer admin_, organizer_, mentor_, mentee_, other_, anonymous_;
  std::int64_t community_id_ = 0;
};

TEST_P(MentoringCertificatesTest, TheMigrationKeepsOldCertificatesAndAddsTheRules) {
  start(true);  // the schema before 0028, with a completion and an attendance certificate
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
  const CertificateFacts facts{.recipient_name = "김멘티",
                               .community_name = "가짜연구소",
                               .cohort_name = "6기",
                               .project_title = "LLM 논문 읽기",
                               .role = "runner",
                               .starts_on = "2027-03-01",
                               .ends_on = "2027-04-30",
                               .issued_on = "2027-05-03"};
  const std::int64_t completion_id = insert(
      "INSERT INTO certificates (number, community_id, cohort_id, project_id, user_id, role, "
      "language, content, issued_at, revoked_at, revoke_reason) "
      "VALUES ('CERT-202705-AAAAAAAA', ?, ?, ?, ?, 'runner', 'ko', ?, ?, ?, 'typo') RETURNING id",
      {community_id_, cohort_id, project_id, mentee_.user_id(),
       boost::json::serialize(certificate_content_json(TemplateSettings{}, facts, "ko")), kNow,
       kNow});
  const AttendanceFacts attended{.recipient_name = "김멘티",
                                 .community_name = "가짜연구소",
                                 .event_title = "PseudoCon 2027",
                                 .venue = "코엑스",
                                 .starts_on = "2027-05-02",
                                 .ends_on = "2027-05-02",
                                 .issued_on = "2027-05-03"};
  const std::int64_t attendance_id = insert(
      "INSERT INTO certificates (number, community_id, kind, event_id, user_id, role, language, "
      "content, issued_at, replaces_id) VALUES ('CERT-202705-BBBBBBBB', ?, 'attendance', 41, ?, "
      "'attendee', 'ko', ?, ?, ?) RETURNING id",
      {community_id_, mentee_.user_id(),
       boost::json::serialize(attendance_content_json(TemplateSettings{}, attended, "ko")), kNow,
       completion_id});

  auto migrated = db::migrate(test_db_->database(), migrations_around(kMentoringMigration, false));
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;

  // Same numbers, kinds, states, facts and re-issue link.
  auto completion = service_->verify("CERT-202705-AAAAAAAA");
  ASSERT_TRUE(completion.ok()) << completion.error().message;
  EXPECT_EQ(completion->kind, kCompletion);
  EXPECT_TRUE(completion->revoked_at.has_value());
  EXPECT_EQ(completion->project_title, "LLM 논문 읽기");
  auto attendance = service_->certificate(mentee_, "CERT-202705-BBBBBBBB");
  ASSERT_TRUE(attendance.ok()) << attendance.error().message;
  EXPECT_EQ(attendance->kind, kAttendance);
  EXPECT_EQ(attendance->event_id, std::optional<std::int64_t>(41));
  EXPECT_EQ(attendance->event_title, "PseudoCon 2027");
  EXPECT_FALSE(attendance->program_id.has_value());
  EXPECT_EQ(service_->certificate(mentee_, "CERT-202705-AAAAAAAA")->replaced_by,
            std::optional<std::string>("CERT-202705-BBBBBBBB"));
  EXPECT_TRUE(service_->pdf(mentee_, "CERT-202705-BBBBBBBB").ok());

  // Each kind names exactly what it certifies.
  const std::string insert_sql =
      "INSERT INTO certificates (number, community_id, kind, cohort_id, project_id, event_id, "
      "program_id, user_id, role, language, content, issued_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ko', '{}', ?)";
  const auto attempt = [&](const std::string& number, const std::string& kind, db::Value event_id,
                           db::Value program_id, std::int64_t user_id, const std::string& role) {
    return try_execute(insert_sql,
                       {number, community_id_, kind, db::Value{}, db::Value{}, std::move(event_id),
                        std::move(program_id), user_id, role, kNow});
  };
  const std::string spare = "CERT-202705-CCCCCCCC";
  EXPECT_FALSE(attempt(spare, "mentoring", {}, {}, mentor_.user_id(), "mentor").ok());
  EXPECT_FALSE(attempt(spare, "mentoring", std::int64_t{41}, kProgram, mentor_.user_id(), "mentor")
                   .ok());  // an event as well
  EXPECT_FALSE(
      attempt(spare, "mentoring", {}, kProgram, mentor_.user_id(), "attendee").ok());  // no role
  EXPECT_FALSE(attempt(spare, "attendance", std::int64_t{42}, kProgram, mentor_.user_id(),
                       "attendee")
                   .ok());  // attendance names no program
  EXPECT_FALSE(attempt(spare, "mentorship", {}, kProgram, mentor_.user_id(), "mentor").ok());
  ASSERT_TRUE(attempt(spare, "mentoring", {}, kProgram, mentor_.user_id(), "mentor").ok());
  // One valid certificate per member, program and role; another role is another.
  EXPECT_FALSE(
      attempt("CERT-202705-DDDDDDDD", "mentoring", {}, kProgram, mentor_.user_id(), "mentor").ok());
  EXPECT_TRUE(
      attempt("CERT-202705-EEEEEEEE", "mentoring", {}, kProgram, mentor_.user_id(), "mentee").ok());
  // New rows continue after the copied ids (PostgreSQL's identity was moved on).
  EXPECT_GT(count("SELECT MIN(id) FROM certificates WHERE kind = 'mentoring'"), attendance_id);
}

TEST_P(MentoringCertificatesTest, IssuesToMentorsAndMenteesOnceWithOneMailEach) {
  auto first = service_->issue_mentoring(organizer_, batch());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->people, 3);
  EXPECT_EQ(first->issued, 3);
  EXPECT_EQ(first->already, 0);
  EXPECT_EQ(mails(), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.issue_mentoring'"),
            1);
  EXPECT_EQ(only_certificate(mentor_).role, "mentor");
  EXPECT_EQ(only_certificate(mentee_).role, "mentee");

  // Running it again issues nothing and mails nobody.
  auto again = service_->issue_mentoring(organizer_, batch());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already, 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 3);
  EXPECT_EQ(mails(), 3);

  // A mentor who was also mentored in the program gets the second kind too,
  // once, even when listed twice.
  MentoringBatch both = batch();
  both.holders = {{mentor_.user_id(), "이멘토", "mentor@example.com", "ko", "mentee"},
                  {mentor_.user_id(), "이멘토", "mentor@example.com", "ko", "mentee"}};
  auto second_role = service_->issue_mentoring(organizer_, both);
  ASSERT_TRUE(second_role.ok()) << second_role.error().message;
  EXPECT_EQ(second_role->issued, 1);
  EXPECT_EQ(second_role->already, 1);
  // Another program is another certificate.
  ASSERT_EQ(service_->issue_mentoring(organizer_, batch(kProgram + 1))->issued, 3);

  auto listed = service_->program_certificates(organizer_, "pseudolab", kProgram);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 4u);
  for (const Certificate& certificate : *listed) {
    EXPECT_EQ(certificate.kind, kMentoring);
    EXPECT_EQ(certificate.program_id, std::optional<std::int64_t>(kProgram));
  }
  auto mentors_own = service_->my_mentoring(mentor_, kProgram);
  ASSERT_TRUE(mentors_own.ok());
  ASSERT_EQ(mentors_own->size(), 2u);
  EXPECT_EQ(mentors_own->front().role, "mentee");
  EXPECT_EQ(mentors_own->back().role, "mentor");
  EXPECT_TRUE(service_->my_mentoring(anonymous_, kProgram)->empty());
}

TEST_P(MentoringCertificatesTest, VerificationAndThePdfStateTheProgram) {
  ASSERT_TRUE(service_->issue_mentoring(organizer_, batch()).ok());
  const Certificate mentor = only_certificate(mentor_);
  EXPECT_EQ(mentor.kind, kMentoring);
  EXPECT_EQ(mentor.program_id, std::optional<std::int64_t>(kProgram));
  EXPECT_EQ(mentor.program_name, "2027 봄 멘토링");
  EXPECT_FALSE(mentor.event_id.has_value());
  auto verified = service_->verify(mentor.number);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->kind, kMentoring);
  EXPECT_EQ(verified->program_name, "2027 봄 멘토링");
  EXPECT_EQ(verified->role, "mentor");
  EXPECT_EQ(verified->recipient_name, "이멘토");
  // The program's days in the community's zone: its end is the midnight
  // after the last day.
  EXPECT_EQ(verified->starts_on, "2027-03-01");
  EXPECT_EQ(verified->ends_on, "2027-04-30");
  EXPECT_FALSE(verified->revoked_at);

  const auto expect_pdf_says = [&](const Viewer& who, const Certificate& certificate,
                                   std::vector<std::string> words) {
    auto pdf = service_->pdf(who, certificate.number);
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);
    const std::string text = pdf_text(*pdf);
    if (text.empty()) return;  // pdftotext (poppler-utils) is not installed
    words.push_back(certificate.number);
    words.push_back("2027-03-01");
    for (const std::string& word : words) EXPECT_NE(text.find(word), std::string::npos) << text;
  };
  expect_pdf_says(mentor_, mentor, {"멘토링 확인서", "2027 봄 멘토링", "멘토로"});
  expect_pdf_says(mentee_, only_certificate(mentee_), {"멘토링 수료증", "멘티"});
  const Certificate english = only_certificate(other_);
  EXPECT_EQ(english.language, "en");
  expect_pdf_says(other_, english, {"Certificate of Completion", "Mentoring", "Mentee"});
  // Someone else's number reads as unknown.
  EXPECT_EQ(service_->pdf(other_, mentor.number).error().http_status, 404);
}

TEST_P(MentoringCertificatesTest, RevokeAndReissueWorkAsForTheOtherKinds) {
  ASSERT_TRUE(service_->issue_mentoring(organizer_, batch()).ok());
  const Certificate mine = only_certificate(mentee_);
  EXPECT_EQ(service_->revoke(mentee_, mine.number, "mine").error().http_status, 403);
  auto revoked = service_->revoke(organizer_, mine.number, "left the program in week two");
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_TRUE(service_->verify(mine.number)->revoked_at.has_value());
  EXPECT_EQ(service_->pdf(mentee_, mine.number).error().http_status, 410);
  EXPECT_TRUE(service_->my_mentoring(mentee_, kProgram)->empty());
  // The bulk issue skips a revoked one: issuing again is explicit.
  auto again = service_->issue_mentoring(organizer_, batch());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already, 3);

  auto fresh = service_->reissue(organizer_, mine.number);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_NE(fresh->number, mine.number);
  EXPECT_EQ(fresh->kind, kMentoring);
  EXPECT_EQ(fresh->role, "mentee");
  EXPECT_EQ(fresh->program_id, std::optional<std::int64_t>(kProgram));
  EXPECT_EQ(fresh->program_name, "2027 봄 멘토링");
  EXPECT_EQ(fresh->starts_on, "2027-03-01");
  EXPECT_EQ(mails(), 4);
  EXPECT_TRUE(service_->pdf(mentee_, fresh->number).ok());
  EXPECT_EQ(service_->certificate(mentee_, mine.number)->replaced_by,
            std::optional<std::string>(fresh->number));
  EXPECT_EQ(service_->reissue(organizer_, mine.number).error().http_status, 409);
  EXPECT_EQ(service_->my_mentoring(mentee_, kProgram)->size(), 1u);
}

TEST_P(MentoringCertificatesTest, OrganizersOnlyAndTheInputIsChecked) {
  EXPECT_EQ(service_->issue_mentoring(mentor_, batch()).error().http_status, 403);
  EXPECT_EQ(service_->issue_mentoring(anonymous_, batch()).error().http_status, 401);
  EXPECT_EQ(service_->program_certificates(mentor_, "pseudolab", kProgram).error().http_status,
            403);
  EXPECT_EQ(service_->program_certificates(anonymous_, "pseudolab", kProgram).error().http_status,
            401);
  MentoringBatch unnamed = batch();
  unnamed.program_name = " ";
  EXPECT_EQ(service_->issue_mentoring(organizer_, unnamed).error().field, "program_name");
  MentoringBatch no_program = batch(0);
  EXPECT_EQ(service_->issue_mentoring(organizer_, no_program).error().field, "program");
  MentoringBatch backwards = batch();
  backwards.ends_at = backwards.starts_at - 1;
  EXPECT_EQ(service_->issue_mentoring(organizer_, backwards).error().field, "starts_at");
  MentoringBatch unknown_role = batch();
  unknown_role.holders.push_back({admin_.user_id(), "관리자", "admin@example.com", "", "coach"});
  auto refused = service_->issue_mentoring(organizer_, unknown_role);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 400);
  EXPECT_EQ(refused.error().field, "holders");
  MentoringBatch guest = batch();
  guest.holders.push_back({0, "Guest", "guest@example.com", "", "mentee"});
  EXPECT_EQ(service_->issue_mentoring(organizer_, guest).error().field, "holders");
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates"), 0);  // nothing half-done
  EXPECT_EQ(mails(), 0);
  // An unknown community is not found, before anything is checked.
  MentoringBatch elsewhere = batch();
  elsewhere.community_slug = "nowhere";
  EXPECT_EQ(service_->issue_mentoring(organizer_, elsewhere).error().http_status, 404);
}

TEST_P(MentoringCertificatesTest, TheMembersOwnListHoldsEveryKind) {
  ASSERT_TRUE(service_->issue_mentoring(organizer_, batch()).ok());
  AttendanceBatch event{.community_slug = "pseudolab",
                        .event_id = 41,
                        .event_title = "PseudoCon 2027",
                        .starts_at = kNow - 24 * 3600,
                        .ends_at = kNow - 18 * 3600,
                        .venue = "코엑스",
                        .holders = {{mentee_.user_id(), "김멘티", "mentee@example.com", "ko"}}};
  clock_.advance(60);  // issued later: listed first
  ASSERT_TRUE(service_->issue_attendance(organizer_, event).ok());
  auto mine = service_->mine(mentee_);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].kind, kAttendance);
  EXPECT_EQ((*mine)[1].kind, kMentoring);
  EXPECT_EQ((*mine)[1].program_name, "2027 봄 멘토링");
  // The API's JSON names the program.
  const boost::json::object json = certificate_json((*mine)[1], false);
  EXPECT_EQ(json.at("kind").as_string(), "mentoring");
  EXPECT_EQ(json.at("program_id").as_int64(), kProgram);
  EXPECT_EQ(json.at("program_name").as_string(), "2027 봄 멘토링");
  EXPECT_TRUE(json.at("event_id").is_null());
  EXPECT_TRUE(certificate_json((*mine)[0], false).at("program_id").is_null());
  EXPECT_EQ(
      verification_json(service_->verify((*mine)[1].number).value()).at("program_name").as_string(),
      "2027 봄 멘토링");
}

// The pages as a browser gets them: /verify/{number} for anyone and
// /certificates for the holder, in Korean and English.
TEST_P(MentoringCertificatesTest, ThePagesShowAMentoringCertificate) {
  ASSERT_TRUE(service_->issue_mentoring(organizer_, batch()).ok());
  const Certificate mentor = only_certificate(mentor_);
  auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  auto templates = web::Templates::load(MOIM_SOURCE_DIR "/web/templates", catalog.value());
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  web::PageRenderer renderer(templates.value());
  accounts::WebSession session(*accounts_, renderer, catalog.value(), false);
  http::Router router;
  add_certificate_pages(router, session, *service_);
  const auto get = [&](const std::string& path, const std::string& language,
                       const std::string& cookie) {
    http::Request request;
    request.target = request.path = path;
    request.headers = {{"accept-language", language}};
    if (!cookie.empty()) request.headers.emplace_back("cookie", cookie);
    auto match = router.match(http::Method::kGet, path);
    EXPECT_NE(match.route, nullptr) << path;
    request.path_params = match.params;
    return match.route->handler(request);
  };

  auto korean = get("/verify/" + mentor.number, "ko", "");
  EXPECT_EQ(korean.status, 200);
  for (const char* word : {"멘토링 확인서", "2027 봄 멘토링", "멘토", "2027-03-01 – 2027-04-30",
                           "」(2027-03-01 – 2027-04-30)에 멘토로 참여했어요."})
    EXPECT_NE(korean.body.find(word), std::string::npos) << word << "\n" << korean.body;
  EXPECT_EQ(korean.body.find("{{"), std::string::npos);
  auto english = get("/verify/" + only_certificate(other_).number, "en", "");
  EXPECT_EQ(english.status, 200);
  for (const char* word : {"Certificate of completion — mentoring", "Mentee",
                           "Completed the mentoring program 2027 봄 멘토링, 2027-03-01"})
    EXPECT_NE(english.body.find(word), std::string::npos) << word << "\n" << english.body;

  auto login = accounts_->log_in("mentor@example.com", "password 123", "127.0.0.1", "test");
  ASSERT_TRUE(login.ok()) << login.error().message;
  auto own = get("/certificates", "ko", std::string(accounts::kSessionCookie) + "=" + login->token);
  EXPECT_EQ(own.status, 200);
  for (const std::string& word :
       {std::string("2027 봄 멘토링"), std::string("멘토링 확인서"), mentor.number})
    EXPECT_NE(own.body.find(word), std::string::npos) << word << "\n" << own.body;
}

INSTANTIATE_TEST_SUITE_P(Drivers, MentoringCertificatesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::certificates
