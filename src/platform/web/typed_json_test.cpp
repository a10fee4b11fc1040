#include "platform/web/typed_json.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "platform/web/api_docs.hpp"

namespace moim::web {
namespace {

enum class Level { beginner, intermediate, advanced };
BOOST_DESCRIBE_ENUM(Level, beginner, intermediate, advanced)

struct Choice {
  std::int64_t project_id = 0;
  std::vector<Text<0, 20>> answers;
};
BOOST_DESCRIBE_STRUCT(Choice, (), (project_id, answers))

struct Application {
  Text<1, 40> name;
  std::optional<Int<1, 500>> capacity;
  Level level = Level::beginner;
  std::vector<Choice> choices;
  std::optional<Instant> starts_at;
};
BOOST_DESCRIBE_STRUCT(Application, (), (name, capacity, level, choices, starts_at))

struct ListQuery {
  std::optional<Level> level;
  std::optional<Int<1, 100>> limit;
};
BOOST_DESCRIBE_STRUCT(ListQuery, (), (level, limit))

Result<Application> parse(std::string_view text) {
  return read_json<Application>(boost::json::parse(text), "");
}

TEST(TypedJson, ReadsADescribedStructWithNestedListsAndOptionalMembers) {
  auto parsed = parse(R"({"name": "  PseudoCon  ", "level": "advanced",
      "choices": [{"project_id": 7, "answers": ["yes"]}],
      "starts_at": "2027-05-01T10:00:00+09:00"})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->name.value, "PseudoCon");  // trimmed
  EXPECT_FALSE(parsed->capacity.has_value());
  EXPECT_EQ(parsed->level, Level::advanced);
  ASSERT_EQ(parsed->choices.size(), 1u);
  EXPECT_EQ(parsed->choices[0].project_id, 7);
  EXPECT_EQ(parsed->choices[0].answers[0].value, "yes");
  EXPECT_EQ(parsed->starts_at->seconds, 1809133200);  // 2027-05-01T01:00:00Z
}

TEST(TypedJson, NamesTheFieldOfEveryMistake) {
  struct Case {
    const char* body;
    int status;
    const char* field;
  };
  for (const Case& c : {
           Case{R"({"level": "beginner", "choices": []})", 400, "name"},
           Case{R"({"name": "", "level": "beginner", "choices": []})", 400, "name"},
           Case{R"({"name": 5, "level": "beginner", "choices": []})", 400, "name"},
           Case{R"({"name": "x", "capacity": 0, "level": "beginner", "choices": []})", 400,
                "capacity"},
           Case{R"({"name": "x", "capacity": 2.5, "level": "beginner", "choices": []})", 400,
                "capacity"},
           Case{R"({"name": "x", "level": "expert", "choices": []})", 400, "level"},
           Case{R"({"name": "x", "level": "beginner", "choices": [{"project_id": "7"}]})", 400,
                "choices[0].project_id"},
           Case{R"({"name": "x", "level": "beginner", "choices": [{"project_id": 7}]})", 400,
                "choices[0].answers"},
           Case{R"({"name": "x", "level": "beginner", "choices": [{"project_id": 7,
                "answers": ["012345678901234567890"]}]})",
                400, "choices[0].answers[0]"},
           Case{R"({"name": "x", "level": "beginner", "choices": [{"projet_id": 7}]})", 422,
                "choices[0].projet_id"},
           Case{R"({"name": "x", "level": "beginner", "choices": [], "starts_at": "tomorrow"})",
                400, "starts_at"},
           Case{R"({"name": "x\u0000y", "level": "beginner", "choices": []})", 400, "name"},
       }) {
    auto parsed = parse(c.body);
    ASSERT_FALSE(parsed) << c.body;
    EXPECT_EQ(parsed.error().http_status, c.status) << c.body;
    EXPECT_EQ(parsed.error().field, c.field) << c.body;
  }
}

TEST(TypedJson, WritesWhatItReadsAndTheSchemaAcceptsIt) {
  auto parsed = parse(R"({"name": "밋업", "capacity": 30, "level": "intermediate",
      "choices": [], "starts_at": "2027-05-01T01:00:00Z"})");
  ASSERT_TRUE(parsed);
  const boost::json::value written = write_json(parsed.value());
  EXPECT_EQ(written.at("name"), "밋업");
  EXPECT_EQ(written.at("capacity"), 30);
  EXPECT_EQ(written.at("level"), "intermediate");
  EXPECT_EQ(written.at("starts_at"), "2027-05-01T01:00:00Z");
  const auto schema = json_schema<Application>();
  EXPECT_EQ(schema_violation(written, schema), "");
  boost::json::value broken = written;
  broken.as_object()["level"] = "expert";
  EXPECT_NE(schema_violation(broken, schema), "");
  broken = written;
  broken.as_object()["extra"] = 1;
  EXPECT_NE(schema_violation(broken, schema), "");
  broken = written;
  broken.as_object().erase("name");
  EXPECT_NE(schema_violation(broken, schema), "");
}

TEST(TypedJson, ReadsQueryParametersWithTheSameRules) {
  auto query = read_params<ListQuery>({{"level", "advanced"}, {"limit", "20"}, {"other", "x"}});
  ASSERT_TRUE(query);
  EXPECT_EQ(*query->level, Level::advanced);
  EXPECT_EQ(query->limit->value, 20);
  auto empty = read_params<ListQuery>({{"level", ""}});
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->level.has_value());
  auto wrong = read_params<ListQuery>({{"limit", "many"}});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "limit");
}

TEST(TypedJson, ParsesRfc3339WithOffsets) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("1970-01-01T09:00:00+09:00"), 0);
  EXPECT_EQ(parse_rfc3339("1969-12-31T19:00:00.250-05:00"), 0);
  EXPECT_FALSE(parse_rfc3339("2027-02-30T10:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2027-05-01T10:00:00"));  // no offset: ambiguous
  EXPECT_FALSE(parse_rfc3339("2027-05-01T10:00Z"));
}

}  // namespace
}  // namespace moim::web
