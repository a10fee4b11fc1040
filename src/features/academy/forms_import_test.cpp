// Importing applications from Google Forms CSV exports, on both databases.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "features/academy/academy_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::academy {
namespace {

using accounts::Viewer;
constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kStart = 1'800'000'000;

std::vector<PhaseWindow> phases_from(std::int64_t start) {
  const std::int64_t lengths[] = {10, 10, 5, 55, 10, 300};
  std::vector<PhaseWindow> phases;
  std::int64_t at = start;
  for (std::size_t idx = 0; idx < kAllPhases.size(); ++idx) {
    phases.push_back({kAllPhases[idx], at, at + lengths[idx] * kDay});
    at += lengths[idx] * kDay;
  }
  return phases;
}

ProjectInput study(const std::string& title) {
  ProjectInput input;
  input.title = title;
  input.summary = "함께 읽어요";
  input.description = "매주 한 편";
  input.kind = "paper_reading";
  input.level = "intermediate";
  input.language = "ko";
  input.mode = "online";
  input.weekday = 2;
  input.start_time = "20:00";
  input.duration_minutes = 90;
  // Within the running phase of phases_from(kStart): 2027-02-09 to 2027-04-05.
  input.starts_on = "2027-02-10";
  input.ends_on = "2027-04-04";
  input.min_runners = 1;
  input.max_runners = 50;
  input.questions = std::vector<std::string>{"왜 이 프로젝트인가요?"};
  return input;
}

const char* kHeader = "타임스탬프,이메일 주소,이름,1지망,2지망,3지망,자기소개를 해주세요\n";

class FormsImportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<AcademyService>(test_db_->database(), clock_, *communities_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "빌더", false);
    member_ = viewer("member@example.com", "김러너", false);
    other_ = viewer("other@example.com", "이러너", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &builder_, &member_, &other_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    CohortInput input{.key = std::string("10"), .name = std::string("10기")};
    input.phases = phases_from(kStart);
    input.questions = std::vector<std::string>{"자기소개를 해주세요"};
    input.max_choices = 2;
    ASSERT_TRUE(service_->create_cohort(organizer_, "pseudolab", input).ok());
    llm_ = approve("LLM 논문 읽기");
    rl_ = approve("강화학습 스터디");
    cv_ = approve("Vision Transformers");
    clock_.advance(10 * kDay);  // recruiting
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t approve(const std::string& title) {
    auto proposed =
        service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, study(title));
    EXPECT_TRUE(proposed.ok()) << proposed.error().message;
    auto done =
        service_->review_project(organizer_, "pseudolab", proposed->id, Decision::kApprove, "");
    EXPECT_TRUE(done.ok()) << done.error().message;
    return done->id;
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  Result<ImportPreview> run(const std::string& csv, bool dry_run, bool skip = false,
                            const Viewer* who = nullptr) {
    ImportRequest request;
    request.csv = csv;
    request.dry_run = dry_run;
    request.skip_errors = skip;
    return service_->import_applications(who ? *who : organizer_, "pseudolab", "10", request);
  }

  moim::testing::FakeClock clock_{kStart + 3600};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<AcademyService> service_;
  Viewer admin_, organizer_, builder_, member_, other_, stranger_;
  std::int64_t llm_ = 0, rl_ = 0, cv_ = 0;
};

TEST(FormsImportGuess, MapsKoreanAndEnglishHeaders) {
  auto korean = guess_mapping({"타임스탬프", "이메일 주소", "이름", "1지망", "2지망", "3지망",
                               "자기소개를 해주세요 (200자 이내)"},
                              {"자기소개를 해주세요"}, 3);
  EXPECT_EQ(korean.email, 1);
  EXPECT_EQ(korean.name, 2);
  EXPECT_EQ(korean.choices, (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(korean.answers, (std::vector<int>{6}));
  auto english =
      guess_mapping({"Timestamp", "Email Address", "Name", "1st choice", "2nd choice", "Why ML?"},
                    {"Why ML?", "Anything else?"}, 2);
  EXPECT_EQ(english.email, 1);
  EXPECT_EQ(english.name, 2);
  EXPECT_EQ(english.choices, (std::vector<int>{3, 4}));
  EXPECT_EQ(english.answers, (std::vector<int>{5, -1}));
}

TEST_P(FormsImportTest, OnlyOrganizersImport) {
  const std::string csv = std::string(kHeader) + "t,member@example.com,김,LLM 논문 읽기,,,안녕\n";
  EXPECT_EQ(run(csv, true, false, &member_).error().http_status, 403);
  EXPECT_EQ(run(csv, true, false, &builder_).error().http_status, 403);
  EXPECT_EQ(run(csv, true, false, &stranger_).error().http_status, 403);
  Viewer anonymous;
  EXPECT_EQ(run(csv, true, false, &anonymous).error().http_status, 401);
  EXPECT_TRUE(run(csv, true, false, &admin_).ok());
}

TEST_P(FormsImportTest, PreviewsRowErrorsAndWritesNothingUntilResolved) {
  const std::string csv =
      std::string("\xEF\xBB\xBF") + kHeader +
      "t1,member@example.com,김,LLM 논문 읽기,강화학습 스터디,,\"여러 줄\n"
      "자기소개, 쉼표 포함\"\n"
      "t2,nobody@example.com,누구,LLM 논문 읽기,,,안녕\n"
      "t3,other@example.com,이,없는 프로젝트,LLM 논문 읽기,,안녕\n"
      "t4,other@example.com,이,LLM 논문 읽기,llm 논문 읽기,,안녕\n"
      "t5,OTHER@example.com,이,LLM 논문 읽기,Vision Transformers,강화학습 스터디,안녕\n"
      "t6,builder@example.com,빌더,LLM 논문 읽기,,,안녕\n"
      "t7,organizer@example.com,운영,Vision Transformers,,,\n";
  auto preview = run(csv, true);
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  ASSERT_EQ(preview->rows.size(), 7u);
  const auto& rows = preview->rows;
  EXPECT_TRUE(rows[0].errors.empty());
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].answers[0], "여러 줄\n자기소개, 쉼표 포함");
  EXPECT_EQ(rows[0].project_ids, (std::vector<std::int64_t>{llm_, rl_}));
  EXPECT_EQ(rows[1].line, 4);
  ASSERT_FALSE(rows[1].errors.empty());
  EXPECT_NE(rows[1].errors[0].find("no member"), std::string::npos);
  auto has = [](const ImportRow& row, const std::string& part) {
    for (const auto& error : row.errors)
      if (error.find(part) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has(rows[2], "없는 프로젝트"));
  EXPECT_TRUE(has(rows[2], "later row"));  // same email as t4/t5
  EXPECT_TRUE(has(rows[3], "twice"));
  EXPECT_TRUE(has(rows[4], "at most 2"));
  EXPECT_FALSE(has(rows[4], "later row"));
  EXPECT_TRUE(has(rows[5], "builds"));
  EXPECT_TRUE(has(rows[6], "unanswered"));
  EXPECT_EQ(preview->valid, 1);
  EXPECT_EQ(preview->invalid, 6);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 0);

  auto refused = run(csv, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 409);
  EXPECT_EQ(refused.error().field, "rows");
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.applications_imported'"),
            0);

