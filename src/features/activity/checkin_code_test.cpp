#include "features/activity/checkin_code.hpp"

#include <gtest/gtest.h>

#include "platform/web/qr_svg.hpp"

namespace moim::activity {
namespace {

constexpr std::int64_t kNow = 1'800'000'020;  // 20 s into a minute

TEST(CheckInCode, IsSixDigitsAndRotatesEachMinute) {
  const std::string code = code_at("secret", kNow, 60);
  EXPECT_EQ(code.size(), 6u);
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(code_at("secret", kNow + 39, 60), code);
  EXPECT_NE(code_at("secret", kNow + 40, 60), code);
  EXPECT_NE(code_at("another secret", kNow, 60), code);
  EXPECT_EQ(code_window_end(kNow, 60), kNow + 40);
}

TEST(CheckInCode, IsAcceptedForItsMinuteAndTheNextThenExpires) {
  const std::string code = code_at("secret", kNow, 60);
  EXPECT_TRUE(code_matches("secret", code, kNow, 60));
  EXPECT_TRUE(code_matches("secret", code, kNow + 99, 60));    // the grace minute
  EXPECT_FALSE(code_matches("secret", code, kNow + 100, 60));  // two windows later
  EXPECT_FALSE(code_matches("secret", code, kNow - 21, 60));   // not before its minute
  EXPECT_FALSE(code_matches("other", code, kNow, 60));
  EXPECT_FALSE(code_matches("secret", code.substr(1), kNow, 60));
}

TEST(QrSvg, DrawsAnSvgOfDarkModules) {
  auto svg = web::qr_svg("https://moim.example/c/pseudolab/sessions/7/check-in?code=123456");
  ASSERT_TRUE(svg.ok());
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(svg->find("h1v1h-1z"), std::string::npos);
  EXPECT_TRUE(svg->ends_with("</svg>"));
}

}  // namespace
}  // namespace moim::activity
