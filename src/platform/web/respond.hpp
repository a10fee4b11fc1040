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
http::Response error_response(const Error& error);

// What every page shows around its content.
struct Frame {
  std::string language = "ko";
  std::string csrf_token;
  boost::json::value viewer = nullptr;  // {id, display_name, is_admin} or null
  std::string title;
  std::string notice;  // a one-line confirmation ("Saved.")
  std::string error;   // a one-line problem, already translated
  std::string current_path;
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
