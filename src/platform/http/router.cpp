#include "platform/http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace moim::http {

// The routes as a tree of path segments: a request walks down its own
// segments (a literal child and the parameter child at each level) instead
// of comparing itself with every declared pattern.
struct Router::Node {
  std::map<std::string, Node, std::less<>> literals;
  std::unique_ptr<Node> parameter;
  std::vector<std::size_t> routes;  // indexes into routes_ of patterns ending here
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

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

namespace {

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler) {
  for (const Route& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) {
      throw std::logic_error("route declared twice: " + pattern);
    }
  }
  auto segments = split_path(pattern);
  Node* node = root_.get();
  for (const auto& segment : segments) {
    if (is_parameter(segment)) {
      if (!node->parameter) node->parameter = std::make_unique<Node>();
      node = node->parameter.get();
    } else {
      node = &node->literals[segment];
    }
  }
  node->routes.push_back(routes_.size());
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler)});
}

void Router::collect(const Node& node, const std::vector<std::string>& parts, std::size_t depth,
                     std::vector<std::size_t>& found) const {
  if (depth == parts.size()) {
    found.insert(found.end(), node.routes.begin(), node.routes.end());
    return;
  }
  if (auto literal = node.literals.find(parts[depth]); literal != node.literals.end())
    collect(literal->second, parts, depth + 1, found);
  if (node.parameter) collect(*node.parameter, parts, depth + 1, found);
}

RouteMatch Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  std::vector<std::size_t> found;
  collect(*root_, parts, 0, found);
  // In the order declared, as when every pattern was tried in turn.
  std::sort(found.begin(), found.end());
  RouteMatch result;
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  // Literal segments win over parameters: "/c/new" before "/c/{slug}".
  const Route* best = nullptr;
  int best_literals = -1;
  for (std::size_t index : found) {
    const Route& route = routes_[index];
    if (route.method != wanted) {
      result.allowed.push_back(route.method);
      continue;
    }
    int literals = 0;
    for (const auto& segment : route.segments)
      literals += segment.empty() || segment.front() != '{';
    if (literals > best_literals) {
      best = &route;
      best_literals = literals;
    }
  }
  if (best != nullptr) {
    result.route = best;
    for (std::size_t idx = 0; idx < parts.size(); ++idx) {
      const std::string& expected = best->segments[idx];
      if (is_parameter(expected))
        result.params[expected.substr(1, expected.size() - 2)] = parts[idx];
    }
  }
  return result;
}

}  // namespace moim::http
