// Registration questions: organizers ask, registrations answer in the same
// transaction (a refusal writes nothing), staff may skip required ones, and
// organizers read the answers back (per registration, summary, CSV).
#include <gtest/gtest.h>

#include "features/events/events_service.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::events {
namespace {

using accounts::Viewer;
using communities::Stage;

constexpr std::int64_t kStart = 1'800'000'000;

class QuestionsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<EventsService>(test_db_->database(), clock_, *communities_,
                                               EventsOptions{});
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    member_ = viewer("member@example.com", "김철수", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &member_})
      ASSERT_TRUE(communities_->join(*who, "lab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    EventInput input;
    input.title = "PseudoCon";
    input.starts_at = kStart + 7 * 86400;
    input.ends_at = kStart + 7 * 86400 + 8 * 3600;
    input.capacity = 2;
    auto created = service_->create(organizer_, "lab", input);
    ASSERT_TRUE(created.ok()) << created.error().message;
    auto vip =
        service_->add_ticket_type(organizer_, "lab", created->id, {.name = "VIP", .capacity = 5});
    ASSERT_TRUE(vip.ok()) << vip.error().message;
    event_ = vip.value();
    general_ = event_.ticket_types.at(0).id;
    vip_ = event_.ticket_types.at(1).id;
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
  RegistrationQuestion ask(const QuestionFields& fields) {
    auto added = service_->add_question(organizer_, "lab", event_.id, fields);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() ? added.value() : RegistrationQuestion{};
  }
  Result<Registered> guest(const std::string& name, std::vector<AnswerInput> answers,
                           std::optional<std::int64_t> type = std::nullopt) {
    return service_->register_for(Caller{anonymous_, std::nullopt}, "lab", event_.id,
                                  {.ticket_type_id = type,
                                   .name = name,
                                   .email = name + "@example.com",
                                   .answers = std::move(answers)});
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }

  moim::testing::FakeClock clock_{kStart};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<EventsService> service_;
  Viewer admin_, organizer_, member_, anonymous_;
  Event event_;
  std::int64_t general_ = 0, vip_ = 0;
};

TEST_P(QuestionsTest, OnlyOrganizersAskAndTheRulesOfEachKindHold) {
  EXPECT_EQ(service_
                ->add_question(member_, "lab", event_.id,
                               {.kind = AskKind::text, .label = std::string("소속")})
                .error()
                .http_status,
            403);
  EXPECT_EQ(service_
                ->add_question(anonymous_, "lab", event_.id,
                               {.kind = AskKind::text, .label = std::string("소속")})
                .error()
                .http_status,
            401);
  auto lonely = service_->add_question(organizer_, "lab", event_.id,
                                       {.kind = AskKind::choice,
                                        .label = std::string("Size"),
                                        .options = std::vector<std::string>{"M"}});
  EXPECT_EQ(lonely.error().field, "options");
  auto twice = service_->add_question(organizer_, "lab", event_.id,
                                      {.kind = AskKind::choice,
                                       .label = std::string("Size"),
                                       .options = std::vector<std::string>{"M", " M "}});
  EXPECT_EQ(twice.error().field, "options[1]");
  auto foreign = service_->add_question(organizer_, "lab", event_.id,
                                        {.kind = AskKind::text,
                                         .label = std::string("x"),
                                         .ticket_type_ids = std::vector<std::int64_t>{999999}});
  EXPECT_EQ(foreign.error().field, "ticket_type_ids[0]");
  auto empty = service_->add_question(organizer_, "lab", event_.id,
                                      {.kind = AskKind::text, .label = std::string("  ")});
  EXPECT_EQ(empty.error().field, "label");

  const auto first = ask({.kind = AskKind::text, .label = std::string("소속"), .max_length = 10});
  const auto second = ask(
      {.kind = AskKind::consent, .label = std::string("사진 촬영에 동의합니다"), .required = true});
  EXPECT_EQ(first.max_length, 10);
  // The kind never changes; the rest does.
  EXPECT_EQ(
      service_->change_question(organizer_, "lab", event_.id, first.id, {.kind = AskKind::choice})
          .error()
          .field,
      "kind");
  auto changed = service_->change_question(organizer_, "lab", event_.id, first.id,
                                           {.label = std::string("소속 (회사/학교)")});
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->label, "소속 (회사/학교)");
  EXPECT_EQ(changed->max_length, 10);
  // Order: every live question once.
  EXPECT_EQ(service_->reorder_questions(organizer_, "lab", event_.id, {second.id}).error().field,
            "question_ids");
  auto ordered = service_->reorder_questions(organizer_, "lab", event_.id, {second.id, first.id});
  ASSERT_TRUE(ordered.ok()) << ordered.error().message;
  EXPECT_EQ(ordered->front().id, second.id);
  auto listed = service_->questions(Caller{anonymous_, std::nullopt}, "lab", event_.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->at(1).label, "소속 (회사/학교)");
}

