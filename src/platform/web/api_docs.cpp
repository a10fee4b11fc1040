#include "platform/web/api_docs.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "platform/web/input.hpp"

namespace moim::web {

namespace {

std::string access_text(const std::string& access) {
  if (access == "anyone") return "Anyone may call it, signed in or not.";
  if (access == "anyone_or_ticket")
    return "Anyone may call it; a guest proves who they are with their ticket token as "
           "`Authorization: Bearer <ticket_token>`, which is valid for this event's attendee "
           "routes only.";
  return "Needs a signed-in member (session cookie or `Authorization: Bearer <api token>`); "
         "further rules are checked by the service and answer 403.";
}

boost::json::object error_response(int status) {
  const char* text = status == 400   ? "Bad input; `error.field` names the field."
                     : status == 401 ? "Not signed in."
                     : status == 403 ? "Not allowed for this member."
                     : status == 404 ? "No such thing (or not visible to you)."
                     : status == 409 ? "Conflicts with the current state."
                     : status == 422 ? "An unknown field; `error.field` names it."
                     : status == 429 ? "Too many requests; see Retry-After."
                                     : "Error.";
  return {
      {"description", text},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

void pretty(const boost::json::value& value, std::string& out, int depth) {
  const std::string indent(static_cast<std::size_t>(depth + 1) * 2, ' ');
  const std::string closing(static_cast<std::size_t>(depth) * 2, ' ');
  if (value.is_object() && !value.as_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& entry : value.as_object()) {
      if (!first) out += ",\n";
      first = false;
      out += indent + boost::json::serialize(boost::json::value(entry.key())) + ": ";
      pretty(entry.value(), out, depth + 1);
    }
    out += "\n" + closing + "}";
  } else if (value.is_array() && !value.as_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : value.as_array()) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      pretty(item, out, depth + 1);
    }
    out += "\n" + closing + "]";
  } else {
    out += boost::json::serialize(value);
  }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
  std::string out;
  pretty(value, out, 0);
  return out;
}

void ApiDocs::add(OperationDoc operation) { operations_.push_back(std::move(operation)); }

boost::json::object ApiDocs::operation_object(const OperationDoc& operation) {
  boost::json::object object{{"operationId", operation.operation_id},
                             {"summary", operation.summary},
                             {"tags", boost::json::array{boost::json::value(operation.tag)}}};
  std::string description = operation.description;
  if (!description.empty()) description += "\n\n";
  object["description"] = description + access_text(operation.access);
  if (operation.access == "anyone") object["security"] = boost::json::array{boost::json::object{}};
  boost::json::array parameters;
  for (const auto& parameter : operation.parameters) {
    parameters.push_back(boost::json::object{{"name", parameter.name},
                                             {"in", parameter.in},
                                             {"required", parameter.required},
                                             {"schema", parameter.schema}});
  }
  if (!parameters.empty()) object["parameters"] = parameters;
  if (operation.request_schema) {
    object["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", *operation.request_schema}}}}}};
  }
  boost::json::object responses;
  boost::json::object success{{"description", operation.status == 201   ? "Created."
                                              : operation.status == 204 ? "Done; no body."
                                                                        : "OK."}};
  if (operation.response_schema)
    success["content"] = {{"application/json", {{"schema", *operation.response_schema}}}};
  if (operation.event_stream)
    success["content"] = {{"text/event-stream", {{"schema", {{"type", "string"}}}}}};
  responses[std::to_string(operation.status)] = success;
  for (int status : operation.errors) responses[std::to_string(status)] = error_response(status);
  object["responses"] = responses;
  return object;
}

void ApiDocs::merge_into(boost::json::object& document) const {
  auto& paths = document["paths"];
  if (!paths.is_object()) paths = boost::json::object{};
  for (const auto& operation : operations_) {
    std::string path = operation.path;
    if (path.starts_with("/api/v1/")) path = path.substr(7);  // the server URL holds /api/v1
    auto& item = paths.as_object()[path];
    if (!item.is_object()) item = boost::json::object{};
    item.as_object()[operation.method] = operation_object(operation);
  }
}

const OperationDoc* ApiDocs::find(const std::string& method, const std::string& path) const {
  for (const auto& operation : operations_) {
    if (operation.method == method && operation.path == path) return &operation;
  }
  return nullptr;
}

std::string schema_violation(const boost::json::value& value, const boost::json::object& schema,
                             const std::string& path) {
  if (auto type = schema.find("type"); type != schema.end()) {
    auto is = [&](std::string_view name) {
      if (name == "null") return value.is_null();
      if (name == "boolean") return value.is_bool();
      if (name == "integer") return value.is_int64() || value.is_uint64();
      if (name == "number") return value.is_number();
      if (name == "string") return value.is_string();
      if (name == "array") return value.is_array();
      if (name == "object") return value.is_object();
      return false;
    };
    bool matches = false;
    if (type->value().is_string()) {
      matches = is(type->value().as_string());
    } else if (type->value().is_array()) {
      for (const auto& name : type->value().as_array())
        matches |= name.is_string() && is(name.as_string());
    }
    if (!matches) return path + ": expected " + boost::json::serialize(type->value());
  }
  if (value.is_null()) return {};
  if (auto values = schema.find("enum"); values != schema.end()) {
    bool listed = false;
    for (const auto& allowed : values->value().as_array()) listed |= allowed == value;
    if (!listed) return path + ": not one of " + boost::json::serialize(values->value());
  }
  if (value.is_string()) {
    const std::size_t length = utf8_length(std::string_view(value.as_string()));
    if (auto min = schema.find("minLength");
        min != schema.end() && length < static_cast<std::size_t>(min->value().to_number<double>()))
      return path + ": shorter than minLength";
    if (auto max = schema.find("maxLength");
        max != schema.end() && length > static_cast<std::size_t>(max->value().to_number<double>()))
      return path + ": longer than maxLength";
  }
  if (value.is_number()) {
    const double number = value.to_number<double>();
    if (auto min = schema.find("minimum");
        min != schema.end() && number < min->value().to_number<double>())
      return path + ": below minimum";
    if (auto max = schema.find("maximum");
        max != schema.end() && number > max->value().to_number<double>())
      return path + ": above maximum";
  }
  if (value.is_array()) {
    if (auto items = schema.find("items"); items != schema.end() && items->value().is_object()) {
      const auto& array = value.as_array();
      for (std::size_t index = 0; index < array.size(); ++index) {
        auto found = schema_violation(array[index], items->value().as_object(),
                                      path + "[" + std::to_string(index) + "]");
        if (!found.empty()) return found;
      }
    }
  }
  if (value.is_object()) {
    const auto& object = value.as_object();
    const boost::json::object* properties = nullptr;
    if (auto found = schema.find("properties"); found != schema.end() && found->value().is_object())
      properties = &found->value().as_object();
    if (auto required = schema.find("required"); required != schema.end()) {
      for (const auto& name : required->value().as_array()) {
        if (!object.contains(name.as_string()))
          return path + ": missing " + std::string(name.as_string());
      }
    }
    for (const auto& entry : object) {
      const std::string member = path + "." + std::string(entry.key());
      const boost::json::value* sub = properties ? properties->if_contains(entry.key()) : nullptr;
      if (sub && sub->is_object()) {
        auto found = schema_violation(entry.value(), sub->as_object(), member);
        if (!found.empty()) return found;
      } else if (auto extra = schema.find("additionalProperties");
                 extra != schema.end() && extra->value().is_bool() && !extra->value().as_bool()) {
        return member + ": not declared";
      }
    }
  }
  return {};
}

}  // namespace moim::web
