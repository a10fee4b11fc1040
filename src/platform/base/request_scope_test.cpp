#include "platform/base/request_scope.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace moim::request_scope {
namespace {

TEST(RequestScopeTest, KeepsAReadForTheRequestUntilAWriteCommits) {
  Memo<std::string, int> memo;
  memo.store("a", 1);
  EXPECT_EQ(memo.find("a"), nullptr);  // outside a request nothing is kept
  {
    const Scope request;
    EXPECT_EQ(memo.find("a"), nullptr);
    memo.store("a", 1);
    ASSERT_NE(memo.find("a"), nullptr);
    EXPECT_EQ(*memo.find("a"), 1);
    EXPECT_EQ(memo.find("b"), nullptr);  // another key
    forget();                            // a write committed: read again
    EXPECT_EQ(memo.find("a"), nullptr);
    memo.store("a", 2);
    EXPECT_EQ(*memo.find("a"), 2);
  }
  EXPECT_EQ(memo.find("a"), nullptr);
  const Scope next;
  EXPECT_EQ(memo.find("a"), nullptr);  // the next request reads afresh
}

TEST(RequestScopeTest, EachThreadHasItsOwnRequest) {
  const Scope request;
  const std::uint64_t mine = generation();
  EXPECT_NE(mine, 0u);
  std::uint64_t other = 1;
  std::thread([&] { other = generation(); }).join();
  EXPECT_EQ(other, 0u);
  EXPECT_EQ(generation(), mine);
}

}  // namespace
}  // namespace moim::request_scope
