// Pages show an Error in the viewer's language. Errors carry an English
// message for the API; the ones that web::Fields and a few shared rules
// produce have fixed shapes ("title must be at most 100 characters"), and
// this recognizes them as a catalog reason ("error_reason_too_long") with its
// numbers. The unit test pins every shape, so a reworded message fails there.
#pragma once

#include <optional>
#include <string>

#include "platform/base/error.hpp"

namespace moim::web {

struct ErrorReason {
  std::string key;      // "too_long": the catalog has "error_reason_too_long"
  long long limit = 0;  // replaces {limit} in the text
  long long min = 0;    // replaces {min}
  std::string from;     // replaces {from} and {to}: a period's first and last day
  std::string to;
  // A rule's own reason (a phase order, a period) says more than a field's
  // general sentence ("error_invalid_ends_on"), so pages prefer it.
  bool precise = false;
};

std::optional<ErrorReason> reason_of(const Error& error);

}  // namespace moim::web
