// When to try a failed delivery again: exponential backoff with jitter, or
// what the remote asked for (Retry-After) when it said so.
#pragma once

#include <cstdint>
#include <optional>

namespace moim::automation {

struct BackoffPolicy {
  int base_ms = 30'000;    // the delay after the first failure
  int max_ms = 3'600'000;  // never wait longer than this (unless the remote asks to)
};

// Seconds to wait after the attempt numbered `attempts` (1 for the first)
// failed. The exponential cap base*2^(attempts-1) is scaled by a jitter
// factor in [0.5, 1.0] ("equal jitter"), so a burst of failures spreads out
// instead of retrying in lockstep. jitter_unit is a uniform draw in [0, 1).
// A remote's retry_after_seconds wins when it is longer. At least 1 second.
std::int64_t retry_delay_seconds(const BackoffPolicy& policy, int attempts, double jitter_unit,
                                 std::optional<std::int64_t> retry_after_seconds = std::nullopt);

// A uniform draw in [0, 1) from a thread-local generator.
double jitter_draw();

}  // namespace moim::automation
