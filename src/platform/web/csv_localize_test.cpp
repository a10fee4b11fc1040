#include "platform/web/csv_localize.hpp"

#include <gtest/gtest.h>

namespace moim::web {
namespace {

TEST(CsvLocalize, HeadersAndEnumeratedValuesInTheViewersLanguage) {
  const std::string csv =
      "\xEF\xBB\xBFname,stage,answers\r\n"
      "\"Kim, Minjun\",runner,\"line one\r\nsaid \"\"hi\"\", twice\"\r\n"
      "Lee,builder,\r\n";
  const std::string out = localize_csv(
      csv, [](const std::string& column) { return "[" + column + "]"; },
      {{"stage",
        [](const std::string& value) { return value == "runner" ? "러너" : "빌더, 리드"; }}});
  EXPECT_EQ(out,
            "\xEF\xBB\xBF[name],[stage],[answers]\r\n"
            "\"Kim, Minjun\",러너,\"line one\r\nsaid \"\"hi\"\", twice\"\r\n"
            "Lee,\"빌더, 리드\",\r\n");
}

TEST(CsvLocalize, AHeaderOnlyCsvAndNoBom) {
  EXPECT_EQ(localize_csv("a,b\r\n", [](const std::string& column) { return column + "!"; }, {}),
            "a!,b!\r\n");
}

}  // namespace
}  // namespace moim::web
