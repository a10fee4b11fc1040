#include <boost/json/parse.hpp>

#include "features/events/testing/after_event_fixture.hpp"

namespace moim::events {
namespace {

using testing::kStart;

class FeedbackTest : public testing::AfterEventFixture {
 protected:
  std::string feedback_link_of(const std::string& email) {
    auto reader = test_db_->database().read();
    auto row = reader->query_one(
        "SELECT payload FROM outbox WHERE target = ? AND payload LIKE '%after_event%'", {email});
    if (!row.ok() || !row->has_value()) return {};
    auto payload = boost::json::parse((*row)->text(0)).as_object();
    return std::string(payload.at("link").as_string());
  }
};

TEST_P(FeedbackTest, AttendeesAnswerOnceAndOrganizersSeeTheResults) {
  Event shown = event(kStart + 86400, 10);
  auto mine = events_->register_for(Caller{member_, std::nullopt}, "lab", shown.id, {});
  ASSERT_TRUE(mine.ok());
  Registered visitor = guest(shown.id, "visitor");
  Registered absent = guest(shown.id, "absent");
  Registered late = guest(shown.id, "late");

  // Only organizers set questions; each is checked and named on error.
  const std::vector<QuestionInput> questions{{QuestionKind::rating, "전체 만족도", true},
                                             {QuestionKind::text, "좋았던 점", false}};
  EXPECT_EQ(after_->set_questions(member_, "lab", shown.id, questions).error().http_status, 403);
  EXPECT_EQ(after_->set_questions(anonymous_, "lab", shown.id, questions).error().http_status, 401);
  EXPECT_EQ(
      after_
          ->set_questions(organizer_, "lab", shown.id, std::vector<QuestionInput>(11, questions[0]))
          .error()
          .field,
      "questions");
  EXPECT_EQ(
      after_->set_questions(organizer_, "lab", shown.id, {{QuestionKind::rating, "  ", false}})
          .error()
          .field,
      "questions[0].prompt");
  auto saved = after_->set_questions(organizer_, "lab", shown.id, questions);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  ASSERT_EQ(saved->size(), 2u);
  const std::int64_t rating_id = (*saved)[0].id, text_id = (*saved)[1].id;
  const std::string rating_field = "q" + std::to_string(rating_id);

  for (const Registered* who : {&*mine, &visitor, &late})
    ASSERT_TRUE(events_->check_in(organizer_, "lab", shown.id, who->registration.ticket_code).ok());

  // Not checked in: no answers.
  EXPECT_EQ(after_
                ->answer(Caller{anonymous_, absent.ticket_token}, "lab", shown.id,
                         {{.question_id = rating_id, .rating = 5}})
                .error()
                .http_status,
            403);
  EXPECT_EQ(after_
                ->answer(Caller{anonymous_, std::nullopt}, "lab", shown.id,
                         {{.question_id = rating_id, .rating = 5}})
                .error()
                .http_status,
            401);
  auto form = after_->form(Caller{member_, std::nullopt}, "lab", shown.id);
  ASSERT_TRUE(form.ok());
  EXPECT_TRUE(form->attended);
  EXPECT_FALSE(form->answered);
  // Bad answers name their question and write nothing.
  EXPECT_EQ(after_
                ->answer(Caller{member_, std::nullopt}, "lab", shown.id,
                         {{.question_id = rating_id, .rating = 6}})
                .error()
                .field,
            rating_field);
  EXPECT_EQ(after_
                ->answer(Caller{member_, std::nullopt}, "lab", shown.id,
                         {{.question_id = text_id, .text = "좋았어요"}})
                .error()
                .field,
            rating_field);  // the required rating is missing
  EXPECT_EQ(after_
                ->answer(Caller{member_, std::nullopt}, "lab", shown.id,
                         {{.question_id = rating_id, .rating = 5},
                          {.question_id = text_id, .text = std::string(2001, 'x')}})
                .error()
                .field,
            "q" + std::to_string(text_id));
  EXPECT_EQ(after_
                ->answer(Caller{member_, std::nullopt}, "lab", shown.id,
                         {{.question_id = 999999, .rating = 5}})
                .error()
                .field,
            "answers");
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_feedback_responses"), 0);

  ASSERT_TRUE(after_
                  ->answer(Caller{member_, std::nullopt}, "lab", shown.id,
                           {{.question_id = rating_id, .rating = 5},
                            {.question_id = text_id, .text = "발표가 <b>좋았어요</b>"}})
                  .ok());
  auto again = after_->answer(Caller{member_, std::nullopt}, "lab", shown.id,
                              {{.question_id = rating_id, .rating = 1}});
  EXPECT_EQ(again.error().http_status, 409);
  EXPECT_TRUE(after_->form(Caller{member_, std::nullopt}, "lab", shown.id)->answered);
  // Once someone answered, the questions stay.
  EXPECT_EQ(after_->set_questions(organizer_, "lab", shown.id, questions).error().http_status, 409);

  // A guest answers with their ticket token.
  ASSERT_TRUE(after_
                  ->answer(Caller{anonymous_, visitor.ticket_token}, "lab", shown.id,
                           {{.question_id = rating_id, .rating = 3}})
                  .ok());

  // The thank-you mail carries a survey link; a guest's opens their survey
  // (and nothing else: not a ticket token for cancelling).
  run_at(shown.ends_at + 3600);
  const std::string member_link = feedback_link_of("member@example.com");
  EXPECT_TRUE(member_link.ends_with("/events/" + std::to_string(shown.id) + "/feedback"))
      << member_link;
  const std::string link = feedback_link_of("late@example.com");
  const auto at = link.find("/feedback/t/");
  ASSERT_NE(at, std::string::npos) << link;
  const std::string token = link.substr(at + 12);
  EXPECT_TRUE(feedback_link_of("absent@example.com").empty());
  auto by_link = after_->form(Caller{anonymous_, token}, "lab", shown.id);
  ASSERT_TRUE(by_link.ok()) << by_link.error().message;
  EXPECT_TRUE(by_link->attended);
  EXPECT_FALSE(
      events_->cancel(Caller{anonymous_, token}, "lab", shown.id, late.registration.id).ok());
  ASSERT_TRUE(after_
                  ->answer(Caller{anonymous_, token}, "lab", shown.id,
                           {{.question_id = rating_id, .rating = 4}})
                  .ok());

  EXPECT_EQ(after_->results(member_, "lab", shown.id).error().http_status, 403);
  auto results = after_->results(organizer_, "lab", shown.id);
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_EQ(results->responses, 3);
  EXPECT_EQ(results->attendees, 3);
  ASSERT_EQ(results->questions.size(), 2u);
  EXPECT_DOUBLE_EQ(*results->questions[0].average, 4.0);
  EXPECT_EQ(results->questions[0].counts[4], 1);  // one 5
  ASSERT_EQ(results->questions[1].texts.size(), 1u);
  EXPECT_EQ(results->questions[1].texts[0], "발표가 <b>좋았어요</b>");
  auto csv = after_->results_csv(organizer_, "lab", shown.id, "ko");
  ASSERT_TRUE(csv.ok());
  EXPECT_TRUE(csv->starts_with("\xEF\xBB\xBF응답 시각,전체 만족도,좋았던 점\r\n")) << *csv;
  EXPECT_NE(csv->find(",5,발표가 <b>좋았어요</b>\r\n"), std::string::npos) << *csv;
  EXPECT_NE(csv->find(",3,\r\n"), std::string::npos) << *csv;
}

INSTANTIATE_TEST_SUITE_P(Drivers, FeedbackTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
