#include "features/integrations/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace moim::automation {

std::int64_t retry_delay_seconds(const BackoffPolicy& policy, int attempts, double jitter_unit,
                                 std::optional<std::int64_t> retry_after_seconds) {
  const int exponent = std::clamp(attempts - 1, 0, 40);  // 2^40 ms is past any max
  const double cap_ms =
      std::min(static_cast<double>(policy.max_ms), policy.base_ms * std::pow(2.0, exponent));
  const double jittered_ms = cap_ms * (0.5 + 0.5 * std::clamp(jitter_unit, 0.0, 1.0));
  std::int64_t seconds = static_cast<std::int64_t>(std::ceil(jittered_ms / 1000.0));
  // A remote asking for more than a day is treated as a day: the row stays visible.
  if (retry_after_seconds)
    seconds = std::max(seconds, std::min<std::int64_t>(*retry_after_seconds, 86'400));
  return std::max<std::int64_t>(seconds, 1);
}

double jitter_draw() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace moim::automation
