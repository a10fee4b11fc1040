// QR codes as PNG images (libqrencode drawn with cairo), for places that
// cannot show SVG: many mail clients (Gmail among them) drop inline SVG.
#pragma once

#include <string>

#include "platform/base/error.hpp"

namespace moim::web {

// The PNG bytes of a black-on-white QR code of `text` (error correction M,
// a four-module quiet zone), each module `module_pixels` square pixels.
Result<std::string> qr_png(const std::string& text, int module_pixels = 8);

}  // namespace moim::web
