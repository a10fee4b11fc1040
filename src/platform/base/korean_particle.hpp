// Korean particles that depend on the word before them: 로/으로, 을/를,
// 이/가, 은/는, 과/와. Templates write "{role}(으)로" because they cannot
// know the word; these choose the right form once the word is known.
#pragma once

#include <string>
#include <string_view>

namespace moim {

// The final consonant (받침) of the last Hangul syllable of `word`: 0 for
// none, otherwise its jongseong index 1..27 (8 = ㄹ). -1 when the word does
// not end in a Hangul syllable (Latin letters, digits, emoji, empty).
int final_consonant(std::string_view word);

// "빌더" -> "빌더로", "러너" -> "러너로", "팀원" -> "팀원으로", "서울" ->
// "서울로" (ㄹ takes 로). A word that does not end in Hangul keeps the
// written-out "(으)로", which is always correct.
std::string with_ro(std::string_view word);

// Replaces each "{placeholder}(으)로" in `text` with the value and its
// particle chosen by with_ro; other text is left as it is.
std::string attach_ro(std::string text, std::string_view placeholder, std::string_view value);

}  // namespace moim
