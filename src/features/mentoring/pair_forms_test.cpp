#include "features/mentoring/pair_forms.hpp"

#include <gtest/gtest.h>

namespace moim::mentoring::pages {
namespace {

using Fields = std::map<std::string, std::string>;

constexpr std::int64_t kSeven = 1930417200;  // 2031-03-04 19:00 UTC

void expect_refused(const Error& error, const std::string& field) {
  EXPECT_EQ(error.field, field);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.code, "invalid");
}

TEST(GoalsForm, KeepsTheGoalsInTheirOrderWithoutBlanks) {
  auto goals = goals_input({{"goal_1", " Ship it "}, {"goal_2", "  "}, {"goal_3", "Read"}});
  ASSERT_TRUE(goals.ok());
  EXPECT_EQ(goals.value(), (std::vector<std::string>{"Ship it", "Read"}));
  // None at all is the service's to refuse (it asks for one to three).
  EXPECT_TRUE(goals_input({}).value().empty());
  expect_refused(goals_input({{"goal_2", "\xff"}}).error(), "goal_2");
}

TEST(GoalsForm, StoredAndTypedValuesFillEveryInput) {
  const auto stored = goals_values({"One"});
  EXPECT_EQ(stored.at("goal_1").as_string(), "One");
  EXPECT_EQ(stored.at("goal_3").as_string(), "");
  const auto typed = goals_typed({{"goal_2", " as typed "}});
  EXPECT_EQ(typed.at("goal_1").as_string(), "");
  EXPECT_EQ(typed.at("goal_2").as_string(), " as typed ");
}

TEST(ProposalForm, ReadsTheTimeInTheProposersZone) {
  auto seoul = proposal_input({{"starts_at", "2031-03-05T04:00"}, {"minutes", ""}}, "Asia/Seoul");
  ASSERT_TRUE(seoul.ok()) << seoul.error().message;
  EXPECT_EQ(seoul->starts_at, kSeven);
  EXPECT_FALSE(seoul->minutes.has_value());  // the program's length
  auto utc = proposal_input({{"starts_at", "2031-03-04T19:00:00"}, {"minutes", "90"}}, "UTC");
  ASSERT_TRUE(utc.ok()) << utc.error().message;
  EXPECT_EQ(utc->starts_at, kSeven);
  EXPECT_EQ(utc->minutes, 90);
}

TEST(ProposalForm, NamesTheFieldAtFault) {
  for (const char* when : {"", "tomorrow", "2031-03-04", "2031-13-04T19:00", "2031-03-04T19:00x",
                           "2031-03-04T19:00:0x", "2031-03-04 19:00"}) {
    auto input = proposal_input({{"starts_at", when}}, "UTC");
    ASSERT_FALSE(input.ok()) << when;
    expect_refused(input.error(), "starts_at");
  }
  for (const char* minutes : {"10", "601", "1h", "-30"}) {
    auto input = proposal_input({{"starts_at", "2031-03-04T19:00"}, {"minutes", minutes}}, "UTC");
    ASSERT_FALSE(input.ok()) << minutes;
    expect_refused(input.error(), "minutes");
  }
  const auto typed = proposal_typed({{"starts_at", " 2031-03-04T19:00 "}, {"minutes", "x"}});
  EXPECT_EQ(typed.at("starts_at").as_string(), "2031-03-04T19:00");
  EXPECT_EQ(typed.at("minutes").as_string(), "x");
}

TEST(AnswerForm, TakesTheThreeActionsOnly) {
  for (const char* action : {"confirm", "cancel", "held"})
    EXPECT_EQ(answer_input({{"action", action}}).value(), action);
  expect_refused(answer_input({{"action", "delete"}}).error(), "action");
  expect_refused(answer_input({}).error(), "action");
}

TEST(NoteForm, ReadsTheBodyTheSessionAndTheBox) {
  auto note =
      note_input({{"body", " After the first one \n"}, {"session_id", "12"}, {"share", "1"}});
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->body, "After the first one");
  EXPECT_EQ(note->session_id, 12);
  EXPECT_TRUE(note->share);
  auto plain = note_input({{"body", "x"}, {"session_id", ""}});
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->session_id.has_value());
  EXPECT_FALSE(plain->share);
  for (const char* id : {"0", "-3", "twelve"})
    expect_refused(note_input({{"body", "x"}, {"session_id", id}}).error(), "session_id");
  const auto typed = note_typed({{"body", " kept \n"}, {"session_id", "5"}});
  EXPECT_EQ(typed.at("body").as_string(), " kept \n");
  EXPECT_FALSE(typed.at("share").as_bool());
}

TEST(ShareForm, IsOneOrZero) {
  EXPECT_TRUE(share_input({{"share", "1"}}).value());
  EXPECT_FALSE(share_input({{"share", "0"}}).value());
  expect_refused(share_input({{"share", "yes"}}).error(), "share");
}

TEST(CheckinForm, ReadsTheLightTheWordsAndTheRequest) {
  auto checkin = checkin_input({{"light", "yellow"}, {"comment", " slow "}, {"wants_help", "1"}});
  ASSERT_TRUE(checkin.ok());
  EXPECT_EQ(checkin->light, Light::yellow);
  EXPECT_EQ(checkin->comment, "slow");
  EXPECT_TRUE(checkin->wants_help);
  EXPECT_FALSE(checkin_input({{"light", "red"}})->wants_help);
  expect_refused(checkin_input({{"light", "blue"}}).error(), "light");
  expect_refused(checkin_input({}).error(), "light");
  EXPECT_EQ(checkin_values(std::nullopt).at("light").as_string(), "");
  const auto stored = checkin_values(Checkin{7, Light::red, "help", true, 0});
  EXPECT_EQ(stored.at("light").as_string(), "red");
  EXPECT_TRUE(stored.at("wants_help").as_bool());
}

TEST(FeedbackForm, TheMenteeMarksEachGoalTheMentorNone) {
  auto mentee =
      feedback_input({{"rating", "4"}, {"comment", " good "}, {"reached_2", "1"}}, 3, true);
  ASSERT_TRUE(mentee.ok());
  EXPECT_EQ(mentee->rating, 4);
  EXPECT_EQ(mentee->comment, "good");
  EXPECT_EQ(mentee->goals_reached, (std::vector<bool>{false, true, false}));
  auto mentor = feedback_input({{"rating", "5"}, {"reached_1", "1"}}, 3, false);
  ASSERT_TRUE(mentor.ok());
  EXPECT_FALSE(mentor->goals_reached.has_value());
  for (const char* rating : {"", "0", "6", "four"})
    expect_refused(feedback_input({{"rating", rating}}, 1, true).error(), "rating");
}

TEST(FeedbackForm, StoredAndTypedValuesKeepTheMarks) {
  const auto none = feedback_values(std::nullopt, {true, false});
  EXPECT_EQ(none.at("rating").as_string(), "");
  EXPECT_TRUE(none.at("reached_1").as_bool());
  EXPECT_FALSE(none.at("reached_2").as_bool());
  const auto stored = feedback_values(Feedback{7, 3, "fine"}, {});
  EXPECT_EQ(stored.at("rating").as_string(), "3");
  EXPECT_EQ(stored.at("comment").as_string(), "fine");
  const auto typed = feedback_typed({{"rating", "9"}, {"reached_2", "1"}}, 2);
  EXPECT_EQ(typed.at("rating").as_string(), "9");
  EXPECT_FALSE(typed.at("reached_1").as_bool());
  EXPECT_TRUE(typed.at("reached_2").as_bool());
}

}  // namespace
}  // namespace moim::mentoring::pages
