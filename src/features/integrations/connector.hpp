// A connector delivers the outbox rows of one kind ("email", "webhook") to
// the outside world. The worker calls deliver() from several threads at
// once (its concurrency per connector), so a connector keeps no mutable
// state without a lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/outbox/outbox.hpp"

namespace moim::automation {

// The rows connectors deliver live in the platform (platform/outbox): the
// integrations room uses the outbox's names as its own.
using namespace outbox;

struct Delivery {
  enum class Outcome {
    kDone,       // the effect happened (or had already happened)
    kRetry,      // a transient failure: try again later
    kPermanent,  // the remote refused for good: dead now, no more attempts
    kCancelled,  // nothing to do any more (e.g. the endpoint was removed)
  };
  Outcome outcome = Outcome::kDone;
  std::string result;  // what the remote answered, e.g. "250 OK" or "HTTP 200"
  std::string error;   // for kRetry and kPermanent
  std::optional<std::int64_t> retry_after_seconds;  // the remote asked us to wait

  static Delivery done(std::string result) { return {Outcome::kDone, std::move(result), {}, {}}; }
  static Delivery retry(std::string error, std::optional<std::int64_t> after = std::nullopt) {
    return {Outcome::kRetry, {}, std::move(error), after};
  }
  static Delivery permanent(std::string error) {
    return {Outcome::kPermanent, {}, std::move(error), {}};
  }
  static Delivery cancelled(std::string why) {
    return {Outcome::kCancelled, std::move(why), {}, {}};
  }
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string_view kind() const = 0;
  virtual Delivery deliver(const OutboxRow& row) = 0;
};

}  // namespace moim::automation
