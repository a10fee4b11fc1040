#include "features/events/events_service.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::events {
namespace {

using accounts::Viewer;
using communities::Stage;

constexpr std::int64_t kStart = 1'800'000'000;

class EventsServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ =
        std::make_unique<EventsService>(test_db_->database(), clock_, *communities_,
                                        EventsOptions{.registrations_per_address_per_minute = 5});
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    staff_ = viewer("staff@example.com", "스태프", false);
    member_ = viewer("member@example.com", "김철수", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &staff_, &member_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
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
  Event event(std::int64_t capacity) {
    EventInput input;
    input.title = "PseudoCon";
    input.starts_at = kStart + 7 * 86400;
    input.ends_at = kStart + 7 * 86400 + 8 * 3600;
    input.capacity = capacity;
    auto created = service_->create(organizer_, "lab", input);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.value();
  }
  Result<Registered> guest(std::int64_t event_id, const std::string& name,
                           const std::string& address = "10.0.0.1") {
    return service_->register_for(
        Caller{anonymous_, std::nullopt}, "lab", event_id,
        {.name = name, .email = name + "@example.com", .client_address = address});
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  std::vector<std::string> lines(const std::string& sql) {
    auto reader = test_db_->database().read();
    std::vector<std::string> found;
    auto rows = reader->query(sql);
    EXPECT_TRUE(rows.ok()) << sql;
    for (const auto& row : rows.value()) {
      std::string line;
      for (int column = 0; column < 6; ++column) line += row.text(column) + " ";
      found.push_back(line);
    }
    return found;
  }
  // The kept figures (event_registration_tallies) say what a recount of every
  // registration says.
  void expect_the_tallies_match_a_recount() {
    EXPECT_EQ(lines("SELECT event_id, ticket_type_id, stage, status, checked_in, registrations "
                    "FROM event_registration_tallies WHERE registrations <> 0 ORDER BY 1, 2, 3, "
                    "4, 5"),
              lines("SELECT event_id, ticket_type_id, stage, status, CASE WHEN checked_in_at IS "
                    "NULL THEN 0 ELSE 1 END, COUNT(*) FROM event_registrations GROUP BY 1, 2, 3, "
                    "4, 5 ORDER BY 1, 2, 3, 4, 5"));
  }

  moim::testing::FakeClock clock_{kStart};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<EventsService> service_;
  Viewer admin_, organizer_, staff_, member_, stranger_, anonymous_;
};

TEST_P(EventsServiceTest, OnlyOrganizersCreateAndTheDefaultsAreSensible) {
  EventInput input{.title = "밋업", .starts_at = kStart + 3600, .ends_at = kStart + 7200};
  EXPECT_EQ(service_->create(member_, "lab", input).error().http_status, 403);
  EXPECT_EQ(service_->create(anonymous_, "lab", input).error().http_status, 401);
  auto created = service_->create(organizer_, "lab", input);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->capacity, 100);
  ASSERT_EQ(created->ticket_types.size(), 1u);
  EXPECT_TRUE(created->registration_open(kStart));
  EXPECT_EQ(created->registration_closes_at, kStart + 3600);
  input.ends_at = kStart;  // before the start
  EXPECT_EQ(service_->create(organizer_, "lab", input).error().field, "ends_at");
}

TEST_P(EventsServiceTest, NeverConfirmsMoreThanTheSeatsAndQueuesTheRestInOrder) {
  Event shown = event(3);
  std::vector<Registered> people;
  for (int index = 0; index < 6; ++index) {
    auto registered =
        guest(shown.id, "guest" + std::to_string(index), "10.0.0." + std::to_string(index));
    ASSERT_TRUE(registered.ok()) << registered.error().message;
    people.push_back(registered.value());
  }
  for (int index = 0; index < 6; ++index) {
    EXPECT_EQ(people[index].registration.status,
              index < 3 ? RegistrationStatus::confirmed : RegistrationStatus::waitlisted);
    if (index >= 3) {
      EXPECT_EQ(people[index].registration.waitlist_position, index - 2);
    }
    EXPECT_TRUE(people[index].ticket_token.starts_with("tkt_"));
  }
  // The same person again: the first registration, no duplicate.
  auto again = guest(shown.id, "guest0", "10.0.1.1");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->registration.id, people[0].registration.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations"), 6);

  // A cancellation offers the seat to the first in line, with a mail.
  auto cancelled = service_->cancel(Caller{anonymous_, people[1].ticket_token}, "lab", shown.id,
                                    people[1].registration.id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  auto next =
      service_->my_registration(Caller{anonymous_, people[3].ticket_token}, "lab", shown.id);
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((*next)->status, RegistrationStatus::offered);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%events.seat_offered%'"), 1);
  auto behind =
      service_->my_registration(Caller{anonymous_, people[4].ticket_token}, "lab", shown.id);
  EXPECT_EQ((*behind)->waitlist_position, 1);
  // Unclaimed in time: the next person.
  clock_.advance(25 * 3600);
  EXPECT_EQ(service_->expire_offers().value(), 1);
  behind = service_->my_registration(Caller{anonymous_, people[4].ticket_token}, "lab", shown.id);
  EXPECT_EQ((*behind)->status, RegistrationStatus::offered);
  auto claimed = service_->claim(Caller{anonymous_, people[4].ticket_token}, "lab", shown.id,
                                 people[4].registration.id);
  ASSERT_TRUE(claimed.ok()) << claimed.error().message;
  EXPECT_EQ(claimed->status, RegistrationStatus::confirmed);
  EXPECT_EQ(count("SELECT SUM(held) FROM event_ticket_types"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations WHERE status IN ('confirmed', "
                  "'offered')"),
            3);
  // Raising the capacity promotes from the waitlist.
  auto raised = service_->update(organizer_, "lab", shown.id, {.capacity = 4});
  ASSERT_TRUE(raised.ok()) << raised.error().message;
  auto last =
      service_->my_registration(Caller{anonymous_, people[5].ticket_token}, "lab", shown.id);
  EXPECT_EQ((*last)->status, RegistrationStatus::offered);
  EXPECT_EQ(service_->update(organizer_, "lab", shown.id, {.capacity = 2}).error().http_status,
            409);
  expect_the_tallies_match_a_recount();
}

TEST_P(EventsServiceTest, ConcurrentRegistrationsNeverOversell) {
  service_ =
      std::make_unique<EventsService>(test_db_->database(), clock_, *communities_,
                                      EventsOptions{.registrations_per_address_per_minute = 0});
  Event shown = event(10);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int index = 0; index < 15; ++index) {
        if (!guest(shown.id, "t" + std::to_string(thread_idx) + "g" + std::to_string(index)))
          ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations WHERE status = 'confirmed'"), 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations WHERE status = 'waitlisted'"), 50);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT waitlist_position) FROM event_registrations WHERE "
                  "status = 'waitlisted'"),
            50);
  EXPECT_EQ(count("SELECT MAX(waitlist_position) FROM event_registrations"), 50);
  // One mail each, the one the place it got calls for (the mail is written
  // before the seat and corrected when the guess lost the race).
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations r WHERE (SELECT COUNT(*) FROM outbox "
                  "o WHERE o.idempotency_key LIKE 'events.' || r.id || '.%') = 1 AND EXISTS "
                  "(SELECT 1 FROM outbox o WHERE o.idempotency_key LIKE 'events.' || r.id || "
                  "'.' || r.status || '.%')"),
            60);
}

