// The academy's selection: running the allocation, pins, publishing and
// the seat offers with their waitlist.
#include "features/academy/academy_service.hpp"

#include <gtest/gtest.h>

#include "features/academy/testing/academy_fixture.hpp"

namespace moim::academy {
namespace {

using accounts::Viewer;
using testing::kDay;

// Selection: three projects of two seats, five applicants.
class SelectionTest : public testing::AcademyFixture {
 protected:
  void SetUp() override {
    AcademyFixture::SetUp();
    make_cohort();
    for (const char* title : {"A", "B", "C"}) projects_.push_back(approved(builder_, title, 2));
    clock_.advance(10 * kDay);  // recruiting
    people_ = {member_, other_builder_};
    for (int idx = 0; idx < 3; ++idx) {
      Viewer extra =
          viewer("p" + std::to_string(idx) + "@example.com", "P" + std::to_string(idx), false);
      EXPECT_TRUE(communities_->join(extra, "pseudolab").ok());
      people_.push_back(extra);
    }
    for (std::size_t idx = 0; idx < people_.size(); ++idx) {
      // Everyone wants A first; the rest spread over B and C.
      auto applied = service_->apply(people_[idx], "pseudolab", {"10", std::nullopt},
                                     application({projects_[0].id, projects_[1 + idx % 2].id}));
      EXPECT_TRUE(applied.ok()) << applied.error().message;
      applications_.push_back(applied->id);
    }
    // A's builders decline the member and rank P2 first.
    EXPECT_TRUE(service_
                    ->review_applicant(builder_, "pseudolab", projects_[0].id, applications_[0],
                                       {.review = std::string("declined")})
                    .ok());
    EXPECT_TRUE(service_
                    ->review_applicant(builder_, "pseudolab", projects_[0].id, applications_[4],
                                       {.review = std::string("accepted"), .score = 95})
                    .ok());
    clock_.advance(14 * kDay);  // selection
  }
  std::vector<Project> projects_;
  std::vector<Viewer> people_;
  std::vector<std::int64_t> applications_;
};

TEST_P(SelectionTest, OrganizersRunReproduciblyWithinCapacityAndDeclines) {
  EXPECT_EQ(service_->run_allocation(builder_, "pseudolab", "10", {}).error().http_status, 403);
  EXPECT_EQ(
      service_->run_allocation(organizer_, "pseudolab", "10", {.mode = "greedy"}).error().field,
      "mode");
  auto run =
      service_->run_allocation(organizer_, "pseudolab", "10", {.mode = "stable", .seed = 42});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->seed, 42);
  int placed = 0;
  for (const auto& fill : run->projects) EXPECT_LE(fill.filled, fill.max);
  for (const auto& placement : run->placements) {
    if (placement.project_id) ++placed;
    if (placement.user_id == member_.user_id()) {
      EXPECT_NE(placement.project_id, projects_[0].id);  // declined there
      EXPECT_EQ(placement.explanation.front().outcome, "declined_by_builders");
    }
    if (placement.user_id == people_[4].user_id()) {
      EXPECT_EQ(placement.project_id, projects_[0].id);  // accepted and ranked first by A
    }
  }
  EXPECT_EQ(placed + run->unassigned, 5);
  EXPECT_EQ(run->by_rank.at(0), 2);  // A has two seats
  auto again =
      service_->run_allocation(organizer_, "pseudolab", "10", {.mode = "stable", .seed = 42});
  ASSERT_TRUE(again.ok());
  for (std::size_t idx = 0; idx < run->placements.size(); ++idx) {
    EXPECT_EQ(again->placements[idx].project_id, run->placements[idx].project_id);
  }
  auto maximal =
      service_->run_allocation(organizer_, "pseudolab", "10", {.mode = "rank_maximal", .seed = 7});
  ASSERT_TRUE(maximal.ok()) << maximal.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM allocation_runs"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'allocation.run'"), 3);
}

