// Writing deadlines (글또): series in the cohort's zone, who sets them,
// submissions and late ones, pass tickets, the missing view and deposits,
// the reading list and progress against the cohort's rules.
#include <gtest/gtest.h>

#include "features/activity/activity_service.hpp"
#include "features/activity/testing/activity_fixture.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {
namespace {

using testing::ActivityServiceTest;

TEST_P(ActivityServiceTest, DeadlinesKeepSeoulTimeForAMemberInEurope) {
  project();
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글또 글쓰기", "2027-03-21T23:59", 14, 3});
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_EQ(created->size(), 3u);
  // 23:59 in Seoul is 14:59 UTC every time; Berlin switches to summer time
  // on 28 March, so its member sees 15:59 first and 16:59 after.
  EXPECT_EQ(format_local((*created)[0].due_at, "UTC"), "2027-03-21 14:59");
  EXPECT_EQ(format_local((*created)[1].due_at, "UTC"), "2027-04-04 14:59");
  EXPECT_EQ(format_local((*created)[0].due_at, "Europe/Berlin"), "2027-03-21 15:59");
  EXPECT_EQ(format_local((*created)[1].due_at, "Europe/Berlin"), "2027-04-04 16:59");
  // The runner sees the cohort's deadlines as theirs; others see none.
  EXPECT_EQ(service_->deadlines(runner_, "pseudolab", {})->size(), 3u);
  EXPECT_TRUE(service_->deadlines(member_, "pseudolab", {})->empty());
}

TEST_P(ActivityServiceTest, OnlyOrganizersSetCohortDeadlinesAndBuildersTheirProjects) {
  const auto id = project();
  const SeriesInput input{"회고", "2027-03-21T23:59", 7, 2};
  EXPECT_EQ(service_->create_series(builder_, "pseudolab", {std::string("10"), std::nullopt}, input)
                .error()
                .http_status,
            403);
  EXPECT_EQ(
      service_->create_series(runner_, "pseudolab", {std::nullopt, id}, input).error().http_status,
      403);
  EXPECT_EQ(service_->create_series(anonymous_, "pseudolab", {std::nullopt, id}, input)
                .error()
                .http_status,
            401);
  EXPECT_TRUE(service_->create_series(builder_, "pseudolab", {std::nullopt, id}, input).ok());
  EXPECT_EQ(service_
                ->create_series(builder_, "pseudolab", {std::nullopt, id},
                                {"회고", "2027-02-30T23:59", 7, 2})
                .error()
                .field,
            "first_due");
  EXPECT_EQ(service_
                ->create_series(builder_, "pseudolab", {std::nullopt, id},
                                {"회고", "2027-03-21T23:59", 7, 53})
                .error()
                .field,
            "count");
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_deadlines"), 2);
}

TEST_P(ActivityServiceTest, SubmitEditUntilTheDeadlineThenLateAndFinal) {
  project();
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 2});
  ASSERT_TRUE(created.ok());
  const Deadline first = (*created)[0], second = (*created)[1];
  clock_.advance(first.due_at - 3600 - clock_.now_seconds());

  EXPECT_EQ(service_->submit(runner_, "pseudolab", first.id, {}).error().field, "link");
  EXPECT_EQ(service_->submit(runner_, "pseudolab", first.id, {"javascript:alert(1)", "", {}, false})
                .error()
                .field,
            "link");
  EXPECT_EQ(
      service_->submit(member_, "pseudolab", first.id, {"https://blog.example/a", "", {}, false})
          .error()
          .http_status,
      403);
  auto saved =
      service_->submit(runner_, "pseudolab", first.id,
                       {"https://blog.example/a", "# 제목\n<script>x</script>", {"LLM"}, true});
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_FALSE(saved->late);
  EXPECT_EQ(saved->body_html.find("<script>"), std::string::npos);
  auto edited =
      service_->submit(runner_, "pseudolab", first.id, {"https://blog.example/b", "", {}, true});
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->link, "https://blog.example/b");

  // After the deadline the submission is final; a first one is late.
  clock_.advance(3601);
  auto refused =
      service_->submit(runner_, "pseudolab", first.id, {"https://blog.example/c", "", {}, false});
  EXPECT_EQ(refused.error().http_status, 409);
  EXPECT_EQ(refused.error().field, "deadline");
  clock_.advance(second.due_at - first.due_at);
  auto late = service_->submit(runner_, "pseudolab", second.id, {"", "늦었지만 씁니다", {}, false});
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->late);
  EXPECT_EQ(service_->submissions(runner_, "pseudolab", first.id)->size(), 1u);
  EXPECT_EQ(service_->submissions(member_, "pseudolab", first.id)->size(), 0u);
  auto standing = service_->writing_standing(runner_, "pseudolab", "10", runner_.user_id());
  ASSERT_TRUE(standing.ok()) << standing.error().message;
  EXPECT_EQ(standing->submitted, 2);
  EXPECT_EQ(standing->late, 1);
  EXPECT_EQ(standing->missed, 0);
}

