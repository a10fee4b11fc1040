// What happens around every request, whatever the route: a request id,
// static files, routing, the last-resort error answer, security headers,
// metrics and the access-log line.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/message.hpp"
#include "platform/http/metrics.hpp"
#include "platform/http/router.hpp"
#include "platform/http/static_files.hpp"

namespace moim::http {

struct PipelineOptions {
  std::filesystem::path static_root;  // indexed at start-up, served under /static/
  bool access_log = true;
  // Runs once a route matched, before its handler: an answer here refuses the
  // request (the API's body contract, for one).
  std::function<std::optional<Response>(const Request&)> check_request;
};

class Pipeline {
 public:
  // error_page renders 404/405/500 for a request (HTML for pages, JSON for
  // the API); it must not throw.
  using ErrorPage = std::function<Response(const Request&, int status)>;
  Pipeline(const Router& router, Metrics& metrics, PipelineOptions options, ErrorPage error_page);

  Response handle(Request& request) const;

 private:
  Response dispatch(Request& request) const;
  Response serve_static(const Request& request) const;

  const Router& router_;
  Metrics& metrics_;
  PipelineOptions options_;
  ErrorPage error_page_;
  StaticFiles static_files_;
};

void add_security_headers(Response& response);

// The Content-Security-Policy every response gets unless its handler set one.
// `extra_form_action` (an origin such as "https://discord.com") is added to
// form-action for a page whose form answers with a redirect to that origin:
// Chromium checks every redirect of a form submission against form-action.
std::string content_security_policy(std::string_view extra_form_action = {});

}  // namespace moim::http
