// Answers in the API's one JSON shape, and HTML pages inside the layout.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>

#include "platform/base/error.hpp"
#include "platform/http/message.hpp"
#include "platform/web/templates.hpp"

namespace moim::web {

http::Response json_response(int status, const boost::json::value& value);
// {"error":{"code":"...","message":"...","field":"..."}}
// With 429 and 503 it sends Retry-After; a 5xx answers a generic message
// (public_error) and logs the detail.
http::Response error_response(const Error& error);
// What a caller may see of an Error: itself below 500, else a generic
// "unavailable" (503, with a retry delay) or "internal" (500); logs the detail.
Error public_error(const Error& error);
// Retry-After for a 429 or 503 (the Error's delay, or a default).
void set_retry_after(http::Response& response, const Error& error);

// What every page shows around its content.
struct Frame {
  std::string language = "ko";
  std::string csrf_token;
  boost::json::value viewer = nullptr;  // {id, display_name, is_admin} or null
  std::string title;
  std::string notice;  // a one-line confirmation ("Saved.")
  std::string error;   // a one-line problem, already translated
  std::string current_path;
  // The community's sections for the top bar on pages under /c/{slug}
  // ({slug, name, is_member, can_manage, at: {home|academy|...}}), else null.
  boost::json::value section = nullptr;
};

class PageRenderer {
 public:
  explicit PageRenderer(std::shared_ptr<const Templates> templates)
      : templates_(std::move(templates)) {}
  // Renders template_name with data (plus frame fields) into the layout.
  http::Response render(int status, const Frame& frame, std::string_view template_name,
                        boost::json::object data) const;
  const Templates& templates() const { return *templates_; }

 private:
  std::shared_ptr<const Templates> templates_;
};

}  // namespace moim::web
