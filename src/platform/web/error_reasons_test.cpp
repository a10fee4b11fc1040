#include "platform/web/error_reasons.hpp"

#include <gtest/gtest.h>

#include <map>

#include "platform/web/input.hpp"

namespace moim::web {
namespace {

// Every error web::Fields can give is recognized, numbers included: a
// reworded message in input.cpp fails here instead of leaking English.
TEST(ErrorReasons, EveryFieldsErrorHasAReason) {
  const Fields form(std::map<std::string, std::string>{{"long", std::string(11, 'x')},
                                                       {"short", "x"},
                                                       {"number", "x1"},
                                                       {"big", "99"},
                                                       {"bad", "\xff"},
                                                       {"list", "abcdef"},
                                                       {"many", "a,b,c"}});
  struct Case {
    Error error;
    std::string key;
    long long limit;
    long long min;
  };
  const std::vector<Case> cases = {
      {form.text("long", 1, 10).error(), "too_long", 10, 0},
      {form.text("short", 3, 10).error(), "too_short", 0, 3},
      {form.text("missing", 1, 10).error(), "required", 0, 0},
      {form.optional_integer("number", 0, 5).error(), "not_integer", 0, 0},
      {form.optional_integer("big", 1, 10).error(), "out_of_range", 10, 1},
      {form.optional_text("bad", 10).error(), "not_utf8", 0, 0},
      {form.optional_list("list", 5, 3).error(), "item_too_long", 3, 0},
      {form.optional_list("many", 2, 3).error(), "too_many_items", 2, 0},
      {Fields(boost::json::object{{"flag", 1}}).optional_boolean("flag").error(), "not_boolean", 0,
       0},
      {Fields(boost::json::object{{"tags", 1}}).optional_list("tags", 2, 3).error(), "not_list", 0,
       0},
      {Fields(boost::json::object{{"name", 1}}).optional_text("name", 3).error(), "not_text", 0, 0},
  };
  for (const auto& each : cases) {
    auto reason = reason_of(each.error);
    ASSERT_TRUE(reason.has_value()) << each.error.message;
    EXPECT_EQ(reason->key, each.key) << each.error.message;
    EXPECT_EQ(reason->limit, each.limit) << each.error.message;
    EXPECT_EQ(reason->min, each.min) << each.error.message;
  }
}

TEST(ErrorReasons, CohortPhasesAndOtherCodes) {
  EXPECT_EQ(
      reason_of(Error::invalid("phases.running", "the running phase must end after it starts"))
          ->key,
      "phase_ends_before_start");
  EXPECT_EQ(reason_of(Error::invalid("max_choices", "max_choices must be 1 to 10"))->limit, 10);
  EXPECT_FALSE(reason_of(Error::conflict("key", "key must be at most 3 characters")).has_value());
  EXPECT_FALSE(reason_of(Error::invalid("x", "something else entirely")).has_value());
  auto outside = reason_of(Error::invalid(
      "ends_on", "ends_on must be within the cohort's running phase (2026-01-05 to 2026-03-01)"));
  ASSERT_TRUE(outside.has_value());
  EXPECT_EQ(outside->key, "outside_cohort");
  EXPECT_EQ(outside->from, "2026-01-05");
  EXPECT_EQ(outside->to, "2026-03-01");
}

}  // namespace
}  // namespace moim::web
