#include "platform/web/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

namespace moim::web {

Result<std::string> qr_svg(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return Error::internal("cannot encode a QR code");
  const int width = code->width;
  const int quiet = 4;
  const int size = width + 2 * quiet;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each byte says whether the module is dark.
      if (code->data[y * width + x] & 1)
        path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
    }
  }
  const std::string box = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + box + " " + box +
         "\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"" + box + "\" height=\"" +
         box + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace moim::web
