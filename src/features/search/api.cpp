#include <boost/describe.hpp>

#include "features/search/routes.hpp"

namespace moim::search {

namespace {

struct CommunityPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(CommunityPath, (), (slug))

struct SearchQuery {
  // Trimmed, 2 to 100 characters (the service says so naming "q").
  web::Text<1, kMaxQueryChars> q;
  std::optional<web::Text<1, 32>> kind;  // "project", "growth_log", "member", "event", ...
  std::optional<web::Int<1, kMaxPage>> page;
};
BOOST_DESCRIBE_STRUCT(SearchQuery, (), (q, kind, page))

struct HitOut {
  std::string kind;
  std::int64_t id = 0;
  std::string title;
  std::string title_html;    // escaped, the match in <mark>
  std::string snippet_html;  // escaped, the match in <mark>
  std::string url;
  std::int64_t score = 0;
  web::Instant time;
};
BOOST_DESCRIBE_STRUCT(HitOut, (), (kind, id, title, title_html, snippet_html, url, score, time))

struct SearchReply {
  std::string q;
  std::optional<std::string> kind;
  std::int64_t page = 1;
  std::int64_t per_page = kPerPage;
  bool has_next = false;
  std::vector<HitOut> results;
};
BOOST_DESCRIBE_STRUCT(SearchReply, (), (q, kind, page, per_page, has_next, results))

}  // namespace

void add_search_api(accounts::ApiRoutes& routes, SearchService& search) {
  routes.add<CommunityPath, SearchQuery, web::Nothing, SearchReply>(
      {.method = http::Method::kGet,
       .path = "/api/v1/communities/{slug}/search",
       .operation_id = "searchCommunity",
       .summary = "Search the community",
       .description = "Projects of every cohort, public growth logs, members' public profiles "
                      "and events that hold q (2 to 100 characters, any case, Korean from two "
                      "syllables), best first: title matches, then the newest. Each kind shows "
                      "only what the caller may see on its own page.",
       .tag = "search",
       .access = accounts::Access::kAnyone},
      [&search](auto& call) -> Result<SearchReply> {
        const SearchInput input{
            .q = call.query.q.value,
            .kind = call.query.kind ? call.query.kind->value : std::string(),
            .page = call.query.page ? static_cast<int>(call.query.page->value) : 1};
        auto found = search.search(call.viewer(), call.path.slug, input);
        if (!found) return found.error();
        SearchReply reply{
            .q = found->query,
            .kind = found->kind.empty() ? std::nullopt : std::optional<std::string>(found->kind),
            .page = found->page,
            .per_page = found->per_page,
            .has_next = found->has_next};
        for (const auto& hit : found->hits) {
          reply.results.push_back({.kind = hit.hit.kind,
                                   .id = hit.hit.id,
                                   .title = hit.hit.title,
                                   .title_html = hit.title_html,
                                   .snippet_html = hit.snippet_html,
                                   .url = hit.hit.url,
                                   .score = hit.hit.score,
                                   .time = {hit.hit.time}});
        }
        return reply;
      });
}

}  // namespace moim::search
