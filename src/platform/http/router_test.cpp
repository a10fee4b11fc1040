#include "platform/http/router.hpp"

#include <gtest/gtest.h>

namespace moim::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) { return Response::text(200, name); };
}

TEST(Router, ExtractsPathParameters) {
  Router router;
  router.get("/c/{slug}/members/{user_id}", named("member"));
  auto match = router.match(Method::kGet, "/c/pseudolab/members/42");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.params["slug"], "pseudolab");
  EXPECT_EQ(match.params["user_id"], "42");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router router;
  router.get("/c/{slug}", named("community"));
  router.get("/c/new", named("new"));
  auto match = router.match(Method::kGet, "/c/new");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/c/new");
}

TEST(Router, ReportsAllowedMethodsWhenOnlyTheMethodIsWrong) {
  Router router;
  router.post("/login", named("login"));
  router.get("/login", named("form"));
  auto match = router.match(Method::kDelete, "/login");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed.size(), 2u);
}

TEST(Router, HeadIsAnsweredByGet) {
  Router router;
  router.get("/healthz", named("health"));
  EXPECT_NE(router.match(Method::kHead, "/healthz").route, nullptr);
}

TEST(Router, TrailingSlashAndDoubleSlashesMatchTheSameRoute) {
  Router router;
  router.get("/c/{slug}", named("community"));
  EXPECT_NE(router.match(Method::kGet, "/c/x/").route, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/c").route, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/c/x/y").route, nullptr);
}

TEST(Router, RefusesADuplicateDeclaration) {
  Router router;
  router.get("/a", named("a"));
  EXPECT_THROW(router.get("/a", named("b")), std::logic_error);
}

}  // namespace
}  // namespace moim::http
