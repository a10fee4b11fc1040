// Reading and writing the engine's files: good input, every kind of bad
// input named by place and field, and the --json output's shape.
#include "engines/allocation/io/allocation_io.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace moim::allocation::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> places(const ParsedInput& parsed) {
  std::vector<std::string> out;
  for (const auto& problem : parsed.problems) out.push_back(problem.where + " " + problem.field);
  return out;
}

constexpr std::string_view kJson = R"({
  "projects": [{"id": "p1", "min": 1, "max": 2, "ranking": ["a3"], "declined": ["a2"]},
               {"id": "p2", "max": 5}],
  "applicants": [{"id": "a1", "choices": ["p1", "p2"], "priority": 1},
                 {"id": "a2", "choices": ["p1", "p2"]},
                 {"id": "a3", "choices": ["p1"], "pinned": null}]
})";

TEST(AllocationJsonInput, ReadsTheDocumentedShape) {
  const ParsedInput parsed = read_json(kJson);
  ASSERT_THAT(parsed.problems, IsEmpty());
  ASSERT_EQ(parsed.instance.projects.size(), 2u);
  EXPECT_EQ(parsed.instance.projects[0].min, 1);
  EXPECT_THAT(parsed.instance.projects[0].ranking, ElementsAre("a3"));
  EXPECT_EQ(parsed.instance.projects[1].min, 0);
  EXPECT_EQ(parsed.instance.applicants[0].priority, 1);
  EXPECT_FALSE(parsed.instance.applicants[2].pinned);
}

TEST(AllocationJsonInput, NamesTheLineOfMalformedJson) {
  const ParsedInput parsed = read_json("{\n  \"projects\": [\n  {\"id\": }\n]}");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].where, "line 3");
  EXPECT_THAT(parsed.problems[0].message, HasSubstr("malformed JSON"));
}

TEST(AllocationJsonInput, RefusesWrongTypesUnknownFieldsAndBadReferences) {
  const ParsedInput parsed = read_json(R"({"projects":[{"id":"p1","max":"ten","choises":1},
      {"id":"p2","min":3,"max":2}],"applicants":[{"id":"a1","choices":["p1",7]}],"extra":1})");
  // Shape problems first; references are checked once the shape is right.
  EXPECT_THAT(places(parsed), ElementsAre("input extra", "projects[0] choises", "projects[0] max",
                                          "applicants[0] choices[1]"));
  const ParsedInput references = read_json(
      R"({"projects":[{"id":"p1","max":1},{"id":"p1","max":1}],
          "applicants":[{"id":"a1","choices":["p1","p1","p9"]},{"id":"a1"}]})");
  EXPECT_THAT(places(references), ElementsAre("projects[1] id", "applicants[1] id",
                                              "applicants[0] choices", "applicants[0] choices"));
  EXPECT_THAT(references.problems[2].message, HasSubstr("listed twice"));
  EXPECT_THAT(references.problems[3].message, HasSubstr("unknown project \"p9\""));
}

TEST(AllocationJsonInput, RefusesMissingSectionsAndHugeNumbers) {
  EXPECT_THAT(places(read_json("[]")), ElementsAre("input "));
  EXPECT_THAT(places(read_json("{}")), ElementsAre("input projects", "input applicants"));
  EXPECT_THAT(places(read_json(R"({"projects":[{"id":"p","max":99999999999}],"applicants":[]})")),
              ElementsAre("projects[0] max"));
}

