// WebSession::form_failed (and localized_csv, the other page-side rewrite of
// what a service made): a refused page form is shown again in place. The
// page the form was on is rendered by its own GET route (same viewer, same
// language), then web::refill_form puts back what was typed and marks the
// field, so no template needs its own copy of "keep the values, show the error".
#include "features/accounts/web_session.hpp"
#include "platform/web/form_refill.hpp"

namespace moim::accounts {

namespace {

bool input_refused(const Error& error) {
  return error.http_status == 400 || error.http_status == 409 || error.http_status == 413 ||
         error.http_status == 422;
}

// The referring page without a notice of its own ("saved" would be a lie now).
std::string without_notice(const std::string& path_and_query) {
  const std::size_t question = path_and_query.find('?');
  if (question == std::string::npos) return path_and_query;
  std::string kept;
  std::string_view query = std::string_view(path_and_query).substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty() || pair == "notice" || pair.starts_with("notice=")) continue;
    kept += (kept.empty() ? "" : "&") + std::string(pair);
  }
  return path_and_query.substr(0, question) + (kept.empty() ? "" : "?" + kept);
}

// The message speaks the page's language (<html lang>), which a community's
// default may have chosen rather than the visitor's browser.
RequestContext in_page_language(const RequestContext& context, const http::Response& page) {
  RequestContext in_page = context;
  const std::size_t at = page.body.find("<html lang=\"");
  if (at != std::string::npos && at < 200) {
    const std::string language = page.body.substr(at + 12, 2);
    if (web::is_supported_language(language)) in_page.language = language;
  }
  return in_page;
}

}  // namespace

http::Response WebSession::form_failed(const http::Request& request, const RequestContext& context,
                                       const Error& error) const {
  if (!input_refused(error) || router_ == nullptr) return refuse(context, error);
  const std::string from = without_notice(return_path(request, {}, ""));
  if (from.empty()) return refuse(context, error);

  http::Request again = request;
  again.method = http::Method::kGet;
  again.body.clear();
  again.target = from;
  const std::size_t question = from.find('?');
  again.path = http::percent_decode(from.substr(0, question), false);
  again.query = question == std::string::npos ? "" : from.substr(question + 1);
  const http::RouteMatch match = router_->match(http::Method::kGet, again.path);
  if (match.route == nullptr) return refuse(context, error);
  again.path_params = match.params;
  again.route = match.route->pattern;
  http::Response page = match.route->handler(again);
  const auto type = page.header("Content-Type");
  if (page.status != 200 || !type || !type->starts_with("text/html")) return refuse(context, error);

  if (!web::refill_form(page.body, request.path, http::parse_url_encoded(request.body),
                        {error.field, error_text(in_page_language(context, page), error)}))
    return refuse(context, error);
  page.status = error.http_status;
  return page;
}

http::Response WebSession::mark_form(http::Response page, const http::Request& request,
                                     const RequestContext& context, const Error& error) const {
  const std::string message = error_text(in_page_language(context, page), error);
  if (!web::refill_form(page.body, request.path, http::parse_url_encoded(request.body),
                        {error.field, message})) {
    // No form posts here (a page with several): the message opens <main>.
    const std::size_t main = page.body.find("<main");
    const std::size_t open_end = main == std::string::npos ? main : page.body.find('>', main);
    if (open_end != std::string::npos)
      page.body.insert(open_end + 1,
                       "<p class=\"error\" role=\"alert\">" + web::escape_html(message) + "</p>");
  }
  page.status = error.http_status;
  return page;
}

std::string WebSession::localized_csv(const RequestContext& context, std::string_view csv,
                                      const std::map<std::string, std::string>& value_prefixes,
                                      const std::map<std::string, web::CellText>& custom) const {
  std::map<std::string, web::CellText> values = custom;
  for (const auto& [column, prefix] : value_prefixes) {
    values[column] = [this, &context, prefix = prefix](const std::string& value) {
      return text(context, prefix + value);
    };
  }
  return web::localize_csv(
      csv, [this, &context](const std::string& column) { return text(context, "csv_" + column); },
      values);
}

}  // namespace moim::accounts
