// Errors as values (LevelDB's Status idea): everything expected to go wrong
// travels as an Error; exceptions are left for bugs and broken invariants.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace moim {

// What went wrong, in the shape the API promises:
// {"error":{"code":"...","message":"...","field":"..."}}.
struct Error {
  int http_status = 400;
  std::string code;     // machine-readable, e.g. "invalid", "not_found"
  std::string message;  // human-readable, English (pages translate by code)
  std::string field;    // the offending input field, empty when none
  // With 429 and 503: how long the caller should wait (the Retry-After header).
  long long retry_after_seconds = 0;

  static Error invalid(std::string field, std::string message) {
    return {400, "invalid", std::move(message), std::move(field)};
  }
  static Error unauthenticated(std::string message = "log in first") {
    return {401, "unauthenticated", std::move(message), {}};
  }
  static Error forbidden(std::string message = "you may not do this") {
    return {403, "forbidden", std::move(message), {}};
  }
  static Error not_found(std::string message = "not found") {
    return {404, "not_found", std::move(message), {}};
  }
  static Error conflict(std::string field, std::string message) {
    return {409, "conflict", std::move(message), std::move(field)};
  }
  static Error too_many(std::string message, long long retry_after_seconds = 60) {
    return {429, "too_many_requests", std::move(message), {}, retry_after_seconds};
  }
  // Storage or another dependency is down: the caller should come back later.
  static Error unavailable(std::string detail) {
    return {503, "unavailable", std::move(detail), {}, kUnavailableRetrySeconds};
  }
  static constexpr long long kUnavailableRetrySeconds = 30;
  static Error internal(std::string message) { return {500, "internal", std::move(message), {}}; }
};

// A value or an Error. Small on purpose: ok(), value(), error().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace moim
