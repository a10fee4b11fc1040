#include "features/academy/academy_service.hpp"

#include <gtest/gtest.h>

#include <map>

#include "features/academy/testing/academy_fixture.hpp"

namespace moim::academy {
namespace {

using accounts::Viewer;
using testing::kDay;
using testing::kStart;
using testing::phases_from;
using testing::study;

class AcademyServiceTest : public testing::AcademyFixture {};

TEST_P(AcademyServiceTest, OnlyOrganizersCreateCohortsWithOrderedPhases) {
  CohortInput input{.key = std::string("10"), .name = std::string("10기")};
  input.phases = phases_from(kStart);
  EXPECT_EQ(service_->create_cohort(member_, "pseudolab", input).error().http_status, 403);
  EXPECT_EQ(service_->create_cohort(stranger_, "pseudolab", input).error().http_status, 403);
  EXPECT_EQ(service_->create_cohort(Viewer{}, "pseudolab", input).error().http_status, 401);

  auto overlapping = input;
  (*overlapping.phases)[1].starts_at = (*overlapping.phases)[0].ends_at - 1;
  EXPECT_EQ(service_->create_cohort(organizer_, "pseudolab", overlapping).error().field,
            "phases.recruiting");
  auto backwards = input;
  (*backwards.phases)[3].ends_at = (*backwards.phases)[3].starts_at;
  EXPECT_EQ(service_->create_cohort(organizer_, "pseudolab", backwards).error().field,
            "phases.running");
  auto bad_key = input;
  bad_key.key = "10기";
  EXPECT_EQ(service_->create_cohort(organizer_, "pseudolab", bad_key).error().field, "key");
  auto too_many = input;
  too_many.max_choices = 11;
  EXPECT_EQ(service_->create_cohort(organizer_, "pseudolab", too_many).error().field,
            "max_choices");
  EXPECT_EQ(count("SELECT COUNT(*) FROM cohorts"), 0);

  auto created = service_->create_cohort(organizer_, "pseudolab", input);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->max_choices, 3);
  EXPECT_TRUE(created->auditing_open);
  EXPECT_EQ(created->completion.min_attendance_percent, 80);
  EXPECT_EQ(created->current_phase(clock_.now_seconds()), Phase::kProposals);
  EXPECT_EQ(service_->create_cohort(organizer_, "pseudolab", input).error().http_status, 409);

  auto edited = service_->update_cohort(
      organizer_, "pseudolab", "10",
      {.max_choices = 5, .questions = std::vector<std::string>{"Q1", "Q2"}});
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->max_choices, 5);
  EXPECT_EQ(edited->questions.size(), 2u);
  EXPECT_EQ(
      service_->update_cohort(member_, "pseudolab", "10", {.max_choices = 1}).error().http_status,
      403);
}

TEST_P(AcademyServiceTest, ADeclinedProposalIsMailedToItsLeadInTheirLanguage) {
  make_cohort();
  // The lead reads English; the community's default is Korean.
  ASSERT_TRUE(accounts_->update_profile(builder_, {.locale = std::string("en")}).ok());
  auto proposed = service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt},
                                    study("추천 시스템 스터디"));
  ASSERT_TRUE(proposed.ok()) << proposed.error().message;
  ASSERT_TRUE(service_
                  ->review_project(organizer_, "pseudolab", proposed->id, Decision::kDecline,
                                   "이번 기수에는 비슷한 프로젝트가 있어요")
                  .ok());
  auto reader = test_db_->database().read();
  auto row = reader->query_one(
      "SELECT target, payload FROM outbox WHERE payload LIKE '%academy.proposal_declined%'");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->text(0), "builder@example.com");
  const std::string payload = (*row)->text(1);
  EXPECT_NE(payload.find("\"language\":\"en\""), std::string::npos) << payload;
  EXPECT_NE(payload.find("\"to_name\":\"빌더\""), std::string::npos) << payload;
  EXPECT_NE(payload.find("\"link\":\"/c/pseudolab/projects/"), std::string::npos) << payload;
  // TearDown renders it (and every other mail) in Korean and English.
}