TEST_P(QuestionsTest, RefusedAnswersNameTheFieldAndWriteNothing) {
  const auto affiliation =
      ask({.kind = AskKind::text, .label = std::string("소속"), .max_length = 5, .required = true});
  const auto size = ask({.kind = AskKind::choice,
                         .label = std::string("T-shirt"),
                         .options = std::vector<std::string>{"S", "M", "L"}});
  const auto photo =
      ask({.kind = AskKind::consent, .label = std::string("사진 촬영 동의"), .required = true});
  const std::string a = "answers." + std::to_string(affiliation.id);
  const std::string s = "answers." + std::to_string(size.id);
  const std::string p = "answers." + std::to_string(photo.id);
  struct Case {
    std::vector<AnswerInput> answers;
    std::string field;
    std::string code;
  };
  const std::vector<Case> cases{
      {{}, a, "answer_required"},
      {{{.question_id = affiliation.id, .value = "   "}}, a, "answer_required"},
      {{{.question_id = affiliation.id, .value = "가짜연구소 본부"}}, a, "answer_too_long"},
      {{{.question_id = affiliation.id, .value = "랩"}}, p, "consent_required"},
      {{{.question_id = affiliation.id, .value = "랩"}, {.question_id = photo.id, .value = "no"}},
       p,
       "consent_required"},
      {{{.question_id = affiliation.id, .value = "랩"},
        {.question_id = photo.id, .value = "yes"},
        {.question_id = size.id, .value = "XL"}},
       s,
       "answer_invalid_choice"},
      {{{.question_id = affiliation.id, .value = "랩"},
        {.question_id = photo.id, .value = "yes"},
        {.question_id = size.id, .choices = std::vector<std::string>{"S", "M"}}},
       s,
       "answer_one_choice"},
      {{{.question_id = 424242, .value = "x"}},
       "answers[0].question_id",
       "answer_unknown_question"},
      {{{.question_id = affiliation.id, .value = "랩"},
        {.question_id = affiliation.id, .value = "랩"}},
       "answers[1].question_id",
       "answer_twice"},
  };
  for (const auto& item : cases) {
    auto refused = guest("someone", item.answers);
    ASSERT_FALSE(refused.ok()) << item.field;
    EXPECT_EQ(refused.error().http_status, 422) << item.field;
    EXPECT_EQ(refused.error().field, item.field);
    EXPECT_EQ(refused.error().code, item.code) << item.field;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_registrations"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_answers"), 0);
  EXPECT_EQ(count("SELECT held FROM event_ticket_types WHERE id = " + std::to_string(general_)), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);

  auto registered = guest("someone", {{.question_id = affiliation.id, .value = " 랩 "},
                                      {.question_id = photo.id, .value = "yes"},
                                      {.question_id = size.id, .value = "M"}});
  ASSERT_TRUE(registered.ok()) << registered.error().message;
  auto mine = service_->my_answers(Caller{anonymous_, registered->ticket_token}, "lab", event_.id);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->size(), 3u);
  EXPECT_EQ(mine->at(0).value, "랩");
  EXPECT_EQ(mine->at(1).shown(), "M");
  EXPECT_EQ(mine->at(2).value, "yes");

  // The same person again: the first registration, the answers not doubled.
  auto again = guest("someone", {{.question_id = affiliation.id, .value = "다른 곳"},
                                 {.question_id = photo.id, .value = "yes"}});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_answers"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_answers WHERE answer = '다른 곳'"), 0);
}

