// Tests only: the fixture of the after-event tests (reminders, survey,
// badges): a community with an organizer and a member, on each database.
#pragma once

#include <gtest/gtest.h>

#include "features/events/after_event.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::events::testing {

using accounts::Viewer;
using communities::Stage;

constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15 17:00 in Seoul

inline std::int64_t seoul(const char* local) { return parse_local(local, "Asia/Seoul").value(); }

class AfterEventFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    events_ =
        std::make_unique<EventsService>(test_db_->database(), clock_, *communities_,
                                        EventsOptions{.registrations_per_address_per_minute = 0});
    after_ = std::make_unique<AfterEventService>(test_db_->database(), clock_, *events_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김철수", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &member_})
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
  Event event(std::int64_t starts_at, std::int64_t capacity) {
    EventInput input{.title = "PseudoCon", .venue = "코엑스"};
    input.starts_at = starts_at;
    input.ends_at = starts_at + 8 * 3600;
    input.capacity = capacity;
    auto created = events_->create(organizer_, "lab", input);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.value();
  }
  Registered guest(std::int64_t event_id, const std::string& name) {
    auto registered = events_->register_for(
        Caller{anonymous_, std::nullopt}, "lab", event_id,
        {.name = name, .email = name + "@example.com", .client_address = "10.0.0.1"});
    EXPECT_TRUE(registered.ok()) << registered.error().message;
    return registered.value();
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  std::int64_t mails(const std::string& template_name) {
    return count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%\"" + template_name + "\"%'");
  }
  int run_at(std::int64_t when) {
    clock_.advance(when - clock_.now_seconds());
    auto mailed = after_->enqueue_due_mails();
    EXPECT_TRUE(mailed.ok()) << mailed.error().message;
    return mailed.ok() ? mailed.value() : -1;
  }

  moim::testing::FakeClock clock_{kStart};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<EventsService> events_;
  std::unique_ptr<AfterEventService> after_;
  Viewer admin_, organizer_, member_, anonymous_;
};

}  // namespace moim::events::testing