// Issue #12: a project runs within its cohort's running phase (2027-02-09 to
// 2027-04-05 here), on proposal and on edit; certificates print its period.
TEST_P(AcademyServiceTest, ProjectDatesStayWithinTheCohortsRunningPhase) {
  make_cohort();
  const Scope tenth{"10", std::nullopt};
  auto early = study("early");
  early.starts_on = "2027-02-08";
  auto refused = service_->propose(builder_, "pseudolab", tenth, early);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 400);
  EXPECT_EQ(refused.error().field, "starts_on");
  EXPECT_NE(refused.error().message.find("2027-02-09 to 2027-04-05"), std::string::npos)
      << refused.error().message;
  auto late = study("late");
  late.ends_on = "2027-04-06";
  EXPECT_EQ(service_->propose(builder_, "pseudolab", tenth, late).error().field, "ends_on");
  EXPECT_EQ(count("SELECT COUNT(*) FROM academy_projects"), 0);

  auto edges = study("edges");
  edges.starts_on = "2027-02-09";
  edges.ends_on = "2027-04-05";
  auto proposed = service_->propose(builder_, "pseudolab", tenth, edges);
  ASSERT_TRUE(proposed.ok()) << proposed.error().message;
  auto moved = service_->update_project(builder_, "pseudolab", proposed->id,
                                        {.ends_on = std::string("2027-12-31")});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().field, "ends_on");
  // Edits that leave the dates alone are not held to the rule again.
  EXPECT_TRUE(
      service_->update_project(builder_, "pseudolab", proposed->id, {.max_runners = 9}).ok());
}

TEST_P(AcademyServiceTest, ProposalsOnlyInTheirPhaseAndPrivateUntilApproved) {
  make_cohort();
  auto bad = study("x");
  bad.mode = "offline";
  EXPECT_EQ(service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, bad).error().field,
            "place");
  auto reversed = study("x");
  reversed.ends_on = "2027-01-01";
  EXPECT_EQ(
      service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, reversed).error().field,
      "ends_on");
  EXPECT_EQ(service_->propose(stranger_, "pseudolab", Scope{"10", std::nullopt}, study("x"))
                .error()
                .http_status,
            403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM academy_projects"), 0);

  auto proposed =
      service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, study("LLM 논문 읽기"));
  ASSERT_TRUE(proposed.ok()) << proposed.error().message;
  EXPECT_EQ(proposed->status, ProjectStatus::kProposed);
  EXPECT_EQ(service_->project(Viewer{}, "pseudolab", proposed->id).error().http_status, 404);
  EXPECT_EQ(service_->project(member_, "pseudolab", proposed->id).error().http_status, 404);
  EXPECT_TRUE(service_->project(builder_, "pseudolab", proposed->id).ok());
  EXPECT_TRUE(service_->catalog(Viewer{}, "pseudolab", "10", {})->empty());

  EXPECT_EQ(service_->review_project(builder_, "pseudolab", proposed->id, Decision::kApprove, "")
                .error()
                .http_status,
            403);
  EXPECT_EQ(
      service_
          ->review_project(organizer_, "pseudolab", proposed->id, Decision::kRequestChanges, " ")
          .error()
          .field,
      "comment");
  auto asked = service_->review_project(organizer_, "pseudolab", proposed->id,
                                        Decision::kRequestChanges, "정원을 줄여주세요");
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ(asked->status, ProjectStatus::kChangesRequested);
  auto edited = service_->update_project(builder_, "pseudolab", proposed->id, {.max_runners = 8});
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->status, ProjectStatus::kProposed);
  EXPECT_EQ(service_->update_project(member_, "pseudolab", proposed->id, {.max_runners = 80})
                .error()
                .http_status,
            403);
  auto done =
      service_->review_project(organizer_, "pseudolab", proposed->id, Decision::kApprove, "");
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(service_->project(Viewer{}, "pseudolab", proposed->id).ok());
  EXPECT_EQ(communities_->member(organizer_, "pseudolab", builder_.user_id())->stage,
            communities::Stage::kBuilder);
  EXPECT_GE(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%academy.proposal_%'"), 2);

  clock_.advance(10 * kDay);  // recruiting: proposals are closed
  EXPECT_EQ(service_->propose(other_builder_, "pseudolab", Scope{"10", std::nullopt}, study("late"))
                .error()
                .field,
            "phase");
}

