#include "platform/http/pipeline.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <fstream>
#include <sstream>

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

std::string content_type_for(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".js") return "text/javascript; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".json") return "application/json";
  if (extension == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

void add_security_headers(Response& response) {
  if (!response.header("Content-Security-Policy")) {
    response.set_header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  }
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "same-origin");
  response.set_header("X-Frame-Options", "DENY");
}

Pipeline::Pipeline(const Router& router, Metrics& metrics, PipelineOptions options,
                   ErrorPage error_page)
    : router_(router),
      metrics_(metrics),
      options_(std::move(options)),
      error_page_(std::move(error_page)) {}

Response Pipeline::handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  const auto incoming_id = request.header("x-request-id");
  request.request_id = incoming_id && acceptable_request_id(*incoming_id)
                           ? std::string(*incoming_id)
                           : new_request_id();
  Response response;
  try {
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
                          {"path", request.path},
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
  return match.route->handler(request);
}

Response Pipeline::serve_static(const Request& request) const {
  const std::string relative = request.path.substr(std::string_view("/static/").size());
  if (relative.empty() || relative.find("..") != std::string::npos ||
      relative.find('\0') != std::string::npos) {
    return error_page_(request, 404);
  }
  const std::filesystem::path path = options_.static_root / relative;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return error_page_(request, 404);
  const auto size = std::filesystem::file_size(path, error);
  const auto modified = std::filesystem::last_write_time(path, error).time_since_epoch().count();
  std::ostringstream etag;
  etag << "\"" << std::hex << size << "-" << modified << "\"";
  if (auto match = request.header("if-none-match"); match && *match == etag.str()) {
    Response not_modified;
    not_modified.status = 304;
    not_modified.set_header("ETag", etag.str());
    return not_modified;
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  Response response = Response::text(200, content.str(), content_type_for(path));
  response.set_header("ETag", etag.str());
  response.set_header("Cache-Control", "public, max-age=3600");
  return response;
}

}  // namespace moim::http
