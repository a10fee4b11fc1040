#include "platform/base/versioned_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace moim {
namespace {

TEST(VersionedCacheTest, GivesAValueOnlyAtTheVersionItWasReadAt) {
  VersionedCache<int, std::string> cache;
  EXPECT_EQ(cache.find(1, 0), nullptr);
  cache.store(1, 5, "five");
  ASSERT_NE(cache.find(1, 5), nullptr);
  EXPECT_EQ(*cache.find(1, 5), "five");
  EXPECT_EQ(cache.find(1, 6), nullptr);  // a writer bumped the version
  EXPECT_EQ(cache.find(1, 4), nullptr);  // a restored database counts again
  EXPECT_EQ(cache.find(2, 5), nullptr);  // another key
  cache.store(1, 6, "six");
  EXPECT_EQ(*cache.find(1, 6), "six");
  EXPECT_EQ(cache.find(1, 5), nullptr);
}

TEST(VersionedCacheTest, AHitSharesTheKeptValueWhileANewVersionReplacesIt) {
  VersionedCache<int, std::vector<int>> cache;
  auto stored = cache.store(1, 1, std::vector<int>(1000, 7));
  auto first = cache.find(1, 1);
  auto second = cache.find(1, 1);
  EXPECT_EQ(first.get(), stored.get());  // no copy per reader
  EXPECT_EQ(second.get(), stored.get());
  cache.store(1, 2, std::vector<int>{1});
  EXPECT_EQ(first->size(), 1000u);  // a reader keeps what it got
  EXPECT_EQ(cache.find(1, 2)->size(), 1u);
}

TEST(VersionedCacheTest, StaysWithinItsCapacity) {
  VersionedCache<int, int> cache(3);
  for (int key = 0; key < 10; ++key) cache.store(key, 1, key);
  EXPECT_EQ(cache.size(), 3u);
  ASSERT_NE(cache.find(9, 1), nullptr);  // the newest is kept
  cache.store(9, 2, 90);                 // replacing a kept key evicts nothing
  EXPECT_EQ(cache.size(), 3u);
}

TEST(VersionedCacheTest, ThreadsReadAndStoreTogether) {
  VersionedCache<int, int> cache(8);
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&cache] {
      for (int round = 0; round < 2000; ++round) {
        const int key = round % 16;
        if (auto kept = cache.find(key, round % 3)) {
          EXPECT_EQ(*kept, key * 10 + round % 3);
        } else {
          cache.store(key, round % 3, key * 10 + round % 3);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 8u);
}

}  // namespace
}  // namespace moim