TEST_P(AcademyServiceTest, CoBuildersJoinByInvitation) {
  make_cohort();
  auto input = study("Graph 이해하기");
  input.co_builders = {other_builder_.user_id()};
  auto proposed = service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, input);
  ASSERT_TRUE(proposed.ok()) << proposed.error().message;
  ASSERT_EQ(proposed->builders.size(), 2u);
  EXPECT_FALSE(proposed->builders[1].accepted);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%builder_invitation%'"), 1);
  EXPECT_EQ(service_->accept_invitation(member_, "pseudolab", proposed->id).error().http_status,
            404);
  auto accepted = service_->accept_invitation(other_builder_, "pseudolab", proposed->id);
  ASSERT_TRUE(accepted.ok());
  EXPECT_TRUE(accepted->builders[1].accepted);
  auto stranger_invite = study("x");
  stranger_invite.co_builders = {stranger_.user_id()};
  EXPECT_EQ(service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, stranger_invite)
                .error()
                .field,
            "co_builders");
}

TEST_P(AcademyServiceTest, CatalogFiltersAndSearches) {
  make_cohort();
  auto llm = approved(builder_, "LLM 이해하기");
  auto rust_input = study("cheese cRust");
  rust_input.kind = "study";
  rust_input.tags = std::vector<std::string>{"Rust"};
  rust_input.mode = "offline";
  rust_input.place = "강남";
  rust_input.weekday = 5;
  rust_input.auditors_welcome = false;
  auto rust = service_->propose(other_builder_, "pseudolab", Scope{"10", std::nullopt}, rust_input);
  ASSERT_TRUE(rust.ok()) << rust.error().message;
  ASSERT_TRUE(
      service_->review_project(organizer_, "pseudolab", rust->id, Decision::kApprove, "").ok());
  (void)approved(builder_, "Hidden", 5);

  auto titles = [&](const CatalogQuery& query) {
    std::vector<std::string> found;
    auto listed = service_->catalog(Viewer{}, "pseudolab", "10", query);
    EXPECT_TRUE(listed.ok());
    for (const auto& project : listed.value()) found.push_back(project.title);
    return found;
  };
  EXPECT_EQ(titles({}).size(), 3u);
  EXPECT_EQ(titles({.kind = std::string("study")}), std::vector<std::string>{"cheese cRust"});
  EXPECT_EQ(titles({.tag = std::string("rust")}), std::vector<std::string>{"cheese cRust"});
  EXPECT_EQ(titles({.mode = std::string("offline")}), std::vector<std::string>{"cheese cRust"});
  EXPECT_EQ(titles({.weekday = 5}), std::vector<std::string>{"cheese cRust"});
  EXPECT_EQ(titles({.auditors_welcome = true}).size(), 2u);
  EXPECT_EQ(titles({.text = "llm"}),
            (std::vector<std::string>{"Hidden", "LLM 이해하기"}));  // tag or title
  EXPECT_EQ(titles({.text = "이해"}), std::vector<std::string>{"LLM 이해하기"});
  EXPECT_EQ(titles({.text = "다른빌더"}), std::vector<std::string>{"cheese cRust"});
  EXPECT_EQ(titles({.seats_left = true}).size(), 3u);
  EXPECT_EQ(service_->catalog(member_, "pseudolab", "10", {.status = ProjectStatus::kProposed})
                .error()
                .http_status,
            403);
  EXPECT_TRUE(
      service_->catalog(organizer_, "pseudolab", "10", {.status = ProjectStatus::kProposed}).ok());
  EXPECT_EQ(llm.description_html.find("<h1>소개</h1>") != std::string::npos, true);
}

