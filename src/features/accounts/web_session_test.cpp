// Where forms send the visitor back to: never off-site, and with a single notice.
#include <gtest/gtest.h>

#include "features/accounts/web_session.hpp"

namespace moim::accounts {
namespace {

http::Request post_from(std::string referer, std::string host = "moim.example:8080") {
  http::Request request;
  request.method = http::Method::kPost;
  request.headers = {{"host", std::move(host)}, {"referer", std::move(referer)}};
  return request;
}

TEST(ReturnPath, PrefersTheFormsOwnReturnTo) {
  auto request = post_from("http://moim.example:8080/c/lab/members?q=kim");
  EXPECT_EQ(return_path(request, {{"return_to", "/c/lab/members/7"}}, "/fallback"),
            "/c/lab/members/7");
}

TEST(ReturnPath, FollowsASameOriginRefererWithItsQuery) {
  EXPECT_EQ(return_path(post_from("http://moim.example:8080/c/lab/members?q=kim&page=2#top"), {},
                        "/fallback"),
            "/c/lab/members?q=kim&page=2");
  EXPECT_EQ(return_path(post_from("https://moim.example:8080/c/lab"), {}, "/fallback"), "/c/lab");
}

TEST(ReturnPath, RefusesOtherOriginsAndTricks) {
  EXPECT_EQ(return_path(post_from("https://evil.example/c/lab"), {}, "/fallback"), "/fallback");
  EXPECT_EQ(return_path(post_from("http://moim.example:8080.evil.example/x"), {}, "/fallback"),
            "/fallback");
  EXPECT_EQ(return_path(post_from("http://moim.example:8080//evil.example/x"), {}, "/fallback"),
            "/fallback");
  EXPECT_EQ(return_path(post_from("http://moim.example:8080"), {}, "/fallback"), "/fallback");
  EXPECT_EQ(return_path(post_from("/c/lab", ""), {}, "/fallback"), "/fallback");
  EXPECT_EQ(return_path(post_from(""), {{"return_to", "https://evil.example/"}}, "/fallback"),
            "/fallback");
}

// What a WHATWG URL parser (every browser) would read as another origin.
TEST(SafeNext, RefusesPathsABrowserReadsAsAnotherOrigin) {
  for (std::string tricky :
       {"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
        "/\\evil.example", "\\\\evil.example", "//evil.example", "https://evil.example",
        "/\x01/evil.example", " /evil.example", "evil.example"}) {
    EXPECT_EQ(safe_next(tricky, "/home"), "/home") << tricky;
  }
  EXPECT_EQ(safe_next(std::string("/c/lab?q=kim lee&page=2"), "/home"), "/c/lab?q=kim lee&page=2");
  EXPECT_EQ(safe_next(std::string("/c/가짜연구소"), "/home"), "/c/가짜연구소");
}

// The top bar shows a community's sections on its pages only.
TEST(CommunitySlug, ReadsTheSlugOfCommunityPagesOnly) {
  EXPECT_EQ(community_slug("/c/lab"), "lab");
  EXPECT_EQ(community_slug("/c/lab/members?page=2"), "lab");
  EXPECT_EQ(community_slug("/c/lab?notice=saved"), "lab");
  EXPECT_EQ(community_slug("/c/"), "");
  EXPECT_EQ(community_slug("/"), "");
  EXPECT_EQ(community_slug("/certificates"), "");
  EXPECT_EQ(community_slug("/cx/lab"), "");
}

TEST(WithNotice, AddsOrReplacesTheNotice) {
  EXPECT_EQ(with_notice("/c/lab/members", "stage_changed"), "/c/lab/members?notice=stage_changed");
  EXPECT_EQ(with_notice("/c/lab/members?q=kim&page=2", "stage_changed"),
            "/c/lab/members?q=kim&page=2&notice=stage_changed");
  EXPECT_EQ(with_notice("/c/lab/members?notice=saved&q=kim", "stage_changed"),
            "/c/lab/members?q=kim&notice=stage_changed");
  EXPECT_EQ(with_notice("/x?notice", "saved"), "/x?notice=saved");
}

}  // namespace
}  // namespace moim::accounts
