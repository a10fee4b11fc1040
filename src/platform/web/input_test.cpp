#include "platform/web/input.hpp"

#include <gtest/gtest.h>

namespace moim::web {
namespace {

http::Request json_request(std::string body, std::string content_type = "application/json") {
  http::Request request;
  request.headers = {{"content-type", std::move(content_type)}};
  request.body = std::move(body);
  return request;
}

TEST(Input, JsonBodyNeedsTheRightContentTypeAndAnObject) {
  EXPECT_EQ(json_body(json_request("{}", "text/plain")).error().http_status, 415);
  EXPECT_EQ(json_body(json_request("{\"a\":")).error().code, "invalid_json");
  EXPECT_EQ(json_body(json_request("[1,2]")).error().code, "invalid_json");
  EXPECT_EQ(json_body(json_request("{\"name\":\"\xff\xfe\"}")).error().code, "invalid_json");
  EXPECT_TRUE(
      json_body(json_request("{\"name\":\"가짜연구소\"}", "application/json; charset=utf-8")).ok());
}

TEST(Input, TextFieldsAreTrimmedAndLimitedInCharactersNotBytes) {
  Fields fields(boost::json::object{{"name", "  가나다  "}, {"number", 3}});
  EXPECT_EQ(fields.text("name", 1, 3).value(), "가나다");
  EXPECT_EQ(fields.text("name", 1, 2).error().field, "name");
  EXPECT_EQ(fields.text("missing", 1, 10).error().field, "missing");
  EXPECT_EQ(fields.text("number", 1, 10).error().message, "number must be text");
}

TEST(Input, FormFieldsRejectInvalidUtf8AndNul) {
  Fields fields(
      std::map<std::string, std::string>{{"bio", "\xc3\x28"}, {"name", std::string("a\0b", 3)}});
  EXPECT_EQ(fields.optional_text("bio", 100).error().field, "bio");
  EXPECT_EQ(fields.optional_text("name", 100).error().field, "name");
}

TEST(Input, IntegersAreCheckedForTypeAndRange) {
  Fields json(boost::json::object{{"n", 5}, {"s", "5"}, {"big", 1000}});
  EXPECT_EQ(*json.optional_integer("n", 1, 10).value(), 5);
  EXPECT_EQ(json.optional_integer("s", 1, 10).error().field, "s");
  EXPECT_EQ(json.optional_integer("big", 1, 10).error().field, "big");
  Fields form(std::map<std::string, std::string>{{"n", "7"}, {"bad", "7x"}});
  EXPECT_EQ(*form.optional_integer("n", 1, 10).value(), 7);
  EXPECT_FALSE(form.optional_integer("bad", 1, 10).ok());
}

TEST(Input, ListsDropBlanksAndDuplicatesAndRespectLimits) {
  Fields form(std::map<std::string, std::string>{{"tags", "nlp, vision,,nlp , rl"}});
  EXPECT_EQ(form.optional_list("tags", 5, 20).value()->size(), 3u);
  EXPECT_EQ(form.optional_list("tags", 2, 20).error().field, "tags");
}

TEST(Input, Utf8ValidationCatchesOverlongAndSurrogates) {
  EXPECT_TRUE(is_valid_utf8("plain 한국어 😀"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xe4\xb8"));      // truncated
}

}  // namespace
}  // namespace moim::web