TEST_P(AcademyServiceTest, OneApplicationPerCohortWithRankedChoicesDuringRecruiting) {
  make_cohort();
  auto first = approved(builder_, "A");
  auto second = approved(other_builder_, "B");
  auto third = approved(other_builder_, "C");
  auto fourth = approved(other_builder_, "D");
  const Scope scope{"10", std::nullopt};
  EXPECT_EQ(service_->apply(member_, "pseudolab", scope, application({first.id})).error().field,
            "phase");
  clock_.advance(10 * kDay);

  EXPECT_EQ(service_
                ->apply(member_, "pseudolab", scope,
                        application({first.id, second.id, third.id, fourth.id}))
                .error()
                .field,
            "choices");
  EXPECT_EQ(
      service_->apply(member_, "pseudolab", scope, application({first.id, first.id})).error().field,
      "choices");
  auto unanswered = application({first.id});
  unanswered.answers = {};
  EXPECT_EQ(service_->apply(member_, "pseudolab", scope, unanswered).error().field, "answers");
  auto no_project_answer = application({first.id});
  no_project_answer.choices[0].answers = {""};
  EXPECT_EQ(service_->apply(member_, "pseudolab", scope, no_project_answer).error().field,
            "choices[0].answers");
  auto bad_slot = application({first.id});
  bad_slot.availability = {"someday"};
  EXPECT_EQ(service_->apply(member_, "pseudolab", scope, bad_slot).error().field, "availability");
  EXPECT_EQ(service_->apply(builder_, "pseudolab", scope, application({first.id})).error().field,
            "choices");
  EXPECT_EQ(
      service_->apply(stranger_, "pseudolab", scope, application({first.id})).error().http_status,
      403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%application_received%'"), 0);

  auto applied = service_->apply(member_, "pseudolab", scope, application({second.id, first.id}));
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->choices.size(), 2u);
  EXPECT_EQ(applied->choices[0].project_id, second.id);
  EXPECT_EQ(applied->revision, 1);
  auto edited =
      service_->apply(member_, "pseudolab", scope, application({first.id, third.id, second.id}));
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->id, applied->id);
  EXPECT_EQ(edited->revision, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM application_choices"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%application_received%' AND "
                  "target = 'member@example.com'"),
            2);
  ASSERT_TRUE(service_->withdraw(member_, "pseudolab", scope).ok());
  EXPECT_EQ(service_->my_application(member_, "pseudolab", scope)->value().status, "withdrawn");
  EXPECT_TRUE(service_->apply(member_, "pseudolab", scope, application({first.id})).ok());

  clock_.advance(10 * kDay);  // selection: the deadline has passed
  EXPECT_EQ(service_->apply(member_, "pseudolab", scope, application({second.id})).error().field,
            "phase");
  EXPECT_EQ(service_->withdraw(member_, "pseudolab", scope).error().field, "phase");
  EXPECT_EQ(service_->my_application(member_, "pseudolab", scope)->value().choices.size(), 1u);
}

// The catalog's applicant count is kept on the project row (not counted per
// card): it follows submitting, changing choices, withdrawing and coming back.
TEST_P(AcademyServiceTest, CatalogCountsSubmittedApplicantsAsTheyChange) {
  make_cohort();
  auto first = approved(builder_, "A");
  auto second = approved(other_builder_, "B");
  auto third = approved(other_builder_, "C");
  const Scope scope{"10", std::nullopt};
  clock_.advance(10 * kDay);
  auto applicants = [&] {
    std::map<std::string, int> counts;
    auto catalog = service_->catalog(member_, "pseudolab", "10", {});
    for (const auto& project : catalog.value()) counts[project.title] = project.applicants;
    return counts;
  };
  using Counts = std::map<std::string, int>;
  EXPECT_EQ(applicants(), (Counts{{"A", 0}, {"B", 0}, {"C", 0}}));
  ASSERT_TRUE(
      service_->apply(member_, "pseudolab", scope, application({first.id, second.id})).ok());
  ASSERT_TRUE(service_->apply(organizer_, "pseudolab", scope, application({first.id})).ok());
  EXPECT_EQ(applicants(), (Counts{{"A", 2}, {"B", 1}, {"C", 0}}));
  ASSERT_TRUE(service_->apply(member_, "pseudolab", scope, application({third.id, first.id})).ok());
  EXPECT_EQ(applicants(), (Counts{{"A", 2}, {"B", 0}, {"C", 1}}));
  ASSERT_TRUE(service_->withdraw(member_, "pseudolab", scope).ok());
  EXPECT_EQ(applicants(), (Counts{{"A", 1}, {"B", 0}, {"C", 0}}));
  EXPECT_FALSE(service_->withdraw(member_, "pseudolab", scope).ok());  // nothing left to withdraw
  EXPECT_EQ(applicants(), (Counts{{"A", 1}, {"B", 0}, {"C", 0}}));
  ASSERT_TRUE(service_->apply(member_, "pseudolab", scope, application({second.id})).ok());
  EXPECT_EQ(applicants(), (Counts{{"A", 1}, {"B", 1}, {"C", 0}}));
  EXPECT_EQ(count("SELECT SUM(applicants_count) FROM academy_projects"),
            count("SELECT COUNT(*) FROM application_choices c JOIN applications a ON a.id = "
                  "c.application_id WHERE a.status = 'submitted'"));
}