  auto imported = run(csv, false, true);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_TRUE(imported->imported);
  EXPECT_EQ(imported->imported_count, 1);
  auto mine = service_->my_application(member_, "pseudolab", Scope{"10", std::nullopt});
  ASSERT_TRUE(mine.ok() && mine->has_value());
  const Application& application = **mine;
  EXPECT_EQ(application.status, "submitted");
  EXPECT_EQ(application.answers, (std::vector<std::string>{"여러 줄\n자기소개, 쉼표 포함"}));
  ASSERT_EQ(application.choices.size(), 2u);
  EXPECT_EQ(application.choices[0].project_id, llm_);
  EXPECT_EQ(application.choices[1].project_id, rl_);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.applications_imported'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 6);  // no account was created

  // Importing again finds the application already there.
  auto again = run(csv, true);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->rows[0].errors.at(0).find("already has an application"), std::string::npos);
}

TEST_P(FormsImportTest, RefusesBadFilesAndMappingsByField) {
  auto cp949 = run("\xC0\xCC\xB8\xA7,email\n", true);
  EXPECT_EQ(cp949.error().field, "file");
  EXPECT_NE(cp949.error().message.find("CP949"), std::string::npos);
  auto no_email = run("이름,1지망\n김,LLM 논문 읽기\n", true);
  EXPECT_EQ(no_email.error().field, "mapping.email");
  auto no_choices = run("이메일,이름\nmember@example.com,김\n", true);
  EXPECT_EQ(no_choices.error().field, "mapping.choices");
  ImportRequest request;
  request.csv = std::string(kHeader);
  request.mapping = ImportMapping{.email = 1, .name = 2, .choices = {3, 99}, .answers = {6}};
  EXPECT_EQ(service_->import_applications(organizer_, "pseudolab", "10", request).error().field,
            "mapping.choices");
  request.mapping = ImportMapping{.email = 1, .name = 2, .choices = {3}, .answers = {}};
  EXPECT_EQ(service_->import_applications(organizer_, "pseudolab", "10", request).error().field,
            "mapping.answers");
  auto empty = run(std::string(kHeader), false);
  EXPECT_EQ(empty.error().field, "file");
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 0);
}

