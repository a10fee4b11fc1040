// Uploaded images of the events room (covers, sponsor logos): what counts as
// an image, and how one is kept by digest. Not part of the room's interface.
//
// An upload is believed only once it decoded: the first bytes say PNG or
// JPEG (never the declared type), the sides are read from the header and
// checked before any pixel is decoded, then every row is decoded, so a
// truncated or doctored file is refused before anything is written. SVG is
// never an image here (it can carry script); WebP is refused with its own
// message because no decoder for it is among the project's libraries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "features/events/events_service.hpp"

namespace moim::events::images {

struct Limits {
  std::size_t max_bytes = 0;
  int max_side = 0;  // pixels, each side
};
inline constexpr Limits kCover{kMaxCoverBytes, kMaxCoverSide};
inline constexpr Limits kSponsorLogo{kMaxSponsorLogoBytes, kMaxSponsorLogoSide};

// The image's format, sides and digest, or a 422 naming `field` with one of
// the codes "image_invalid" (not an image, damaged), "image_format" (not PNG
// or JPEG), "image_webp" (WebP, which has its own message), "image_too_large" (bytes) or
// "image_dimensions" (pixels).
Result<ImageRef> check(std::string_view bytes, const std::string& field, const Limits& limits);

// Standard base64 (whitespace allowed) to bytes; garbage, or more than
// `max_bytes` once decoded, is a 422 naming `field`.
Result<std::string> decode_base64(std::string_view text, const std::string& field,
                                  std::size_t max_bytes);
std::string encode_base64(std::string_view bytes);

// Keeps the checked bytes under their digest for the community (a second
// upload of the same file writes nothing).
Status keep(db::Transaction& transaction, std::int64_t community_id, const ImageRef& image,
            std::string_view bytes, std::int64_t now);
// Removes the community's image when no event cover or sponsor logo of the
// community points at it any more.
Status forget_if_unused(db::Transaction& transaction, std::int64_t community_id,
                        const std::string& digest);
// The stored image of the community, if any.
Result<std::optional<ImageRef>> find(db::Transaction& transaction, std::int64_t community_id,
                                     const std::string& digest);

// Sets the cover of each event from its row (one query for them all).
Status fill_covers(db::Transaction& transaction, std::span<Event> events);

// Reads an image reference from three columns: content_type, width, height
// (with the digest beside them); nullopt when the digest is NULL.
std::optional<ImageRef> ref_from(const db::Row& row, std::size_t digest_column);

}  // namespace moim::events::images