// Issue #19: the catalog, a cohort and the community page's cohorts are
// kept in memory between views, and used while the community's content
// version stands. Here every change comes as plain SQL, as a write by
// another moim instance or an operator's tool would: the database's triggers
// (migration 0026) bump the version, so the next read sees it.
TEST_P(AcademyServiceTest, KeptCatalogAndCohortsFollowEveryWriteToTheirRows) {
  make_cohort();
  auto project = approved(builder_, "Before");
  clock_.advance(10 * kDay);
  auto titles = [&] {
    std::vector<std::string> seen;
    auto catalog = service_->catalog(member_, "pseudolab", "10", {});
    for (const auto& shown : catalog.value())
      seen.push_back(shown.title + "|" + std::to_string(shown.runners) + "|" +
                     (shown.tags.empty() ? "" : shown.tags.front()) + "|" +
                     shown.builders.front().display_name);
    return seen;
  };
  auto write = [&](const std::string& sql, std::vector<db::Value> params) {
    auto transaction = test_db_->database().write();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(transaction->execute(sql, params).ok()) << sql;
    ASSERT_TRUE(transaction->commit().ok());
  };
  const std::string lead = project.builders.front().display_name;
  const std::string tag = project.tags.empty() ? "" : project.tags.front();
  EXPECT_EQ(titles(), (std::vector<std::string>{"Before|0|" + tag + "|" + lead}));
  EXPECT_EQ(titles(), (std::vector<std::string>{"Before|0|" + tag + "|" + lead}));  // kept
  write("UPDATE academy_projects SET title = 'After' WHERE id = ?", {project.id});
  EXPECT_EQ(titles(), (std::vector<std::string>{"After|0|" + tag + "|" + lead}));
  write("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, 0)",
        {project.id, member_.user_id()});
  EXPECT_EQ(titles(), (std::vector<std::string>{"After|1|" + tag + "|" + lead}));
  write("DELETE FROM project_tags WHERE project_id = ?", {project.id});
  write("INSERT INTO project_tags (project_id, tag) VALUES (?, 'zeta')", {project.id});
  EXPECT_EQ(titles(), (std::vector<std::string>{"After|1|zeta|" + lead}));
  write("UPDATE users SET display_name = '새 이름' WHERE id = ?", {builder_.user_id()});
  EXPECT_EQ(titles(), (std::vector<std::string>{"After|1|zeta|새 이름"}));

  // A cohort and the cohorts the community page chooses from.
  EXPECT_EQ(service_->cohort("pseudolab", "10")->name, service_->cohort("pseudolab", "10")->name);
  write("UPDATE cohorts SET name = '새 기수' WHERE cohort_key = '10'", {});
  EXPECT_EQ(service_->cohort("pseudolab", "10")->name, "새 기수");
  auto open = service_->open_cohorts("pseudolab", clock_.now_seconds());
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().name, "새 기수");
  // Time alone takes a cohort off the list once its closed phase starts.
  const std::int64_t closes = open->front().window(Phase::kClosed).starts_at;
  EXPECT_TRUE(service_->open_cohorts("pseudolab", closes)->empty());
  EXPECT_EQ(service_->open_cohorts("pseudolab", closes - 1)->size(), 1u);
}

