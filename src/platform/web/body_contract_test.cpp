#include "platform/web/body_contract.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

namespace moim::web {
namespace {

const char* kDocument = R"({
  "openapi": "3.1.0",
  "paths": {
    "/communities/{slug}/projects": {"post": {"requestBody": {"content": {"application/json": {"schema": {
      "type": "object",
      "properties": {
        "title": {"type": "string"},
        "capacity": {"type": "integer"},
        "choices": {"type": "array", "items": {"$ref": "#/components/schemas/Choice"}},
        "extra": {"type": "object", "additionalProperties": true, "properties": {}}
      }}}}}}},
    "/free": {"put": {"requestBody": {"content": {"application/json": {"schema": {
      "type": "object", "additionalProperties": {"type": "string"}, "properties": {}}}}}}}
  },
  "components": {"schemas": {"Choice": {"type": "object", "properties": {"project_id": {"type": "integer"}}}}}
})";

BodyContract contract() { return BodyContract::from_openapi(boost::json::parse(kDocument)); }

TEST(BodyContract, RefusesATypoNamingTheField) {
  auto refusal = contract().check(http::Method::kPost, "/api/v1/communities/{community}/projects",
                                  R"({"title":"LLM","capcity":20})");
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->http_status, 422);
  EXPECT_EQ(refusal->code, "unknown_field");
  EXPECT_EQ(refusal->field, "capcity");
}

TEST(BodyContract, LooksInsideListsAndReferences) {
  auto refusal = contract().check(http::Method::kPost, "/api/v1/communities/{slug}/projects",
                                  R"({"choices":[{"project_id":1},{"projet_id":2}]})");
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->field, "choices[1].projet_id");
}

TEST(BodyContract, AcceptsDeclaredFieldsAndOpenObjects) {
  const BodyContract rules = contract();
  EXPECT_FALSE(rules.check(http::Method::kPost, "/api/v1/communities/{slug}/projects",
                           R"({"title":"x","capacity":3,"extra":{"anything":1}})"));
  EXPECT_FALSE(rules.check(http::Method::kPut, "/api/v1/free", R"({"whatever":"x"})"));
  // Not this contract's business: other routes, empty and broken bodies.
  EXPECT_FALSE(
      rules.check(http::Method::kPatch, "/api/v1/communities/{slug}/projects", R"({"z":1})"));
  EXPECT_FALSE(rules.check(http::Method::kPost, "/api/v1/communities/{slug}/projects", ""));
  EXPECT_FALSE(rules.check(http::Method::kPost, "/api/v1/communities/{slug}/projects", "{bad"));
  EXPECT_FALSE(rules.check(http::Method::kPost, "/api/v1/communities/{slug}/projects", "[1]"));
}

// The document the server ships declares a body for every operation that takes one.
TEST(BodyContract, ReadsTheShippedDocument) {
  std::ifstream file(std::string(MOIM_SOURCE_DIR) + "/web/openapi.json");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_GE(BodyContract::from_openapi(boost::json::parse(text.str())).operations(), 40u);
}

}  // namespace
}  // namespace moim::web
