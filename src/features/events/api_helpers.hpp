// What the events room's typed API files (api.cpp, registrations_api.cpp)
// share: the names they declare routes with, the {slug}/{event} path and
// reading optional fields of a described body. Not part of the interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/describe/class.hpp>

#include "features/accounts/api_routes.hpp"
#include "features/events/events_service.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events::api {

using accounts::Access;
using accounts::RouteSpec;
using http::Method;
using web::Instant;
using web::Int;
using web::Nothing;
using web::Text;

struct EventPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))

template <class T>
std::optional<std::string> text_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return value->value;
}
template <class T>
std::optional<std::int64_t> number_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return value->value;
}

// Who calls: the signed-in viewer, or the bearer of a ticket link.
Caller caller_of(const auto& call) { return Caller{call.viewer(), call.ticket_token}; }

}  // namespace moim::events::api
