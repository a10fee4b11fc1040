// An event's cover image, and serving the images an event shows (its cover
// and its sponsors' logos) to whoever may see the event.
#include "features/events/images.hpp"
#include "features/events/internal.hpp"

namespace moim::events {

std::string_view ImageRef::content_type() const {
  return format == ImageFormat::jpeg ? "image/jpeg" : "image/png";
}
std::string_view ImageRef::extension() const { return format == ImageFormat::jpeg ? "jpg" : "png"; }

std::string event_image_path(const std::string& slug, std::int64_t event_id,
                             const ImageRef& image) {
  return "/c/" + slug + "/events/" + std::to_string(event_id) + "/images/" + image.digest + "." +
         std::string(image.extension());
}

namespace {
constexpr const char* kCoverField = "cover_image_base64";
}

Result<Event> EventsService::set_cover(const accounts::Viewer& viewer, const std::string& slug,
                                       std::int64_t event_id, const std::string& bytes) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  // Who may comes before what was sent: a stranger learns nothing of the checks.
  if (!where->standing.can_manage()) return Error::forbidden("only organizers change events");
  // Decoded before the transaction opens: no connection waits on a decoder.
  auto image = images::check(bytes, kCoverField, images::kCover);
  if (!image) return image.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  const std::optional<ImageRef> before = loaded->event.cover;
  if (auto kept = images::keep(*transaction, loaded->event.community_id, *image, bytes, now); !kept)
    return kept.error();
  auto changed =
      transaction->execute("UPDATE events SET cover_digest = ?, updated_at = ? WHERE id = ?",
                           {image->digest, now, event_id});
  if (!changed) return changed.error();
  if (before && before->digest != image->digest) {
    if (auto forgotten =
            images::forget_if_unused(*transaction, loaded->event.community_id, before->digest);
        !forgotten)
      return forgotten.error();
  }
  if (auto logged = internal::write_audit(*transaction, loaded->event.community_id,
                                          viewer.user_id(), "event.cover_set", loaded->event.title,
                                          {{"event_id", event_id}, {"digest", image->digest}}, now);
      !logged)
    return logged.error();
  auto reloaded = load(*transaction, where.value(), viewer, event_id);
  if (!reloaded) return reloaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reloaded->event;
}

Result<Event> EventsService::remove_cover(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  if (!where->standing.can_manage()) return Error::forbidden("only organizers change events");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->event.cover) return loaded->event;  // nothing to take away: already so
  auto changed = transaction->execute(
      "UPDATE events SET cover_digest = NULL, updated_at = ? WHERE id = ?", {now, event_id});
  if (!changed) return changed.error();
  if (auto forgotten = images::forget_if_unused(*transaction, loaded->event.community_id,
                                                loaded->event.cover->digest);
      !forgotten)
    return forgotten.error();
  if (auto logged = internal::write_audit(*transaction, loaded->event.community_id,
                                          viewer.user_id(), "event.cover_removed",
                                          loaded->event.title, {{"event_id", event_id}}, now);
      !logged)
    return logged.error();
  auto reloaded = load(*transaction, where.value(), viewer, event_id);
  if (!reloaded) return reloaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reloaded->event;
}

Result<EventImage> EventsService::image(const Caller& caller, const std::string& slug,
                                        std::int64_t event_id, const std::string& digest) {
  // The event's own rule of who sees it (a members-only event is a 404 to
  // others), then only the digests this event shows: a digest of another
  // event or community is a 404 like an unknown one.
  auto shown = event(caller, slug, event_id);
  if (!shown) return shown.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  bool shows = shown->cover && shown->cover->digest == digest;
  if (!shows) {
    auto sponsor = reader->query_one(
        "SELECT 1 FROM event_sponsors WHERE event_id = ? AND logo_digest = ?", {event_id, digest});
    if (!sponsor) return sponsor.error();
    shows = sponsor->has_value();
  }
  if (!shows) return Error::not_found("no such image");
  auto row = reader->query_one(
      "SELECT digest, content_type, width, height, data_base64 FROM event_images "
      "WHERE community_id = ? AND digest = ?",
      {shown->community_id, digest});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such image");
  auto bytes = images::decode_base64((*row)->text(4), "image", SIZE_MAX / 2);
  if (!bytes) return Error::internal("a stored event image is not valid base64");
  return EventImage{.image = *images::ref_from(**row, 0),
                    .bytes = std::move(bytes.value()),
                    .shared_cache = shown->visibility != Visibility::members};
}

}  // namespace moim::events
