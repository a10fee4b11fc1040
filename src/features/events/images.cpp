#include "features/events/images.hpp"

// jpeglib.h needs <cstdio> before it; jerror.h names the warning codes.
#include <cstdio>

#include <jpeglib.h>

#include <jerror.h>
#include <png.h>
#include <sodium.h>

#include <csetjmp>
#include <cstring>
#include <vector>

#include "platform/crypto/crypto.hpp"

namespace moim::events::images {

namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
constexpr std::string_view kJpegStart{"\xFF\xD8\xFF", 3};

Error refused(const std::string& field, const char* code, std::string message) {
  return Error{422, code, std::move(message), field};
}

// The sides a decoder read, or what it failed on.
struct Decoded {
  bool ok = false;
  int width = 0, height = 0;
  bool too_big = false;  // a side over the limit, seen in the header
};

// ---- PNG (libpng), row by row so a large image costs one row of memory.

struct PngSource {
  std::string_view bytes;
  std::size_t at = 0;
};

void png_read_from(png_structp png, png_bytep out, png_size_t length) {
  auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
  if (source->bytes.size() - source->at < length) png_error(png, "truncated");
  std::memcpy(out, source->bytes.data() + source->at, length);
  source->at += length;
}
void png_quiet(png_structp, png_const_charp) {}
// A refusal is reported by check(), not printed on the server's stderr.
[[noreturn]] void png_fail(png_structp png, png_const_charp) { png_longjmp(png, 1); }

// No C++ object with a destructor lives in this frame: libpng leaves it by
// longjmp on any error.
void decode_png(PngSource* source, int max_side, Decoded* result) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, png_fail, png_quiet);
  if (png == nullptr) return;
  png_infop info = png_create_info_struct(png);
  png_bytep volatile row = nullptr;  // read again after a longjmp
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_free(png, row);
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    return;
  }
  png_set_read_fn(png, source, png_read_from);
  png_set_user_limits(png, 1000000, 1000000);  // the real limit is checked below, with its message
  png_set_chunk_malloc_max(png, 4 * 1024 * 1024);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  result->width = static_cast<int>(width);
  result->height = static_cast<int>(height);
  if (width > static_cast<png_uint_32>(max_side) || height > static_cast<png_uint_32>(max_side)) {
    result->too_big = true;
    png_destroy_read_struct(&png, &info, nullptr);
    return;
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  row = static_cast<png_bytep>(png_malloc(png, png_get_rowbytes(png, info)));
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y) png_read_row(png, row, nullptr);
  }
  png_read_end(png, nullptr);  // the chunks after the pixels, and IEND
  png_free(png, row);
  row = nullptr;
  png_destroy_read_struct(&png, &info, nullptr);
  result->ok = true;
}

// ---- JPEG (libjpeg-turbo), scanline by scanline.

struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  bool truncated = false;
};

void jpeg_fail(j_common_ptr info) {
  std::longjmp(reinterpret_cast<JpegErrors*>(info->err)->jump, 1);
}
void jpeg_note(j_common_ptr info, int level) {
  // Warnings (level -1) are mostly harmless oddities of cameras; a file that
  // ends before its pixels do is not: libjpeg would paint the rest grey.
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  if (level < 0 && errors->manager.msg_code == JWRN_JPEG_EOF) errors->truncated = true;
}

void decode_jpeg(std::string_view bytes, int max_side, JpegErrors* errors, Decoded* result) {
  jpeg_decompress_struct info;
  info.err = jpeg_std_error(&errors->manager);
  errors->manager.error_exit = jpeg_fail;
  errors->manager.emit_message = jpeg_note;
  if (setjmp(errors->jump)) {
    jpeg_destroy_decompress(&info);
    result->ok = false;
    return;
  }
  jpeg_create_decompress(&info);
  // Progressive files keep every coefficient in memory: a bound keeps a
  // crafted one from taking more than this (libjpeg then fails cleanly).
  info.mem->max_memory_to_use = 96L * 1024 * 1024;
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
    jpeg_destroy_decompress(&info);
    return;
  }
  result->width = static_cast<int>(info.image_width);
  result->height = static_cast<int>(info.image_height);
  if (info.image_width > static_cast<JDIMENSION>(max_side) ||
      info.image_height > static_cast<JDIMENSION>(max_side)) {
    result->too_big = true;
    jpeg_destroy_decompress(&info);
    return;
  }
  jpeg_start_decompress(&info);
  const JDIMENSION stride = info.output_width * static_cast<JDIMENSION>(info.output_components);
  JSAMPARRAY row =
      (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE, stride, 1);
  while (info.output_scanline < info.output_height) jpeg_read_scanlines(&info, row, 1);
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  result->ok = !errors->truncated;
}

std::string kilobytes(std::size_t bytes) { return std::to_string(bytes / 1024) + " KB"; }

}  // namespace