TEST_P(AcademyServiceTest, BuildersSeeAndReviewOnlyTheirOwnApplicants) {
  make_cohort();
  auto mine = approved(builder_, "Mine");
  auto theirs = approved(other_builder_, "Theirs");
  clock_.advance(10 * kDay);
  const Scope scope{"10", std::nullopt};
  auto input = application({theirs.id, mine.id});
  input.choices[0].answers = {"비밀 답변"};
  auto applied = service_->apply(member_, "pseudolab", scope, input);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  Viewer second = viewer("second@example.com", "두번째", false);
  ASSERT_TRUE(communities_->join(second, "pseudolab").ok());
  auto second_applied = service_->apply(second, "pseudolab", scope, application({mine.id}));
  ASSERT_TRUE(second_applied.ok());

  auto seen = service_->applicants(builder_, "pseudolab", mine.id);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 2u);
  for (const auto& applicant : seen.value()) {
    for (const auto& answer : applicant.answers) EXPECT_NE(answer, "비밀 답변");
  }
  EXPECT_EQ(service_->applicants(builder_, "pseudolab", theirs.id).error().http_status, 403);
  EXPECT_EQ(service_->applicants(member_, "pseudolab", mine.id).error().http_status, 403);
  EXPECT_EQ(service_->applicants(Viewer{}, "pseudolab", mine.id).error().http_status, 401);
  EXPECT_TRUE(service_->applicants(organizer_, "pseudolab", theirs.id).ok());
  EXPECT_EQ(service_->applications(builder_, "pseudolab", "10").error().http_status, 403);
  EXPECT_EQ(service_->applications(organizer_, "pseudolab", "10")->size(), 2u);

  EXPECT_EQ(service_
                ->review_applicant(builder_, "pseudolab", theirs.id, applied->id,
                                   {.review = std::string("declined")})
                .error()
                .http_status,
            403);
  EXPECT_EQ(service_
                ->review_applicant(builder_, "pseudolab", mine.id, applied->id,
                                   {.review = std::string("maybe")})
                .error()
                .field,
            "review");
  EXPECT_EQ(service_->review_applicant(builder_, "pseudolab", mine.id, applied->id, {.score = 101})
                .error()
                .field,
            "score");
  ASSERT_TRUE(service_
                  ->review_applicant(builder_, "pseudolab", mine.id, second_applied->id,
                                     {.review = std::string("accepted"), .score = 90})
                  .ok());
  ASSERT_TRUE(
      service_->review_applicant(builder_, "pseudolab", mine.id, applied->id, {.score = 40}).ok());
  auto ranked = service_->applicants(builder_, "pseudolab", mine.id);
  EXPECT_EQ(ranked->front().display_name, "두번째");  // higher score first
  EXPECT_EQ(ranked->front().review, "accepted");

  // Keeping a choice keeps its review when the applicant edits.
  ASSERT_TRUE(service_->apply(second, "pseudolab", scope, application({theirs.id, mine.id})).ok());
  EXPECT_EQ(service_->my_application(second, "pseudolab", scope)->value().choices[1].review,
            "accepted");

  EXPECT_EQ(
      service_->set_co_runners(builder_, "pseudolab", mine.id, {stranger_.user_id()}).error().field,
      "user_ids");
  auto co = service_->set_co_runners(builder_, "pseudolab", mine.id, {member_.user_id()});
  ASSERT_TRUE(co.ok());
  auto with_co_runner = service_->applicants(builder_, "pseudolab", mine.id);
  ASSERT_TRUE(with_co_runner.ok());
  EXPECT_TRUE(std::any_of(with_co_runner->begin(), with_co_runner->end(), [&](const Applicant& a) {
    return a.co_runner && a.user_id == member_.user_id();
  }));

  auto csv = service_->applications_csv(organizer_, "pseudolab", "10", std::nullopt);
  ASSERT_TRUE(csv.ok());
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBFname,email"));
  EXPECT_NE(csv->find("김러너"), std::string::npos);
  auto builder_csv = service_->applications_csv(builder_, "pseudolab", "10", mine.id);
  ASSERT_TRUE(builder_csv.ok()) << builder_csv.error().message;
  EXPECT_EQ(builder_csv->find("비밀 답변"), std::string::npos);
  EXPECT_EQ(
      service_->applications_csv(builder_, "pseudolab", "10", std::nullopt).error().http_status,
      403);
  EXPECT_EQ(service_->applications_csv(builder_, "pseudolab", "10", theirs.id).error().http_status,
            403);
}