TEST_P(EventsServiceTest, GuestsAreCheckedAndLimitedAndMembersRegisterWithOneClick) {
  Event shown = event(5);
  EXPECT_EQ(guest(shown.id, std::string(61, 'x')).error().field, "name");
  auto no_email = service_->register_for(Caller{anonymous_, std::nullopt}, "lab", shown.id,
                                         {.name = "Kim", .email = "not-an-address"});
  EXPECT_EQ(no_email.error().field, "email");
  for (int index = 0; index < 5; ++index)
    ASSERT_TRUE(guest(shown.id, "flood" + std::to_string(index), "10.9.9.9").ok());
  auto limited = guest(shown.id, "flood9", "10.9.9.9");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().http_status, 429);
  EXPECT_GT(limited.error().retry_after_seconds, 0);

  auto mine = service_->register_for(Caller{member_, std::nullopt}, "lab", shown.id, {});
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  EXPECT_EQ(mine->registration.name, "김철수");
  EXPECT_TRUE(mine->ticket_token.empty());
  EXPECT_EQ(mine->registration.ticket_code.size(), 9u);
  // Nobody else may cancel it; a forged ticket token matches nothing.
  EXPECT_FALSE(
      service_->cancel(Caller{stranger_, std::nullopt}, "lab", shown.id, mine->registration.id)
          .ok());
  EXPECT_FALSE(service_
                   ->cancel(Caller{anonymous_, std::string("tkt_forged")}, "lab", shown.id,
                            mine->registration.id)
                   .ok());
  // Closed and cancelled events take nobody.
  ASSERT_TRUE(
      service_->update(organizer_, "lab", shown.id, {.status = EventStatus::cancelled}).ok());
  EXPECT_EQ(guest(shown.id, "late", "10.0.0.77").error().http_status, 409);
}

