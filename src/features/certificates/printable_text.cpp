#include "features/certificates/printable_text.hpp"

#include <fontconfig/fontconfig.h>

namespace moim::certificates {

namespace {

struct Decoded {
  char32_t code_point = 0;
  std::string_view bytes;  // empty: an invalid byte, dropped
};

// One code point from the front of `text`, which is then advanced past it.
Decoded next_code_point(std::string_view& text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    length = 1;
    value = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
  }
  if (length == 0 || length > text.size()) {
    text.remove_prefix(1);
    return {};
  }
  for (std::size_t idx = 1; idx < length; ++idx) {
    const auto byte = static_cast<unsigned char>(text[idx]);
    if ((byte & 0xC0) != 0x80) {
      text.remove_prefix(1);
      return {};
    }
    value = (value << 6) | (byte & 0x3F);
  }
  Decoded decoded{value, text.substr(0, length)};
  text.remove_prefix(length);
  return decoded;
}

// Code points that only modify the one before them.
bool is_attached(char32_t code_point) {
  return code_point == 0x200D                                  // zero-width joiner
         || (code_point >= 0xFE00 && code_point <= 0xFE0F)     // variation selectors
         || (code_point >= 0x1F3FB && code_point <= 0x1F3FF)   // skin tones
         || (code_point >= 0xE0020 && code_point <= 0xE007F);  // tag sequences (flags)
}

}  // namespace

std::string drop_undrawable(std::string_view text, const std::function<bool(char32_t)>& drawable) {
  std::string kept;
  kept.reserve(text.size());
  bool dropped_last = false;
  while (!text.empty()) {
    const Decoded decoded = next_code_point(text);
    if (decoded.bytes.empty()) continue;
    const char32_t code_point = decoded.code_point;
    const bool whitespace = code_point == ' ' || code_point == '\n' || code_point == '\t';
    if (dropped_last && is_attached(code_point)) continue;
    if (!whitespace && !drawable(code_point)) {
      dropped_last = true;
      continue;
    }
    dropped_last = false;
    // A space where one already stands (the emoji between them is gone).
    if (code_point == ' ' && (kept.empty() || kept.back() == ' ')) continue;
    kept.append(decoded.bytes);
  }
  while (!kept.empty() && kept.back() == ' ') kept.pop_back();
  return kept;
}

namespace {

// The union of the character sets of every font fontconfig would fall back
// to from the certificate's face: what pango can draw without a hex box.
FcCharSet* build_coverage() {
  FcCharSet* all = FcCharSetCreate();
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>("Noto Sans CJK KR"));
  if (!pattern) return all;
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcCharSet* sorted_coverage = nullptr;
  FcFontSet* fonts = FcFontSort(nullptr, pattern, FcFalse, &sorted_coverage, &result);
  if (sorted_coverage) {
    FcCharSetMerge(all, sorted_coverage, nullptr);
    FcCharSetDestroy(sorted_coverage);
  }
  if (fonts) FcFontSetDestroy(fonts);
  FcPatternDestroy(pattern);
  return all;
}

// Read once per process and freed at exit: a charset's pages are linked by
// offsets, which leak checkers cannot follow from a static pointer.
struct Coverage {
  FcCharSet* set = build_coverage();
  ~Coverage() { FcCharSetDestroy(set); }
};

const FcCharSet* fallback_coverage() {
  static const Coverage coverage;
  return coverage.set;
}

}  // namespace

bool font_can_draw(char32_t code_point) {
  if (code_point < 0x20) return false;  // control characters print nothing useful
  return FcCharSetHasChar(fallback_coverage(), static_cast<FcChar32>(code_point)) == FcTrue;
}

std::string printable_text(std::string_view text) {
  return drop_undrawable(text, [](char32_t code_point) { return font_can_draw(code_point); });
}

}  // namespace moim::certificates