TEST(AllocationCsvInput, ReadsQuotedFieldsListsAndTheByteOrderMark) {
  const ParsedInput parsed = read_csv(
      "\xEF\xBB\xBFkind,id,min,max,ranking,declined,choices,priority,pinned\r\n"
      "project,p1,1,2,a3,a2,,,\r\n"
      "project,\"p,2\",,5,,,,,\r\n"
      "\r\n"
      "applicant,a1,,,,,\"p1; p,2\",1,\r\n"
      "applicant,a2,,,,,p1,,\"p,2\"\r\n"
      "applicant,a3,,,,,\"p1;\np,2\",,\r\n"
      "applicant,a4,,,,,p1,,\r\n");
  ASSERT_THAT(parsed.problems, IsEmpty()) << parsed.problems[0].where << parsed.problems[0].message;
  ASSERT_EQ(parsed.instance.projects.size(), 2u);
  EXPECT_EQ(parsed.instance.projects[1].id, "p,2");
  EXPECT_THAT(parsed.instance.applicants[0].choices, ElementsAre("p1", "p,2"));
  EXPECT_EQ(parsed.instance.applicants[1].pinned, "p,2");
  EXPECT_THAT(parsed.instance.applicants[2].choices, ElementsAre("p1", "p,2"));
  EXPECT_EQ(parsed.instance.applicants[3].id, "a4");
}

TEST(AllocationCsvInput, NamesLineAndColumnOfEachProblem) {
  const ParsedInput parsed = read_csv(
      "kind,id,max,choices,priority\n"
      "project,p1,2,,\n"
      "project,p2,lots,,\n"
      "applicant,a1,3,p1,\n"
      "applicant,a2,,p1;p1,\n"
      "team,t1,,,\n"
      "applicant,a3,,p1\n");
  EXPECT_THAT(places(parsed), ElementsAre("line 3 max", "line 4 max", "line 6 kind", "line 7 "));
  const ParsedInput references = read_csv(
      "kind,id,max,choices\nproject,p1,2,\napplicant,a1,,p1;p1\napplicant,a2,,p9\n");
  EXPECT_THAT(places(references), ElementsAre("line 3 choices", "line 4 choices"));
}

TEST(AllocationCsvInput, RefusesBadHeadersAndQuoting) {
  EXPECT_THAT(places(read_csv("kind,name\n")), ElementsAre("line 1 name", "line 1 id"));
  EXPECT_THAT(places(read_csv("kind,id,max\nproject,\"p1,2\n")), ElementsAre("line 2 "));
  EXPECT_THAT(places(read_csv("kind,id,max\nproject,\"p1\"x,2\n")), ElementsAre("line 2 "));
  EXPECT_THAT(places(read_csv("")), ElementsAre("line 1 "));
}

TEST(AllocationInput, DetectsTheFormat) {
  EXPECT_THAT(read_input(kJson, "cohort.txt").problems, IsEmpty());
  EXPECT_EQ(read_input("kind,id,max\nproject,p,1\n", "cohort").instance.projects.size(), 1u);
}

TEST(AllocationOutput, WritesTheDocumentedJson) {
  ParsedInput parsed = read_json(kJson);
  parsed.instance.seed = 9;
  const Outcome outcome = allocate(parsed.instance, Mode::stable);
  const auto document = boost::json::parse(write_json(parsed.instance, outcome, Mode::stable));
  const auto& root = document.as_object();
  EXPECT_EQ(root.at("assignment").at("a3"), "p1");
  EXPECT_EQ(root.at("assignment").at("a2"), "p2");
  EXPECT_EQ(root.at("waitlists").at("p1").as_array().size(), 0u);
  EXPECT_EQ(root.at("summary").at("mode"), "stable");
  EXPECT_EQ(root.at("summary").at("seed"), 9u);
  EXPECT_EQ(root.at("explanations").at(1).at("choices").at(0).at("outcome"), "declined_by_builders");
  EXPECT_TRUE(root.at("unassigned").as_array().empty());
}

TEST(AllocationOutput, WritesAReadableTable) {
  const ParsedInput parsed = read_json(kJson);
  const Outcome outcome = allocate(parsed.instance, Mode::rank_maximal);
  const std::string table = write_table(parsed.instance, outcome, Mode::rank_maximal);
  EXPECT_THAT(table, HasSubstr("Rank distribution"));
  EXPECT_THAT(table, HasSubstr("1st choice"));
  EXPECT_THAT(table, HasSubstr("Fill per project"));
  EXPECT_THAT(table, HasSubstr("a2 -> p2  (2nd choice)"));
  EXPECT_THAT(table, HasSubstr("full"));
}

}  // namespace
}  // namespace moim::allocation::io
