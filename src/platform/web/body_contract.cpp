#include "platform/web/body_contract.hpp"

#include <boost/json/parse.hpp>

namespace moim::web {

namespace json = boost::json;

namespace {

// "/communities/{slug}/x" and "/communities/{community}/x" are one route.
std::string route_key(std::string_view method, std::string_view path) {
  std::string key(method);
  key += ' ';
  bool in_parameter = false;
  for (char ch : path) {
    if (ch == '{') {
      in_parameter = true;
      key += "{}";
    } else if (ch == '}') {
      in_parameter = false;
    } else if (!in_parameter) {
      key += ch;
    }
  }
  return key;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

class Checker {
 public:
  explicit Checker(const json::value& document) : document_(document) {}

  // The first undeclared field in `value` under `schema`, as a path
  // ("choices[0].projet_id"), or nullopt.
  std::optional<std::string> first_unknown(const json::value& schema, const json::value& value,
                                           const std::string& path, int depth = 0) const {
    if (depth > 16 || !schema.is_object()) return std::nullopt;
    const json::object& rules = resolve(schema.as_object());
    if (rules.contains("oneOf") || rules.contains("anyOf")) return std::nullopt;
    if (value.is_object()) {
      const json::object* properties = nullptr;
      if (auto found = rules.if_contains("properties"); found && found->is_object())
        properties = &found->as_object();
      if (properties == nullptr) return std::nullopt;
      const json::value* additional = rules.if_contains("additionalProperties");
      const bool open = additional != nullptr && !(additional->is_bool() && !additional->as_bool());
      for (const auto& [name, member] : value.as_object()) {
        const std::string member_path =
            path.empty() ? std::string(name) : path + "." + std::string(name);
        auto declared = properties->find(name);
        if (declared == properties->end()) {
          if (open) continue;
          return member_path;
        }
        if (auto inner = first_unknown(declared->value(), member, member_path, depth + 1))
          return inner;
      }
    } else if (value.is_array()) {
      const json::value* items = rules.if_contains("items");
      if (items == nullptr) return std::nullopt;
      std::size_t index = 0;
      for (const auto& item : value.as_array()) {
        if (auto inner =
                first_unknown(*items, item, path + "[" + std::to_string(index) + "]", depth + 1))
          return inner;
        ++index;
      }
    }
    return std::nullopt;
  }

 private:
  // Follows "#/components/schemas/X" references.
  const json::object& resolve(const json::object& schema) const {
    const json::object* current = &schema;
    for (int hops = 0; hops < 8; ++hops) {
      auto ref = current->if_contains("$ref");
      if (ref == nullptr || !ref->is_string()) break;
      const std::string_view target = ref->as_string();
      constexpr std::string_view kPrefix = "#/components/schemas/";
      if (!target.starts_with(kPrefix)) break;
      const json::value* found = nullptr;
      if (auto components = document_.as_object().if_contains("components");
          components && components->is_object())
        if (auto schemas = components->as_object().if_contains("schemas");
            schemas && schemas->is_object())
          found = schemas->as_object().if_contains(target.substr(kPrefix.size()));
      if (found == nullptr || !found->is_object()) break;
      current = &found->as_object();
    }
    return *current;
  }

  const json::value& document_;
};

}  // namespace

BodyContract BodyContract::from_openapi(const json::value& document, std::string_view prefix) {
  BodyContract contract;
  contract.document_ = document;
  const json::object* root = contract.document_.if_object();
  if (root == nullptr) return contract;
  const json::value* paths = root->if_contains("paths");
  if (paths == nullptr || !paths->is_object()) return contract;
  for (const auto& [path, operations] : paths->as_object()) {
    if (!operations.is_object()) continue;
    for (const auto& [method, operation] : operations.as_object()) {
      if (!operation.is_object()) continue;
      const json::value* schema = nullptr;
      if (auto body = operation.as_object().if_contains("requestBody"); body && body->is_object())
        if (auto content = body->as_object().if_contains("content");
            content && content->is_object())
          if (auto media = content->as_object().if_contains("application/json");
              media && media->is_object())
            schema = media->as_object().if_contains("schema");
      if (schema == nullptr) continue;
      contract.schemas_.emplace(route_key(upper(method), std::string(prefix) + std::string(path)),
                                *schema);
    }
  }
  return contract;
}

std::optional<Error> BodyContract::check(http::Method method, std::string_view route,
                                         std::string_view body) const {
  if (body.empty()) return std::nullopt;
  auto schema = schemas_.find(route_key(http::method_name(method), route));
  if (schema == schemas_.end()) return std::nullopt;
  boost::system::error_code error;
  const json::value value = json::parse(body, error);
  if (error || !value.is_object()) return std::nullopt;  // the route answers invalid_json
  const Checker checker(document_);
  if (auto unknown = checker.first_unknown(schema->second, value, "")) {
    return Error{422, "unknown_field", "unknown field: " + *unknown, *unknown};
  }
  return std::nullopt;
}

}  // namespace moim::web
