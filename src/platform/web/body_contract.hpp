// The fields each JSON API operation accepts, read from the OpenAPI document
// the server serves. A body naming a field the operation does not declare
// ("capcity" for "capacity") is refused with 422 naming that field, before
// the route sees it, instead of being silently ignored. The same document is
// what API users read, so what is refused is what is documented.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/error.hpp"
#include "platform/http/message.hpp"

namespace moim::web {

class BodyContract {
 public:
  // `document` is the OpenAPI 3 document; its paths are relative to `prefix`.
  static BodyContract from_openapi(const boost::json::value& document,
                                   std::string_view prefix = "/api/v1");

  // Checks a request whose route pattern is `route` ("/api/v1/communities/{slug}").
  // Bodies that are not a JSON object, and operations without a declared
  // object schema, are left to the route.
  std::optional<Error> check(http::Method method, std::string_view route,
                             std::string_view body) const;
  std::size_t operations() const { return schemas_.size(); }

 private:
  boost::json::value document_;
  std::map<std::string, boost::json::value, std::less<>> schemas_;  // "POST /api/v1/x/{}" → schema
};

}  // namespace moim::web
