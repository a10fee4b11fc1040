// Pages every anonymous visitor gets alike (a community's home), kept
// rendered across requests.
//
// Such a page is a function of the database, the clock's second, the path
// and the language, plus the visitor's own form token. A kept page is used
// only while the database's change stamp (change_stamp.hpp: any commit by
// any process changes it) and the clock's second are those it was rendered
// at; the token it was rendered with is replaced by the visitor's.
//
// Where the database has no stamp (PostgreSQL, in-memory SQLite) nothing
// is kept and every page is rendered: several instances on one PostgreSQL
// then never show each other's writes late.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/clock.hpp"
#include "platform/base/versioned_cache.hpp"
#include "platform/db/change_stamp.hpp"
#include "platform/http/message.hpp"

namespace moim::web {

class KeptPages {
 public:
  // `stamp` may be null: then nothing is kept. It may be shared with other
  // readers of the same database (one SQLite connection for all of them).
  KeptPages(std::shared_ptr<const db::ChangeStamp> stamp, const Clock& clock,
            std::size_t capacity = 256);
  KeptPages(const KeptPages&) = delete;
  KeptPages& operator=(const KeptPages&) = delete;

  // The page kept for `key` with `token` where the renderer's token was, or
  // build()'s page, kept when it is a 200 whose body holds `token`
  // (a page without forms has no token to replace and is not worth the
  // risk of keeping another's). Set-Cookie headers are never kept: the
  // caller sets the visitor's own on a kept page.
  http::Response serve(const std::string& key, std::string_view token,
                       const std::function<http::Response()>& build);

 private:
  // A page is current while both the database and the second are those it
  // was rendered at.
  struct Version {
    db::Stamp stamp{};
    std::int64_t second = 0;
    bool operator==(const Version&) const = default;
  };
  struct Page {
    int status = 200;
    http::Headers headers;
    std::vector<std::string> pieces;  // the body split where the token was
    std::size_t body_size = 0;
  };
  static Page split(const http::Response& response, std::string_view token);

  std::shared_ptr<const db::ChangeStamp> stamp_;
  const Clock& clock_;
  VersionedCache<std::string, Page, Version> pages_;
};

}  // namespace moim::web