TEST_P(QuestionsTest, QuestionsApplyPerTicketTypeAndStaffMaySkipRequiredOnes) {
  const auto vip_only = ask({.kind = AskKind::choice,
                             .label = std::string("Dinner"),
                             .options = std::vector<std::string>{"Meat", "Veggie"},
                             .multiple = true,
                             .required = true,
                             .ticket_type_ids = std::vector<std::int64_t>{vip_}});
  // General tickets are not asked (an answer to it is ignored).
  auto general = guest("plain", {{.question_id = vip_only.id, .value = "Meat"}}, general_);
  ASSERT_TRUE(general.ok()) << general.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_answers"), 0);
  auto refused = guest("fancy", {}, vip_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "answers." + std::to_string(vip_only.id));
  auto fancy = guest(
      "fancy",
      {{.question_id = vip_only.id, .choices = std::vector<std::string>{"Meat", "Veggie"}}}, vip_);
  ASSERT_TRUE(fancy.ok()) << fancy.error().message;
  // A member's one click still works when nothing is asked of their ticket.
  auto member = service_->register_for(Caller{member_, std::nullopt}, "lab", event_.id, {});
  ASSERT_TRUE(member.ok()) << member.error().message;
  // Organizers adding by hand may skip required questions.
  auto by_hand = service_->add_by_hand(organizer_, "lab", event_.id,
                                       {.ticket_type_id = vip_,
                                        .name = std::string("Speaker"),
                                        .email = std::string("s@example.com")},
                                       false);
  ASSERT_TRUE(by_hand.ok()) << by_hand.error().message;

  auto summary = service_->answer_summary(organizer_, "lab", event_.id);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  ASSERT_EQ(summary->size(), 1u);
  EXPECT_EQ(summary->front().answered, 1);
  EXPECT_EQ(summary->front().choices.at(0), (std::pair<std::string, std::int64_t>{"Meat", 1}));
  EXPECT_EQ(summary->front().choices.at(1), (std::pair<std::string, std::int64_t>{"Veggie", 1}));
  EXPECT_EQ(service_->answer_summary(member_, "lab", event_.id).error().http_status, 403);
  EXPECT_EQ(service_->answers(member_, "lab", event_.id, {}).error().http_status, 403);
}

TEST_P(QuestionsTest, DeletedQuestionsKeepTheirAnswersReadableInTheCsv) {
  const auto affiliation = ask({.kind = AskKind::text, .label = std::string("소속")});
  const auto photo = ask({.kind = AskKind::consent, .label = std::string("사진 촬영 동의")});
  auto registered = guest("someone", {{.question_id = affiliation.id, .value = "=1+2, \"랩\""},
                                      {.question_id = photo.id, .value = "true"}});
  ASSERT_TRUE(registered.ok()) << registered.error().message;
  // Renamed after answering: the answer keeps the label it was given to.
  ASSERT_TRUE(service_
                  ->change_question(organizer_, "lab", event_.id, affiliation.id,
                                    {.label = std::string("회사")})
                  .ok());
  ASSERT_TRUE(service_->delete_question(organizer_, "lab", event_.id, photo.id).ok());
  auto live = service_->questions(Caller{anonymous_, std::nullopt}, "lab", event_.id);
  ASSERT_EQ(live->size(), 1u);
  // A question nobody answered is removed outright.
  const auto unused = ask({.kind = AskKind::text, .label = std::string("unused")});
  ASSERT_TRUE(service_->delete_question(organizer_, "lab", event_.id, unused.id).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_questions"), 2);

  auto answers = service_->answers(organizer_, "lab", event_.id, {registered->registration.id});
  ASSERT_TRUE(answers.ok());
  ASSERT_EQ(answers->size(), 2u);
  EXPECT_EQ(answers->at(0).label, "소속");
  EXPECT_EQ(answers->at(1).label, "사진 촬영 동의");
  auto summary = service_->answer_summary(organizer_, "lab", event_.id);
  ASSERT_EQ(summary->size(), 2u);
  EXPECT_TRUE(summary->at(1).question.deleted);
  EXPECT_EQ(summary->at(1).agreed, 1);

  const CsvWords words{.header = [](const std::string& column) { return "h:" + column; },
                       .status = [](const std::string& status) { return "s:" + status; },
                       .source = [](const std::string& source) { return "o:" + source; }};
  auto csv = service_->registrations_csv(organizer_, "lab", event_.id, words);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBFh:name,h:email,h:ticket_type,h:status,"));
  EXPECT_NE(csv->find(",회사,사진 촬영 동의\r\n"), std::string::npos) << *csv;
  EXPECT_NE(csv->find("s:confirmed"), std::string::npos);
  // A formula is defused, a comma and quotes quoted.
  EXPECT_NE(csv->find(",\"'=1+2, \"\"랩\"\"\",yes\r\n"), std::string::npos) << *csv;
  EXPECT_EQ(service_->registrations_csv(member_, "lab", event_.id, words).error().http_status, 403);
}

INSTANTIATE_TEST_SUITE_P(Drivers, QuestionsTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
