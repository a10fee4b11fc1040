// POST /api/v1/communities/{slug}/cohorts/{cohort}/imports: a Google Forms
// CSV export and its column mapping as JSON; `dry_run` (the default) answers
// with the preview, otherwise the rows are imported in one transaction.
#include "features/academy/routes.hpp"

namespace moim::academy {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

Result<int> column_of(const boost::json::value& value, const std::string& field) {
  if (value.is_null()) return -1;
  if (!value.is_int64() || value.as_int64() < -1 || value.as_int64() >= int64_t{kMaxImportColumns})
    return Error::invalid(field, field + " must be a column number (0 is the first) or null");
  return static_cast<int>(value.as_int64());
}

Result<std::vector<int>> columns_of(const boost::json::object& mapping, const std::string& name) {
  const std::string field = "mapping." + name;
  std::vector<int> columns;
  auto found = mapping.find(name);
  if (found == mapping.end() || !found->value().is_array())
    return Error::invalid(field, field + " must be a list of column numbers");
  if (found->value().as_array().size() > kMaxImportColumns)
    return Error::invalid(field, field + " has too many columns");
  for (const auto& item : found->value().as_array()) {
    auto column = column_of(item, field);
    if (!column) return column.error();
    columns.push_back(*column);
  }
  return columns;
}

Result<ImportRequest> import_request(const boost::json::object& body) {
  ImportRequest request;
  auto csv = body.find("csv");
  if (csv == body.end() || !csv->value().is_string())
    return Error::invalid("csv", "csv must hold the exported file's text");
  request.csv = std::string(csv->value().as_string());
  for (const auto& [name, target] : {std::pair<const char*, bool*>{"dry_run", &request.dry_run},
                                     {"skip_errors", &request.skip_errors}}) {
    auto found = body.find(name);
    if (found == body.end()) continue;
    if (!found->value().is_bool())
      return Error::invalid(name, std::string(name) + " must be true or false");
    *target = found->value().as_bool();
  }
  auto mapping = body.find("mapping");
  if (mapping != body.end() && !mapping->value().is_null()) {
    if (!mapping->value().is_object())
      return Error::invalid("mapping", "mapping must be {email, name, choices, answers}");
    const auto& object = mapping->value().as_object();
    ImportMapping result;
    for (const auto& [name, target] :
         {std::pair<const char*, int*>{"email", &result.email}, {"name", &result.name}}) {
      auto found = object.find(name);
      if (found == object.end()) continue;
      auto column = column_of(found->value(), std::string("mapping.") + name);
      if (!column) return column.error();
      *target = *column;
    }
    auto choices = columns_of(object, "choices");
    if (!choices) return choices.error();
    result.choices = std::move(choices.value());
    auto answers = columns_of(object, "answers");
    if (!answers) return answers.error();
    result.answers = std::move(answers.value());
    request.mapping = std::move(result);
  }
  return request;
}

boost::json::array int_array(const std::vector<int>& items) {
  boost::json::array array;
  for (int item : items) {
    if (item < 0)
      array.emplace_back(nullptr);
    else
      array.emplace_back(item);
  }
  return array;
}

}  // namespace

boost::json::object import_json(const ImportPreview& preview) {
  boost::json::array headers, rows;
  for (const auto& header : preview.headers) headers.emplace_back(header);
  for (const auto& row : preview.rows) {
    boost::json::array choices, answers, errors;
    for (std::size_t idx = 0; idx < row.project_ids.size(); ++idx)
      choices.push_back(boost::json::object{{"project_id", row.project_ids[idx]},
                                            {"title", row.choice_titles[idx]}});
    for (const auto& answer : row.answers) answers.emplace_back(answer);
    for (const auto& error : row.errors) errors.emplace_back(error);
    boost::json::object item{{"line", row.line},   {"email", row.email}, {"name", row.name},
                             {"choices", choices}, {"answers", answers}, {"errors", errors}};
    item["user_id"] = row.user_id ? boost::json::value(*row.user_id) : nullptr;
    rows.push_back(std::move(item));
  }
  boost::json::object mapping{
      {"email", preview.mapping.email < 0 ? boost::json::value(nullptr)
                                          : boost::json::value(preview.mapping.email)},
      {"name", preview.mapping.name < 0 ? boost::json::value(nullptr)
                                        : boost::json::value(preview.mapping.name)},
      {"choices", int_array(preview.mapping.choices)},
      {"answers", int_array(preview.mapping.answers)}};
  return {{"headers", headers},
          {"mapping", mapping},
          {"rows", rows},
          {"valid", preview.valid},
          {"invalid", preview.invalid},
          {"imported", preview.imported},
          {"imported_count", preview.imported_count}};
}

void add_forms_import_api(http::Router& router, accounts::WebSession& session,
                          AcademyService& academy) {
  router.post(
      "/api/v1/communities/{slug}/cohorts/{cohort}/imports",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto body = web::json_body(request);
            if (!body) return body.error();
            auto input = import_request(body.value());
            if (!input) return input.error();
            auto preview = academy.import_applications(context.viewer, request.param("slug"),
                                                       request.param("cohort"), input.value());
            if (!preview) return preview.error();
            return ApiReply{preview->imported ? 201 : 200, {{"import", import_json(*preview)}}, {}};
          }));
}

}  // namespace moim::academy
