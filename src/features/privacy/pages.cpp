// GET /me/data: everything moim holds about the visitor, per section with
// its count and records; GET /me/data/export.zip: the same as a ZIP with the
// certificates' PDFs. Signed in only (anonymous visitors go to the log-in).
#include <boost/json/serialize.hpp>

#include <string>

#include "features/privacy/data_export_routes.hpp"
#include "features/privacy/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::privacy {

namespace {

constexpr std::size_t kShownRows = 100;       // per section; the rest is in the download
constexpr std::size_t kShownCellChars = 400;  // a long text or JSON value is cut on the page
constexpr const char* kShownZone = "Asia/Seoul";

// At most kShownCellChars bytes, never cutting a UTF-8 character in two.
std::string shortened(std::string text) {
  if (text.size() <= kShownCellChars) return text;
  std::size_t end = kShownCellChars;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "…";
}

std::string cell_text(std::string_view column, const boost::json::value& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) {
    return shortened(std::string(value.as_string()));
  }
  if (value.is_int64() && (column.ends_with("_at") || column == "at" || column == "deadline"))
    return format_local(value.as_int64(), kShownZone);
  if (value.is_int64()) return std::to_string(value.as_int64());
  return shortened(boost::json::serialize(value));
}

boost::json::object section_view(const accounts::WebSession& session,
                                 const accounts::RequestContext& context,
                                 const web::PersonalRecords& section) {
  boost::json::array columns;
  if (!section.rows.empty() && section.rows.front().is_object()) {
    for (const auto& field : section.rows.front().as_object()) columns.emplace_back(field.key());
  }
  boost::json::array rows;
  for (std::size_t row_idx = 0; row_idx < section.rows.size() && row_idx < kShownRows; ++row_idx) {
    const auto& record = section.rows[row_idx];
    if (!record.is_object()) continue;
    boost::json::array cells;
    for (const auto& column : columns) {
      const std::string_view name = column.as_string();
      const auto* value = record.as_object().if_contains(name);
      cells.emplace_back(value ? cell_text(name, *value) : "-");
    }
    rows.push_back(boost::json::object{{"cells", std::move(cells)}});
  }
  const std::size_t count = section.rows.size();
  std::string more;
  if (count > kShownRows) {
    more = session.text(context, "privacy_more_before") + std::to_string(count - kShownRows) +
           session.text(context, "privacy_more_after");
  }
  return {{"file", section.file},
          {"title", session.text(context, "privacy_section_" + section.file)},
          {"count", count},
          {"empty", count == 0},
          {"has_rows", count > 0},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)},
          {"more", !more.empty()},
          {"more_text", more}};
}

}  // namespace

void add_privacy_pages(http::Router& router, accounts::WebSession& session,
                       std::shared_ptr<PrivacyService> privacy,
                       std::shared_ptr<DataExportService> exports) {
  router.get("/me/data", [&session, privacy, exports](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto data = privacy->my_data(context.viewer);
    if (!data) return session.refuse(context, data.error());
    boost::json::array sections;
    std::size_t total = 0;
    for (const auto& section : data->sections) {
      total += section.rows.size();
      sections.push_back(section_view(session, context, section));
    }
    boost::json::object view{{"sections", std::move(sections)},
                             {"total", total},
                             {"generated", format_local(data->generated_at, kShownZone)}};
    if (exports) {
      auto mine = exports->mine(context.viewer);
      if (!mine) return session.refuse(context, mine.error());
      view["prepared_exports"] = true;
      view["has_exports"] = !mine->empty();
      view["exports"] = data_export_views(session, context, mine.value());
    }
    http::Response response =
        session.page(context, 200, "privacy/data", std::move(view),
                     {.title = session.text(context, "privacy_data_title"),
                      .notice_key = request.query_param("notice") == "data_export_requested"
                                        ? "notice_data_export_requested"
                                        : ""});
    response.set_header("Cache-Control", "private, no-store");
    return response;
  });

  router.get("/me/data/export.zip", [&session, privacy](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto bytes = privacy->export_zip(context.viewer, session.text(context, "privacy_zip_readme"));
    if (!bytes) return session.refuse(context, bytes.error());
    http::Response response;
    response.status = 200;
    response.body = std::move(bytes.value());
    response.set_header("Content-Type", "application/zip");
    response.set_header("Content-Disposition", "attachment; filename=\"moim-my-data-" +
                                                   std::to_string(context.viewer.user_id()) +
                                                   ".zip\"");
    response.set_header("Cache-Control", "private, no-store");
    return response;
  });
}

}  // namespace moim::privacy
