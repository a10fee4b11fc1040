// Mustache templates from web/templates, parsed once at start-up and
// rendered many times. {{name}} is HTML-escaped; {{{name}}} is raw and is
// used only for HTML the server itself produced (e.g. sanitized markdown).
#pragma once

#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/web/catalog.hpp"

namespace moim::web {

// Translations are baked in at load time: {{t.key}} is replaced by the
// escaped text of each language, so a render does no lookups at all.
class Templates {
 public:
  // Loads every *.mustache below dir; the name is the relative path without
  // the extension, e.g. "accounts/login".
  static Result<std::shared_ptr<Templates>> load(const std::filesystem::path& dir,
                                                 const Catalog& catalog);
  ~Templates();

  // Throws std::logic_error for an unknown name (a programming error).
  std::string render(std::string_view name, std::string_view language,
                     const boost::json::value& data) const;
  bool has(std::string_view name) const;
  std::vector<std::string> names() const;
  // The raw text of a template (tests check every {{t.key}} exists).
  const std::string& source(std::string_view name) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace moim::web