TEST_P(FormsImportTest, ImportsOnlyDuringRecruitingOrSelection) {
  const std::string csv = std::string(kHeader) + "t,member@example.com,김,LLM 논문 읽기,,,안녕\n";
  clock_.advance(20 * kDay);  // running
  EXPECT_EQ(run(csv, true).error().field, "phase");
}

// 10,000 members in one file: one transaction; the time is printed, not asserted.
TEST_P(FormsImportTest, TenThousandRowsImportInOneTransaction) {
  const int kRows = 10000;
  {
    auto writer = test_db_->database().write();
    ASSERT_TRUE(writer.ok());
    auto community = writer->query_one("SELECT id FROM communities WHERE slug = 'pseudolab'");
    const std::int64_t community_id = (*community)->int64(0);
    for (int idx = 0; idx < kRows; ++idx) {
      const std::string email = "bulk" + std::to_string(idx) + "@example.com";
      auto user = writer->query_one(
          "INSERT INTO users (email, display_name, password_hash, created_at, updated_at) VALUES "
          "(?, ?, 'x', ?, ?) RETURNING id",
          {email, "러너" + std::to_string(idx), clock_.now_seconds(), clock_.now_seconds()});
      ASSERT_TRUE(user.ok()) << user.error().message;
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO memberships (community_id, user_id, stage, joined_at) "
                                "VALUES (?, ?, 'participant', ?)",
                                {community_id, (*user)->int64(0), clock_.now_seconds()})
                      .ok());
    }
    ASSERT_TRUE(writer->commit().ok());
  }
  std::string csv = kHeader;
  for (int idx = 0; idx < kRows; ++idx) {
    csv += "2026/02/01 10:00:00,bulk" + std::to_string(idx) +
           "@example.com,러너,LLM 논문 읽기,Vision Transformers,,\"안녕하세요,\n반갑습니다\"\n";
  }
  const auto started = std::chrono::steady_clock::now();
  auto imported = run(csv, false);
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  std::printf("[ measure ] %s: %d rows (%zu bytes) imported in %.2f s\n", GetParam().c_str(), kRows,
              csv.size(), elapsed.count());
  EXPECT_EQ(imported->imported_count, kRows);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), kRows);
  EXPECT_EQ(count("SELECT COUNT(*) FROM application_choices"), 2 * kRows);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.applications_imported'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, FormsImportTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::academy
