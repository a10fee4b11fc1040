#include "platform/web/kept_pages.hpp"

#include <optional>

namespace moim::web {

KeptPages::KeptPages(std::shared_ptr<const db::ChangeStamp> stamp, const Clock& clock,
                     std::size_t capacity)
    : stamp_(std::move(stamp)), clock_(clock), pages_(capacity) {}

KeptPages::Page KeptPages::split(const http::Response& response, std::string_view token) {
  Page page;
  page.status = response.status;
  for (const auto& header : response.headers)
    if (header.first != "Set-Cookie") page.headers.push_back(header);
  const std::string_view body = response.body;
  std::size_t from = 0;
  for (std::size_t at = body.find(token); at != std::string_view::npos;
       at = body.find(token, from)) {
    page.pieces.emplace_back(body.substr(from, at - from));
    from = at + token.size();
  }
  page.pieces.emplace_back(body.substr(from));
  page.body_size = body.size() - (page.pieces.size() - 1) * token.size();
  return page;
}

http::Response KeptPages::serve(const std::string& key, std::string_view token,
                                const std::function<http::Response()>& build) {
  // The stamp and the second are read before the page is built: a commit
  // or a new second while it is built only makes the next request build
  // it again, never keeps a page older than what it is kept for.
  const std::optional<db::Stamp> stamp = stamp_ ? stamp_->read() : std::nullopt;
  if (!stamp || token.empty()) return build();
  const Version version{*stamp, clock_.now_seconds()};
  if (const std::shared_ptr<const Page> kept = pages_.find(key, version)) {
    http::Response response;
    response.status = kept->status;
    response.headers = kept->headers;
    response.body.reserve(kept->body_size + (kept->pieces.size() - 1) * token.size());
    for (std::size_t index = 0; index < kept->pieces.size(); ++index) {
      if (index > 0) response.body += token;
      response.body += kept->pieces[index];
    }
    return response;
  }
  http::Response built = build();
  if (built.status != 200 || built.stream || built.body.find(token) == std::string::npos)
    return built;
  pages_.store(key, version, split(built, token));
  return built;
}

}  // namespace moim::web
