#include "platform/web/kept_pages.hpp"

#include <gtest/gtest.h>

#include <string>

namespace moim::web {
namespace {

class FakeStamp : public db::ChangeStamp {
 public:
  explicit FakeStamp(const int& commits) : commits_(commits) {}
  std::optional<db::Stamp> read() const override {
    if (commits_ < 0) return std::nullopt;  // a commit is halfway through
    db::Stamp stamp{};
    stamp[0] = static_cast<unsigned char>(commits_);
    return stamp;
  }

 private:
  const int& commits_;
};

class FakeClock : public Clock {
 public:
  std::int64_t now_seconds() const override { return now; }
  std::int64_t now = 1'800'000'000;
};

class KeptPagesTest : public ::testing::Test {
 protected:
  // A page with two forms carrying the visitor's token, as the layout has.
  http::Response serve(const std::string& key, const std::string& token, int status = 200) {
    return pages.serve(key, token, [&] {
      ++builds;
      http::Response page = http::Response::html(
          status, "<form><input name=_csrf value=" + token + "></form><p>" + content +
                      "</p><form><input name=_csrf value=" + token + "></form>");
      page.set_cookie({.name = "moim_csrf", .value = token});
      return page;
    });
  }
  int commits = 0;
  FakeClock clock;
  KeptPages pages{std::make_unique<FakeStamp>(commits), clock};
  std::string content = "hello";
  int builds = 0;
};

TEST_F(KeptPagesTest, EachVisitorGetsTheKeptPageWithTheirOwnToken) {
  const http::Response first = serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA");
  const http::Response second = serve("ko /c/x", "tokenBBBBBBBBBBBBBBBB");
  EXPECT_EQ(builds, 1);
  EXPECT_EQ(second.body,
            "<form><input name=_csrf value=tokenBBBBBBBBBBBBBBBB></form><p>hello</p><form><input "
            "name=_csrf value=tokenBBBBBBBBBBBBBBBB></form>");
  EXPECT_EQ(second.body.find("tokenAAAA"), std::string::npos);
  EXPECT_EQ(second.header("Content-Type"), first.header("Content-Type"));
  // The first visitor's cookie is theirs alone: the caller sets each one's.
  EXPECT_TRUE(first.header("Set-Cookie").has_value());
  EXPECT_FALSE(second.header("Set-Cookie").has_value());
}

TEST_F(KeptPagesTest, AnyCommitOrANewSecondRendersAgain) {
  serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA");
  content = "changed";
  ++commits;
  EXPECT_NE(serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA").body.find("changed"), std::string::npos);
  EXPECT_EQ(builds, 2);
  content = "later";
  ++clock.now;  // what the page says may follow the time (a phase that began)
  EXPECT_NE(serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA").body.find("later"), std::string::npos);
  EXPECT_EQ(builds, 3);
  serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA");
  EXPECT_EQ(builds, 3);
}

TEST_F(KeptPagesTest, KeysLanguagesAndPathsApart) {
  serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA");
  serve("en /c/x", "tokenAAAAAAAAAAAAAAAA");
  serve("ko /c/y", "tokenAAAAAAAAAAAAAAAA");
  EXPECT_EQ(builds, 3);
}

TEST_F(KeptPagesTest, KeepsNothingUnsureOrNotAnOrdinaryPage) {
  serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA", 404);
  serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA", 404);
  EXPECT_EQ(builds, 2);
  commits = -1;  // no stamp to trust
  serve("ko /c/y", "tokenAAAAAAAAAAAAAAAA");
  serve("ko /c/y", "tokenAAAAAAAAAAAAAAAA");
  EXPECT_EQ(builds, 4);
  commits = 1;
  serve("ko /c/z", "");  // no token to replace
  serve("ko /c/z", "");
  EXPECT_EQ(builds, 6);
}

TEST(KeptPagesWithoutStampTest, RendersEveryTime) {
  FakeClock clock;
  KeptPages pages(nullptr, clock);
  int builds = 0;
  for (int index = 0; index < 3; ++index)
    pages.serve("ko /c/x", "tokenAAAAAAAAAAAAAAAA", [&] {
      ++builds;
      return http::Response::html(200, "tokenAAAAAAAAAAAAAAAA");
    });
  EXPECT_EQ(builds, 3);
}

}  // namespace
}  // namespace moim::web
