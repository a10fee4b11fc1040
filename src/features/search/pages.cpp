// The page /c/{slug}/search: the box (also in every community page's bar),
// the kinds to narrow to, the results with their snippets, and paging. A
// query the search refuses (one character, over 100) renders the page again
// with the message by the box, status 400; never a 5xx for input.
#include <charconv>

#include "features/communities/routes.hpp"
#include "features/search/routes.hpp"
#include "platform/http/message.hpp"

namespace moim::search {

namespace {

std::string page_url(const std::string& slug, const std::string& query, const std::string& kind,
                     int page) {
  std::string url = "/c/" + slug + "/search?q=" + http::percent_encode(query);
  if (!kind.empty()) url += "&kind=" + http::percent_encode(kind);
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

// Out of range or not a number: the service names "page" (400).
int page_number(const http::Request& request) {
  const std::string text = request.query_param("page").value_or("1");
  int page = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (error != std::errc{} || end != text.data() + text.size()) return 0;
  return page;
}

// The page's own words for what the service refuses, by field and reason.
std::string error_key(const Error& error) {
  if (error.field == "q") {
    if (error.message.find("at least") != std::string::npos) return "search_error_q_short";
    if (error.message.find("at most") != std::string::npos) return "search_error_q_long";
    return "search_error_q";
  }
  return error.field == "kind" ? "search_error_kind" : "search_error_page";
}

}  // namespace

void add_search_pages(http::Router& router, accounts::WebSession& session, SearchService& search) {
  router.get("/c/{slug}/search", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    auto community = search.community(slug);
    if (!community) return session.refuse(context, community.error());
    const SearchInput input{.q = request.query_param("q").value_or(""),
                            .kind = request.query_param("kind").value_or(""),
                            .page = page_number(request)};
    const bool asked = input.q.find_first_not_of(" \t\r\n") != std::string::npos;

    boost::json::array kinds;
    for (const auto& kind : search.kinds()) {
      kinds.push_back(boost::json::object{{"value", kind},
                                          {"label", session.text(context, "search_kind_" + kind)},
                                          {"selected", kind == input.kind}});
    }
    boost::json::object data{{"community", communities::community_json(*community)},
                             {"q", input.q},
                             {"kinds", std::move(kinds)},
                             {"all_kinds", input.kind.empty()},
                             {"asked", asked}};
    int status = 200;
    if (asked) {
      auto found = search.search(context.viewer, slug, input);
      if (!found) {
        if (found.error().field.empty()) return session.refuse(context, found.error());
        status = 400;
        data["error_text"] = session.text(context, error_key(found.error()));
        data["invalid_" + found.error().field] = true;
      } else {
        boost::json::array hits;
        for (const auto& hit : found->hits) {
          hits.push_back(boost::json::object{
              {"kind", hit.hit.kind},
              {"kind_label", session.text(context, "search_kind_" + hit.hit.kind)},
              {"title_html", hit.title_html},
              {"snippet_html", hit.snippet_html},
              {"url", hit.hit.url}});
        }
        data["searched"] = true;
        data["no_hits"] = hits.empty();
        data["hits"] = std::move(hits);
        if (found->page > 1)
          data["previous_url"] = page_url(slug, found->query, found->kind, found->page - 1);
        if (found->has_next)
          data["next_url"] = page_url(slug, found->query, found->kind, found->page + 1);
        data["page"] = found->page;
      }
    }
    const std::string title = session.text(context, "search_title");
    return session.page(context, status, "search/search", std::move(data),
                        {.title = asked ? input.q + " · " + title : title});
  });
}

}  // namespace moim::search