TEST_P(EventsServiceTest, StaffCheckTicketsInOnceAndSeeWhy) {
  Event shown = event(5);
  Event other = event(5);
  auto ticket = guest(shown.id, "attendee");
  auto elsewhere = guest(other.id, "visitor", "10.0.0.2");
  ASSERT_TRUE(ticket.ok() && elsewhere.ok());
  EXPECT_EQ(service_->check_in(staff_, "lab", shown.id, ticket->registration.ticket_code)
                .error()
                .http_status,
            403);
  ASSERT_TRUE(service_->add_staff(organizer_, "lab", shown.id, staff_.user_id()).ok());
  std::string typed = ticket->registration.ticket_code;
  typed.erase(typed.find('-'), 1);
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto first = service_->check_in(staff_, "lab", shown.id, " " + typed + " ");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->verdict, CheckInVerdict::checked_in);
  auto second = service_->check_in(organizer_, "lab", shown.id, ticket->registration.ticket_code);
  EXPECT_EQ(second->verdict, CheckInVerdict::already);
  EXPECT_EQ(second->registration->checked_in_by, "스태프");
  EXPECT_EQ(
      service_->check_in(staff_, "lab", shown.id, elsewhere->registration.ticket_code)->verdict,
      CheckInVerdict::wrong_event);
  EXPECT_EQ(service_->check_in(staff_, "lab", shown.id, "ZZZZ-ZZZZ")->verdict,
            CheckInVerdict::unknown);
  auto undone = service_->undo_check_in(staff_, "lab", shown.id, ticket->registration.id);
  ASSERT_TRUE(undone.ok());
  EXPECT_FALSE(undone->checked_in_at.has_value());
  auto walk_in = service_->register_walk_in(staff_, "lab", shown.id,
                                            {.name = "현장 손님", .email = "door@example.com"});
  ASSERT_TRUE(walk_in.ok()) << walk_in.error().message;
  EXPECT_TRUE(walk_in->registration.checked_in_at.has_value());
  auto figures = service_->stats(organizer_, "lab", shown.id);
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(figures->total.registered, 2);
  EXPECT_EQ(figures->total.checked_in, 1);
  EXPECT_EQ(service_->stats(staff_, "lab", shown.id).error().http_status, 403);
  auto csv = service_->stats_csv(organizer_, "lab", shown.id, "ko");
  ASSERT_TRUE(csv.ok());
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBF구분,항목,신청"));
  EXPECT_NE(csv->find("게스트,2,2,0,0,1,50.0"), std::string::npos) << *csv;
  expect_the_tallies_match_a_recount();
}

TEST_P(EventsServiceTest, TheFiguresCountEachPersonAsTheStageTheyRegisteredAt) {
  Event shown = event(1);
  const Caller member{member_, std::nullopt};
  auto first = service_->register_for(member, "lab", shown.id, {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto waiting = guest(shown.id, "waiting");
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->registration.status, RegistrationStatus::waitlisted);
  // Climbing a stage after registering does not rewrite who came.
  ASSERT_TRUE(
      communities_->change_stage(admin_, "lab", member_.user_id(), Stage::kRunner, "").ok());
  auto figures = service_->stats(organizer_, "lab", shown.id);
  ASSERT_TRUE(figures.ok()) << figures.error().message;
  auto stage = [&](const std::string& name) {
    for (const auto& [stage_name, counter] : figures->by_stage) {
      if (stage_name == name) return counter;
    }
    return Counter{};
  };
  EXPECT_EQ(stage("observer").confirmed, 1);
  EXPECT_EQ(stage("runner").registered, 0);
  EXPECT_EQ(stage("guest").waitlisted, 1);
  EXPECT_EQ(figures->total.registered, 2);
  // Cancelling and registering again counts the stage of the new registration.
  ASSERT_TRUE(service_->cancel(member, "lab", shown.id, first->registration.id).ok());
  auto again = service_->register_for(member, "lab", shown.id, {});
  ASSERT_TRUE(again.ok()) << again.error().message;
  figures = service_->stats(organizer_, "lab", shown.id);
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(stage("observer").registered, 0);
  EXPECT_EQ(stage("runner").registered, 1);
  EXPECT_EQ(figures->total.registered, 2);
  EXPECT_EQ(figures->total.cancelled, 0);
  expect_the_tallies_match_a_recount();
}

TEST_P(EventsServiceTest, AGuestWhoSignsUpLaterFindsTheirRegistration) {
  Event shown = event(5);
  auto registered = guest(shown.id, "member");  // member@example.com, as a guest
  ASSERT_TRUE(registered.ok());
  Viewer verified = member_;
  verified.user->email_verified = true;
  auto mine = service_->my_registration(Caller{verified, std::nullopt}, "lab", shown.id);
  ASSERT_TRUE(mine.ok() && mine->has_value());
  EXPECT_EQ((*mine)->id, registered->registration.id);
  auto again = service_->register_for(Caller{verified, std::nullopt}, "lab", shown.id, {});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->registration.id, registered->registration.id);
  EXPECT_EQ(again->registration.user_id, member_.user_id());
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
