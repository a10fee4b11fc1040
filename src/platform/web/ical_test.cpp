#include "platform/web/ical.hpp"

#include <gtest/gtest.h>

namespace moim::web {
namespace {

TEST(ICalendar, EscapesTextValues) { EXPECT_EQ(ical_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne"); }

TEST(ICalendar, FoldsLongLinesWithoutSplittingHangul) {
  const std::string line = "SUMMARY:" + std::string(40, 'x') + "가나다라마바사아자차카타파하";
  const std::string folded = ical_fold(line);
  ASSERT_TRUE(folded.ends_with("\r\n"));
  std::size_t start = 0;
  std::string unfolded;
  while (start < folded.size() - 2) {
    const std::size_t end = folded.find("\r\n", start);
    const std::string physical = folded.substr(start, end - start);
    EXPECT_LE(physical.size(), 75u);
    // A continuation starts with a space; no line starts inside a character.
    if (start > 0) {
      ASSERT_EQ(physical[0], ' ');
      EXPECT_NE(static_cast<unsigned char>(physical[1]) & 0xC0, 0x80);
    }
    unfolded += start > 0 ? physical.substr(1) : physical;
    start = end + 2;
  }
  EXPECT_EQ(unfolded, line);
}

TEST(ICalendar, WritesUtcTimesAndCancelledEvents) {
  const std::string text = ical_calendar(
      "가짜연구소", {{"session-1@moim", 1'804'071'600, 1'804'077'000, "LLM", "", "", true}},
      1'800'000'000);
  EXPECT_TRUE(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_NE(text.find("DTSTART:20270303T110000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_TRUE(text.ends_with("END:VCALENDAR\r\n"));
}

}  // namespace
}  // namespace moim::web
