// Helpers shared by the programme's files; not part of its interface.
#pragma once

#include <string>

#include "features/events/programme_service.hpp"
#include "platform/web/input.hpp"

namespace moim::events::programme_internal {

// Valid UTF-8 of min..max characters, or a 400 naming the field.
inline Status check_text(const std::string& value, const char* field, std::size_t min,
                         std::size_t max) {
  if (!web::is_valid_utf8(value))
    return Error::invalid(field, std::string(field) + " is not valid UTF-8");
  const std::size_t length = web::utf8_length(web::trim(value));
  if (length < min) return Error::invalid(field, std::string(field) + " is required");
  if (web::utf8_length(value) > max)
    return Error::invalid(
        field, std::string(field) + " must be at most " + std::to_string(max) + " characters");
  return ok_status();
}

// Empty, or an http(s) address of at most 500 characters.
inline Status check_link(const std::string& value, const char* field) {
  if (value.empty()) return ok_status();
  if (auto length = check_text(value, field, 0, kMaxLinkChars); !length) return length;
  if (!value.starts_with("https://") && !value.starts_with("http://"))
    return Error::invalid(field, std::string(field) + " must be an http(s) link");
  return ok_status();
}

// A sponsor with its uploaded logo (sponsor_from reads these columns, in
// order); add "WHERE ..." and the order.
inline constexpr const char* kSponsorSelect =
    "SELECT s.id, s.name, s.tier, s.logo_url, s.link, s.logo_digest, i.content_type, i.width, "
    "i.height FROM event_sponsors s JOIN events e ON e.id = s.event_id LEFT JOIN event_images i "
    "ON i.community_id = e.community_id AND i.digest = s.logo_digest ";
Sponsor sponsor_from(const db::Row& row);

}  // namespace moim::events::programme_internal
