#include "platform/http/pipeline.hpp"

#include "platform/base/request_scope.hpp"

#include <sodium.h>

#include <array>
#include <chrono>

#include "platform/log/log.hpp"

namespace moim::http {

namespace {

// Request ids need to be unique, not secret, but they still come from
// libsodium. randombytes_buf is a getrandom() system call per call, so each
// thread draws a block at a time and hands out 8 bytes per request.
std::string new_request_id() {
  constexpr std::size_t kIdBytes = 8;
  thread_local std::array<unsigned char, 64 * kIdBytes> pool;
  thread_local std::size_t used = pool.size();
  if (used + kIdBytes > pool.size()) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(2 * kIdBytes, '0');
  for (std::size_t byte_idx = 0; byte_idx < kIdBytes; ++byte_idx) {
    const unsigned char byte = pool[used + byte_idx];
    id[2 * byte_idx] = kHex[byte >> 4];
    id[2 * byte_idx + 1] = kHex[byte & 15];
  }
  used += kIdBytes;
  return id;
}

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char ch : id) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') return false;
  }
  return true;
}

// The path as the access log keeps it: a path parameter that is a secret
// (the calendar feed's `{token}`) is written as "[redacted]", so reading the
// log never hands out a working link.
std::string logged_path(const Request& request) {
  std::string path = request.path;
  for (const auto& [name, value] : request.path_params) {
    if (value.empty() || !(name == "token" || name.ends_with("_token") || name.ends_with("secret")))
      continue;
    if (const std::size_t at = path.find(value); at != std::string::npos)
      path.replace(at, value.size(), "[redacted]");
  }
  return path;
}

}  // namespace

std::string content_security_policy(std::string_view extra_form_action) {
  std::string form_action = "form-action 'self'";
  if (!extra_form_action.empty()) form_action += " " + std::string(extra_form_action);
  return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
         "object-src 'none'; base-uri 'none'; " +
         form_action + "; frame-ancestors 'none'";
}

void add_security_headers(Response& response) {
  if (!response.header("Content-Security-Policy"))
    response.set_header("Content-Security-Policy", content_security_policy());
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "same-origin");
  response.set_header("X-Frame-Options", "DENY");
}

Pipeline::Pipeline(const Router& router, Metrics& metrics, PipelineOptions options,
                   ErrorPage error_page)
    : router_(router),
      metrics_(metrics),
      options_(std::move(options)),
      error_page_(std::move(error_page)),
      static_files_(StaticFiles::index(options_.static_root)) {}

Response Pipeline::handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  const auto incoming_id = request.header("x-request-id");
  request.request_id = incoming_id && acceptable_request_id(*incoming_id)
                           ? std::string(*incoming_id)
                           : new_request_id();
  Response response;
  try {
    const request_scope::Scope scope;  // reads kept for this request only
    response = dispatch(request);
  } catch (const std::exception& failure) {
    log::error("unhandled_exception",
               {{"request_id", request.request_id}, {"what", failure.what()}});
    response = error_page_(request, 500);
  } catch (...) {
    response = error_page_(request, 500);
  }
  add_security_headers(response);
  response.set_header("X-Request-Id", request.request_id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string route = request.route.empty() ? "unmatched" : request.route;
  metrics_.record(std::string(method_name(request.method)), route, response.status, seconds);
  if (options_.access_log) {
    log::info("request", {{"method", method_name(request.method)},
                          {"route", route},
                          {"path", logged_path(request)},
                          {"status", response.status},
                          {"bytes", response.body.size()},
                          {"duration_ms", seconds * 1000.0},
                          {"request_id", request.request_id},
                          {"ip", request.remote_ip}});
  }
  return response;
}

Response Pipeline::dispatch(Request& request) const {
  if (request.path.starts_with("/static/") &&
      (request.method == Method::kGet || request.method == Method::kHead)) {
    request.route = "/static/*";
    return serve_static(request);
  }
  RouteMatch match = router_.match(request.method, request.path);
  if (match.route == nullptr) {
    if (!match.allowed.empty()) {
      Response response = error_page_(request, 405);
      std::string allow;
      for (Method method : match.allowed)
        allow += (allow.empty() ? "" : ", ") + std::string(method_name(method));
      response.set_header("Allow", allow);
      return response;
    }
    return error_page_(request, 404);
  }
  request.route = match.route->pattern;
  request.path_params = std::move(match.params);
  if (options_.check_request) {
    if (auto refusal = options_.check_request(request)) return std::move(*refusal);
  }
  return match.route->handler(request);
}

// The request path was percent-decoded once by the server; it is looked up
// in the start-up index as it is and never touches the file system.
Response Pipeline::serve_static(const Request& request) const {
  const std::string_view relative =
      std::string_view(request.path).substr(std::string_view("/static/").size());
  const StaticFile* file = static_files_.find(relative);
  if (file == nullptr) return error_page_(request, 404);
  if (auto match = request.header("if-none-match"); match && *match == file->etag) {
    Response not_modified;
    not_modified.status = 304;
    not_modified.set_header("ETag", file->etag);
    return not_modified;
  }
  Response response = Response::text(200, file->content, file->content_type);
  response.set_header("ETag", file->etag);
  response.set_header("Cache-Control", "public, max-age=3600");
  return response;
}

}  // namespace moim::http
