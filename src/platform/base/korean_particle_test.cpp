#include "platform/base/korean_particle.hpp"

#include <gtest/gtest.h>

namespace moim {
namespace {

TEST(KoreanParticle, FinalConsonantOfTheLastSyllable) {
  EXPECT_EQ(final_consonant("빌더"), 0);
  EXPECT_EQ(final_consonant("러너"), 0);
  EXPECT_EQ(final_consonant("팀원"), 4);     // ㄴ
  EXPECT_EQ(final_consonant("서울"), 8);     // ㄹ
  EXPECT_EQ(final_consonant("수료생"), 21);  // ㅇ
  EXPECT_EQ(final_consonant("힣"), 27);
  EXPECT_EQ(final_consonant("가"), 0);
  EXPECT_EQ(final_consonant("빌더 "), 0);  // trailing space ignored
  EXPECT_EQ(final_consonant("builder"), -1);
  EXPECT_EQ(final_consonant("빌더🎉"), -1);
  EXPECT_EQ(final_consonant(""), -1);
  EXPECT_EQ(final_consonant("\xEA"), -1);  // a cut-off syllable
}

TEST(KoreanParticle, RoOrEuroByTheFinalConsonant) {
  EXPECT_EQ(with_ro("빌더"), "빌더로");
  EXPECT_EQ(with_ro("러너"), "러너로");
  EXPECT_EQ(with_ro("팀원"), "팀원으로");
  EXPECT_EQ(with_ro("수료생"), "수료생으로");
  EXPECT_EQ(with_ro("서울"), "서울로");  // ㄹ takes 로
  EXPECT_EQ(with_ro("Builder"), "Builder(으)로");
  EXPECT_EQ(with_ro(""), "(으)로");
}

TEST(KoreanParticle, AttachReplacesEveryPlaceholderWithItsParticle) {
  EXPECT_EQ(attach_ro("{role}(으)로 참여하여", "{role}", "빌더"), "빌더로 참여하여");
  EXPECT_EQ(attach_ro("{role}(으)로 참여하여", "{role}", "팀원"), "팀원으로 참여하여");
  EXPECT_EQ(attach_ro("{role}(으)로, 다시 {role}(으)로", "{role}", "러너"), "러너로, 다시 러너로");
  EXPECT_EQ(attach_ro("{role}에 참여", "{role}", "빌더"),
            "{role}에 참여");  // no particle: untouched
}

}  // namespace
}  // namespace moim