TEST_P(SelectionTest, PinsNeedAReasonAndHold) {
  EXPECT_EQ(service_->pin(organizer_, "pseudolab", "10", member_.user_id(), projects_[2].id, " ")
                .error()
                .field,
            "reason");
  EXPECT_EQ(service_->pin(organizer_, "pseudolab", "10", stranger_.user_id(), projects_[2].id, "x")
                .error()
                .field,
            "user_id");
  EXPECT_EQ(service_->pin(builder_, "pseudolab", "10", member_.user_id(), projects_[2].id, "x")
                .error()
                .http_status,
            403);
  ASSERT_TRUE(service_
                  ->pin(organizer_, "pseudolab", "10", people_[2].user_id(), projects_[2].id,
                        "returning runner")
                  .ok());
  auto run = service_->run_allocation(organizer_, "pseudolab", "10", {.seed = 1});
  ASSERT_TRUE(run.ok());
  for (const auto& placement : run->placements) {
    if (placement.user_id == people_[2].user_id()) {
      EXPECT_EQ(placement.project_id, projects_[2].id);
      EXPECT_EQ(placement.pin_reason, "returning runner");
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'allocation.pinned' AND detail "
                  "LIKE '%returning runner%'"),
            1);
}

TEST_P(SelectionTest, PublishingOffersSeatsAndTheWaitlistMovesUp) {
  auto run = service_->run_allocation(organizer_, "pseudolab", "10", {.seed = 3});
  ASSERT_TRUE(run.ok());
  auto published = service_->publish(organizer_, "pseudolab", "10", run->id);
  ASSERT_TRUE(published.ok()) << published.error().message;
  EXPECT_EQ(service_->publish(organizer_, "pseudolab", "10", run->id).error().http_status, 409);
  EXPECT_EQ(service_->run_allocation(organizer_, "pseudolab", "10", {}).error().http_status, 409);
  int placed = 0;
  for (const auto& placement : run->placements) placed += placement.project_id ? 1 : 0;
  EXPECT_EQ(count("SELECT COUNT(*) FROM seat_offers WHERE state = 'offered'"), placed);
  // Everyone hears: placed (a seat offer), waitlisted with positions, or not placed and why.
  EXPECT_EQ(
      count("SELECT COUNT(DISTINCT target) FROM outbox WHERE payload LIKE '%academy.result_%'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%academy.result_not_placed%' OR "
                  "payload LIKE '%academy.result_waitlisted%'"),
            5 - placed);

  // P2 holds a seat in A; giving it up offers it to the next on A's waitlist.
  auto mine = service_->my_result(people_[4], "pseudolab", "10");
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->project_id, projects_[0].id);
  EXPECT_EQ(mine->offer_state, "offered");
  const auto& waitlist = run->projects[0].waitlist;
  auto declined = service_->respond_to_offer(people_[4], "pseudolab", "10", false);
  ASSERT_TRUE(declined.ok()) << declined.error().message;
  EXPECT_EQ(declined->offer_state, "declined");
  EXPECT_LE(count("SELECT COUNT(*) FROM seat_offers WHERE state IN ('offered', 'confirmed') AND "
                  "project_id = " +
                  std::to_string(projects_[0].id)),
            2);
  if (!waitlist.empty()) {
    EXPECT_GE(count("SELECT COUNT(*) FROM seat_offers WHERE user_id = " +
                    std::to_string(waitlist.front()) + " AND state = 'offered'"),
              1);
  }

  // Someone confirms and climbs to runner; an unanswered offer expires.
  std::optional<Viewer> confirmer;
  for (const auto& person : people_) {
    auto result = service_->my_result(person, "pseudolab", "10");
    if (result->offer_state == "offered" && !confirmer) confirmer = person;
  }
  ASSERT_TRUE(confirmer.has_value());
  auto confirmed = service_->respond_to_offer(*confirmer, "pseudolab", "10", true);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->offer_state, "confirmed");
  EXPECT_EQ(communities_->member(organizer_, "pseudolab", confirmer->user_id())->stage,
            communities::Stage::kRunner);
  EXPECT_EQ(service_->respond_to_offer(*confirmer, "pseudolab", "10", false).error().http_status,
            404);
  clock_.advance(4 * kDay);  // past the 72-hour deadline
  EXPECT_TRUE(service_->my_result(member_, "pseudolab", "10").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM seat_offers WHERE state = 'offered' AND deadline <= " +
                  std::to_string(clock_.now_seconds())),
            0);
  for (const auto& project : projects_) {
    EXPECT_LE(count("SELECT COUNT(*) FROM seat_offers WHERE state IN ('offered', 'confirmed') AND "
                    "project_id = " +
                    std::to_string(project.id)),
              2);
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, SelectionTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::academy
