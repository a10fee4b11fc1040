// Text a certificate can print. Without an emoji font (Debian's
// fonts-noto-color-emoji is not a dependency: a colour bitmap font in a
// printed certificate is the organizer's choice, not ours), pango draws a
// code point no font has as a box with its hex number. Such code points are
// dropped instead, with the joiners and selectors that belonged to them.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace moim::certificates {

// `text` without the code points `drawable` refuses; a variation selector,
// zero-width joiner or skin-tone modifier after a dropped one goes too, and
// the spaces left doubled or at the ends are tidied. Invalid UTF-8 bytes are
// dropped. Pure: the tests pass their own `drawable`.
std::string drop_undrawable(std::string_view text, const std::function<bool(char32_t)>& drawable);

// Whether any font fontconfig falls back to from the certificate's Noto CJK
// face has a glyph for `code_point` (the set is read once per process).
bool font_can_draw(char32_t code_point);

// drop_undrawable with the installed fonts.
std::string printable_text(std::string_view text);

}  // namespace moim::certificates
