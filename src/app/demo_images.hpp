// The demo's event pictures, drawn with cairo when the demo is seeded (a few
// milliseconds; no image files in the repository): PseudoCon's cover and a
// simple logo per sponsor. PNG bytes, checked on upload like any other.
#pragma once

#include <string>

namespace moim {

// 1200 x 630: a gradient, circles and "PseudoCon" in ASCII (cairo's own
// font face, so no font is needed for Korean here).
std::string demo_cover_png();
// 240 x 80: a rounded mark in the sponsor's colour; `index` picks colour and shape.
std::string demo_logo_png(int index);

}  // namespace moim
