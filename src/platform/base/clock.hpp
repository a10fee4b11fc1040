// Time is stored as UTC seconds since the epoch everywhere; a Clock can be
// replaced in tests so that expiry rules are tested without sleeping.
#pragma once

#include <chrono>
#include <cstdint>

namespace moim {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace moim
