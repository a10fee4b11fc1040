// Uploaded event images on the web: serving them, the edit page's cover
// forms and the timetable's sponsor logo forms. A page form carries the file
// as base64 in a hidden field (web/static/moim.js fills it from the file
// input); a refused upload shows the page again with the file input marked.
#include "features/events/images.hpp"
#include "features/events/images_routes.hpp"
#include "features/events/page_helpers.hpp"

namespace moim::events {

using namespace pages;

namespace {

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

// "<64 hex>.png" or "<64 hex>.jpg": the digest, or empty for anything else.
// The name is only ever compared with digests in the database.
std::string digest_of(const std::string& file, std::string_view* extension) {
  const std::size_t dot = file.find('.');
  if (dot != 64 || file.size() != 68) return {};
  for (std::size_t index = 0; index < 64; ++index) {
    const char ch = file[index];
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return {};
  }
  const std::string_view ext = std::string_view(file).substr(65);
  if (ext != "png" && ext != "jpg") return {};
  *extension = ext;
  return file.substr(0, 64);
}

// The service names the API's field; the page marks its file input.
Error on_page(Error error, const char* api_field, const char* page_field) {
  if (error.field == api_field) error.field = page_field;
  return error;
}

// The form's base64 as bytes; empty text is "choose a file first".
Result<std::string> uploaded(const std::map<std::string, std::string>& form,
                             const char* base64_field, std::size_t max_bytes) {
  const std::string text = field(form, base64_field);
  if (text.empty())
    return Error{422, "image_missing", "choose a PNG or JPEG file first", base64_field};
  return images::decode_base64(text, base64_field, max_bytes);
}

}  // namespace

void add_event_images_pages(http::Router& router, WebSession& session, EventsService& events,
                            ProgrammeService* programme) {
  router.get("/c/{slug}/events/{event}/images/{file}", [&](http::Request& request) {
    auto context = session.context(request);
    std::string_view extension;
    const std::string digest = digest_of(request.param("file"), &extension);
    if (digest.empty()) return session.refuse(context, Error::not_found());
    auto image = events.image(Caller{context.viewer, std::nullopt}, request.param("slug"),
                              id_param(request, "event"), digest);
    if (!image) return session.refuse(context, image.error());
    // The address names the format too: the other extension is not this image.
    if (extension != image->image.extension()) return session.refuse(context, Error::not_found());
    const std::string etag = "\"" + digest + "\"";
    http::Response response;
    if (auto match = request.header("if-none-match"); match && *match == etag) {
      response.status = 304;
    } else {
      response.body = std::move(image->bytes);
      response.set_header("Content-Type", std::string(image->image.content_type()));
    }
    response.set_header("ETag", etag);
    response.set_header("X-Content-Type-Options", "nosniff");
    // Content-addressed: the bytes behind this address never change. A
    // members-only event's images stay out of shared caches.
    response.set_header("Cache-Control", image->shared_cache
                                             ? "public, max-age=31536000, immutable"
                                             : "private, max-age=31536000, immutable");
    if (!image->shared_cache) response.set_header("Vary", "Cookie");
    return response;
  });

  router.post("/c/{slug}/events/{event}/cover", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto bytes = uploaded(form, "cover_image_base64", kMaxCoverBytes);
    auto changed = bytes ? events.set_cover(context.viewer, slug, event_id, *bytes)
                         : Result<Event>(bytes.error());
    if (!changed)
      return session.form_failed(request, context,
                                 on_page(changed.error(), "cover_image_base64", "cover_image"));
    return http::Response::redirect(event_path(slug, event_id) + "/edit#cover-heading");
  });

  router.post("/c/{slug}/events/{event}/cover/remove", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto changed = events.remove_cover(context.viewer, slug, event_id);
    if (!changed) return session.refuse(context, changed.error());
    return http::Response::redirect(event_path(slug, event_id) + "/edit#cover-heading");
  });

  if (programme == nullptr) return;
  // {item} is "sponsor-<id>", as the timetable's other sponsor forms.
  router.post(
      "/c/{slug}/events/{event}/timetable/{item}/logo", [&, programme](http::Request& request) {
        auto context = session.context(request);
        const auto form = request.form();
        if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
        const std::string slug = request.param("slug");
        const std::int64_t event_id = id_param(request, "event");
        const std::string item = request.param("item");
        if (!item.starts_with("sponsor-")) return session.refuse(context, Error::not_found());
        request.path_params["sponsor"] = item.substr(8);
        const std::int64_t sponsor_id = id_param(request, "sponsor");
        if (sponsor_id == 0) return session.refuse(context, Error::not_found());
        Result<Sponsor> changed = Error::not_found();
        if (field(form, "action") == "remove") {
          changed = programme->remove_sponsor_logo(context.viewer, slug, event_id, sponsor_id);
        } else {
          auto bytes = uploaded(form, "logo_image_base64", kMaxSponsorLogoBytes);
          changed = bytes ? programme->set_sponsor_logo(context.viewer, slug, event_id, sponsor_id,
                                                        *bytes)
                          : Result<Sponsor>(bytes.error());
        }
        if (!changed)
          return session.form_failed(request, context,
                                     on_page(changed.error(), "logo_image_base64", "logo_image"));
        return http::Response::redirect(event_path(slug, event_id) + "/timetable?saved=1");
      });
}

}  // namespace moim::events
