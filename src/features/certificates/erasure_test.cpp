// A holder's account is erased (issue #16): their certificates stay genuine
// at /verify with every fact, without the name; a verifier can check the
// name printed on the PDF (match / no match), slowly, and only with the
// server's key.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "features/accounts/web_session.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/certificates/holder_name.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/certificates/routes.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"
#include "platform/web/respond.hpp"

namespace moim::certificates {
namespace {

using accounts::Viewer;
constexpr std::int64_t kNow = 1'809'302'400;  // 2027-05-03 00:00 UTC
const std::string kKey(32, 'A');
const std::string kOtherKey(32, 'B');

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

class CertificateErasureTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = service(kKey);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    holder_ = viewer("holder@example.com", "Jane Doe", false);
    builder_ = viewer("builder@example.com", "이빌더", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &holder_, &builder_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    const std::int64_t community_id = communities_->find("pseudolab")->id;
    const std::int64_t cohort_id = insert(
        "INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) "
        "VALUES (?, '6', '6기', ?, ?) RETURNING id",
        {community_id, kNow, kNow});
    const std::int64_t project_id = insert(
        "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
        "min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, 'LLM 논문 읽기', "
        "'paper_reading', 'intermediate', 'ko', 'online', 2, '20:00', 90, 'Asia/Seoul', "
        "'2027-03-01', '2027-04-30', 1, 10, 'approved', ?, ?) RETURNING id",
        {community_id, cohort_id, kNow, kNow});
    for (const auto& [who, role] :
         {std::pair{&holder_, "runner"}, std::pair{&builder_, "builder"}}) {
      execute(
          "INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, "
          "outcome, updated_at) VALUES (?, ?, ?, ?, 'completed', 'completed', ?)",
          {cohort_id, project_id, who->user_id(), std::string(role), kNow});
    }
    execute("INSERT INTO cohort_closures (cohort_id, closed_by, closed_at) VALUES (?, ?, ?)",
            {cohort_id, organizer_.user_id(), kNow});
    // A template whose body names the holder: the name is in the words too.
    TemplateInput words;
    words.body_ko = "{name} 님은 {project}를 마쳤어요.";
    words.body_en = "{name} has completed {project}.";
    ASSERT_TRUE(service_->update_template(organizer_, "pseudolab", words).ok());
    ASSERT_EQ(service_->issue_cohort(organizer_, "pseudolab", "6")->issued, 2);
    AttendanceBatch attendance{
        .community_slug = "pseudolab",
        .event_id = 41,
        .event_title = "PseudoCon 2027",
        .starts_at = kNow - 24 * 3600,
        .ends_at = kNow - 18 * 3600,
        .venue = "코엑스",
        .holders = {{holder_.user_id(), "Jane Doe", "holder@example.com", "en"}}};
    ASSERT_EQ(service_->issue_attendance(organizer_, attendance)->issued, 1);
    MentoringBatch mentoring{
        .community_slug = "pseudolab",
        .program_id = 7,
        .program_name = "2027 봄 멘토링",
        .starts_at = kNow - 60 * 86400,
        .ends_at = kNow - 86400,
        .holders = {{holder_.user_id(), "Jane Doe", "holder@example.com", "ko", "mentee"}}};
    ASSERT_EQ(service_->issue_mentoring(organizer_, mentoring)->issued, 1);
    auto mine = service_->mine(holder_);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 3u);
    for (const auto& certificate : *mine) numbers_[certificate.kind] = certificate.number;
    // A revoked one, with a reason that names the holder.
    ASSERT_TRUE(
        service_->revoke(organizer_, numbers_[kAttendance], "Jane Doe asked us to correct the date")
            .ok());
    builder_number_ = service_->mine(builder_)->front().number;
  }

