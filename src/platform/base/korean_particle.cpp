#include "platform/base/korean_particle.hpp"

namespace moim {

namespace {

constexpr char32_t kFirstSyllable = 0xAC00;  // 가
constexpr char32_t kLastSyllable = 0xD7A3;   // 힣
constexpr int kFinals = 28;                  // 0 = no final consonant
constexpr int kRieul = 8;                    // ㄹ

// The last code point of a UTF-8 string, or 0 when it is empty or malformed.
char32_t last_code_point(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t start = text.size() - 1;
  int continuation = 0;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80 &&
         continuation < 3) {
    --start;
    ++continuation;
  }
  const auto lead = static_cast<unsigned char>(text[start]);
  const std::size_t length = text.size() - start;
  if (length == 1 && lead < 0x80) return lead;
  if (length == 2 && (lead & 0xE0) == 0xC0) {
    return (char32_t(lead & 0x1F) << 6) | (static_cast<unsigned char>(text[start + 1]) & 0x3F);
  }
  if (length == 3 && (lead & 0xF0) == 0xE0) {
    return (char32_t(lead & 0x0F) << 12) |
           (char32_t(static_cast<unsigned char>(text[start + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(text[start + 2]) & 0x3F);
  }
  if (length == 4 && (lead & 0xF8) == 0xF0) {
    return (char32_t(lead & 0x07) << 18) |
           (char32_t(static_cast<unsigned char>(text[start + 1]) & 0x3F) << 12) |
           (char32_t(static_cast<unsigned char>(text[start + 2]) & 0x3F) << 6) |
           (static_cast<unsigned char>(text[start + 3]) & 0x3F);
  }
  return 0;
}

}  // namespace

int final_consonant(std::string_view word) {
  // Trailing spaces are not part of the word.
  while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
  const char32_t last = last_code_point(word);
  if (last < kFirstSyllable || last > kLastSyllable) return -1;
  return static_cast<int>((last - kFirstSyllable) % kFinals);
}

std::string with_ro(std::string_view word) {
  const int consonant = final_consonant(word);
  std::string out(word);
  if (consonant < 0) return out + "(으)로";
  // No final consonant, or ㄹ: 로; any other: 으로.
  return out + (consonant == 0 || consonant == kRieul ? "로" : "으로");
}

std::string attach_ro(std::string text, std::string_view placeholder, std::string_view value) {
  const std::string pattern = std::string(placeholder) + "(으)로";
  const std::string chosen = with_ro(value);
  for (std::size_t at = text.find(pattern); at != std::string::npos;
       at = text.find(pattern, at + chosen.size()))
    text.replace(at, pattern.size(), chosen);
  return text;
}

}  // namespace moim
