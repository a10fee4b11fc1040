// QR codes as inline SVG (libqrencode), e.g. the check-in URL on a builder's
// screen or the verification URL on a certificate.
#pragma once

#include <string>

#include "platform/base/error.hpp"

namespace moim::web {

// A square SVG with one path of dark modules and a four-module quiet zone.
Result<std::string> qr_svg(const std::string& text);

}  // namespace moim::web
