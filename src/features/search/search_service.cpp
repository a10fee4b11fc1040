#include "features/search/search_service.hpp"

#include "features/search/results.hpp"
#include "platform/db/text_search.hpp"
#include "platform/web/input.hpp"

namespace moim::search {

std::vector<std::string> SearchService::kinds() const {
  std::vector<std::string> kinds;
  for (const auto& source : sources_) kinds.push_back(source.kind);
  return kinds;
}

Result<SearchPage> SearchService::search(const accounts::Viewer& viewer, const std::string& slug,
                                         const SearchInput& input) {
  if (!web::is_valid_utf8(input.q)) return Error::invalid("q", "q must be UTF-8 text");
  const std::string query = web::trim(input.q);
  const std::size_t chars = web::utf8_length(query);
  if (chars == 0) return Error::invalid("q", "q is required");
  if (chars < kMinQueryChars) return Error::invalid("q", "q must be at least 2 characters");
  if (chars > kMaxQueryChars) return Error::invalid("q", "q must be at most 100 characters");
  for (char ch : query) {
    if (static_cast<unsigned char>(ch) < 0x20) return Error::invalid("q", "q must be one line");
  }
  if (input.page < 1 || input.page > kMaxPage)
    return Error::invalid("page", "page must be between 1 and 50");
  const SearchSource* only = nullptr;
  if (!input.kind.empty()) {
    for (const auto& source : sources_)
      if (source.kind == input.kind) only = &source;
    if (only == nullptr) return Error::invalid("kind", "no such kind of result");
  }

  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, *community);
  if (!standing) return standing.error();
  const std::size_t skip = static_cast<std::size_t>(input.page - 1) * kPerPage;
  // One more than the page asks shows whether a next page exists.
  const SearchRequest request{.community_id = community->id,
                              .community_slug = community->slug,
                              .text = query,
                              .viewer = {.user_id = viewer.user_id(),
                                         .is_member = standing->is_member(),
                                         .can_manage = standing->can_manage()},
                              .limit = static_cast<int>(skip) + kPerPage + 1};

  auto reader = database_.read();
  if (!reader) return reader.error();
  if (auto planned = db::plan_with_values(*reader); !planned) return planned.error();
  std::vector<std::vector<SearchHit>> per_source;
  for (const auto& source : sources_) {
    if (only != nullptr && only != &source) continue;
    auto hits = source.find(*reader, request);
    if (!hits) return hits.error();
    per_source.push_back(std::move(hits.value()));
  }
  auto hits = merge_hits(std::move(per_source), skip, kPerPage + 1);

  SearchPage page{.query = query, .kind = input.kind, .page = input.page};
  page.has_next = hits.size() > static_cast<std::size_t>(kPerPage);
  if (page.has_next) hits.pop_back();
  for (auto& hit : hits) {
    FoundHit found{.hit = std::move(hit)};
    found.title_html = marked_html(found.hit.title, query);
    found.snippet_html = snippet_html(found.hit.text, query);
    page.hits.push_back(std::move(found));
  }
  return page;
}

}  // namespace moim::search