  std::unique_ptr<CertificatesService> service(std::string key) {
    return std::make_unique<CertificatesService>(test_db_->database(), clock_, *communities_,
                                                 "https://moim.example/", std::move(key));
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
  web::ErasureReport erase(const Viewer& who, const std::string& name, const std::string& key) {
    web::ErasureReport report;
    auto writer = test_db_->database().write();
    EXPECT_TRUE(writer.ok());
    auto done = erase_personal(*writer,
                               {.user_id = who.user_id(),
                                .now = clock_.now_seconds(),
                                .email = who.user->email,
                                .display_name = name,
                                .name_key = key},
                               report);
    EXPECT_TRUE(done.ok()) << done.error().message;
    EXPECT_TRUE(writer->commit().ok());
    return report;
  }
  // Every text column of the holder's certificate rows, one string a cell.
  std::vector<std::string> text_cells(const Viewer& who) {
    auto reader = test_db_->database().read();
    auto rows = reader->query(
        "SELECT number, kind, role, language, content, COALESCE(logo_digest, ''), "
        "revoke_reason, COALESCE(holder_name_hash, ''), COALESCE(holder_name_salt, '') "
        "FROM certificates WHERE user_id = ?",
        {who.user_id()});
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> cells;
    for (const auto& row : *rows)
      for (std::size_t column = 0; column < 9; ++column) cells.push_back(row.text(column));
    return cells;
  }

  moim::testing::FakeClock clock_{kNow};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<CertificatesService> service_;
  Viewer admin_, organizer_, holder_, builder_;
  std::map<std::string, std::string> numbers_;  // the holder's, by kind
  std::string builder_number_;
};

TEST_P(CertificateErasureTest, ErasedCertificatesStayGenuineWithEveryFactButTheName) {
  auto before = service_->verify(numbers_[kCompletion]);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->recipient_name, "Jane Doe");
  EXPECT_FALSE(before->name_erased);
  bool named = false;
  for (const auto& cell : text_cells(holder_)) named |= cell.find("Jane Doe") != std::string::npos;
  EXPECT_TRUE(named);  // in the content and the reason, before

  clock_.advance(60);
  auto report = erase(holder_, "Jane Doe", kKey);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].table, "certificates");
  EXPECT_EQ(report[0].action, "anonymised");
  EXPECT_EQ(report[0].rows, 3);

  for (const auto& cell : text_cells(holder_)) {
    EXPECT_EQ(lower(cell).find("jane"), std::string::npos) << cell;
    EXPECT_EQ(lower(cell).find("doe"), std::string::npos) << cell;
  }

  auto completion = service_->verify(numbers_[kCompletion]);
  ASSERT_TRUE(completion.ok()) << completion.error().message;
  EXPECT_TRUE(completion->name_erased);
  EXPECT_EQ(completion->recipient_name, "");
  EXPECT_EQ(completion->community_name, "가짜연구소");
  EXPECT_EQ(completion->cohort_name, "6기");
  EXPECT_EQ(completion->project_title, "LLM 논문 읽기");
  EXPECT_EQ(completion->role, "runner");
  EXPECT_EQ(completion->starts_on, "2027-03-01");
  EXPECT_EQ(completion->ends_on, "2027-04-30");
  EXPECT_EQ(completion->issued_at, before->issued_at);
  EXPECT_FALSE(completion->revoked_at);

  // The revoked one stays revoked, with its date.
  auto attendance = service_->verify(numbers_[kAttendance]);
  ASSERT_TRUE(attendance.ok());
  EXPECT_TRUE(attendance->name_erased);
  EXPECT_TRUE(attendance->revoked_at);
  EXPECT_EQ(attendance->event_title, "PseudoCon 2027");
  EXPECT_EQ(attendance->venue, "코엑스");
  auto mentoring = service_->verify(numbers_[kMentoring]);
  ASSERT_TRUE(mentoring.ok());
  EXPECT_TRUE(mentoring->name_erased);
  EXPECT_EQ(mentoring->program_name, "2027 봄 멘토링");
  EXPECT_EQ(mentoring->role, "mentee");

  // The organizers see the erased-member label; nobody gets a PDF or a re-issue.
  auto listed = service_->cohort_certificates(organizer_, "pseudolab", "6");
  ASSERT_TRUE(listed.ok());
  for (const auto& certificate : listed->certificates) {
    if (certificate.user_id == holder_.user_id()) {
      EXPECT_EQ(certificate.recipient_name, web::kErasedName);
      EXPECT_TRUE(certificate.name_erased_at);
    } else {
      EXPECT_EQ(certificate.recipient_name, "이빌더");  // others keep theirs
    }
  }
  auto pdf = service_->pdf(organizer_, numbers_[kCompletion]);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().http_status, 410);
  EXPECT_EQ(pdf.error().code, "name_erased");
  auto reissued = service_->reissue(organizer_, numbers_[kAttendance]);
  ASSERT_FALSE(reissued.ok());
  EXPECT_EQ(reissued.error().http_status, 409);
  EXPECT_EQ(reissued.error().field, "number");

  // Once is enough: a second run finds nothing left to erase.
  EXPECT_TRUE(erase(holder_, "Jane Doe", kKey).empty());
  auto builder = service_->verify(builder_number_);
  EXPECT_EQ(builder->recipient_name, "이빌더");
  EXPECT_FALSE(builder->name_erased);
}

