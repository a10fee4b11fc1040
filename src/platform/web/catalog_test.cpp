#include "platform/web/catalog.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "platform/web/templates.hpp"

namespace moim::web {
namespace {

const std::filesystem::path kWebRoot = MOIM_SOURCE_DIR "/web";

TEST(Catalog, KoreanAndEnglishHaveTheSameKeys) {
  auto catalog = Catalog::load(kWebRoot / "i18n");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  for (const auto& [key, text] : catalog->strings("ko")) {
    EXPECT_TRUE(catalog->strings("en").contains(key)) << "missing in en.json: " << key;
  }
  for (const auto& [key, text] : catalog->strings("en")) {
    EXPECT_TRUE(catalog->strings("ko").contains(key)) << "missing in ko.json: " << key;
  }
}

TEST(Catalog, EveryStringATemplateUsesExists) {
  auto catalog = Catalog::load(kWebRoot / "i18n");
  ASSERT_TRUE(catalog.ok());
  auto templates = Templates::load(kWebRoot / "templates", catalog.value());
  ASSERT_TRUE(templates.ok());
  const std::regex used(R"(\{\{\{?[#^/]?\s*t\.([a-z0-9_]+))");
  int checked = 0;
  for (const auto& name : templates.value()->names()) {
    const std::string& source = templates.value()->source(name);
    for (std::sregex_iterator match(source.begin(), source.end(), used), end; match != end;
         ++match) {
      EXPECT_TRUE(catalog->strings("ko").contains((*match)[1].str()))
          << name << " uses t." << (*match)[1];
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

TEST(Catalog, ChoosesSavedThenBrowserThenCommunityLanguage) {
  EXPECT_EQ(choose_language(std::string("en"), "ko-KR,ko;q=0.9", "ko"), "en");
  EXPECT_EQ(choose_language(std::nullopt, "en-US,en;q=0.9,ko;q=0.8", "ko"), "en");
  EXPECT_EQ(choose_language(std::nullopt, "fr-FR, ko;q=0.5", "en"), "ko");
  EXPECT_EQ(choose_language(std::nullopt, "", "en"), "en");
  EXPECT_EQ(choose_language(std::string("xx"), "de", "ko"), "ko");
}

TEST(Templates, EscapesHtmlByDefaultAndBakesEachLanguage) {
  auto catalog = Catalog::load(kWebRoot / "i18n");
  ASSERT_TRUE(catalog.ok());
  auto templates = Templates::load(kWebRoot / "templates", catalog.value());
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  boost::json::object data{{"title", "<script>alert('x')</script>"}, {"content", "<p>ok</p>"}};
  data["lang"] = "ko";
  std::string korean = templates.value()->render("layout", "ko", data);
  EXPECT_EQ(korean.find("<script>alert"), std::string::npos);
  EXPECT_NE(korean.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(korean.find("<html lang=\"ko\">"), std::string::npos);
  data["lang"] = "en";
  std::string english = templates.value()->render("layout", "en", data);
  EXPECT_NE(english.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(korean.find(catalog->text("ko", "nav_home")), std::string::npos);
  EXPECT_NE(english.find(catalog->text("en", "nav_home")), std::string::npos);
}

}  // namespace
}  // namespace moim::web
