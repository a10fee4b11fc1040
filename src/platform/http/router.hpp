// Routes are declared in one place per feature (userver's lesson) and matched
// by segments: "/c/{slug}/members/{user_id}".
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace moim::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" marks a parameter
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method
  std::map<std::string, std::string> params;
  std::vector<Method> allowed;  // when the path exists under other methods
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  void add(Method method, std::string pattern, Handler handler);
  void get(std::string pattern, Handler handler) {
    add(Method::kGet, std::move(pattern), std::move(handler));
  }
  void post(std::string pattern, Handler handler) {
    add(Method::kPost, std::move(pattern), std::move(handler));
  }
  void patch(std::string pattern, Handler handler) {
    add(Method::kPatch, std::move(pattern), std::move(handler));
  }
  void put(std::string pattern, Handler handler) {
    add(Method::kPut, std::move(pattern), std::move(handler));
  }
  void del(std::string pattern, Handler handler) {
    add(Method::kDelete, std::move(pattern), std::move(handler));
  }

  // HEAD falls back to GET.
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Node;
  void collect(const Node& node, const std::vector<std::string>& parts, std::size_t depth,
               std::vector<std::size_t>& found) const;

  std::vector<Route> routes_;
  std::unique_ptr<Node> root_;  // the patterns by segment (router.cpp)
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace moim::http