TEST_P(CertificateErasureTest, TheNameOnThePdfMatchesAndOthersDoNot) {
  erase(holder_, "Jane Doe", kKey);
  erase(builder_, "이빌더", kKey);
  const std::string& number = numbers_[kCompletion];
  EXPECT_TRUE(service_->check_holder_name(number, "Jane Doe", "192.0.2.1").value());
  EXPECT_TRUE(service_->check_holder_name(number, "  jane \t DOE ", "192.0.2.1").value());
  EXPECT_FALSE(service_->check_holder_name(number, "John Doe", "192.0.2.1").value());
  EXPECT_FALSE(service_->check_holder_name(number, "JaneDoe", "192.0.2.1").value());
  // Any spelling of the number, as /verify takes it.
  EXPECT_TRUE(service_->check_holder_name(lower(number), "jane doe", "192.0.2.1").value());
  EXPECT_TRUE(service_->check_holder_name(numbers_[kAttendance], "Jane Doe", "192.0.2.1").value());
  EXPECT_TRUE(service_->check_holder_name(builder_number_, "이빌더", "192.0.2.1").value());
  EXPECT_TRUE(service_->check_holder_name(builder_number_, "\u3000이빌더 ", "192.0.2.1").value());
  EXPECT_FALSE(service_->check_holder_name(builder_number_, "김빌더", "192.0.2.1").value());
}

TEST_P(CertificateErasureTest, OnlyTheServersKeyChecksTheName) {
  erase(holder_, "Jane Doe", kKey);
  const std::string& number = numbers_[kCompletion];
  EXPECT_FALSE(service(kOtherKey)->check_holder_name(number, "Jane Doe", "192.0.2.1").value());
  EXPECT_FALSE(service("")->check_holder_name(number, "Jane Doe", "192.0.2.2").value());
  EXPECT_TRUE(service(kKey)->check_holder_name(number, "Jane Doe", "192.0.2.3").value());
  // Erased while the server had no key: salted only, and still checked once
  // a key is configured.
  erase(builder_, "이빌더", "");
  EXPECT_TRUE(service("")->check_holder_name(builder_number_, "이빌더", "192.0.2.4").value());
  EXPECT_TRUE(service(kKey)->check_holder_name(builder_number_, "이빌더", "192.0.2.4").value());
  EXPECT_FALSE(service(kKey)->check_holder_name(builder_number_, "이빌더2", "192.0.2.4").value());
  // A key that is not 32 bytes is a bug, not a silent weaker hash.
  web::ErasureReport report;
  auto writer = test_db_->database().write();
  auto refused = erase_personal(
      *writer, {.user_id = holder_.user_id(), .now = kNow, .name_key = "short"}, report);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 500);
}

TEST_P(CertificateErasureTest, GuessingIsSlowPerCertificateAndPerAddress) {
  erase(holder_, "Jane Doe", kKey);
  erase(builder_, "이빌더", kKey);
  const std::string& number = numbers_[kCompletion];
  // From many addresses together: ten tries of one certificate an hour.
  for (int attempt = 0; attempt < kNameChecksPerCertificatePerHour; ++attempt) {
    auto answer = service_->check_holder_name(number, "Guess " + std::to_string(attempt),
                                              "198.51.100." + std::to_string(attempt));
    ASSERT_TRUE(answer.ok()) << attempt << ": " << answer.error().message;
    EXPECT_FALSE(answer.value());
  }
  auto refused = service_->check_holder_name(number, "Jane Doe", "203.0.113.9");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 429);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  // Other certificates are not held up by it.
  EXPECT_TRUE(service_->check_holder_name(numbers_[kMentoring], "Jane Doe", "203.0.113.9").value());
  clock_.advance(3601);
  EXPECT_TRUE(service_->check_holder_name(number, "Jane Doe", "203.0.113.9").value());

  // One address: thirty tries an hour over every certificate.
  clock_.advance(3601);
  int tries = 0;
  for (const std::string& each :
       {numbers_[kCompletion], numbers_[kAttendance], numbers_[kMentoring]}) {
    for (int attempt = 0; attempt < kNameChecksPerCertificatePerHour; ++attempt, ++tries)
      ASSERT_TRUE(service_->check_holder_name(each, "Guess", "192.0.2.50").ok()) << tries;
  }
  ASSERT_EQ(tries, kNameChecksPerClientPerHour);
  auto address_refused = service_->check_holder_name(builder_number_, "이빌더", "192.0.2.50");
  ASSERT_FALSE(address_refused.ok());
  EXPECT_EQ(address_refused.error().http_status, 429);
  EXPECT_TRUE(service_->check_holder_name(builder_number_, "이빌더", "192.0.2.51").value());
}

