#include "platform/web/qr_png.hpp"

#include <cairo.h>
#include <qrencode.h>

#include <memory>

namespace moim::web {

namespace {

struct Deleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(QRcode* code) const { QRcode_free(code); }
};
template <class T>
using Owned = std::unique_ptr<T, Deleter>;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> qr_png(const std::string& text, int module_pixels) {
  if (module_pixels < 1 || module_pixels > 32)
    return Error::internal("QR module size out of range");
  Owned<QRcode> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
  if (!code) return Error::internal("cannot encode a QR code");
  constexpr int kQuietZone = 4;
  const int width = code->width;
  const int side = (width + 2 * kQuietZone) * module_pixels;
  // A one-bit-per-pixel image would be smaller, but cairo writes A1 as an
  // alpha mask that some clients show as black on black; RGB24 is safe.
  Owned<cairo_surface_t> surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error::internal("cannot create the QR image");
  Owned<cairo_t> cr(cairo_create(surface.get()));
  cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_NONE);  // crisp module edges
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  for (int row = 0; row < width; ++row) {
    for (int col = 0; col < width; ++col) {
      // Bit 0 of each byte says whether the module is dark.
      if (code->data[row * width + col] & 1)
        cairo_rectangle(cr.get(), (kQuietZone + col) * module_pixels,
                        (kQuietZone + row) * module_pixels, module_pixels, module_pixels);
    }
  }
  cairo_fill(cr.get());
  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), append_to_string, &png) !=
      CAIRO_STATUS_SUCCESS)
    return Error::internal("cannot write the QR image");
  return png;
}

}  // namespace moim::web
