#include "platform/http/router.hpp"

#include <stdexcept>

namespace moim::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const std::size_t end = path.find('/', pos);
    const std::size_t stop = end == std::string_view::npos ? path.size() : end;
    segments.emplace_back(path.substr(pos, stop - pos));
    pos = stop;
  }
  return segments;
}

void Router::add(Method method, std::string pattern, Handler handler) {
  for (const Route& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) {
      throw std::logic_error("route declared twice: " + pattern);
    }
  }
  auto segments = split_path(pattern);
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler)});
}

namespace {
bool segments_match(const Route& route, const std::vector<std::string>& parts,
                    std::map<std::string, std::string>* params) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t segment_idx = 0; segment_idx < parts.size(); ++segment_idx) {
    const std::string& expected = route.segments[segment_idx];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      if (params) (*params)[expected.substr(1, expected.size() - 2)] = parts[segment_idx];
    } else if (expected != parts[segment_idx]) {
      return false;
    }
  }
  return true;
}
}  // namespace

RouteMatch Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  RouteMatch result;
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  // Literal segments win over parameters: "/c/new" before "/c/{slug}".
  const Route* best = nullptr;
  int best_literals = -1;
  for (const Route& route : routes_) {
    if (!segments_match(route, parts, nullptr)) continue;
    if (route.method != wanted) {
      result.allowed.push_back(route.method);
      continue;
    }
    int literals = 0;
    for (const auto& segment : route.segments) literals += segment.empty() || segment.front() != '{';
    if (literals > best_literals) {
      best = &route;
      best_literals = literals;
    }
  }
  if (best != nullptr) {
    result.route = best;
    segments_match(*best, parts, &result.params);
  }
  return result;
}

}  // namespace moim::http