TEST_P(CertificateErasureTest, BadChecksAreRefusedNamingTheField) {
  // Not erased: the page shows the name, nothing to check.
  auto shown = service_->check_holder_name(builder_number_, "이빌더", "192.0.2.1");
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().http_status, 409);
  EXPECT_EQ(shown.error().field, "number");
  erase(holder_, "Jane Doe", kKey);
  const std::string& number = numbers_[kCompletion];
  for (const std::string& bad :
       {std::string(), std::string("   "), std::string(kMaxHolderNameChars + 1, 'x')}) {
    auto refused = service_->check_holder_name(number, bad, "192.0.2.1");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().http_status, 400);
    EXPECT_EQ(refused.error().field, "name");
  }
  EXPECT_TRUE(
      service_->check_holder_name(number, std::string(kMaxHolderNameChars, 'x'), "192.0.2.1").ok());
  for (const std::string& unknown : {std::string("CERT-202601-ZZZZZZZZ"), std::string("nope")}) {
    auto missing = service_->check_holder_name(unknown, "Jane Doe", "192.0.2.1");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().http_status, 404);
  }
}

// The /verify page and the API, through the room's routes: the page says the
// certificate is genuine, that the name was erased, and offers the check
// (an anonymous form with the double-submit token); the answer comes back
// on the page, in both languages; the API answers {"matches": bool}.
TEST_P(CertificateErasureTest, TheVerifyPageAndTheApiCheckTheName) {
  erase(holder_, "Jane Doe", kKey);
  auto catalog = web::Catalog::load(MOIM_SOURCE_DIR "/web/i18n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  auto templates = web::Templates::load(MOIM_SOURCE_DIR "/web/templates", catalog.value());
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  web::PageRenderer renderer(templates.value());
  accounts::WebSession session(*accounts_, renderer, catalog.value(), false);
  http::Router router;
  add_certificate_pages(router, session, *service_);
  add_certificate_api(router, session, *service_);
  const auto send = [&](http::Method method, const std::string& path, const std::string& language,
                        const std::string& cookie, const std::string& content_type,
                        const std::string& body) {
    http::Request request;
    request.method = method;
    request.target = request.path = path;
    request.remote_ip = "192.0.2.7";
    request.headers = {{"accept-language", language}};
    if (!cookie.empty()) request.headers.emplace_back("cookie", cookie);
    if (!content_type.empty()) request.headers.emplace_back("content-type", content_type);
    request.body = body;
    auto match = router.match(method, path);
    EXPECT_NE(match.route, nullptr) << path;
    request.path_params = match.params;
    return match.route->handler(request);
  };
  const std::string number = numbers_[kCompletion];

  auto page = send(http::Method::kGet, "/verify/" + number, "en", "", "", "");
  ASSERT_EQ(page.status, 200);
  for (const char* word :
       {"data-testid=\"verify-name-erased\"", "LLM 논문 읽기", "6기",
        "name was erased at their request", "Check the holder&apos;s name", "action=\"/verify/"})
    EXPECT_NE(page.body.find(word), std::string::npos) << word << "\n" << page.body;
  EXPECT_EQ(lower(page.body).find("jane"), std::string::npos);
  EXPECT_EQ(page.body.find("data-testid=\"verify-name\""), std::string::npos);
  EXPECT_EQ(page.body.find("{{"), std::string::npos);
  // The anonymous visitor's form token, sent back as cookie and field.
  std::string token;
  for (const auto& [name, value] : page.headers)
    if (name == "Set-Cookie" && value.starts_with(std::string(accounts::kCsrfCookie) + "="))
      token = value.substr(accounts::kCsrfCookie.size() + 1,
                           value.find(';') - accounts::kCsrfCookie.size() - 1);
  ASSERT_FALSE(token.empty());
  const std::string cookie = std::string(accounts::kCsrfCookie) + "=" + token;
  const std::string form = "application/x-www-form-urlencoded";
  const std::string path = "/verify/" + number + "/name";

  auto forged = send(http::Method::kPost, path, "en", cookie, form, "name=Jane+Doe");
  EXPECT_EQ(forged.status, 403);
  auto matches = send(http::Method::kPost, path, "en", cookie, form,
                      "_csrf=" + token + "&name=%20jane%20%20doe");
  ASSERT_EQ(matches.status, 200);
  EXPECT_NE(matches.body.find("Matches: this certificate was issued"), std::string::npos)
      << matches.body;
  auto differs =
      send(http::Method::kPost, path, "ko", cookie, form, "_csrf=" + token + "&name=John");
  ASSERT_EQ(differs.status, 200);
  EXPECT_NE(differs.body.find("일치하지 않아요"), std::string::npos) << differs.body;
  auto empty = send(http::Method::kPost, path, "en", cookie, form, "_csrf=" + token + "&name=");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("data-testid=\"name-check-error\""), std::string::npos);
  auto not_erased = send(http::Method::kPost, "/verify/" + builder_number_ + "/name", "en", cookie,
                         form, "_csrf=" + token + "&name=x");
  EXPECT_EQ(not_erased.status, 409);
  EXPECT_NE(not_erased.body.find("still shows its holder&apos;s name"), std::string::npos)
      << not_erased.body;
  EXPECT_EQ(send(http::Method::kPost, "/verify/CERT-202601-ZZZZZZZZ/name", "en", cookie, form,
                 "_csrf=" + token + "&name=x")
                .status,
            404);

  const std::string json = "application/json";
  const std::string api = "/api/v1/verify/" + number + "/name";
  auto yes = send(http::Method::kPost, api, "en", "", json, R"({"name":"JANE DOE"})");
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(yes.body, R"({"matches":true})");
  auto no = send(http::Method::kPost, api, "en", "", json, R"({"name":"Jane Roe"})");
  EXPECT_EQ(no.body, R"({"matches":false})");
  auto missing = send(http::Method::kPost, api, "en", "", json, "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("\"field\":\"name\""), std::string::npos) << missing.body;
  auto too_long = send(http::Method::kPost, api, "en", "", json,
                       R"({"name":")" + std::string(kMaxHolderNameChars + 1, 'x') + R"("})");
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(send(http::Method::kPost, api, "en", "", "text/plain", R"({"name":"x"})").status, 415);
  auto verified = send(http::Method::kGet, "/api/v1/verify/" + number, "en", "", "", "");
  ASSERT_EQ(verified.status, 200);
  EXPECT_NE(verified.body.find("\"name_erased\":true"), std::string::npos) << verified.body;
  EXPECT_NE(verified.body.find("\"recipient_name\":\"\""), std::string::npos);
  // Four tries of this certificate so far (two on the page, two here):
  // six more, and the eleventh waits.
  for (int attempt = 0; attempt < 6; ++attempt)
    EXPECT_EQ(send(http::Method::kPost, api, "en", "", json, R"({"name":"Guess"})").status, 200);
  auto limited = send(http::Method::kPost, api, "en", "", json, R"({"name":"Jane Doe"})");
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_TRUE(limited.header("Retry-After").has_value());
  auto limited_page =
      send(http::Method::kPost, path, "en", cookie, form, "_csrf=" + token + "&name=Jane+Doe");
  EXPECT_EQ(limited_page.status, 429);
  EXPECT_TRUE(limited_page.header("Retry-After").has_value());
  EXPECT_NE(limited_page.body.find("data-testid=\"name-check-error\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CertificateErasureTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

TEST(HolderName, IsComparedTrimmedWithOneSpaceAndAsciiLowerCase) {
  EXPECT_EQ(normalised_holder_name("  Jane \t\n DOE  "), "jane doe");
  EXPECT_EQ(normalised_holder_name("\u3000홍\u00a0길동\u3000"), "홍 길동");
  EXPECT_EQ(normalised_holder_name("ÉLODIE"), "Élodie");  // ASCII only: no Unicode folding
  EXPECT_EQ(normalised_holder_name(""), "");
  EXPECT_EQ(normalised_holder_name(" \t "), "");
}

TEST(HolderName, EachHashIsSaltedAndKeyed) {
  crypto::initialise();
  const HolderNameHash first = hash_holder_name("Jane Doe", kKey);
  const HolderNameHash second = hash_holder_name("Jane Doe", kKey);
  EXPECT_NE(first.salt_hex, second.salt_hex);
  EXPECT_NE(first.hash_hex, second.hash_hex);  // no two rows alike
  EXPECT_EQ(first.hash_hex.size(), 64u);
  EXPECT_EQ(first.salt_hex.size(), 32u);
  EXPECT_TRUE(holder_name_matches("jane  doe", first, kKey));
  EXPECT_FALSE(holder_name_matches("jane  doe", first, kOtherKey));
  EXPECT_FALSE(holder_name_matches("jane", first, kKey));
  EXPECT_FALSE(holder_name_matches("Jane Doe", {"zz", first.salt_hex}, kKey));
  EXPECT_FALSE(holder_name_matches("Jane Doe", {first.hash_hex, "not hex"}, kKey));
}

}  // namespace
}  // namespace moim::certificates
