#include "platform/web/respond.hpp"

#include <boost/json/serialize.hpp>

namespace moim::web {

http::Response json_response(int status, const boost::json::value& value) {
  http::Response response = http::Response::json(status, boost::json::serialize(value));
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response error_response(const Error& error) {
  boost::json::object body{
      {"error", boost::json::object{
                    {"code", error.code}, {"message", error.message}, {"field", error.field}}}};
  return json_response(error.http_status, body);
}

http::Response PageRenderer::render(int status, const Frame& frame, std::string_view template_name,
                                    boost::json::object data) const {
  data["csrf"] = frame.csrf_token;
  data["viewer"] = frame.viewer;
  data["lang"] = frame.language;
  const std::string content = templates_->render(template_name, frame.language, data);
  boost::json::object layout{{"lang", frame.language},
                             {"title", frame.title},
                             {"content", content},
                             {"viewer", frame.viewer},
                             {"csrf", frame.csrf_token},
                             {"notice", frame.notice},
                             {"error", frame.error},
                             {"current_path", frame.current_path},
                             {"is_ko", frame.language == "ko"},
                             {"is_en", frame.language == "en"}};
  http::Response response =
      http::Response::html(status, templates_->render("layout", frame.language, layout));
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace moim::web