TEST_P(AcademyServiceTest, CsvCellsCannotRunAsFormulas) {
  make_cohort();
  auto project = approved(builder_, "=HYPERLINK(\"http://evil\")");
  clock_.advance(10 * kDay);
  auto input = application({project.id});
  input.answers = {"@SUM(1+1)"};
  ASSERT_TRUE(service_->apply(member_, "pseudolab", Scope{"10", std::nullopt}, input).ok());
  auto csv = service_->applications_csv(organizer_, "pseudolab", "10", std::nullopt);
  ASSERT_TRUE(csv.ok());
  EXPECT_NE(csv->find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos) << *csv;
  EXPECT_NE(csv->find("'@SUM(1+1)"), std::string::npos) << *csv;
}

TEST_P(AcademyServiceTest, AuditingNeverTakesASeat) {
  make_cohort();
  auto welcoming = approved(builder_, "Open", 1);
  auto closed_input = study("Closed");
  closed_input.auditors_welcome = false;
  auto closed = service_->propose(builder_, "pseudolab", Scope{"10", std::nullopt}, closed_input);
  ASSERT_TRUE(
      service_->review_project(organizer_, "pseudolab", closed->id, Decision::kApprove, "").ok());
  EXPECT_EQ(service_->audit(member_, "pseudolab", welcoming.id).error().field, "phase");
  clock_.advance(10 * kDay);
  auto audited = service_->audit(member_, "pseudolab", welcoming.id);
  ASSERT_TRUE(audited.ok()) << audited.error().message;
  EXPECT_EQ(audited->auditors, 1);
  EXPECT_EQ(audited->seats_left(), 1);
  EXPECT_EQ(service_->audit(member_, "pseudolab", welcoming.id).error().http_status, 409);
  EXPECT_EQ(service_->audit(member_, "pseudolab", closed->id).error().field, "auditors_welcome");
  EXPECT_EQ(service_->audit(stranger_, "pseudolab", welcoming.id).error().http_status, 403);
  EXPECT_TRUE(service_->stop_auditing(member_, "pseudolab", welcoming.id).ok());
  ASSERT_TRUE(
      service_->update_cohort(organizer_, "pseudolab", "10", {.auditing_open = false}).ok());
  EXPECT_EQ(service_->audit(member_, "pseudolab", welcoming.id).error().field, "auditing_open");
}

TEST_P(AcademyServiceTest, LabsTakeApplicationsAnyTimeAndNeverOverfill) {
  auto input = study("Year-round RL lab", 1);
  input.kind = "lab";
  input.questions = std::vector<std::string>{};
  auto not_lab = study("x");
  EXPECT_EQ(service_->propose(builder_, "pseudolab", Scope{}, not_lab).error().field, "kind");
  auto lab = service_->propose(builder_, "pseudolab", Scope{}, input);
  ASSERT_TRUE(lab.ok()) << lab.error().message;
  ASSERT_TRUE(
      service_->review_project(organizer_, "pseudolab", lab->id, Decision::kApprove, "").ok());
  EXPECT_EQ(service_->labs(Viewer{}, "pseudolab")->size(), 1u);
  const Scope scope{std::nullopt, lab->id};
  ApplicationInput apply_input;
  apply_input.choices = {{lab->id, {}}};
  auto first = service_->apply(member_, "pseudolab", scope, apply_input);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second = service_->apply(other_builder_, "pseudolab", scope, apply_input);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(service_
                  ->review_applicant(builder_, "pseudolab", lab->id, first->id,
                                     {.review = std::string("accepted")})
                  .ok());
  EXPECT_EQ(service_
                ->review_applicant(builder_, "pseudolab", lab->id, second->id,
                                   {.review = std::string("accepted")})
                .error()
                .http_status,
            409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM project_runners"), 1);
  EXPECT_EQ(service_->project(Viewer{}, "pseudolab", lab->id)->seats_left(), 0);
  EXPECT_EQ(
      service_->update_project(builder_, "pseudolab", lab->id, {.min_runners = 0, .max_runners = 0})
          .error()
          .field,
      "max_runners");
  EXPECT_EQ(service_->my_application(member_, "pseudolab", scope)->value().choices[0].placed, true);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AcademyServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::academy