TEST_P(ActivityServiceTest, PassTicketsAreCountedAndNeverTwoInARow) {
  project();
  ASSERT_TRUE(service_
                  ->set_writing_settings(organizer_, "pseudolab", "10",
                                         {.pass_tickets = 2, .no_consecutive_passes = true})
                  .ok());
  EXPECT_EQ(service_->set_writing_settings(builder_, "pseudolab", "10", {}).error().http_status,
            403);
  EXPECT_EQ(service_->set_writing_settings(organizer_, "pseudolab", "10", {.pass_tickets = 51})
                .error()
                .field,
            "pass_tickets");
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 5});
  ASSERT_TRUE(created.ok());
  const auto& list = created.value();
  ASSERT_TRUE(service_->use_pass(runner_, "pseudolab", list[0].id).ok());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[0].id).error().http_status, 409);
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[1].id).error().field, "pass_tickets");
  ASSERT_TRUE(
      service_->submit(runner_, "pseudolab", list[3].id, {"https://b.example/x", "", {}, false})
          .ok());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[3].id).error().field, "deadline");
  ASSERT_TRUE(service_->use_pass(runner_, "pseudolab", list[2].id).ok());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[4].id).error().field, "pass_tickets");
  EXPECT_EQ(service_->use_pass(member_, "pseudolab", list[4].id).error().http_status, 403);
  // Too late for a pass once the deadline is over.
  clock_.advance(list[4].due_at + 1 - clock_.now_seconds());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[4].id).error().field, "deadline");
  auto standing = service_->writing_standing(runner_, "pseudolab", "10", runner_.user_id());
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->passes_used, 2);
  EXPECT_EQ(standing->passes_left, 0);
  EXPECT_EQ(standing->missed, 2);  // deadlines 2 and 5
}

TEST_P(ActivityServiceTest, MissingViewDepositAndReminders) {
  project();
  ASSERT_TRUE(service_
                  ->set_writing_settings(organizer_, "pseudolab", "10",
                                         {.deposit_start = 20000, .deposit_per_miss = 5000})
                  .ok());
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 2});
  ASSERT_TRUE(created.ok());
  const Deadline first = created->front();

  auto missing = service_->missing(builder_, "pseudolab", first.id);
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ(missing->front().user_id, runner_.user_id());
  EXPECT_EQ(service_->missing(runner_, "pseudolab", first.id).error().http_status, 403);
  EXPECT_EQ(service_->missing(anonymous_, "pseudolab", first.id).error().http_status, 401);

  // 24 h before: one reminder to the runner, once however often it runs.
  clock_.advance(first.due_at - 23 * 3600 - clock_.now_seconds());
  EXPECT_EQ(service_->enqueue_due_reminders().value(), 1);
  EXPECT_EQ(service_->enqueue_due_reminders().value(), 0);
  clock_.advance(22 * 3600 + 1800);
  EXPECT_EQ(service_->enqueue_due_reminders().value(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE "
                  "'activity.deadline_reminder.%'"),
            2);
  // Having written, nobody is reminded or missing.
  ASSERT_TRUE(
      service_->submit(runner_, "pseudolab", first.id, {"https://b.example/x", "", {}, false})
          .ok());
  EXPECT_TRUE(service_->missing(organizer_, "pseudolab", first.id)->empty());

  // The second deadline is missed: the deposit loses one deduction.
  clock_.advance((*created)[1].due_at + 60 - clock_.now_seconds());
  auto standing = service_->writing_standing(organizer_, "pseudolab", "10", runner_.user_id());
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->missed, 1);
  EXPECT_EQ(standing->deposit_balance, 15000);
  EXPECT_EQ(
      service_->writing_standing(member_, "pseudolab", "10", runner_.user_id()).error().http_status,
      403);
}

TEST_P(ActivityServiceTest, ReadingListShowsSharedLinksOnlyWhenTheCohortOptsIn) {
  project();
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 2});
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(service_
                  ->submit(runner_, "pseudolab", (*created)[0].id,
                           {"https://b.example/shared", "", {"RAG"}, true})
                  .ok());
  ASSERT_TRUE(service_
                  ->submit(runner_, "pseudolab", (*created)[1].id,
                           {"https://b.example/private", "", {}, false})
                  .ok());
  EXPECT_EQ(service_->reading_list("pseudolab", "10").error().http_status, 404);
  ASSERT_TRUE(
      service_->set_writing_settings(organizer_, "pseudolab", "10", {.reading_list_public = true})
          .ok());
  auto list = service_->reading_list("pseudolab", "10");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().link, "https://b.example/shared");
  EXPECT_EQ(list->front().tags, std::vector<std::string>{"RAG"});
}

TEST_P(ActivityServiceTest, ProgressAgainstTheCohortRulesIsLive) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  auto series = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                        {"글쓰기", "2027-03-05T23:59", 14, 2});
  ASSERT_TRUE(series.ok());
  // Three sessions held: present, excused, absent; one deadline passed, written.
  ASSERT_TRUE(
      service_
          ->submit(runner_, "pseudolab", series->front().id, {"https://b.example/1", "", {}, false})
          .ok());
  clock_.advance((*list)[2].starts_at + 60 - clock_.now_seconds());
  const std::string marks[] = {"present", "excused", "absent"};
  for (int idx = 0; idx < 3; ++idx)
    ASSERT_TRUE(
        service_->mark(builder_, "pseudolab", (*list)[idx].id, runner_.user_id(), marks[idx], "")
            .ok());
  auto progress = service_->progress(runner_, "pseudolab", id);
  ASSERT_TRUE(progress.ok()) << progress.error().message;
  ASSERT_EQ(progress->size(), 1u);
  const Progress& mine = progress->front();
  EXPECT_EQ(mine.facts.sessions_held, 3);
  EXPECT_EQ(mine.attendance_percent, 50);  // 1 of 2 counted
  EXPECT_FALSE(mine.attendance_met);       // the cohort asks 80 %
  EXPECT_EQ(mine.facts.submissions, 1);
  EXPECT_EQ(mine.facts.deadlines_past, 1);
  EXPECT_TRUE(mine.retrospective_required);
  EXPECT_FALSE(mine.on_track);
  EXPECT_EQ(service_->progress(builder_, "pseudolab", id)->size(), 1u);
  EXPECT_EQ(service_->progress(member_, "pseudolab", id).error().http_status, 403);
  EXPECT_EQ(service_->progress(anonymous_, "pseudolab", id).error().http_status, 401);
}

}  // namespace
}  // namespace moim::activity
