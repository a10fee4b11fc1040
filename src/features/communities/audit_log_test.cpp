#include "features/communities/audit_log.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "features/communities/organizer_count.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/outbox_store.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::communities {
namespace {

using accounts::Viewer;

class AuditLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<CommunitiesService>(test_db_->database(), clock_);
    log_ = std::make_unique<AuditLog>(test_db_->database(), *communities_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김러너", false);
    auto created = communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"});
    ASSERT_TRUE(created.ok()) << created.error().message;
    community_ = created.value();
    ASSERT_TRUE(communities_->create(admin_, {.slug = "geultto", .name = "글또"}).ok());
    ASSERT_TRUE(communities_->join(organizer_, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(), Stage::kOrganizer,
                                   "runs 10기")
                    .ok());
    ASSERT_TRUE(communities_->join(member_, "pseudolab").ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  void write(std::int64_t actor_id, const std::string& action, const std::string& subject,
             boost::json::object detail = {}) {
    auto writer = test_db_->database().write();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(write_audit(writer.value(), community_.id, actor_id, action, subject, detail,
                            clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  std::vector<std::string> actions(const AuditPage& page) {
    std::vector<std::string> out;
    for (const auto& entry : page.entries) out.push_back(entry.action);
    return out;
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<CommunitiesService> communities_;
  std::unique_ptr<AuditLog> log_;
  Viewer admin_, organizer_, member_;
  Community community_;
};

TEST_P(AuditLogTest, OrganizersReadNewestFirstWithWhoDidItAndWhatChanged) {
  clock_.advance(60);
  write(organizer_.user_id(), "allocation.pinned", "10기", {{"reason", "빌더 요청"}});
  clock_.advance(60);
  write(0, "certificates.issue", "10기", {{"issued", 42}});

  auto page = log_->entries(organizer_, "pseudolab", {});
  ASSERT_TRUE(page.ok()) << page.error().message;
  // Newest first, after the community's own entries (created, stage change).
  ASSERT_GE(page->entries.size(), 4u);
  const AuditEntry& issued = page->entries[0];
  EXPECT_EQ(issued.action, "certificates.issue");
  EXPECT_EQ(issued.area, "certificates");
  EXPECT_FALSE(issued.actor_id.has_value());  // moim itself
  EXPECT_EQ(issued.detail.at("issued").as_int64(), 42);
  const AuditEntry& pinned = page->entries[1];
  EXPECT_EQ(pinned.actor_name, "운영진");
  EXPECT_EQ(pinned.detail.at("reason").as_string(), "빌더 요청");
  EXPECT_TRUE(page->next.empty());
  // The stage change that made the organizer, with its reason, is there too.
  bool stage_change = false;
  for (const auto& entry : page->entries)
    stage_change = stage_change || entry.action == "member.stage_changed";
  EXPECT_TRUE(stage_change);
  // A platform admin reads it as well.
  EXPECT_TRUE(log_->entries(admin_, "pseudolab", {}).ok());
}

TEST_P(AuditLogTest, OnlyOrganizersAndAdminsMayReadIt) {
  EXPECT_EQ(log_->entries(Viewer{}, "pseudolab", {}).error().http_status, 401);
  EXPECT_EQ(log_->entries(member_, "pseudolab", {}).error().http_status, 403);
  // An organizer of one community reads nothing of another.
  EXPECT_EQ(log_->entries(organizer_, "geultto", {}).error().http_status, 403);
  EXPECT_EQ(log_->entries(organizer_, "nowhere", {}).error().http_status, 404);
  EXPECT_EQ(log_->csv(member_, "pseudolab", {}).error().http_status, 403);
}

TEST_P(AuditLogTest, FiltersByAreaActorDatesAndSubject) {
  const std::int64_t start = clock_.now_seconds();
  clock_.advance(100);
  write(organizer_.user_id(), "event.created", "PseudoCon 2026");
  clock_.advance(100);
  write(organizer_.user_id(), "cohort.created", "11기");
  clock_.advance(100);
  write(admin_.user_id(), "event.updated", "pseudocon 2026");

  auto events = log_->entries(organizer_, "pseudolab", {.area = "event"});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(actions(*events), (std::vector<std::string>{"event.updated", "event.created"}));
  auto by_admin =
      log_->entries(organizer_, "pseudolab", {.area = "event", .actor_id = admin_.user_id()});
  EXPECT_EQ(actions(*by_admin), (std::vector<std::string>{"event.updated"}));
  auto window = log_->entries(organizer_, "pseudolab", {.from = start + 150, .until = start + 250});
  EXPECT_EQ(actions(*window), (std::vector<std::string>{"cohort.created"}));
  // Part of the subject, any case.
  auto subject = log_->entries(organizer_, "pseudolab", {.subject = "PSEUDOCON"});
  EXPECT_EQ(subject->entries.size(), 2u);
  // A wildcard typed as text is only text.
  auto percent = log_->entries(organizer_, "pseudolab", {.subject = "%"});
  EXPECT_TRUE(percent->entries.empty());

  EXPECT_EQ(log_->entries(organizer_, "pseudolab", {.area = "nope"}).error().field, "area");
  EXPECT_EQ(log_->entries(organizer_, "pseudolab", {.before = "12x"}).error().field, "before");
  EXPECT_EQ(
      log_->entries(organizer_, "pseudolab", {.from = start + 10, .until = start}).error().field,
      "until");
  EXPECT_EQ(
      log_->entries(organizer_, "pseudolab", {.subject = std::string(101, 'a')}).error().field,
      "subject");
}

TEST_P(AuditLogTest, PagesWalkEveryEntryOnceEvenWithinOneSecond) {
  for (int entry_idx = 0; entry_idx < 23; ++entry_idx)
    write(organizer_.user_id(), "project.updated", "p" + std::to_string(entry_idx));
  std::set<std::int64_t> seen;
  AuditFilter filter{.area = "project"};
  int pages = 0;
  while (true) {
    auto page = log_->entries(organizer_, "pseudolab", filter, 10);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ++pages;
    for (const auto& entry : page->entries) EXPECT_TRUE(seen.insert(entry.id).second);
    if (page->next.empty()) break;
    filter.before = page->next;
  }
  EXPECT_EQ(seen.size(), 23u);
  EXPECT_EQ(pages, 3);
}

TEST_P(AuditLogTest, TheCsvHoldsEveryMatchingEntryDefusedForSpreadsheets) {
  write(organizer_.user_id(), "event.created", "=HYPERLINK(\"x\")", {{"title", "a,b"}});
  auto csv = log_->csv(organizer_, "pseudolab", {.area = "event"});
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(csv->rfind("\xEF\xBB\xBF"
                       "id,created_at,actor,action,subject,detail\r\n",
                       0),
            0u);
  EXPECT_NE(csv->find(",운영진,event.created,\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos)
      << *csv;
  EXPECT_NE(csv->find("\"{\"\"title\"\":\"\"a,b\"\"}\""), std::string::npos) << *csv;
  // One header and one entry.
  EXPECT_EQ(std::count(csv->begin(), csv->end(), '\n'), 2);
}

// The organizer's count (issue #16): a cohort's decisions by hand come from
// the audit entries naming it, what moim did from its delivered outbox rows;
// neither leaks into another cohort or the event.
TEST_P(AuditLogTest, TheOrganizerCountSeparatesWhatMoimDidFromWhatPeopleDidPerScope) {
  const std::int64_t organizer = organizer_.user_id();
  write(organizer, "allocation.pinned", "5", {{"cohort_id", 41}, {"reason", "builder asked"}});
  write(organizer, "allocation.run", "10th", {{"cohort_id", 41}});
  write(organizer, "project.approved", "7", {{"cohort_id", 41}, {"project_id", 7}});
  write(0, "certificates.issue", "41", {{"cohort_id", 41}});  // moim's own: not by hand
  write(organizer, "allocation.run", "11th", {{"cohort_id", 42}});
  write(organizer, "event.created", "PseudoCon", {{"event_id", 9}});
  write(organizer, "member.stage_changed", "3");  // the community's, no cohort
  struct Row {
    std::string kind, purpose, state;
    std::optional<std::int64_t> cohort_id, event_id;
  };
  const std::vector<Row> rows = {
      {"email", "", "done", 41, {}},         {"email", "", "done", 41, {}},
      {"email", "", "done", 41, {}},         {"email", "reminder", "done", 41, {}},
      {"email", "reminder", "done", 41, {}}, {"email", "", "pending", 41, {}},
      {"email", "", "dead", 41, {}},         {"discord", "role", "done", 41, {}},
      {"discord", "role", "done", 41, {}},   {"discord", "channel", "done", 41, {}},
      {"notion", "page", "done", 41, {}},    {"mystery", "", "done", 41, {}},
      {"email", "", "done", {}, 9},          {"email", "", "done", 42, {}},
  };
  {
    auto writer = test_db_->database().write();
    ASSERT_TRUE(writer.ok());
    for (std::size_t idx = 0; idx < rows.size(); ++idx) {
      const Row& row = rows[idx];
      ASSERT_TRUE(outbox::enqueue(writer.value(),
                                  {.kind = row.kind,
                                   .target = "someone@example.com",
                                   .payload = {},
                                   .idempotency_key = "count:" + std::to_string(idx),
                                   .community_id = community_.id,
                                   .cohort_id = row.cohort_id,
                                   .event_id = row.event_id,
                                   .purpose = row.purpose},
                                  clock_.now_seconds())
                      .ok());
      // Taken by the worker; given up on, or left waiting.
      ASSERT_TRUE(writer
                      ->execute("UPDATE outbox SET state = ? WHERE idempotency_key = ?",
                                {row.state == "done" ? std::string("delivering") : row.state,
                                 "count:" + std::to_string(idx)})
                      .ok());
    }
    ASSERT_TRUE(writer->commit().ok());
  }
  // Delivered: the worker's record of the outcome counts them.
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    if (rows[idx].state != "done") continue;
    std::int64_t row_id = 0;
    {
      auto reader = test_db_->database().read();
      ASSERT_TRUE(reader.ok());
      auto id = reader->query_one("SELECT id FROM outbox WHERE idempotency_key = ?",
                                  {"count:" + std::to_string(idx)});
      ASSERT_TRUE(id.ok() && id->has_value());
      row_id = (*id)->int64(0);
    }
    auto recorded = outbox::record_outcome(test_db_->database(), row_id, "done", "", "", 0,
                                           clock_.now_seconds());
    ASSERT_TRUE(recorded.ok()) << recorded.error().message;
    EXPECT_EQ(recorded->state, "done");
  }
  const outbox::OrganizerCounter counter(test_db_->database(),
                                         {outbox::delivered_count, audited_count});
  auto cohort = counter.count({.community_id = community_.id, .cohort_id = 41});
  ASSERT_TRUE(cohort.ok()) << cohort.error().message;
  const auto lines = [](const outbox::CountSide& side) {
    std::map<std::string, std::int64_t> out;
    for (const auto& line : side.lines) out[line.what] = line.count;
    return out;
  };
  EXPECT_EQ(cohort->moim.total, 10);  // pending and dead rows are not done yet
  EXPECT_EQ(lines(cohort->moim), (std::map<std::string, std::int64_t>{{"count_email", 3},
                                                                      {"count_email_reminder", 2},
                                                                      {"count_discord_role", 2},
                                                                      {"count_discord_channel", 1},
                                                                      {"count_notion_page", 1},
                                                                      {"count_other", 1}}));
  EXPECT_EQ(cohort->moim.lines.front().what, "count_email");  // largest first
  EXPECT_EQ(cohort->by_hand.total, 3);
  EXPECT_EQ(lines(cohort->by_hand), (std::map<std::string, std::int64_t>{
                                        {"audit_area_allocation", 2}, {"audit_area_project", 1}}));
  auto event = counter.count({.community_id = community_.id, .event_id = 9});
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->moim.total, 1);
  EXPECT_EQ(event->by_hand.total, 1);
  EXPECT_EQ(lines(event->by_hand), (std::map<std::string, std::int64_t>{{"audit_area_event", 1}}));
  auto other = counter.count({.community_id = community_.id, .cohort_id = 42});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->moim.total, 1);
  EXPECT_EQ(other->by_hand.total, 1);
  auto json = outbox::organizer_count_json(cohort.value());
  EXPECT_EQ(json["moim"].as_object()["total"].as_int64(), 10);
  EXPECT_EQ(json["by_hand"].as_object()["lines"].as_array().size(), 2u);
  // A page names each line from the catalog; one it does not know is "other".
  auto view = outbox::organizer_count_view(cohort.value(), [](const std::string& key) {
    return key == "count_email" ? std::string("Mails sent") : key;
  });
  EXPECT_EQ(view["moim_lines"].as_array()[0].as_object()["label"].as_string(), "Mails sent");
  EXPECT_EQ(view["moim_lines"].as_array()[1].as_object()["label"].as_string(), "count_other");
}

INSTANTIATE_TEST_SUITE_P(Drivers, AuditLogTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::communities
