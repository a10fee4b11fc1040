// The cover image of an event through the API: base64 of a PNG or JPEG in
// JSON (the bytes are checked by decoding them, never by a declared type).
// Sponsor logos are beside the sponsors in programme_api.cpp.
#include "features/events/images.hpp"
#include "features/events/images_routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events {

namespace {

using accounts::Access;
using http::Method;
using web::Nothing;
using web::Text;

struct CoverPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(CoverPath, (), (slug, event))

// Base64 of at most kMaxCoverBytes; the exact limit is the decoded size.
struct CoverBody {
  Text<1, (kMaxCoverBytes + 2) / 3 * 4 + 64> cover_image_base64;
};
BOOST_DESCRIBE_STRUCT(CoverBody, (), (cover_image_base64))

struct ImageOut {
  std::string url;  // content-addressed: it never shows other bytes
  std::string content_type;
  std::int64_t width = 0, height = 0;
};
BOOST_DESCRIBE_STRUCT(ImageOut, (), (url, content_type, width, height))
struct CoverReply {
  ImageOut cover;
};
BOOST_DESCRIBE_STRUCT(CoverReply, (), (cover))

}  // namespace

void add_event_images_api(accounts::ApiRoutes& routes, EventsService& events) {
  const std::string path = "/api/v1/communities/{slug}/events/{event}/cover";
  routes.add<CoverPath, Nothing, CoverBody, CoverReply>(
      {.method = Method::kPut,
       .path = path,
       .operation_id = "setEventCover",
       .summary = "Upload the event's cover image (organizers)",
       .description = "`cover_image_base64` is a PNG or JPEG file in base64, at most 512 KB and "
                      "4096 pixels on each side once decoded; WebP, SVG and anything that does "
                      "not decode are a 422 naming the field. Replaces an earlier cover.",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<CoverReply> {
        auto bytes = images::decode_base64(call.body.cover_image_base64.value, "cover_image_base64",
                                           kMaxCoverBytes);
        if (!bytes) return bytes.error();
        auto changed = events.set_cover(call.viewer(), call.path.slug, call.path.event, *bytes);
        if (!changed) return changed.error();
        const ImageRef& cover = *changed->cover;
        return CoverReply{{event_image_path(call.path.slug, call.path.event, cover),
                           std::string(cover.content_type()), cover.width, cover.height}};
      });
  routes.add<CoverPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = path,
       .operation_id = "removeEventCover",
       .summary = "Remove the event's cover image (organizers)",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&events](auto& call) -> Result<Nothing> {
        auto changed = events.remove_cover(call.viewer(), call.path.slug, call.path.event);
        if (!changed) return changed.error();
        return Nothing{};
      });
}

}  // namespace moim::events