Result<ImageRef> check(std::string_view bytes, const std::string& field, const Limits& limits) {
  if (bytes.empty()) return refused(field, "image_invalid", field + " is empty");
  if (bytes.size() > limits.max_bytes)
    return refused(field, "image_too_large",
                   field + " must be at most " + kilobytes(limits.max_bytes));
  ImageRef image;
  if (bytes.starts_with(kPngSignature)) {
    image.format = ImageFormat::png;
  } else if (bytes.starts_with(kJpegStart)) {
    image.format = ImageFormat::jpeg;
  } else if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") {
    return refused(field, "image_webp", field + " is a WebP image; only PNG and JPEG are accepted");
  } else {
    return refused(field, "image_format", field + " must be a PNG or JPEG image");
  }
  Decoded decoded;
  if (image.format == ImageFormat::png) {
    PngSource source{bytes, 0};
    decode_png(&source, limits.max_side, &decoded);
  } else {
    JpegErrors errors{};
    decode_jpeg(bytes, limits.max_side, &errors, &decoded);
  }
  if (decoded.too_big)
    return refused(
        field, "image_dimensions",
        field + " must be at most " + std::to_string(limits.max_side) + " pixels on each side");
  if (!decoded.ok || decoded.width < 1 || decoded.height < 1)
    return refused(field, "image_invalid",
                   field + (image.format == ImageFormat::png ? " is not a readable PNG image"
                                                             : " is not a readable JPEG image"));
  image.width = decoded.width;
  image.height = decoded.height;
  image.digest = crypto::token_digest(bytes);
  return image;
}

Result<std::string> decode_base64(std::string_view text, const std::string& field,
                                  std::size_t max_bytes) {
  // A generous bound first, so garbage of any size costs no more than this.
  if (text.size() > (max_bytes + 3) / 3 * 4 + 4096)
    return refused(field, "image_too_large", field + " must be at most " + kilobytes(max_bytes));
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), " \t\r\n", &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return refused(field, "image_invalid", field + " is not valid base64");
  bytes.resize(length);
  if (bytes.size() > max_bytes)
    return refused(field, "image_too_large", field + " must be at most " + kilobytes(max_bytes));
  return bytes;
}

std::string encode_base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Status keep(db::Transaction& transaction, std::int64_t community_id, const ImageRef& image,
            std::string_view bytes, std::int64_t now) {
  auto existing = find(transaction, community_id, image.digest);
  if (!existing) return existing.error();
  if (existing->has_value()) return ok_status();
  auto inserted = transaction.execute(
      "INSERT INTO event_images (community_id, digest, content_type, width, height, byte_size, "
      "data_base64, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {community_id, image.digest, std::string(image.content_type()), std::int64_t{image.width},
       std::int64_t{image.height}, static_cast<std::int64_t>(bytes.size()), encode_base64(bytes),
       now});
  if (!inserted) return inserted.error();
  return ok_status();
}

Status forget_if_unused(db::Transaction& transaction, std::int64_t community_id,
                        const std::string& digest) {
  auto removed = transaction.execute(
      "DELETE FROM event_images WHERE community_id = ? AND digest = ? "
      "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.community_id = ? AND e.cover_digest = ?) "
      "AND NOT EXISTS (SELECT 1 FROM event_sponsors s JOIN events e ON e.id = s.event_id "
      "WHERE e.community_id = ? AND s.logo_digest = ?)",
      {community_id, digest, community_id, digest, community_id, digest});
  if (!removed) return removed.error();
  return ok_status();
}

Result<std::optional<ImageRef>> find(db::Transaction& transaction, std::int64_t community_id,
                                     const std::string& digest) {
  auto row = transaction.query_one(
      "SELECT digest, content_type, width, height FROM event_images "
      "WHERE community_id = ? AND digest = ?",
      {community_id, digest});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<ImageRef>{};
  return ref_from(**row, 0);
}

Status fill_covers(db::Transaction& transaction, std::span<Event> events) {
  if (events.empty()) return ok_status();
  std::string ids;
  std::vector<db::Value> params;
  for (const Event& event : events) {
    ids += ids.empty() ? "?" : ", ?";
    params.emplace_back(event.id);
  }
  auto rows = transaction.query(
      "SELECT e.id, e.cover_digest, i.content_type, i.width, i.height FROM events e "
      "JOIN event_images i ON i.community_id = e.community_id AND i.digest = e.cover_digest "
      "WHERE e.id IN (" +
          ids + ")",
      params);
  if (!rows) return rows.error();
  for (const auto& row : rows.value()) {
    for (Event& event : events) {
      if (event.id == row.int64(0)) event.cover = ref_from(row, 1);
    }
  }
  return ok_status();
}

std::optional<ImageRef> ref_from(const db::Row& row, std::size_t digest_column) {
  const auto digest = row.opt_text(digest_column);
  const auto type = row.opt_text(digest_column + 1);
  if (!digest || !type) return std::nullopt;
  return ImageRef{.digest = *digest,
                  .format = *type == "image/jpeg" ? ImageFormat::jpeg : ImageFormat::png,
                  .width = static_cast<int>(row.int64(digest_column + 2)),
                  .height = static_cast<int>(row.int64(digest_column + 3))};
}

}  // namespace moim::events::images
