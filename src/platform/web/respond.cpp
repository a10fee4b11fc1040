#include "platform/web/respond.hpp"

#include <boost/json/serialize.hpp>

#include "platform/log/log.hpp"

namespace moim::web {

http::Response json_response(int status, const boost::json::value& value) {
  http::Response response = http::Response::json(status, boost::json::serialize(value));
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response error_response(const Error& error) {
  const Error shown = public_error(error);
  boost::json::object body{
      {"error", boost::json::object{
                    {"code", shown.code}, {"message", shown.message}, {"field", shown.field}}}};
  http::Response response = json_response(shown.http_status, body);
  set_retry_after(response, shown);
  return response;
}

Error public_error(const Error& error) {
  if (error.http_status < 500) return error;
  // A server-side failure's message names hosts, ports, SQL or file paths:
  // it goes to the log, and the caller gets a sentence that gives nothing away.
  log::error("server_error",
             {{"status", error.http_status}, {"code", error.code}, {"detail", error.message}});
  if (error.http_status == 503) {
    return {503,
            "unavailable",
            "the service is unavailable for a moment; try again shortly",
            {},
            error.retry_after_seconds > 0 ? error.retry_after_seconds
                                          : Error::kUnavailableRetrySeconds};
  }
  return {error.http_status, "internal", "something went wrong on our side", {}};
}

void set_retry_after(http::Response& response, const Error& error) {
  if (error.http_status != 429 && error.http_status != 503) return;
  long long seconds = error.retry_after_seconds;
  if (seconds <= 0) seconds = error.http_status == 503 ? Error::kUnavailableRetrySeconds : 60;
  response.set_header("Retry-After", std::to_string(seconds));
}

http::Response PageRenderer::render(int status, const Frame& frame, std::string_view template_name,
                                    boost::json::object data) const {
  // Templates::render takes a json::value: the object moves into one here,
  // since converting it at the call would copy every field of the page.
  boost::json::value page_data(std::move(data));
  boost::json::object& fields = page_data.get_object();
  fields["csrf"] = frame.csrf_token;
  fields["viewer"] = frame.viewer;
  fields["lang"] = frame.language;
  std::string content = templates_->render(template_name, frame.language, page_data);
  const boost::json::value layout = boost::json::object{{"lang", frame.language},
                                                        {"title", frame.title},
                                                        {"content", std::move(content)},
                                                        {"viewer", frame.viewer},
                                                        {"csrf", frame.csrf_token},
                                                        {"notice", frame.notice},
                                                        {"error", frame.error},
                                                        {"current_path", frame.current_path},
                                                        {"section", frame.section},
                                                        {"at_root", frame.current_path == "/"},
                                                        {"is_ko", frame.language == "ko"},
                                                        {"is_en", frame.language == "en"}};
  http::Response response =
      http::Response::html(status, templates_->render("layout", frame.language, layout));
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace moim::web
