#include "features/integrations/backoff.hpp"

#include <gtest/gtest.h>

namespace moim::automation {
namespace {

TEST(Backoff, DoublesPerAttemptWithinTheJitterBand) {
  const BackoffPolicy policy{.base_ms = 10'000, .max_ms = 3'600'000};
  for (int attempt = 1; attempt <= 6; ++attempt) {
    const std::int64_t cap_seconds = 10LL << (attempt - 1);
    EXPECT_EQ(retry_delay_seconds(policy, attempt, 0.999999), cap_seconds) << attempt;
    EXPECT_EQ(retry_delay_seconds(policy, attempt, 0.0), cap_seconds / 2) << attempt;
    const std::int64_t middle = retry_delay_seconds(policy, attempt, 0.5);
    EXPECT_GT(middle, cap_seconds / 2);
    EXPECT_LT(middle, cap_seconds);
  }
}

TEST(Backoff, NeverExceedsTheMaximumAndNeverOverflows) {
  const BackoffPolicy policy{.base_ms = 30'000, .max_ms = 600'000};
  EXPECT_EQ(retry_delay_seconds(policy, 50, 0.999999), 600);
  EXPECT_EQ(retry_delay_seconds(policy, 1'000'000, 0.999999), 600);
}

TEST(Backoff, HonoursALongerRetryAfterButCapsItAtADay) {
  const BackoffPolicy policy{.base_ms = 1'000, .max_ms = 60'000};
  EXPECT_EQ(retry_delay_seconds(policy, 1, 0.999999, 120), 120);
  EXPECT_EQ(retry_delay_seconds(policy, 1, 0.999999, 0), 1);
  EXPECT_EQ(retry_delay_seconds(policy, 1, 0.0, 10'000'000), 86'400);
}

TEST(Backoff, JitterSpreadsRetriesApart) {
  const BackoffPolicy policy{.base_ms = 60'000, .max_ms = 3'600'000};
  std::set<std::int64_t> delays;
  for (int draw = 0; draw < 50; ++draw)
    delays.insert(retry_delay_seconds(policy, 3, jitter_draw()));
  EXPECT_GT(delays.size(), 10u);
  for (auto delay : delays) {
    EXPECT_GE(delay, 120);
    EXPECT_LE(delay, 240);
  }
}

}  // namespace
}  // namespace moim::automation
