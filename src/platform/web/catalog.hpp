// Korean first, English too: every visible string comes from
// web/i18n/{ko,en}.json, flat "key": "text" maps with the same keys.
#pragma once

#include <boost/json/object.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/error.hpp"

namespace moim::web {

inline constexpr std::string_view kLanguages[] = {"ko", "en"};
bool is_supported_language(std::string_view language);

class Catalog {
 public:
  static Result<Catalog> load(const std::filesystem::path& i18n_dir);
  // All strings of a language (unknown languages get Korean).
  const boost::json::object& strings(std::string_view language) const;
  // One string; a missing key yields the key itself, so a gap is visible.
  std::string text(std::string_view language, std::string_view key) const;

 private:
  boost::json::object korean_;
  boost::json::object english_;
};

// The user's saved choice, else the browser's Accept-Language, else the
// community's default.
std::string choose_language(const std::optional<std::string>& saved,
                            std::string_view accept_language, std::string_view fallback);

}  // namespace moim::web
