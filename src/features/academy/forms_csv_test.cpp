#include "features/academy/forms_csv.hpp"

#include <gtest/gtest.h>

namespace moim::academy {
namespace {

CsvTable read_ok(std::string_view text) {
  auto table = read_csv(text, "file");
  EXPECT_TRUE(table.ok()) << table.error().message;
  return table.ok() ? table.value() : CsvTable{};
}

TEST(FormsCsv, ReadsHeaderAndRowsWithQuotedCommasAndDoubledQuotes) {
  auto table = read_ok(
      "타임스탬프,이메일 주소,자기소개\n"
      "2026/02/01,a@x.kr,\"안녕, 저는 \"\"김\"\"입니다\"\n");
  ASSERT_EQ(table.headers.size(), 3u);
  EXPECT_EQ(table.headers[1], "이메일 주소");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][2], "안녕, 저는 \"김\"입니다");
  EXPECT_EQ(table.lines[0], 2);
}

TEST(FormsCsv, KeepsEmbeddedNewlinesAndCountsFileLines) {
  auto table = read_ok("email,answer\r\na@x.kr,\"첫 줄\r\n둘째 줄\"\r\nb@x.kr,한 줄\r\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][1], "첫 줄\r\n둘째 줄");
  EXPECT_EQ(table.lines[0], 2);
  EXPECT_EQ(table.lines[1], 4);
  EXPECT_EQ(table.rows[1][0], "b@x.kr");
}

TEST(FormsCsv, StripsTheUtf8BomAndAcceptsAFileWithoutIt) {
  auto with = read_ok("\xEF\xBB\xBF이메일 주소,이름\na@x.kr,김\n");
  auto without = read_ok("이메일 주소,이름\na@x.kr,김");
  EXPECT_EQ(with.headers[0], "이메일 주소");
  EXPECT_EQ(with.headers, without.headers);
  EXPECT_EQ(with.rows, without.rows);
}

TEST(FormsCsv, PadsShortRowsAndRefusesRowsWiderThanTheHeader) {
  auto table = read_ok("a,b,c\n1\n1,2,3,,\n\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"1", "", ""}));
  EXPECT_EQ(table.rows[1], (std::vector<std::string>{"1", "2", "3"}));
  auto wide = read_csv("a,b\n1,2,3\n", "file");
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().field, "file");
  EXPECT_NE(wide.error().message.find("line 2"), std::string::npos);
}

TEST(FormsCsv, RefusesCp949WithAHintAboutTheEncoding) {
  // "이름" in CP949/EUC-KR.
  auto table = read_csv("\xC0\xCC\xB8\xA7,email\n", "file");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().http_status, 400);
  EXPECT_EQ(table.error().field, "file");
  EXPECT_NE(table.error().message.find("CP949"), std::string::npos);
  EXPECT_FALSE(is_utf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(is_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_utf8("\xE2\x82"));      // cut short
  EXPECT_TRUE(is_utf8("가짜연구소 😀"));
}

TEST(FormsCsv, RefusesUnterminatedQuotesEmptyFilesAndOversizedUploads) {
  EXPECT_EQ(read_csv("a,b\n1,\"open\n", "file").error().field, "file");
  EXPECT_EQ(read_csv("", "file").error().field, "file");
  EXPECT_EQ(read_csv("\xEF\xBB\xBF", "file").error().field, "file");
  std::string big(kMaxImportBytes + 1, 'a');
  auto too_big = read_csv(big, "file");
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message.find("5 MiB"), std::string::npos);
}

}  // namespace
}  // namespace moim::academy
