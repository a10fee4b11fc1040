// The OpenAPI document, generated from the routes themselves: each typed
// route (features/accounts/api_routes.hpp) records its method, path, who may
// call it and the JSON Schemas of its input and output here, and the server
// merges these operations into the document it serves, so what is documented
// is what is parsed and written.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace moim::web {

struct ParameterDoc {
  std::string name;
  std::string in;  // "path" or "query"
  bool required = false;
  boost::json::object schema;
};

struct OperationDoc {
  std::string method;  // lower case, as OpenAPI keys it: "get", "post", ...
  std::string path;    // "/api/v1/communities/{slug}/events"
  std::string operation_id;
  std::string summary;
  std::string description;
  std::string tag;
  std::string access;  // "anyone", "signed_in", "anyone_or_ticket": said in the text
  int status = 200;
  std::vector<ParameterDoc> parameters;
  std::optional<boost::json::object> request_schema;
  std::optional<boost::json::object> response_schema;  // none with 204
  bool event_stream = false;  // answers text/event-stream (Server-Sent Events)
  std::vector<int> errors;    // the 4xx statuses the route can answer
};

class ApiDocs {
 public:
  void add(OperationDoc operation);
  const std::vector<OperationDoc>& operations() const { return operations_; }
  // The OpenAPI operation object of one route.
  static boost::json::object operation_object(const OperationDoc& operation);
  // Adds (or replaces) every recorded operation in `document`'s paths.
  void merge_into(boost::json::object& document) const;
  // The declared response schema of METHOD PATH-PATTERN, if recorded here.
  const OperationDoc* find(const std::string& method, const std::string& path) const;

 private:
  std::vector<OperationDoc> operations_;
};

// Two-space indented JSON, one member a line, so a generated document's diff
// reads well in review.
std::string pretty_json(const boost::json::value& value);

// Checks `value` against the subset of JSON Schema the generator writes
// (type, properties, required, additionalProperties, items, enum, min/max,
// lengths); an empty string when it conforms, else where it does not. Tests
// check every JSON reply they receive against its declared schema with it.
std::string schema_violation(const boost::json::value& value, const boost::json::object& schema,
                             const std::string& path = "$");

}  // namespace moim::web
