// Images attached to a wiki page. What counts as an image is the events
// room's rule (features/events/images.hpp): the bytes must decode as PNG or
// JPEG within the limits, whatever the upload claims to be.
#include "features/events/images.hpp"
#include "features/wiki/internal.hpp"

namespace moim::wiki {

namespace {

constexpr const char* kImageColumns =
    "id, page_id, content_type, width, height, byte_size, created_at";

PageImage image_from(const db::Row& row, const std::string& slug) {
  PageImage image;
  image.id = row.int64(0);
  image.page_id = row.int64(1);
  image.content_type = row.text(2);
  image.width = static_cast<int>(row.int64(3));
  image.height = static_cast<int>(row.int64(4));
  image.byte_size = row.int64(5);
  image.created_at = row.int64(6);
  image.path = "/c/" + slug + "/wiki/" + std::to_string(image.page_id) + "/images/" +
               std::to_string(image.id);
  return image;
}

}  // namespace

Result<PageImage> WikiService::attach_image(const accounts::Viewer& viewer, const std::string& slug,
                                            std::int64_t page_id, const std::string& bytes,
                                            const std::string& field) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  {
    // Who may comes before what was sent: a stranger learns nothing of the checks.
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto page = internal::readable_page(*reader, *place, page_id);
    if (!page) return page.error();
    if (!place->may_edit(*page))
      return Error::forbidden("this page's permission does not let you edit it");
  }
  // Decoded before the transaction opens: no connection waits on a decoder.
  auto checked = events::images::check(bytes, field, {kMaxImageBytes, kMaxImageSide});
  if (!checked) return checked.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto page = internal::readable_page(*transaction, *place, page_id);
  if (!page) return page.error();
  auto same = transaction->query_one(
      std::string("SELECT ") + kImageColumns + " FROM wiki_images WHERE page_id = ? AND digest = ?",
      {page_id, checked->digest});
  if (!same) return same.error();
  if (same->has_value()) return image_from(**same, slug);
  auto count =
      transaction->query_one("SELECT COUNT(*) FROM wiki_images WHERE page_id = ?", {page_id});
  if (!count) return count.error();
  if ((*count)->int64(0) >= kMaxImagesPerPage)
    return Error{409, "limit",
                 "a page holds at most " + std::to_string(kMaxImagesPerPage) + " images", field};
  auto rows = transaction->query(
      "INSERT INTO wiki_images (page_id, community_id, digest, content_type, width, height, "
      "byte_size, data_base64, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {page_id, place->community.id, checked->digest, std::string(checked->content_type()),
       std::int64_t{checked->width}, std::int64_t{checked->height},
       static_cast<std::int64_t>(bytes.size()), events::images::encode_base64(bytes),
       viewer.user_id(), now});
  if (!rows) return rows.error();
  auto made = transaction->query_one(
      std::string("SELECT ") + kImageColumns + " FROM wiki_images WHERE id = ?",
      {rows->front().int64(0)});
  if (!made) return made.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return image_from(**made, slug);
}

Result<std::vector<PageImage>> WikiService::images(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t page_id) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto page = internal::readable_page(*reader, *place, page_id);
  if (!page) return page.error();
  auto rows = reader->query(
      std::string("SELECT ") + kImageColumns + " FROM wiki_images WHERE page_id = ? ORDER BY id",
      {page_id});
  if (!rows) return rows.error();
  std::vector<PageImage> out;
  for (const auto& row : *rows) out.push_back(image_from(row, slug));
  return out;
}

Result<ImageFile> WikiService::image_file(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t page_id, std::int64_t image_id) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto page = internal::readable_page(*reader, *place, page_id);
  if (!page) return page.error();
  auto row = reader->query_one(
      "SELECT content_type, data_base64 FROM wiki_images WHERE id = ? AND page_id = ?",
      {image_id, page_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such image");
  auto bytes = events::images::decode_base64((*row)->text(1), "image", kMaxImageBytes);
  if (!bytes) return Error::internal("a stored wiki image does not decode");
  return ImageFile{(*row)->text(0), std::move(bytes.value()), page->is_public};
}

}  // namespace moim::wiki
