// GET /api/v1/me/data: the typed route. A section's records are free-form
// JSON objects (each room names its own fields), so this file teaches the
// typed writer and the schema one more type, boost::json::array, for its
// own use only (no other file instantiates them).
#include <boost/describe.hpp>
#include <boost/json/array.hpp>

#include "features/privacy/routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::web {
template <>
inline boost::json::value write_json<boost::json::array>(const boost::json::array& value) {
  return value;
}
template <>
inline boost::json::object json_schema<boost::json::array>() {
  return {{"type", "array"},
          {"items", {{"type", "object"}}},
          {"description", "The section's records, one object per record; fields per section."}};
}
}  // namespace moim::web

namespace moim::privacy {

struct SectionOut {
  std::string file;
  std::vector<std::string> tables;
  std::int64_t count = 0;
  boost::json::array rows;
};
BOOST_DESCRIBE_STRUCT(SectionOut, (), (file, tables, count, rows))

struct MyDataReply {
  std::int64_t user_id = 0;
  web::Instant generated_at;
  std::vector<SectionOut> sections;
};
BOOST_DESCRIBE_STRUCT(MyDataReply, (), (user_id, generated_at, sections))

void add_privacy_api(accounts::ApiRoutes& routes, std::shared_ptr<PrivacyService> privacy) {
  routes.add<web::Nothing, web::Nothing, web::Nothing, MyDataReply>(
      {.method = http::Method::kGet,
       .path = "/api/v1/me/data",
       .operation_id = "getMyData",
       .summary = "Everything moim holds about me",
       .description =
           "One section per kind of record (profile, memberships, applications, attendance, "
           "certificates, mails, audit entries, ...), each with the tables it was read from. "
           "Never a password or token hash, a session token or a sealed key.",
       .tag = "privacy"},
      [privacy](auto& call) -> Result<MyDataReply> {
        auto data = privacy->my_data(call.viewer());
        if (!data) return data.error();
        MyDataReply reply{
            .user_id = data->user_id, .generated_at = {data->generated_at}, .sections = {}};
        for (auto& section : data->sections) {
          const auto count = static_cast<std::int64_t>(section.rows.size());
          reply.sections.push_back(
              {std::move(section.file), std::move(section.tables), count, std::move(section.rows)});
        }
        return reply;
      });
}

}  // namespace moim::privacy
