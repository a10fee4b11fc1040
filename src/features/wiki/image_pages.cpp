// Images of a wiki page on the web and in the API: serving one to whoever
// reads the page, attaching one from the edit page (the file travels as
// base64 in a hidden field that web/static/moim.js fills from the file
// input, as on the events' pages) or as JSON.
#include "features/events/images.hpp"
#include "features/wiki/api_types.hpp"
#include "features/wiki/page_helpers.hpp"
#include "features/wiki/routes.hpp"

namespace moim::wiki {

using namespace pages;

namespace {

constexpr const char* kFormField = "image_base64";

struct ImageBody {
  // Base64 of the PNG or JPEG file (whitespace allowed).
  web::Text<1, (kMaxImageBytes * 4) / 3 + 4096> image_base64;
};
BOOST_DESCRIBE_STRUCT(ImageBody, (), (image_base64))
struct ImageOut {
  std::int64_t id = 0;
  std::string content_type;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t byte_size = 0;
  std::string url;
  std::string markdown;  // what to put in the page's text to show it
};
BOOST_DESCRIBE_STRUCT(ImageOut, (), (id, content_type, width, height, byte_size, url, markdown))
struct ImageList {
  std::vector<ImageOut> images;
};
BOOST_DESCRIBE_STRUCT(ImageList, (), (images))

ImageOut image_out(const PageImage& image) {
  return {image.id,   image.content_type,       image.width, image.height, image.byte_size,
          image.path, "![](" + image.path + ")"};
}

}  // namespace

void add_image_api(accounts::ApiRoutes& routes, WikiService& wiki) {
  const std::string images = "/api/v1/communities/{slug}/wiki/pages/{page}/images";
  routes.add<api::PagePath, web::Nothing, ImageBody, ImageOut>(
      {.method = http::Method::kPost,
       .path = images,
       .operation_id = "attachWikiImage",
       .summary = "Attach an image to a wiki page (whoever may edit it)",
       .description = "A PNG or JPEG of at most 512 KiB and 4096 pixels a side, checked by "
                      "decoding it (422 naming image_base64 otherwise); at most 20 a page (409).",
       .tag = "wiki",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<ImageOut> {
        auto bytes =
            events::images::decode_base64(call.body.image_base64.value, kFormField, kMaxImageBytes);
        if (!bytes) return bytes.error();
        auto image = wiki.attach_image(call.viewer(), call.path.slug, call.path.page, bytes.value(),
                                       kFormField);
        if (!image) return image.error();
        return image_out(*image);
      });
  routes.add<api::PagePath, web::Nothing, web::Nothing, ImageList>(
      {.method = http::Method::kGet,
       .path = images,
       .operation_id = "listWikiImages",
       .summary = "The images attached to a wiki page",
       .tag = "wiki",
       .access = accounts::Access::kAnyone},
      [&](auto& call) -> Result<ImageList> {
        auto found = wiki.images(call.viewer(), call.path.slug, call.path.page);
        if (!found) return found.error();
        ImageList out;
        for (const auto& image : *found) out.images.push_back(image_out(image));
        return out;
      });
}

void add_image_pages(http::Router& router, WebSession& session, WikiService& wiki) {
  router.get("/c/{slug}/wiki/{page}/images/{image}", [&](http::Request& request) {
    auto context = session.context(request);
    auto file = wiki.image_file(context.viewer, request.param("slug"), id_param(request, "page"),
                                id_param(request, "image"));
    if (!file) return session.refuse(context, file.error());
    http::Response response;
    response.body = std::move(file->bytes);
    response.set_header("Content-Type", file->content_type);
    response.set_header("X-Content-Type-Options", "nosniff");
    // An image never changes under its id; a private page's stay out of shared caches.
    response.set_header("Cache-Control", file->is_public ? "public, max-age=31536000, immutable"
                                                         : "private, max-age=31536000, immutable");
    if (!file->is_public) response.set_header("Vary", "Cookie");
    return response;
  });

  router.post("/c/{slug}/wiki/{page}/images", [&](http::Request& request) {
    auto context = session.context(request);
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t page_id = id_param(request, "page");
    const std::string text = value_of(form, kFormField);
    // The service names the API's field; the page marks its file input.
    auto refused = [&](Error error) {
      if (error.field == kFormField) error.field = "image";
      return session.form_failed(request, context, error);
    };
    if (text.empty())
      return refused(Error{422, "image_missing", "choose a PNG or JPEG file first", kFormField});
    auto bytes = events::images::decode_base64(text, kFormField, kMaxImageBytes);
    if (!bytes) return refused(bytes.error());
    auto image = wiki.attach_image(context.viewer, slug, page_id, bytes.value(), kFormField);
    if (!image) return refused(image.error());
    return http::Response::redirect(page_path(slug, page_id) + "/edit?notice=image_added#images");
  });
}

}  // namespace moim::wiki
