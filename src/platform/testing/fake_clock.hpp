// A clock tests move by hand, so expiry rules are tested without sleeping.
#pragma once

#include <atomic>

#include "platform/base/clock.hpp"

namespace moim::testing {

class FakeClock : public Clock {
 public:
  explicit FakeClock(std::int64_t start = 1'800'000'000) : now_(start) {}
  std::int64_t now_seconds() const override { return now_.load(); }
  void advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace moim::testing
