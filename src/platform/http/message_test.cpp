#include "platform/http/message.hpp"

#include <gtest/gtest.h>

namespace moim::http {
namespace {

TEST(Message, DecodesFormFieldsWithKoreanAndPlusSigns) {
  Request request;
  request.body = "name=%EA%B0%80%EC%A7%9C+%EC%97%B0%EA%B5%AC%EC%86%8C&empty=&flag&bad=%zz";
  auto fields = request.form();
  EXPECT_EQ(fields["name"], "가짜 연구소");
  EXPECT_EQ(fields["empty"], "");
  EXPECT_EQ(fields.count("flag"), 1u);
  EXPECT_EQ(fields["bad"], "%zz");  // kept literally, validated by the caller
}

TEST(Message, ReadsCookiesAmongSeveral) {
  Request request;
  request.headers = {{"cookie", "a=1; moim_session=abc.def ;  other=x"}};
  EXPECT_EQ(request.cookie("moim_session"), "abc.def");
  EXPECT_EQ(request.cookie("other"), "x");
  EXPECT_FALSE(request.cookie("missing").has_value());
}

TEST(Message, QueryParamTakesTheLastValue) {
  Request request;
  request.query = "q=one&q=two&stage=runner";
  EXPECT_EQ(request.query_param("q"), "two");
  EXPECT_EQ(request.query_param("stage"), "runner");
  EXPECT_FALSE(request.query_param("page").has_value());
}

TEST(Message, SetCookieCarriesTheSecurityAttributes) {
  Response response;
  response.set_cookie({.name = "moim_session", .value = "v", .max_age_seconds = 60, .secure = true});
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "moim_session=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax");
}

TEST(Message, PercentEncodeRoundTrips) {
  const std::string text = "스터디 & 러너/빌더?";
  EXPECT_EQ(percent_decode(percent_encode(text), false), text);
}

}  // namespace
}  // namespace moim::http
